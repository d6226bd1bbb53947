import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { folderRequest, readFolderPath } from '../../helpers/folders';
import { folderPathField } from './fields';

const properties: INodeProperties[] = [folderPathField];

export const description = updateDisplayOptions(
	{ show: { resource: ['folder'], operation: ['deleteFolder'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const path = readFolderPath.call(this, itemIndex, 'path', 'Folder Path');
		const body = await folderRequest.call(this, itemIndex, 'DELETE', path);
		return { path, deleted: (body.deleted as string[]) ?? [] };
	});
}
