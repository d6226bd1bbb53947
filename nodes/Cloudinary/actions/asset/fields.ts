import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { encodeAccessControl, encodeContext, encodeMetadata, EncodingError } from '../../helpers/encoding';
import { checkExternalId, metadataValue } from '../../helpers/metadataValues';
import type { FormValue } from '../../transport';
import { listOf, textOf } from '../../../shared/parameters';
import { folderPathOf } from '../../helpers/identifiers';

// Fields that Upload and Update share (tags, context, metadata, access control, names), described
// once and read once into Cloudinary's form parameters.

export const contextField: INodeProperties = {
	displayName: 'Context',
	name: 'context',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Context Entry',
	default: {},
	description: 'Contextual metadata (key = value text). On Update an empty value removes the key.',
	options: [
		{
			displayName: 'Entry',
			name: 'entry',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. isbn' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 9781810000008' },
			],
		},
	],
};

export const metadataField: INodeProperties = {
	displayName: 'Structured Metadata',
	name: 'metadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata Value',
	default: {},
	description: 'Values of structured metadata fields, by the field\'s external ID. For a multi-select (set) field give a JSON list, e.g. ["GB","US"]; for enum/set fields use the datasource entries\' external IDs; dates as YYYY-MM-DD.',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{ displayName: 'Field External ID', name: 'externalId', type: 'string', default: '', placeholder: 'e.g. imprint' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. north-quay or ["GB","US"]' },
			],
		},
	],
};

export const accessControlField: INodeProperties = {
	displayName: 'Access Control',
	name: 'accessControl',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Access Rule',
	default: {},
	description: 'The asset is restricted unless one rule applies: public (optionally only between two dates) or token-based access',
	options: [
		{
			displayName: 'Rule',
			name: 'rule',
			values: [
				{
					displayName: 'Access Type',
					name: 'accessType',
					type: 'options',
					default: 'anonymous',
					options: [
						{ name: 'Public (Anonymous)', value: 'anonymous' },
						{ name: 'Token', value: 'token' },
					],
				},
				{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', description: 'From when the rule applies (empty: no start)' },
				{ displayName: 'End', name: 'end', type: 'dateTime', default: '', description: 'Until when the rule applies (empty: no end)' },
				{ displayName: 'Token Key', name: 'key', type: 'string', typeOptions: { password: true }, default: '', description: 'For token rules: the key name (letters and digits); empty for the default key' },
			],
		},
	],
};

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	default: '',
	placeholder: 'e.g. cover, north-quay, 9781810000008',
	description: 'Comma-separated tags',
};

export const displayNameField: INodeProperties = { displayName: 'Display Name', name: 'displayName', type: 'string', default: '' };

export const assetFolderField: INodeProperties = {
	displayName: 'Asset Folder',
	name: 'assetFolder',
	type: 'string',
	default: '',
	placeholder: 'e.g. covers/north-quay',
	description: 'The folder the asset shows in (dynamic folders); does not change the public ID',
};

/** Tags from a comma list: trimmed, non-empty, each checked. */
export function readTags(this: IExecuteFunctions, itemIndex: number, value: unknown, field = 'Tags'): string[] {
	const list = listOf(this, value, itemIndex, field, { separator: /,/, maxLength: 255, maxItems: 1000, valid: 'tags of up to 255 characters, separated by commas' });
	return [...new Set(list)];
}

function encoded(this: IExecuteFunctions, itemIndex: number, field: string, valid: string, run: () => string): string {
	try {
		return run();
	} catch (error) {
		if (error instanceof EncodingError) throw invalidFieldError(this.getNode(), itemIndex, field, error.message, valid);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** Reads the shared fields present in `options` into Cloudinary form parameters. */
export function readAssetChanges(this: IExecuteFunctions, itemIndex: number, options: IDataObject): Record<string, FormValue> {
	const out: Record<string, FormValue> = {};
	if (options.tags !== undefined) out.tags = readTags.call(this, itemIndex, options.tags).join(',');
	const context = ((options.context as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
	if (context.length) {
		const obj: Record<string, unknown> = {};
		context.forEach((e, i) => {
			obj[textOf(this, e.key, itemIndex, `Context ${i + 1}: Key`)] = e.value;
		});
		out.context = encoded.call(this, itemIndex, 'Context', 'keys without "=", "|" or "\\"; any text as value', () => encodeContext(obj));
	}
	const metadata = ((options.metadata as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
	if (metadata.length) {
		const obj: Record<string, unknown> = {};
		for (const e of metadata) obj[checkExternalId(this.getNode(), itemIndex, 'Structured Metadata', e.externalId)] = metadataValue(this.getNode(), itemIndex, 'Structured Metadata', e.value);
		out.metadata = encoded.call(this, itemIndex, 'Structured Metadata', 'external IDs of metadata fields; a text, number, date (YYYY-MM-DD) or JSON list per field', () => encodeMetadata(obj));
	}
	const rules = ((options.accessControl as IDataObject | undefined)?.rule as IDataObject[] | undefined) ?? [];
	if (rules.length) {
		out.access_control = encoded.call(this, itemIndex, 'Access Control', 'rules of type Public or Token, with ISO dates', () =>
			encodeAccessControl(rules.map((r) => ({ access_type: r.accessType, start: r.start, end: r.end, key: r.key }))),
		);
	}
	const displayName = textOf(this, options.displayName, itemIndex, 'Display Name', { required: false, maxLength: 255 });
	if (displayName) out.display_name = displayName;
	const assetFolder = folderPathOf(this, options.assetFolder, itemIndex, 'Asset Folder', false);
	if (assetFolder) out.asset_folder = assetFolder;
	return out;
}
