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
		displayOptions: { show: { resource: ['supportingResource'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Attach an image (e.g. a front cover) to a work from a URL',
				action: 'Create a supporting resource',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a supporting resource',
				action: 'Delete a supporting resource',
			},
			{
				name: 'Get Many',
				value: 'list',
				description: 'List the supporting resources of a work',
				action: 'Get many supporting resources',
			},
		],
		default: 'create',
	},
	...create.description,
	...list.description,
	...del.description,
];
