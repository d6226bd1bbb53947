import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { returnAllFields } from '../common.descriptions';
import { readLimit } from '../../helpers/input';
import { contactSelection, toContactOutput } from '../../helpers/records';
import { consonanceKeysetAll } from '../../transport';

const properties: INodeProperties[] = [
	...returnAllFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Name Contains', name: 'nameContains', type: 'string', default: '', description: 'Part of a person’s or organisation’s name, any case' },
			{ displayName: 'Person Name Contains', name: 'personNameContains', type: 'string', default: '' },
			{ displayName: 'Organisation Name Contains', name: 'organisationNameContains', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['search'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const search: IDataObject = {};
		if (filters.nameContains) search.nameCont = String(filters.nameContains);
		if (filters.personNameContains) search.personNameCont = String(filters.personNameContains);
		if (filters.organisationNameContains) search.organisationNameCont = String(filters.organisationNameContains);
		const contacts = await consonanceKeysetAll.call(this, {
			query: `query ContactSearch($search: ContactSearchAttributes) { contacts(contactSearch: $search) { ${contactSelection} } }`,
			variables: { search },
			searchVariable: 'search',
			listField: 'contacts',
			limit: readLimit.call(this, itemIndex),
			itemIndex,
		});
		return contacts.map(toContactOutput);
	});
}
