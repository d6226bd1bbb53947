import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { friendlyAsset } from '../../helpers/assetOutput';
import { fetchAssetDetails } from '../../helpers/assetTarget';
import { mapItems } from '../../../shared/items';
import { assetLocator, deliveryTypeField, resourceTypeField } from '../common.descriptions';
import { readAssetReference } from '../../helpers/assetReference';
import { booleanOf, numberOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Colors',
				name: 'colors',
				type: 'boolean',
				default: false,
				description: 'Whether to include the predominant colours',
			},
			{
				displayName: 'Include Image Metadata',
				name: 'imageMetadata',
				type: 'boolean',
				default: false,
				description:
					'Whether to include embedded metadata (EXIF, IPTC, colour profile) and the colour ' +
					'space (output field colorSpace)',
			},
			{
				displayName: 'Include Pages',
				name: 'pages',
				type: 'boolean',
				default: false,
				description: 'Whether to include the page count of PDFs and multi-page images',
			},
			{
				displayName: 'Include Perceptual Hash',
				name: 'phash',
				type: 'boolean',
				default: false,
				description: 'Whether to include the perceptual hash, for finding near-duplicates',
			},
			{
				displayName: 'Include Versions',
				name: 'versions',
				type: 'boolean',
				default: false,
				description: 'Whether to include the backed-up versions of the asset',
			},
			{
				displayName: 'Max Derived Results',
				name: 'maxDerived',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 500 },
				default: 10,
				description: 'How many derived assets (generated variants) to list',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const reference = readAssetReference.call(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const maxDerived = numberOf(
			this,
			options.maxDerived,
			itemIndex,
			'Options › Max Derived Results',
			{ min: 0, max: 500, fallback: 10 },
		);
		const qs: IDataObject = { max_results: maxDerived };
		const flags = {
			colors: ['colors', 'Colors'],
			imageMetadata: ['image_metadata', 'Image Metadata'],
			pages: ['pages', 'Pages'],
			phash: ['phash', 'Perceptual Hash'],
			versions: ['versions', 'Versions'],
		};
		for (const [option, [flag, label]] of Object.entries(flags))
			if (booleanOf(this, options[option], itemIndex, `Options › ${label}`, false)) qs[flag] = true;
		const body = await fetchAssetDetails.call(this, itemIndex, qs, reference);
		return friendlyAsset(body, { md5: body.etag ?? null });
	});
}
