'use strict';
// Raw HTTP (axios) cases the SDK does not cover: urlencoded/JSON/query bodies, DELETE with a body,
// the 5 MB chunk rule, search parse errors and semantics, metadata/folder/trigger messages,
// rate-limit headers (Admin only), unknown cloud, SHA-256 notification signatures, set_exclusive.
// Upload signatures are computed by the official SDK's utils (the oracle), never by the emulator.
const crypto = require('node:crypto');
const http = require('node:http');
const axios = require('axios');
const sharp = require('sharp');
const { startServer } = require('../../sandbox/lib/server');
const { createClock } = require('../../sandbox/lib/clock');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');
const { createCloudinaryEmulator } = require('../../sandbox/cloudinary');

const CLOUD = 'sandbox-publisher';
const KEY = '614335564976464';
const SECRET = 'sandbox-api-secret-do-not-use-in-prod';

jest.setTimeout(120000);

let clock;
let emulator;
let server;
let sdkUtils;
let hook;
const received = [];

const api = () => `${server.baseUrl}/v1_1/${CLOUD}`;
const basic = { auth: { username: KEY, password: SECRET } };
const any = { validateStatus: () => true };

/**
 * Signs Upload API params with the SDK (oracle). Arrays are signed comma-joined. Like the SDK,
 * `file` is added after signing (it is never part of the string to sign).
 */
function signed(params, { secret = SECRET, algorithm, version } = {}) {
	const { file, ...rest } = params;
	const p = { timestamp: clock.nowSeconds(), ...rest };
	p.signature = sdkUtils.api_sign_request(p, secret, algorithm, version);
	p.api_key = KEY;
	if (file !== undefined) p.file = file;
	return p;
}

/** urlencoded body; arrays become repeated key[] fields (what the SDK does). */
function form(obj) {
	const u = new URLSearchParams();
	for (const [k, v] of Object.entries(obj)) {
		if (Array.isArray(v)) for (const x of v) u.append(`${k}[]`, x);
		else u.append(k, String(v));
	}
	return u.toString();
}

const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };

function md5(b) {
	return crypto.createHash('md5').update(b).digest('hex');
}

async function pngUri(w = 8, h = 8, color = '#123456') {
	const png = await sharp({ create: { width: w, height: h, channels: 3, background: color } })
		.png()
		.toBuffer();
	return { png, uri: `data:image/png;base64,${png.toString('base64')}` };
}

async function waitFor(predicate, ms = 5000) {
	const until = Date.now() + ms;
	for (;;) {
		const v = await predicate();
		if (v) return v;
		if (Date.now() > until) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** A multipart body with one file part, built by hand (as the SDK streams it). */
function multipart(fields, file) {
	const boundary = `----sandbox${crypto.randomBytes(8).toString('hex')}`;
	const parts = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
		);
	if (file) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
					`filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
			),
		);
		parts.push(file.data);
		parts.push(Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${boundary}--`));
	return {
		body: Buffer.concat(parts),
		headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
	};
}

beforeAll(async () => {
	clock = createClock();
	emulator = await createCloudinaryEmulator({
		clock,
		catalogue: generateCatalogue({ today: new Date(clock.now()) }),
		cloudName: CLOUD,
		apiKey: KEY,
		apiSecret: SECRET,
		getBaseUrl: () => server.baseUrl,
	});
	server = await startServer({
		name: 'cloudinary',
		port: 0,
		handler: emulator.handler,
		renderFault: emulator.renderFault,
	});
	jest.isolateModules(() => {
		sdkUtils = require('cloudinary').v2.utils;
	});
	hook = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({
				url: req.url,
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(204);
			res.end();
		});
	});
	await new Promise((r) => hook.listen(0, '127.0.0.1', r));
	hook.baseUrl = `http://127.0.0.1:${hook.address().port}`;
});

afterAll(async () => {
	await new Promise((r) => hook.close(r));
	await server.close();
	await emulator.close();
});

describe('routing, envelope, auth', () => {
	test('unknown cloud -> 404 JSON error; every answer carries X-Request-Id', async () => {
		const r = await axios.get(`${server.baseUrl}/v1_1/no-such-cloud/ping`, { ...basic, ...any });
		expect(r.status).toBe(404);
		expect(r.data).toEqual({ error: { message: 'Invalid cloud_name no-such-cloud' } });
		expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
		const ok = await axios.get(`${api()}/ping`, basic);
		expect(ok.data).toEqual({ status: 'ok' });
		expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
		const nf = await axios.get(`${api()}/no_such_endpoint`, { ...basic, ...any });
		expect(nf.status).toBe(404);
		expect(typeof nf.data.error.message).toBe('string');
	});

	test('Admin auth: unknown key, wrong secret, no credentials', async () => {
		const unknown = await axios.get(`${api()}/ping`, {
			auth: { username: '999', password: SECRET },
			...any,
		});
		expect([unknown.status, unknown.data.error.message]).toEqual([401, 'Unknown API key 999']);
		const wrong = await axios.get(`${api()}/ping`, {
			auth: { username: KEY, password: 'nope' },
			...any,
		});
		expect([wrong.status, wrong.data.error.message]).toEqual([401, 'api_secret mismatch']);
		const none = await axios.get(`${api()}/ping`, any);
		expect(none.status).toBe(401);
		expect(none.data.error.message).toBeTruthy();
	});

	test('URL-encoded path segments: resources%2Fsearch and public ids with %2F', async () => {
		const a = emulator.store.all().find((x) => x.publicId.startsWith('covers/'));
		const d = await axios.get(
			`${api()}/resources/image/upload/${encodeURIComponent(a.publicId)}`,
			basic,
		);
		expect(d.data.public_id).toBe(a.publicId);
		expect(d.data.asset_id).toBe(a.assetId);
		const s = await axios.post(
			`${api()}/resources%2Fsearch`,
			{ expression: `public_id=${a.publicId}` },
			basic,
		);
		expect(s.data.resources.map((r) => r.public_id)).toEqual([a.publicId]);
		const missing = await axios.get(`${api()}/resources/image/upload/covers%2Fnope`, {
			...basic,
			...any,
		});
		expect([missing.status, missing.data.error.message]).toEqual([
			404,
			'Resource not found - covers/nope',
		]);
	});
});

describe('parameters: urlencoded, JSON, query, multipart; DELETE with a body', () => {
	test('urlencoded signed upload with tags[] repeats (signed comma-joined)', async () => {
		const { png, uri } = await pngUri(31, 17);
		const params = signed({
			file: uri,
			public_id: 'raw/form',
			tags: ['alpha', 'beta'],
			context: 'caption=Salt & Pepper|alt=x\\=y',
		});
		const r = await axios.post(`${api()}/image/upload`, form(params), { headers: formHeaders });
		expect(r.data).toMatchObject({
			public_id: 'raw/form',
			width: 31,
			height: 17,
			bytes: png.length,
			etag: md5(png),
			tags: ['alpha', 'beta'],
		});
		expect(r.data.context.custom).toEqual({ caption: 'Salt & Pepper', alt: 'x=y' });
		expect(r.headers['x-featureratelimit-limit']).toBeUndefined();
		// the same request signed the old way (v1: raw '&') is accepted too
		const v1 = signed(
			{ file: uri, public_id: 'raw/form-v1', context: 'caption=Fish & Chips' },
			{ version: 1 },
		);
		expect(
			(await axios.post(`${api()}/image/upload`, form(v1), { headers: formHeaders })).data.context
				.custom.caption,
		).toBe('Fish & Chips');
	});

	test('JSON body upload and a signed destroy with params only in the query string', async () => {
		const { uri } = await pngUri(5, 6);
		const params = signed({
			file: uri,
			public_id: 'raw/json',
			tags: ['j1', 'j2'],
			overwrite: true,
		});
		const r = await axios.post(`${api()}/image/upload`, params, {
			headers: { 'Content-Type': 'application/json' },
		});
		expect(r.data).toMatchObject({
			public_id: 'raw/json',
			tags: ['j1', 'j2'],
			width: 5,
			height: 6,
		});
		const q = new URLSearchParams(signed({ public_id: 'raw/json' })).toString();
		const d = await axios.post(`${api()}/image/destroy?${q}`, '', { headers: formHeaders });
		expect(d.data).toEqual({ result: 'ok' });
	});

	test('booleans 1/0/true/false: overwrite=0 and overwrite=false both keep the existing asset', async () => {
		const { uri } = await pngUri(3, 3);
		const first = await axios.post(
			`${api()}/image/upload`,
			form(signed({ file: uri, public_id: 'raw/bool' })),
			{ headers: formHeaders },
		);
		for (const v of ['0', 'false']) {
			const r = await axios.post(
				`${api()}/image/upload`,
				form(signed({ file: uri, public_id: 'raw/bool', overwrite: v })),
				{ headers: formHeaders },
			);
			expect(r.data.existing).toBe(true);
			expect(r.data.version).toBe(first.data.version);
		}
		const over = await axios.post(
			`${api()}/image/upload`,
			form(signed({ file: uri, public_id: 'raw/bool', overwrite: 'true' })),
			{ headers: formHeaders },
		);
		expect(over.data.version).toBeGreaterThan(first.data.version);
	});

	test('Basic auth is accepted on the Upload API; unsigned needs a preset; unknown api_key', async () => {
		const { uri } = await pngUri(2, 2);
		const r = await axios.post(
			`${api()}/image/upload`,
			form({ file: uri, public_id: 'raw/basic' }),
			{ headers: formHeaders, ...basic },
		);
		expect(r.data.public_id).toBe('raw/basic');
		const unsigned = await axios.post(`${api()}/image/upload`, form({ file: uri }), {
			headers: formHeaders,
			...any,
		});
		expect([unsigned.status, unsigned.data.error.message]).toEqual([
			400,
			'Upload preset must be specified when using unsigned upload',
		]);
		const badPreset = await axios.post(
			`${api()}/image/upload`,
			form({ file: uri, upload_preset: 'nope' }),
			{ headers: formHeaders, ...any },
		);
		expect([badPreset.status, badPreset.data.error.message]).toEqual([
			400,
			'Upload preset not found',
		]);
		const p = signed({ public_id: 'raw/basic' });
		p.api_key = '123';
		const unknown = await axios.post(`${api()}/image/destroy`, form(p), {
			headers: formHeaders,
			...any,
		});
		expect([unknown.status, unknown.data.error.message]).toEqual([401, 'Unknown API key 123']);
	});

	test('DELETE with urlencoded body, JSON body and query string', async () => {
		const { uri } = await pngUri(2, 2);
		for (const id of ['del/a', 'del/b', 'del/c', 'del/d'])
			await axios.post(`${api()}/image/upload`, form({ file: uri, public_id: id }), {
				headers: formHeaders,
				...basic,
			});
		const r1 = await axios.delete(`${api()}/resources/image/upload`, {
			...basic,
			headers: formHeaders,
			data: form({ public_ids: ['del/a', 'del/x'], invalidate: true }),
		});
		expect(r1.data).toMatchObject({
			deleted: { 'del/a': 'deleted', 'del/x': 'not_found' },
			partial: false,
		});
		const r2 = await axios.delete(`${api()}/resources/image/upload`, {
			...basic,
			data: { public_ids: ['del/b'] },
		});
		expect(r2.data.deleted).toEqual({ 'del/b': 'deleted' });
		const r3 = await axios.delete(`${api()}/resources/image/upload?public_ids=del/c,del/d`, basic);
		expect(r3.data.deleted).toEqual({ 'del/c': 'deleted', 'del/d': 'deleted' });
		expect(emulator.store.all().filter((a) => a.publicId.startsWith('del/'))).toEqual([]);
	});

	test('delete by prefix pages 1000 at a time with partial + next_cursor', async () => {
		const { uri } = await pngUri(1, 1);
		const ids = Array.from({ length: 1003 }, (_, i) => `bulk/item-${String(i).padStart(4, '0')}`);
		for (let i = 0; i < ids.length; i += 25) {
			await Promise.all(
				ids.slice(i, i + 25).map((id) =>
					axios.post(`${api()}/image/upload`, form({ file: uri, public_id: id }), {
						headers: formHeaders,
						...basic,
					}),
				),
			);
		}
		const first = await axios.delete(`${api()}/resources/image/upload`, {
			...basic,
			headers: formHeaders,
			data: form({ prefix: 'bulk/' }),
		});
		expect(Object.keys(first.data.deleted)).toHaveLength(1000);
		expect(first.data.partial).toBe(true);
		expect(typeof first.data.next_cursor).toBe('string');
		const second = await axios.delete(`${api()}/resources/image/upload`, {
			...basic,
			headers: formHeaders,
			data: form({ prefix: 'bulk/', next_cursor: first.data.next_cursor }),
		});
		expect(Object.keys(second.data.deleted).sort()).toEqual(ids.slice(1000));
		expect(second.data.partial).toBe(false);
		expect(second.data.next_cursor).toBeUndefined();
	});
});

describe('chunked uploads', () => {
	const MB5 = 5 * 1024 * 1024;

	async function chunk(path, uploadId, range, data, fields = {}) {
		const { body, headers } = multipart(signed(fields), { filename: 'master.tif', data });
		return axios.post(`${api()}${path}`, body, {
			headers: { ...headers, 'X-Unique-Upload-Id': uploadId, 'Content-Range': range },
			maxBodyLength: Infinity,
			...any,
		});
	}

	test('non-final chunks under 5 MB are refused with the exact message', async () => {
		const r = await chunk(
			'/raw/upload',
			'small-1',
			'bytes 0-1048575/-1',
			crypto.randomBytes(1048576),
			{ public_id: 'chunks/small' },
		);
		expect([r.status, r.data.error.message]).toEqual([
			400,
			'All parts except EOF-chunk must be larger than 5mb',
		]);
		expect(r.headers['x-featureratelimit-limit']).toBeUndefined();
	});

	test('in-order chunks: done:false then the full response; /upload_chunked too; out of order works', async () => {
		const data = crypto.randomBytes(MB5 + 777);
		const a = await chunk(
			'/raw/upload_chunked',
			'chunks-1',
			`bytes 0-${MB5 - 1}/-1`,
			data.subarray(0, MB5),
			{ public_id: 'chunks/one.bin' },
		);
		expect(a.status).toBe(200);
		expect(a.data).toMatchObject({ done: false, bytes: MB5 });
		const b = await chunk(
			'/raw/upload_chunked',
			'chunks-1',
			`bytes ${MB5}-${data.length - 1}/${data.length}`,
			data.subarray(MB5),
			{ public_id: 'chunks/one.bin' },
		);
		expect(b.data).toMatchObject({
			public_id: 'chunks/one.bin',
			resource_type: 'raw',
			bytes: data.length,
			etag: md5(data),
		});

		// last part first (total known), then the first part: assembled in byte order
		const c1 = await chunk(
			'/raw/upload',
			'chunks-2',
			`bytes ${MB5}-${data.length - 1}/${data.length}`,
			data.subarray(MB5),
			{ public_id: 'chunks/two.bin' },
		);
		expect(c1.data).toMatchObject({ done: false, bytes: 777 });
		const c2 = await chunk(
			'/raw/upload',
			'chunks-2',
			`bytes 0-${MB5 - 1}/${data.length}`,
			data.subarray(0, MB5),
			{ public_id: 'chunks/two.bin' },
		);
		expect(c2.data).toMatchObject({ bytes: data.length, etag: md5(data) });
		const delivered = await axios.get(c2.data.url, { responseType: 'arraybuffer' });
		expect(md5(Buffer.from(delivered.data))).toBe(md5(data));
	});

	test('a chunked JPEG is analysed as an image', async () => {
		const jpg = await sharp({
			create: {
				width: 2600,
				height: 2600,
				channels: 3,
				noise: { type: 'gaussian', mean: 128, sigma: 60 },
			},
		})
			.jpeg({ quality: 100 })
			.toBuffer();
		expect(jpg.length).toBeGreaterThan(MB5);
		const a = await chunk(
			'/auto/upload',
			'chunks-3',
			`bytes 0-${MB5 - 1}/-1`,
			jpg.subarray(0, MB5),
			{ public_id: 'chunks/noise' },
		);
		expect(a.data.done).toBe(false);
		const b = await chunk(
			'/auto/upload',
			'chunks-3',
			`bytes ${MB5}-${jpg.length - 1}/${jpg.length}`,
			jpg.subarray(MB5),
			{ public_id: 'chunks/noise' },
		);
		expect(b.data).toMatchObject({
			resource_type: 'image',
			format: 'jpg',
			width: 2600,
			height: 2600,
			bytes: jpg.length,
		});
	});
});

describe('search', () => {
	const search = (body) => axios.post(`${api()}/resources/search`, body, { ...basic, ...any });

	test.each([
		['tags:(cover'],
		['AND tags:cover'],
		['width>'],
		['display_name:"unterminated'],
		['tags:cover)'],
		['width>abc'],
		['public_id:[a TO'],
	])('parse error for %s -> 400 Query error', async (expression) => {
		const r = await search({ expression });
		expect(r.status).toBe(400);
		expect(r.data.error.message).toMatch(/^Query error/);
	});

	test('semantics: relative dates, size units, ranges, NOT, quotes, context and metadata fields', async () => {
		await emulator.store.materializeAll(emulator.store.all());
		const all = emulator.store.all();
		const now = clock.now();
		const cases = [
			['created_at>1w', (a) => a.createdAt > now - 7 * 86400e3],
			[
				'uploaded_at<30d AND resource_type:image',
				(a) => a.createdAt < now - 30 * 86400e3 && a.resourceType === 'image',
			],
			['bytes<100kb', (a) => a.bytes < 100 * 1024],
			[
				'width:[1000 TO 2000] AND height>=2000',
				(a) => a.width >= 1000 && a.width <= 2000 && a.height >= 2000,
			],
			[
				'NOT tags:cover AND resource_type:image',
				(a) => !a.tags.includes('cover') && a.resourceType === 'image',
			],
			['folder:covers/*', (a) => a.assetFolder === 'covers' || a.assetFolder.startsWith('covers/')],
			['asset_folder:authors', (a) => a.assetFolder === 'authors'],
			['public_id:authors/*', (a) => a.publicId.startsWith('authors/')],
			['metadata.imprint=kestrel', (a) => a.metadata.imprint === 'kestrel'],
			['context.isbn:9781810*', (a) => String(a.context.isbn ?? '').startsWith('9781810')],
			['display_name:"author photo"', (a) => /author photo/i.test(a.displayName)],
			[
				'(format:png OR format:wav) AND -tags:event_graphic',
				(a) => (a.format === 'png' || a.format === 'wav') && !a.tags.includes('event_graphic'),
			],
			['moderation_status:pending', (a) => a.moderation.at(-1)?.status === 'pending'],
			['aspect_ratio>1', (a) => a.width / a.height > 1],
		];
		for (const [expression, predicate] of cases) {
			const r = await search({ expression, max_results: 500 });
			expect([expression, r.status]).toEqual([expression, 200]);
			const expected = all.filter((a) => {
				try {
					return predicate(a);
				} catch {
					return false;
				}
			});
			expect([expression, r.data.total_count]).toEqual([expression, expected.length]);
			expect(r.data.resources.map((x) => x.public_id).sort()).toEqual(
				expected.map((a) => a.publicId).sort(),
			);
		}
	});

	test('max_results 0 gives counts only; >500 is refused; fields; range aggregations', async () => {
		const zero = await search({
			expression: 'resource_type:image',
			max_results: 0,
			aggregate: [
				'resource_type',
				{
					type: 'bytes',
					ranges: [
						{ key: 'small', to: 200000 },
						{ key: 'big', from: 200000 },
					],
				},
			],
		});
		const images = emulator.store.all().filter((a) => a.resourceType === 'image');
		expect(zero.data.resources).toEqual([]);
		expect(zero.data.total_count).toBe(images.length);
		expect(zero.data.next_cursor).toBeUndefined();
		expect(zero.data.aggregations.resource_type.values).toEqual([
			{ value: 'image', count: images.length },
		]);
		expect(zero.data.aggregations.bytes.ranges).toEqual([
			{ key: 'small', to: 200000, count: images.filter((a) => a.bytes < 200000).length },
			{ key: 'big', from: 200000, count: images.filter((a) => a.bytes >= 200000).length },
		]);
		expect((await search({ expression: '', max_results: 501 })).status).toBe(400);
		const f = await search({ expression: 'tags:cover', max_results: 1, fields: ['tags', 'width'] });
		expect(Object.keys(f.data.resources[0]).sort()).toEqual(
			[
				'asset_folder',
				'asset_id',
				'created_at',
				'public_id',
				'resource_type',
				'status',
				'tags',
				'type',
				'width',
			].sort(),
		);
		expect(typeof f.data.time).toBe('number');
	});
});

describe('Upload API commands and their messages', () => {
	test('metadata: unknown fields and invalid values', async () => {
		const ids = emulator.store
			.all()
			.slice(0, 2)
			.map((a) => a.publicId);
		const r = await axios.post(
			`${api()}/image/metadata`,
			form(signed({ metadata: 'shelf=3|isbn=9781800000011|colour=red', public_ids: ids })),
			{ headers: formHeaders, ...any },
		);
		expect([r.status, r.data.error.message]).toEqual([
			400,
			'The following metadata fields do not exist: ["shelf","colour"]',
		]);
		const bad = await axios.post(
			`${api()}/image/metadata`,
			form(signed({ metadata: 'work_id=abc', public_ids: ids })),
			{ headers: formHeaders, ...any },
		);
		expect(bad.status).toBe(400);
		expect(bad.data.error.message).toMatch(/work_id/);
		const isbn = await axios.post(
			`${api()}/image/metadata`,
			form(signed({ metadata: 'isbn=123', public_ids: ids })),
			{ headers: formHeaders, ...any },
		);
		expect(isbn.status).toBe(400);
		const ok = await axios.post(
			`${api()}/image/metadata`,
			form(
				signed({
					metadata: 'work_id=42|publication_date=2026-03-01|territories=["gb","us"]',
					public_ids: ids,
				}),
			),
			{ headers: formHeaders },
		);
		expect(ok.data.public_ids.sort()).toEqual([...ids].sort());
		expect(emulator.store.get('image', 'upload', ids[0]).metadata).toMatchObject({
			work_id: 42,
			publication_date: '2026-03-01',
			territories: ['gb', 'us'],
		});
	});

	test('tags: set_exclusive, invalid command, comma in an array tag, 1000-id cap', async () => {
		const covers = emulator.store.all().filter((a) => a.publicId.startsWith('covers/'));
		const [a, b] = covers;
		await axios.post(
			`${api()}/image/tags`,
			form(signed({ command: 'add', tag: 'lead_title', public_ids: [a.publicId] })),
			{ headers: formHeaders },
		);
		await axios.post(
			`${api()}/image/tags`,
			form(signed({ command: 'set_exclusive', tag: 'lead_title', public_ids: [b.publicId] })),
			{ headers: formHeaders },
		);
		expect(
			emulator.store
				.all()
				.filter((x) => x.tags.includes('lead_title'))
				.map((x) => x.publicId),
		).toEqual([b.publicId]);
		const inv = await axios.post(
			`${api()}/image/tags`,
			form(signed({ command: 'nuke', tag: 'x', public_ids: [a.publicId] })),
			{ headers: formHeaders, ...any },
		);
		expect([inv.status, inv.data.error.message]).toEqual([
			400,
			'Invalid command - nuke. Must be one of: add, remove, replace, remove_all',
		]);
		const comma = await axios.post(
			`${api()}/image/tags`,
			{ ...signed({ command: 'add', tags: ['a,b'], public_ids: [a.publicId] }) },
			{ ...any },
		);
		expect(comma.status).toBe(400);
		expect(comma.data.error.message).toMatch(/comma/i);
		const many = [
			...covers.map((x) => x.publicId),
			...Array.from({ length: 1100 }, (_, i) => `ghost/${i}`),
		];
		const capped = await axios.post(
			`${api()}/image/tags`,
			form(signed({ command: 'add', tag: 'capped', public_ids: many })),
			{ headers: formHeaders },
		);
		expect(capped.data.public_ids.sort()).toEqual(covers.map((x) => x.publicId).sort());
	});

	test('context: empty value deletes a key; missing context is a 400', async () => {
		const id = emulator.store.all()[0].publicId;
		await axios.post(
			`${api()}/image/context`,
			form(signed({ command: 'add', context: 'note=x|caption=', public_ids: [id] })),
			{ headers: formHeaders },
		);
		const a = emulator.store.get('image', 'upload', id);
		expect(a.context.note).toBe('x');
		expect(a.context.caption).toBeUndefined();
		const r = await axios.post(
			`${api()}/image/context`,
			form(signed({ command: 'add', public_ids: [id] })),
			{ headers: formHeaders, ...any },
		);
		expect([r.status, r.data.error.message]).toEqual([400, 'Missing required parameter - context']);
	});

	test('generate_archive download (signed GET) returns a valid ZIP with correct CRCs', async () => {
		const ids = emulator.store
			.all()
			.filter((a) => a.resourceType === 'image')
			.slice(0, 3)
			.map((a) => a.publicId);
		const q = new URLSearchParams();
		const p = signed({ mode: 'download', public_ids: ids, flatten_folders: 1 });
		for (const [k, v] of Object.entries(p))
			(Array.isArray(v) ? v : [v]).forEach((x) => q.append(Array.isArray(v) ? `${k}[]` : k, x));
		const r = await axios.get(`${api()}/image/generate_archive?${q}`, {
			responseType: 'arraybuffer',
		});
		expect(r.headers['content-type']).toBe('application/zip');
		const zip = Buffer.from(r.data);
		const crcTable = Array.from({ length: 256 }, (_, n) => {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			return c >>> 0;
		});
		const crc32 = (buf) => {
			let c = 0xffffffff;
			for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
			return (c ^ 0xffffffff) >>> 0;
		};
		const names = [];
		let off = 0;
		while (zip.readUInt32LE(off) === 0x04034b50) {
			const crc = zip.readUInt32LE(off + 14);
			const size = zip.readUInt32LE(off + 18);
			const nameLen = zip.readUInt16LE(off + 26);
			const name = zip.toString('utf8', off + 30, off + 30 + nameLen);
			const data = zip.subarray(off + 30 + nameLen, off + 30 + nameLen + size);
			expect(crc32(data)).toBe(crc);
			const asset = emulator.store
				.all()
				.find((a) => `${a.publicId.split('/').pop()}.${a.format}` === name);
			expect(md5(data)).toBe(asset.etag);
			names.push(name);
			off += 30 + nameLen + size;
		}
		expect(names).toHaveLength(3);
		expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
		expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(3);
	});
});

describe('Admin messages: folders, triggers, lists', () => {
	test('folders: 409 on duplicate, 404 message, non-empty delete refused', async () => {
		expect(
			(await axios.post(`${api()}/folders/raw-tests/jackets`, null, basic)).data,
		).toMatchObject({ success: true, path: 'raw-tests/jackets', name: 'jackets' });
		const dup = await axios.post(`${api()}/folders/raw-tests/jackets`, null, { ...basic, ...any });
		expect([dup.status, dup.data.error.message]).toEqual([
			409,
			'Folder raw-tests/jackets already exists',
		]);
		const nf = await axios.get(`${api()}/folders/raw-tests/nothing`, { ...basic, ...any });
		expect([nf.status, nf.data.error.message]).toEqual([
			404,
			"Can't find folder with path raw-tests/nothing",
		]);
		const ren = await axios.put(
			`${api()}/folders/raw-tests%2Fnothing`,
			{ to_folder: 'x' },
			{ ...basic, ...any },
		);
		expect([ren.status, ren.data.error.message]).toEqual([
			404,
			"Can't find folder with path raw-tests/nothing",
		]);
		const full = await axios.delete(`${api()}/folders/authors`, { ...basic, ...any });
		expect(full.status).toBe(400);
		expect(emulator.store.state.folders.has('authors')).toBe(true);
	});

	test('triggers: 201 on create, 409 duplicate, 30 per event type then limit_reached', async () => {
		const created = [];
		for (let i = 0; i < 30; i++) {
			const r = await axios.post(
				`${api()}/triggers`,
				{ uri: `${hook.baseUrl}/t${i}`, event_type: 'rename' },
				basic,
			);
			expect(r.status).toBe(201);
			created.push(r.data.id);
		}
		const dup = await axios.post(
			`${api()}/triggers`,
			{ uri: `${hook.baseUrl}/t0`, event_type: 'rename' },
			{ ...basic, ...any },
		);
		expect([dup.status, dup.data.error.message]).toEqual([409, 'record_already_exists']);
		const over = await axios.post(
			`${api()}/triggers`,
			{ uri: `${hook.baseUrl}/t30`, event_type: 'rename' },
			{ ...basic, ...any },
		);
		expect([over.status, over.data.error.message]).toEqual([400, 'limit_reached']);
		const bad = await axios.post(
			`${api()}/triggers`,
			{ uri: `${hook.baseUrl}/x`, event_type: 'nonsense' },
			{ ...basic, ...any },
		);
		expect(bad.status).toBe(400);
		const list = await axios.get(`${api()}/triggers?event_type=rename`, basic);
		expect(list.data.total).toBe(30);
		for (const id of created) await axios.delete(`${api()}/triggers/${id}`, basic);
		const gone = await axios.get(`${api()}/triggers/${created[0]}`, { ...basic, ...any });
		expect([gone.status, gone.data.error.message]).toEqual([404, 'record_not_found']);
	});

	test('list max_results bounds', async () => {
		expect(
			(await axios.get(`${api()}/resources/image?max_results=0`, { ...basic, ...any })).status,
		).toBe(400);
		expect(
			(await axios.get(`${api()}/resources/image?max_results=501`, { ...basic, ...any })).status,
		).toBe(400);
		const d = await axios.get(`${api()}/resources/image`, basic);
		expect(d.data.resources).toHaveLength(10);
		expect(typeof d.data.next_cursor).toBe('string');
	});
});

describe('Admin update by asset id (PUT JSON) and usage by date', () => {
	test('PUT /resources/<asset_id> merges JSON context/metadata, sets access_control and notifies', async () => {
		const t = await axios.post(
			`${api()}/triggers`,
			{ uri: `${hook.baseUrl}/ac`, event_type: 'access_control_changed' },
			basic,
		);
		received.length = 0;
		const a = emulator.store.all().find((x) => x.publicId.startsWith('covers/'));
		const before = { ...a.context };
		const end = new Date(clock.now() + 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const r = await axios.put(
			`${api()}/resources/${a.assetId}`,
			{
				context: { campaign: 'autumn' },
				metadata: { work_id: 7, territories: ['gb'] },
				access_control: [{ access_type: 'anonymous', end }],
				tags: ['one', 'two'],
			},
			basic,
		);
		expect(r.data).toMatchObject({
			asset_id: a.assetId,
			public_id: a.publicId,
			tags: ['one', 'two'],
			access_control: [{ access_type: 'anonymous', end }],
		});
		expect(r.data.context.custom).toEqual({ ...before, campaign: 'autumn' });
		expect(r.data.metadata).toMatchObject({ work_id: 7, territories: ['gb'] });
		expect(r.data.last_updated.access_control_updated_at).toBeDefined();
		const n = await waitFor(() => received.find((x) => x.url === '/ac'));
		expect(JSON.parse(n.body).resources[a.publicId].access_control).toEqual([
			{ access_type: 'anonymous', end },
		]);
		const unknown = await axios.put(
			`${api()}/resources/${a.assetId}`,
			{ metadata: { nope: 1 } },
			{ ...basic, ...any },
		);
		expect([unknown.status, unknown.data.error.message]).toEqual([
			400,
			'The following metadata fields do not exist: ["nope"]',
		]);
		await axios.delete(`${api()}/triggers/${t.data.id}`, basic);
	});

	test('usage by ?date= and /usage/<date> agree; future dates are refused', async () => {
		const today = new Date(clock.now()).toISOString().slice(0, 10);
		const a = await axios.get(`${api()}/usage?date=${today}`, basic);
		const b = await axios.get(`${api()}/usage/${today}`, basic);
		expect(a.data.last_updated).toBe(today);
		expect(a.data.resources).toBe(b.data.resources);
		expect(a.data.resources).toBe(emulator.store.all().length);
		const future = await axios.get(`${api()}/usage/2999-01-01`, { ...basic, ...any });
		expect(future.status).toBe(400);
	});
});

describe('rate limiting (Admin only)', () => {
	test('headers on every Admin response incl. errors; none on Upload routes; remaining counts down', async () => {
		await emulator.controlRoute('POST', '/rate-limit', { reset: true });
		const a = await axios.get(`${api()}/ping`, basic);
		const b = await axios.get(`${api()}/resources/image/upload/nope`, { ...basic, ...any });
		expect(b.status).toBe(404);
		for (const r of [a, b]) {
			expect(r.headers['x-featureratelimit-limit']).toBe('500');
			const reset = Date.parse(r.headers['x-featureratelimit-reset']);
			expect(reset % 3600000).toBe(0);
			expect(reset).toBeGreaterThan(clock.now());
			expect(reset - clock.now()).toBeLessThanOrEqual(3600000);
			expect(r.headers['x-featureratelimit-reset']).toBe(new Date(reset).toUTCString());
		}
		expect(Number(a.headers['x-featureratelimit-remaining'])).toBe(499);
		expect(Number(b.headers['x-featureratelimit-remaining'])).toBe(498);
		const { uri } = await pngUri(2, 2);
		const up = await axios.post(`${api()}/image/upload`, form(signed({ file: uri })), {
			headers: formHeaders,
		});
		expect(up.headers['x-featureratelimit-limit']).toBeUndefined();
		expect(up.headers['x-featureratelimit-remaining']).toBeUndefined();
		await emulator.controlRoute('POST', '/rate-limit', { limit: 2, used: 2 });
		const blocked = await axios.get(`${api()}/ping`, { ...basic, ...any });
		expect(blocked.status).toBe(420);
		expect(blocked.headers['x-featureratelimit-remaining']).toBe('0');
		expect(blocked.data.error.message).toMatch(
			/^Rate Limit Exceeded\. Limit of 2 api operations reached\. Try again on \d{4}-\d{2}-\d{2} \d{2}:00:00 UTC$/,
		);
		// uploads still go through
		expect(
			(
				await axios.post(`${api()}/image/upload`, form(signed({ file: uri })), {
					headers: formHeaders,
				})
			).status,
		).toBe(200);
		await emulator.controlRoute('POST', '/rate-limit', { reset: true });
	});
});

describe('notifications', () => {
	test('SHA-256 signatures when the control API sets it; the log; emitNotification with a bad secret', async () => {
		expect(
			(await emulator.controlRoute('POST', '/settings', { signatureAlgorithm: 'sha256' })).body,
		).toMatchObject({ signatureAlgorithm: 'sha256' });
		received.length = 0;
		const { uri } = await pngUri(4, 4);
		const up = await axios.post(
			`${api()}/image/upload`,
			form(signed({ file: uri, public_id: 'notify/sha', notification_url: `${hook.baseUrl}/n` })),
			{ headers: formHeaders },
		);
		const n = await waitFor(() => received.find((x) => x.url === '/n'));
		const ts = n.headers['x-cld-timestamp'];
		expect(n.headers['x-cld-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(n.headers['x-cld-signature']).toBe(
			crypto
				.createHash('sha256')
				.update(n.body + ts + SECRET)
				.digest('hex'),
		);
		expect(
			sdkUtils.webhook_signature(n.body, ts, { api_secret: SECRET, signature_algorithm: 'sha256' }),
		).toBe(n.headers['x-cld-signature']);
		expect(JSON.parse(n.body)).toMatchObject({
			notification_type: 'upload',
			public_id: 'notify/sha',
			asset_id: up.data.asset_id,
		});
		// upload response signature follows the account algorithm too
		expect(up.data.signature).toBe(
			crypto
				.createHash('sha256')
				.update(`public_id=notify/sha&version=${up.data.version}${SECRET}`)
				.digest('hex'),
		);

		const log = (await emulator.controlRoute('GET', '/notifications')).body;
		const entry = log.notifications.find((x) => x.url === `${hook.baseUrl}/n`);
		expect(entry).toMatchObject({ status: 204, algorithm: 'sha256', eventType: 'upload' });

		const { body: sent } = await emulator.controlRoute('POST', '/notify', {
			url: `${hook.baseUrl}/forged`,
			eventType: 'resource_tags_changed',
			body: { resources: [] },
			secretOverride: 'wrong',
		});
		const f = received.find((x) => x.url === '/forged');
		expect(sent.sent[0].status).toBe(204);
		expect(f.headers['x-cld-signature']).not.toBe(
			crypto
				.createHash('sha256')
				.update(f.body + f.headers['x-cld-timestamp'] + SECRET)
				.digest('hex'),
		);
		await emulator.controlRoute('POST', '/settings', { signatureAlgorithm: 'sha1' });
		const remote = await emulator.emitNotification({
			url: 'https://example.com/hook',
			eventType: 'upload',
		});
		expect(remote.sent[0].status).toBeNull();
		expect(remote.sent[0].error).toMatch(/loopback/);
	});

	test('tags, context and rename notifications to an "all" trigger; state via the control API', async () => {
		const t = await axios.post(
			`${api()}/triggers`,
			{ uri: `${hook.baseUrl}/every`, event_type: 'all' },
			basic,
		);
		received.length = 0;
		const { uri } = await pngUri(3, 3);
		await axios.post(`${api()}/image/upload`, form({ file: uri, public_id: 'notify/one' }), {
			headers: formHeaders,
			...basic,
		});
		await axios.post(
			`${api()}/image/tags`,
			form(signed({ command: 'add', tag: 'x1,x2', public_ids: ['notify/one'] })),
			{ headers: formHeaders },
		);
		await axios.post(
			`${api()}/image/context`,
			form(signed({ command: 'add', context: 'k=v', public_ids: ['notify/one'] })),
			{ headers: formHeaders },
		);
		await axios.post(
			`${api()}/image/rename`,
			form(signed({ from_public_id: 'notify/one', to_public_id: 'notify/two' })),
			{ headers: formHeaders },
		);
		const types = await waitFor(() => {
			const seen = received
				.filter((x) => x.url === '/every')
				.map((x) => JSON.parse(x.body).notification_type);
			return (
				['upload', 'resource_tags_changed', 'resource_context_changed', 'rename'].every((k) =>
					seen.includes(k),
				) && seen
			);
		});
		expect(types).toEqual(
			expect.arrayContaining([
				'upload',
				'resource_tags_changed',
				'resource_context_changed',
				'rename',
			]),
		);
		const bodies = received.filter((x) => x.url === '/every').map((x) => JSON.parse(x.body));
		expect(
			bodies.find((b) => b.notification_type === 'resource_tags_changed').resources[0],
		).toMatchObject({ public_id: 'notify/one', added: ['x1', 'x2'], removed: [] });
		expect(
			bodies.find((b) => b.notification_type === 'resource_context_changed').resources['notify/one']
				.added,
		).toEqual([{ name: 'k', value: 'v' }]);
		expect(bodies.find((b) => b.notification_type === 'rename')).toMatchObject({
			from_public_id: 'notify/one',
			to_public_id: 'notify/two',
		});
		const state = (
			await emulator.controlRoute('GET', '/state/assets', {}, new URLSearchParams('prefix=notify/'))
		).body;
		expect(state.assets.map((a) => a.public_id)).toEqual(['notify/sha', 'notify/two']);
		expect(state.assets[1]).toMatchObject({ tags: ['x1', 'x2'], context: { k: 'v' } });
		const triggers = (await emulator.controlRoute('GET', '/triggers')).body;
		expect(triggers.triggers.map((x) => x.id)).toContain(t.data.id);
	});
});
