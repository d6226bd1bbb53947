'use strict';
// Queue mode when a worker dies in the middle of a template run (n8n 2.40.7 on a real PostgreSQL and
// Redis; one main, two workers, one webhook processor: test/helpers/queue.js).
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
// F3 (the shipped template, started as the editor's "Execute workflow" does: on a worker) is killed
// mid-run (its worker SIGKILLed after some of its writes went out): n8n fails it and starts nothing;
// the Retry and the next run complete the work and nothing is written twice (one audit link per title
// in Consonance, each created once; each cover's access set at most once).
const n8n = require('../../scripts/lib/n8n');
const {
	startQueueCluster,
	waitUntil,
	finishedExecutions,
	FAST_STALLED_JOB_ENV,
} = require('../helpers/queue');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const { loadTemplate } = require('../../scripts/lib/templates');

const MINUTE = 60 * 1000;
jest.setTimeout(10 * MINUTE);

let sb;
let cluster;
let main;

const F3_TRIGGER = 'Every night at 2';

/** Runs F3 as the editor's "Execute workflow" does (on a worker here); resolves the execution once it is finished. */
async function runF3(workflowId) {
	const id = await main.runWorkflow(workflowId, F3_TRIGGER);
	return await waitUntil(
		`execution ${id} to finish`,
		async () => {
			const e = (await main.executions({ workflowId })).find((x) => String(x.id) === id);
			return e && finishedExecutions([e]).length ? e : undefined;
		},
		{ timeoutMs: 4 * MINUTE },
	);
}

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
		{
			...loadTemplate('F3-apply-sales-rights-to-cover-access.json'),
			id: 'queueRecoverF3001',
			active: false,
		},
	]);
	await main.login();
}, 15 * MINUTE);

afterAll(async () => {
	await cluster?.stop();
	await sb?.stop();
});

describe('a worker dies in the middle of F3 (sales rights → cover access, audit links in Consonance)', () => {
	const F3 = 'queueRecoverF3001';
	const isAuditCreate = (r) =>
		r.method === 'POST' && /webLink|WebLink/.test(r.route) && /create|Create/.test(r.route);

	test('n8n fails the execution, does not re-run it; Retry and the next run finish without writing twice', async () => {
		const covers = (
			await sb.control.get('/cloudinary/state/assets', { params: { prefix: 'covers/' } })
		).data.assets.filter((a) => a.tags.includes('master') && /^covers\/\d{13}$/.test(a.public_id));
		expect(covers.length).toBeGreaterThan(8);
		const startSeq = await sb.lastSeq();
		// Every Consonance call takes 600 ms: the run is long enough to be caught in the middle.
		expect(
			(await sb.control.post('/faults', { service: 'consonance', kind: 'latency', ms: 600 }))
				.status,
		).toBe(200);

		const firstId = await main.runWorkflow(F3, F3_TRIGGER);
		const { name, worker } = await cluster.workerRunning(firstId);
		// Kill the worker once some of the audit links (the last writes of the run) went out.
		await waitUntil(
			'some audit links to be written',
			async () => (await sb.requests('consonance', startSeq)).filter(isAuditCreate).length >= 3,
			{ intervalMs: 100 },
		);
		await worker.kill('SIGKILL');
		const writtenByKilledRun = (await sb.requests('consonance', startSeq)).filter(
			isAuditCreate,
		).length;
		expect(writtenByKilledRun).toBeLessThan(covers.length);
		await sb.control.delete('/faults');

		// n8n: the job stalls, the execution is recorded as failed, and nothing runs it again.
		const failed = await waitUntil('the killed execution to be marked failed', async () => {
			const e = (await main.executions({ workflowId: F3 })).find((x) => String(x.id) === firstId);
			return e && !['new', 'running'].includes(e.status) ? e : undefined;
		});
		expect(['error', 'crashed']).toContain(failed.status);
		const detail = await main.execution(firstId);
		// n8n's MaxStalledCountError: "This execution failed to be processed too many times and will no longer retry."
		expect(JSON.stringify(detail.data?.resultData?.error ?? {})).toMatch(
			/processed too many times|stalled|crash/i,
		);
		await n8n.sleep(5000);
		expect((await main.executions({ workflowId: F3 })).map((e) => String(e.id))).toEqual([firstId]);
		expect((await sb.requests('consonance', startSeq)).filter(isAuditCreate)).toHaveLength(
			writtenByKilledRun,
		);
		await worker.start({ timeoutMs: 120000 });

		// The user retries it (n8n's Retry, on the workflow as it was): it runs on a worker.
		const retried = await main.rest('POST', `/executions/${firstId}/retry`, {
			loadWorkflow: false,
		});
		expect(retried).toBeTruthy();
		const afterRetry = await waitUntil('the retry to finish', async () => {
			const list = await main.executions({ workflowId: F3 });
			return list.length === 2 && finishedExecutions(list).length === 2 ? list : undefined;
		});
		const retry = afterRetry.find((e) => String(e.id) !== firstId);
		expect(retry.mode).toBe('retry');
		expect(cluster.workersOf(retry.id)).toHaveLength(1);
		// Whatever the retry makes of a run n8n could not save any progress of, it must not duplicate.
		const retryError = (await main.execution(retry.id)).data?.resultData?.error;
		console.log(
			`F3 retry of the killed execution: ${retry.status}${retryError ? ` (${retryError.message})` : ''}`,
		);

		// The next run completes what is left (the titles the killed run had not reached, and anything a
		// retry did not finish); the one after it finds nothing left to do.
		const next = await runF3(F3);
		expect(next.status).toBe('success');
		const changedBy = async (e) =>
			(await main.execution(e.id)).data.resultData.runData.Report[0].data.main[0][0].json.summary
				.changed;
		expect((await changedBy(next)).auditLinksWritten).toBeLessThanOrEqual(
			covers.length - writtenByKilledRun,
		);
		const steady = await runF3(F3);
		expect(steady.status).toBe('success');
		expect(await changedBy(steady)).toEqual({
			access: 0,
			tagsAdded: 0,
			tagsRemoved: 0,
			territoriesMetadata: 0,
			auditLinksWritten: 0,
		});

		// Nothing written twice: each title's audit link was created once, across all the runs.
		const creates = (await sb.requests('consonance', startSeq)).filter(isAuditCreate);
		const byIsbn = new Map(
			sb.sandbox.catalogue.products.filter((p) => p.isbn13).map((p) => [p.isbn13, p]),
		);
		const titled = covers.filter((c) => byIsbn.has(c.public_id.split('/')[1]));
		expect(creates).toHaveLength(titled.length);
		for (const cover of titled) {
			const product = (
				await sb.control.get(
					`/consonance/state/products/${byIsbn.get(cover.public_id.split('/')[1]).id}`,
				)
			).data;
			expect(product.webLinks.filter((l) => l.role === 'cloudinary_cover_audit')).toHaveLength(1);
		}
		// And each cover's access rules were set at most once.
		const explicit = (await sb.requests('cloudinary', startSeq)).filter(
			(r) => r.method === 'POST' && /\/explicit$/.test(r.url.split('?')[0]),
		);
		expect(explicit.length).toBeLessThanOrEqual(covers.length);
		expect(name).toMatch(/^worker[12]$/);
	});
});
