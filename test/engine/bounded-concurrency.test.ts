// Bounded concurrency (nodes/shared/concurrency.ts, docs/concurrency.md) inside n8n's engine
// against the emulators over real HTTP: how many requests are in flight is read from the
// emulator's own request log (when each request arrived and how long it took), with injected
// latency so that requests overlap when they can.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
	await sb.control.post('/clock', { reset: true });
	await sb.control.post('/cloudinary/rate-limit', { reset: true });
});

const rl = (mode: string, value: string | number) => ({ __rl: true, mode, value: String(value) });
const products = () => (sb.sandbox.catalogue as { products: Json[] }).products;
const productState = async (id: number) =>
	(await sb.control.get(`/consonance/state/products/${id}`)).data;
const latency = (service: string, ms: number, path?: string) =>
	sb.control.post('/faults', { service, kind: 'latency', ms, ...(path ? { path } : {}) });

/** The most requests the emulator was serving at one moment (from arrival time and duration). */
function maxInFlight(requests: Json[]): number {
	const edges = requests.flatMap((r) => {
		const start = Date.parse(r.at);
		return [
			{ t: start, d: 1 },
			{ t: start + r.ms, d: -1 },
		];
	});
	// an end at the same millisecond as a start is counted first: those two did not overlap
	edges.sort((a, b) => a.t - b.t || a.d - b.d);
	let now = 0;
	let most = 0;
	for (const e of edges) most = Math.max(most, (now += e.d));
	return most;
}

const updateTitles = (parallelRequests: unknown, extra: Json = {}) => ({
	resource: 'product',
	operation: 'update',
	product: rl('id', '={{ $json.id }}'),
	updateFields: { title: '={{ $json.title }}' },
	options: parallelRequests === undefined ? {} : { parallelRequests },
	...extra,
});

async function runUpdate(items: Json[], parallelRequests: unknown, extra: Json = {}) {
	return runNode({
		node: 'consonance',
		parameters: updateTitles(parallelRequests),
		credentials: sb.credentials,
		items: items.map((json) => ({ json })),
		...extra,
	});
}

describe('Consonance › Product › Update with Parallel Requests', () => {
	it('at most N mutations in flight, N reached; output order and pairing follow the input', async () => {
		const targets = products().slice(0, 24);
		await latency('consonance', 120);
		const before = await sb.lastSeq('consonance');
		const items = targets.map((p, i) => ({ id: p.id, title: `Parallel ${i}` }));
		const result = await runUpdate(items, 4);
		expect(result.status).toBe('success');
		const seen = await sb.requests('consonance', before);
		expect(seen).toHaveLength(24);
		expect(maxInFlight(seen)).toBe(4);
		expect(result.json.map((j: Json) => j.id)).toEqual(targets.map((p) => p.id));
		expect(result.output.map((o: Json) => o.pairedItem)).toEqual(
			targets.map((_, item) => ({ item })),
		);
		for (const [i, p] of targets.entries())
			expect((await productState(p.id)).title).toBe(`Parallel ${i}`);
	}, 60000);

	it('runs one item at a time with Parallel Requests 1', async () => {
		await latency('consonance', 60);
		const before = await sb.lastSeq('consonance');
		const items = products()
			.slice(0, 6)
			.map((p, i) => ({ id: p.id, title: `One by one ${i}` }));
		const result = await runUpdate(items, 1);
		expect(result.status).toBe('success');
		expect(maxInFlight(await sb.requests('consonance', before))).toBe(1);
	});

	it('makes two changes of the same product in input order (the last one wins, as in a sequential run)', async () => {
		const [a, b] = products();
		await latency('consonance', 80);
		const items = [
			{ id: a.id, title: 'First change' },
			{ id: b.id, title: 'Other product' },
			{ id: a.id, title: 'Second change' },
			{ id: a.id, title: 'Third change' },
		];
		const result = await runUpdate(items, 8);
		expect(result.status).toBe('success');
		expect((await productState(a.id)).title).toBe('Third change');
		expect(result.json.map((j: Json) => j.title)).toEqual(items.map((i) => i.title));
	});

	it('with Continue On Fail, a failing item (bad input or a refused mutation) does not stop the others', async () => {
		const targets = products().slice(10, 22);
		const refused = targets[5];
		// the first armed fault that matches a request is the one it gets: the refusal goes first
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 422,
			message: 'refused by the test',
			bodyMatch: `\\D${refused.id}\\D`,
		});
		await latency('consonance', 50);
		const items: Json[] = targets.map((p, i) => ({ id: p.id, title: `Mixed ${i}` }));
		items[2] = { id: 'not-a-number', title: 'bad input' };
		const result = await runUpdate(items, 4, { continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(12);
		expect(result.json[2].error).toMatch(/Item 2, field "Product \(By ID\)"/);
		expect(result.json[5].error).toMatch(/Item 5: Consonance/);
		expect(result.output.map((o: Json) => o.pairedItem)).toEqual(
			targets.map((_, item) => ({ item })),
		);
		for (const i of [0, 1, 3, 4, 6, 7, 8, 9, 10, 11]) {
			expect(result.json[i]).toMatchObject({ id: targets[i].id, title: `Mixed ${i}` });
			expect((await productState(targets[i].id)).title).toBe(`Mixed ${i}`);
		}
	});

	it('without Continue On Fail, no item starts after one fails and the node fails with that item', async () => {
		const targets = products().slice(30, 50);
		// the first armed fault that matches a request is the one it gets: the refusal goes first
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 422,
			message: 'refused by the test',
			bodyMatch: `\\D${targets[1].id}\\D`,
		});
		await latency('consonance', 100);
		const before = await sb.lastSeq('consonance');
		const items = targets.map((p) => ({ id: p.id, title: 'Stops' }));
		const result = await runUpdate(items, 4);
		expect(result.status).toBe('error');
		expect(result.error.message).toMatch(/^Item 1: Consonance/);
		// items 0-3 start together; once item 1 has failed no item starts (a worker that finished at
		// the same moment may have taken one more each)
		expect((await sb.requests('consonance', before)).length).toBeLessThanOrEqual(8);
		expect((await productState(targets[19].id)).title).not.toBe('Stops');
	});

	it('a 429 with a reset header holds back every worker until the reset, then all items finish', async () => {
		const targets = products().slice(40, 64);
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 429,
			resetFormat: 'deltaSeconds',
			resetInSeconds: 2,
			count: 1,
			skip: 6,
		});
		await latency('consonance', 100);
		const before = await sb.lastSeq('consonance');
		const items = targets.map((p, i) => ({ id: p.id, title: `After the limit ${i}` }));
		const result = await runUpdate(items, 4);
		expect(result.status).toBe('success');
		const seen = await sb.requests('consonance', before);
		const limited = seen.filter((r: Json) => r.status === 429);
		expect(limited).toHaveLength(1);
		const answeredAt = Date.parse(limited[0].at) + limited[0].ms;
		const started = seen.map((r: Json) => Date.parse(r.at) - answeredAt);
		// nothing is sent while the service asked to wait (2 s from its answer; the clocks are the same)
		expect(started.filter((t: number) => t > 50 && t < 1900)).toEqual([]);
		expect(started.filter((t: number) => t >= 1900).length).toBeGreaterThanOrEqual(10);
		expect(seen.filter((r: Json) => r.status === 200)).toHaveLength(24);
		for (const [i, p] of targets.entries())
			expect((await productState(p.id)).title).toBe(`After the limit ${i}`);
	}, 60000);

	it('stops starting items as soon as the execution is cancelled', async () => {
		const targets = products().slice(0, 40);
		await latency('consonance', 300);
		const before = await sb.lastSeq('consonance');
		const startedAt = Date.now();
		const result = await runUpdate(
			targets.map((p) => ({ id: p.id, title: 'Cancelled run' })),
			4,
			{ cancelAfterMs: 700 },
		);
		expect(result.status).toBe('error');
		expect(Date.now() - startedAt).toBeLessThan(3000);
		await new Promise((resolve) => setTimeout(resolve, 800));
		const seen = await sb.requests('consonance', before);
		expect(seen.length).toBeGreaterThanOrEqual(4);
		expect(seen.length).toBeLessThanOrEqual(12);
		const late = seen.filter((r: Json) => Date.parse(r.at) > startedAt + 700 + 250);
		expect(late).toEqual([]);
	}, 30000);

	it.each([[0], [17], [2.5], ['many']])(
		'refuses Parallel Requests %p (e.g. from an expression) before any call, naming the field',
		async (value) => {
			const before = await sb.lastSeq('consonance');
			const result = await runUpdate(
				[{ id: products()[0].id, title: 'x' }],
				`={{ ${JSON.stringify(value)} }}`,
			);
			expect(result.status).toBe('error');
			expect(result.error.message).toContain('Item 0, field "Options › Parallel Requests"');
			expect(result.error.description).toContain('a whole number from 1 to 16');
			expect(await sb.requests('consonance', before)).toEqual([]);
		},
	);
});

describe('Consonance › Work › Update with Parallel Requests', () => {
	it('updates works N at a time, in input order', async () => {
		const works = (sb.sandbox.catalogue as { works: Json[] }).works.slice(0, 12);
		await latency('consonance', 100);
		const before = await sb.lastSeq('consonance');
		const result = await runNode({
			node: 'consonance',
			parameters: {
				resource: 'work',
				operation: 'update',
				work: rl('id', '={{ $json.id }}'),
				updateFields: { subtitle: '={{ $json.subtitle }}' },
				options: { parallelRequests: 3 },
			},
			credentials: sb.credentials,
			items: works.map((w, i) => ({ json: { id: w.id, subtitle: `Work subtitle ${i}` } })),
		});
		expect(result.status).toBe('success');
		expect(maxInFlight(await sb.requests('consonance', before))).toBe(3);
		expect(result.json.map((j: Json) => j.id)).toEqual(works.map((w) => w.id));
	});
});

async function seedAssets(prefix: string, count: number): Promise<string[]> {
	const res = await sb.control.post('/cloudinary/seed-assets', { count, prefix });
	expect(res.status).toBe(200);
	return Array.from(
		{ length: count },
		(_, i) => `${prefix}${String(i).padStart(String(count - 1).length, '0')}`,
	);
}

describe('Cloudinary with Parallel Requests', () => {
	it('Set Access Control sends at most N `explicit` calls at once, and every asset is changed', async () => {
		const ids = await seedAssets('par/acl_', 30);
		await latency('cloudinary', 100, '/explicit');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'access',
				operation: 'setAccessControl',
				publicIds: '={{ $json.publicId }}',
				access: 'token',
				options: { parallelRequests: 6 },
			},
			credentials: sb.credentials,
			items: ids.map((publicId) => ({ json: { publicId } })),
		});
		expect(result.status).toBe('success');
		const explicit = (await sb.requests('cloudinary', before)).filter((r: Json) =>
			r.url.includes('/explicit'),
		);
		expect(explicit).toHaveLength(30);
		expect(maxInFlight(explicit)).toBe(6);
		for (const id of [ids[0], ids[29]]) {
			const state = (await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(id)}`))
				.data.state;
			expect(state.access_control).toEqual([{ access_type: 'token' }]);
		}
	}, 60000);

	it('never passes the reported Admin quota: the rest fail unsent, none answered 420', async () => {
		const ids = await seedAssets('par/quota_', 30);
		// a clock far from the hour's end: the reset is too far away to wait for
		await sb.control.post('/clock', { now: '2031-03-03T10:05:00Z' });
		await sb.control.post('/cloudinary/rate-limit', { limit: 500, remaining: 10 });
		// the batched search fails, so each item reads its asset's details (one Admin call each)
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			path: 'resources/search',
		});
		await latency('cloudinary', 80, '/resources/image/upload/');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'validation',
				operation: 'validate',
				asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
				specs: ['appleBooks'],
				options: { parallelRequests: 8 },
			},
			credentials: sb.credentials,
			items: ids.map((publicId) => ({ json: { publicId } })),
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		const details = (await sb.requests('cloudinary', before)).filter((r: Json) =>
			r.url.includes('/resources/image/upload/'),
		);
		expect(details.filter((r: Json) => r.status === 420)).toEqual([]);
		expect(details).toHaveLength(10);
		expect(maxInFlight(details)).toBeGreaterThan(1);
		const passedOrChecked = result.json.filter((j: Json) => j.passed !== undefined);
		const refused = result.json.filter((j: Json) => j.error !== undefined);
		expect(passedOrChecked).toHaveLength(10);
		expect(refused).toHaveLength(20);
		expect(refused[0].error).toMatch(/Admin API rate limit is reached .*the call was not sent/);
		expect(refused[0].errorDescription).toMatch(/the quota resets at 2031-03-03T11:00:00/);
		expect((await sb.control.get('/cloudinary/rate-limit')).data.remaining).toBe(0);
		expect(result.output.map((o: Json) => o.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	}, 60000);

	it('Asset Download fetches N assets at once and keeps each file with its item', async () => {
		const ids = await seedAssets('par/dl_', 12);
		await latency('cloudinary', 100, '/download');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'download',
				asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
				options: { parallelRequests: 4 },
			},
			credentials: sb.credentials,
			items: ids.map((publicId) => ({ json: { publicId } })),
		});
		expect(result.status).toBe('success');
		const downloads = (await sb.requests('cloudinary', before)).filter((r: Json) =>
			r.url.includes('/download'),
		);
		expect(downloads).toHaveLength(12);
		expect(maxInFlight(downloads)).toBe(4);
		expect(result.json.map((j: Json) => j.public_id)).toEqual(ids);
		expect(result.output.every((o: Json) => o.binary?.data?.fileSize !== undefined)).toBe(true);
	}, 60000);
});

// The per-item Consonance mutations of child records: Web Link, Supporting Resource and Marketing
// Text, Create and Delete. A create item is { work, url } (the marketing text's text is the URL
// too), a delete item is { id }.
type ChildResource = 'webLink' | 'supportingResource' | 'marketingText';
const CHILD_RESOURCES: ChildResource[] = ['webLink', 'supportingResource', 'marketingText'];
const CREATE_PARAMETERS: Record<ChildResource, Json> = {
	webLink: { attachTo: 'work', url: '={{ $json.url }}' },
	supportingResource: { imageUrl: '={{ $json.url }}', linkTo: 'none' },
	marketingText: { text: '={{ $json.url }}' },
};
const CHILD_OPERATIONS = CHILD_RESOURCES.flatMap((resource) =>
	(['create', 'delete'] as const).map((operation) => ({ resource, operation })),
);
type ChildOperation = (typeof CHILD_OPERATIONS)[number];

let urlCount = 0;
/** A URL no earlier item used (a JPG: the only kind of image a supporting resource takes). */
const freshUrl = () =>
	`https://res.cloudinary.com/acme/image/upload/v${++urlCount}/par/child_${urlCount}.jpg`;
let workCount = 0;
/** Works in turn, so that each test's owners are ones no recent test wrote to. */
const nextWorks = (n: number): number[] => {
	const works = (sb.sandbox.catalogue as { works: Json[] }).works;
	return Array.from({ length: n }, () => works[workCount++ % works.length].id);
};
const changesSince = async (since: number): Promise<Json[]> =>
	(await sb.control.get('/consonance/state/changes', { params: { since } })).data.changes;
const lastChange = async () => Math.max(0, ...(await changesSince(0)).map((c) => c.seq));
/** What an output item of a create says it made (web link and resource: URL; marketing text: text). */
const madeFrom = (json: Json) => json.url ?? json.text;

function runChild(op: ChildOperation, items: Json[], parallelRequests: number, extra: Json = {}) {
	const target =
		op.operation === 'delete'
			? { recordId: '={{ $json.id }}' }
			: { work: rl('id', '={{ $json.work }}'), ...CREATE_PARAMETERS[op.resource] };
	return runNode({
		node: 'consonance',
		parameters: { ...op, ...target, options: { parallelRequests } },
		credentials: sb.credentials,
		items: items.map((json) => ({ json })),
		...extra,
	});
}

/** Records to delete: one created on each work given, in one run, before any latency is armed. */
async function createRecords(resource: ChildResource, works: number[]): Promise<number[]> {
	const made = await runChild(
		{ resource, operation: 'create' },
		works.map((work) => ({ work, url: freshUrl() })),
		16,
	);
	expect(made.status).toBe('success');
	return made.json.map((j: Json) => j.id);
}

/** The items of a run: a create item per work, or a delete item per record made on it. */
async function itemsFor(op: ChildOperation, works: number[]): Promise<Json[]> {
	if (op.operation === 'create') return works.map((work) => ({ work, url: freshUrl() }));
	return (await createRecords(op.resource, works)).map((id) => ({ id }));
}

const label = (op: ChildOperation) => `${op.resource} › ${op.operation}`;

describe.each(CHILD_OPERATIONS.map((op) => [label(op), op] as const))(
	'Consonance › %s with Parallel Requests',
	(_, op) => {
		it('at most N items in flight and more than one; output in input order', async () => {
			const items = await itemsFor(op, nextWorks(16));
			await latency('consonance', 50);
			const before = await sb.lastSeq('consonance');
			const result = await runChild(op, items, 4);
			expect(result.status).toBe('success');
			const inFlight = maxInFlight(await sb.requests('consonance', before));
			expect(inFlight).toBeLessThanOrEqual(4);
			expect(inFlight).toBeGreaterThan(1);
			expect(result.output.map((o: Json) => o.pairedItem)).toEqual(
				items.map((_, item) => ({ item })),
			);
			if (op.operation === 'delete')
				expect(result.json).toEqual(items.map(({ id }) => ({ id, deleted: true })));
			else expect(result.json.map(madeFrom)).toEqual(items.map((i) => i.url));
		}, 60000);

		it('a 429 with a reset header holds back every worker until the reset', async () => {
			const items = await itemsFor(op, nextWorks(16));
			await sb.control.post('/faults', {
				service: 'consonance',
				kind: 'status',
				status: 429,
				resetFormat: 'deltaSeconds',
				resetInSeconds: 2,
				count: 1,
				skip: 6,
			});
			await latency('consonance', 50);
			const before = await sb.lastSeq('consonance');
			const result = await runChild(op, items, 4, { continueOnFail: true });
			expect(result.status).toBe('success');
			const seen = await sb.requests('consonance', before);
			const limited = seen.filter((r: Json) => r.status === 429);
			expect(limited).toHaveLength(1);
			const answeredAt = Date.parse(limited[0].at) + limited[0].ms;
			const started = seen.map((r: Json) => Date.parse(r.at) - answeredAt);
			// nothing is sent while the service asked to wait (2 s from its answer; the clocks are the same)
			expect(started.filter((t: number) => t > 50 && t < 1900)).toEqual([]);
			expect(started.filter((t: number) => t >= 1900).length).toBeGreaterThanOrEqual(8);
			// A create that checks for an existing record first (Skip If Already Attached) is retried
			// after checking again; the other changes are sent once (docs/network.md), so the one
			// item that got the 429 fails, saying when to retry, and every other item is done.
			const failed = result.json.filter((j: Json) => j.error !== undefined);
			const retried = op.operation === 'create' && op.resource !== 'marketingText';
			expect(failed).toHaveLength(retried ? 0 : 1);
			for (const f of failed) expect(f.errorDescription).toBe('Consonance asked to retry in 2 s.');
		}, 60000);

		it('with Continue On Fail, a bad item and a refused one do not stop the others', async () => {
			const items = await itemsFor(op, nextWorks(10));
			const refused = items[6];
			await sb.control.post('/faults', {
				service: 'consonance',
				kind: 'status',
				status: 422,
				message: 'refused by the test',
				bodyMatch: op.operation === 'delete' ? `\\D${refused.id}\\D` : refused.url,
			});
			await latency('consonance', 50);
			items[2] = op.operation === 'delete' ? { id: 'not-an-id' } : { work: 'x1', url: freshUrl() };
			const result = await runChild(op, items, 4, { continueOnFail: true });
			expect(result.status).toBe('success');
			expect(result.json).toHaveLength(10);
			expect(result.json[2].error).toMatch(/^Item 2, field "/);
			expect(result.json[6].error).toMatch(/^Item 6: Consonance/);
			for (const i of [0, 1, 3, 4, 5, 7, 8, 9]) {
				expect(result.json[i].error).toBeUndefined();
				if (op.operation === 'delete')
					expect(result.json[i]).toEqual({ id: items[i].id, deleted: true });
				else expect(madeFrom(result.json[i])).toBe(items[i].url);
			}
		}, 60000);
	},
);

describe.each(CHILD_RESOURCES)('Consonance › %s › create: items of one work', (resource) => {
	it('run in input order, even when an earlier one is slower', async () => {
		const [a, b] = nextWorks(2);
		const items = [a, b, a, b, a].map((work) => ({ work, url: freshUrl() }));
		// the first armed fault that matches a request is the one it gets: the slow create goes first
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'latency',
			ms: 600,
			bodyMatch: items[0].url,
		});
		await latency('consonance', 50);
		const since = await lastChange();
		const result = await runChild({ resource, operation: 'create' }, items, 8);
		expect(result.status).toBe('success');
		const created = (await changesSince(since)).filter(
			(c) => c.action === 'create' && c.entity === resource,
		);
		const ids = result.json.map((j: Json) => j.id);
		// the order in which the service made the records of work a, then of work b
		expect(created.filter((c) => c.workId === a).map((c) => c.id)).toEqual([
			ids[0],
			ids[2],
			ids[4],
		]);
		expect(created.filter((c) => c.workId === b).map((c) => c.id)).toEqual([ids[1], ids[3]]);
	}, 60000);
});

describe.each(['webLink', 'supportingResource'] as const)(
	'Consonance › %s › create: the same URL twice for one work in one execution',
	(resource) => {
		it('ends in one record, created once; the second item finds it (skipped)', async () => {
			const [a, b] = nextWorks(2);
			const url = freshUrl();
			const items = [
				{ work: a, url },
				{ work: b, url: freshUrl() },
				{ work: a, url },
			];
			await latency('consonance', 50);
			const since = await lastChange();
			const result = await runChild({ resource, operation: 'create' }, items, 8);
			expect(result.status).toBe('success');
			const changes = (await changesSince(since)).filter((c) => c.entity === resource);
			expect(changes.filter((c) => c.workId === a)).toEqual([
				expect.objectContaining({ action: 'create', id: result.json[0].id }),
			]);
			expect(result.json[0].skipped).toBe(false);
			expect(result.json[2]).toMatchObject({ id: result.json[0].id, skipped: true });
			const state = (await sb.control.get(`/consonance/state/works/${a}`)).data;
			const records = resource === 'webLink' ? state.webLinks : state.supportingResources;
			expect(records.filter((r: Json) => (r.link ?? r.imageRemoteUrl) === url)).toHaveLength(1);
		}, 60000);
	},
);

describe('Consonance › webLink › create: one work named two ways in one execution', () => {
	it('by ID and by a product ISBN (not one key, so they may run at once): still one link', async () => {
		const catalogue = sb.sandbox.catalogue as { works: Json[]; products: Json[] };
		const product = catalogue.products.find((p) => p.isbn13 && p.workId === nextWorks(1)[0]);
		expect(product).toBeDefined();
		const url = freshUrl();
		await latency('consonance', 50);
		const result = await runNode({
			node: 'consonance',
			parameters: {
				resource: 'webLink',
				operation: 'create',
				attachTo: 'work',
				work: { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.work }}' },
				url,
				options: { parallelRequests: 8 },
			},
			credentials: sb.credentials,
			items: [
				{ json: { mode: 'id', work: String(product!.workId) } },
				{ json: { mode: 'isbn', work: product!.isbn13 } },
			],
		});
		expect(result.status).toBe('success');
		const links = (await sb.control.get(`/consonance/state/works/${product!.workId}`)).data
			.webLinks;
		const same = links.filter((l: Json) => l.link === url);
		expect(same).toHaveLength(1);
		expect(result.json.map((j: Json) => j.id)).toEqual([same[0].id, same[0].id]);
	}, 60000);
});

describe('Consonance › delete: the same record twice in one execution', () => {
	it('the first item deletes it and the later one finds it gone, even when the first is slower', async () => {
		const [x, y] = await createRecords('webLink', nextWorks(2));
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'latency',
			ms: 600,
			count: 1,
			bodyMatch: `deleteWebLink[\\s\\S]*\\D${x}\\D`,
		});
		await latency('consonance', 50);
		const items = [{ id: x }, { id: y }, { id: x }];
		const result = await runChild({ resource: 'webLink', operation: 'delete' }, items, 8, {
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(result.json[0]).toEqual({ id: x, deleted: true });
		expect(result.json[1]).toEqual({ id: y, deleted: true });
		expect(result.json[2].error).toMatch(/^Item 2/);
	}, 60000);
});

// The per-master and per-cover Upload API calls of template F2: Variant › Create (one `explicit`
// per master) and Context / Metadata Set when each item asks for its own values (one call each).
const masterCovers = () =>
	(sb.sandbox.catalogue as { cloudinary: { assets: Json[] } }).cloudinary.assets.filter(
		(a) => a.resourceType === 'image' && a.publicId.startsWith('covers/') && !a.defect,
	);
const assetState = async (publicId: string) =>
	(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`)).data.state;

describe('Cloudinary › Variant › Create with Parallel Requests', () => {
	it('sends at most N `explicit` calls at once; each master keeps its rows, in input order', async () => {
		const masters = masterCovers()
			.slice(0, 12)
			.map((a) => a.publicId);
		await latency('cloudinary', 150, '/explicit');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
				presets: ['ebookCover'],
				options: { parallelRequests: 4 },
			},
			credentials: sb.credentials,
			items: masters.map((publicId) => ({ json: { publicId } })),
		});
		expect(result.status).toBe('success');
		const explicit = (await sb.requests('cloudinary', before)).filter((r: Json) =>
			r.url.includes('/explicit'),
		);
		expect(explicit).toHaveLength(12);
		expect(maxInFlight(explicit)).toBe(4);
		expect(result.json.map((j: Json) => j.publicId)).toEqual(masters);
		expect(result.json.every((j: Json) => j.materialized && j.derived.width)).toBe(true);
		expect(result.output.map((o: Json) => o.pairedItem)).toEqual(
			masters.map((_, item) => ({ item })),
		);
	}, 60000);

	it('a 429 with a reset header holds back every `explicit` until the reset, then all are made', async () => {
		const masters = masterCovers()
			.slice(12, 28)
			.map((a) => a.publicId);
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 429,
			path: '/explicit',
			resetFormat: 'deltaSeconds',
			resetInSeconds: 2,
			count: 1,
			skip: 3,
		});
		await latency('cloudinary', 100, '/explicit');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
				presets: ['socialSquare'],
				options: { parallelRequests: 4 },
			},
			credentials: sb.credentials,
			items: masters.map((publicId) => ({ json: { publicId } })),
		});
		expect(result.status).toBe('success');
		const seen = (await sb.requests('cloudinary', before)).filter((r: Json) =>
			r.url.includes('/explicit'),
		);
		const limited = seen.filter((r: Json) => r.status === 429);
		expect(limited).toHaveLength(1);
		const answeredAt = Date.parse(limited[0].at) + limited[0].ms;
		const started = seen.map((r: Json) => Date.parse(r.at) - answeredAt);
		expect(started.filter((t: number) => t > 50 && t < 1900)).toEqual([]);
		expect(started.filter((t: number) => t >= 1900).length).toBeGreaterThanOrEqual(8);
		expect(seen.filter((r: Json) => r.status === 200)).toHaveLength(16);
		expect(maxInFlight(seen)).toBe(4);
		expect(result.json.map((j: Json) => j.publicId)).toEqual(masters);
	}, 60000);
});

describe.each([
	{
		operation: 'setContext',
		route: '/context',
		values: (value: string) => ({ context: { pairs: [{ key: 'isbn', value }] } }),
		stored: (state: Json) => state.context?.isbn,
	},
	{
		operation: 'setMetadata',
		route: '/metadata',
		values: (value: string) => ({ metadata: { fields: [{ field: 'campaign', value }] } }),
		stored: (state: Json) => state.metadata?.campaign,
	},
])(
	'Cloudinary › $operation, a different value per item',
	({ operation, route, values, stored }) => {
		const run = (items: Json[], parallelRequests: number) =>
			runNode({
				node: 'cloudinary',
				parameters: {
					resource: 'contextMetadata',
					operation,
					publicIds: '={{ $json.publicId }}',
					...values('={{ $json.value }}'),
					options: { parallelRequests },
				},
				credentials: sb.credentials,
				items: items.map((json) => ({ json })),
			});

		it('sends at most N calls at once (one per item); each asset gets its own value', async () => {
			const ids = await seedAssets(`par/${operation}_`, 20);
			await latency('cloudinary', 150, route);
			const before = await sb.lastSeq('cloudinary');
			const items = ids.map((publicId, i) => ({ publicId, value: `value-${i}` }));
			const result = await run(items, 5);
			expect(result.status).toBe('success');
			const calls = (await sb.requests('cloudinary', before)).filter((r: Json) =>
				r.url.includes(route),
			);
			expect(calls).toHaveLength(20);
			expect(maxInFlight(calls)).toBe(5);
			expect(result.json.map((j: Json) => j.updated)).toEqual(ids.map((id) => [id]));
			expect(result.output.map((o: Json) => o.pairedItem)).toEqual(
				ids.map((_, item) => ({ item })),
			);
			for (const [i, id] of ids.entries()) expect(stored(await assetState(id))).toBe(`value-${i}`);
		}, 60000);

		it('two values for one asset are set in input order (the last wins), even when the first is slower', async () => {
			const [a, b, c] = await seedAssets(`par/${operation}_order_`, 3);
			const items = [
				{ publicId: a, value: 'slow-first' },
				{ publicId: b, value: 'other' },
				{ publicId: a, value: 'second' },
				{ publicId: c, value: 'other' },
			];
			await sb.control.post('/faults', {
				service: 'cloudinary',
				kind: 'latency',
				ms: 700,
				bodyMatch: 'slow-first',
			});
			await latency('cloudinary', 50, route);
			const result = await run(items, 8);
			expect(result.status).toBe('success');
			expect(stored(await assetState(a))).toBe('second');
			expect(stored(await assetState(b))).toBe('other');
			expect(result.json.map((j: Json) => j.updated)).toEqual([[a], [b], [a], [c]]);
		}, 60000);

		it('a 429 with a reset header holds back every call until the reset; all values are set', async () => {
			const ids = await seedAssets(`par/${operation}_limit_`, 16);
			await sb.control.post('/faults', {
				service: 'cloudinary',
				kind: 'status',
				status: 429,
				path: route,
				resetFormat: 'deltaSeconds',
				resetInSeconds: 2,
				count: 1,
				skip: 3,
			});
			await latency('cloudinary', 100, route);
			const before = await sb.lastSeq('cloudinary');
			const result = await run(
				ids.map((publicId, i) => ({ publicId, value: `limited-${i}` })),
				4,
			);
			expect(result.status).toBe('success');
			const seen = (await sb.requests('cloudinary', before)).filter((r: Json) =>
				r.url.includes(route),
			);
			const limited = seen.filter((r: Json) => r.status === 429);
			expect(limited).toHaveLength(1);
			const answeredAt = Date.parse(limited[0].at) + limited[0].ms;
			const started = seen.map((r: Json) => Date.parse(r.at) - answeredAt);
			expect(started.filter((t: number) => t > 50 && t < 1900)).toEqual([]);
			expect(seen.filter((r: Json) => r.status === 200)).toHaveLength(16);
			expect(maxInFlight(seen)).toBe(4);
			for (const [i, id] of ids.entries())
				expect(stored(await assetState(id))).toBe(`limited-${i}`);
		}, 60000);
	},
);
