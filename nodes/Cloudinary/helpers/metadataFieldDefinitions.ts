import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeParameterResourceLocator,
	type JsonObject,
} from 'n8n-workflow';
import { invalidFieldError, isNotFound } from '../../shared/errors';
import { listOf } from '../../shared/parameters';
import { checkExternalId, isCalendarDate } from './metadataValues';
import { cloudinaryRequest } from '../transport';

// Structured metadata field definitions (Admin API `/metadata_fields`, JSON). External IDs are
// permanent: Cloudinary never reuses a deleted one.

export const METADATA_FIELD_TYPES = ['string', 'integer', 'date', 'enum', 'set'];

/** The external ID chosen in the Metadata Field picker. */
export function readMetadataFieldId(this: IExecuteFunctions, itemIndex: number): string {
	const locator = this.getNodeParameter('metadataField', itemIndex) as
		INodeParameterResourceLocator | string;
	const value = typeof locator === 'string' ? locator : locator?.value;
	return checkExternalId(this.getNode(), itemIndex, 'Metadata Field', value);
}

/** The path of one field's definition. */
export const metadataFieldPath = (externalId: string) =>
	`metadata_fields/${encodeURIComponent(externalId)}`;

/** One Admin API call on metadata fields; a 404 on one field names the Metadata Field picker. */
export async function metadataFieldRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: IDataObject,
	idempotent?: boolean,
): Promise<IDataObject> {
	try {
		return (await cloudinaryRequest.call(this, { method, path, body, itemIndex, idempotent })).body;
	} catch (error) {
		if (isNotFound(error) && path !== 'metadata_fields') {
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Metadata Field',
				`Cloudinary has no metadata field "${path.split('/')[1]}"`,
				'an external ID from Metadata Field › Get Many',
			);
		}
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** The List Values of an enum/set field, as Cloudinary's datasource values. */
export function readListValues(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const node = this.getNode();
	const entries =
		((this.getNodeParameter('values', itemIndex, {}) as IDataObject).value as IDataObject[]) ?? [];
	const values = entries.map((e) => {
		const label = String(e.label ?? '').trim();
		if (!label)
			throw invalidFieldError(
				node,
				itemIndex,
				'List Values',
				'a value has no label',
				'a label such as United Kingdom',
			);
		const externalId = String(e.externalId ?? '').trim();
		return externalId
			? { external_id: checkExternalId(node, itemIndex, 'List Values', externalId), value: label }
			: { value: label };
	});
	if (!values.length)
		throw invalidFieldError(
			node,
			itemIndex,
			'List Values',
			'no value was given',
			'one or more values (label, optional external ID)',
		);
	return values;
}

/** A Default Value checked against the field's type. */
export function readDefaultValue(
	this: IExecuteFunctions,
	itemIndex: number,
	type: string | undefined,
	raw: unknown,
): string | number | string[] {
	const node = this.getNode();
	const text = String(raw ?? '').trim();
	if (type === 'integer') {
		if (!/^-?\d+$/.test(text))
			throw invalidFieldError(
				node,
				itemIndex,
				'Default Value',
				`"${text}" is not a whole number`,
				'a whole number for a Number field',
			);
		return Number(text);
	}
	if (type === 'date' && !isCalendarDate(text))
		throw invalidFieldError(
			node,
			itemIndex,
			'Default Value',
			`"${text}" is not a date`,
			'a date as YYYY-MM-DD, e.g. 2026-09-01',
		);
	if (type === 'set')
		return listOf(this, text, itemIndex, 'Default Value', { separator: /,/, required: false });
	return text;
}
