import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as search from './search.operation';

export { get, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a person or organisation by ID',
				action: 'Get a contact',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find people and organisations by name',
				action: 'Search contacts',
			},
		],
		default: 'search',
	},
	...get.description,
	...search.description,
];
