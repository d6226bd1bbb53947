import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['archive'] } },
		options: [
			{
				name: 'Create ZIP',
				value: 'create',
				description: 'Put the assets of all input items into one ZIP (URL or binary file)',
				action: 'Create a ZIP archive of assets',
			},
		],
		default: 'create',
	},
	...create.description,
];
