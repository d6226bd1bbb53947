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
		options: [{ name: 'Build', value: 'build', description: 'Build a delivery URL (optionally transformed and signed) without calling Cloudinary', action: 'Build a delivery URL' }],
		default: 'build',
	},
	...build.description,
];
