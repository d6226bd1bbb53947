import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { readAssetChanges } from '../../helpers/assetChanges';
import { friendlyAsset } from '../../helpers/assetOutput';
import { eagerParam, readEagerList } from '../../helpers/eager';
import {
	DEFAULT_CHUNK_SIZE,
	MAX_CHUNK_SIZE,
	MIN_CHUNK_SIZE,
	uploadBinary,
} from '../../helpers/upload';
import { DELIVERY_TYPES } from '../../helpers/assetReference';
import { folderPathOf, publicIdOf } from '../../helpers/identifiers';
import {
	booleanOf,
	choiceOf,
	numberOf,
	readChoice,
	readText,
	textOf,
} from '../../../shared/parameters';
import { cloudinaryUploadApi, type FormValue } from '../../transport';
import { DELIVERY_TYPE_OPTIONS } from '../common.descriptions';
import {
	accessControlField,
	assetFolderField,
	contextField,
	displayNameField,
	metadataField,
	tagsField,
} from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file from an earlier node (streamed, in chunks when large)',
			},
			{ name: 'URL', value: 'url', description: 'Cloudinary fetches the file from a URL' },
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: ['binary'] } },
		hint: 'The name of the input binary field holding the file',
	},
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://files.example-publisher.com/covers/9781810000008.jpg',
		displayOptions: { show: { source: ['url'] } },
	},
	{
		displayName: 'Resource Type',
		name: 'uploadResourceType',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto Detect', value: 'auto' },
			{ name: 'Image', value: 'image' },
			{ name: 'Video (and Audio)', value: 'video' },
			{ name: 'Raw (Other Files)', value: 'raw' },
		],
	},
	{
		displayName: 'Public ID',
		name: 'publicId',
		type: 'string',
		default: '',
		placeholder: 'e.g. covers/9781810000008',
		description:
			"The asset's ID, without file extension. Empty: Cloudinary picks a random one. With a " +
			'public ID and Overwrite on, running the node again replaces the asset instead of ' +
			'adding another, so failed uploads are retried safely.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			accessControlField,
			assetFolderField,
			{
				displayName: 'Chunk Size (MB)',
				name: 'chunkSizeMb',
				type: 'number',
				typeOptions: { minValue: MIN_CHUNK_SIZE / 1048576, maxValue: MAX_CHUNK_SIZE / 1048576 },
				default: 20,
				description:
					'Files larger than this go in chunks of this size (5 MB at least); smaller files in one request',
			},
			contextField,
			{
				displayName: 'Delivery Type',
				name: 'deliveryType',
				type: 'options',
				default: 'upload',
				options: DELIVERY_TYPE_OPTIONS,
			},
			displayNameField,
			{
				displayName: 'Eager Async',
				name: 'eagerAsync',
				type: 'boolean',
				default: false,
				description: 'Whether to generate the eager variants in the background',
			},
			{
				displayName: 'Eager Transformations',
				name: 'eager',
				type: 'string',
				default: '',
				placeholder: 'e.g. c_fill,w_600,h_900|c_fill,w_1400,h_1400/png',
				description:
					'Variants to generate at upload, separated by |; a trailing /ext sets the format',
			},
			{
				displayName: 'Folder',
				name: 'folder',
				type: 'string',
				default: '',
				placeholder: 'e.g. covers',
				description: 'Prefixes the public ID (e.g. covers/…) and sets the asset folder',
			},
			{
				displayName: 'Invalidate CDN Cache',
				name: 'invalidate',
				type: 'boolean',
				default: false,
				description: 'Whether to purge cached copies when overwriting',
			},
			{
				displayName: 'Overwrite',
				name: 'overwrite',
				type: 'boolean',
				default: true,
				description:
					'Whether to replace an existing asset with the same public ID (off: the existing asset ' +
					'is returned unchanged)',
			},
			metadataField,
			tagsField,
			{
				displayName: 'Upload Preset',
				name: 'uploadPreset',
				type: 'string',
				default: '',
				description: 'Name of an upload preset whose settings apply',
			},
			{
				displayName: 'Use Filename',
				name: 'useFilename',
				type: 'boolean',
				default: false,
				description:
					'Whether to build the public ID from the file name (when no public ID is given)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['upload'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const source = readChoice.call(this, 'source', itemIndex, 'Source', ['binary', 'url']);
		const resourceType = readChoice.call(this, 'uploadResourceType', itemIndex, 'Resource Type', [
			'auto',
			'image',
			'video',
			'raw',
		]);
		const publicIdValue = this.getNodeParameter('publicId', itemIndex, '');
		const publicId = textOf(this, publicIdValue, itemIndex, 'Public ID', { required: false })
			? publicIdOf(this, publicIdValue, itemIndex, 'Public ID')
			: '';
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

		if (/\.(jpe?g|png|gif|webp|tiff?|pdf|mp4|mov)$/i.test(publicId) && resourceType !== 'raw') {
			throw invalidFieldError(
				node,
				itemIndex,
				'Public ID',
				`"${publicId}" ends with a file extension, which would become part of the ID`,
				'a public ID without extension, e.g. covers/9781810000008',
			);
		}
		const chunkSizeMb = numberOf(
			this,
			options.chunkSizeMb,
			itemIndex,
			'Options › Chunk Size (MB)',
			{
				min: MIN_CHUNK_SIZE / 1048576,
				max: MAX_CHUNK_SIZE / 1048576,
				integer: false,
				fallback: DEFAULT_CHUNK_SIZE / 1048576,
				unit: 'MB',
			},
		);
		const chunkSize = Math.round(chunkSizeMb * 1048576);
		const overwrite = booleanOf(this, options.overwrite, itemIndex, 'Options › Overwrite', true);
		const deliveryType =
			options.deliveryType === undefined
				? ''
				: choiceOf(
						this,
						options.deliveryType,
						itemIndex,
						'Options › Delivery Type',
						DELIVERY_TYPES,
					);
		const fields: Record<string, FormValue> = {
			public_id: publicId || undefined,
			folder: folderPathOf(this, options.folder, itemIndex, 'Options › Folder', false) || undefined,
			type: deliveryType || undefined,
			overwrite,
			invalidate: booleanOf(
				this,
				options.invalidate,
				itemIndex,
				'Options › Invalidate CDN Cache',
				false,
			)
				? true
				: undefined,
			upload_preset:
				textOf(this, options.uploadPreset, itemIndex, 'Options › Upload Preset', {
					required: false,
				}) || undefined,
			use_filename: booleanOf(this, options.useFilename, itemIndex, 'Options › Use Filename', false)
				? true
				: undefined,
			eager: String(options.eager ?? '').trim()
				? eagerParam(
						readEagerList.call(this, itemIndex, 'Options › Eager Transformations', options.eager),
					)
				: undefined,
			eager_async: options.eagerAsync ? true : undefined,
			...readAssetChanges.call(this, itemIndex, options),
		};
		const idempotent = Boolean(publicId) && overwrite;

		if (source === 'url') {
			const fileUrl = readText.call(this, 'fileUrl', itemIndex, 'File URL', {
				valid: 'an http(s), ftp, s3 or gs URL, or a data: URI',
			});
			if (!/^(https?|ftp|s3|gs):\/\/\S+$/i.test(fileUrl) && !/^data:[^,]*,/.test(fileUrl)) {
				throw invalidFieldError(
					node,
					itemIndex,
					'File URL',
					`"${fileUrl}" is not a URL`,
					'an http(s), ftp, s3 or gs URL, or a data: URI',
				);
			}
			const { body } = await cloudinaryUploadApi.call(
				this,
				resourceType,
				'upload',
				{ ...fields, file: fileUrl },
				{ itemIndex, idempotent },
			);
			return friendlyAsset(body, { requests: 1 });
		}

		const binaryPropertyName = readText.call(
			this,
			'binaryPropertyName',
			itemIndex,
			'Input Binary Field',
		);
		const binary = items[itemIndex].binary?.[binaryPropertyName];
		if (!binary) {
			const have = Object.keys(items[itemIndex].binary ?? {});
			throw invalidFieldError(
				node,
				itemIndex,
				'Input Binary Field',
				`the item has no binary field "${binaryPropertyName}"`,
				have.length
					? have.join(', ')
					: 'a field holding a file from an earlier node (this item has none)',
			);
		}
		try {
			const result = await uploadBinary.call(this, binary, binaryPropertyName, {
				resourceType,
				fields,
				itemIndex,
				chunkSize,
				idempotent,
			});
			return friendlyAsset(result.body, { requests: result.requests });
		} catch (error) {
			if (error instanceof NodeApiError)
				throw new NodeApiError(node, error as unknown as JsonObject);
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
			throw new NodeOperationError(
				node,
				`Item ${itemIndex}, field "Input Binary Field": ${(error as Error).message}`,
				{ itemIndex },
			);
		}
	});
}
