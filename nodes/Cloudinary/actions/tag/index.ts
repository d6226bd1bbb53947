import type { INodeProperties } from 'n8n-workflow';
import * as add from './add.operation';
import * as list from './list.operation';
import * as remove from './remove.operation';
import * as removeAll from './removeAll.operation';
import * as replace from './replace.operation';

export { add, list, remove, removeAll, replace };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add tags to many assets (up to 1000 per call, Upload API)',
				action: 'Add tags to assets',
			},
			{
				name: 'Get Many',
				value: 'list',
				description: 'List the tags in use',
				action: 'Get many tags',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Remove tags from many assets',
				action: 'Remove tags from assets',
			},
			{
				name: 'Remove All',
				value: 'removeAll',
				description: 'Remove every tag from many assets',
				action: 'Remove all tags from assets',
			},
			{
				name: 'Replace',
				value: 'replace',
				description: 'Replace all tags of many assets with the given ones',
				action: 'Replace tags of assets',
			},
		],
		default: 'add',
	},
	...add.description,
	...list.description,
	...remove.description,
	...removeAll.description,
	...replace.description,
];
