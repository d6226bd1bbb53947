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
		displayOptions: { show: { resource: ['webLink'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Link a video, audio sample or page to a work or product',
				action: 'Create a web link',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a web link',
				action: 'Delete a web link',
			},
			{
				name: 'Get Many',
				value: 'list',
				description: 'List the web links of a work and its products',
				action: 'Get many web links',
			},
		],
		default: 'create',
	},
	...create.description,
	...list.description,
	...del.description,
];
