import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as list from './list.operation';

export { create, del as delete, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['marketingText'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a description, review quote or other text to a work',
				action: 'Create a marketing text',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a marketing text',
				action: 'Delete a marketing text',
			},
			{
				name: 'Get Many',
				value: 'list',
				description: 'List the marketing texts of a work',
				action: 'Get many marketing texts',
			},
		],
		default: 'create',
	},
	...create.description,
	...list.description,
	...del.description,
];
