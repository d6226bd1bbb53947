import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { PUBLISHING_STATUSES } from '../helpers/codes';
import { onixCode } from '../helpers/outputValues';

// What the trigger remembers between polls (workflow static data, so it survives restarts and is
// shared by queue-mode workers), and the compact per-record fingerprints it compares.

export const STATE_VERSION = 1;
/**
 * `changedSince` is a date (no time, Consonance's time zone): re-read one extra day so no edit
 * falls between two polls.
 */
export const OVERLAP_DAYS = 1;
const DAY_MS = 86400000;

export interface TriggerState {
	v: number;
	/** The event and the settings that shape the state; another key means a silent re-baseline. */
	key: string;
	/** UTC date the last successful poll started. */
	day: string;
	/** New product: the highest product id seen; new products are those above it. */
	maxId?: number;
	/** Product/status/work events: every record's fingerprint, packed (see packFingerprints). */
	fp?: string;
	/** Publication date approaching: id → the publication date already announced (dates gone by are dropped). */
	fired?: Record<string, string>;
}

export function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
	return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

// ---- field codes: each watched field becomes a fixed-width code, so a record's fingerprint is their concatenation

/** A 4-character (24-bit) digest: enough to tell that a field changed, small enough for 20,000 records. */
const HASH_WIDTH = 4;
function shortHash(value: unknown): string {
	return createHash('sha1')
		.update(JSON.stringify(value ?? null))
		.digest('base64url')
		.slice(0, HASH_WIDTH);
}

interface Kept {
	width: number;
	encode: (value: unknown) => string;
	decode: (code: string) => unknown;
}

const EMPTY = '-';
const pad = (code: string, width: number) =>
	code === '' ? EMPTY.repeat(width) : code.padStart(width, '0');
const isEmpty = (code: string) => /^-+$/.test(code);

/** ONIX codes (status, product form): always two characters. */
const twoCharCode: Kept = {
	width: 2,
	encode: (v) => pad(onixCode(v) ?? '', 2),
	decode: (c) => (isEmpty(c) ? null : c),
};
/** Dates: base-36 day number, 3 characters for 1970–2097; a date outside that (a typo) is kept as a hash. */
const dateCode: Kept = {
	width: 3,
	encode: (v) => {
		if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return pad('', 3);
		const day = Math.round(Date.parse(`${v.slice(0, 10)}T00:00:00Z`) / DAY_MS);
		return day >= 0 && day < 36 ** 3 ? pad(day.toString(36), 3) : `+${shortHash(v).slice(0, 2)}`;
	},
	decode: (c) => (isEmpty(c) || c.startsWith('+') ? null : dayOf(parseInt(c, 36) * DAY_MS)),
};
/** ISBN-13: 13 digits as base 36, 9 characters. */
const isbnCode: Kept = {
	width: 9,
	encode: (v) => pad(typeof v === 'string' && /^\d{13}$/.test(v) ? Number(v).toString(36) : '', 9),
	decode: (c) => (isEmpty(c) ? null : String(parseInt(c, 36)).padStart(13, '0')),
};

/**
 * A watched field: where its value comes from in the GraphQL record (`select`, `value`: read from
 * the raw record with explicit keys, so a richer output selection elsewhere never changes the
 * fingerprint), and what the output shows (`output`, from the friendly product). `kept` fields are
 * stored as short values, so the output can say old → new; the others only as a short hash.
 */
interface WatchedField {
	label: string;
	select: string;
	value: (raw: IDataObject) => unknown;
	output: (friendly: IDataObject) => unknown;
	kept?: Kept;
}

const obj = (v: unknown) => (v ?? {}) as IDataObject;
const pick = (v: unknown, keys: string[]) =>
	v === null || v === undefined ? null : keys.map((k) => obj(v)[k] ?? null);
const list = (v: unknown, keys: string[]) =>
	((v as IDataObject[] | null) ?? []).map((x) => pick(x, keys));

export const PRODUCT_FIELDS: Record<string, WatchedField> = {
	publishingStatus: {
		label: 'Publishing Status',
		select: 'onixPublishingStatusCode',
		value: (r) => r.onixPublishingStatusCode,
		output: (p) => p.publishingStatus,
		kept: {
			...twoCharCode,
			decode: (c) => (isEmpty(c) ? null : { code: c, description: PUBLISHING_STATUSES[c] ?? null }),
		},
	},
	publicationDate: {
		label: 'Publication Date',
		select: 'publicationDate',
		value: (r) => r.publicationDate,
		output: (p) => p.publicationDate,
		kept: dateCode,
	},
	plannedPublicationDate: {
		label: 'Planned Publication Date',
		select: 'plannedPublicationDate',
		value: (r) => r.plannedPublicationDate,
		output: (p) => p.plannedPublicationDate,
		kept: dateCode,
	},
	isbn13: {
		label: 'ISBN-13',
		select: 'isbn { isbn13 }',
		value: (r) => obj(r.isbn).isbn13,
		output: (p) => p.isbn13,
		kept: isbnCode,
	},
	productForm: {
		label: 'Product Form',
		select: 'onix21ProductFormCode',
		value: (r) => r.onix21ProductFormCode,
		output: (p) => p.productForm,
		kept: { ...twoCharCode, decode: (c) => (isEmpty(c) ? null : { code: c }) },
	},
	title: {
		label: 'Title and Subtitle',
		select: 'fullTitle subtitle',
		value: (r) => [r.fullTitle, r.subtitle],
		output: (p) => ({ title: p.title, subtitle: p.subtitle }),
	},
	authorship: {
		label: 'Authorship',
		select: 'authorshipDescription',
		value: (r) => r.authorshipDescription,
		output: (p) => p.authorship,
	},
	edition: {
		label: 'Edition',
		select: 'inHouseEdition { name }',
		value: (r) => obj(r.inHouseEdition).name,
		output: (p) => p.edition,
	},
	territories: {
		label: 'Sales Territories',
		select: 'forSaleCountryCodes notForSaleCountryCodes salesRightsDescription',
		value: (r) =>
			pick(r, ['forSaleCountryCodes', 'notForSaleCountryCodes', 'salesRightsDescription']),
		output: (p) => p.territories,
	},
	prices: {
		label: 'Prices',
		select: 'prices { amount currencyCode onixPriceTypeCode onixPriceTypeQualifierCode }',
		value: (r) =>
			list(r.prices, ['amount', 'currencyCode', 'onixPriceTypeCode', 'onixPriceTypeQualifierCode']),
		output: (p) => p.prices,
	},
	dimensions: {
		label: 'Dimensions and Page Count',
		select:
			'... on PhysicalBookProduct { productHeight(unit: MM) productWidth(unit: MM) ' +
			'productThickness(unit: MM) approximatePageCount }',
		value: (r) =>
			pick(r, ['productHeight', 'productWidth', 'productThickness', 'approximatePageCount']),
		output: (p) => ({ dimensions: p.dimensions, pageCount: p.pageCount }),
	},
	webLinks: {
		label: 'Web Links',
		select: 'webLinks { link role note }',
		value: (r) => list(r.webLinks, ['link', 'role', 'note']),
		output: (p) => p.webLinks,
	},
	work: {
		label: 'Work (Imprint, Series, Work Title)',
		select:
			'work { id title subtitle imprint { id } seriesMemberships { partNumber series { id } } }',
		value: (r) => {
			const w = obj(r.work);
			return [
				w.id,
				w.title,
				w.subtitle,
				obj(w.imprint).id ?? null,
				((w.seriesMemberships as IDataObject[] | null) ?? []).map((m) => [
					obj(m.series).id,
					m.partNumber,
				]),
			];
		},
		output: (p) => p.work,
	},
};

export const DEFAULT_PRODUCT_FIELDS = [
	'publishingStatus',
	'publicationDate',
	'isbn13',
	'title',
	'prices',
	'territories',
];

export const WORK_FIELDS: Record<string, WatchedField> = {
	title: {
		label: 'Title and Subtitle',
		select: 'title subtitle',
		value: (r) => [r.title, r.subtitle],
		output: (w) => ({ title: w.title, subtitle: w.subtitle }),
	},
	contributors: {
		label: 'Contributors',
		select: 'authorshipDescription contributorPrettyList',
		value: (r) => [r.authorshipDescription, r.contributorPrettyList],
		output: (w) => ({ authorship: w.authorship, contributors: w.contributors }),
	},
	imprint: {
		label: 'Imprint',
		select: 'imprint { id }',
		value: (r) => obj(r.imprint).id ?? null,
		output: (w) => w.imprint,
	},
	series: {
		label: 'Series',
		select: 'seriesMemberships { partNumber series { id } }',
		value: (r) =>
			((r.seriesMemberships as IDataObject[] | null) ?? []).map((m) => [
				obj(m.series).id,
				m.partNumber,
			]),
		output: (w) => w.series,
	},
	classification: {
		label: 'Work Type, Stage, Season, Tier',
		select: 'workType projectStage season marketingTier',
		value: (r) => pick(r, ['workType', 'projectStage', 'season', 'marketingTier']),
		output: (w) => ({
			workType: w.workType,
			projectStage: w.projectStage,
			season: w.season,
			marketingTier: w.marketingTier,
		}),
	},
	products: {
		label: 'Products',
		select: 'products { id }',
		value: (r) =>
			((r.products as IDataObject[] | null) ?? []).map((p) => Number(p.id)).sort((a, b) => a - b),
		output: (w) => w.products,
	},
};

/** The GraphQL selection the fingerprint of these fields needs. */
export function fingerprintSelection(
	fields: Record<string, WatchedField>,
	watched: string[],
): string {
	return ['id', ...watched.map((name) => fields[name].select)].join(' ');
}

const widthOf = (field: WatchedField) => field.kept?.width ?? HASH_WIDTH;

/** The fingerprint of a record: one fixed-width code per watched field, concatenated. */
export function encodeRecord(
	fields: Record<string, WatchedField>,
	watched: string[],
	raw: IDataObject,
): string {
	return watched
		.map((name) => {
			const field = fields[name];
			const value = field.value(raw);
			return field.kept ? field.kept.encode(value) : shortHash(value);
		})
		.join('');
}

/** The watched fields whose code differs, each with `to` (and `from` where the old value is kept). */
export function diffRecord(
	fields: Record<string, WatchedField>,
	watched: string[],
	previous: string,
	raw: IDataObject,
	friendly: IDataObject,
): IDataObject {
	const next = encodeRecord(fields, watched, raw);
	const changes: IDataObject = {};
	let at = 0;
	for (const name of watched) {
		const field = fields[name];
		const width = widthOf(field);
		const before = previous.slice(at, at + width);
		at += width;
		if (before === next.slice(at - width, at)) continue;
		const to = field.output(friendly) as IDataObject;
		changes[name] = field.kept ? { from: field.kept.decode(before) as IDataObject, to } : { to };
	}
	return changes;
}

/**
 * Fingerprints packed into one string: `<id delta, base 36>.<fingerprint>` per record, ascending id,
 * comma-separated. About a fifth of the size of a JSON object keyed by id.
 */
export function packFingerprints(fp: Map<number, string>): string {
	let previous = 0;
	const parts: string[] = [];
	for (const id of [...fp.keys()].sort((a, b) => a - b)) {
		parts.push(`${(id - previous).toString(36)}.${fp.get(id)}`);
		previous = id;
	}
	return parts.join(',');
}

export function unpackFingerprints(packed: string | undefined): Map<number, string> {
	const fp = new Map<number, string>();
	if (!packed) return fp;
	let id = 0;
	for (const part of packed.split(',')) {
		const dot = part.indexOf('.');
		id += parseInt(part.slice(0, dot), 36);
		fp.set(id, part.slice(dot + 1));
	}
	return fp;
}
