import type { INodeProperties } from 'n8n-workflow';
import * as build from './build.operation';

export { build };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['url'] } },
		options: [
			{
				name: 'Build',
				value: 'build',
				description:
					'One delivery URL for one asset and one transformation (string, guided fields or a ' +
					'preset), built locally; optionally signed. For access-restricted assets see Access.',
				action: 'Build a delivery URL',
			},
		],
		default: 'build',
	},
	...build.description,
];
