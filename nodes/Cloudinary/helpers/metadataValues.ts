import type { INode } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { dateObjectToDay } from './dates';
import { textOf } from '../../shared/parameters';

// Checks on structured-metadata input made before any call: external IDs (permanent, so a typo
// matters) and values (dates as real YYYY-MM-DD calendar days, lists for multi-select fields).

const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,255}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkExternalId(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const valid =
		'letters, digits, "_" and "-" (up to 255), e.g. publication_date; see Metadata Field › Get Many';
	const id = textOf({ getNode: () => node }, value, itemIndex, field, { valid });
	if (!EXTERNAL_ID.test(id)) {
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			id ? `"${id}" is not a metadata field external ID` : 'a field has no external ID',
			'letters, digits, "_" and "-" (up to 255), e.g. publication_date; see Metadata Field › Get Many',
		);
	}
	return id;
}

/** Whether YYYY-MM-DD names a real day. */
export function isCalendarDate(text: string): boolean {
	const m = DATE_ONLY.exec(text);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return (
		d.getUTCFullYear() === Number(m[1]) &&
		d.getUTCMonth() === Number(m[2]) - 1 &&
		d.getUTCDate() === Number(m[3])
	);
}

/** A metadata value ready for encodeMetadata: text, or a list for multi-select fields. */
export function metadataValue(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): string | string[] {
	const date = dateObjectToDay(value);
	if (date) return date;
	if (Array.isArray(value)) return value.map((v) => String(v ?? '').trim()).filter(Boolean);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	const text = String(value ?? '').trim();
	if (text === '')
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			'the value is empty',
			'a value; to empty a field use the Clear Metadata operation',
		);
	if (text.startsWith('[') && text.endsWith(']')) {
		try {
			const list = JSON.parse(text);
			if (Array.isArray(list)) return list.map((v) => String(v));
		} catch {
			throw invalidFieldError(
				node,
				itemIndex,
				field,
				`${text} is not a JSON list`,
				'a JSON list such as ["gb","ie"]',
			);
		}
	}
	if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !isCalendarDate(text))
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			`${text} is not a real date`,
			'a date as YYYY-MM-DD, e.g. 2026-09-01',
		);
	return text;
}
