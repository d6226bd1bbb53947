import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { isHexKey, withAuthToken } from '../../helpers/authToken';
import { toMillis } from '../../helpers/dates';
import { readBulkTarget } from '../../helpers/batching';
import { checkFormat, checkTransformation } from '../../helpers/transformation';
import { CREDENTIAL_TYPE, readCredentials } from '../../transport';
import { bulkResourceTypeField, forOperations } from '../bulk.descriptions';
import { DELIVERY_TYPE_OPTIONS } from '../common.descriptions';
import { deliveryUrlFor, readDeliveryOptions } from '../url/shared';

// Signed URL: a delivery URL with Cloudinary's `s--…--` signature (opens private and authenticated
// assets and token-restricted ones; it does not expire). Expiring URL: a token-auth URL
// (`?__cld_token__=…`) valid between a start and an expiry, made with the account's token key.
// Both are computed locally: no API call.

const properties: INodeProperties[] = [
	{
		displayName: 'Public ID',
		name: 'publicId',
		type: 'string',
		default: '={{ $json.public_id }}',
		required: true,
		placeholder: 'e.g. covers/9781810000008',
	},
	bulkResourceTypeField,
	{
		displayName: 'Delivery Type',
		name: 'deliveryType',
		type: 'options',
		default: 'authenticated',
		options: DELIVERY_TYPE_OPTIONS,
		description: 'The delivery type of the asset',
	},
	{
		displayName: 'Expires In (Seconds)',
		name: 'expiresIn',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3600,
		description: 'How long the URL works, from its start',
		displayOptions: { show: { operation: ['expiringUrl'] } },
	},
	{
		displayName: 'Options',
		name: 'urlOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'ACL',
				name: 'acl',
				type: 'string',
				default: '',
				placeholder: 'e.g. /image/authenticated/*',
				description: 'Make the token open every path matching this pattern instead of this one URL (expiring URL only)',
			},
			{ displayName: 'Format', name: 'format', type: 'string', default: '', placeholder: 'e.g. jpg', description: 'File extension to deliver' },
			{
				displayName: 'Long Signature',
				name: 'longSignature',
				type: 'boolean',
				default: false,
				description: 'Whether to use the 32-character SHA-256 signature (Signed URL only)',
			},
			{
				displayName: 'Start',
				name: 'start',
				type: 'dateTime',
				default: '',
				description: 'When an expiring URL starts to work (default now)',
			},
			{ displayName: 'Transformation', name: 'transformation', type: 'string', default: '', placeholder: 'e.g. c_fill,h_400,w_300', description: 'A transformation string, components separated by "/"' },
			{ displayName: 'Version', name: 'version', type: 'string', default: '', placeholder: 'e.g. 1719307544' },
		],
	},
];

export const description = forOperations('access', ['signedUrl', 'expiringUrl'], properties);

function seconds(value: unknown): number | undefined {
	const ms = toMillis(value);
	return ms === undefined ? undefined : Math.floor(ms / 1000);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const credentials = await readCredentials.call(this);
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const publicId = String(this.getNodeParameter('publicId', itemIndex, '') ?? '').trim();
		if (!publicId) throw invalidFieldError(node, itemIndex, 'Public ID', 'no public ID was given', 'a public ID such as covers/9781810000008');
		const { resourceType, deliveryType } = readBulkTarget.call(this, itemIndex);
		const options = this.getNodeParameter('urlOptions', itemIndex, {}) as IDataObject;
		const { delivery } = readDeliveryOptions.call(this, itemIndex, credentials, options);
		const target = { publicId, resourceType, type: deliveryType };
		const variant = {
			transformation: checkTransformation.call(this, itemIndex, 'Options › Transformation', options.transformation),
			format: checkFormat.call(this, itemIndex, 'Options › Format', options.format),
		};
		if (operation === 'signedUrl') {
			const url = deliveryUrlFor(credentials, target, variant, { ...delivery, signUrl: true });
			return { public_id: publicId, resource_type: resourceType, type: deliveryType, url, expires: false };
		}

		const raw = await this.getCredentials(CREDENTIAL_TYPE);
		const key = String(raw.authTokenKey ?? '').trim();
		if (!key) throw invalidFieldError(node, itemIndex, 'Credential › Token Auth Key', 'the Cloudinary credential has no token key', 'the hexadecimal token key Cloudinary gives accounts with token-based access');
		if (!isHexKey(key)) throw invalidFieldError(node, itemIndex, 'Credential › Token Auth Key', 'the token key is not hexadecimal', 'an even number of hexadecimal digits');
		const expiresIn = Number(this.getNodeParameter('expiresIn', itemIndex, 3600));
		if (!Number.isInteger(expiresIn) || expiresIn < 1) throw invalidFieldError(node, itemIndex, 'Expires In (Seconds)', `${expiresIn} is not a positive whole number`, '1 or more seconds');
		const start = seconds(options.start) ?? Math.floor(Date.now() / 1000);
		if (Number.isNaN(start)) throw invalidFieldError(node, itemIndex, 'Start', `"${String(options.start)}" is not a date`, 'a date and time, e.g. 2026-09-01T00:00:00Z');
		const acl = String(options.acl ?? '').trim();
		if (acl && !acl.startsWith('/')) throw invalidFieldError(node, itemIndex, 'ACL', `"${acl}" does not start with "/"`, 'a path pattern such as /image/authenticated/*');
		const url = withAuthToken(deliveryUrlFor(credentials, target, variant, { ...delivery, signUrl: false }), { key, startTime: start, duration: expiresIn, ...(acl ? { acl } : {}) });
		return {
			public_id: publicId,
			resource_type: resourceType,
			type: deliveryType,
			url,
			expires: true,
			starts_at: new Date(start * 1000).toISOString(),
			expires_at: new Date((start + expiresIn) * 1000).toISOString(),
			...(acl ? { acl } : {}),
		};
	});
}
