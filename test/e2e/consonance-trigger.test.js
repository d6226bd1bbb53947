'use strict';
// Consonance Trigger in a REAL n8n 2.40.7 (our packed tarball installed as a community package):
// n8n polls it every minute (the fastest it allows: a cron with a seconds field that is not a single
// number is refused as "too short"); a publishing-status change made in the sandbox between two polls
// runs the workflow exactly once; after n8n is stopped and started again on the same user folder,
// that change is not emitted again, and a new change is emitted once.
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(15 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
const NODE = 'Consonance Trigger';
let sb;
let instance;
let workflowId;

const credential = (info) => n8nCredentials(info).consonance;

const triggerWorkflow = (id, pollTimes) => ({
	id,
	name: `Consonance status changes ${id}`,
	nodes: [
		{
			id: `${id}-t`,
			name: NODE,
			type: `${PKG}.consonanceTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes, event: 'publishingStatusChanged', targetStatuses: [] },
			credentials: { consonancePublishingApi: { id: null, name: 'Consonance account' } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
});

async function graphqlRequestsSince(seq) {
	return (await sb.requests('consonance', seq)).filter((r) => r.route !== 'not-found');
}

/** Waits for n8n's next poll: a Consonance request after `seq` (then a moment for an execution to be recorded). */
async function nextPoll(seq, timeoutMs = 2 * MINUTE + 10000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const seen = await graphqlRequestsSince(seq);
		if (seen.length) {
			await n8n.sleep(4000);
			return seen;
		}
		if (Date.now() > deadline) throw new Error('n8n did not poll Consonance');
		await n8n.sleep(500);
	}
}

async function triggerItems(executionId) {
	const execution = await instance.execution(executionId);
	return execution.data.resultData.runData[NODE][0].data.main[0].map((i) => i.json);
}

async function changeStatus(from, to) {
	const target = sb.sandbox.catalogue.products.find(
		(p) => p.publishingStatus === from && !changed.has(p.id),
	);
	changed.add(target.id);
	const res = await sb.control.post(`/consonance/products/${target.id}`, { publishingStatus: to });
	expect(res.status).toBe(200);
	expect(res.data.publishingStatus).toBe(to);
	return target;
}
const changed = new Set();

beforeAll(async () => {
	sb = await startTestSandbox();
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const imported = await instance.importCredentials([credential(sb.info)]);
	expect(imported.code ?? 0).toBe(0);
	workflowId = await instance.importWorkflow(
		triggerWorkflow('e2eConsTrig1', { item: [{ mode: 'everyMinute' }] }),
	);
	await instance.importWorkflow(
		triggerWorkflow('e2eConsTrig2', {
			item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }],
		}),
	);
	await instance.start();
	await instance.login();
}, 20 * MINUTE);

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

it('n8n refuses a poll interval under a minute (a cron with seconds)', async () => {
	const result = await instance.activateWorkflow('e2eConsTrig2', { throwOnFailure: false });
	expect(result.publication.status).toBe('failed');
	expect(JSON.stringify(result.publication.triggers)).toMatch(/at least a minute/);
	await instance.deactivateWorkflow('e2eConsTrig2').catch(() => undefined);
});

it('emits a status change once, and never again after a restart; a change after the restart once', async () => {
	// Activation: the first poll baselines (reads the catalogue) and starts nothing.
	const beforeActivation = await sb.lastSeq('consonance');
	await instance.activateWorkflow(workflowId);
	expect((await graphqlRequestsSince(beforeActivation)).length).toBeGreaterThan(0);
	expect(await instance.executions({ workflowId })).toHaveLength(0);

	// A change in Consonance between two polls: one execution with one item, old → new.
	const first = await changeStatus('02', '04');
	// n8n lists an execution as soon as it starts: wait until it has finished (its data saved).
	const finished = (l) => l.every((e) => !['new', 'running', 'waiting'].includes(e.status));
	const [execution] = await instance.waitForExecutions(
		workflowId,
		(l) => l.length > 0 && finished(l),
		{
			timeoutMs: 2 * MINUTE + 10000,
			intervalMs: 1000,
		},
	);
	expect(execution.status).toBe('success');
	const items = await triggerItems(execution.id);
	expect(items).toHaveLength(1);
	expect(items[0]).toMatchObject({
		event: 'publishingStatusChanged',
		publishingStatus: { from: { code: '02' }, to: { code: '04' } },
		product: { id: first.id, isbn13: first.isbn13, publishingStatus: { code: '04' } },
	});

	// The next poll re-reads the same day's changes and starts nothing.
	await nextPoll(await sb.lastSeq('consonance'));
	expect(await instance.executions({ workflowId })).toHaveLength(1);

	// Restart on the same user folder (same database): the stored state survives.
	await instance.stop();
	const beforeRestart = await sb.lastSeq('consonance');
	await instance.start();
	await instance.login();
	await nextPoll(beforeRestart);
	await nextPoll(await sb.lastSeq('consonance')); // the first scheduled poll after the restart
	expect(await instance.executions({ workflowId })).toHaveLength(1);

	// A new change after the restart: emitted once.
	const second = await changeStatus('04', '07');
	const list = await instance.waitForExecutions(workflowId, (l) => l.length > 1 && finished(l), {
		timeoutMs: 2 * MINUTE + 10000,
		intervalMs: 1000,
	});
	expect(list).toHaveLength(2);
	const newest = list.find((e) => e.id !== execution.id);
	const after = await triggerItems(newest.id);
	expect(after).toHaveLength(1);
	expect(after[0]).toMatchObject({
		product: { id: second.id },
		publishingStatus: { from: { code: '04' }, to: { code: '07' } },
	});
	expect(
		(await sb.control.get(`/consonance/state/products/${second.id}`)).data.publishingStatus,
	).toBe('07');
});
