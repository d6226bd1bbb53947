import type { INodeProperties } from 'n8n-workflow';
import * as validate from './validate.operation';

export { validate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['validation'] } },
		options: [
			{
				name: 'Check Against Specs',
				value: 'validate',
				description:
					"Check an asset's pixel size, ratio, format, colour space and file size against retailer cover specs",
				action: 'Check an asset against retailer specs',
			},
		],
		default: 'validate',
	},
	...validate.description,
];
