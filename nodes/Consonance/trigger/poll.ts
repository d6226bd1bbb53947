import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { productSelection, toProductOutput } from '../helpers/product';
import { toWorkOutput, workSelection } from '../helpers/records';
import { consonanceKeysetPages } from '../transport';
import {
	OVERLAP_DAYS,
	PRODUCT_FIELDS,
	STATE_VERSION,
	WORK_FIELDS,
	addDays,
	dayOf,
	daysBetween,
	diffRecord,
	encodeRecord,
	fingerprintSelection,
	packFingerprints,
	unpackFingerprints,
	type TriggerState,
} from './state';

// One poll of the Consonance Trigger. Everything is computed into a new state object; the caller
// stores it only when the whole poll succeeded, so a failed poll changes nothing and the next one
// re-reads the same window.

export type TriggerEvent =
	| 'newProduct'
	| 'productChanged'
	| 'publishingStatusChanged'
	| 'publicationDateApproaching'
	| 'workChanged';

export interface TriggerSettings {
	event: TriggerEvent;
	/** Publishing status changed: statuses that count (empty = any). */
	targetStatuses: string[];
	/** Product changed: the watched fields. */
	watchFields: string[];
	/** Publication date approaching: how many days ahead. */
	daysAhead: number;
}

export interface PollResult {
	events: IDataObject[];
	state: TriggerState;
}

/** How many recent records "Fetch Test Event" shows when nothing changed since the last poll. */
const SAMPLE_SIZE = 5;
const SAMPLE_DAYS = 30;

const PRODUCTS_QUERY = (selection: string) =>
	`query ConsonanceTriggerProducts($search: ProductSearchAttributes) { ` +
	`products(productSearch: $search) { ${selection} } }`;
const WORKS_QUERY = (selection: string) =>
	`query ConsonanceTriggerWorks($search: WorkSearchAttributes) { works(workSearch: $search) { ${selection} } }`;
const WORK_WATCHED = Object.keys(WORK_FIELDS);

export function stateKey(settings: TriggerSettings): string {
	if (settings.event === 'productChanged')
		return `productChanged:${settings.watchFields.join(',')}`;
	if (settings.event === 'publicationDateApproaching')
		return `publicationDateApproaching:${settings.daysAhead}`;
	return settings.event;
}

/** Every product matching `search`, page by page (keyset on id), as GraphQL returned it. */
async function* rawProducts(
	this: IPollFunctions,
	search: IDataObject,
	selection: string,
	limit?: number,
): AsyncGenerator<IDataObject> {
	for await (const page of consonanceKeysetPages.call(this, {
		query: PRODUCTS_QUERY(selection),
		variables: { search },
		searchVariable: 'search',
		listField: 'products',
		limit,
	})) {
		yield* page;
	}
}

/** The same, in the friendly output shape. */
async function* products(
	this: IPollFunctions,
	search: IDataObject,
	limit?: number,
): AsyncGenerator<IDataObject> {
	for await (const product of rawProducts.call(this, search, productSelection(), limit))
		yield toProductOutput(product);
}

const watchedOf = (settings: TriggerSettings) =>
	settings.event === 'productChanged' ? settings.watchFields : ['publishingStatus'];

/**
 * Every work matching `search`, as GraphQL returned it: the output selection plus the fingerprint's
 * fields (GraphQL merges the two), or the fingerprint's alone.
 */
async function* rawWorks(
	this: IPollFunctions,
	search: IDataObject,
	output = true,
	limit?: number,
): AsyncGenerator<IDataObject> {
	const selection = `${output ? workSelection : ''} ${fingerprintSelection(WORK_FIELDS, WORK_WATCHED)}`;
	for await (const page of consonanceKeysetPages.call(this, {
		query: WORKS_QUERY(selection),
		variables: { search },
		searchVariable: 'search',
		listField: 'works',
		limit,
	})) {
		yield* page;
	}
}

/** The ids of every product or work Consonance has: an id-only read of the whole list. */
async function allIds(this: IPollFunctions, listField: 'products' | 'works'): Promise<Set<number>> {
	const ids = new Set<number>();
	for await (const page of consonanceKeysetPages.call(this, {
		query: (listField === 'products' ? PRODUCTS_QUERY : WORKS_QUERY)('id'),
		variables: { search: {} },
		searchVariable: 'search',
		listField,
	}))
		for (const record of page) ids.add(Number(record.id));
	return ids;
}

/**
 * On the first poll of a day, forgets the fingerprints of records that no longer exist (deleted in
 * Consonance: `changedSince` never reports them), so the state does not grow with every deletion.
 * Once a day keeps the cost at one id-only read of the list per day.
 */
async function pruneDeleted(
	this: IPollFunctions,
	fp: Map<number, string>,
	listField: 'products' | 'works',
	newDay: boolean,
): Promise<void> {
	if (!newDay || fp.size === 0) return;
	const existing = await allIds.call(this, listField);
	for (const id of [...fp.keys()]) if (!existing.has(id)) fp.delete(id);
}

const statusMatches = (settings: TriggerSettings, product: IDataObject) =>
	settings.targetStatuses.length === 0 ||
	settings.targetStatuses.includes(
		((product.publishingStatus as IDataObject | null)?.code as string) ?? '',
	);

const inWindow = (date: unknown, today: string, settings: TriggerSettings) =>
	typeof date === 'string' && date >= today && date <= addDays(today, settings.daysAhead);

function approaching(product: IDataObject, today: string): IDataObject {
	return {
		event: 'publicationDateApproaching',
		publicationDate: product.publicationDate,
		daysUntil: daysBetween(today, product.publicationDate as string),
		product,
	};
}

/** First activation (or changed settings): record where things stand and emit nothing. */
async function baseline(
	this: IPollFunctions,
	settings: TriggerSettings,
	today: string,
): Promise<TriggerState> {
	const state: TriggerState = { v: STATE_VERSION, key: stateKey(settings), day: today };
	const fp = new Map<number, string>();
	switch (settings.event) {
		case 'newProduct': {
			let maxId = 0;
			for await (const product of rawProducts.call(this, {}, 'id'))
				maxId = Math.max(maxId, Number(product.id));
			return { ...state, maxId };
		}
		case 'publishingStatusChanged':
		case 'productChanged': {
			// Only the watched fields: a much lighter read of the whole catalogue than the output selection.
			const watched = watchedOf(settings);
			for await (const product of rawProducts.call(
				this,
				{},
				fingerprintSelection(PRODUCT_FIELDS, watched),
			))
				fp.set(Number(product.id), encodeRecord(PRODUCT_FIELDS, watched, product));
			return { ...state, fp: packFingerprints(fp) };
		}
		case 'publicationDateApproaching': {
			const fired: Record<string, string> = {};
			for await (const product of rawProducts.call(
				this,
				{ publicationDateGteq: today, publicationDateLteq: addDays(today, settings.daysAhead) },
				'id publicationDate',
			)) {
				fired[Number(product.id)] = product.publicationDate as string;
			}
			return { ...state, fired };
		}
		case 'workChanged':
			for await (const work of rawWorks.call(this, {}, false))
				fp.set(Number(work.id), encodeRecord(WORK_FIELDS, WORK_WATCHED, work));
			return { ...state, fp: packFingerprints(fp) };
	}
}

/** The events since `previous`, and the state to store once they are delivered. */
async function detect(
	this: IPollFunctions,
	settings: TriggerSettings,
	previous: TriggerState,
	today: string,
): Promise<PollResult> {
	const events: IDataObject[] = [];
	const changedSince = addDays(previous.day, -OVERLAP_DAYS);
	const state: TriggerState = { ...previous, day: today };
	const newDay = today !== previous.day;
	switch (settings.event) {
		case 'newProduct': {
			let maxId = previous.maxId ?? 0;
			for await (const product of products.call(this, { after: maxId })) {
				events.push({ event: 'newProduct', product });
				maxId = Math.max(maxId, product.id as number);
			}
			return { events, state: { ...state, maxId } };
		}
		case 'publishingStatusChanged':
		case 'productChanged': {
			const watched = watchedOf(settings);
			const fp = unpackFingerprints(previous.fp);
			// The output selection plus the fingerprint's own fields (GraphQL merges the two).
			const selection = `${productSelection()} ${fingerprintSelection(PRODUCT_FIELDS, watched)}`;
			for await (const raw of rawProducts.call(this, { changedSince }, selection)) {
				const id = Number(raw.id);
				const next = encodeRecord(PRODUCT_FIELDS, watched, raw);
				const before = fp.get(id);
				fp.set(id, next);
				// A product we never saw is new (the New Product event reports those), not changed.
				if (before === undefined || before === next) continue;
				const product = toProductOutput(raw);
				const changes = diffRecord(PRODUCT_FIELDS, watched, before, raw, product);
				if (settings.event === 'productChanged') {
					events.push({
						event: 'productChanged',
						changedFields: Object.keys(changes),
						changes,
						product,
					});
				} else if (statusMatches(settings, product)) {
					events.push({
						event: 'publishingStatusChanged',
						publishingStatus: changes.publishingStatus,
						product,
					});
				}
			}
			await pruneDeleted.call(this, fp, 'products', newDay);
			return { events, state: { ...state, fp: packFingerprints(fp) } };
		}
		case 'publicationDateApproaching': {
			const fired: Record<string, string> = {};
			for (const [id, date] of Object.entries(previous.fired ?? {}))
				if (date >= today) fired[id] = date; // dates gone by: forget
			const candidates = new Map<number, IDataObject>();
			// Dates that moved (or were set) since the last poll...
			for await (const product of products.call(this, { changedSince }))
				if (inWindow(product.publicationDate, today, settings))
					candidates.set(product.id as number, product);
			// ...and dates the window reached as days went by.
			const lastEnd = addDays(previous.day, settings.daysAhead);
			const end = addDays(today, settings.daysAhead);
			if (end > lastEnd) {
				for await (const product of products.call(this, {
					publicationDateGt: lastEnd,
					publicationDateLteq: end,
				}))
					candidates.set(product.id as number, product);
			}
			for (const product of [...candidates.values()].sort(
				(a, b) => (a.id as number) - (b.id as number),
			)) {
				const id = String(product.id);
				if (fired[id] === product.publicationDate) continue;
				fired[id] = product.publicationDate as string;
				events.push(approaching(product, today));
			}
			return { events, state: { ...state, fired } };
		}
		case 'workChanged': {
			const fp = unpackFingerprints(previous.fp);
			for await (const raw of rawWorks.call(this, { changedSince })) {
				const id = Number(raw.id);
				const next = encodeRecord(WORK_FIELDS, WORK_WATCHED, raw);
				const before = fp.get(id);
				fp.set(id, next);
				if (before === next) continue;
				const work = toWorkOutput(raw);
				if (before === undefined) {
					events.push({
						event: 'workChanged',
						change: 'new',
						changedFields: [],
						changes: {},
						work,
					});
				} else {
					const changes = diffRecord(WORK_FIELDS, WORK_WATCHED, before, raw, work);
					events.push({
						event: 'workChanged',
						change: 'changed',
						changedFields: Object.keys(changes),
						changes,
						work,
					});
				}
			}
			await pruneDeleted.call(this, fp, 'works', newDay);
			return { events, state: { ...state, fp: packFingerprints(fp) } };
		}
	}
}

/** "Fetch Test Event" with nothing new since the last poll: a few recent real records, shaped like the event. */
async function samples(
	this: IPollFunctions,
	settings: TriggerSettings,
	today: string,
): Promise<IDataObject[]> {
	const recent = { changedSince: addDays(today, -SAMPLE_DAYS) };
	const found: IDataObject[] = [];
	const page = 100;
	switch (settings.event) {
		case 'newProduct':
			for await (const product of products.call(this, recent, page))
				found.push({ event: 'newProduct', product });
			return found.slice(-SAMPLE_SIZE);
		case 'productChanged':
			for await (const product of products.call(this, recent, page))
				found.push({ event: 'productChanged', changedFields: [], changes: {}, product });
			return found.slice(-SAMPLE_SIZE);
		case 'publishingStatusChanged':
			for await (const product of products.call(this, recent, page)) {
				if (statusMatches(settings, product))
					found.push({
						event: 'publishingStatusChanged',
						publishingStatus: { from: null, to: product.publishingStatus },
						product,
					});
			}
			return found.slice(-SAMPLE_SIZE);
		case 'publicationDateApproaching':
			for await (const product of products.call(
				this,
				{ publicationDateGteq: today, publicationDateLteq: addDays(today, settings.daysAhead) },
				page,
			))
				found.push(approaching(product, today));
			return found.slice(0, SAMPLE_SIZE);
		case 'workChanged':
			for await (const work of rawWorks.call(this, recent, true, page))
				found.push({
					event: 'workChanged',
					change: 'changed',
					changedFields: [],
					changes: {},
					work: toWorkOutput(work),
				});
			return found.slice(-SAMPLE_SIZE);
	}
}

function validState(value: unknown, settings: TriggerSettings): value is TriggerState {
	const state = value as TriggerState | undefined;
	return (
		!!state &&
		state.v === STATE_VERSION &&
		state.key === stateKey(settings) &&
		typeof state.day === 'string'
	);
}

/**
 * The poll: on an active workflow, baseline silently the first time, then emit real changes once and
 * advance the state; in manual mode ("Fetch Test Event"), read only: what changed since the stored
 * state, or a few recent matching records, without touching the state.
 */
export async function pollConsonance(
	this: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][] | null> {
	const staticData = this.getWorkflowStaticData('node');
	const today = dayOf(Date.now());
	const manual = this.getMode() === 'manual';
	const stored = validState(staticData.state, settings)
		? (staticData.state as TriggerState)
		: undefined;

	let events: IDataObject[];
	if (manual) {
		events = stored ? (await detect.call(this, settings, stored, today)).events : [];
		if (events.length === 0)
			events = (await samples.call(this, settings, today)).map((e) => ({ ...e, testEvent: true }));
	} else if (!stored) {
		staticData.state = await baseline.call(this, settings, today);
		return null;
	} else {
		const result = await detect.call(this, settings, stored, today);
		// Written only when it changed: n8n saves static data whenever it is assigned, so a quiet
		// poll must leave it untouched (then the stored state stays byte-for-byte what it was).
		if (JSON.stringify(result.state) !== JSON.stringify(stored)) staticData.state = result.state;
		events = result.events;
	}
	return events.length ? [this.helpers.returnJsonArray(events)] : null;
}
