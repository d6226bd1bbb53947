import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as search from './search.operation';
import * as update from './update.operation';

export { get, search, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a product (edition) by ID or ISBN',
				action: 'Get a product',
			},
			{
				name: 'Search',
				value: 'search',
				description:
					'Find products by ISBN, title, publication date, form, imprint, work or change date',
				action: 'Search products',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change dates, publishing status, titles or the ISBN of a product',
				action: 'Update a product',
			},
		],
		default: 'get',
	},
	...get.description,
	...search.description,
	...update.description,
];
