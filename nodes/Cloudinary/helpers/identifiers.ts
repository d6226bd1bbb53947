import type { INode } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { textOf } from '../../shared/parameters';

// The ONE check and the ONE path encoding of Cloudinary public IDs, folder paths and prefixes
// (docs/cloudinary-asset.md, "Public IDs and folder paths"). A value either names exactly the asset
// or folder it says, or is refused before any call:
// - `.` and `..` segments are refused: in a URL path they are resolved away (`folders/a/b/..` is
//   `folders/a`), so the call would touch another folder or asset;
// - empty segments and leading or trailing slashes are refused (Cloudinary does not allow them);
// - `?`, `#`, `%`, `&`, `\`, `<`, `>` and control characters are refused (Cloudinary does not allow
//   them in public IDs; `%` would also be read as an escape);
// - spaces inside, unicode and other characters work: each path segment is percent-encoded.

/** Longest public ID or folder path Cloudinary accepts. */
export const MAX_PUBLIC_ID_LENGTH = 255;

const FORBIDDEN = /[?#%&\\<>\u0000-\u001f\u007f]/;

interface FieldContext {
	getNode(): INode;
}

type Kind = 'public ID' | 'folder path' | 'prefix';

const EXAMPLES: Record<Kind, string> = {
	'public ID':
		'a public ID such as covers/9781810000008 (folders separated by "/", no file extension)',
	'folder path': 'a folder path such as covers/2026 (no leading or trailing "/")',
	prefix: 'the start of public IDs, such as covers/97818',
};

/** What is wrong with an identifier, or undefined when it names exactly one asset or folder. */
export function identifierProblem(value: string, kind: Kind): string | undefined {
	const forbidden = FORBIDDEN.exec(value);
	if (forbidden) {
		const shown =
			forbidden[0] < ' ' || forbidden[0] === '\u007f'
				? `control character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`
				: `"${forbidden[0]}"`;
		return `"${value}" contains ${shown}, which Cloudinary does not allow in a ${kind}`;
	}
	if ([...value].length > MAX_PUBLIC_ID_LENGTH)
		return (
			`the ${kind} is ${[...value].length} characters long, more than the ` +
			`${MAX_PUBLIC_ID_LENGTH} Cloudinary allows`
		);
	if (kind === 'prefix') {
		// A prefix may end in "/" (everything in a folder), but its segments are checked the same way.
		value = value.replace(/\/$/, '');
		if (value === '') return undefined;
	}
	if (value.startsWith('/') || value.endsWith('/')) return `"${value}" starts or ends with "/"`;
	const segments = value.split('/');
	if (segments.some((s) => s === '')) return `"${value}" has an empty folder name ("//")`;
	if (segments.some((s) => s === '.' || s === '..'))
		return `"${value}" has a "." or ".." segment, which would be read as "this folder" or "the parent folder"`;
	if (segments.some((s) => s !== s.trim()))
		return `"${value}" has a folder or name that starts or ends with a space`;
	return undefined;
}

function checked(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	kind: Kind,
	required: boolean,
): string {
	const text = textOf(ctx, value, itemIndex, field, { valid: EXAMPLES[kind], required });
	if (text === '') return text;
	const problem = identifierProblem(text, kind);
	if (problem) throw invalidFieldError(ctx.getNode(), itemIndex, field, problem, EXAMPLES[kind]);
	return text;
}

/** A public ID (text, checked). */
export function publicIdOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	return checked(ctx, value, itemIndex, field, 'public ID', true);
}

/** A folder path (text, checked); `required: false` lets '' mean the root. */
export function folderPathOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	required = true,
): string {
	return checked(ctx, value, itemIndex, field, 'folder path', required);
}

/** A public ID prefix (text, checked; may end in "/"). */
export function prefixOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	required = true,
): string {
	return checked(ctx, value, itemIndex, field, 'prefix', required);
}

/** A public ID as ONE path segment, the way the official SDK sends it (slashes become %2F). */
export function encodePublicId(publicId: string): string {
	return encodeURIComponent(publicId);
}

/** A folder path as path segments, each percent-encoded (Admin API /folders/<path>). */
export function encodeFolderPath(path: string): string {
	return path.split('/').map(encodeURIComponent).join('/');
}
