import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { actionSubtitle } from '../shared/subtitle';
import * as access from './actions/access';
import * as archive from './actions/archive';
import * as asset from './actions/asset';
import * as contextMetadata from './actions/contextMetadata';
import * as folder from './actions/folder';
import * as metadataField from './actions/metadataField';
import { router } from './actions/router';
import * as tag from './actions/tag';
import * as url from './actions/url';
import * as usage from './actions/usage';
import * as validation from './actions/validation';
import * as variant from './actions/variant';
import { searchMetadataFields } from './methods/metadataFields';
import { searchAssets } from './methods/listSearch';

const variantResourceOptions = [
	{
		name: 'URL',
		value: 'url',
		description: 'Build delivery URLs: transformed, signed, on a private CDN',
	},
	{
		name: 'Validation',
		value: 'validation',
		description: 'Check assets against retailer cover specs',
	},
	{
		name: 'Variant',
		value: 'variant',
		description: 'Channel variants (print, eBook, audiobook, social…) from one master',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Access',
				value: 'access',
				description: 'Who may see assets: access control, access mode, signed and expiring URLs',
			},
			{ name: 'Archive', value: 'archive', description: 'ZIP files of assets' },
			{
				name: 'Asset',
				value: 'asset',
				description: 'An image, video, audio or other file in the media library',
			},
			{
				name: 'Context / Metadata',
				value: 'contextMetadata',
				description: 'Context and structured metadata values on many assets at once',
			},
			{ name: 'Folder', value: 'folder', description: 'Asset folders' },
			{
				name: 'Metadata Field',
				value: 'metadataField',
				description: 'Structured metadata field definitions and their list values',
			},
			{
				name: 'Tag',
				value: 'tag',
				description: 'Tags on many assets at once, and the tags in use',
			},
			{ name: 'Usage', value: 'usage', description: 'Account-level usage figures' },
			...variantResourceOptions,
		],
		default: 'asset',
	},
	...asset.description,
	...tag.description,
	...contextMetadata.description,
	...metadataField.description,
	...folder.description,
	...access.description,
	...usage.description,
	...archive.description,
	...url.description,
	...validation.description,
	...variant.description,
];

export class Cloudinary implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudinary (Publishing)',
		name: 'cloudinary',
		icon: { light: 'file:cloudinary.svg', dark: 'file:cloudinary.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: actionSubtitle(properties),
		description:
			"Manage a publisher's media library in Cloudinary: covers, variants, tags, metadata and access",
		defaults: { name: 'Cloudinary' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cloudinaryPublishingApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchAssets, searchMetadataFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
