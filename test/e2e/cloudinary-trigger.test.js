'use strict';
// Cloudinary Trigger in a REAL n8n 2.40.7 (our packed tarball installed as a community package):
// activating the workflow registers it in the Cloudinary emulator (Admin API /triggers); an upload
// and a moderation decision in the sandbox produce signed notifications that n8n receives on its
// production webhook URL and runs as executions with the normalised items; forged, stale, future
// and unsigned posts get 401 and leave no execution; an exact replay (also after a restart) is
// acknowledged and runs nothing; deactivating removes exactly our registrations.
const axios = require('axios');
const sharp = require('sharp');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const fs = require('node:fs');
const path = require('node:path');
const { scanForSecrets } = require('../../scripts/lib/secrets-scan');

const MINUTE = 60 * 1000;
jest.setTimeout(8 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
const WEBHOOK_ID = '3d5e7f90-1a2b-4c3d-8e9f-c10d1a2e3b4f';
let sb;
let instance;
let workflowId;
let unrelated;

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});
const ourUrl = () => `${instance.webhookBaseUrl}/${WEBHOOK_ID}/webhook`;

const credential = (info) => n8nCredentials(info).cloudinary;

const workflow = {
	id: 'e2eCloudinaryTrig1',
	name: 'New or approved covers',
	nodes: [
		{
			id: 't1',
			name: 'Cloudinary Trigger',
			type: `${PKG}.cloudinaryTrigger`,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: {
				registration: 'automatic',
				events: ['upload', 'moderation'],
				filters: { folder: 'e2e-covers/' },
			},
			credentials: { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
	active: false,
};

async function accountTriggers() {
	const res = await sb.control.get('/cloudinary/triggers');
	expect(res.status).toBe(200);
	return res.data.triggers;
}

async function upload(fields) {
	const png = await sharp({
		create: { width: 20, height: 30, channels: 3, background: { r: 10, g: 90, b: 160 } },
	})
		.png()
		.toBuffer();
	const form = new URLSearchParams({
		file: `data:image/png;base64,${png.toString('base64')}`,
		...fields,
	});
	const res = await axios.post(`${api()}/image/upload`, form.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		...basic(),
	});
	expect(res.status).toBe(200);
	return res.data;
}

/** The emulator's delivery record of the notification about `publicId` (waits until delivered). */
async function delivered(eventType, publicId) {
	const deadline = Date.now() + 20000;
	for (;;) {
		const { data } = await sb.control.get('/cloudinary/notifications');
		const hit = data.notifications.find(
			(n) =>
				n.url === ourUrl() &&
				n.eventType === eventType &&
				n.body.includes(`"${publicId}"`) &&
				n.status !== null,
		);
		if (hit) return hit;
		if (Date.now() > deadline)
			throw new Error(`no ${eventType} notification for ${publicId} delivered to n8n`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function triggerItems(executionId) {
	const execution = await instance.execution(executionId);
	return execution.data.resultData.runData['Cloudinary Trigger'][0].data.main[0].map((i) => i.json);
}

/** Executions after a short grace period (an execution, if any, is recorded within it). */
async function settledExecutions() {
	await new Promise((r) => setTimeout(r, 1500));
	return await instance.executions({ workflowId });
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const imported = await instance.importCredentials([credential(sb.info)]);
	expect(imported.code ?? 0).toBe(0);
	workflowId = await instance.importWorkflow(workflow);
	await instance.start();
	await instance.login();
	// Someone else's registration on the same account: it must survive our activation and deactivation.
	const res = await axios.post(
		`${api()}/triggers`,
		{ uri: 'http://127.0.0.1:9/someone-elses-dam-sync', event_type: 'upload' },
		basic(),
	);
	expect(res.status).toBe(201);
	unrelated = res.data;
}, 20 * MINUTE);

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

test("activation registers one Cloudinary trigger per event for n8n's production URL", async () => {
	expect(ourUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\//);
	const activated = await instance.activateWorkflow(workflowId);
	expect(activated.publication).toMatchObject({ status: 'published' });
	const triggers = await accountTriggers();
	expect(
		triggers
			.filter((t) => t.uri === ourUrl())
			.map((t) => t.event_type)
			.sort(),
	).toEqual(['moderation', 'upload']);
	expect(triggers.map((t) => t.id)).toContain(unrelated.id);
	expect(triggers).toHaveLength(3);
});

test('an upload and a moderation decision in Cloudinary run the workflow with the normalised items', async () => {
	const up = await upload({
		public_id: 'e2e-covers/9781810000008',
		tags: 'front-cover',
		context: 'isbn=9781810000008',
		moderation: 'manual',
	});
	const uploadNote = await delivered('upload', 'e2e-covers/9781810000008');
	expect(uploadNote.status).toBe(200);
	let executions = await instance.waitForExecutions(workflowId, (list) =>
		list.some((e) => e.status === 'success'),
	);
	expect(executions).toHaveLength(1);
	expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
	const [item] = await triggerItems(executions[0].id);
	const state = (
		await sb.control.get(
			`/cloudinary/state/assets/${encodeURIComponent('e2e-covers/9781810000008')}`,
		)
	).data;
	expect(item).toMatchObject({
		eventType: 'upload',
		publicId: 'e2e-covers/9781810000008',
		assetId: state.asset_id,
		version: state.version,
		secureUrl: up.secure_url,
		resourceType: 'image',
		folder: 'e2e-covers',
		tags: ['front-cover'],
		context: { isbn: '9781810000008' },
		moderationStatus: 'pending',
	});
	expect(item.raw).toEqual(JSON.parse(uploadNote.body));

	const approve = await axios.post(
		`${api()}/resources/image/upload/${encodeURIComponent('e2e-covers/9781810000008')}`,
		new URLSearchParams({ moderation_status: 'approved' }).toString(),
		{
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			...basic(),
		},
	);
	expect(approve.status).toBe(200);
	expect((await delivered('moderation', 'e2e-covers/9781810000008')).status).toBe(200);
	executions = await instance.waitForExecutions(
		workflowId,
		(list) => list.filter((e) => e.status === 'success').length === 2,
	);
	const [moderated] = await triggerItems(executions[0].id);
	expect(moderated).toMatchObject({
		eventType: 'moderation',
		publicId: 'e2e-covers/9781810000008',
		assetId: state.asset_id,
		moderationStatus: 'approved',
	});

	// Outside the folder filter: acknowledged with 200, no execution.
	await upload({ public_id: 'elsewhere/not-a-cover' });
	expect((await delivered('upload', 'elsewhere/not-a-cover')).status).toBe(200);
	expect(await settledExecutions()).toHaveLength(2);

	const raw = JSON.stringify(await instance.execution(executions[0].id));
	expect(raw).not.toContain(sb.info.cloudinary.apiSecret);
});

test('forged, stale, future and unsigned notifications get 401 and start no execution', async () => {
	const before = (await instance.executions({ workflowId })).length;
	const now = Math.floor(Date.now() / 1000);
	const body = { public_id: 'e2e-covers/forged', version: 1, resource_type: 'image' };
	const cases = {
		forged: { secretOverride: 'not-the-api-secret' },
		stale: { timestamp: now - 3 * 3600 },
		future: { timestamp: now + 3600 },
	};
	for (const [name, extra] of Object.entries(cases)) {
		const { data } = await sb.control.post('/cloudinary/notify', {
			eventType: 'upload',
			body,
			...extra,
		});
		// Sent to every trigger of the event: ours answers 401 (the unrelated one points at a closed port).
		const ours = data.sent.find((s) => s.url === ourUrl());
		expect([name, ours.status]).toEqual([name, 401]);
		expect(ours.responseBody).toContain('Cloudinary notification rejected');
	}
	const unsigned = await axios.post(
		ourUrl(),
		{ notification_type: 'upload', ...body },
		{ validateStatus: () => true },
	);
	expect(unsigned.status).toBe(401);
	expect(await settledExecutions()).toHaveLength(before);
});

test('an exact replay of an accepted notification, also after a restart, is acked (200) and runs nothing', async () => {
	const before = (await instance.executions({ workflowId })).length;
	await upload({ public_id: 'e2e-covers/replayed' });
	const note = await delivered('upload', 'e2e-covers/replayed');
	expect(note.status).toBe(200);
	await instance.waitForExecutions(
		workflowId,
		(list) => list.length === before + 1 && list[0].status === 'success',
	);
	// The same bytes, timestamp and signature Cloudinary sent, posted again (as an attacker or a
	// retrying proxy would), until n8n serves the webhook (it re-registers it after a restart).
	const replay = async () => {
		const deadline = Date.now() + 60000;
		for (;;) {
			const res = await axios.post(ourUrl(), note.body, {
				headers: note.headers,
				transformRequest: [(data) => data],
				validateStatus: () => true,
			});
			if (res.status !== 404 || Date.now() > deadline) return res;
			await new Promise((r) => setTimeout(r, 500));
		}
	};
	const again = await replay();
	expect([again.status, again.data]).toEqual([200, { received: true, duplicate: true }]);
	expect(await settledExecutions()).toHaveLength(before + 1);

	// The memory is in the workflow's static data in n8n's database: a restart does not forget it.
	await instance.stop();
	await instance.start();
	await instance.login();
	const afterRestart = await replay();
	expect([afterRestart.status, afterRestart.data]).toEqual([
		200,
		{ received: true, duplicate: true },
	]);
	expect(await settledExecutions()).toHaveLength(before + 1);
	// A new notification still runs.
	await upload({ public_id: 'e2e-covers/after-restart' });
	expect((await delivered('upload', 'e2e-covers/after-restart')).status).toBe(200);
	await instance.waitForExecutions(workflowId, (list) => list.length === before + 2);
});

test('deactivation removes exactly our registrations', async () => {
	await instance.deactivateWorkflow(workflowId);
	const triggers = await accountTriggers();
	expect(triggers.map((t) => t.id)).toEqual([unrelated.id]);
});

test('"Listen for test event" registers the Test URL, runs once on a notification, then unregisters', async () => {
	const testUrl = ourUrl().replace('/webhook/', '/webhook-test/');
	const testRegistrations = async () =>
		(await accountTriggers())
			.filter((t) => t.uri === testUrl)
			.map((t) => t.event_type)
			.sort();
	const listen = async () =>
		expect(
			await instance.rest('POST', `/workflows/${workflowId}/run`, {
				triggerToStartFrom: { name: 'Cloudinary Trigger' },
			}),
		).toMatchObject({ waitingForWebhook: true });
	const waitUntil = async (predicate, what) => {
		const deadline = Date.now() + 20000;
		while (!(await predicate())) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 200));
		}
	};
	const before = (await instance.executions({ workflowId })).length;

	await listen();
	expect(await testRegistrations()).toEqual(['moderation', 'upload']);
	// A forged notification is refused and does not end the listening.
	const { data } = await sb.control.post('/cloudinary/notify', {
		url: testUrl,
		eventType: 'upload',
		body: { public_id: 'e2e-covers/forged' },
		secretOverride: 'nope',
	});
	expect(data.sent[0].status).toBe(401);
	expect(await testRegistrations()).toEqual(['moderation', 'upload']);

	await upload({ public_id: 'e2e-covers/test-event' });
	const executions = await instance.waitForExecutions(
		workflowId,
		(list) => list.length === before + 1 && list[0].status === 'success',
	);
	expect(executions[0].mode).toBe('manual');
	expect((await triggerItems(executions[0].id))[0]).toMatchObject({
		eventType: 'upload',
		publicId: 'e2e-covers/test-event',
	});
	await waitUntil(
		async () => (await testRegistrations()).length === 0,
		'the test registration to be removed',
	);

	// Stopping to listen without an event removes it too; production and unrelated registrations untouched throughout.
	await listen();
	expect(await testRegistrations()).toEqual(['moderation', 'upload']);
	await instance.rest('DELETE', `/test-webhook/${workflowId}`);
	await waitUntil(
		async () => (await testRegistrations()).length === 0,
		'the test registration to be removed after cancelling',
	);
	expect((await accountTriggers()).map((t) => t.id)).toEqual([unrelated.id]);
});

test("secrets scan: no API secret or Basic auth anywhere in n8n's log, database or executions", async () => {
	const { apiKey, apiSecret } = sb.info.cloudinary;
	const secrets = {
		'Cloudinary API secret': apiSecret,
		'Basic auth (API key:secret, base64)': Buffer.from(`${apiKey}:${apiSecret}`).toString('base64'),
	};
	// The scanner finds a secret planted in a scratch file: a leak would fail this test.
	const planted = path.join(instance.userFolder, 'planted-secret.txt');
	fs.writeFileSync(planted, `log line ... ${apiSecret} ... more`);
	expect(scanForSecrets({ folders: [instance.userFolder], secrets }).hits).toEqual([
		{ place: planted, secret: 'Cloudinary API secret' },
	]);
	fs.rmSync(planted);

	// Every execution of this run (the accepted notifications, replays, refused ones left none),
	// read back through n8n's API, then n8n stopped so its database and log are complete on disk.
	const executions = await instance.executions({ workflowId, limit: 250 });
	expect(executions.length).toBeGreaterThan(0);
	const texts = {};
	for (const e of executions)
		texts[`execution ${e.id}`] = JSON.stringify(await instance.execution(e.id));
	await instance.stop();
	const result = scanForSecrets({ folders: [instance.userFolder], texts, secrets });
	expect(result.scanned).toBeGreaterThan(executions.length);
	expect(fs.readdirSync(path.join(instance.userFolder, '.n8n'))).toContain('database.sqlite');
	expect(result.hits).toEqual([]);
	// The API key is not a secret, and Cloudinary itself puts it in notifications (signature_key):
	// it may appear in execution data, but n8n's log must not carry it.
	expect(fs.readFileSync(instance.logFile, 'utf8')).not.toContain(apiKey);
});
