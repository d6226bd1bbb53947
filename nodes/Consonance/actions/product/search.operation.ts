import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { changedSinceField, productOutputOptions, returnAllFields } from '../common.descriptions';
import { PRODUCT_FORM_OPTIONS, PRODUCT_FORMS } from '../../helpers/codes';
import { checkDate, checkId, checkIsbnList, readLimit } from '../../helpers/input';
import { readProductView } from '../../helpers/product';
import { consonanceKeysetAll } from '../../transport';
import { listOf, textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	...returnAllFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			changedSinceField,
			{
				displayName: 'Imprint Name or ID',
				name: 'imprintId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getImprints' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'ISBNs',
				name: 'isbns',
				type: 'string',
				default: '',
				placeholder: 'e.g. 978-1-81000-000-8, 9781810000015',
				description:
					'ISBN-13s or ISBN-10s separated by commas or new lines; "No ISBN" placeholders are ignored',
			},
			{
				displayName: 'Product Forms',
				name: 'productForms',
				type: 'multiOptions',
				options: PRODUCT_FORM_OPTIONS,
				default: [],
				description: 'ONIX 2.1 product forms (list 7)',
			},
			{
				displayName: 'Published On or After',
				name: 'publishedFrom',
				type: 'dateTime',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'Only the day counts (a time of day is ignored)',
			},
			{
				displayName: 'Published On or Before',
				name: 'publishedTo',
				type: 'dateTime',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'Only the day counts (a time of day is ignored)',
			},
			{
				displayName: 'Title Contains',
				name: 'titleContains',
				type: 'string',
				default: '',
				description: 'Part of the title, any case',
			},
			{
				displayName: 'Work ID',
				name: 'workId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1001',
				description: 'Only the products (editions) of this work',
			},
		],
	},
	productOutputOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['search'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const view = readProductView.call(this, itemIndex);
		const limit = readLimit.call(this, itemIndex);
		const search: IDataObject = {};
		const workSearch: IDataObject = {};
		if (filters.isbns) {
			const isbns = checkIsbnList.call(this, filters.isbns, itemIndex, 'ISBNs');
			if (isbns.length === 0) return []; // only placeholders: no product can match
			search.isbn13In = isbns;
		}
		const title = textOf(this, filters.titleContains, itemIndex, 'Title Contains', {
			required: false,
		});
		if (title) search.titleCont = title;
		if (filters.publishedFrom)
			search.publicationDateGteq = checkDate.call(
				this,
				filters.publishedFrom,
				itemIndex,
				'Published On or After',
			);
		if (filters.publishedTo)
			search.publicationDateLteq = checkDate.call(
				this,
				filters.publishedTo,
				itemIndex,
				'Published On or Before',
			);
		const forms = listOf(this, filters.productForms, itemIndex, 'Product Forms', {
			valid: Object.keys(PRODUCT_FORMS).join(', '),
			oneOf: { values: Object.keys(PRODUCT_FORMS), isNot: 'an ONIX product form' },
		});
		if (forms.length) search.onix21ProductFormCodeIn = forms;
		if (filters.changedSince)
			search.changedSince = checkDate.call(this, filters.changedSince, itemIndex, 'Changed Since');
		if (filters.imprintId !== undefined && filters.imprintId !== '')
			workSearch.imprintIdIn = [
				checkId.call(this, filters.imprintId, itemIndex, 'Imprint Name or ID', 'imprint'),
			];
		if (filters.workId)
			workSearch.idEq = checkId.call(this, filters.workId, itemIndex, 'Work ID', 'work');
		const products = await consonanceKeysetAll.call(this, {
			query:
				'query ProductSearch($search: ProductSearchAttributes, $workSearch: WorkSearchAttributes) ' +
				`{ products(productSearch: $search, workSearch: $workSearch) { ${view.selection} } }`,
			variables: { search, workSearch },
			searchVariable: 'search',
			listField: 'products',
			limit,
			itemIndex,
		});
		return products.map((p) => view.output(p));
	});
}
