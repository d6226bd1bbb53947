import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { readAccessUrlInput } from '../../helpers/accessUrl';
import { isHexKey, withAuthToken } from '../../helpers/authToken';
import { toMillis } from '../../helpers/dates';
import { CREDENTIAL_TYPE, readCredentials } from '../../transport';
import { deliveryUrlFor } from '../../helpers/deliveryOptions';
import {
	accessUrlTargetFields,
	formatOption,
	transformationOption,
	urlOptionsField,
	versionOption,
} from './fields';
import { numberOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	...accessUrlTargetFields,
	{
		displayName: 'Expires In (Seconds)',
		name: 'expiresIn',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3600,
		description: 'How long the URL works, from its start',
	},
	urlOptionsField([
		{
			displayName: 'ACL',
			name: 'acl',
			type: 'string',
			default: '',
			placeholder: 'e.g. /image/authenticated/*',
			description:
				'Make the token open every path matching this pattern instead of this one URL (expiring URL only)',
		},
		formatOption,
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			default: '',
			description: 'When an expiring URL starts to work (default now)',
		},
		transformationOption,
		versionOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['access'], operation: ['expiringUrl'] } },
	properties,
);

function seconds(value: unknown): number | undefined {
	const ms = toMillis(value);
	return ms === undefined ? undefined : Math.floor(ms / 1000);
}

/**
 * A token-auth delivery URL (`?__cld_token__=…`) valid from a start until it expires, made with the
 * credential's token key. Computed locally: no API call.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await readCredentials.call(this);
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const { target, variant, delivery, options } = readAccessUrlInput.call(
			this,
			itemIndex,
			credentials,
		);
		const raw = await this.getCredentials(CREDENTIAL_TYPE);
		const key = String(raw.authTokenKey ?? '').trim();
		if (!key)
			throw invalidFieldError(
				node,
				itemIndex,
				'Credential › Token Auth Key',
				'the Cloudinary credential has no token key',
				'the hexadecimal token key Cloudinary gives accounts with token-based access',
			);
		if (!isHexKey(key))
			throw invalidFieldError(
				node,
				itemIndex,
				'Credential › Token Auth Key',
				'the token key is not hexadecimal',
				'an even number of hexadecimal digits',
			);
		const expiresIn = numberOf(
			this,
			this.getNodeParameter('expiresIn', itemIndex, 3600),
			itemIndex,
			'Expires In (Seconds)',
			{ min: 1, unit: 'seconds' },
		);
		const start = seconds(options.start) ?? Math.floor(Date.now() / 1000);
		if (Number.isNaN(start))
			throw invalidFieldError(
				node,
				itemIndex,
				'Start',
				`"${String(options.start)}" is not a date`,
				'a date and time, e.g. 2026-09-01T00:00:00Z',
			);
		const acl = String(options.acl ?? '').trim();
		if (acl && !acl.startsWith('/'))
			throw invalidFieldError(
				node,
				itemIndex,
				'ACL',
				`"${acl}" does not start with "/"`,
				'a path pattern such as /image/authenticated/*',
			);
		const url = withAuthToken(
			deliveryUrlFor(credentials, target, variant, { ...delivery, signUrl: false }),
			{ key, startTime: start, duration: expiresIn, ...(acl ? { acl } : {}) },
		);
		return {
			public_id: target.publicId,
			resource_type: target.resourceType,
			type: target.type,
			url,
			expires: true,
			starts_at: new Date(start * 1000).toISOString(),
			expires_at: new Date((start + expiresIn) * 1000).toISOString(),
			...(acl ? { acl } : {}),
		};
	});
}
