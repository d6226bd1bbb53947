import type { INodeProperties } from 'n8n-workflow';
import * as report from './report.operation';

export { report };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [
			{
				name: 'Get Report',
				value: 'report',
				description: 'Account-level usage for a day (credits, storage, bandwidth, transformations)',
				action: 'Get an account usage report',
			},
		],
		default: 'report',
	},
	...report.description,
];
