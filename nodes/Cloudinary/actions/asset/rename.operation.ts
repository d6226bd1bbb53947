import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { friendlyAsset } from '../../helpers/assetOutput';
import { notFoundOr, resolveAssetTarget } from '../../helpers/assetTarget';
import { cloudinaryUploadApi } from '../../transport';
import {
	assetLocator,
	DELIVERY_TYPE_OPTIONS,
	deliveryTypeField,
	resourceTypeField,
} from '../common.descriptions';
import { booleanOf, choiceOf } from '../../../shared/parameters';
import { DELIVERY_TYPES } from '../../helpers/assetReference';
import { publicIdOf } from '../../helpers/identifiers';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'New Public ID',
		name: 'toPublicId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. covers/archive/9781810000008',
		description:
			'The new public ID; a different folder part moves the asset. Its delivery URLs change.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'New Delivery Type',
				name: 'toType',
				type: 'options',
				default: 'upload',
				options: DELIVERY_TYPE_OPTIONS,
				description: 'Change the delivery type at the same time',
			},
			{
				displayName: 'Invalidate CDN Cache',
				name: 'invalidate',
				type: 'boolean',
				default: false,
				description: 'Whether to purge cached copies of the old URLs',
			},
			{
				displayName: 'Overwrite',
				name: 'overwrite',
				type: 'boolean',
				default: false,
				description: 'Whether to replace an asset that already has the new public ID',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['rename'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const toPublicId = publicIdOf(
			this,
			this.getNodeParameter('toPublicId', itemIndex, ''),
			itemIndex,
			'New Public ID',
		);
		const raw = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const options = {
			toType:
				raw.toType === undefined
					? undefined
					: choiceOf(this, raw.toType, itemIndex, 'Options › New Delivery Type', DELIVERY_TYPES),
			invalidate: booleanOf(
				this,
				raw.invalidate,
				itemIndex,
				'Options › Invalidate CDN Cache',
				false,
			),
			overwrite: booleanOf(this, raw.overwrite, itemIndex, 'Options › Overwrite', false),
		};
		const target = await resolveAssetTarget.call(this, itemIndex);
		try {
			// Not retried: once the first attempt succeeded, a repeat would fail on the old ID.
			const { body } = await cloudinaryUploadApi.call(
				this,
				target.resourceType,
				'rename',
				{
					from_public_id: target.publicId,
					to_public_id: toPublicId,
					type: target.type,
					to_type: options.toType,
					overwrite: options.overwrite ?? false,
					invalidate: options.invalidate ? true : undefined,
				},
				{ itemIndex, idempotent: false },
			);
			return friendlyAsset(body, { previous_public_id: target.publicId });
		} catch (error) {
			throw notFoundOr.call(this, error, itemIndex, target);
		}
	});
}
