import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { parallelOptionsCollection, readParallelRequests } from '../../../shared/concurrency';
import { mapItems, oncePerItem } from '../../../shared/items';
import { productLocator } from '../common.descriptions';
import { PUBLISHING_STATUS_OPTIONS, toOnixEnum } from '../../helpers/codes';
import { checkDate, checkIsbnField, checkPublishingStatus } from '../../helpers/input';
import { runMutation } from '../../helpers/mutation';
import { productSelection, toProductOutput } from '../../helpers/product';
import { readProductReference, resolveProductId } from '../../helpers/productReference';
import { textOf } from '../../../shared/parameters';

/** Our update fields: UI label, and the UpdateProductInput field each becomes. */
const PRODUCT_UPDATE_FIELDS: Record<string, { label: string; input: string }> = {
	title: { label: 'Title', input: 'title' },
	subtitle: { label: 'Subtitle', input: 'subtitle' },
	isbn: { label: 'ISBN', input: 'isbn' },
	publicationDate: { label: 'Publication Date', input: 'publicationDate' },
	plannedPublicationDate: { label: 'Planned Publication Date', input: 'plannedPublicationDate' },
	embargoDate: { label: 'Embargo Date', input: 'embargoDate' },
	publishingStatus: { label: 'Publishing Status', input: 'onixPublishingStatusCode' },
};

export const PRODUCT_FIELD_LABELS = Object.fromEntries(
	Object.values(PRODUCT_UPDATE_FIELDS).map((f) => [f.input, f.label]),
);

const DATE_FIELDS = ['publicationDate', 'plannedPublicationDate', 'embargoDate'];

const productUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	description: 'Only the fields added here are sent; the others stay as they are in Consonance',
	options: [
		{
			displayName: 'Embargo Date',
			name: 'embargoDate',
			type: 'dateTime',
			default: '',
			placeholder: 'YYYY-MM-DD',
			description: 'Only the day counts (a time of day is ignored)',
		},
		{
			displayName: 'ISBN',
			name: 'isbn',
			type: 'string',
			default: '',
			placeholder: 'e.g. 978-1-81000-000-8',
			description: 'ISBN-13 or ISBN-10 (converted); the product identifier',
		},
		{
			displayName: 'Planned Publication Date',
			name: 'plannedPublicationDate',
			type: 'dateTime',
			default: '',
			placeholder: 'YYYY-MM-DD',
			description: 'Only the day counts (a time of day is ignored)',
		},
		{
			displayName: 'Publication Date',
			name: 'publicationDate',
			type: 'dateTime',
			default: '',
			placeholder: 'YYYY-MM-DD',
			description: 'Only the day counts (a time of day is ignored)',
		},
		{
			displayName: 'Publishing Status',
			name: 'publishingStatus',
			type: 'options',
			options: PUBLISHING_STATUS_OPTIONS,
			default: '04',
			description: 'ONIX publishing status (list 64)',
		},
		{ displayName: 'Subtitle', name: 'subtitle', type: 'string', default: '' },
		{ displayName: 'Title', name: 'title', type: 'string', default: '' },
	],
};

const properties: INodeProperties[] = [
	productLocator,
	productUpdateFields,
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['update'] } },
	properties,
);

/** The UpdateProductInput changes (without id) from an Update Fields collection, validated. */
function productChanges(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
): IDataObject {
	const input: IDataObject = {};
	for (const [name, raw] of Object.entries(fields)) {
		const spec = PRODUCT_UPDATE_FIELDS[name];
		if (!spec || raw === undefined) continue;
		// An empty date, ISBN or status (e.g. an expression over an empty column) means "leave as is".
		if ((raw === '' || raw === null) && ['isbn', 'publishingStatus', ...DATE_FIELDS].includes(name))
			continue;
		if (DATE_FIELDS.includes(name))
			input[spec.input] = checkDate.call(this, raw, itemIndex, spec.label);
		else if (name === 'isbn')
			input[spec.input] = checkIsbnField.call(this, raw, itemIndex, spec.label);
		else if (name === 'publishingStatus')
			input[spec.input] = toOnixEnum(checkPublishingStatus.call(this, raw, itemIndex, spec.label));
		else
			input[spec.input] = textOf(this, raw, itemIndex, spec.label, {
				keepSpaces: true,
				required: name === 'title',
				valid: 'any text',
			});
	}
	return input;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// read once per item: by keyOf (before the item starts) and by the item itself
	const referenceOf = oncePerItem((itemIndex) =>
		readProductReference.call(this, 'product', itemIndex),
	);
	return mapItems.call(
		this,
		async (itemIndex) => {
			const reference = referenceOf(itemIndex);
			const changes = productChanges.call(
				this,
				this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
				itemIndex,
			);
			if (Object.keys(changes).length === 0) {
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Update Fields',
					'no field to update was added',
					Object.values(PRODUCT_UPDATE_FIELDS)
						.map((f) => f.label)
						.join(', '),
				);
			}
			const id = await resolveProductId.call(this, reference, itemIndex);
			const payload = await runMutation.call(
				this,
				'updateProduct',
				'UpdateProductInput',
				{ id, ...changes },
				`product { ${productSelection()} }`,
				{
					itemIndex,
					fieldLabels: { ...PRODUCT_FIELD_LABELS, id: 'Product' },
					// It sets absolute values, so repeating it after a lost answer changes nothing more.
					idempotent: true,
				},
			);
			return toProductOutput(payload.product as IDataObject);
		},
		{
			concurrency: readParallelRequests.call(this),
			// two changes of one product are made in input order
			keyOf: (itemIndex) => referenceOf(itemIndex).label,
		},
	);
}
