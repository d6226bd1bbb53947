import type { INodeProperties } from 'n8n-workflow';

/** The product picker used by every product operation: from a searchable list, by ID or by ISBN. */
export const productLocator: INodeProperties = {
	displayName: 'Product',
	name: 'product',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The product (edition) to use',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by title or ISBN…',
			typeOptions: { searchListMethod: 'searchProducts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 5001',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A Consonance product ID is a whole number' } }],
		},
		{
			displayName: 'By ISBN',
			name: 'isbn',
			type: 'string',
			placeholder: 'e.g. 978-1-81000-000-8',
			hint: 'ISBN-13 or ISBN-10, hyphens and spaces allowed',
		},
	],
};
