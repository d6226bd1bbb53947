import type { INodeProperties } from 'n8n-workflow';

export const tagsField: INodeProperties = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
	default: [],
	required: true,
	placeholder: 'e.g. imprint_harbour',
	description:
		'One tag per value (a value may also be an array from an expression). Tags cannot contain commas.',
};
