import type { INodeProperties } from 'n8n-workflow';
import * as clearMetadata from './clearMetadata.operation';
import * as removeAllContext from './removeAllContext.operation';
import * as removeContext from './removeContext.operation';
import * as setContext from './setContext.operation';
import * as setMetadata from './setMetadata.operation';

export { clearMetadata, removeAllContext, removeContext, setContext, setMetadata };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contextMetadata'] } },
		options: [
			{
				name: 'Clear Metadata',
				value: 'clearMetadata',
				description: 'Empty structured metadata fields on many assets',
				action: 'Clear metadata fields on assets',
			},
			{
				name: 'Remove All Context',
				value: 'removeAllContext',
				description: 'Delete the whole context of many assets',
				action: 'Remove all context from assets',
			},
			{
				name: 'Remove Context Keys',
				value: 'removeContext',
				description: 'Delete context keys from many assets',
				action: 'Remove context keys from assets',
			},
			{
				name: 'Set Context',
				value: 'setContext',
				description:
					'Merge key/value pairs into the context of many assets (up to 1000 per call, Upload API)',
				action: 'Set context on assets',
			},
			{
				name: 'Set Metadata',
				value: 'setMetadata',
				description:
					'Set structured metadata fields on many assets (up to 1000 per call, Upload API)',
				action: 'Set metadata on assets',
			},
		],
		default: 'setMetadata',
	},
	...clearMetadata.description,
	...removeAllContext.description,
	...removeContext.description,
	...setContext.description,
	...setMetadata.description,
];
