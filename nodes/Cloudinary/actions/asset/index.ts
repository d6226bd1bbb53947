import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get an asset\'s details: size, format, tags, metadata, derived variants', action: 'Get an asset' },
		],
		default: 'get',
	},
	...get.description,
];
