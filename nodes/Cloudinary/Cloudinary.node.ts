import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as asset from './actions/asset';
import { router } from './actions/router';
import { searchAssets } from './methods/listSearch';

export class Cloudinary implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudinary',
		name: 'cloudinary',
		icon: { light: 'file:cloudinary.svg', dark: 'file:cloudinary.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage a publisher\'s media library in Cloudinary: covers, variants, tags, metadata and access',
		defaults: { name: 'Cloudinary' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cloudinaryApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Asset', value: 'asset', description: 'An image, video, audio or other file in the media library' }],
				default: 'asset',
			},
			...asset.description,
		],
	};

	methods = {
		listSearch: { searchAssets },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
