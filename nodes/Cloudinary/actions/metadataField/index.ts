import type { INodeProperties } from 'n8n-workflow';
import * as field from './field.operation';

export const listFields = field;
export const getField = field;
export const createField = field;
export const updateField = field;
export const deleteField = field;
export const setValues = field;
export const deleteValues = field;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metadataField'] } },
		options: [
			{ name: 'Create', value: 'createField', description: 'Define a structured metadata field', action: 'Create a metadata field' },
			{ name: 'Delete', value: 'deleteField', description: 'Delete a metadata field (its external ID cannot be reused)', action: 'Delete a metadata field' },
			{ name: 'Delete List Values', value: 'deleteValues', description: 'Deactivate values of a single- or multi-select field', action: 'Delete metadata field list values' },
			{ name: 'Get', value: 'getField', description: 'Get a metadata field definition', action: 'Get a metadata field' },
			{ name: 'List', value: 'listFields', description: 'List the metadata field definitions', action: 'List metadata fields' },
			{ name: 'Set List Values', value: 'setValues', description: 'Add or relabel values of a single- or multi-select field', action: 'Set metadata field list values' },
			{ name: 'Update', value: 'updateField', description: 'Change a metadata field\'s label, mandatory flag or default', action: 'Update a metadata field' },
		],
		default: 'listFields',
	},
	...field.description,
];
