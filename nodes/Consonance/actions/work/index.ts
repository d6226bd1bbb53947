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
		displayOptions: { show: { resource: ['work'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a work with its products',
				action: 'Get a work',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find works by title, imprint or change date',
				action: 'Search works',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the title or subtitle of a work',
				action: 'Update a work',
			},
		],
		default: 'get',
	},
	...get.description,
	...search.description,
	...update.description,
];
