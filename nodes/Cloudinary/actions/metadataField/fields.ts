import type { INodeProperties } from 'n8n-workflow';

export const metadataFieldLocator: INodeProperties = {
	displayName: 'Metadata Field',
	name: 'metadataField',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchMetadataFields', searchable: true },
		},
		{
			displayName: 'By External ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. publication_date',
		},
	],
};

export const listValuesField: INodeProperties = {
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
				{
					displayName: 'External ID',
					name: 'externalId',
					type: 'string',
					default: '',
					placeholder: 'e.g. gb',
					description: 'The ID assets store; left empty, Cloudinary makes one',
				},
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: '',
					placeholder: 'e.g. United Kingdom',
				},
			],
		},
	],
};

export const defaultValueOption: INodeProperties = {
	displayName: 'Default Value',
	name: 'defaultValue',
	type: 'string',
	default: '',
	description:
		'Text, a whole number, YYYY-MM-DD, or list-value external IDs (comma-separated for multi-select)',
};

export const mandatoryOption: INodeProperties = {
	displayName: 'Mandatory',
	name: 'mandatory',
	type: 'boolean',
	default: false,
	description: 'Whether every asset must have a value',
};
