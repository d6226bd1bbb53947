import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { returnAllFields } from '../common.descriptions';
import { readLimit } from '../../helpers/input';
import { contactSelection, toContactOutput } from '../../helpers/records';
import { consonanceKeysetAll } from '../../transport';
import { textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	...returnAllFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Name Contains',
				name: 'nameContains',
				type: 'string',
				default: '',
				description: 'Part of a person’s or organisation’s name, any case',
			},
			{
				displayName: 'Person Name Contains',
				name: 'personNameContains',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Organisation Name Contains',
				name: 'organisationNameContains',
				type: 'string',
				default: '',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['search'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const search: IDataObject = {};
		for (const [filter, field, label] of [
			['nameContains', 'nameCont', 'Name Contains'],
			['personNameContains', 'personNameCont', 'Person Name Contains'],
			['organisationNameContains', 'organisationNameCont', 'Organisation Name Contains'],
		]) {
			const text = textOf(this, filters[filter], itemIndex, label, { required: false });
			if (text) search[field] = text;
		}
		const contacts = await consonanceKeysetAll.call(this, {
			query:
				`query ContactSearch($search: ContactSearchAttributes) { contacts(contactSearch: ` +
				`$search) { ${contactSelection} } }`,
			variables: { search },
			searchVariable: 'search',
			listField: 'contacts',
			limit: readLimit.call(this, itemIndex),
			itemIndex,
		});
		return contacts.map(toContactOutput);
	});
}
