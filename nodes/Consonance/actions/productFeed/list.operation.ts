import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { checkIsbn } from '../../../shared/isbn';
import { mapItems } from '../../../shared/items';
import { returnAllFields } from '../common.descriptions';
import { PUBLISHING_STATUS_OPTIONS, PUBLISHING_STATUSES } from '../../helpers/codes';
import {
	checkDate,
	checkId,
	checkIsbnField,
	checkPublishingStatus,
	readLimit,
} from '../../helpers/input';
import { consonanceRestAllProducts } from '../../transport';
import { textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			'The legacy REST product feed, as ONIX-minded tools read it (snake_case records, page ' +
			'by page). For anything else prefer Product › Search.',
		name: 'feedNotice',
		type: 'notice',
		default: '',
	},
	...returnAllFields(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Changed Since',
				name: 'changedSince',
				type: 'dateTime',
				default: '',
				description: 'Only products changed at or after this time',
			},
			{
				displayName: 'ISBN',
				name: 'isbn',
				type: 'string',
				default: '',
				placeholder: 'e.g. 978-1-81000-000-8',
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
				displayName: 'Publishing Status',
				name: 'publishingStatus',
				type: 'options',
				options: PUBLISHING_STATUS_OPTIONS,
				default: '04',
			},
			{ displayName: 'Work ID', name: 'workId', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['productFeed'], operation: ['list'] } },
	properties,
);

/** A feed record with the friendly fields every other product output has, the feed's own fields kept. */
function toFeedOutput(record: IDataObject): IDataObject {
	const isbn = checkIsbn(record.isbn);
	const status =
		record.publishing_status === null || record.publishing_status === undefined
			? null
			: String(record.publishing_status);
	return {
		id: Number(record.id),
		isbn13: isbn.valid ? isbn.isbn13 : null,
		title: record.full_title ?? null,
		publicationDate: record.pub_date ?? null,
		publishingStatus: status
			? { code: status, description: PUBLISHING_STATUSES[status] ?? null }
			: null,
		...record,
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.isbn) qs['q[isbn_eq]'] = checkIsbnField.call(this, filters.isbn, itemIndex, 'ISBN');
		if (filters.publishedFrom)
			qs['q[pub_date_gteq]'] = checkDate.call(
				this,
				filters.publishedFrom,
				itemIndex,
				'Published On or After',
			);
		if (filters.publishedTo)
			qs['q[pub_date_lteq]'] = checkDate.call(
				this,
				filters.publishedTo,
				itemIndex,
				'Published On or Before',
			);
		if (filters.publishingStatus)
			qs['q[publishing_status_eq]'] = checkPublishingStatus.call(
				this,
				filters.publishingStatus,
				itemIndex,
				'Publishing Status',
			);
		if (filters.workId)
			qs['q[work_id_eq]'] = checkId.call(this, filters.workId, itemIndex, 'Work ID', 'work');
		if (filters.changedSince) {
			const text = textOf(this, filters.changedSince, itemIndex, 'Changed Since', {
				valid: 'a date or date-time, e.g. 2026-03-05T09:00:00Z',
			});
			const at = Date.parse(text);
			if (Number.isNaN(at))
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Changed Since',
					`"${text}" is not a date`,
					'a date or date-time, e.g. 2026-03-05T09:00:00Z',
				);
			qs['q[updated_at_gteq]'] = new Date(at).toISOString();
		}
		const products = await consonanceRestAllProducts.call(this, qs, {
			itemIndex,
			limit: readLimit.call(this, itemIndex),
		});
		return products.map(toFeedOutput);
	});
}
