// Consonance Trigger on a 20,000-product catalogue: the state it keeps in workflow static data stays
// bounded (a short fingerprint per product, nothing per poll or per change), and a poll reads what
// changed, not the catalogue.
import { runPoll } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCatalogue } = require('../../sandbox/seed/catalogue');

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>;
let sb: TestSandbox;
let catalogue: { products: Json[] };

const PRODUCTS = 20000;
const DAY = 86400000;
const NODE = 'Poll Under Test';
const stateOf = (staticData: Json) => staticData[`node:${NODE}`].state;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

jest.setTimeout(240000);

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: PRODUCTS } });
	// A settled catalogue: last edited days ago (a fresh seed dates every forthcoming title "today").
	catalogue = generateCatalogue({ products: PRODUCTS, today: new Date(Date.now() - 10 * DAY) });
	sb.sandbox.consonance.reset(catalogue);
});
afterAll(async () => {
	await sb?.stop();
});

const poll = (parameters: Json, staticData?: Json, extra: Json = {}) =>
	runPoll({
		node: 'consonanceTrigger',
		nodeName: NODE,
		parameters,
		credentials: sb.credentials,
		staticData,
		...extra,
	});

async function requestsDuring<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const since = await sb.lastSeq('consonance');
	const result = await fn();
	return [result, (await sb.requests('consonance', since)).length];
}

it('keeps one short fingerprint per product, whatever the number of polls and changes', async () => {
	const params = { event: 'publishingStatusChanged', targetStatuses: [] };
	const first = await poll(params, undefined, { activation: true });
	expect(first.status).toBe('success');
	const baseline = stateOf(first.staticData);
	expect(baseline.fp.split(',')).toHaveLength(PRODUCTS);
	const baselineBytes = bytes(first.staticData);
	expect(baselineBytes / PRODUCTS).toBeLessThan(8);

	// A quiet poll reads one empty page of the change feed.
	const [quiet, quietRequests] = await requestsDuring(() => poll(params, first.staticData));
	expect(quiet.emitted).toBe(false);
	expect(quietRequests).toBe(1);

	let data = quiet.staticData;
	const products = catalogue.products;
	for (let round = 0; round < 3; round++) {
		const edited = products.slice(round * 700, round * 700 + 25);
		for (const p of edited) {
			const current = (await sb.control.get(`/consonance/state/products/${p.id}`)).data
				.publishingStatus;
			await sb.control.post(`/consonance/products/${p.id}`, {
				publishingStatus: current === '04' ? '07' : '04',
			});
		}
		const [next, requests] = await requestsDuring(() => poll(params, data));
		expect(next.items.map((i) => i.product.id).sort()).toEqual(edited.map((p) => p.id).sort());
		// the day's changes, not the catalogue
		expect(requests).toBeLessThanOrEqual(1 + Math.ceil((25 * (round + 1)) / 100));
		data = next.staticData;
	}
	expect(stateOf(data).fp.split(',')).toHaveLength(PRODUCTS);
	expect(Math.abs(bytes(data) - baselineBytes)).toBeLessThan(64);
});

it('Product Changed with the default watched fields stays within a few dozen bytes per product', async () => {
	const first = await poll({ event: 'productChanged' }, undefined, { activation: true });
	expect(first.status).toBe('success');
	expect(stateOf(first.staticData).fp.split(',')).toHaveLength(PRODUCTS);
	expect(bytes(first.staticData) / PRODUCTS).toBeLessThan(40);
});

it('Publication Date Approaching keeps only the products inside the window', async () => {
	const today = new Date().toISOString().slice(0, 10);
	const end = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
	const first = await poll({ event: 'publicationDateApproaching', daysAhead: 30 }, undefined, {
		activation: true,
	});
	expect(first.status).toBe('success');
	const fired = stateOf(first.staticData).fired;
	const inWindow = catalogue.products.filter(
		(p) => p.publicationDate >= today && p.publicationDate <= end,
	);
	expect(Object.keys(fired).map(Number).sort()).toEqual(inWindow.map((p) => p.id).sort());
	expect(Object.values(fired)).toEqual(expect.arrayContaining([expect.any(String)]));
	expect(Object.keys(fired).length).toBeLessThan(PRODUCTS / 10);
});
