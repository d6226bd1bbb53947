// Consonance Trigger inside n8n's engine (n8n-core's PollTriggerExecutor / PollContext, and
// WorkflowExecute for "Fetch Test Event"), polling the Consonance emulator while the tests edit
// titles through the sandbox's control API, "as a user in the Consonance UI", between two polls.
import axios from 'axios';
import { runPoll } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';
import { unpackFingerprints } from '../../nodes/Consonance/trigger/state';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>;
type Poll = Awaited<ReturnType<typeof runPoll>>;
let sb: TestSandbox;

const DAY = 86400000;
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
beforeEach(async () => {
	await sb.control.post('/reset', {});
});

const NODE = 'Poll Under Test';
const stateOf = (staticData: Json) => staticData[`node:${NODE}`]?.state;

function poll(parameters: Json, staticData?: Json, extra: Json = {}): Promise<Poll> {
	return runPoll({
		node: 'consonanceTrigger',
		nodeName: NODE,
		parameters,
		credentials: sb.credentials,
		staticData,
		...extra,
	});
}

/** Activation: the first poll, which must only baseline. */
async function activate(parameters: Json): Promise<Json> {
	const first = await poll(parameters, undefined, { activation: true });
	expect(first.status).toBe('success');
	expect(first.emitted).toBe(false);
	expect(first.items).toEqual([]);
	expect(stateOf(first.persisted ?? {})).toBeDefined(); // n8n writes the baseline when activating
	return first.staticData;
}

async function editProduct(id: number, changes: Json) {
	const res = await sb.control.post(`/consonance/products/${id}`, changes);
	expect(res.status).toBe(200);
	return res.data;
}

const product = (id: number) =>
	sb.control.get(`/consonance/state/products/${id}`).then((r) => r.data);
const products = (): Json[] => sb.sandbox.catalogue.products;

/** Asks the emulator's own GraphQL API which products `changedSince` returns. */
async function changedSinceIds(day: string): Promise<number[]> {
	const ids: number[] = [];
	let after = 0;
	for (;;) {
		const res = await axios.post(
			`${sb.info.consonance.baseUrl}/graphql`,
			{
				query: 'query($s: ProductSearchAttributes){ products(productSearch: $s) { id } }',
				variables: { s: { changedSince: day, after } },
			},
			{ headers: { Authorization: `Bearer ${sb.info.consonance.apiKey}` } },
		);
		const page = res.data.data.products as Json[];
		if (!page.length) return ids;
		ids.push(...page.map((p) => p.id));
		after = page[page.length - 1].id;
	}
}

describe('Consonance Trigger › Publishing Status Changed', () => {
	const params = { event: 'publishingStatusChanged', targetStatuses: [] };

	it('emits a status change between two polls once, with old → new, not on the day-overlap re-read', async () => {
		let data = await activate(params);
		const target = products().find((p) => p.publishingStatus === '02')!;
		await editProduct(target.id, { publishingStatus: '04' });

		const second = await poll(params, data);
		expect(second.status).toBe('success');
		expect(second.items).toHaveLength(1);
		expect(second.items[0]).toMatchObject({
			event: 'publishingStatusChanged',
			publishingStatus: {
				from: { code: '02', description: 'Forthcoming' },
				to: { code: '04', description: 'Active' },
			},
			product: { id: target.id, isbn13: target.isbn13, publishingStatus: { code: '04' } },
		});
		expect(stateOf(second.persisted!)).toEqual(stateOf(second.staticData)); // emitted: n8n saved the new state
		data = second.staticData;

		// The next poll re-reads the same day (changedSince is a date): the product is in the feed again...
		const state = stateOf(data);
		expect(await changedSinceIds(addDays(state.day, -1))).toContain(target.id);
		// ...and is not emitted again, on this poll or the one after.
		for (let i = 0; i < 2; i++) {
			const again = await poll(params, data);
			expect(again.status).toBe('success');
			expect(again.emitted).toBe(false);
			data = again.staticData;
		}
		expect((await product(target.id)).publishingStatus).toBe('04');
	});

	it('only emits changes to the target statuses, and still tracks the others', async () => {
		const filtered = { event: 'publishingStatusChanged', targetStatuses: ['07'] };
		let data = await activate(filtered);
		const [a, b] = products().filter((p) => p.publishingStatus === '04');
		await editProduct(a.id, { publishingStatus: '06' }); // not a target
		await editProduct(b.id, { publishingStatus: '07' }); // target
		const next = await poll(filtered, data);
		expect(next.items.map((i) => i.product.id)).toEqual([b.id]);
		expect(next.items[0].publishingStatus).toEqual({
			from: { code: '04', description: 'Active' },
			to: { code: '07', description: 'Out of print' },
		});
		data = next.staticData;
		// a's later move to a target status is reported from its real previous status (06), once.
		await editProduct(a.id, { publishingStatus: '07' });
		const later = await poll(filtered, data);
		expect(later.items).toHaveLength(1);
		expect(later.items[0]).toMatchObject({
			product: { id: a.id },
			publishingStatus: { from: { code: '06' }, to: { code: '07' } },
		});
		expect((await poll(filtered, later.staticData)).emitted).toBe(false);
	});

	it('catches a change Consonance dated the day before our last poll (its clock or time zone behind)', async () => {
		const data = await activate(params);
		// noon of the previous UTC day, whatever the time of day the test runs at
		const sinceMidnight = Date.now() % (24 * 3600 * 1000);
		await sb.control.post('/clock', { offsetMs: -(sinceMidnight + 12 * 3600 * 1000) });
		const target = products().find((p) => p.publishingStatus === '04')!;
		await editProduct(target.id, { publishingStatus: '07' });
		await sb.control.post('/clock', { reset: true });
		expect((await product(target.id)).changedAt.slice(0, 10) < stateOf(data).day).toBe(true);

		const next = await poll(params, data);
		expect(next.items.map((i) => [i.product.id, i.publishingStatus.to.code])).toEqual([
			[target.id, '07'],
		]);
		expect((await poll(params, next.staticData)).emitted).toBe(false);
	});

	it('a failed poll leaves static data unchanged, and the next poll emits the change', async () => {
		const data = await activate(params);
		const target = products().find((p) => p.publishingStatus === '02')!;
		await editProduct(target.id, { publishingStatus: '04' });
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 500,
			path: '/graphql',
		});
		const failed = await poll(params, data);
		expect(failed.status).toBe('error');
		expect(String(failed.error.message)).toMatch(/Consonance.*500/);
		expect(failed.staticData).toEqual(data);
		expect(failed.persisted).toBeNull();
		const hit = (await sb.requests('consonance')).filter((r: Json) => r.fault === 'status');
		expect(hit.length).toBeGreaterThan(1); // a read: retried with backoff before giving up

		await sb.control.delete('/faults');
		const next = await poll(params, failed.staticData);
		expect(next.items.map((i) => i.product.id)).toEqual([target.id]);
		expect((await poll(params, next.staticData)).emitted).toBe(false);
	});

	it('manual "Fetch Test Event" shows the pending change without moving the cursor or touching state', async () => {
		const data = await activate(params);
		const target = products().find((p) => p.publishingStatus === '02')!;
		await editProduct(target.id, { publishingStatus: '04' });

		for (let i = 0; i < 2; i++) {
			const manual = await poll(params, data, { mode: 'manual' });
			expect(manual.status).toBe('success');
			expect(manual.items.map((x) => x.product.id)).toEqual([target.id]);
			expect(manual.items[0].publishingStatus.from.code).toBe('02');
			expect(manual.staticData).toEqual(data);
			expect(manual.persisted).toBeNull();
		}
		// The active workflow still gets it, once.
		const next = await poll(params, data);
		expect(next.items.map((x) => x.product.id)).toEqual([target.id]);
	});

	it('manual mode before any activation returns recent real matches and stores nothing', async () => {
		const manual = await poll(
			{ event: 'publishingStatusChanged', targetStatuses: ['02'] },
			undefined,
			{ mode: 'manual' },
		);
		expect(manual.status).toBe('success');
		expect(manual.items.length).toBeGreaterThan(0);
		for (const item of manual.items) {
			expect(item).toMatchObject({
				event: 'publishingStatusChanged',
				testEvent: true,
				publishingStatus: { to: { code: '02' } },
			});
			expect((await product(item.product.id)).publishingStatus).toBe('02');
		}
		expect(stateOf(manual.staticData)).toBeUndefined();
		expect(manual.persisted).toBeNull();
	});
});

describe('Consonance Trigger › Product Changed', () => {
	const params = {
		event: 'productChanged',
		watchFields: ['publishingStatus', 'publicationDate', 'isbn13', 'title', 'prices'],
	};

	it('says which watched fields changed, with old → new, once', async () => {
		const data = await activate(params);
		const target = products().find((p) => p.publishingStatus === '02' && p.publicationDate)!;
		const newDate = addDays(target.publicationDate, 14);
		await editProduct(target.id, {
			publicationDate: newDate,
			title: 'A Completely New Title',
			pageCount: 999,
		});
		const next = await poll(params, data);
		expect(next.items).toHaveLength(1);
		const [event] = next.items;
		expect(event.product.id).toBe(target.id);
		expect(event.changedFields.sort()).toEqual(['publicationDate', 'title']); // page count is not watched
		expect(event.changes.publicationDate).toEqual({ from: target.publicationDate, to: newDate });
		expect(event.changes.title.to).toMatchObject({ title: 'A Completely New Title' });
		expect(event.product.publicationDate).toBe((await product(target.id)).publicationDate);
		expect((await poll(params, next.staticData)).emitted).toBe(false);
	});

	it('ignores edits that leave watched fields as they were', async () => {
		const data = await activate(params);
		const target = products()[5];
		await editProduct(target.id, { pageCount: 321 }); // changed in Consonance, but not watched
		await editProduct(products()[6].id, { publishingStatus: products()[6].publishingStatus }); // touched, same value
		expect((await changedSinceIds(today())).length).toBeGreaterThan(0);
		expect((await poll(params, data)).emitted).toBe(false);
	});

	it('a different watch list re-baselines silently', async () => {
		const data = await activate(params);
		await editProduct(products()[0].id, { publishingStatus: '07' });
		const other = await poll({ event: 'productChanged', watchFields: ['prices'] }, data);
		expect(other.emitted).toBe(false);
		expect(stateOf(other.staticData).key).toBe('productChanged:prices');
	});

	it('rejects an empty watch list before calling Consonance', async () => {
		const since = await sb.lastSeq('consonance');
		const result = await poll({ event: 'productChanged', watchFields: [] }, undefined, {
			activation: true,
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toMatch(/Watch Fields/);
		expect(await sb.requests('consonance', since)).toHaveLength(0);
	});
});

describe('Consonance Trigger › New Product', () => {
	const params = { event: 'newProduct' };

	it('emits a product created in Consonance once', async () => {
		const data = await activate(params);
		const work = sb.sandbox.catalogue.works[2];
		const created = await sb.control.post('/consonance/products', {
			workId: work.id,
			productForm: 'DG',
			publicationDate: addDays(today(), 60),
		});
		expect(created.status).toBe(201);
		const next = await poll(params, data);
		expect(next.items).toHaveLength(1);
		expect(next.items[0]).toMatchObject({
			event: 'newProduct',
			product: { id: created.data.id, work: { id: work.id }, productForm: { code: 'DG' } },
		});
		expect(stateOf(next.staticData).maxId).toBe(created.data.id);
		// an edit of an existing product is not "new"
		await editProduct(products()[1].id, { publishingStatus: '07' });
		expect((await poll(params, next.staticData)).emitted).toBe(false);
	});
});

describe('Consonance Trigger › Publication Date Approaching', () => {
	const params = { event: 'publicationDateApproaching', daysAhead: 10 };

	it('baselines products already in the window, then emits once per product and date', async () => {
		const first = await poll(params, undefined, { activation: true });
		expect(first.emitted).toBe(false);
		const inWindow = products().filter(
			(p) => p.publicationDate >= today() && p.publicationDate <= addDays(today(), 10),
		);
		expect(Object.keys(stateOf(first.staticData).fired).map(Number).sort()).toEqual(
			inWindow.map((p) => p.id).sort(),
		);

		const [a, b] = products().filter((p) => p.publicationDate > addDays(today(), 60));
		await editProduct(a.id, { publicationDate: addDays(today(), 5) }); // into the window
		await editProduct(b.id, { publicationDate: addDays(today(), 40) }); // still outside
		const next = await poll(params, first.staticData);
		expect(next.items).toHaveLength(1);
		expect(next.items[0]).toMatchObject({
			event: 'publicationDateApproaching',
			publicationDate: addDays(today(), 5),
			daysUntil: 5,
			product: { id: a.id },
		});
		const quiet = await poll(params, next.staticData);
		expect(quiet.emitted).toBe(false);

		// The date moves: it fires again, for the new date.
		await editProduct(a.id, { publicationDate: addDays(today(), 8) });
		const moved = await poll(params, quiet.staticData);
		expect(moved.items.map((i) => [i.product.id, i.daysUntil])).toEqual([[a.id, 8]]);
	});

	it('emits products the window reaches as days go by (the last poll was yesterday)', async () => {
		const first = await poll(params, undefined, { activation: true });
		const edge = products().find((p) => p.publicationDate > addDays(today(), 60))!;
		// Pretend the last poll ran yesterday, and the product's date was set days before that (so its
		// edit is outside the changedSince window: only the window moving can find it now).
		const data = JSON.parse(JSON.stringify(first.staticData));
		stateOf(data).day = addDays(today(), -1);
		await sb.control.post('/clock', { offsetMs: -3 * DAY });
		await editProduct(edge.id, { publicationDate: addDays(today(), 10) });
		await sb.control.post('/clock', { reset: true });
		const next = await poll(params, data);
		expect(next.items.map((i) => i.product.id)).toContain(edge.id);
		expect(next.items.find((i) => i.product.id === edge.id).daysUntil).toBe(10);
		// dates already gone by are forgotten: state stays the size of the window
		expect(
			Object.values(stateOf(next.staticData).fired).every((d) => (d as string) >= today()),
		).toBe(true);
	});
});

describe('Consonance Trigger › New or Changed Work', () => {
	const params = { event: 'workChanged' };

	it('emits a work whose title changed, once, naming the field', async () => {
		const data = await activate(params);
		const work = sb.sandbox.catalogue.works[4];
		const res = await sb.control.post(`/consonance/works/${work.id}`, {
			title: 'The Renamed Work',
		});
		expect(res.status).toBe(200);
		const next = await poll(params, data);
		expect(next.items).toHaveLength(1);
		expect(next.items[0]).toMatchObject({
			event: 'workChanged',
			change: 'changed',
			changedFields: ['title'],
			changes: { title: { to: { title: 'The Renamed Work' } } },
			work: { id: work.id, title: 'The Renamed Work' },
		});
		expect((await poll(params, next.staticData)).emitted).toBe(false);
	});

	it('a new product on a work changes the work’s products', async () => {
		const data = await activate(params);
		const work = sb.sandbox.catalogue.works[7];
		const created = await sb.control.post('/consonance/products', {
			workId: work.id,
			productForm: 'AJ',
		});
		expect(created.status).toBe(201);
		const next = await poll(params, data);
		expect(next.items).toHaveLength(1);
		expect(next.items[0]).toMatchObject({
			change: 'changed',
			changedFields: ['products'],
			work: { id: work.id },
		});
		const ids = next.items[0].work.products.map((p: Json) => p.id);
		expect(ids).toContain(created.data.id);
		expect(ids.sort()).toEqual(
			(await sb.control.get(`/consonance/state/works/${work.id}`)).data.productIds.sort(),
		);
	});
});

describe('Consonance Trigger › stored state', () => {
	const EVENTS: Json[] = [
		{ event: 'newProduct' },
		{ event: 'publishingStatusChanged', targetStatuses: [] },
		{ event: 'productChanged' },
		{ event: 'publicationDateApproaching', daysAhead: 30 },
		{ event: 'workChanged' },
	];

	it.each(EVENTS)(
		'$event: a quiet poll leaves the stored state byte-for-byte untouched, and not marked changed',
		async (params) => {
			const data = await activate(params);
			const before = JSON.stringify(data);
			for (let i = 0; i < 2; i++) {
				const quiet = await poll(params, data);
				expect(quiet.status).toBe('success');
				expect(quiet.emitted).toBe(false);
				expect(JSON.stringify(quiet.staticData)).toBe(before);
				// No key of the static data was assigned or deleted: n8n has nothing to write.
				expect(quiet.markedChanged).toBe(false);
				expect(quiet.persisted).toBeNull();
			}
		},
	);

	it('a change is still stored, and the first poll of a new day stores the new date', async () => {
		const params = { event: 'publishingStatusChanged', targetStatuses: [] };
		const data = await activate(params);
		const target = products().find((p) => p.publishingStatus === '04')!;
		await editProduct(target.id, { publishingStatus: '07' });
		const changed = await poll(params, data);
		expect(changed.items).toHaveLength(1);
		expect(stateOf(changed.persisted!)).toEqual(stateOf(changed.staticData));
		const yesterday = JSON.parse(JSON.stringify(changed.staticData));
		stateOf(yesterday).day = addDays(today(), -1);
		const nextDay = await poll(params, yesterday);
		expect(nextDay.emitted).toBe(false);
		expect(nextDay.markedChanged).toBe(true);
		expect(stateOf(nextDay.staticData).day).toBe(today());
	});

	it('forgets products deleted in Consonance on the first poll of a new day', async () => {
		const params = { event: 'productChanged' };
		const data = await activate(params);
		const ids = () => [...unpackFingerprints(stateOf(data).fp).keys()];
		const all = ids();
		expect(all).toHaveLength(products().length);
		const [gone, alsoGone] = [all[3], all[all.length - 1]];
		for (const id of [gone, alsoGone])
			expect((await sb.control.delete(`/consonance/products/${id}`)).status).toBe(200);
		expect(products().some((p) => p.id === gone)).toBe(true); // the seed list; the store lost it
		expect((await sb.control.get(`/consonance/state/products/${gone}`)).status).toBe(404);

		// Same day: no extra read of the whole catalogue, state untouched.
		const since = await sb.lastSeq('consonance');
		const sameDay = await poll(params, data);
		expect(sameDay.markedChanged).toBe(false);
		const sameDayRequests = (await sb.requests('consonance', since)).length;

		const yesterday = JSON.parse(JSON.stringify(data));
		stateOf(yesterday).day = addDays(today(), -1);
		const since2 = await sb.lastSeq('consonance');
		const nextDay = await poll(params, yesterday);
		expect(nextDay.status).toBe('success');
		expect(nextDay.emitted).toBe(false);
		const kept = [...unpackFingerprints(stateOf(nextDay.staticData).fp).keys()];
		expect(kept).toEqual(all.filter((id) => id !== gone && id !== alsoGone));
		// The daily clean-up is one id-only read of the catalogue on top of the usual feed.
		const nextDayRequests = await sb.requests('consonance', since2);
		expect(nextDayRequests.length).toBeGreaterThan(sameDayRequests);
	});
});
