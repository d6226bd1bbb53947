import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties, type JsonObject } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { checkExternalId, isCalendarDate } from '../../helpers/metadataValues';
import { cloudinaryRequest } from '../../transport';
import { metadataFieldLocator, readMetadataFieldId } from './fieldLocator';
import { forOperations } from '../bulk.descriptions';

// Structured metadata field definitions (Admin API `/metadata_fields`, JSON): List, Get, Create,
// Update, Delete, and the list values of enum/set fields (datasource: Set Values upserts, Delete
// Values deactivates). External IDs are permanent: Cloudinary never reuses a deleted one.

const TYPES = ['string', 'integer', 'date', 'enum', 'set'];

const valuesField: INodeProperties = {
	displayName: 'List Values',
	name: 'values',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Value',
	default: {},
	options: [
		{
			displayName: 'Value',
			name: 'value',
			values: [
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', placeholder: 'e.g. gb', description: 'The ID assets store; left empty, Cloudinary makes one' },
				{ displayName: 'Label', name: 'label', type: 'string', default: '', placeholder: 'e.g. United Kingdom' },
			],
		},
	],
};

const properties: INodeProperties[] = [
	{ ...metadataFieldLocator, displayOptions: { show: { operation: ['getField', 'updateField', 'deleteField', 'setValues', 'deleteValues'] } } },
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Publication Date',
		displayOptions: { show: { operation: ['createField'] } },
	},
	{
		displayName: 'Type',
		name: 'fieldType',
		type: 'options',
		default: 'string',
		options: [
			{ name: 'Date', value: 'date' },
			{ name: 'Multi-Select (Set)', value: 'set' },
			{ name: 'Number (Integer)', value: 'integer' },
			{ name: 'Single-Select (Enum)', value: 'enum' },
			{ name: 'Text', value: 'string' },
		],
		displayOptions: { show: { operation: ['createField'] } },
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. publication_date',
		description: 'The permanent ID assets and API calls use; left empty, Cloudinary makes one. Cannot be reused once deleted.',
		displayOptions: { show: { operation: ['createField'] } },
	},
	{ ...valuesField, displayOptions: { show: { operation: ['createField', 'setValues'] } } },
	{
		displayName: 'Value External IDs',
		name: 'valueIds',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Value' },
		default: [],
		required: true,
		displayOptions: { show: { operation: ['deleteValues'] } },
		description: 'The list values to deactivate (assets keep them; they can no longer be chosen)',
	},
	{
		displayName: 'Fields',
		name: 'fieldOptions',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { operation: ['createField', 'updateField'] } },
		options: [
			{ displayName: 'Default Value', name: 'defaultValue', type: 'string', default: '', description: 'Text, a whole number, YYYY-MM-DD, or list-value external IDs (comma-separated for multi-select)' },
			{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'New label (Update only)' },
			{ displayName: 'Mandatory', name: 'mandatory', type: 'boolean', default: false, description: 'Whether every asset must have a value' },
		],
	},
];

export const description = forOperations('metadataField', ['listFields', 'getField', 'createField', 'updateField', 'deleteField', 'setValues', 'deleteValues'], properties);

function readValues(this: IExecuteFunctions, itemIndex: number, required: boolean): IDataObject[] {
	const node = this.getNode();
	const entries = ((this.getNodeParameter('values', itemIndex, {}) as IDataObject).value as IDataObject[]) ?? [];
	const values = entries.map((e) => {
		const label = String(e.label ?? '').trim();
		if (!label) throw invalidFieldError(node, itemIndex, 'List Values', 'a value has no label', 'a label such as United Kingdom');
		const externalId = String(e.externalId ?? '').trim();
		return externalId ? { external_id: checkExternalId(node, itemIndex, 'List Values', externalId), value: label } : { value: label };
	});
	if (required && !values.length) throw invalidFieldError(node, itemIndex, 'List Values', 'no value was given', 'one or more values (label, optional external ID)');
	return values;
}

function defaultValue(this: IExecuteFunctions, itemIndex: number, type: string | undefined, raw: unknown): string | number | string[] {
	const node = this.getNode();
	const text = String(raw ?? '').trim();
	if (type === 'integer') {
		if (!/^-?\d+$/.test(text)) throw invalidFieldError(node, itemIndex, 'Default Value', `"${text}" is not a whole number`, 'a whole number for a Number field');
		return Number(text);
	}
	if (type === 'date' && !isCalendarDate(text)) throw invalidFieldError(node, itemIndex, 'Default Value', `"${text}" is not a date`, 'a date as YYYY-MM-DD, e.g. 2026-09-01');
	if (type === 'set') return text.split(',').map((s) => s.trim()).filter(Boolean);
	return text;
}

async function call(this: IExecuteFunctions, itemIndex: number, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: IDataObject, idempotent?: boolean) {
	try {
		return (await cloudinaryRequest.call(this, { method, path, body, itemIndex, idempotent })).body;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404' && path !== 'metadata_fields') {
			throw invalidFieldError(this.getNode(), itemIndex, 'Metadata Field', `Cloudinary has no metadata field "${path.split('/')[1]}"`, 'an external ID from Metadata Field › List');
		}
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return mapItems.call(this, async (itemIndex) => {
		if (operation === 'listFields') {
			const body = await call.call(this, itemIndex, 'GET', 'metadata_fields');
			return (body.metadata_fields as IDataObject[]) ?? [];
		}
		if (operation === 'createField') {
			const type = this.getNodeParameter('fieldType', itemIndex) as string;
			if (!TYPES.includes(type)) throw invalidFieldError(this.getNode(), itemIndex, 'Type', `"${type}" is not a field type`, TYPES.join(', '));
			const label = String(this.getNodeParameter('label', itemIndex, '')).trim();
			if (!label) throw invalidFieldError(this.getNode(), itemIndex, 'Label', 'the label is empty', 'a label such as Publication Date');
			const externalId = String(this.getNodeParameter('externalId', itemIndex, '')).trim();
			const options = this.getNodeParameter('fieldOptions', itemIndex, {}) as IDataObject;
			const body: IDataObject = { type, label };
			if (externalId) body.external_id = checkExternalId(this.getNode(), itemIndex, 'External ID', externalId);
			if (options.mandatory !== undefined) body.mandatory = options.mandatory;
			if (type === 'enum' || type === 'set') body.datasource = { values: readValues.call(this, itemIndex, true) };
			if (options.defaultValue !== undefined && options.defaultValue !== '') body.default_value = defaultValue.call(this, itemIndex, type, options.defaultValue);
			return call.call(this, itemIndex, 'POST', 'metadata_fields', body, false);
		}
		const id = readMetadataFieldId.call(this, itemIndex);
		const path = `metadata_fields/${encodeURIComponent(id)}`;
		if (operation === 'getField') return call.call(this, itemIndex, 'GET', path);
		if (operation === 'deleteField') {
			const body = await call.call(this, itemIndex, 'DELETE', path, undefined, false);
			return { external_id: id, deleted: true, message: body.message ?? 'ok' };
		}
		if (operation === 'updateField') {
			const options = this.getNodeParameter('fieldOptions', itemIndex, {}) as IDataObject;
			const body: IDataObject = {};
			if (options.label !== undefined && String(options.label).trim() !== '') body.label = String(options.label).trim();
			if (options.mandatory !== undefined) body.mandatory = options.mandatory;
			if (options.defaultValue !== undefined && options.defaultValue !== '') {
				// the value is checked against the field's own type, read first
				const current = await call.call(this, itemIndex, 'GET', path);
				body.default_value = defaultValue.call(this, itemIndex, current.type as string, options.defaultValue);
			}
			if (!Object.keys(body).length) throw invalidFieldError(this.getNode(), itemIndex, 'Fields', 'nothing to change was given', 'a new label, mandatory flag or default value');
			return call.call(this, itemIndex, 'PUT', path, body, true);
		}
		if (operation === 'setValues') {
			const body = await call.call(this, itemIndex, 'PUT', `${path}/datasource`, { values: readValues.call(this, itemIndex, true) }, true);
			return { external_id: id, values: body.values ?? [] };
		}
		// deleteValues
		const ids = ((this.getNodeParameter('valueIds', itemIndex, []) as unknown[]) ?? []).flat().map((v) => String(v ?? '').trim()).filter(Boolean);
		if (!ids.length) throw invalidFieldError(this.getNode(), itemIndex, 'Value External IDs', 'no value was given', 'external IDs of list values, e.g. gb');
		for (const v of ids) checkExternalId(this.getNode(), itemIndex, 'Value External IDs', v);
		const body = await call.call(this, itemIndex, 'DELETE', `${path}/datasource`, { external_ids: ids }, true);
		return { external_id: id, values: body.values ?? [] };
	});
}
