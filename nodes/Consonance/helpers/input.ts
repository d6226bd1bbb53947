import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { checkIsbn } from '../../shared/isbn';
import { isbnOf, listOf, textOf } from '../../shared/parameters';
import { consonanceGraphql } from '../transport';
import { PUBLISHING_STATUSES } from './codes';

// Input checks shared by the operations, all made before any call: each error names the item, the
// field (as the UI labels it) and what would be valid.

/** A calendar date as YYYY-MM-DD; an ISO date-time (what n8n's date picker gives) is cut to its date. */
export function checkDate(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	const valid = 'a date as YYYY-MM-DD, e.g. 2026-03-05';
	if (value instanceof Date && !Number.isNaN(value.getTime())) value = value.toISOString();
	// A Luxon DateTime ($now, $today) as an expression may hand it over.
	else if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	)
		value = (value as { toISO(): string }).toISO();
	const text = textOf(this, value, itemIndex, field, { valid });
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
	const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
	if (
		!m ||
		!date ||
		date.getUTCMonth() !== Number(m[2]) - 1 ||
		date.getUTCDate() !== Number(m[3])
	) {
		throw invalidFieldError(this.getNode(), itemIndex, field, `"${text}" is not a date`, valid);
	}
	return `${m[1]}-${m[2]}-${m[3]}`;
}

/** One ISBN, normalised to 13 digits (hyphens/spaces allowed, ISBN-10 converted, check digit verified). */
export function checkIsbnField(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	return isbnOf(this, value, itemIndex, field);
}

/**
 * A list of values from a comma/semicolon/newline separated text or a list (from an expression);
 * whole numbers (IDs, ISBN-13s) are read as their digits, an ISBN-10 that lost its leading zero is
 * refused.
 */
function splitList(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
	valid: string,
	numbersAreIsbns: (n: number) => boolean,
): string[] {
	const entries = Array.isArray(value) ? value : [value];
	entries.forEach((entry, i) => {
		if (typeof entry === 'number' && numbersAreIsbns(entry))
			isbnOf(this, entry, itemIndex, Array.isArray(value) ? `${field}, entry ${i + 1}` : field);
	});
	return listOf(this, value, itemIndex, field, { valid, wholeNumbers: true });
}

/** An ISBN list: each normalised; "No ISBN" placeholders are left out (they name no product). */
export function checkIsbnList(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): string[] {
	const isbns: string[] = [];
	for (const entry of splitList.call(
		this,
		value,
		itemIndex,
		field,
		'ISBN-13s or ISBN-10s separated by commas or new lines',
		() => true,
	)) {
		const isbn = checkIsbn(entry);
		if (isbn.valid) isbns.push(isbn.isbn13);
		else if (isbn.reason !== 'placeholder') {
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				field,
				isbn.message,
				'ISBN-13s or ISBN-10s separated by commas or new lines',
			);
		}
	}
	return [...new Set(isbns)];
}

/** A Consonance record ID: a positive whole number. */
export function checkId(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
	what: string,
): number {
	const text = textOf(this, value, itemIndex, field, {
		valid: 'a whole number, e.g. 5001',
		wholeNumbers: true,
	});
	if (!/^\d{1,15}$/.test(text) || Number(text) <= 0) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			text ? `"${text}" is not a Consonance ${what} ID` : `no ${what} ID was given`,
			`a whole number, e.g. 5001`,
		);
	}
	return Number(text);
}

/** An ONIX list 64 publishing status code (`4` and `04` both mean Active). */
export function checkPublishingStatus(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	const text = textOf(this, value, itemIndex, field, {
		wholeNumbers: true,
		valid: Object.entries(PUBLISHING_STATUSES)
			.map(([c, n]) => `${c} ${n}`)
			.join(', '),
	});
	const code = /^\d$/.test(text) ? `0${text}` : text;
	if (!(code in PUBLISHING_STATUSES)) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			`"${text}" is not an ONIX publishing status (list 64)`,
			Object.entries(PUBLISHING_STATUSES)
				.map(([c, n]) => `${c} ${n}`)
				.join(', '),
		);
	}
	return code;
}

export { readLimit } from '../../shared/listing';

/** An absolute http(s) URL. */
export function checkHttpUrl(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	const text = textOf(this, value, itemIndex, field, {
		valid: 'an absolute URL starting with https:// or http://',
	});
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !/^https?:$/.test(url.protocol)) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			text ? `"${text}" is not an http(s) URL` : 'no URL was given',
			'an absolute URL starting with https:// or http://',
		);
	}
	return text;
}

/** Product IDs and ISBNs from a list, each checked (no call made). */
export interface ProductList {
	ids: number[];
	isbns: string[];
}

export function checkProductList(
	this: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	field: string,
): ProductList {
	const list: ProductList = { ids: [], isbns: [] };
	for (const entry of splitList.call(
		this,
		value,
		itemIndex,
		field,
		'product IDs or ISBNs of this work, separated by commas',
		(n) => n > 999999999,
	)) {
		if (/^\d{1,9}$/.test(entry)) list.ids.push(Number(entry));
		else list.isbns.push(checkIsbnField.call(this, entry, itemIndex, field));
	}
	if (list.ids.length === 0 && list.isbns.length === 0)
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			'no product was given',
			'product IDs or ISBNs of this work, separated by commas',
		);
	return list;
}

/**
 * The IDs of a checked product list, its ISBNs looked up among the work's products in one read. An
 * ISBN no product of the work carries is a named error; IDs are checked by Consonance, whose answer
 * names them.
 */
export async function resolveProductList(
	this: IExecuteFunctions,
	list: ProductList,
	workId: number,
	itemIndex: number,
	field: string,
): Promise<number[]> {
	const ids = [...list.ids];
	if (list.isbns.length > 0) {
		const data = await consonanceGraphql.call(
			this,
			'query ProductsOfWork($search: ProductSearchAttributes, $work: WorkSearchAttributes) { ' +
				'products(productSearch: $search, workSearch: $work) { id isbn { isbn13 } } }',
			{ search: { isbn13In: list.isbns }, work: { idEq: workId } },
			{ itemIndex },
		);
		const found = new Map(
			((data.products as IDataObject[]) ?? []).map((p) => [
				(p.isbn as IDataObject | null)?.isbn13 as string,
				Number(p.id),
			]),
		);
		for (const isbn of list.isbns) {
			const id = found.get(isbn);
			if (id === undefined)
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					field,
					`no product of work ${workId} has ISBN ${isbn}`,
					'IDs or ISBNs of products of this work',
				);
			ids.push(id);
		}
	}
	return [...new Set(ids)];
}
