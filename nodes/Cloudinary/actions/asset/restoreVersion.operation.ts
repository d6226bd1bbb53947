import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError, serviceError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { friendlyAsset } from '../../helpers/assetOutput';
import { notFoundOr, resolveAssetTarget } from '../../helpers/assetTarget';
import { cloudinaryRequest } from '../../transport';
import { assetLocator, deliveryTypeField, resourceTypeField } from '../common.descriptions';
import { readText } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Version ID',
		name: 'versionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0b7b3e3a4a3f4d5c9f0e1d2c3b4a5f6e',
		description:
			'The backed-up version to make current (see Get with Include Versions). Empty: ' +
			"restores a deleted asset's latest version.",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['restoreVersion'] } },
	properties,
);

const NO_BACKUP: Record<string, string> = {
	no_backup: 'there is no backup of that version (or no such version)',
	failed: 'Cloudinary could not restore it',
	unauthorized: 'the credential may not restore it',
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const versionId = readText.call(this, 'versionId', itemIndex, 'Version ID', {
			required: false,
			wholeNumbers: true,
		});
		if (versionId && !/^[0-9a-f]{32}$/i.test(versionId) && !/^\d+$/.test(versionId)) {
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Version ID',
				`"${versionId}" is not a version ID`,
				"the 32-character version_id from the asset's versions list",
			);
		}
		const target = await resolveAssetTarget.call(this, itemIndex);
		const body: IDataObject = { public_ids: [target.publicId] };
		if (versionId) body.versions = [versionId];
		let answer: IDataObject;
		try {
			// Restoring the same version again only makes it current again: safe to retry.
			({ body: answer } = await cloudinaryRequest.call(this, {
				method: 'POST',
				path: `resources/${encodeURIComponent(target.resourceType)}/${encodeURIComponent(target.type)}/restore`,
				body,
				itemIndex,
				idempotent: true,
			}));
		} catch (error) {
			throw notFoundOr.call(this, error, itemIndex, target);
		}
		const result = (answer[target.publicId] ?? Object.values(answer)[0]) as IDataObject | undefined;
		if (!result || result.error) {
			const why =
				NO_BACKUP[String(result?.error)] ?? String(result?.error ?? 'no answer for the asset');
			throw serviceError(this.getNode(), 'Cloudinary', {
				kind: 'rejected',
				message: `cannot restore ${target.label}${versionId ? ` to version ${versionId}` : ''}: ${why}`,
				httpCode: 404,
				itemIndex,
			});
		}
		return friendlyAsset(result, { restored_version_id: versionId || null });
	});
}
