import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { friendlyAsset } from '../../helpers/assetOutput';
import { resolveAssetTarget } from '../../helpers/assetTarget';
import { deriveEager } from '../../helpers/eager';
import { checkFormat, checkTransformation } from '../../helpers/transformation';
import { assetLocator, deliveryTypeField, resourceTypeField } from '../common.descriptions';
import { booleanOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Derived Versions',
		name: 'variants',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Derived Version',
		default: {},
		options: [
			{
				displayName: 'Derived Version',
				name: 'variant',
				values: [
					{
						displayName: 'Transformation',
						name: 'transformation',
						type: 'string',
						default: '',
						placeholder: 'e.g. c_fill,g_auto,w_1400,h_1400',
						description: 'A Cloudinary transformation string; chain steps with /',
					},
					{
						displayName: 'Format',
						name: 'format',
						type: 'string',
						default: '',
						placeholder: 'e.g. png',
						description: "Output format (empty: the original's)",
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'In Background',
				name: 'eagerAsync',
				type: 'boolean',
				default: false,
				description:
					'Whether Cloudinary generates the variants in the background (the output then lists them as processing)',
			},
			{
				displayName: 'Invalidate CDN Cache',
				name: 'invalidate',
				type: 'boolean',
				default: false,
				description: 'Whether to purge cached copies of variants that already existed',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['generateVariants'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const variants =
			((this.getNodeParameter('variants', itemIndex, {}) as IDataObject).variant as
				IDataObject[] | undefined) ?? [];
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (!variants.length)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Derived Versions',
				'no derived version was given',
				'one or more transformations, e.g. c_fill,w_600,h_900',
			);
		const eager = variants.map((v, i) => ({
			transformation: checkTransformation.call(
				this,
				itemIndex,
				`Derived Versions ${i + 1}: Transformation`,
				v.transformation,
				true,
			),
			format: checkFormat.call(this, itemIndex, `Derived Versions ${i + 1}: Format`, v.format),
		}));
		const target = await resolveAssetTarget.call(this, itemIndex);
		const { asset } = await deriveEager.call(this, itemIndex, target, eager, {
			async: booleanOf(
				this,
				options.eagerAsync,
				itemIndex,
				'Options › Generate in Background',
				false,
			),
			invalidate: booleanOf(
				this,
				options.invalidate,
				itemIndex,
				'Options › Invalidate CDN Cache',
				false,
			),
		});
		return friendlyAsset(asset);
	});
}
