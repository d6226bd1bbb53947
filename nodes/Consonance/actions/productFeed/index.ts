import type { INodeProperties } from 'n8n-workflow';
import * as list from './list.operation';

export { list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['productFeed'] } },
		options: [
			{
				name: 'Get Many',
				value: 'list',
				description: 'Read the legacy REST product feed, all pages',
				action: 'Get many product feed entries',
			},
		],
		default: 'list',
	},
	...list.description,
];
