'use strict';
// Queue mode (n8n 2.40.7, EXECUTIONS_MODE=queue) on a real PostgreSQL and Redis: one main, two
// workers and one webhook processor, each with the packed package installed in its own user folder
// (test/helpers/queue.js). Proves that
// - all eight templates run on the workers: the six schedule-started ones fire on the main's
//   schedule (a test copy whose rule fires every 15 s) and are enqueued; the two Cloudinary Trigger
//   ones are started by signed notifications that reach the WEBHOOK PROCESSOR. Each execution is in
//   Postgres as a success and exactly one worker's log says it ran it; both workers take work;
// - the Cloudinary Trigger's registrations exist exactly once however many times the main restarts,
//   and deactivating one workflow removes only that workflow's registrations.
const axios = require('axios');
const sharp = require('sharp');
const n8n = require('../../scripts/lib/n8n');
const { startQueueCluster, finishedExecutions } = require('../helpers/queue');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const { loadTemplate, manualTestCopy } = require('../../scripts/lib/templates');

const MINUTE = 60 * 1000;
jest.setTimeout(10 * MINUTE);

const SCHEDULED = {
	F2: 'F2-put-title-metadata-on-master-covers.json',
	F3: 'F3-apply-sales-rights-to-cover-access.json',
	F5: 'F5-make-format-variants-for-titles-in-production.json',
	F6: 'F6-organise-cover-assets-by-publishing-rules.json',
	F7: 'F7-alert-missing-or-off-spec-covers-before-publication.json',
	F8: 'F8-summarise-cover-media-metrics-in-consonance.json',
};
let sb;
let cluster;
let main;
const ids = {};

/** The template with its Schedule Trigger kept, firing every `seconds` (and Settings overridden). */
function everySeconds(file, id, seconds, settings = {}) {
	const copy = JSON.parse(JSON.stringify(loadTemplate(file)));
	const schedule = copy.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	schedule.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } };
	const node = copy.nodes.find((n) => n.name === 'Settings');
	for (const a of node?.parameters.assignments.assignments ?? [])
		if (a.name in settings) a.value = settings[a.name];
	return { ...copy, id, active: false };
}

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});
const form = { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
const accountTriggers = async () => (await sb.control.get('/cloudinary/triggers')).data.triggers;

/** Each execution ran on exactly one worker (by the workers' logs); returns { executionId: worker }. */
function expectRanOnOneWorker(executions) {
	const where = {};
	for (const e of executions) {
		const workers = cluster.workersOf(e.id);
		expect({ execution: e.id, workers }).toEqual({
			execution: e.id,
			workers: [expect.stringMatching(/^worker[12]$/)],
		});
		where[e.id] = workers[0];
	}
	return where;
}

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: 24 } });
	const tarball = await n8n.packPackage({});
	cluster = await startQueueCluster({ packageTarball: tarball, workers: 2, concurrency: 1 });
	main = cluster.main;
	const { consonance, cloudinary } = n8nCredentials(sb.info);
	await main.importCredentials([consonance, cloudinary]);
	const workflows = [];
	for (const [key, file] of Object.entries(SCHEDULED)) {
		ids[key] = `queueTpl${key}000001`;
		const settings =
			key === 'F7'
				? { alertUrl: `${sb.info.control.baseUrl}/sink/queue-f7` }
				: { lookbackDays: 36500 };
		workflows.push(everySeconds(file, ids[key], 15, settings));
	}
	const f1 = loadTemplate('F1-link-approved-covers-to-consonance.json');
	const f4 = loadTemplate('F4-link-title-media-to-consonance.json');
	ids.F1 = 'queueTplF1000001';
	ids.F4 = 'queueTplF4000001';
	ids.f1Hook = f1.nodes.find((n) => n.webhookId).webhookId;
	ids.f4Hook = f4.nodes.find((n) => n.webhookId).webhookId;
	workflows.push({ ...f1, id: ids.F1, active: false }, { ...f4, id: ids.F4, active: false });
	await main.importWorkflows(workflows);
	await main.login();
}, 15 * MINUTE);

afterAll(async () => {
	await cluster?.stop();
	await sb?.stop();
});

test('the six schedule-started templates fire on the main, are enqueued, run to success on the workers', async () => {
	const keys = Object.keys(SCHEDULED);
	await Promise.all(keys.map((k) => main.activateWorkflow(ids[k])));
	// Deactivate each as soon as its schedule has fired once: one run per template.
	const fired = new Set();
	const deadline = Date.now() + 2 * MINUTE;
	while (fired.size < keys.length && Date.now() < deadline) {
		for (const k of keys.filter((key) => !fired.has(key))) {
			if ((await main.executions({ workflowId: ids[k] })).length) {
				fired.add(k);
				await main.deactivateWorkflow(ids[k]);
			}
		}
		await n8n.sleep(500);
	}
	expect([...fired].sort()).toEqual([...keys].sort());

	const runs = {};
	for (const k of keys) {
		const list = await main.waitForExecutions(
			ids[k],
			(l) => l.length > 0 && finishedExecutions(l).length === l.length,
			{ timeoutMs: 4 * MINUTE },
		);
		runs[k] = list;
		for (const e of list)
			expect({ template: k, status: e.status, mode: e.mode }).toEqual({
				template: k,
				status: 'success',
				mode: 'trigger',
			});
	}
	const all = Object.values(runs).flat();
	const where = expectRanOnOneWorker(all);
	// Six runs at once on two workers that take one job at a time: both workers worked.
	expect(new Set(Object.values(where))).toEqual(new Set(['worker1', 'worker2']));
	// Neither the main nor the webhook processor ran any of them.
	for (const other of [cluster.main, cluster.webhook]) {
		expect(require('node:fs').readFileSync(other.logFile, 'utf8')).not.toMatch(
			/started execution/i,
		);
	}
	// The runs did their work (the e2e tier checks each template's results in full).
	const f3 = await main.execution(runs.F3[0].id);
	expect(
		f3.data.resultData.runData.Report[0].data.main[0][0].json.summary.changed.access,
	).toBeGreaterThan(0);
	const f7 = (await sb.control.get('/sink/queue-f7')).data;
	expect(JSON.stringify(f7)).toMatch(/97\d{11}/);
});

describe('Cloudinary Trigger templates (F1, F4) behind the webhook processor', () => {
	let unrelated;

	test("activation on the main registers each event once, at the webhook processor's URL", async () => {
		const res = await axios.post(
			`${api()}/triggers`,
			{ uri: 'http://127.0.0.1:9/someone-elses-dam-sync', event_type: 'upload' },
			basic(),
		);
		expect(res.status).toBeLessThan(300);
		unrelated = res.data;
		await main.activateWorkflow(ids.F1);
		await main.activateWorkflow(ids.F4);
		const triggers = await accountTriggers();
		const ours = triggers.filter((t) => t.id !== unrelated.id);
		expect(ours.map((t) => [t.uri, t.event_type]).sort()).toEqual(
			[
				[`${cluster.webhook.baseUrl}/webhook/${ids.f1Hook}/webhook`, 'moderation'],
				[`${cluster.webhook.baseUrl}/webhook/${ids.f1Hook}/webhook`, 'upload'],
				[`${cluster.webhook.baseUrl}/webhook/${ids.f4Hook}/webhook`, 'upload'],
			].sort(),
		);
	});

	test('an approval and an upload are delivered to the webhook processor and run F1 and F4 on a worker', async () => {
		const pending = sb.sandbox.catalogue.cloudinary.assets.find(
			(a) => a.moderationStatus === 'pending' && /^covers\/\d{13}$/.test(a.publicId),
		);
		expect(pending).toBeDefined();
		const since = (await sb.control.get('/cloudinary/notifications')).data.notifications.reduce(
			(m, n) => Math.max(m, n.id),
			0,
		);
		const approved = await axios.post(
			`${api()}/resources/image/upload/${encodeURIComponent(pending.publicId)}`,
			new URLSearchParams({ moderation_status: 'approved' }).toString(),
			{ ...form, ...basic() },
		);
		expect(approved.status).toBe(200);
		const isbn = pending.publicId.split('/')[1];
		const jpg = await sharp({
			create: { width: 40, height: 60, channels: 3, background: { r: 120, g: 90, b: 60 } },
		})
			.jpeg()
			.toBuffer();
		const photo = await axios.post(
			`${api()}/image/upload`,
			new URLSearchParams({
				file: `data:image/jpeg;base64,${jpg.toString('base64')}`,
				public_id: 'authors/queue-author',
				context: `isbn=${isbn}|asset_role=author_photo`,
			}).toString(),
			{ ...form, ...basic() },
		);
		expect(photo.status).toBe(200);

		const f1 = await main.waitForExecutions(
			ids.F1,
			(l) => l.length > 0 && finishedExecutions(l).length === l.length,
			{ timeoutMs: 2 * MINUTE },
		);
		const f4 = await main.waitForExecutions(
			ids.F4,
			(l) => l.length > 0 && finishedExecutions(l).length === l.length,
			{ timeoutMs: 2 * MINUTE },
		);
		for (const e of [...f1, ...f4]) expect([e.status, e.mode]).toEqual(['success', 'webhook']);
		expectRanOnOneWorker([...f1, ...f4]);
		// Every notification went to the webhook processor's port and was accepted.
		const sent = (await sb.control.get('/cloudinary/notifications', { params: { since } })).data
			.notifications;
		expect(sent.length).toBeGreaterThanOrEqual(2);
		for (const n of sent.filter((x) => !x.url.includes(':9/'))) {
			expect(n.url.startsWith(`${cluster.webhook.baseUrl}/webhook/`)).toBe(true);
		}
		// F1 linked the approved cover to its title in Consonance.
		const report = (await main.execution(f1.find((e) => e.status === 'success').id)).data.resultData
			.runData.Report;
		expect(JSON.stringify(report)).toContain(pending.publicId);
	});

	test("two restarts of the main leave one registration per event; deactivation removes only F1's", async () => {
		const before = (await accountTriggers()).map((t) => t.id).sort();
		for (let i = 0; i < 2; i++) {
			await main.stop();
			await main.start({ timeoutMs: 180000 });
			await main.login();
			// The restarted main re-publishes both workflows in the background (n8n's publication
			// outbox, reason "startup", which runs the trigger's checkExists/create again): once that has
			// settled both are live, and the account still has the same registrations, none added.
			for (const id of [ids.F1, ids.F4])
				expect((await main.settledPublicationStatus(id)).status).toBe('published');
			expect((await accountTriggers()).map((t) => t.id).sort()).toEqual(before);
		}
		await main.deactivateWorkflow(ids.F1);
		const left = await accountTriggers();
		expect(left.map((t) => [t.uri, t.event_type]).sort()).toEqual(
			[
				['http://127.0.0.1:9/someone-elses-dam-sync', 'upload'],
				[`${cluster.webhook.baseUrl}/webhook/${ids.f4Hook}/webhook`, 'upload'],
			].sort(),
		);
		await main.deactivateWorkflow(ids.F4);
		expect((await accountTriggers()).map((t) => t.id)).toEqual([unrelated.id]);
	});
});
