import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { changedSinceField, returnAllFields } from '../common.descriptions';
import { checkDate, checkId, readLimit } from '../../helpers/input';
import { toWorkOutput, workSelection } from '../../helpers/records';
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
				displayName: 'Title Contains',
				name: 'titleContains',
				type: 'string',
				default: '',
				description: 'Part of the title, any case',
			},
			{
				displayName: 'Imprint Name or ID',
				name: 'imprintId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getImprints' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			changedSinceField,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['work'], operation: ['search'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const limit = readLimit.call(this, itemIndex);
		const search: IDataObject = {};
		const title = textOf(this, filters.titleContains, itemIndex, 'Title Contains', {
			required: false,
		});
		if (title) search.titleCont = title;
		if (filters.imprintId !== undefined && filters.imprintId !== '')
			search.imprintIdIn = [
				checkId.call(this, filters.imprintId, itemIndex, 'Imprint Name or ID', 'imprint'),
			];
		if (filters.changedSince)
			search.changedSince = checkDate.call(this, filters.changedSince, itemIndex, 'Changed Since');
		const works = await consonanceKeysetAll.call(this, {
			query: `query WorkSearch($search: WorkSearchAttributes) { works(workSearch: $search) { ${workSelection} } }`,
			variables: { search },
			searchVariable: 'search',
			listField: 'works',
			limit,
			itemIndex,
		});
		return works.map(toWorkOutput);
	});
}
