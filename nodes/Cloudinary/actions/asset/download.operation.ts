import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { parallelRequestsOption, readParallelRequests } from '../../../shared/concurrency';
import { mapItems, withBinary } from '../../../shared/items';
import { downloadOriginal, downloadTransformed, saveDownload } from '../../helpers/assetDownload';
import { notFoundOr, resolveAssetTarget } from '../../helpers/assetTarget';
import { checkFormat, checkTransformation } from '../../helpers/transformation';
import { assetLocator, deliveryTypeField, resourceTypeField } from '../common.descriptions';
import { readText, textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description:
					"Name of the output file (default: the last part of the public ID with the format's extension)",
			},
			{
				displayName: 'Format',
				name: 'format',
				type: 'string',
				default: '',
				placeholder: 'e.g. png',
				description: 'Convert to this format (delivers a variant instead of the original)',
			},
			parallelRequestsOption,
			{
				displayName: 'Transformation',
				name: 'transformation',
				type: 'string',
				default: '',
				placeholder: 'e.g. c_fill,w_600,h_900',
				description: 'Download a transformed variant instead of the original',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['download'] } },
	properties,
);

const EXT: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/avif': 'avif',
	'image/tiff': 'tiff',
	'application/pdf': 'pdf',
	'video/mp4': 'mp4',
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(
		this,
		async (itemIndex) => {
			const binaryPropertyName = readText.call(
				this,
				'binaryPropertyName',
				itemIndex,
				'Put Output File in Field',
				{ valid: 'a name such as data' },
			);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const transformation = checkTransformation.call(
				this,
				itemIndex,
				'Options › Transformation',
				options.transformation,
			);
			const format = checkFormat.call(this, itemIndex, 'Options › Format', options.format) ?? '';
			const target = await resolveAssetTarget.call(this, itemIndex);
			const variant = Boolean(transformation || format);
			let downloaded;
			try {
				downloaded = variant
					? await downloadTransformed.call(this, target, transformation, format, itemIndex)
					: await downloadOriginal.call(this, target, itemIndex);
			} catch (error) {
				throw notFoundOr.call(this, error, itemIndex, target);
			}
			const mimeType = (downloaded.contentType ?? 'application/octet-stream').split(';')[0].trim();
			const ext = format || EXT[mimeType] || '';
			const base = target.publicId.split('/').pop() ?? 'file';
			const fileName =
				textOf(this, options.fileName, itemIndex, 'Options › File Name', { required: false }) ||
				(ext && !base.endsWith(`.${ext}`) ? `${base}.${ext}` : base);
			const binary = await saveDownload.call(
				this,
				downloaded,
				target.resourceType,
				fileName,
				mimeType,
				itemIndex,
			);
			return withBinary(
				{
					public_id: target.publicId,
					resource_type: target.resourceType,
					type: target.type,
					transformation: transformation || null,
					format: format || null,
					fileName,
					mimeType,
					bytes: binary.bytes ?? null,
					url: downloaded.url ?? null,
				},
				{ [binaryPropertyName]: binary },
			);
		},
		{ concurrency: readParallelRequests.call(this) },
	);
}
