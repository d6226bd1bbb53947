import type { INodeProperties } from 'n8n-workflow';
import * as createFolder from './createFolder.operation';
import * as deleteFolder from './deleteFolder.operation';
import * as listFolders from './listFolders.operation';
import * as renameFolder from './renameFolder.operation';

export { createFolder, deleteFolder, listFolders, renameFolder };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['folder'] } },
		options: [
			{
				name: 'Create',
				value: 'createFolder',
				description: 'Create a folder (and any missing parents)',
				action: 'Create a folder',
			},
			{
				name: 'Delete',
				value: 'deleteFolder',
				description: 'Delete an empty folder',
				action: 'Delete a folder',
			},
			{
				name: 'Get Many',
				value: 'listFolders',
				description: 'List top-level folders or the sub-folders of one',
				action: 'Get many folders',
			},
			{
				name: 'Rename',
				value: 'renameFolder',
				description: 'Rename or move a folder',
				action: 'Rename a folder',
			},
		],
		default: 'listFolders',
	},
	...createFolder.description,
	...deleteFolder.description,
	...listFolders.description,
	...renameFolder.description,
];
