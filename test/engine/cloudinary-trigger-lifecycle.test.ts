// Cloudinary Trigger › activation lifecycle: checkExists / create / delete in n8n-core's real
// HookContext against the emulator's Admin API /triggers. What the account holds afterwards is read
// through the control API (GET /cloudinary/triggers).
import axios from 'axios';
import { runWebhookMethod } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Trigger = { id: string; uri: string; event_type: string };
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
beforeEach(async () => {
	for (const t of await accountTriggers()) await axios.delete(`${api()}/triggers/${t.id}`, basic());
});

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});
const PROD_URL = 'http://localhost:5678/webhook/6f1c8a52-3b7e-4c1d-9a0e-2d4b5c6e7f80/webhook';
const TEST_URL = 'http://localhost:5678/webhook-test/6f1c8a52-3b7e-4c1d-9a0e-2d4b5c6e7f80/webhook';

async function accountTriggers(): Promise<Trigger[]> {
	const res = await sb.control.get('/cloudinary/triggers');
	expect(res.status).toBe(200);
	return res.data.triggers;
}
const summary = (list: Trigger[]) => list.map((t) => `${t.event_type} ${t.uri}`).sort();

async function unrelated(uri: string, eventType: string): Promise<Trigger> {
	const res = await axios.post(`${api()}/triggers`, { uri, event_type: eventType }, basic());
	expect(res.status).toBe(201);
	return res.data;
}

const call = (
	method: 'checkExists' | 'create' | 'delete',
	events: string[],
	staticData: object = {},
	extra: Record<string, unknown> = {},
) =>
	runWebhookMethod({
		node: 'cloudinaryTrigger',
		method,
		parameters: { events, ...((extra.parameters as object) ?? {}) },
		credentials: sb.credentials,
		staticData,
		...extra,
	});

describe('Cloudinary Trigger › registration lifecycle', () => {
	it('registers one trigger per event for the production URL, idempotently, and removes only its own', async () => {
		const other = await unrelated('https://dam.example-publisher.com/hooks/cloudinary', 'upload');
		const otherAll = await unrelated('http://127.0.0.1:9/another-workflow', 'all');
		const events = ['upload', 'moderation', 'resource_tags_changed'];

		const before = await call('checkExists', events);
		expect(before.result).toBe(false);
		expect(before.url).toBe(PROD_URL);

		const created = await call('create', events, before.staticData);
		expect(created.result).toBe(true);
		const afterCreate = await accountTriggers();
		expect(summary(afterCreate.filter((t) => t.uri === PROD_URL))).toEqual(
			events.map((e) => `${e} ${PROD_URL}`).sort(),
		);
		const ours = afterCreate
			.filter((t) => t.uri === PROD_URL)
			.map((t) => t.id)
			.sort();
		const state = created.staticData['node:Node Under Test'];
		expect(state.webhookUrl).toBe(PROD_URL);
		expect(state.triggers.map((t: { id: string }) => t.id).sort()).toEqual(ours);

		// Re-activation (or create run again after a leader change): still one registration per event.
		await call('create', events, created.staticData);
		expect(summary(await accountTriggers())).toEqual(summary(afterCreate));

		// Another main with no static data finds the registrations and restores their ids.
		const elsewhere = await call('checkExists', events, {});
		expect(elsewhere.result).toBe(true);
		expect(
			elsewhere.staticData['node:Node Under Test'].triggers.map((t: { id: string }) => t.id).sort(),
		).toEqual(ours);

		const removed = await call('delete', events, created.staticData);
		expect(removed.result).toBe(true);
		expect(removed.staticData['node:Node Under Test'] ?? {}).toEqual({});
		const left = await accountTriggers();
		expect(left.map((t) => t.id).sort()).toEqual([other.id, otherAll.id].sort());

		// Deleting again is harmless.
		expect((await call('delete', events, removed.staticData)).result).toBe(true);
		expect((await accountTriggers()).length).toBe(2);
	});

	it('leaves one registration per event when two mains activate at the same time (409 from the service)', async () => {
		const events = ['upload', 'delete'];
		const [a, b] = await Promise.all([call('create', events), call('create', events)]);
		expect(a.result && b.result).toBe(true);
		expect(summary(await accountTriggers())).toEqual([`delete ${PROD_URL}`, `upload ${PROD_URL}`]);
		const ids = (await accountTriggers()).map((t) => t.id).sort();
		for (const r of [a, b])
			expect(
				r.staticData['node:Node Under Test'].triggers.map((t: { id: string }) => t.id).sort(),
			).toEqual(ids);
	});

	it('repairs a registration removed by hand, and follows edited events', async () => {
		const first = await call('create', ['upload', 'moderation']);
		const moderation = (await accountTriggers()).find((t) => t.event_type === 'moderation')!;
		await axios.delete(`${api()}/triggers/${moderation.id}`, basic());
		expect((await call('checkExists', ['upload', 'moderation'], first.staticData)).result).toBe(
			false,
		);
		await call('create', ['upload', 'moderation'], first.staticData);
		expect(summary(await accountTriggers())).toEqual([
			`moderation ${PROD_URL}`,
			`upload ${PROD_URL}`,
		]);
		const uploadId = (await accountTriggers()).find((t) => t.event_type === 'upload')!.id;

		// The node now listens for deletions only: the upload/moderation registrations of this URL go.
		expect((await call('checkExists', ['delete'])).result).toBe(false);
		await call('create', ['delete']);
		const now = await accountTriggers();
		expect(summary(now)).toEqual([`delete ${PROD_URL}`]);
		expect(now.some((t) => t.id === uploadId)).toBe(false);
	});

	it('registers "all" alone when it is chosen with other events', async () => {
		await call('create', ['upload', 'all', 'delete']);
		expect(summary(await accountTriggers())).toEqual([`all ${PROD_URL}`]);
		expect((await call('checkExists', ['all'])).result).toBe(true);
	});

	it('"Listen for test event" registers the test URL and removes it afterwards, leaving production alone', async () => {
		const prod = await call('create', ['upload']);
		const test = await call('create', ['upload'], {}, { isTest: true });
		expect(test.url).toBe(TEST_URL);
		expect(summary(await accountTriggers())).toEqual(
			[`upload ${PROD_URL}`, `upload ${TEST_URL}`].sort(),
		);
		// n8n deletes a test webhook with mode "internal", keeping the static data it got from create.
		await call('delete', ['upload'], test.staticData, {
			isTest: true,
			mode: 'internal',
			activation: 'update',
		});
		expect(summary(await accountTriggers())).toEqual([`upload ${PROD_URL}`]);
		await call('delete', ['upload'], prod.staticData);
		expect(await accountTriggers()).toEqual([]);
	});

	it('removes what it registered for an earlier webhook URL (WEBHOOK_URL changed), by remembered id', async () => {
		const old = await call(
			'create',
			['upload'],
			{},
			{ webhookBaseUrl: 'http://old-host:5678/webhook' },
		);
		const keep = await unrelated('http://old-host:5678/webhook/someone-else', 'upload');
		expect((await accountTriggers()).length).toBe(2);
		await call('delete', ['upload'], old.staticData);
		expect((await accountTriggers()).map((t) => t.id)).toEqual([keep.id]);
	});

	it('manual registration makes no Admin API call', async () => {
		const since = await sb.lastSeq('cloudinary');
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			expect(
				(await call(method, ['upload'], {}, { parameters: { registration: 'manual' } })).result,
			).toBe(true);
		}
		expect(await sb.requests('cloudinary', since)).toEqual([]);
		expect(await accountTriggers()).toEqual([]);
	});

	it('refuses to activate without an event, before any call', async () => {
		const since = await sb.lastSeq('cloudinary');
		await expect(call('create', [])).rejects.toThrow(
			'Field "Events": choose at least one event to register',
		);
		expect(await sb.requests('cloudinary', since)).toEqual([]);
	});

	it("fails activation with Cloudinary's message, never the secret, when the credential is wrong", async () => {
		const credentials = {
			cloudinaryPublishingApi: {
				...sb.credentials.cloudinaryPublishingApi,
				apiSecret: 'wrong-secret-value',
			},
		};
		const error = await runWebhookMethod({
			node: 'cloudinaryTrigger',
			method: 'create',
			parameters: { events: ['upload'] },
			credentials,
		}).then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error).toBeDefined();
		expect(error!.message).toMatch(/Cloudinary: .*api_secret mismatch/i);
		expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
		expect(await accountTriggers()).toEqual([]);
	});
});
