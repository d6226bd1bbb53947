// Return All pages through more than one GraphQL page (the emulator caps lists at 100) and the
// REST product feed through all its pages, on a catalogue reset to 400 products.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: TestSandbox;
let summary: Json;

beforeAll(async () => {
	sb = await startTestSandbox();
	const reset = await sb.control.post('/reset', { products: 400 });
	expect(reset.status).toBe(200);
	summary = (await sb.control.get('/consonance/state/summary')).data;
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

const run = (parameters: Json) =>
	runNode({ node: 'consonance', parameters, credentials: sb.credentials });

describe('Consonance paging', () => {
	it('Product › Search with Return All reads every product, page after page, each once', async () => {
		expect(summary.products).toBeGreaterThanOrEqual(400);
		const before = await sb.lastSeq('consonance');
		const result = await run({ resource: 'product', operation: 'search', returnAll: true });
		expect(result.status).toBe('success');
		const ids = result.json.map((p: Json) => p.id);
		expect(ids).toHaveLength(summary.products);
		expect(new Set(ids).size).toBe(ids.length);
		const pages = (await sb.requests('consonance', before)).filter(
			(r: Json) => r.route === 'graphql:products',
		);
		expect(pages.length).toBe(
			Math.ceil(summary.products / 100) + (summary.products % 100 === 0 ? 1 : 0),
		);
	});

	it('Work › Search with Return All reads every work, and a limit above one page stops there', async () => {
		expect(summary.works).toBeGreaterThan(100);
		const all = await run({ resource: 'work', operation: 'search', returnAll: true });
		expect(all.json).toHaveLength(summary.works);
		const some = await run({ resource: 'work', operation: 'search', returnAll: false, limit: 150 });
		expect(some.json.map((w: Json) => w.id)).toEqual(all.json.slice(0, 150).map((w: Json) => w.id));
	});

	it('paging rides through a 503 and a reset (reads are retried)', async () => {
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			count: 1,
			path: '/graphql',
		});
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'reset',
			count: 1,
			path: '/graphql',
		});
		const result = await run({
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: { productForms: ['BC'] },
		});
		expect(result.status).toBe('success');
		const expected = sb.sandbox.catalogue.products.filter(
			(p: Json) => p.productForm === 'BC',
		).length;
		expect(result.json).toHaveLength(expected);
	});

	it('Product Feed › List reads all REST pages (page 1 to total_pages)', async () => {
		const before = await sb.lastSeq('consonance');
		const result = await run({ resource: 'productFeed', operation: 'list', returnAll: true });
		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(summary.products);
		expect(new Set(result.json.map((p: Json) => p.id)).size).toBe(summary.products);
		const pages = (await sb.requests('consonance', before)).filter(
			(r: Json) => r.route === 'rest:products',
		);
		expect(pages).toHaveLength(Math.ceil(summary.products / 100));
		const withIsbn = result.json.find((p: Json) => p.isbn && p.isbn !== 'No ISBN');
		expect(withIsbn.isbn13).toBe(withIsbn.isbn);
		const noIsbn = result.json.find((p: Json) => p.isbn === 'No ISBN');
		if (noIsbn) expect(noIsbn.isbn13).toBeNull();
	});

	it('Product Feed › List with a limit and filters', async () => {
		const result = await run({
			resource: 'productFeed',
			operation: 'list',
			returnAll: false,
			limit: 130,
			filters: { publishingStatus: '04' },
		});
		const active = sb.sandbox.catalogue.products.filter(
			(p: Json) => p.publishingStatus === '04',
		).length;
		expect(result.json).toHaveLength(Math.min(130, active));
		expect(
			result.json.every(
				(p: Json) =>
					p.publishingStatus.code === '04' && p.publishingStatus.description === 'Active',
			),
		).toBe(true);
	});

	it('an update (absolute values) is retried through a 503 and lands once', async () => {
		const product = sb.sandbox.catalogue.products[10];
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			count: 1,
			path: '/graphql',
		});
		const result = await run({
			resource: 'product',
			operation: 'update',
			product: { __rl: true, mode: 'id', value: String(product.id) },
			updateFields: { embargoDate: '2027-12-01' },
		});
		expect(result.status).toBe('success');
		expect(
			(await sb.control.get(`/consonance/state/products/${product.id}`)).data.embargoDate,
		).toBe('2027-12-01');
		const changes = (await sb.control.get('/consonance/state/changes')).data.changes.filter(
			(c: Json) => c.entity === 'product' && c.id === product.id && c.action === 'update',
		);
		expect(changes).toHaveLength(1);
	});
});
