import type { INodeProperties } from 'n8n-workflow';
import * as getUrls from './getUrls.operation';
import * as materialize from './materialize.operation';

export { getUrls, materialize };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['variant'] } },
		options: [
			{ name: 'Create (Eager)', value: 'materialize', description: 'Create the channel variants now in Cloudinary (one explicit call per asset) and return their URLs', action: 'Create channel variants' },
			{ name: 'Get Delivery URLs', value: 'getUrls', description: 'Channel variant URLs from one master, without an API call; Cloudinary creates each on first request', action: 'Get delivery links for channel variants' },
		],
		default: 'getUrls',
	},
	...getUrls.description,
	...materialize.description,
];
