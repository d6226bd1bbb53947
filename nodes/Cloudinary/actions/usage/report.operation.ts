import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { dateObjectToDay } from '../../helpers/dates';
import { isCalendarDate } from '../../helpers/metadataValues';
import { cloudinaryRequest } from '../../transport';
import { textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		default: '',
		placeholder: 'e.g. 2026-11-01 (empty for the latest)',
		description:
			'The day to report, as YYYY-MM-DD, from yesterday to about 3 months back; empty for the current figures',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['usage'], operation: ['report'] } },
	properties,
);

const SCOPE_NOTE =
	'Account-level figures for the whole product environment (rolling 30-day credits, ' +
	"storage, bandwidth, transformations, requests). Cloudinary's API has no per-asset or " +
	'per-title delivery figures.';

function readDate(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('date', itemIndex, '') as unknown;
	const picked = dateObjectToDay(raw);
	if (picked) return picked;
	const text = textOf(this, raw, itemIndex, 'Date', {
		required: false,
		valid: 'a date as YYYY-MM-DD, e.g. 2026-11-01, or empty for the current figures',
	});
	// The date picker hands over a date-time (2026-11-01T00:00:00): only its day counts.
	const day = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text)?.[1];
	if (text && !(day && isCalendarDate(day)))
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			'Date',
			`"${text}" is not a date`,
			'a date as YYYY-MM-DD, e.g. 2026-11-01, or empty for the current figures',
		);
	return day ?? '';
}

/** Account usage (Admin API `/usage` or `/usage/<date>`), labelled plainly as account-level. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const date = readDate.call(this, itemIndex);
		const { body } = await cloudinaryRequest.call(this, {
			method: 'GET',
			path: date ? `usage/${date}` : 'usage',
			itemIndex,
		});
		const out: IDataObject = {
			scope: 'account',
			scope_note: SCOPE_NOTE,
			...(date ? { date } : {}),
			...body,
		};
		return out;
	});
}
