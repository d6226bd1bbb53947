import type { INodeProperties } from 'n8n-workflow';
import { limitField, returnAllField } from '../../shared/listing';
import { PRODUCT_PART_OPTIONS } from '../helpers/product';

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
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*\\d+\\s*$',
						errorMessage: 'A Consonance product ID is a whole number',
					},
				},
			],
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

/** The work picker: from a searchable list, by ID, or by the ISBN of any of its products. */
export const workLocator: INodeProperties = {
	displayName: 'Work',
	name: 'work',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The work (the title, across all its editions)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by title…',
			typeOptions: { searchListMethod: 'searchWorks', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 1001',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*\\d+\\s*$',
						errorMessage: 'A Consonance work ID is a whole number',
					},
				},
			],
		},
		{
			displayName: 'By Product ISBN',
			name: 'isbn',
			type: 'string',
			placeholder: 'e.g. 978-1-81000-000-8',
			hint: 'The ISBN of any edition of the work',
		},
	],
};

/** Return All + Limit, for every list operation. */
export function returnAllFields(): INodeProperties[] {
	return [returnAllField, limitField];
}

/** "Changed Since" as every search takes it. */
export const changedSinceField: INodeProperties = {
	displayName: 'Changed Since',
	name: 'changedSince',
	type: 'dateTime',
	default: '',
	description: 'Only records changed on or after this date (Consonance compares dates, not times)',
};

/** Options of every operation that outputs products: the unit of trim size and spine. */
export const productOutputOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Dimension Unit',
			name: 'dimensionUnit',
			type: 'options',
			default: 'MM',
			options: [
				{ name: 'Millimetres', value: 'MM' },
				{ name: 'Centimetres', value: 'CM' },
				{ name: 'Inches', value: 'IN' },
			],
			description: 'Unit for the trim height, width and spine thickness of print products',
		},
		{
			displayName: 'Output Fields',
			name: 'outputFields',
			type: 'multiOptions',
			options: PRODUCT_PART_OPTIONS,
			default: [],
			description:
				'Only these parts of each product (the ID and ISBN-13 always come); none chosen means all. ' +
				'Fewer parts make a search of a whole catalogue lighter.',
		},
	],
};
