import type { INodeProperties } from 'n8n-workflow';

// Fields that Upload and Update share (tags, context, metadata, access control, names), described
// once; helpers/assetChanges.ts reads them into Cloudinary's form parameters.

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
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. 9781810000008',
				},
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
	description:
		"Values of structured metadata fields, by the field's external ID. For a multi-select " +
		'(set) field give a JSON list, e.g. ["GB","US"]; for enum/set fields use the ' +
		"datasource entries' external IDs; dates as YYYY-MM-DD.",
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Field External ID',
					name: 'externalId',
					type: 'string',
					default: '',
					placeholder: 'e.g. imprint',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. north-quay or ["GB","US"]',
				},
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
	description:
		'The asset is restricted unless one rule applies: public (optionally only between two dates) or token-based access',
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
				{
					displayName: 'Start',
					name: 'start',
					type: 'dateTime',
					default: '',
					description: 'From when the rule applies (empty: no start)',
				},
				{
					displayName: 'End',
					name: 'end',
					type: 'dateTime',
					default: '',
					description: 'Until when the rule applies (empty: no end)',
				},
				{
					displayName: 'Token Key',
					name: 'key',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description:
						'For token rules: the key name (letters and digits); empty for the default key',
				},
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

export const displayNameField: INodeProperties = {
	displayName: 'Display Name',
	name: 'displayName',
	type: 'string',
	default: '',
};

export const assetFolderField: INodeProperties = {
	displayName: 'Asset Folder',
	name: 'assetFolder',
	type: 'string',
	default: '',
	placeholder: 'e.g. covers/north-quay',
	description: 'The folder the asset shows in (dynamic folders); does not change the public ID',
};
