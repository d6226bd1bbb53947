import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties, type JsonObject } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { adminList } from '../../helpers/adminList';
import { cloudinaryRequest } from '../../transport';
import { forOperations, limitField, returnAllField } from '../bulk.descriptions';

// Asset folders (Admin API `/folders`): List (root or sub-folders, by cursor), Create, Rename, Delete.

const properties: INodeProperties[] = [
	{
		displayName: 'Folder Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. covers/harbour',
		description: 'Path with "/" between levels, no leading or trailing slash',
		displayOptions: { show: { operation: ['createFolder', 'renameFolder', 'deleteFolder'] } },
	},
	{
		displayName: 'Parent Folder',
		name: 'path',
		type: 'string',
		default: '',
		placeholder: 'e.g. covers (empty for the top level)',
		description: 'List the sub-folders of this folder; empty lists the top-level folders',
		displayOptions: { show: { operation: ['listFolders'] } },
	},
	{
		displayName: 'New Path',
		name: 'toPath',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. covers/harbour-press',
		displayOptions: { show: { operation: ['renameFolder'] } },
	},
	{ ...returnAllField, displayOptions: { show: { operation: ['listFolders'] } } },
	{ ...limitField, displayOptions: { show: { operation: ['listFolders'], returnAll: [false] } } },
];

export const description = forOperations('folder', ['listFolders', 'createFolder', 'renameFolder', 'deleteFolder'], properties);

function readPath(this: IExecuteFunctions, itemIndex: number, name: string, label: string, allowEmpty = false): string {
	const raw = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const path = raw.replace(/^\/+|\/+$/g, '');
	const node = this.getNode();
	if (!path) {
		if (allowEmpty) return '';
		throw invalidFieldError(node, itemIndex, label, 'no folder path was given', 'a path such as covers/harbour');
	}
	if (path.split('/').some((s) => s.trim() === '')) throw invalidFieldError(node, itemIndex, label, `"${raw}" has an empty level`, 'a path such as covers/harbour');
	if (/[?&#\\%<>]/.test(path)) throw invalidFieldError(node, itemIndex, label, `"${raw}" contains one of ? & # \\ % < >`, 'letters, digits, spaces, "-", "_" and "/" between levels');
	return path;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return mapItems.call(this, async (itemIndex) => {
		if (operation === 'listFolders') {
			const parent = readPath.call(this, itemIndex, 'path', 'Parent Folder', true);
			try {
				return await adminList.call(this, itemIndex, { path: parent ? `folders/${encodePath(parent)}` : 'folders', key: 'folders', pageSize: 500 });
			} catch (error) {
				if (error instanceof NodeApiError && error.httpCode === '404') throw invalidFieldError(this.getNode(), itemIndex, 'Parent Folder', `Cloudinary has no folder "${parent}"`, 'an existing folder path, or empty for the top level');
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
		}
		const path = readPath.call(this, itemIndex, 'path', 'Folder Path');
		const request = async (method: 'POST' | 'PUT' | 'DELETE', body?: IDataObject): Promise<IDataObject> => {
			try {
				return (await cloudinaryRequest.call(this, { method, path: `folders/${encodePath(path)}`, body, itemIndex, idempotent: false })).body;
			} catch (error) {
				if (error instanceof NodeApiError && error.httpCode === '404') throw invalidFieldError(this.getNode(), itemIndex, 'Folder Path', `Cloudinary has no folder "${path}"`, 'an existing folder path');
				throw new NodeApiError(this.getNode(), error as JsonObject);
			}
		};
		if (operation === 'createFolder') return request('POST');
		if (operation === 'renameFolder') {
			const to = readPath.call(this, itemIndex, 'toPath', 'New Path');
			if (to === path) throw invalidFieldError(this.getNode(), itemIndex, 'New Path', 'it is the same as the folder path', 'a different path');
			return request('PUT', { to_folder: to });
		}
		const body = await request('DELETE');
		return { path, deleted: (body.deleted as string[]) ?? [] };
	});
}
