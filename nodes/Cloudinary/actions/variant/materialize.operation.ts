import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { locatorKey, readParallelRequests } from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { deriveEager } from '../../helpers/eager';
import { readCredentials } from '../../transport';
import { readVariantRequest, variantRow } from '../../helpers/channelVariants';
import { deliveryUrlFor } from '../../helpers/deliveryOptions';
import { variantProperties } from './fields';

export const description = updateDisplayOptions(
	{ show: { resource: ['variant'], operation: ['materialize'] } },
	variantProperties(false),
);

/**
 * Creates the presets' variants now (helpers/eager.ts) and returns their URLs, which name the
 * derived files: one Upload API `explicit` per master, Options › Parallel Requests at once.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await readCredentials.call(this);
	const concurrency = readParallelRequests.call(this);
	return mapItems.call(
		this,
		async (itemIndex) => {
			const {
				presets,
				credentials: creds,
				delivery,
				target,
			} = await readVariantRequest.call(this, itemIndex, credentials);
			const { asset, derived } = await deriveEager.call(
				this,
				itemIndex,
				{ ...target, label: `public ID ${target.publicId} (delivery type ${target.type})` },
				presets,
				{ kind: 'image' },
			);
			const version = asset.version === undefined ? target.version : String(asset.version);
			return presets.map((preset, i) => {
				const d = derived[i] ?? {};
				return {
					...variantRow(
						target,
						preset,
						deliveryUrlFor(creds, { ...target, version }, preset, delivery),
					),
					materialized: true,
					version: version ?? null,
					derived: {
						width: d.width ?? null,
						height: d.height ?? null,
						format: d.format ?? null,
						bytes: d.bytes ?? null,
						url: d.secure_url ?? d.url ?? null,
					},
				};
			});
		},
		{
			concurrency,
			// the same master twice: one `explicit` after the other, in input order
			keyOf: (itemIndex) => locatorKey(this.getNodeParameter('asset', itemIndex)),
		},
	);
}
