'use strict';
// Queue mode across restarts and killed workers (n8n 2.40.7 on a real PostgreSQL and Redis; one main,
// two workers, one webhook processor: test/helpers/queue.js). Proves, against the sandbox:
// - the Consonance Trigger emits each change exactly once across a worker killed during the run it
//   started and a restart of the main (its cursor is saved in Postgres by the main when it emits);
// - a 200 MiB binary received by the webhook processor is uploaded to Cloudinary by a worker, in
//   the `database` binary data mode (the README's recommendation; n8n's default in queue mode).
// What n8n does when a worker dies: see queue-worker-crash.test.js and README "Queue mode".
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const n8n = require('../../scripts/lib/n8n');
const {
	startQueueCluster,
	waitUntil,
	finishedExecutions,
	FAST_STALLED_JOB_ENV,
} = require('../helpers/queue');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
const MiB = 1024 * 1024;
jest.setTimeout(10 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
let sb;
let cluster;
let main;

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: 24 } });
	const tarball = await n8n.packPackage({});
	cluster = await startQueueCluster({
		packageTarball: tarball,
		workers: 2,
		concurrency: 2,
		env: FAST_STALLED_JOB_ENV, // a dead worker's job is stalled after 20 s, not 60 s
	});
	main = cluster.main;
	const { consonance, cloudinary } = n8nCredentials(sb.info);
	await main.importCredentials([consonance, cloudinary]);
	await main.importWorkflows([
		consonanceTriggerWorkflow('queueRecoverTrig01'),
		bigUploadWorkflow('queueRecoverBig001'),
	]);
	await main.login();
}, 15 * MINUTE);

afterAll(async () => {
	await cluster?.stop();
	await sb?.stop();
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
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'publishingStatusChanged',
					targetStatuses: [],
				},
				credentials: { consonancePublishingApi: { id: null, name: 'Consonance account' } },
			},
			// Long enough for the worker running it to be killed in the middle.
			{
				id: `${id}-w`,
				name: 'Hold',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [220, 0],
				parameters: { amount: 30, unit: 'seconds' },
				webhookId: `${id}-wait`,
			},
		],
		connections: { 'Consonance Trigger': { main: [[{ node: 'Hold', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/**
 * The items the Consonance Trigger emitted into an execution. A finished run has them in the
 * trigger's run data. A run whose worker was killed keeps them in the start stack the main saved
 * when it enqueued the run, but if the main was down when its job stalled, the restarted main's
 * recovery (n8n's ExecutionRecoveryService, from its event log) marks the execution crashed and fills
 * the run data of the nodes the log says finished with a placeholder item
 * `{ isArtificialRecoveredEventItem: true }`: that is not what the trigger emitted, so it is skipped.
 */
async function emitted(executionId) {
	const { data } = await main.execution(executionId);
	const ran = data?.resultData?.runData?.['Consonance Trigger']?.[0]?.data?.main?.[0];
	const queued = data?.executionData?.nodeExecutionStack?.find(
		(s) => s.node.name === 'Consonance Trigger',
	)?.data?.main?.[0];
	const real = (items) =>
		items?.length && !items.some((i) => i.json.isArtificialRecoveredEventItem);
	const items = real(ran) ? ran : real(queued) ? queued : undefined;
	if (!items)
		throw new Error(
			`execution ${executionId} keeps no items of the Consonance Trigger: ${JSON.stringify({ ran, queued })}`,
		);
	return items.map((i) => i.json);
}

describe('Consonance Trigger across a killed worker and a main restart', () => {
	const WF = 'queueRecoverTrig01';

	test('each change is emitted exactly once; the cursor lives in Postgres', async () => {
		const products = sb.sandbox.catalogue.products.filter((p) => p.publishingStatus === '02');
		expect(products.length).toBeGreaterThanOrEqual(2);
		const [a, b] = products;
		await main.activateWorkflow(WF); // the first poll baselines and starts nothing
		expect(await main.executions({ workflowId: WF })).toHaveLength(0);
		const state = cluster.postgres.query(
			`SELECT "staticData" FROM workflow_entity WHERE id = '${WF}'`,
		);
		expect(state[0][0]).toMatch(/Consonance Trigger/);

		// Change A; the poll at the next minute emits it; the worker running that execution is killed.
		expect(
			(await sb.control.post(`/consonance/products/${a.id}`, { publishingStatus: '04' })).status,
		).toBe(200);
		const [e1] = await main.waitForExecutions(WF, (l) => l.length > 0, {
			timeoutMs: 2 * MINUTE,
			intervalMs: 1000,
		});
		const { worker } = await cluster.workerRunning(e1.id);
		await worker.kill('SIGKILL');

		// Change B while the main is down; then the main comes back.
		await main.stop();
		expect(
			(await sb.control.post(`/consonance/products/${b.id}`, { publishingStatus: '04' })).status,
		).toBe(200);
		await main.start({ timeoutMs: 180000 });
		await main.login();
		await worker.start({ timeoutMs: 120000 });

		// B is emitted once (at the first poll after the restart); A is not emitted again.
		const list = await main.waitForExecutions(WF, (l) => l.length >= 2, {
			timeoutMs: 2 * MINUTE + 10000,
			intervalMs: 1000,
		});
		// One more poll, to be sure nothing else comes.
		const seq = await sb.lastSeq('consonance');
		await waitUntil(
			'the next poll',
			async () => (await sb.requests('consonance', seq)).some((r) => r.route !== 'not-found'),
			{ timeoutMs: 70000, intervalMs: 1000 },
		);
		await n8n.sleep(4000);
		const all = await main.executions({ workflowId: WF });
		expect(all.map((e) => e.id).sort()).toEqual(list.map((e) => e.id).sort());
		// n8n did not re-run the killed execution: it is recorded as failed (its job stalled while the
		// main was up) or crashed (the restarted main's recovery), and no other execution repeats it.
		const killed = all.find((e) => e.id === e1.id);
		console.log(`Consonance Trigger: the killed execution ${e1.id} ended ${killed.status}`);
		expect(['error', 'crashed']).toContain(killed.status);
		const items = [];
		for (const e of all) items.push(...(await emitted(e.id)));
		const ids = items.map((i) => i.product.id).sort();
		expect(ids).toEqual([a.id, b.id].sort());
		for (const item of items)
			expect(item.publishingStatus).toMatchObject({ from: { code: '02' }, to: { code: '04' } });
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
				parameters: {
					httpMethod: 'POST',
					path: 'queue-big-cover',
					responseMode: 'onReceived',
					options: { binaryData: true, binaryPropertyName: 'data' },
				},
			},
			{
				id: `${id}-u`,
				name: 'Upload to Cloudinary',
				type: `${PKG}.cloudinary`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'asset',
					operation: 'upload',
					source: 'binary',
					binaryPropertyName: 'data',
					uploadResourceType: 'raw',
					publicId: 'queue/big-cover-file',
					options: {},
				},
				credentials: { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } },
			},
		],
		connections: {
			'Receive file': { main: [[{ node: 'Upload to Cloudinary', type: 'main', index: 0 }]] },
		},
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
			const req = http.request(
				`${cluster.webhook.baseUrl}/webhook/queue-big-cover`,
				{
					method: 'POST',
					headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': 200 * MiB },
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode));
				},
			);
			req.on('error', reject);
			fs.createReadStream(file).pipe(req);
		});
		expect(status).toBe(200);
		const [execution] = await main.waitForExecutions(
			WF,
			(l) => l.length > 0 && finishedExecutions(l).length === l.length,
			{ timeoutMs: 5 * MINUTE, intervalMs: 1000 },
		);
		const error = (await main.execution(execution.id)).data?.resultData?.error;
		expect({ status: execution.status, mode: execution.mode, error: error?.message }).toEqual({
			status: 'success',
			mode: 'webhook',
			error: undefined,
		});
		expect(cluster.workersOf(execution.id)).toHaveLength(1);
		// The binary was stored in Postgres (n8n's binary_data table; `database` mode, queue mode's
		// default, which no process here overrides) by the webhook processor and read there by the worker.
		expect(cluster.env.N8N_DEFAULT_BINARY_DATA_MODE).toBeUndefined();
		const stored = cluster.postgres.query(
			`SELECT "sourceType", "fileSize", md5(data) FROM binary_data WHERE "fileSize" = ${200 * MiB}`,
		);
		expect(stored.length).toBeGreaterThan(0);
		for (const row of stored) expect(row).toEqual(['execution', String(200 * MiB), md5]);
		const asset = (
			await sb.control.get(
				`/cloudinary/state/assets/${encodeURIComponent('queue/big-cover-file')}`,
				{ params: { resource_type: 'raw' } },
			)
		).data;
		expect(asset.bytes).toBe(200 * MiB);
		expect(asset.etag).toBe(md5);
		await main.deactivateWorkflow(WF);
		await fs.promises.rm(file, { force: true });
	});
});
