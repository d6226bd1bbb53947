'use strict';
// Queue mode when processes die (n8n 2.40.7 on a real PostgreSQL and Redis; one main, two workers,
// one webhook processor: test/helpers/queue.js).
//
// What n8n 2.40.7 does when a worker dies mid-execution (read in its dist: scaling/scaling.service.js,
// workflow-runner.js, scaling/job-processor.js): Bull's queue is created with maxStalledCount: 0, so
// once the dead worker's job lock expires (QUEUE_WORKER_LOCK_DURATION, 60 s by default; 20 s here)
// the next stalled-job check of a live worker fails the job ("job stalled more than
// maxStalledCount") and the main that enqueued it records the execution as failed. n8n never runs
// it again by itself; the leader main also marks executions with no queued job as crashed (at start
// and every N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL minutes). What the dead worker had already sent
// stays done: a re-run is the user's Retry, or the next scheduled run.
//
// This file proves, against the sandbox:
// - F3 (the shipped template, started as the editor's "Execute workflow" does: on a worker) killed
//   mid-run (its worker SIGKILLed after some of its writes went out): no automatic re-run; the Retry
//   and the next run complete the work and nothing is written twice (one audit link per title in
//   Consonance, each created once; each cover's access set at most once);
// - the Consonance Trigger emits each change exactly once across a worker killed during the run it
//   started and a restart of the main (its cursor is saved in Postgres by the main when it emits);
// - a 200 MiB binary received by the webhook processor is uploaded to Cloudinary by a worker, in
//   the `database` binary data mode (the README's recommendation; n8n's default in queue mode).
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const n8n = require('../helpers/n8n');
const { startQueueCluster } = require('../helpers/queue');
const { startTestSandbox, n8nCredentials } = require('../helpers/sandbox');
const { loadTemplate } = require('../helpers/templates');

const MINUTE = 60 * 1000;
const MiB = 1024 * 1024;
jest.setTimeout(10 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
let sb;
let cluster;
let main;

const finished = (list) => list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));

async function until(what, check, { timeoutMs = 2 * MINUTE, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await n8n.sleep(intervalMs);
	}
}

/** The worker (instance) whose log says it started `executionId`. */
async function workerRunning(executionId) {
	const name = await until(`a worker to start execution ${executionId}`, () => cluster.workersOf(executionId)[0], { timeoutMs: MINUTE });
	return { name, worker: cluster.workers[Number(name.slice(-1)) - 1] };
}

const F3_TRIGGER = 'Every night at 2';

/** Runs F3 as the editor's "Execute workflow" does (on a worker here); resolves the execution once it is finished. */
async function runF3(workflowId) {
	const id = await main.runWorkflow(workflowId, F3_TRIGGER);
	return await until(`execution ${id} to finish`, async () => {
		const e = (await main.executions({ workflowId })).find((x) => String(x.id) === id);
		return e && finished([e]).length ? e : undefined;
	}, { timeoutMs: 4 * MINUTE });
}

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: 24 } });
	const tarball = await n8n.packPackage({});
	cluster = await startQueueCluster({
		packageTarball: tarball,
		workers: 2,
		concurrency: 2,
		// A dead worker's job is declared stalled after 20 s instead of 60 s (n8n's settings, shortened).
		env: { QUEUE_WORKER_LOCK_DURATION: '20000', QUEUE_WORKER_LOCK_RENEW_TIME: '4000', QUEUE_WORKER_STALLED_INTERVAL: '5000' },
	});
	main = cluster.main;
	const { consonance, cloudinary } = n8nCredentials(sb.info);
	await main.importCredentials([consonance, cloudinary]);
	await main.importWorkflows([
		{ ...loadTemplate('F3-apply-sales-rights-to-cover-access.json'), id: 'queueRecoverF3001', active: false },
		consonanceTriggerWorkflow('queueRecoverTrig01'),
		bigUploadWorkflow('queueRecoverBig001'),
	]);
	await main.login();
}, 15 * MINUTE);

afterAll(async () => {
	await cluster?.stop();
	await sb?.stop();
});

describe('a worker dies in the middle of F3 (sales rights → cover access, audit links in Consonance)', () => {
	const F3 = 'queueRecoverF3001';
	const isAuditCreate = (r) => r.method === 'POST' && /webLink|WebLink/.test(r.route) && /create|Create/.test(r.route);

	test('n8n fails the execution and does not re-run it; Retry and the next run finish the work without writing anything twice', async () => {
		const covers = (await sb.control.get('/cloudinary/state/assets', { params: { prefix: 'covers/' } })).data.assets.filter((a) => a.tags.includes('master') && /^covers\/\d{13}$/.test(a.public_id));
		expect(covers.length).toBeGreaterThan(8);
		const startSeq = await sb.lastSeq();
		// Every Consonance call takes 600 ms: the run is long enough to be caught in the middle.
		expect((await sb.control.post('/faults', { service: 'consonance', kind: 'latency', ms: 600 })).status).toBe(200);

		const firstId = await main.runWorkflow(F3, F3_TRIGGER);
		const { name, worker } = await workerRunning(firstId);
		// Kill the worker once some of the audit links (the last writes of the run) went out.
		await until('some audit links to be written', async () => (await sb.requests('consonance', startSeq)).filter(isAuditCreate).length >= 3, { intervalMs: 100 });
		await worker.kill('SIGKILL');
		const writtenByKilledRun = (await sb.requests('consonance', startSeq)).filter(isAuditCreate).length;
		expect(writtenByKilledRun).toBeLessThan(covers.length);
		await sb.control.delete('/faults');

		// n8n: the job stalls, the execution is recorded as failed, and nothing runs it again.
		const failed = await until('the killed execution to be marked failed', async () => {
			const e = (await main.executions({ workflowId: F3 })).find((x) => String(x.id) === firstId);
			return e && !['new', 'running'].includes(e.status) ? e : undefined;
		});
		expect(['error', 'crashed']).toContain(failed.status);
		const detail = await main.execution(firstId);
		// n8n's MaxStalledCountError: "This execution failed to be processed too many times and will no longer retry."
		expect(JSON.stringify(detail.data?.resultData?.error ?? {})).toMatch(/processed too many times|stalled|crash/i);
		await n8n.sleep(5000);
		expect((await main.executions({ workflowId: F3 })).map((e) => String(e.id))).toEqual([firstId]);
		expect((await sb.requests('consonance', startSeq)).filter(isAuditCreate)).toHaveLength(writtenByKilledRun);
		await worker.start({ timeoutMs: 120000 });

		// The user retries it (n8n's Retry, on the workflow as it was): it runs on a worker.
		const retried = await main.rest('POST', `/executions/${firstId}/retry`, { loadWorkflow: false });
		expect(retried).toBeTruthy();
		const afterRetry = await until('the retry to finish', async () => {
			const list = await main.executions({ workflowId: F3 });
			return list.length === 2 && finished(list).length === 2 ? list : undefined;
		});
		const retry = afterRetry.find((e) => String(e.id) !== firstId);
		expect([retry.status, retry.mode]).toEqual(['success', 'retry']);
		expect(cluster.workersOf(retry.id)).toHaveLength(1);

		// And the next run finds nothing left to do.
		const next = await runF3(F3);
		expect(next.status).toBe('success');
		const report = (await main.execution(next.id)).data.resultData.runData['Report rights applied'][0].data.main[0][0].json;
		expect(report.changed).toEqual({ access: 0, tagsAdded: 0, tagsRemoved: 0, territoriesMetadata: 0, auditLinksWritten: 0 });

		// Nothing written twice: each title's audit link was created once, across all three runs.
		const creates = (await sb.requests('consonance', startSeq)).filter(isAuditCreate);
		const byIsbn = new Map(sb.sandbox.catalogue.products.filter((p) => p.isbn13).map((p) => [p.isbn13, p]));
		const titled = covers.filter((c) => byIsbn.has(c.public_id.split('/')[1]));
		expect(creates).toHaveLength(titled.length);
		for (const cover of titled) {
			const product = (await sb.control.get(`/consonance/state/products/${byIsbn.get(cover.public_id.split('/')[1]).id}`)).data;
			expect(product.webLinks.filter((l) => l.role === 'cloudinary_cover_audit')).toHaveLength(1);
		}
		// And each cover's access rules were set at most once.
		const explicit = (await sb.requests('cloudinary', startSeq)).filter((r) => r.method === 'POST' && /\/explicit$/.test(r.url.split('?')[0]));
		expect(explicit.length).toBeLessThanOrEqual(covers.length);
		expect(name).toMatch(/^worker[12]$/);
	});
});

// ------------------------------------------------------------------------------------------------
// Consonance Trigger

function consonanceTriggerWorkflow(id) {
	return {
		id,
		name: 'Consonance status changes (queue)',
		nodes: [
			{
				id: `${id}-t`,
				name: 'Consonance Trigger',
				type: `${PKG}.consonanceTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'publishingStatusChanged', targetStatuses: [] },
				credentials: { consonancePublishingApi: { id: null, name: 'Consonance account' } },
			},
			// Long enough for the worker running it to be killed in the middle.
			{ id: `${id}-w`, name: 'Hold', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [220, 0], parameters: { amount: 30, unit: 'seconds' }, webhookId: `${id}-wait` },
		],
		connections: { 'Consonance Trigger': { main: [[{ node: 'Hold', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** The items the Consonance Trigger emitted into an execution (from its run data, or the start stack if it never ran). */
async function emitted(executionId) {
	const { data } = await main.execution(executionId);
	const ran = data?.resultData?.runData?.['Consonance Trigger']?.[0]?.data?.main?.[0];
	const queued = data?.executionData?.nodeExecutionStack?.find((s) => s.node.name === 'Consonance Trigger')?.data?.main?.[0];
	return (ran ?? queued ?? []).map((i) => i.json);
}

describe('Consonance Trigger across a killed worker and a main restart', () => {
	const WF = 'queueRecoverTrig01';

	test('each change is emitted exactly once; the cursor lives in Postgres', async () => {
		const products = sb.sandbox.catalogue.products.filter((p) => p.publishingStatus === '02');
		expect(products.length).toBeGreaterThanOrEqual(2);
		const [a, b] = products;
		await main.activateWorkflow(WF); // the first poll baselines and starts nothing
		expect(await main.executions({ workflowId: WF })).toHaveLength(0);
		const state = cluster.postgres.query(`SELECT "staticData" FROM workflow_entity WHERE id = '${WF}'`);
		expect(state[0][0]).toMatch(/Consonance Trigger/);

		// Change A; the poll at the next minute emits it; the worker running that execution is killed.
		expect((await sb.control.post(`/consonance/products/${a.id}`, { publishingStatus: '04' })).status).toBe(200);
		const [e1] = await main.waitForExecutions(WF, (l) => l.length > 0, { timeoutMs: 2 * MINUTE, intervalMs: 1000 });
		const { worker } = await workerRunning(e1.id);
		await worker.kill('SIGKILL');

		// Change B while the main is down; then the main comes back.
		await main.stop();
		expect((await sb.control.post(`/consonance/products/${b.id}`, { publishingStatus: '04' })).status).toBe(200);
		await main.start({ timeoutMs: 180000 });
		await main.login();
		await worker.start({ timeoutMs: 120000 });

		// B is emitted once (at the first poll after the restart); A is not emitted again.
		const list = await main.waitForExecutions(WF, (l) => l.length >= 2, { timeoutMs: 2 * MINUTE + 10000, intervalMs: 1000 });
		// One more poll, to be sure nothing else comes.
		const seq = await sb.lastSeq('consonance');
		await until('the next poll', async () => (await sb.requests('consonance', seq)).some((r) => r.route !== 'not-found'), { timeoutMs: 70000, intervalMs: 1000 });
		await n8n.sleep(4000);
		const all = await main.executions({ workflowId: WF });
		expect(all.map((e) => e.id).sort()).toEqual(list.map((e) => e.id).sort());
		const items = [];
		for (const e of all) items.push(...(await emitted(e.id)));
		const ids = items.map((i) => i.product.id).sort();
		expect(ids).toEqual([a.id, b.id].sort());
		for (const item of items) expect(item.publishingStatus).toMatchObject({ from: { code: '02' }, to: { code: '04' } });
		await main.deactivateWorkflow(WF);
	});
});

// ------------------------------------------------------------------------------------------------
// A 200 MiB binary across processes

function bigUploadWorkflow(id) {
	return {
		id,
		name: 'Receive a large cover file and upload it (queue)',
		nodes: [
			{
				id: `${id}-h`,
				name: 'Receive file',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path: 'queue-big-cover', responseMode: 'onReceived', options: { binaryData: true, binaryPropertyName: 'data' } },
			},
			{
				id: `${id}-u`,
				name: 'Upload to Cloudinary',
				type: `${PKG}.cloudinary`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'asset', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadResourceType: 'raw', publicId: 'queue/big-cover-file', options: {} },
				credentials: { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } },
			},
		],
		connections: { 'Receive file': { main: [[{ node: 'Upload to Cloudinary', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

describe('a 200 MiB binary received by the webhook processor and uploaded by a worker', () => {
	test('arrives in Cloudinary byte for byte, in the database binary data mode', async () => {
		const WF = 'queueRecoverBig001';
		await main.activateWorkflow(WF);
		const file = `${cluster.baseDir}/big.bin`;
		const hash = crypto.createHash('md5');
		const out = fs.createWriteStream(file);
		for (let i = 0; i < 200; i++) {
			const chunk = crypto.randomBytes(MiB);
			hash.update(chunk);
			if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
		}
		await new Promise((r) => out.end(r));
		const md5 = hash.digest('hex');

		const status = await new Promise((resolve, reject) => {
			const req = http.request(`${cluster.webhook.baseUrl}/webhook/queue-big-cover`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': 200 * MiB } }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode));
			});
			req.on('error', reject);
			fs.createReadStream(file).pipe(req);
		});
		expect(status).toBe(200);
		const [execution] = await main.waitForExecutions(WF, (l) => l.length > 0 && finished(l).length === l.length, { timeoutMs: 5 * MINUTE, intervalMs: 1000 });
		const error = (await main.execution(execution.id)).data?.resultData?.error;
		expect({ status: execution.status, mode: execution.mode, error: error?.message }).toEqual({ status: 'success', mode: 'webhook', error: undefined });
		expect(cluster.workersOf(execution.id)).toHaveLength(1);
		// The binary was stored in Postgres by the webhook processor, read there by the worker.
		expect(cluster.env.N8N_DEFAULT_BINARY_DATA_MODE ?? 'database').toBe('database');
		const asset = (await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent('queue/big-cover-file')}`, { params: { resource_type: 'raw' } })).data;
		expect(asset.bytes).toBe(200 * MiB);
		expect(asset.etag).toBe(md5);
		await main.deactivateWorkflow(WF);
		await fs.promises.rm(file, { force: true });
	});
});
