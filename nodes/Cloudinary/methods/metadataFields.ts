import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { cloudinaryRequest } from '../transport';

/** Structured metadata fields for the field picker, filtered by label or external ID. */
export async function searchMetadataFields(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await cloudinaryRequest.call(this, {
		method: 'GET',
		path: 'metadata_fields',
		idempotent: true,
	});
	const text = (filter ?? '').trim().toLowerCase();
	const fields = ((body.metadata_fields as IDataObject[]) ?? []).filter(
		(f) =>
			!text ||
			String(f.label ?? '')
				.toLowerCase()
				.includes(text) ||
			String(f.external_id ?? '')
				.toLowerCase()
				.includes(text),
	);
	return {
		results: fields.map((f) => ({
			name: `${f.label} (${f.external_id}, ${f.type})`,
			value: String(f.external_id),
		})),
	};
}
