import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { folderRequest, readFolderPath } from '../../helpers/folders';
import { folderPathField } from './fields';

const properties: INodeProperties[] = [
	folderPathField,
	{
		displayName: 'New Path',
		name: 'toPath',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. covers/harbour-press',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['renameFolder'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const path = readFolderPath.call(this, itemIndex, 'path', 'Folder Path');
		const to = readFolderPath.call(this, itemIndex, 'toPath', 'New Path');
		if (to === path)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'New Path',
				'it is the same as the folder path',
				'a different path',
			);
		return folderRequest.call(this, itemIndex, 'PUT', path, { to_folder: to });
	});
}
