import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { limitField, returnAllField } from '../../../shared/listing';
import { adminList } from '../../helpers/adminList';
import { readFolderPath, unknownFolder } from '../../helpers/folders';
import { encodeFolderPath } from '../../helpers/identifiers';

const properties: INodeProperties[] = [
	{
		displayName: 'Parent Folder',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. covers (empty for the top level)',
		description: 'List the sub-folders of this folder; empty lists the top-level folders',
	},
	returnAllField,
	limitField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['listFolders'] } },
	properties,
);

/** The top-level folders, or the sub-folders of one (Admin API `/folders`, by cursor). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const parent = readFolderPath.call(this, itemIndex, 'path', 'Parent Folder', true);
		try {
			return await adminList.call(this, itemIndex, {
				path: parent ? `folders/${encodeFolderPath(parent)}` : 'folders',
				key: 'folders',
				pageSize: 500,
			});
		} catch (error) {
			return unknownFolder.call(
				this,
				error,
				itemIndex,
				'Parent Folder',
				parent,
				'an existing folder path, or empty for the top level',
			);
		}
	});
}
