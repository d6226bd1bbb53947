import type { INodeProperties } from 'n8n-workflow';
import * as del from './delete.operation';
import * as download from './download.operation';
import * as generateVariants from './generateVariants.operation';
import * as get from './get.operation';
import * as rename from './rename.operation';
import * as restoreVersion from './restoreVersion.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as upload from './upload.operation';

export {
	del as delete,
	download,
	generateVariants,
	get,
	rename,
	restoreVersion,
	search,
	update,
	upload,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete assets by public IDs, by tag or by prefix',
				action: 'Delete assets',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download the original or a transformed variant as a file',
				action: 'Download an asset',
			},
			{
				name: 'Generate Derived Versions',
				value: 'generateVariants',
				description:
					'Create derived versions of one asset now, from transformation strings you write ' +
					'(eager). For the ready-made channel presets use Variant › Create.',
				action: 'Generate derived versions of an asset',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get an asset's details: size, format, tags, metadata, derived variants",
				action: 'Get an asset',
			},
			{
				name: 'Rename or Move',
				value: 'rename',
				description: "Change an asset's public ID (and folder path) or delivery type",
				action: 'Rename or move an asset',
			},
			{
				name: 'Restore Version',
				value: 'restoreVersion',
				description: 'Make a backed-up version current, or bring back a deleted asset',
				action: 'Restore an asset version',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find assets by tag, folder, format, dates, metadata, size or an expression',
				action: 'Search assets',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change tags, context, metadata, moderation, access control, names',
				action: 'Update an asset',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file or a URL',
				action: 'Upload an asset',
			},
		],
		default: 'get',
	},
	...del.description,
	...download.description,
	...generateVariants.description,
	...get.description,
	...rename.description,
	...restoreVersion.description,
	...search.description,
	...update.description,
	...upload.description,
];
