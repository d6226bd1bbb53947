import type { INodeProperties } from 'n8n-workflow';
import * as createField from './createField.operation';
import * as deleteField from './deleteField.operation';
import * as deleteValues from './deleteValues.operation';
import * as getField from './getField.operation';
import * as listFields from './listFields.operation';
import * as setValues from './setValues.operation';
import * as updateField from './updateField.operation';

export { createField, deleteField, deleteValues, getField, listFields, setValues, updateField };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['metadataField'] } },
		options: [
			{
				name: 'Create',
				value: 'createField',
				description: 'Define a structured metadata field',
				action: 'Create a metadata field',
			},
			{
				name: 'Delete',
				value: 'deleteField',
				description: 'Delete a metadata field (its external ID cannot be reused)',
				action: 'Delete a metadata field',
			},
			{
				name: 'Delete List Values',
				value: 'deleteValues',
				description: 'Deactivate values of a single- or multi-select field',
				action: 'Delete metadata field list values',
			},
			{
				name: 'Get',
				value: 'getField',
				description: 'Get a metadata field definition',
				action: 'Get a metadata field',
			},
			{
				name: 'Get Many',
				value: 'listFields',
				description: 'List the metadata field definitions',
				action: 'Get many metadata fields',
			},
			{
				name: 'Set List Values',
				value: 'setValues',
				description: 'Add or relabel values of a single- or multi-select field',
				action: 'Set metadata field list values',
			},
			{
				name: 'Update',
				value: 'updateField',
				description: "Change a metadata field's label, mandatory flag or default",
				action: 'Update a metadata field',
			},
		],
		default: 'listFields',
	},
	...createField.description,
	...deleteField.description,
	...deleteValues.description,
	...getField.description,
	...listFields.description,
	...setValues.description,
	...updateField.description,
];
