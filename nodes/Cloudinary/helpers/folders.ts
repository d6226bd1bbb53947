import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { cloudinaryRequest } from '../transport';

// Asset folders (Admin API `/folders/<path>`): the path as the user gives it, checked, and the
// calls on one folder, where Cloudinary's 404 names the field that holds the unknown path.

/** A folder path from a field: trimmed of slashes, every level non-empty, no character Cloudinary refuses. */
export function readFolderPath(this: IExecuteFunctions, itemIndex: number, name: string, label: string, allowEmpty = false): string {
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

export const encodeFolderPath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** Turns Cloudinary's 404 for a folder into an error naming the field and the path. */
export function unknownFolder(this: IExecuteFunctions, error: unknown, itemIndex: number, label: string, path: string, valid: string): never {
	if (error instanceof NodeApiError && error.httpCode === '404') throw invalidFieldError(this.getNode(), itemIndex, label, `Cloudinary has no folder "${path}"`, valid);
	throw new NodeApiError(this.getNode(), error as JsonObject);
}

/** Create, rename or delete the folder at `path` (named by the Folder Path field). */
export async function folderRequest(this: IExecuteFunctions, itemIndex: number, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: IDataObject): Promise<IDataObject> {
	try {
		return (await cloudinaryRequest.call(this, { method, path: `folders/${encodeFolderPath(path)}`, body, itemIndex, idempotent: false })).body;
	} catch (error) {
		return unknownFolder.call(this, error, itemIndex, 'Folder Path', path, 'an existing folder path');
	}
}
