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
				name: 'List',
				value: 'list',
				description: 'Read the legacy REST product feed, all pages',
				action: 'List the product feed',
			},
		],
		default: 'list',
	},
	...list.description,
];
