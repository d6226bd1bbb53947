import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { readCredentials } from '../../transport';
import { readVariantRequest, variantRow } from '../../helpers/channelVariants';
import { deliveryUrlFor } from '../../helpers/deliveryOptions';
import { variantProperties } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['variant'], operation: ['getUrls'] } },
	variantProperties(true),
);

/** Delivery URLs only: Cloudinary derives each variant on its first request. No API call. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await readCredentials.call(this);
	return mapItems.call(this, async (itemIndex) => {
		const {
			presets,
			credentials: creds,
			delivery,
			target,
		} = await readVariantRequest.call(this, itemIndex, credentials);
		return presets.map((preset) => ({
			...variantRow(target, preset, deliveryUrlFor(creds, target, preset, delivery)),
			materialized: false,
		}));
	});
}
