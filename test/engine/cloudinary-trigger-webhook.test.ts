// Cloudinary Trigger › webhook(): real notifications from the Cloudinary emulator (captured on the
// wire by a loopback server registered as a trigger / notification_url) handed to n8n-core's real
// WebhookContext. Valid SHA-1 and SHA-256 notifications start an execution with normalised items;
// forged, tampered, stale, future, unsigned ones and those signed with the algorithm the credential
// is not set to get 401 and start nothing; an exact replay is acknowledged and starts nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { runWebhook } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sharp = require('sharp');

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Captured = { path: string; headers: http.IncomingHttpHeaders; rawBody: Buffer };
let sb: TestSandbox;
let capture: http.Server;
let captureBase: string;
const received: Captured[] = [];

beforeAll(async () => {
	sb = await startTestSandbox();
	capture = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, rawBody: Buffer.concat(chunks) });
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
	captureBase = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await new Promise((resolve) => capture?.close(resolve));
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.post('/cloudinary/settings', { signatureAlgorithm: 'sha1' });
});

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});

async function pngDataUri(width: number, height: number): Promise<string> {
	const png = await sharp({
		create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } },
	})
		.png()
		.toBuffer();
	return `data:image/png;base64,${png.toString('base64')}`;
}

async function uploadForm(action: string, fields: Record<string, string | string[]>) {
	const form = new URLSearchParams();
	for (const [k, v] of Object.entries(fields))
		for (const x of Array.isArray(v) ? v : [v]) form.append(Array.isArray(v) ? `${k}[]` : k, x);
	const res = await axios.post(`${api()}/image/${action}`, form.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		...basic(),
	});
	expect(res.status).toBe(200);
	return res.data;
}

async function waitForCapture(path: string, count = 1): Promise<Captured[]> {
	const deadline = Date.now() + 10000;
	for (;;) {
		const hits = received.filter((r) => r.path === path);
		if (hits.length >= count) return hits;
		if (Date.now() > deadline)
			throw new Error(
				`no notification at ${path} (have ${received.map((r) => r.path).join(', ')})`,
			);
		await new Promise((r) => setTimeout(r, 50));
	}
}

const asRequest = (c: Captured) => ({
	headers: c.headers as Record<string, string>,
	rawBody: c.rawBody,
});
const trigger = (parameters: Record<string, unknown> = {}) => ({
	registration: 'manual',
	events: ['all'],
	...parameters,
});
const deliver = (
	request: ReturnType<typeof asRequest>,
	parameters?: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) =>
	runWebhook({
		node: 'cloudinaryTrigger',
		parameters: trigger(parameters),
		credentials: sb.credentials,
		request,
		...extra,
	});

const withAlgorithm = (signatureAlgorithm: 'sha1' | 'sha256') => ({
	...sb.credentials,
	cloudinaryPublishingApi: { ...sb.credentials.cloudinaryPublishingApi, signatureAlgorithm },
});

async function stored(publicId: string) {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	expect(res.status).toBe(200);
	return res.data;
}

describe('Cloudinary Trigger › webhook', () => {
	it('starts an execution with the normalised upload (SHA-1) matching what Cloudinary holds', async () => {
		const up = await uploadForm('upload', {
			file: await pngDataUri(12, 18),
			public_id: 'trigger-test/cover-sha1',
			tags: 'front-cover,lighthouse',
			context: 'isbn=9781810000008',
			notification_url: `${captureBase}/upload-sha1`,
		});
		const [n] = await waitForCapture('/upload-sha1');
		expect(n.headers['x-cld-signature']).toMatch(/^[0-9a-f]{40}$/);
		const result = await deliver(asRequest(n), { events: ['upload'] });
		expect(result.http.status).toBe(200);
		expect(result.started).toBe(true);
		expect(result.items).toHaveLength(1);
		const state = await stored('trigger-test/cover-sha1');
		expect(result.items[0]).toMatchObject({
			eventType: 'upload',
			publicId: 'trigger-test/cover-sha1',
			assetId: state.asset_id,
			version: state.version,
			secureUrl: up.secure_url,
			resourceType: 'image',
			deliveryType: 'upload',
			format: 'png',
			folder: 'trigger-test',
			tags: ['front-cover', 'lighthouse'],
			context: { isbn: '9781810000008' },
		});
		expect(result.items[0].raw).toEqual(JSON.parse(n.rawBody.toString('utf8')));
		expect(Date.parse(result.items[0].timestamp)).toBeGreaterThan(Date.now() - 60000);
	});

	it('accepts SHA-256 signatures when the credential is set to SHA-256, also with a lazily read raw body', async () => {
		await sb.control.post('/cloudinary/settings', { signatureAlgorithm: 'sha256' });
		await uploadForm('upload', {
			file: await pngDataUri(8, 8),
			public_id: 'trigger-test/cover-sha256',
			notification_url: `${captureBase}/upload-sha256`,
		});
		const [n] = await waitForCapture('/upload-sha256');
		expect(n.headers['x-cld-signature']).toMatch(/^[0-9a-f]{64}$/);
		for (const rawBodyPreread of [true, false]) {
			const result = await deliver(
				{ ...asRequest(n), rawBodyPreread } as never,
				{},
				{
					credentials: withAlgorithm('sha256'),
				},
			);
			expect(result.started).toBe(true);
			expect(result.items[0]).toMatchObject({
				eventType: 'upload',
				publicId: 'trigger-test/cover-sha256',
			});
		}
	});

	it("refuses (401, no execution) a genuine notification signed with an algorithm not the credential's", async () => {
		await uploadForm('upload', {
			file: await pngDataUri(8, 8),
			public_id: 'trigger-test/algo-sha1',
			notification_url: `${captureBase}/algo-sha1`,
		});
		const [sha1] = await waitForCapture('/algo-sha1');
		await sb.control.post('/cloudinary/settings', { signatureAlgorithm: 'sha256' });
		await uploadForm('upload', {
			file: await pngDataUri(8, 8),
			public_id: 'trigger-test/algo-sha256',
			notification_url: `${captureBase}/algo-sha256`,
		});
		const [sha256] = await waitForCapture('/algo-sha256');
		const cases = [
			{ n: sha1, credential: 'sha256', name: 'SHA-256' },
			{ n: sha256, credential: 'sha1', name: 'SHA-1' },
		] as const;
		for (const { n, credential, name } of cases) {
			const refused = await deliver(asRequest(n), {}, { credentials: withAlgorithm(credential) });
			expect(refused.started).toBe(false);
			expect(refused.http).toEqual({
				status: 401,
				body: {
					error: {
						message:
							`Cloudinary notification rejected: X-Cld-Signature is not a hex ${name} digest (the ` +
							`credential's Signature Algorithm)`,
					},
				},
			});
			// The same notification is genuine: the credential set to its algorithm accepts it.
			const other = credential === 'sha1' ? 'sha256' : 'sha1';
			expect((await deliver(asRequest(n), {}, { credentials: withAlgorithm(other) })).started).toBe(
				true,
			);
		}
	});

	it('acknowledges an exact replay of an accepted notification (200) without a second execution', async () => {
		await uploadForm('upload', {
			file: await pngDataUri(8, 8),
			public_id: 'trigger-test/replayed',
			notification_url: `${captureBase}/replayed`,
		});
		const [first] = await waitForCapture('/replayed');
		// Accepted and started: every item names its notification. The memory is written by
		// execute(), in the execution (test/e2e/cloudinary-trigger.test.js proves it in a real n8n).
		const accepted = await deliver(asRequest(first));
		expect(accepted.started).toBe(true);
		const { notificationKey } = accepted.items[0];
		expect(notificationKey).toMatch(/^[0-9a-f]{32}$/);
		expect(accepted.persisted).toBeNull();
		const remembered = {
			'node:Node Under Test': {
				acceptedNotifications: { [notificationKey]: Math.floor(Date.now() / 1000) },
			},
		};
		// What n8n saved after that execution: the replay is acknowledged and starts nothing.
		const replay = await deliver(asRequest(first), {}, { staticData: remembered });
		expect(replay).toMatchObject({
			started: false,
			http: { status: 200, body: { received: true, duplicate: true } },
		});
		expect(replay.persisted).toBeNull();
		// A notification that starts nothing (filtered out) is remembered by webhook() itself, which n8n saves.
		const filtered = await deliver(asRequest(first), { events: ['delete'] });
		expect(filtered.http.body).toEqual({ received: true, matched: 0 });
		expect(filtered.persisted).not.toBeNull();
		const memory = Object.values(filtered.persisted!)[0] as { acceptedNotifications: object };
		expect(Object.keys(memory.acceptedNotifications)).toEqual([notificationKey]);
		const again = await deliver(
			asRequest(first),
			{ events: ['delete'] },
			{ staticData: filtered.persisted },
		);
		expect(again.http.body).toEqual({ received: true, duplicate: true });
		// A refused notification (tampered body) is not remembered.
		const tampered = {
			...asRequest(first),
			rawBody: Buffer.concat([first.rawBody, Buffer.from(' ')]),
		};
		const refused = await deliver(tampered, {}, { staticData: filtered.persisted });
		expect(refused.http.status).toBe(401);
		expect(refused.persisted).toBeNull();
	});

	it('answers 401 and starts nothing for a forged signature (wrong secret)', async () => {
		const { data } = await sb.control.post('/cloudinary/notify', {
			url: `${captureBase}/forged`,
			eventType: 'upload',
			body: { public_id: 'trigger-test/evil', version: 1 },
			secretOverride: 'not-the-secret',
		});
		expect(data.sent[0].status).toBe(200);
		const [n] = await waitForCapture('/forged');
		const result = await deliver(asRequest(n));
		expect(result.http).toEqual({
			status: 401,
			body: {
				error: {
					message: 'Cloudinary notification rejected: the signature does not match the body',
				},
			},
		});
		expect(result.started).toBe(false);
	});

	it('answers 401 for a genuine notification whose body was changed by one byte', async () => {
		await sb.control.post('/cloudinary/notify', {
			url: `${captureBase}/tamper`,
			eventType: 'moderation',
			body: { public_id: 'trigger-test/cover-sha1', moderation_status: 'rejected' },
		});
		const [n] = await waitForCapture('/tamper');
		expect((await deliver(asRequest(n))).started).toBe(true);
		const tampered = Buffer.from(
			n.rawBody.toString('utf8').replace('"rejected"', '"approved"'),
			'utf8',
		);
		expect(tampered.equals(n.rawBody)).toBe(false);
		const result = await deliver({ ...asRequest(n), rawBody: tampered });
		expect(result.http.status).toBe(401);
		expect(result.started).toBe(false);
	});

	it('answers 401 for stale timestamps (default 2 hours, or the configured window) and future ones', async () => {
		const now = Math.floor(Date.now() / 1000);
		const send = async (path: string, timestamp: number) => {
			await sb.control.post('/cloudinary/notify', {
				url: `${captureBase}${path}`,
				eventType: 'upload',
				body: { public_id: 'trigger-test/cover-sha1', version: 1 },
				timestamp,
			});
			return asRequest((await waitForCapture(path))[0]);
		};
		const stale = await deliver(await send('/stale', now - 7300));
		expect(stale.http).toMatchObject({
			status: 401,
			body: { error: { message: expect.stringContaining('older than 7200 seconds') } },
		});
		const recent = await send('/recent', now - 600);
		expect((await deliver(recent)).started).toBe(true);
		const narrowed = await deliver(recent, { options: { maxAgeSeconds: 300 } });
		expect(narrowed.http.status).toBe(401);
		expect(narrowed.started).toBe(false);
		const future = await deliver(await send('/future', now + 3600));
		expect(future.http).toMatchObject({
			status: 401,
			body: { error: { message: expect.stringContaining('in the future') } },
		});
		expect(future.started).toBe(false);
	});

	it('answers 401 for an unsigned request', async () => {
		const body = JSON.stringify({
			notification_type: 'upload',
			public_id: 'trigger-test/unsigned',
			version: 1,
		});
		const result = await deliver({
			headers: { 'content-type': 'application/json' },
			rawBody: Buffer.from(body),
		});
		expect(result.http).toEqual({
			status: 401,
			body: { error: { message: 'Cloudinary notification rejected: no X-Cld-Signature header' } },
		});
		expect(result.started).toBe(false);
	});

	it('emits one item per asset for a multi-asset tag change, and applies the filters after normalising', async () => {
		const trig = await axios.post(
			`${api()}/triggers`,
			{ uri: `${captureBase}/all`, event_type: 'all' },
			basic(),
		);
		expect(trig.status).toBe(201);
		try {
			const file = await pngDataUri(6, 9);
			await uploadForm('upload', { file, public_id: 'trigger-filter/one' });
			await uploadForm('upload', { file, public_id: 'trigger-filter/two' });
			await uploadForm('upload', { file, public_id: 'elsewhere/three' });
			await uploadForm('tags', {
				command: 'add',
				tag: 'approved',
				public_ids: ['trigger-filter/one', 'trigger-filter/two', 'elsewhere/three'],
			});
			const hits = await waitForCapture('/all', 4);
			const tagChange = hits.find(
				(h) => JSON.parse(h.rawBody.toString()).notification_type === 'resource_tags_changed',
			)!;
			const all = await deliver(asRequest(tagChange), { events: ['resource_tags_changed'] });
			expect(all.items.map((i) => [i.eventType, i.publicId, i.changes.added])).toEqual([
				['resource_tags_changed', 'trigger-filter/one', ['approved']],
				['resource_tags_changed', 'trigger-filter/two', ['approved']],
				['resource_tags_changed', 'elsewhere/three', ['approved']],
			]);
			expect(all.items[2].raw).toEqual({
				...JSON.parse(tagChange.rawBody.toString()),
				resources: [expect.objectContaining({ public_id: 'elsewhere/three' })],
			});
			const inFolder = await deliver(asRequest(tagChange), {
				events: ['resource_tags_changed'],
				filters: { folder: 'trigger-filter/', tags: 'approved', resourceTypes: ['image'] },
			});
			expect(inFolder.items.map((i) => i.publicId)).toEqual([
				'trigger-filter/one',
				'trigger-filter/two',
			]);
			// An event the node does not listen for, or nothing left after filtering: acknowledged (200), no execution.
			const upload = hits.find(
				(h) => JSON.parse(h.rawBody.toString()).notification_type === 'upload',
			)!;
			const otherEvent = await deliver(asRequest(upload), { events: ['resource_tags_changed'] });
			expect(otherEvent).toMatchObject({
				started: false,
				http: { status: 200, body: { received: true, matched: 0 } },
			});
			const noneLeft = await deliver(asRequest(tagChange), {
				events: ['resource_tags_changed'],
				filters: { moderationStatuses: ['approved'] },
			});
			expect(noneLeft).toMatchObject({ started: false, http: { status: 200 } });
		} finally {
			await axios.delete(`${api()}/triggers/${trig.data.id}`, basic());
		}
	});
});
