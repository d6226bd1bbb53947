'use strict';
// Templates F6, F3 and F1 on a bad day, in a REAL n8n 2.40.7: the shipped JSON is imported and run
// from its own trigger against the sandbox. For each: a fault-free run from the seeded catalogue gives
// the reference state of both services; the same start with seeded faults on a share of requests
// (5xx, connection resets, 420/429 with a 1 s reset header, slow answers; reads and writes) gives a
// Report that names every title left unfinished and why (checked against what did not reach the
// services); a clean run after it ends in exactly the reference state: nothing duplicated, nothing
// missing. Faults are seeded, so each run fails the same requests every time.
const axios = require('axios');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const { loadTemplate } = require('../../scripts/lib/templates');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);
// n8n needs longer than its usual 90 s to start on a loaded machine (2 cores shared by many runs).
const START_TIMEOUT = 5 * MINUTE;
const PRODUCTS = 10;

let sb;
let instance;
const ids = {};
const TRIGGER = {
	f6: 'Every 6 hours',
	f3: 'Every night at 2',
	f1: 'Every night: find approved covers not linked yet',
};

function withSettings(template, values) {
	const copy = JSON.parse(JSON.stringify(template));
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	for (const [name, value] of Object.entries(values)) {
		const entry = settings.parameters.assignments.assignments.find((a) => a.name === name);
		if (!entry) throw new Error(`Settings has no ${name}`);
		entry.value = value;
	}
	return copy;
}

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: PRODUCTS } });
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const { consonance, cloudinary } = n8nCredentials(sb.info);
	expect((await instance.importCredentials([consonance, cloudinary])).code ?? 0).toBe(0);
	const f6 = loadTemplate('F6-organise-cover-assets-by-publishing-rules.json');
	const f3 = loadTemplate('F3-apply-sales-rights-to-cover-access.json');
	const f1 = loadTemplate('F1-link-approved-covers-to-consonance.json');
	// The seeded covers were approved long ago (by the sandbox's clock): the nightly path looks back far enough.
	[ids.f6, ids.f3, ids.f1] = await instance.importWorkflows([
		{ ...withSettings(f6, { lookbackDays: 36500 }), id: 'tplF6faults00001' },
		{ ...f3, id: 'tplF3faults00001' },
		{ ...withSettings(f1, { healLookbackDays: 36500 }), id: 'tplF1faults00001' },
	]);
	await instance.start({ timeoutMs: START_TIMEOUT });
	await instance.login();
}, 20 * MINUTE);

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

const FINISHED = (e) => !['running', 'new', 'waiting'].includes(e.status);

/** Runs the workflow now from its Schedule Trigger (as "Execute workflow" does); its Report item. */
async function runFrom(workflowId, trigger) {
	const executionId = await instance.runWorkflow(workflowId, trigger);
	const deadline = Date.now() + 3 * MINUTE;
	let execution;
	for (;;) {
		execution = await instance.execution(executionId).catch(() => null);
		if (execution && FINISHED(execution)) break;
		if (Date.now() > deadline) throw new Error(`run ${executionId} did not finish`);
		await n8n.sleep(500);
	}
	expect([execution.status, execution.data.resultData.error?.message]).toEqual([
		'success',
		undefined,
	]);
	const runs = execution.data.resultData.runData.Report ?? [];
	expect(runs).toHaveLength(1);
	const items = runs[0].data.main[0];
	expect(items).toHaveLength(1);
	return items[0].json;
}

/** A fresh seeded catalogue in both services (faults, request log and clock cleared). */
async function reset() {
	const res = await sb.control.post('/reset', {});
	expect(res.status).toBe(200);
}

/** Seeded faults on a share of all requests of both services: failures a retry gets past, mostly. */
async function armSharedFaults(seed) {
	const shared = [
		// The cover search is one request a run: its first answer is a rate limit (retried after 1 s).
		{
			service: 'cloudinary',
			kind: 'status',
			status: 429,
			resetFormat: 'httpDate',
			resetInSeconds: 1,
			path: '/resources/search',
			count: 1,
		},
		{ service: 'cloudinary', kind: 'status', status: 503, probability: 0.1 },
		{ service: 'cloudinary', kind: 'reset', probability: 0.06 },
		{
			service: 'cloudinary',
			kind: 'status',
			status: 420,
			resetFormat: 'httpDate',
			resetInSeconds: 1,
			probability: 0.06,
		},
		{ service: 'cloudinary', kind: 'latency', ms: 250, probability: 0.2 },
		{ service: 'consonance', kind: 'status', status: 502, probability: 0.12 },
		{
			service: 'consonance',
			kind: 'status',
			status: 429,
			resetFormat: 'deltaSeconds',
			resetInSeconds: 1,
			probability: 0.08,
		},
		{ service: 'consonance', kind: 'reset', probability: 0.06 },
		{ service: 'consonance', kind: 'latency', ms: 250, probability: 0.2 },
	];
	for (const [i, fault] of shared.entries()) await arm({ ...fault, seed: seed + i });
}

async function arm(fault) {
	const res = await sb.control.post('/faults', fault);
	expect([res.status, res.data?.error]).toEqual([200, undefined]);
}

async function lastSeq() {
	const { data } = await sb.control.get('/requests');
	return data.requests.reduce((max, r) => Math.max(max, r.seq), 0);
}

async function requestsSince(since) {
	const { data } = await sb.control.get('/requests', { params: { since } });
	return data.requests;
}

/** What matters of every master cover: folder, tags, metadata, context, access. */
async function cloudinaryState() {
	const { assets } = (
		await sb.control.get('/cloudinary/state/assets', { params: { prefix: 'covers/' } })
	).data;
	return Object.fromEntries(
		assets.map((a) => [
			a.public_id,
			{
				asset_folder: a.asset_folder,
				tags: [...a.tags].sort(),
				metadata: a.metadata,
				context: a.context,
				access_control: a.access_control,
			},
		]),
	);
}

/** Per title: its web links and its work's supporting resources (role/variant, URL, note, status). */
async function consonanceState() {
	const state = {};
	for (const p of sb.sandbox.catalogue.products) {
		const product = (await sb.control.get(`/consonance/state/products/${p.id}`)).data;
		const work = (await sb.control.get(`/consonance/state/works/${p.workId}`)).data;
		state[p.isbn13 ?? `product ${p.id}`] = {
			webLinks: (product.webLinks ?? []).map((l) => `${l.role} ${l.link} ${l.note}`).sort(),
			supportingResources: (work.supportingResources ?? [])
				.filter((r) => (r.productIds ?? []).includes(p.id))
				.map((r) => `${r.resourceVariant} ${r.imageRemoteUrl} ${r.status}`)
				.sort(),
		};
	}
	return state;
}

async function bothStates() {
	return { cloudinary: await cloudinaryState(), consonance: await consonanceState() };
}

/** ISBNs whose state in either service differs from the reference. */
function titlesDiffering(state, reference) {
	const isbns = new Set();
	for (const [publicId, s] of Object.entries(reference.cloudinary))
		if (JSON.stringify(state.cloudinary[publicId]) !== JSON.stringify(s))
			isbns.add(publicId.split('/').pop());
	for (const [isbn, s] of Object.entries(reference.consonance))
		if (JSON.stringify(state.consonance[isbn]) !== JSON.stringify(s)) isbns.add(isbn);
	return [...isbns].sort();
}

/** The report is one message people read: the summary, then one line per title in `lines`. */
function expectReadableReport(report, failedIsbns) {
	expect(
		Object.keys(report)
			.filter((k) => k !== 'events')
			.sort(),
	).toEqual(['attention', 'lines', 'summary', 'text']);
	expect(report.summary).toMatchObject({
		startedAt: expect.any(String),
		finishedAt: expect.any(String),
		seconds: expect.any(Number),
		titles: expect.any(Number),
		outcomes: expect.any(Object),
	});
	expect(Date.parse(report.summary.finishedAt)).toBeGreaterThanOrEqual(
		Date.parse(report.summary.startedAt),
	);
	const counted = Object.values(report.summary.outcomes).reduce((a, b) => a + b, 0);
	expect(counted).toBe(report.summary.titles);
	for (const isbn of failedIsbns) {
		const a = report.attention.find((x) => x.isbn13 === isbn);
		const line = report.lines.find((l) => l.startsWith(`${isbn} "${a.title}"`));
		expect(line).toMatch(/failed/);
		expect(line).toMatch(/What to do: /);
		expect(report.text).toContain(line);
	}
	expect(report.text.split('\n')[0]).toContain(report.summary.workflow);
}

/** Faults the services answered in `requests`, as "service read|write fault" labels. */
function faultsHit(requests, isWrite) {
	return new Set(
		requests
			.filter((r) => r.fault && r.fault !== 'latency')
			.map((r) => `${r.service} ${isWrite(r) ? 'write' : 'read'}`),
	);
}

/**
 * F3 and F1: a Cloudinary call other than a read or a search is a write; in Consonance the shared
 * faults answer reads 502/429 and the tests answer the writes (web links, front covers) 503.
 */
const isWriteWhenConsonanceWritesGet503 = (r) =>
	r.service === 'cloudinary'
		? r.method !== 'GET' && !/\/resources\/search/.test(r.url)
		: r.status === 503;

describe('F6 organise cover assets: faults in both services, then a clean run', () => {
	const isWrite = (r) =>
		r.service === 'cloudinary' && r.method !== 'GET' && !/\/resources\/search/.test(r.url);

	test('the faulty run names every title left unfinished; a clean run ends in the reference state', async () => {
		await reset();
		const clean = await runFrom(ids.f6, TRIGGER.f6);
		expectReadableReport(clean, []);
		expect(clean.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		expect(clean.summary.outcomes.changed).toBeGreaterThan(2);
		const reference = await bothStates();

		await reset();
		const start = await bothStates();
		const covered = Object.keys(start.cloudinary)
			.map((id) => id.split('/').pop())
			.filter((isbn) => sb.sandbox.catalogue.products.some((p) => p.isbn13 === isbn));
		expect(covered.length).toBeGreaterThanOrEqual(4);
		// Two writes that keep failing (the retries cannot get past them): one cover's move, and the
		// bulk metadata call that carries another cover (with every cover in that call).
		const [moved, tagged] = covered;
		await arm({
			service: 'cloudinary',
			kind: 'status',
			status: 503,
			method: 'POST',
			path: `/resources/image/upload/covers(/|%2F)${moved}`,
		});
		await arm({
			service: 'cloudinary',
			kind: 'status',
			status: 500,
			path: '/metadata$',
			bodyMatch: tagged,
		});
		await armSharedFaults(600);
		const since = await lastSeq();
		const faulty = await runFrom(ids.f6, TRIGGER.f6);
		const served = await requestsSince(since);
		await sb.control.delete('/faults');

		const after = await bothStates();
		const unfinished = titlesDiffering(after, reference);
		const reported = faulty.attention
			.filter((a) => a.outcome === 'failed')
			.map((a) => a.isbn13)
			.sort();
		expect(unfinished).toEqual(expect.arrayContaining([moved, tagged]));
		expect(reported).toEqual(unfinished);
		expectReadableReport(faulty, reported);
		expect(faulty.summary.outcomes.failed).toBe(reported.length);
		expect([...faultsHit(served, isWrite)].sort()).toEqual([
			'cloudinary read',
			'cloudinary write',
			'consonance read',
		]);
		// Titles without a master cover are reported in both runs, the same way.
		expect(faulty.attention.filter((a) => a.outcome === 'noCover')).toEqual(
			clean.attention.filter((a) => a.outcome === 'noCover'),
		);

		const healed = await runFrom(ids.f6, TRIGGER.f6);
		expect(healed.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		expect(await bothStates()).toEqual(reference);
	});
});

describe('F3 apply sales rights: faults in both services, then a clean run', () => {
	test('the faulty run names every title left unfinished; a clean run ends in the reference state', async () => {
		await reset();
		const clean = await runFrom(ids.f3, TRIGGER.f3);
		expectReadableReport(clean, []);
		expect(clean.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		expect(clean.summary.outcomes.changed).toBeGreaterThan(2);
		const reference = await bothStates();

		await reset();
		const covered = Object.keys(await cloudinaryState())
			.map((id) => id.split('/').pop())
			.filter((isbn) => sb.sandbox.catalogue.products.some((p) => p.isbn13 === isbn));
		expect(covered.length).toBeGreaterThanOrEqual(4);
		const [blocked] = covered;
		// Adding one cover's territory tags keeps failing; a share of the web link writes in Consonance fail
		// (a create or delete is never repeated: the first attempt may have been applied).
		await arm({
			service: 'cloudinary',
			kind: 'status',
			status: 503,
			path: '/tags$',
			bodyMatch: blocked,
		});
		await arm({
			service: 'consonance',
			kind: 'status',
			status: 503,
			path: '/graphql',
			bodyMatch: 'createWebLink|deleteWebLink',
			probability: 0.35,
			seed: 300,
		});
		await armSharedFaults(310);
		const since = await lastSeq();
		const faulty = await runFrom(ids.f3, TRIGGER.f3);
		const served = await requestsSince(since);
		await sb.control.delete('/faults');

		const unfinished = titlesDiffering(await bothStates(), reference);
		const reported = faulty.attention
			.filter((a) => a.outcome === 'failed')
			.map((a) => a.isbn13)
			.sort();
		expect(unfinished).toContain(blocked);
		expect(unfinished.length).toBeGreaterThan(1);
		expect(reported).toEqual(unfinished);
		expectReadableReport(faulty, reported);
		expect(faulty.lines.find((l) => l.startsWith(blocked))).toMatch(/adding the tags territory_/);
		expect([...faultsHit(served, isWriteWhenConsonanceWritesGet503)].sort()).toEqual([
			'cloudinary read',
			'cloudinary write',
			'consonance read',
			'consonance write',
		]);

		const healed = await runFrom(ids.f3, TRIGGER.f3);
		expect(healed.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		expect(await bothStates()).toEqual(reference);
	});
});

describe('F1 link approved covers (its nightly path): faults in both services, then a clean run', () => {
	test('the faulty run names every cover left unlinked; a clean run ends in the reference state', async () => {
		await reset();
		const clean = await runFrom(ids.f1, TRIGGER.f1);
		expectReadableReport(clean, []);
		const linked = clean.events.filter((e) => e.outcome === 'linked').map((e) => e.isbn);
		expect(linked.length).toBeGreaterThanOrEqual(3);
		expect(clean.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		const reference = await bothStates();

		await reset();
		const [notAttached, noIds] = linked;
		// One cover's front-cover write keeps failing in Consonance; another is linked, but writing
		// the Consonance IDs back onto it keeps failing in Cloudinary.
		await arm({
			service: 'consonance',
			kind: 'status',
			status: 503,
			path: '/graphql',
			bodyMatch: `createSupportingResource[\\s\\S]*covers/${notAttached}`,
		});
		await arm({
			service: 'cloudinary',
			kind: 'status',
			status: 502,
			path: '/metadata$',
			bodyMatch: noIds,
		});
		await armSharedFaults(100);
		const since = await lastSeq();
		const faulty = await runFrom(ids.f1, TRIGGER.f1);
		const served = await requestsSince(since);
		await sb.control.delete('/faults');

		const unfinished = titlesDiffering(await bothStates(), reference);
		const reported = faulty.attention
			.filter((a) => a.outcome === 'failed')
			.map((a) => a.isbn13)
			.sort();
		expect(unfinished).toEqual(expect.arrayContaining([notAttached, noIds]));
		expect(reported).toEqual(unfinished);
		expectReadableReport(faulty, reported);
		expect(faulty.lines.find((l) => l.startsWith(notAttached))).toMatch(
			/attaching the cover in Consonance failed.*previous front cover stays linked/,
		);
		// (Unless the shared faults stopped it earlier: Consonance fetches the image from Cloudinary.)
		expect(faulty.lines.find((l) => l.startsWith(noIds))).toMatch(
			/work_id \/ product_id|attaching the cover in Consonance failed/,
		);
		expect([...faultsHit(served, isWriteWhenConsonanceWritesGet503)].sort()).toEqual([
			'cloudinary read',
			'cloudinary write',
			'consonance read',
			'consonance write',
		]);

		const healed = await runFrom(ids.f1, TRIGGER.f1);
		expect(healed.attention.filter((a) => a.outcome === 'failed')).toEqual([]);
		expect(await bothStates()).toEqual(reference);
	});
});
