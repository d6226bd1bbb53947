import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { readAssetChanges } from '../../helpers/assetChanges';
import { friendlyAsset } from '../../helpers/assetOutput';
import { notFoundOr } from '../../helpers/assetTarget';
import { readAssetReference } from '../../helpers/assetReference';
import { cloudinaryRequest } from '../../transport';
import { assetLocator, deliveryTypeField, resourceTypeField } from '../common.descriptions';
import {
	accessControlField,
	assetFolderField,
	contextField,
	displayNameField,
	metadataField,
} from './fields';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			accessControlField,
			assetFolderField,
			{
				displayName: 'Clear Access Control',
				name: 'clearAccessControl',
				type: 'boolean',
				default: false,
				description: 'Whether to remove every access rule (the asset becomes public again)',
			},
			contextField,
			displayNameField,
			metadataField,
			{
				displayName: 'Moderation Status',
				name: 'moderationStatus',
				type: 'options',
				default: 'approved',
				options: [
					{ name: 'Approved', value: 'approved' },
					{ name: 'Rejected', value: 'rejected' },
				],
			},
			{
				displayName: 'Tags (Replace All)',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'e.g. cover, approved',
				description:
					'Comma-separated tags that replace all current tags (empty removes them all). To add ' +
					'or remove single tags in bulk use the Tag resource.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const reference = readAssetReference.call(this, itemIndex);
		const updates = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		if (!Object.keys(updates).length) {
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Update Fields',
				'nothing to update was chosen',
				'add at least one of Tags, Context, Structured Metadata, Moderation Status, Access ' +
					'Control, Display Name, Asset Folder',
			);
		}
		const form = readAssetChanges.call(this, itemIndex, updates);
		if (updates.tags !== undefined && form.tags === '') form.tags = ' ';
		if (updates.moderationStatus) form.moderation_status = String(updates.moderationStatus);
		if (updates.clearAccessControl) {
			if (form.access_control)
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Clear Access Control',
					'both new access rules and "clear" were given',
					'either Access Control rules or Clear Access Control',
				);
			form.access_control = '[]';
		}
		try {
			// Setting values is safe to repeat, so the call is retried on 5xx and resets.
			const { body } = await cloudinaryRequest.call(this, {
				method: 'POST',
				path: reference.detailsPath,
				form,
				itemIndex,
				idempotent: true,
			});
			return friendlyAsset(body);
		} catch (error) {
			throw notFoundOr.call(this, error, itemIndex, reference);
		}
	});
}
