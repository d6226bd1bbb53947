import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { listOf, textOf } from '../../shared/parameters';
import { encodeAccessControl, encodeContext, encodeMetadata } from './encoding';
import { encodeForField } from './fieldEncoding';
import { folderPathOf } from './identifiers';
import { checkExternalId, metadataValue } from './metadataValues';
import type { FormValue } from '../transport';

// The fields Upload and Update share (actions/asset/fields.ts), read once into Cloudinary's form
// parameters.

/** The comma-separated Tags field of Upload and Update: each tag checked. */
function readTagList(
	this: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	field = 'Tags',
): string[] {
	const list = listOf(this, value, itemIndex, field, {
		separator: /,/,
		maxLength: 255,
		maxItems: 1000,
		valid: 'tags of up to 255 characters, separated by commas',
	});
	return [...new Set(list)];
}

/** Reads the shared fields present in `options` into Cloudinary form parameters. */
export function readAssetChanges(
	this: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): Record<string, FormValue> {
	const out: Record<string, FormValue> = {};
	if (options.tags !== undefined)
		out.tags = readTagList.call(this, itemIndex, options.tags).join(',');
	const context =
		((options.context as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
	if (context.length) {
		const obj: Record<string, unknown> = {};
		context.forEach((e, i) => {
			obj[textOf(this, e.key, itemIndex, `Context ${i + 1}: Key`)] = e.value;
		});
		out.context = encodeForField.call(
			this,
			itemIndex,
			'Context',
			'keys without "=", "|" or "\\"; any text as value',
			() => encodeContext(obj),
		);
	}
	const metadata =
		((options.metadata as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
	if (metadata.length) {
		const obj: Record<string, unknown> = {};
		for (const e of metadata)
			obj[checkExternalId(this.getNode(), itemIndex, 'Structured Metadata', e.externalId)] =
				metadataValue(this.getNode(), itemIndex, 'Structured Metadata', e.value);
		out.metadata = encodeForField.call(
			this,
			itemIndex,
			'Structured Metadata',
			'external IDs of metadata fields; a text, number, date (YYYY-MM-DD) or JSON list per field',
			() => encodeMetadata(obj),
		);
	}
	const rules =
		((options.accessControl as IDataObject | undefined)?.rule as IDataObject[] | undefined) ?? [];
	if (rules.length) {
		out.access_control = encodeForField.call(
			this,
			itemIndex,
			'Access Control',
			'rules of type Public or Token, with ISO dates',
			() =>
				encodeAccessControl(
					rules.map((r) => ({ access_type: r.accessType, start: r.start, end: r.end, key: r.key })),
				),
		);
	}
	const displayName = textOf(this, options.displayName, itemIndex, 'Display Name', {
		required: false,
		maxLength: 255,
	});
	if (displayName) out.display_name = displayName;
	const assetFolder = folderPathOf(this, options.assetFolder, itemIndex, 'Asset Folder', false);
	if (assetFolder) out.asset_folder = assetFolder;
	return out;
}
