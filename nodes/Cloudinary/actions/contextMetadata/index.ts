import type { INodeProperties } from 'n8n-workflow';
import * as context from './context.operation';
import * as metadata from './metadata.operation';

export const setContext = context;
export const removeContext = context;
export const removeAllContext = context;
export const setMetadata = metadata;
export const clearMetadata = metadata;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contextMetadata'] } },
		options: [
			{ name: 'Clear Metadata', value: 'clearMetadata', description: 'Empty structured metadata fields on many assets', action: 'Clear metadata fields on assets' },
			{ name: 'Remove All Context', value: 'removeAllContext', description: 'Delete the whole context of many assets', action: 'Remove all context from assets' },
			{ name: 'Remove Context Keys', value: 'removeContext', description: 'Delete context keys from many assets', action: 'Remove context keys from assets' },
			{ name: 'Set Context', value: 'setContext', description: 'Merge key/value pairs into the context of many assets (up to 1000 per call, Upload API)', action: 'Set context on assets' },
			{ name: 'Set Metadata', value: 'setMetadata', description: 'Set structured metadata fields on many assets (up to 1000 per call, Upload API)', action: 'Set metadata on assets' },
		],
		default: 'setMetadata',
	},
	...context.description,
	...metadata.description,
];
