import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { invalidFieldError, isNotFound } from '../../shared/errors';
import { encodeFolderPath, folderPathOf } from './identifiers';
import { cloudinaryRequest } from '../transport';

// Asset folders (Admin API `/folders/<path>`): the path as the user gives it, checked, and the
// calls on one folder, where Cloudinary's 404 names the field that holds the unknown path.

/**
 * A folder path from a field, checked by the one identifier check: a path with "." or ".."
 * levels, empty levels, a leading or trailing "/" or a character Cloudinary refuses is an error,
 * never rewritten into another folder's path (`a/b/..` would be `a`).
 */
export function readFolderPath(
	this: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
	allowEmpty = false,
): string {
	return folderPathOf(
		this,
		this.getNodeParameter(name, itemIndex, ''),
		itemIndex,
		label,
		!allowEmpty,
	);
}

/** Turns Cloudinary's 404 for a folder into an error naming the field and the path. */
export function unknownFolder(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	label: string,
	path: string,
	valid: string,
): never {
	if (isNotFound(error))
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			label,
			`Cloudinary has no folder "${path}"`,
			valid,
		);
	throw new NodeApiError(this.getNode(), error as JsonObject);
}

/** Create, rename or delete the folder at `path` (named by the Folder Path field). */
export async function folderRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	method: 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: IDataObject,
): Promise<IDataObject> {
	try {
		return (
			await cloudinaryRequest.call(this, {
				method,
				path: `folders/${encodeFolderPath(path)}`,
				body,
				itemIndex,
				idempotent: false,
			})
		).body;
	} catch (error) {
		return unknownFolder.call(
			this,
			error,
			itemIndex,
			'Folder Path',
			path,
			'an existing folder path',
		);
	}
}
