import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { splitList } from '../../shared/lists';
import { checkTags } from './batching';
import { encodeAccessControl, encodeContext, encodeMetadata } from './encoding';
import { encodeForField } from './fieldEncoding';
import { checkExternalId, metadataValue } from './metadataValues';
import type { FormValue } from '../transport';

// The fields Upload and Update share (actions/asset/fields.ts), read once into Cloudinary's form
// parameters.

/** Reads the shared fields present in `options` into Cloudinary form parameters. */
export function readAssetChanges(this: IExecuteFunctions, itemIndex: number, options: IDataObject): Record<string, FormValue> {
	const out: Record<string, FormValue> = {};
	if (options.tags !== undefined) out.tags = checkTags(this.getNode(), itemIndex, 'Tags', splitList(options.tags)).join(',');
	const context = ((options.context as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
	if (context.length) {
		const obj: Record<string, unknown> = {};
		for (const e of context) obj[String(e.key ?? '')] = e.value;
		out.context = encodeForField.call(this, itemIndex, 'Context', 'keys without "=", "|" or "\\"; any text as value', () => encodeContext(obj));
	}
	const metadata = ((options.metadata as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
	if (metadata.length) {
		const obj: Record<string, unknown> = {};
		for (const e of metadata) obj[checkExternalId(this.getNode(), itemIndex, 'Structured Metadata', e.externalId)] = metadataValue(this.getNode(), itemIndex, 'Structured Metadata', e.value);
		out.metadata = encodeForField.call(this, itemIndex, 'Structured Metadata', 'external IDs of metadata fields; a text, number, date (YYYY-MM-DD) or JSON list per field', () => encodeMetadata(obj));
	}
	const rules = ((options.accessControl as IDataObject | undefined)?.rule as IDataObject[] | undefined) ?? [];
	if (rules.length) {
		out.access_control = encodeForField.call(this, itemIndex, 'Access Control', 'rules of type Public or Token, with ISO dates', () =>
			encodeAccessControl(rules.map((r) => ({ access_type: r.accessType, start: r.start, end: r.end, key: r.key }))),
		);
	}
	if (options.displayName) out.display_name = String(options.displayName);
	if (options.assetFolder !== undefined && options.assetFolder !== '') out.asset_folder = String(options.assetFolder).replace(/^\/+|\/+$/g, '');
	return out;
}
