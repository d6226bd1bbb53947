import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { readAccessUrlInput } from '../../helpers/accessUrl';
import { readCredentials } from '../../transport';
import { deliveryUrlFor } from '../../helpers/deliveryOptions';
import {
	accessUrlTargetFields,
	formatOption,
	transformationOption,
	urlOptionsField,
	versionOption,
} from './fields';

const properties: INodeProperties[] = [
	...accessUrlTargetFields,
	urlOptionsField([
		formatOption,
		{
			displayName: 'Long Signature',
			name: 'longSignature',
			type: 'boolean',
			default: false,
			description: 'Whether to use the 32-character SHA-256 signature (Signed URL only)',
		},
		transformationOption,
		versionOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['access'], operation: ['signedUrl'] } },
	properties,
);

/**
 * A delivery URL with Cloudinary's `s--…--` signature: it opens private, authenticated and
 * token-restricted assets and does not expire. Computed locally: no API call.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await readCredentials.call(this);
	return mapItems.call(this, async (itemIndex) => {
		const { target, variant, delivery } = readAccessUrlInput.call(this, itemIndex, credentials);
		const url = deliveryUrlFor(credentials, target, variant, { ...delivery, signUrl: true });
		return {
			public_id: target.publicId,
			resource_type: target.resourceType,
			type: target.type,
			url,
			expires: false,
		};
	});
}
