'use strict';
// Fidelity test: the official Cloudinary Node SDK (2.11.0, the oracle) talks to the emulator and
// every answer is checked against what the SDK itself computes or what the store now holds.
// The SDK picks http vs https when it is first required (docs/api-facts.md, "The Node SDK"), so CLOUDINARY_URL with an
// http upload_prefix is set before the first require.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
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
let catalogue;
let emulator;
let server;
let cloudinary;
let callApi;
let tmp;
let hook; // a loopback webhook receiver
const received = [];
const proven = [];

/** Runs one SDK call and counts it (the report prints how many distinct calls were proven). */
async function sdk(name, fn) {
	proven.push(name);
	return fn();
}

function md5(buf) {
	return crypto.createHash('md5').update(buf).digest('hex');
}

async function waitFor(predicate, ms = 5000) {
	const until = Date.now() + ms;
	for (;;) {
		const v = await predicate();
		if (v) return v;
		if (Date.now() > until) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 25));
	}
}

function uploadLarge(file, options) {
	return new Promise((resolve, reject) => {
		cloudinary.uploader.upload_large(file, options, (error, result) =>
			error ? reject(error) : resolve(result),
		);
	});
}

beforeAll(async () => {
	clock = createClock();
	catalogue = generateCatalogue({ today: new Date(clock.now()) });
	emulator = await createCloudinaryEmulator({
		clock,
		catalogue,
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
	process.env.CLOUDINARY_URL = `cloudinary://${KEY}:${SECRET}@${CLOUD}?upload_prefix=${server.baseUrl}`;
	jest.isolateModules(() => {
		cloudinary = require('cloudinary').v2;
		callApi = require('cloudinary/lib/api_client/call_api');
	});
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cld-sdk-test-'));
	hook = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (req.url === '/files/cover.jpg') {
				const body = fs.readFileSync(path.join(tmp, 'remote.jpg'));
				res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length });
				return res.end(body);
			}
			received.push({
				url: req.url,
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise((r) => hook.listen(0, '127.0.0.1', r));
	hook.baseUrl = `http://127.0.0.1:${hook.address().port}`;
});

afterAll(async () => {
	console.log(
		`SDK calls proven: ${proven.length} (${new Set(proven).size} distinct SDK ` +
			`functions)\n${[...new Set(proven)].sort().join(', ')}`,
	);
	delete process.env.CLOUDINARY_URL;
	await new Promise((r) => hook.close(r));
	await server.close();
	await emulator.close();
	fs.rmSync(tmp, { recursive: true, force: true });
});

async function makeJpeg(name, width, height, color = '#336699') {
	const file = path.join(tmp, name);
	await sharp({ create: { width, height, channels: 3, background: color } })
		.jpeg({ quality: 90 })
		.toFile(file);
	return file;
}

describe('Upload API through the SDK', () => {
	test('upload a local JPEG: true dimensions, bytes, etag, response signature; delivery URL serves it', async () => {
		const file = await makeJpeg('cover.jpg', 640, 960);
		const bytes = fs.readFileSync(file);
		const startedAt = clock.nowSeconds();
		const r = await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, {
				public_id: 'tests/sdk-cover',
				tags: ['sdk', 'cover'],
				context: { caption: 'SDK cover', alt: 'A cover' },
				metadata: { asset_role: 'front_cover', isbn: '9781800000011' },
			}),
		);
		expect(r.public_id).toBe('tests/sdk-cover');
		expect(r.width).toBe(640);
		expect(r.height).toBe(960);
		expect(r.format).toBe('jpg');
		expect(r.resource_type).toBe('image');
		expect(r.bytes).toBe(bytes.length);
		expect(r.etag).toBe(md5(bytes));
		expect(r.asset_id).toMatch(/^[0-9a-f]{32}$/);
		expect(r.version_id).toMatch(/^[0-9a-f]{32}$/);
		expect(r.version).toBeGreaterThanOrEqual(startedAt);
		expect(r.version).toBeLessThanOrEqual(clock.nowSeconds());
		expect(r.tags).toEqual(['sdk', 'cover']);
		expect(r.context).toEqual({ custom: { caption: 'SDK cover', alt: 'A cover' } });
		expect(r.metadata).toEqual({ asset_role: 'front_cover', isbn: '9781800000011' });
		expect(r.original_filename).toBe('cover');
		expect(
			cloudinary.utils.verify_api_response_signature(r.public_id, r.version, r.signature),
		).toBe(true);
		expect(r.url).toBe(`${server.baseUrl}/${CLOUD}/image/upload/v${r.version}/tests/sdk-cover.jpg`);
		const delivered = await axios.get(r.secure_url, { responseType: 'arraybuffer' });
		expect(Buffer.from(delivered.data).equals(bytes)).toBe(true);

		// overwrite gets a strictly higher version even within the same second
		const again = await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, { public_id: 'tests/sdk-cover' }),
		);
		expect(again.version).toBeGreaterThan(r.version);
		expect(again.asset_id).toBe(r.asset_id);
		const kept = await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, { public_id: 'tests/sdk-cover', overwrite: false }),
		);
		expect(kept.existing).toBe(true);
		expect(kept.version).toBe(again.version);
	});

	test('upload a data URI and use_filename with a unique suffix', async () => {
		const png = await sharp({
			create: { width: 120, height: 45, channels: 4, background: '#ff000080' },
		})
			.png()
			.toBuffer();
		const r = await sdk('uploader.upload(data URI)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${png.toString('base64')}`, {
				folder: 'tests/data',
			}),
		);
		expect(r.format).toBe('png');
		expect([r.width, r.height]).toEqual([120, 45]);
		expect(r.bytes).toBe(png.length);
		expect(r.public_id).toMatch(/^tests\/data\/[a-z0-9]{20}$/);
		expect(r.asset_folder).toBe('tests/data');

		const file = await makeJpeg('author-photo.jpg', 50, 60);
		const named = await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, { use_filename: true }),
		);
		expect(named.public_id).toMatch(/^author-photo_[a-z0-9]{6}$/);
		const plain = await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, { use_filename: true, unique_filename: false }),
		);
		expect(plain.public_id).toBe('author-photo');
	});

	test('upload from a loopback URL; a remote URL is refused with a clear message', async () => {
		const buf = await sharp({
			create: { width: 300, height: 200, channels: 3, background: '#00aa00' },
		})
			.jpeg()
			.toBuffer();
		fs.writeFileSync(path.join(tmp, 'remote.jpg'), buf);
		const r = await sdk('uploader.upload(URL)', () =>
			cloudinary.uploader.upload(`${hook.baseUrl}/files/cover.jpg`, {
				public_id: 'tests/from-url',
			}),
		);
		expect([r.width, r.height, r.bytes, r.etag]).toEqual([300, 200, buf.length, md5(buf)]);
		expect(r.original_filename).toBe('cover');
		await expect(
			sdk('uploader.upload(URL)', () =>
				cloudinary.uploader.upload('https://example.com/cover.jpg'),
			),
		).rejects.toMatchObject({
			http_code: 400,
			message: expect.stringMatching(/cannot reach/),
		});
	});

	test('upload_large sends >= 3 chunks of 5 MiB and assembles the exact bytes', async () => {
		const size = 11 * 1024 * 1024 + 12345;
		const file = path.join(tmp, 'audiobook-master.bin');
		const data = crypto.randomBytes(size);
		fs.writeFileSync(file, data);
		const before = server.lastSeq();
		const r = await sdk('uploader.upload_large', () =>
			uploadLarge(file, { chunk_size: 5242880, public_id: 'tests/large.bin', tags: 'large' }),
		);
		const chunks = server.requests(before).filter((e) => e.route === 'upload:upload');
		expect(chunks.length).toBeGreaterThanOrEqual(3);
		expect(chunks.every((e) => e.status === 200)).toBe(true);
		expect(r.resource_type).toBe('raw');
		expect(r.public_id).toBe('tests/large.bin');
		expect(r.bytes).toBe(size);
		expect(r.etag).toBe(md5(data));
		expect(r.tags).toEqual(['large']);
		const delivered = await axios.get(r.url, { responseType: 'arraybuffer' });
		expect(md5(Buffer.from(delivered.data))).toBe(md5(data));
	});

	test('explicit with eager builds real derived images that details lists', async () => {
		const e = await sdk('uploader.explicit', () =>
			cloudinary.uploader.explicit('tests/sdk-cover', {
				type: 'upload',
				eager: [
					{ width: 200, height: 150, crop: 'fill' },
					{ width: 100, crop: 'scale', format: 'png' },
				],
				tags: ['sdk', 'explicit'],
			}),
		);
		expect(e.eager).toHaveLength(2);
		expect([e.eager[0].width, e.eager[0].height]).toEqual([200, 150]);
		expect(e.eager[1].format).toBe('png');
		expect([e.eager[1].width, e.eager[1].height]).toEqual([100, 150]);
		expect(e.tags).toEqual(['sdk', 'explicit']);
		const derived = await axios.get(e.eager[0].url, { responseType: 'arraybuffer' });
		const meta = await sharp(Buffer.from(derived.data)).metadata();
		expect([meta.width, meta.height]).toEqual([200, 150]);
		const d = await sdk('api.resource', () => cloudinary.api.resource('tests/sdk-cover'));
		expect(d.derived.map((x) => x.transformation).sort()).toEqual([
			'c_fill,h_150,w_200',
			'c_scale,w_100',
		]);
		await expect(
			sdk('uploader.explicit', () =>
				cloudinary.uploader.explicit('tests/nope', { type: 'upload' }),
			),
		).rejects.toMatchObject({ http_code: 404, message: 'Resource not found - tests/nope' });
	});

	test('rename and destroy', async () => {
		const file = await makeJpeg('r.jpg', 20, 20);
		await sdk('uploader.upload(path)', () =>
			cloudinary.uploader.upload(file, { public_id: 'tests/rename-me' }),
		);
		const r = await sdk('uploader.rename', () =>
			cloudinary.uploader.rename('tests/rename-me', 'tests/renamed'),
		);
		expect(r.public_id).toBe('tests/renamed');
		await expect(
			sdk('api.resource', () => cloudinary.api.resource('tests/rename-me')),
		).rejects.toMatchObject({
			error: { http_code: 404, message: 'Resource not found - tests/rename-me' },
		});
		await expect(
			sdk('uploader.rename', () => cloudinary.uploader.rename('tests/renamed', 'tests/sdk-cover')),
		).rejects.toMatchObject({ http_code: 400 });
		expect(
			await sdk('uploader.destroy', () => cloudinary.uploader.destroy('tests/renamed')),
		).toEqual({ result: 'ok' });
		expect(
			await sdk('uploader.destroy', () => cloudinary.uploader.destroy('tests/renamed')),
		).toEqual({ result: 'not found' });
	});

	test('tags on many ids: add, replace, remove, remove_all, exclusive', async () => {
		const ids = emulator.store
			.all()
			.filter((a) => a.publicId.startsWith('covers/'))
			.slice(0, 40)
			.map((a) => a.publicId);
		const add = await sdk('uploader.add_tag', () =>
			cloudinary.uploader.add_tag('campaign_spring', ids),
		);
		expect(add.public_ids.sort()).toEqual([...ids].sort());
		const byTag = await sdk('api.resources_by_tag', () =>
			cloudinary.api.resources_by_tag('campaign_spring', { max_results: 500 }),
		);
		expect(byTag.resources.map((r) => r.public_id).sort()).toEqual([...ids].sort());
		await sdk('uploader.remove_tag', () =>
			cloudinary.uploader.remove_tag('campaign_spring', ids.slice(0, 10)),
		);
		const after = await sdk('api.resources_by_tag', () =>
			cloudinary.api.resources_by_tag('campaign_spring', { max_results: 500 }),
		);
		expect(after.resources).toHaveLength(30);
		await sdk('uploader.replace_tag', () =>
			cloudinary.uploader.replace_tag('only_this', ids.slice(0, 2)),
		);
		const state = (await emulator.controlRoute('GET', `/state/assets/${ids[0]}`)).body;
		expect(state.tags).toEqual(['only_this']);
		// SDK 2.11.0 bug: add_tag(..., {exclusive: true}) calls option_consume("exclusive", options)
		// with its arguments swapped, so the flag is ignored and command=add is sent. The emulator's
		// set_exclusive is proven over raw HTTP in cloudinary-api.test.js.
		await sdk('uploader.add_tag', () =>
			cloudinary.uploader.add_tag('hero', [ids[5]], { exclusive: true }),
		);
		await sdk('uploader.add_tag', () =>
			cloudinary.uploader.add_tag('hero', [ids[6]], { exclusive: true }),
		);
		const heroes = await sdk('api.resources_by_tag', () => cloudinary.api.resources_by_tag('hero'));
		expect(heroes.resources.map((r) => r.public_id).sort()).toEqual([ids[5], ids[6]].sort());
		await sdk('uploader.remove_all_tags', () =>
			cloudinary.uploader.remove_all_tags(ids.slice(0, 3)),
		);
		expect(emulator.store.get('image', 'upload', ids[2]).tags).toEqual([]);
	});

	test('context add merges and remove_all clears; metadata is validated', async () => {
		const ids = ['tests/sdk-cover', 'tests/from-url'];
		await sdk('uploader.add_context', () =>
			cloudinary.uploader.add_context({ campaign: 'Spring 2026', alt: 'Spring = new' }, ids),
		);
		const a = emulator.store.get('image', 'upload', 'tests/sdk-cover');
		expect(a.context).toEqual({
			caption: 'SDK cover',
			alt: 'Spring = new',
			campaign: 'Spring 2026',
		});
		await sdk('uploader.remove_all_context', () =>
			cloudinary.uploader.remove_all_context(['tests/from-url']),
		);
		expect(emulator.store.get('image', 'upload', 'tests/from-url').context).toEqual({});
		const md = await sdk('uploader.update_metadata', () =>
			cloudinary.uploader.update_metadata(
				{ imprint: 'kestrel', territories: ['gb', 'ie'], work_id: 301 },
				ids,
			),
		);
		expect(md.public_ids.sort()).toEqual([...ids].sort());
		expect(a.metadata).toMatchObject({
			imprint: 'kestrel',
			territories: ['gb', 'ie'],
			work_id: 301,
		});
		await expect(
			sdk('uploader.update_metadata', () =>
				cloudinary.uploader.update_metadata({ shelf: 'x', colour: 'y' }, ids),
			),
		).rejects.toMatchObject({
			http_code: 400,
			message: 'The following metadata fields do not exist: ["shelf","colour"]',
		});
		await expect(
			sdk('uploader.update_metadata', () =>
				cloudinary.uploader.update_metadata({ imprint: 'no-such-imprint' }, ids),
			),
		).rejects.toMatchObject({ http_code: 400 });
	});

	test('SHA-256 signatures, the "&" v2 signature, a wrong secret and a stale timestamp', async () => {
		const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
			.png()
			.toBuffer();
		const uri = `data:image/png;base64,${png.toString('base64')}`;
		const ok = await sdk('uploader.upload(sha256)', () =>
			cloudinary.uploader.upload(uri, { public_id: 'tests/sha256', signature_algorithm: 'sha256' }),
		);
		expect(ok.public_id).toBe('tests/sha256');

		// '&' inside a value: the SDK signs "context=caption=Salt %26 Pepper" (signature v2)
		const amp = await sdk('uploader.upload(& v2)', () =>
			cloudinary.uploader.upload(uri, {
				public_id: 'tests/amp',
				context: { caption: 'Salt & Pepper' },
			}),
		);
		expect(amp.context.custom.caption).toBe('Salt & Pepper');
		const ampV1 = await sdk('uploader.upload(& v1)', () =>
			cloudinary.uploader.upload(uri, {
				public_id: 'tests/amp1',
				context: { caption: 'Fish & Chips' },
				signature_version: 1,
			}),
		);
		expect(ampV1.context.custom.caption).toBe('Fish & Chips');

		let err;
		try {
			await sdk('uploader.upload(wrong secret)', () =>
				cloudinary.uploader.upload(uri, { public_id: 'tests/bad', api_secret: 'not-the-secret' }),
			);
		} catch (e) {
			err = e;
		}
		expect(err.http_code).toBe(401);
		const m = /^Invalid Signature ([0-9a-f]{40})\. String to sign - '(.*)'\.$/.exec(err.message);
		expect(m).not.toBeNull();
		expect(m[2]).toMatch(/^public_id=tests\/bad&timestamp=\d+$/);
		// the echoed string, signed with the wrong secret, is the signature the SDK sent
		expect(
			crypto
				.createHash('sha1')
				.update(m[2] + 'not-the-secret')
				.digest('hex'),
		).toBe(m[1]);

		let err256;
		try {
			await sdk('uploader.upload(wrong secret sha256)', () =>
				cloudinary.uploader.upload(uri, {
					public_id: 'tests/bad',
					api_secret: 'nope',
					signature_algorithm: 'sha256',
				}),
			);
		} catch (e) {
			err256 = e;
		}
		expect(err256.message).toMatch(
			/^Invalid Signature [0-9a-f]{64}\. String to sign - 'public_id=tests\/bad&timestamp=\d+'\.$/,
		);

		const old = clock.nowSeconds() - 3 * 3600;
		const d = new Date(old * 1000);
		const p = (n) => String(n).padStart(2, '0');
		const when =
			`${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
			`${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
		await expect(
			sdk('uploader.upload(stale)', () => cloudinary.uploader.upload(uri, { timestamp: old })),
		).rejects.toMatchObject({
			http_code: 400,
			message: `Stale request - reported time is ${when} which is more than 1 hour ago`,
		});
	});

	test('unsigned upload needs an unsigned preset', async () => {
		const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
			.png()
			.toBuffer();
		const uri = `data:image/png;base64,${png.toString('base64')}`;
		const r = await sdk('uploader.unsigned_upload', () =>
			cloudinary.uploader.unsigned_upload(uri, 'dropbox_unsigned', { public_id: 'drop1' }),
		);
		expect(r.public_id).toBe('incoming/drop1');
		expect(r.tags).toEqual(['incoming']);
		await expect(
			sdk('uploader.unsigned_upload', () =>
				cloudinary.uploader.unsigned_upload(uri, 'covers_signed'),
			),
		).rejects.toMatchObject({
			http_code: 400,
			message: 'Upload preset must be whitelisted for unsigned uploads',
		});
	});

	test('generate_archive: create stores a raw zip asset; the download URL returns a real ZIP', async () => {
		const r = await sdk('uploader.create_zip', () =>
			cloudinary.uploader.create_zip({
				public_ids: ['tests/sdk-cover', 'tests/from-url'],
				target_public_id: 'tests/bundle',
			}),
		);
		expect(r.resource_type).toBe('raw');
		expect(r.public_id).toBe('tests/bundle.zip');
		expect(r.resource_count).toBe(2);
		expect(r.file_count).toBe(2);
		const url = cloudinary.utils.download_zip_url({ tags: 'sdk', resource_type: 'image' });
		proven.push('utils.download_zip_url');
		const zip = Buffer.from((await axios.get(url, { responseType: 'arraybuffer' })).data);
		expect(zip.readUInt32LE(0)).toBe(0x04034b50);
		const names = [];
		for (let off = 0; zip.readUInt32LE(off) === 0x04034b50;) {
			const nameLen = zip.readUInt16LE(off + 26);
			const size = zip.readUInt32LE(off + 18);
			names.push(zip.toString('utf8', off + 30, off + 30 + nameLen));
			off += 30 + nameLen + size;
		}
		const tagged = emulator.store
			.all()
			.filter((a) => a.resourceType === 'image' && a.tags.includes('sdk'));
		expect(names.sort()).toEqual(tagged.map((a) => `${a.publicId}.${a.format}`).sort());
	});
});

describe('Admin API through the SDK', () => {
	test('resources paging by cursor visits every image exactly once, newest first', async () => {
		const seen = [];
		let cursor;
		let pages = 0;
		do {
			const page = await sdk('api.resources', () =>
				cloudinary.api.resources({
					type: 'upload',
					max_results: 17,
					next_cursor: cursor,
					tags: true,
				}),
			);
			pages++;
			seen.push(...page.resources);
			cursor = page.next_cursor;
			if (cursor) expect(page.resources).toHaveLength(17);
			expect(page.rate_limit_allowed).toBe(500);
		} while (cursor);
		const expected = emulator.store
			.all()
			.filter((a) => a.resourceType === 'image' && a.type === 'upload');
		expect(seen).toHaveLength(expected.length);
		expect(new Set(seen.map((r) => r.public_id)).size).toBe(expected.length);
		expect(pages).toBe(Math.ceil(expected.length / 17));
		const times = seen.map((r) => Date.parse(r.created_at));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		expect(seen.every((r) => Array.isArray(r.tags) && r.bytes > 0)).toBe(true);
		const byPrefix = await sdk('api.resources', () =>
			cloudinary.api.resources({ type: 'upload', prefix: 'authors/', max_results: 500 }),
		);
		expect(byPrefix.resources.map((r) => r.public_id)).toEqual(
			emulator.store
				.all()
				.filter((a) => a.publicId.startsWith('authors/'))
				.map((a) => a.publicId)
				.sort(),
		);
		expect(byPrefix.next_cursor).toBeUndefined();
	});

	test('details by public id and asset id, versions, other lookups', async () => {
		const d = await sdk('api.resource', () =>
			cloudinary.api.resource('tests/sdk-cover', { versions: true }),
		);
		expect(d.versions.length).toBeGreaterThanOrEqual(2);
		expect(d.last_updated.updated_at).toBeDefined();
		const byId = await sdk('api.resource_by_asset_id', () =>
			cloudinary.api.resource_by_asset_id(d.asset_id),
		);
		expect(byId.public_id).toBe('tests/sdk-cover');
		const many = await sdk('api.resources_by_asset_ids', () =>
			cloudinary.api.resources_by_asset_ids([d.asset_id]),
		);
		expect(many.resources.map((r) => r.public_id)).toEqual(['tests/sdk-cover']);
		const byIds = await sdk('api.resources_by_ids', () =>
			cloudinary.api.resources_by_ids(['tests/sdk-cover', 'tests/from-url', 'tests/missing']),
		);
		expect(byIds.resources.map((r) => r.public_id).sort()).toEqual([
			'tests/from-url',
			'tests/sdk-cover',
		]);
		const authors = await sdk('api.resources_by_asset_folder', () =>
			cloudinary.api.resources_by_asset_folder('authors', { max_results: 100 }),
		);
		expect(authors.resources.length).toBe(
			emulator.store.all().filter((a) => a.assetFolder === 'authors').length,
		);
		const byCtx = await sdk('api.resources_by_context', () =>
			cloudinary.api.resources_by_context('usage', 'author_photo', { max_results: 100 }),
		);
		expect(byCtx.resources.length).toBe(authors.resources.length);
		const pending = await sdk('api.resources_by_moderation', () =>
			cloudinary.api.resources_by_moderation('manual', 'pending', { max_results: 100 }),
		);
		expect(pending.resources.length).toBe(
			emulator.store.all().filter((a) => a.moderation.at(-1)?.status === 'pending').length,
		);
		expect(pending.resources.length).toBeGreaterThan(0);
		const types = await sdk('api.resource_types', () => cloudinary.api.resource_types());
		expect(types.resource_types).toEqual(['image', 'video', 'raw']);
	});

	test('update (tags replace, context merge, moderation) and delete_resources', async () => {
		const target = emulator.store.all().find((a) => a.moderation.at(-1)?.status === 'pending');
		const u = await sdk('api.update', () =>
			cloudinary.api.update(target.publicId, {
				tags: ['approved_cover'],
				context: { approved_by: 'sandbox' },
				moderation_status: 'approved',
			}),
		);
		expect(u.tags).toEqual(['approved_cover']);
		expect(u.context.custom.approved_by).toBe('sandbox');
		expect(u.context.custom.isbn).toBe(target.seed.context.isbn);
		expect(u.moderation_status).toBe('approved');
		const del = await sdk('api.delete_resources', () =>
			cloudinary.api.delete_resources(['tests/amp', 'tests/amp1', 'tests/never']),
		);
		expect(del.deleted).toEqual({
			'tests/amp': 'deleted',
			'tests/amp1': 'deleted',
			'tests/never': 'not_found',
		});
		expect(del.partial).toBe(false);
		expect(emulator.store.get('image', 'upload', 'tests/amp')).toBeUndefined();
		const restored = await sdk('api.restore', () => cloudinary.api.restore(['tests/amp']));
		expect(restored['tests/amp'].public_id).toBe('tests/amp');
		expect(emulator.store.get('image', 'upload', 'tests/amp')).toBeDefined();
		const byPrefix = await sdk('api.delete_resources_by_prefix', () =>
			cloudinary.api.delete_resources_by_prefix('tests/data/'),
		);
		expect(Object.values(byPrefix.deleted)).toEqual(['deleted']);
	});

	test('search: expression, aggregate, sort, cursor paging', async () => {
		const expected = emulator.store
			.all()
			.filter((a) => a.tags.includes('cover') && a.format === 'jpg');
		const seen = [];
		let cursor;
		let first;
		do {
			let q = cloudinary.search
				.expression('tags=cover AND format:jpg')
				.sort_by('public_id', 'asc')
				.max_results(9)
				.aggregate('format')
				.with_field('tags');
			if (cursor) q = q.next_cursor(cursor);
			const r = await sdk('search.execute', () => q.execute());
			first ??= r;
			expect(r.total_count).toBe(expected.length);
			seen.push(...r.resources);
			cursor = r.next_cursor;
		} while (cursor);
		expect(seen.map((r) => r.public_id)).toEqual(expected.map((a) => a.publicId).sort());
		expect(first.aggregations.format.values).toEqual([{ value: 'jpg', count: expected.length }]);
		expect(first.resources[0].tags).toContain('cover');
		const big = await sdk('search.execute', () =>
			cloudinary.search
				.expression('resource_type:image AND (width>=1800 OR bytes>10mb) AND -tags:cover')
				.max_results(100)
				.execute(),
		);
		const bigExpected = emulator.store
			.all()
			.filter(
				(a) =>
					a.resourceType === 'image' &&
					(a.width >= 1800 || a.bytes > 10 * 1024 * 1024) &&
					!a.tags.includes('cover'),
			);
		expect(big.resources.map((r) => r.public_id).sort()).toEqual(
			bigExpected.map((a) => a.publicId).sort(),
		);
		const ctxSearch = await sdk('search.execute', () =>
			cloudinary.search.expression('context.usage=author_photo').execute(),
		);
		expect(ctxSearch.total_count).toBe(
			emulator.store.all().filter((a) => a.context.usage === 'author_photo').length,
		);
		await expect(
			sdk('search.execute', () => cloudinary.search.expression('tags:(cover').execute()),
		).rejects.toMatchObject({
			error: { http_code: 400, message: expect.stringMatching(/^Query error/) },
		});
	});

	test('tags list, folders, metadata fields, presets, named transformation, config, ping', async () => {
		const tags = await sdk('api.tags', () =>
			cloudinary.api.tags({ prefix: 'isbn_', max_results: 500 }),
		);
		expect(tags.tags.length).toBe(
			new Set(
				emulator.store
					.all()
					.filter((a) => a.resourceType === 'image')
					.flatMap((a) => a.tags.filter((t) => t.startsWith('isbn_'))),
			).size,
		);
		const roots = await sdk('api.root_folders', () => cloudinary.api.root_folders());
		expect(roots.folders.map((f) => f.path)).toEqual(
			expect.arrayContaining(['covers', 'authors', 'events']),
		);
		const sub = await sdk('api.sub_folders', () => cloudinary.api.sub_folders('covers'));
		expect(sub.folders.map((f) => f.path)).toEqual(expect.arrayContaining(['covers/kestrel']));
		await sdk('api.create_folder', () => cloudinary.api.create_folder('tests/new-folder'));
		await expect(
			sdk('api.create_folder', () => cloudinary.api.create_folder('tests/new-folder')),
		).rejects.toMatchObject({ error: { http_code: 409 } });
		const ren = await sdk('api.rename_folder', () =>
			cloudinary.api.rename_folder('tests/new-folder', 'tests/renamed-folder'),
		);
		expect(ren.to.path).toBe('tests/renamed-folder');
		expect(
			await sdk('api.delete_folder', () => cloudinary.api.delete_folder('tests/renamed-folder')),
		).toMatchObject({ deleted: ['tests/renamed-folder'] });
		await expect(
			sdk('api.sub_folders', () => cloudinary.api.sub_folders('nope/nothing')),
		).rejects.toMatchObject({
			error: { http_code: 404, message: "Can't find folder with path nope/nothing" },
		});

		const fields = await sdk('api.list_metadata_fields', () =>
			cloudinary.api.list_metadata_fields(),
		);
		expect(fields.metadata_fields.map((f) => f.external_id)).toEqual(
			catalogue.cloudinary.metadataFields.map((f) => f.external_id),
		);
		const created = await sdk('api.add_metadata_field', () =>
			cloudinary.api.add_metadata_field({
				external_id: 'print_run',
				label: 'Print run',
				type: 'integer',
				default_value: 1000,
				validation: { type: 'greater_than', value: 0 },
			}),
		);
		expect(created.external_id).toBe('print_run');
		await expect(
			sdk('api.add_metadata_field', () =>
				cloudinary.api.add_metadata_field({
					external_id: 'bad_default',
					label: 'x',
					type: 'integer',
					default_value: -5,
					validation: { type: 'greater_than', value: 0 },
				}),
			),
		).rejects.toMatchObject({
			error: { http_code: 400, message: expect.stringMatching(/default_value is invalid/) },
		});
		const ds = await sdk('api.update_metadata_field_datasource', () =>
			cloudinary.api.update_metadata_field_datasource('imprint', {
				values: [
					{ external_id: 'harbour-lane', value: 'Harbour Lane' },
					{ value: 'Merlin Editions' },
				],
			}),
		);
		expect(ds.values.find((v) => v.external_id === 'harbour-lane').value).toBe('Harbour Lane');
		expect(ds.values).toHaveLength(5);
		const soft = await sdk('api.delete_datasource_entries', () =>
			cloudinary.api.delete_datasource_entries('imprint', ['kestrel']),
		);
		expect(soft.values.find((v) => v.external_id === 'kestrel').state).toBe('inactive');
		await expect(
			sdk('uploader.update_metadata', () =>
				cloudinary.uploader.update_metadata({ imprint: 'kestrel' }, ['tests/sdk-cover']),
			),
		).rejects.toMatchObject({ http_code: 400 });
		await sdk('api.restore_metadata_field_datasource', () =>
			cloudinary.api.restore_metadata_field_datasource('imprint', ['kestrel']),
		);
		expect(
			(
				await sdk('api.metadata_field_by_field_id', () =>
					cloudinary.api.metadata_field_by_field_id('imprint'),
				)
			).datasource.values.find((v) => v.external_id === 'kestrel').state,
		).toBe('active');
		expect(
			await sdk('api.delete_metadata_field', () =>
				cloudinary.api.delete_metadata_field('print_run'),
			),
		).toEqual(expect.objectContaining({ message: 'ok' }));
		await expect(
			sdk('api.add_metadata_field', () =>
				cloudinary.api.add_metadata_field({
					external_id: 'print_run',
					label: 'Again',
					type: 'string',
				}),
			),
		).rejects.toMatchObject({
			error: { http_code: 400, message: 'external id print_run already exists' },
		});

		const presets = await sdk('api.upload_presets', () => cloudinary.api.upload_presets());
		expect(presets.presets.map((x) => x.name).sort()).toEqual([
			'covers_signed',
			'dropbox_unsigned',
		]);
		await sdk('api.create_upload_preset', () =>
			cloudinary.api.create_upload_preset({
				name: 'channel_variants',
				unsigned: false,
				tags: 'variant',
				folder: 'variants',
			}),
		);
		const got = await sdk('api.upload_preset', () =>
			cloudinary.api.upload_preset('channel_variants'),
		);
		expect(got.settings).toMatchObject({ tags: 'variant', folder: 'variants' });
		await sdk('api.update_upload_preset', () =>
			cloudinary.api.update_upload_preset('channel_variants', { unsigned: true }),
		);
		expect(
			(await sdk('api.upload_preset', () => cloudinary.api.upload_preset('channel_variants')))
				.unsigned,
		).toBe(true);
		await sdk('api.delete_upload_preset', () =>
			cloudinary.api.delete_upload_preset('channel_variants'),
		);

		await sdk('api.create_transformation', () =>
			cloudinary.api.create_transformation('square_thumb', 'c_fill,h_64,w_64'),
		);
		const img = await axios.get(
			`${server.baseUrl}/${CLOUD}/image/upload/t_square_thumb/tests/sdk-cover.jpg`,
			{ responseType: 'arraybuffer' },
		);
		const meta = await sharp(Buffer.from(img.data)).metadata();
		expect([meta.width, meta.height]).toEqual([64, 64]);
		const tlist = await sdk('api.transformations', () =>
			cloudinary.api.transformations({ named: true }),
		);
		expect(tlist.transformations.map((t) => t.name)).toContain('square_thumb');

		expect(await sdk('api.ping', () => cloudinary.api.ping())).toMatchObject({ status: 'ok' });
		expect(
			(await sdk('api.config', () => cloudinary.api.config({ settings: true }))).settings
				.folder_mode,
		).toBe('dynamic');
	});

	test('usage reflects the store and the delivery/derived counters', async () => {
		const before = await sdk('api.usage', () => cloudinary.api.usage());
		await axios.get(`${server.baseUrl}/${CLOUD}/image/upload/c_scale,w_33/tests/sdk-cover.jpg`, {
			responseType: 'arraybuffer',
		});
		const after = await sdk('api.usage', () => cloudinary.api.usage());
		expect(after.transformations.usage).toBe(before.transformations.usage + 1);
		expect(after.requests).toBe(before.requests + 1);
		expect(after.bandwidth.usage).toBeGreaterThan(before.bandwidth.usage);
		expect(after.resources).toBe(emulator.store.all().length);
		const storage = emulator.store
			.all()
			.reduce((s, a) => s + a.bytes + a.derived.reduce((x, d) => x + d.bytes, 0), 0);
		expect(after.storage.usage).toBe(storage);
		const today = new Date(clock.now()).toISOString().slice(0, 10);
		const dated = await sdk('api.usage', () => cloudinary.api.usage({ date: today }));
		expect(dated.last_updated).toBe(today);
		await expect(
			sdk('api.usage', () => cloudinary.api.usage({ date: '1999-01-01' })),
		).rejects.toMatchObject({ error: { http_code: 400 } });
	});

	test('rate limit: headers decorate results; exhaustion gives 420 (or 429) with the exact message', async () => {
		await emulator.controlRoute('POST', '/rate-limit', { limit: 3, used: 0 });
		const ok = await sdk('api.ping', () => cloudinary.api.ping());
		expect(ok.rate_limit_allowed).toBe(3);
		expect(ok.rate_limit_remaining).toBe(2);
		const reset = Math.ceil((clock.now() + 1) / 3600000) * 3600000;
		expect(ok.rate_limit_reset_at.getTime()).toBe(reset);
		await sdk('api.ping', () => cloudinary.api.ping());
		await sdk('api.ping', () => cloudinary.api.ping());
		const d = new Date(reset);
		const p = (n) => String(n).padStart(2, '0');
		const when = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:00:00`;
		await expect(sdk('api.ping', () => cloudinary.api.ping())).rejects.toMatchObject({
			error: {
				http_code: 420,
				message: `Rate Limit Exceeded. Limit of 3 api operations reached. Try again on ${when} UTC`,
			},
		});
		// the Upload API is never rate limited
		expect(
			await sdk('uploader.destroy', () => cloudinary.uploader.destroy('tests/not-there')),
		).toEqual({ result: 'not found' });
		await emulator.controlRoute('POST', '/rate-limit', { status: 429 });
		await expect(sdk('api.ping', () => cloudinary.api.ping())).rejects.toMatchObject({
			error: { http_code: 429 },
		});
		// a new clock hour opens a new window
		clock.advance(3600000);
		await emulator.controlRoute('POST', '/rate-limit', { reset: true });
		expect((await sdk('api.ping', () => cloudinary.api.ping())).rate_limit_remaining).toBe(499);
		clock.reset();
	});
});

describe('More of the SDK surface', () => {
	const admin = () => ({ auth: { username: KEY, password: SECRET } });
	let allTrigger;

	beforeAll(async () => {
		// setup over raw HTTP (call_api cannot read the 201 of POST /triggers)
		const r = await axios.post(
			`${server.baseUrl}/v1_1/${CLOUD}/triggers`,
			{ uri: `${hook.baseUrl}/all`, event_type: 'all' },
			admin(),
		);
		expect(r.status).toBe(201);
		allTrigger = r.data;
	});

	afterAll(async () => {
		await axios.delete(`${server.baseUrl}/v1_1/${CLOUD}/triggers/${allTrigger.id}`, admin());
	});

	test('upload_stream with manual moderation and access_control; approving it notifies "moderation"', async () => {
		const buf = await sharp({
			create: { width: 90, height: 120, channels: 3, background: '#884422' },
		})
			.jpeg()
			.toBuffer();
		const windowEnd = new Date(clock.now() + 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const r = await sdk(
			'uploader.upload_stream',
			() =>
				new Promise((resolve, reject) => {
					const stream = cloudinary.uploader.upload_stream(
						{
							public_id: 'tests/moderated',
							moderation: 'manual',
							access_control: [{ access_type: 'anonymous', end: windowEnd }],
						},
						(e, res) => (e ? reject(e) : resolve(res)),
					);
					stream.end(buf);
				}),
		);
		expect(r.moderation).toEqual([{ kind: 'manual', status: 'pending' }]);
		expect(r.access_control).toEqual([{ access_type: 'anonymous', end: windowEnd }]);
		expect(r.original_filename).toBe('file');
		expect([r.width, r.height, r.bytes]).toEqual([90, 120, buf.length]);
		const pending = await sdk('api.resources_by_moderation', () =>
			cloudinary.api.resources_by_moderation('manual', 'pending', { max_results: 500 }),
		);
		expect(pending.resources.map((x) => x.public_id)).toContain('tests/moderated');
		received.length = 0;
		const u = await sdk('api.update', () =>
			cloudinary.api.update('tests/moderated', {
				moderation_status: 'approved',
				display_name: 'Approved jacket',
				asset_folder: 'covers/approved',
			}),
		);
		expect(u.moderation_status).toBe('approved');
		await waitFor(() =>
			['moderation', 'resource_display_name_changed', 'move'].every((t) =>
				received.some((n) => JSON.parse(n.body).notification_type === t),
			),
		);
		const mod = JSON.parse(
			received.find((n) => JSON.parse(n.body).notification_type === 'moderation').body,
		);
		expect(mod).toMatchObject({
			public_id: 'tests/moderated',
			moderation_status: 'approved',
			moderation_kind: 'manual',
		});
		const move = JSON.parse(
			received.find((n) => JSON.parse(n.body).notification_type === 'move').body,
		);
		expect(move.resources['tests/moderated']).toMatchObject({
			from_asset_folder: '',
			to_asset_folder: 'covers/approved',
		});
		const sub = await sdk('api.sub_folders', () => cloudinary.api.sub_folders('covers'));
		expect(sub.folders.map((f) => f.path)).toContain('covers/approved');
	});

	test('async upload answers "pending" and notifies when done; eager_async notifies "eager"', async () => {
		received.length = 0;
		const png = await sharp({
			create: { width: 400, height: 300, channels: 3, background: '#aa00aa' },
		})
			.png()
			.toBuffer();
		const r = await sdk('uploader.upload(async)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${png.toString('base64')}`, {
				public_id: 'tests/async',
				async: true,
				notification_url: `${hook.baseUrl}/async`,
			}),
		);
		expect(r).toMatchObject({ status: 'pending', public_id: 'tests/async', type: 'upload' });
		expect(r.batch_id).toMatch(/^[0-9a-f]{32}$/);
		const n = await waitFor(() => received.find((x) => x.url === '/async'));
		expect(JSON.parse(n.body)).toMatchObject({
			notification_type: 'upload',
			public_id: 'tests/async',
			width: 400,
			height: 300,
		});
		const e = await sdk('uploader.explicit(eager_async)', () =>
			cloudinary.uploader.explicit('tests/async', {
				type: 'upload',
				eager: [{ width: 40, height: 40, crop: 'fill' }],
				eager_async: true,
				eager_notification_url: `${hook.baseUrl}/eager`,
			}),
		);
		expect(e.eager[0].status).toBe('processing');
		const en = JSON.parse((await waitFor(() => received.find((x) => x.url === '/eager'))).body);
		expect(en.notification_type).toBe('eager');
		expect(en.eager[0]).toMatchObject({ width: 40, height: 40 });
	});

	test('versions: restore an old version by asset id; download_backedup_asset, private_download_url work', async () => {
		const red = await sharp({
			create: { width: 10, height: 10, channels: 3, background: '#ff0000' },
		})
			.png()
			.toBuffer();
		const blue = await sharp({
			create: { width: 20, height: 20, channels: 3, background: '#0000ff' },
		})
			.png()
			.toBuffer();
		const v1 = await sdk('uploader.upload(data URI)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${red.toString('base64')}`, {
				public_id: 'tests/versioned',
			}),
		);
		const v2 = await sdk('uploader.upload(data URI)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${blue.toString('base64')}`, {
				public_id: 'tests/versioned',
			}),
		);
		expect(v2.width).toBe(20);
		const url = cloudinary.utils.download_backedup_asset(v1.asset_id, v1.version_id);
		proven.push('utils.download_backedup_asset');
		expect(md5(Buffer.from((await axios.get(url, { responseType: 'arraybuffer' })).data))).toBe(
			md5(red),
		);
		const restored = await sdk('api.restore_by_asset_ids', () =>
			cloudinary.api.restore_by_asset_ids([v1.asset_id], { versions: [v1.version_id] }),
		);
		expect(restored[v1.asset_id]).toMatchObject({
			public_id: 'tests/versioned',
			width: 10,
			height: 10,
			bytes: red.length,
		});
		const priv = await sdk('uploader.upload(private)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${red.toString('base64')}`, {
				public_id: 'tests/private-jacket',
				type: 'private',
			}),
		);
		expect(priv.type).toBe('private');
		const dl = cloudinary.utils.private_download_url('tests/private-jacket', 'png', {
			type: 'private',
		});
		proven.push('utils.private_download_url');
		expect(md5(Buffer.from((await axios.get(dl, { responseType: 'arraybuffer' })).data))).toBe(
			md5(red),
		);
	});

	test('derived and bulk deletes, access mode, folder search', async () => {
		const d = await sdk('api.resource', () => cloudinary.api.resource('tests/sdk-cover'));
		const ids = d.derived.map((x) => x.id);
		expect(ids.length).toBeGreaterThan(0);
		const dd = await sdk('api.delete_derived_resources', () =>
			cloudinary.api.delete_derived_resources([ids[0], 'ffffffffffffffffffffffffffffffff']),
		);
		expect(dd.deleted).toEqual({
			[ids[0]]: 'deleted',
			ffffffffffffffffffffffffffffffff: 'not_found',
		});
		const am = await sdk('api.update_resources_access_mode_by_ids', () =>
			cloudinary.api.update_resources_access_mode_by_ids('authenticated', ['tests/from-url']),
		);
		expect(am.updated).toEqual([{ public_id: 'tests/from-url', access_mode: 'authenticated' }]);
		expect(
			(
				await axios.get(`${server.baseUrl}/${CLOUD}/image/upload/tests/from-url.jpg`, {
					validateStatus: () => true,
				})
			).status,
		).toBe(401);

		const tagged = emulator.store
			.all()
			.filter((a) => a.resourceType === 'image' && a.tags.includes('author_photo'));
		const byTag = await sdk('api.delete_resources_by_tag', () =>
			cloudinary.api.delete_resources_by_tag('author_photo'),
		);
		expect(Object.keys(byTag.deleted).sort()).toEqual(tagged.map((a) => a.publicId).sort());
		const v = emulator.store.get('image', 'upload', 'tests/versioned');
		const byAsset = await sdk('api.delete_resources_by_asset_ids', () =>
			cloudinary.api.delete_resources_by_asset_ids([v.assetId]),
		);
		expect(byAsset.deleted).toEqual({ [v.assetId]: 'deleted' });
		const raws = emulator.store.all().filter((a) => a.resourceType === 'raw');
		const all = await sdk('api.delete_all_resources', () =>
			cloudinary.api.delete_all_resources({ resource_type: 'raw' }),
		);
		expect(Object.keys(all.deleted).sort()).toEqual(raws.map((a) => a.publicId).sort());
		expect(all.partial).toBe(false);

		const folders = await sdk('search_folders.execute', () =>
			cloudinary.search_folders.expression('path:covers/*').max_results(50).execute(),
		);
		expect(folders.folders.map((f) => f.path).sort()).toEqual(
			[...emulator.store.state.folders.keys()].filter((p) => p.startsWith('covers/')).sort(),
		);
	});

	test('metadata field updates, ordering, rules; transformations get/update/delete', async () => {
		const upd = await sdk('api.update_metadata_field', () =>
			cloudinary.api.update_metadata_field('campaign', {
				label: 'Marketing campaign',
				mandatory: false,
			}),
		);
		expect(upd.label).toBe('Marketing campaign');
		const ordered = await sdk('api.order_metadata_field_datasource', () =>
			cloudinary.api.order_metadata_field_datasource('publishing_status', 'value', 'desc'),
		);
		expect(ordered.values.map((x) => x.value)).toEqual([
			'Postponed indefinitely',
			'Out of print',
			'Forthcoming',
			'Active',
		]);
		const re = await sdk('api.reorder_metadata_fields', () =>
			cloudinary.api.reorder_metadata_fields('label', 'asc'),
		);
		const labels = re.metadata_fields.map((f) => f.label);
		expect(labels).toEqual([...labels].sort());
		const rule = await sdk('api.add_metadata_rule', () =>
			cloudinary.api.add_metadata_rule({
				metadata_field_id: 'asset_role',
				condition: { metadata_field_id: 'imprint', equals: 'kestrel' },
				result: { enable: true },
				name: 'kestrel roles',
			}),
		);
		expect(
			(
				await sdk('api.list_metadata_rules', () => cloudinary.api.list_metadata_rules())
			).metadata_rules.map((r) => r.external_id),
		).toEqual([rule.external_id]);
		await sdk('api.delete_metadata_rule', () =>
			cloudinary.api.delete_metadata_rule(rule.external_id),
		);

		const t = await sdk('api.transformation', () => cloudinary.api.transformation('square_thumb'));
		expect(t).toMatchObject({ name: 'square_thumb', named: true, used: true });
		await sdk('api.update_transformation', () =>
			cloudinary.api.update_transformation('square_thumb', { unsafe_update: 'c_fill,h_32,w_32' }),
		);
		const img = await axios.get(
			`${server.baseUrl}/${CLOUD}/image/upload/t_square_thumb/tests/moderated.jpg`,
			{ responseType: 'arraybuffer' },
		);
		expect((await sharp(Buffer.from(img.data)).metadata()).width).toBe(32);
		await sdk('api.delete_transformation', () =>
			cloudinary.api.delete_transformation('square_thumb'),
		);
		await expect(
			sdk('api.transformation', () => cloudinary.api.transformation('square_thumb')),
		).rejects.toMatchObject({ error: { http_code: 404 } });
	});
});

describe('Notifications and triggers through the SDK', () => {
	test('triggers CRUD via call_api, and a notification the SDK verifies', async () => {
		const uri = `${hook.baseUrl}/cld`;
		// POST /triggers answers 201 (OAS); the SDK's generic call_api only accepts 200/4xx/5xx bodies,
		// so it rejects the (successful) creation with "unexpected status code - 201". The trigger exists.
		await expect(
			sdk('call_api POST triggers', () =>
				callApi('post', ['triggers'], { uri, event_type: 'upload' }, null, {
					content_type: 'json',
				}),
			),
		).rejects.toMatchObject({
			http_code: 201,
			message: 'Server returned unexpected status code - 201',
		});
		const created = (
			await sdk('call_api GET triggers', () => callApi('get', ['triggers'], {}, null, {}))
		).triggers[0];
		expect(created).toMatchObject({ uri, event_type: 'upload', uri_type: 'webhook' });
		expect(created.id).toMatch(/^[0-9a-f]{32}$/);
		await expect(
			sdk('call_api POST triggers', () =>
				callApi('post', ['triggers'], { uri, event_type: 'upload' }, null, {
					content_type: 'json',
				}),
			),
		).rejects.toMatchObject({ error: { http_code: 409, message: 'record_already_exists' } });
		const list = await sdk('call_api GET triggers', () =>
			callApi('get', ['triggers'], { event_type: 'upload' }, null, {}),
		);
		expect(list.total).toBe(1);
		expect(list.triggers[0].id).toBe(created.id);

		received.length = 0;
		const png = await sharp({
			create: { width: 10, height: 10, channels: 3, background: '#123456' },
		})
			.png()
			.toBuffer();
		const up = await sdk('uploader.upload(notification_url)', () =>
			cloudinary.uploader.upload(`data:image/png;base64,${png.toString('base64')}`, {
				public_id: 'tests/notified',
				notification_url: `${hook.baseUrl}/per-call`,
			}),
		);
		await waitFor(() => received.length >= 2);
		const perCall = received.find((r) => r.url === '/per-call');
		const viaTrigger = received.find((r) => r.url === '/cld');
		for (const n of [perCall, viaTrigger]) {
			expect(n.headers['user-agent']).toBe('Cloudinary');
			expect(n.headers['content-type']).toBe('application/json');
			const body = JSON.parse(n.body);
			expect(body.notification_type).toBe('upload');
			expect(body.public_id).toBe(up.public_id);
			expect(
				cloudinary.utils.verifyNotificationSignature(
					n.body,
					Number(n.headers['x-cld-timestamp']),
					n.headers['x-cld-signature'],
				),
			).toBe(true);
			expect(
				cloudinary.utils.verifyNotificationSignature(
					`${n.body} `,
					Number(n.headers['x-cld-timestamp']),
					n.headers['x-cld-signature'],
				),
			).toBe(false);
		}
		proven.push('utils.verifyNotificationSignature');

		// a stale notification (test hook) fails the SDK's 7200 s window
		const stale = await emulator.emitNotification({
			url: `${hook.baseUrl}/stale`,
			eventType: 'upload',
			body: { public_id: 'x' },
			timestamp: clock.nowSeconds() - 7300,
		});
		expect(stale.sent[0].status).toBe(200);
		const st = received.find((r) => r.url === '/stale');
		expect(
			cloudinary.utils.verifyNotificationSignature(
				st.body,
				Number(st.headers['x-cld-timestamp']),
				st.headers['x-cld-signature'],
			),
		).toBe(false);

		const tested = await sdk('call_api POST triggers/test', () =>
			callApi('post', ['triggers', created.id, 'test'], { sample_data: { public_id: 'a' } }, null, {
				content_type: 'json',
			}),
		);
		expect(tested).toMatchObject({
			trigger_id: created.id,
			filter_present: false,
			filter_result: true,
		});
		expect(
			await sdk('call_api PUT triggers', () =>
				callApi('put', ['triggers', created.id], { new_uri: `${hook.baseUrl}/cld2` }, null, {
					content_type: 'json',
				}),
			),
		).toMatchObject({ message: 'updated' });
		expect(
			await sdk('call_api DELETE triggers', () =>
				callApi('delete', ['triggers', created.id], {}, null, {}),
			),
		).toMatchObject({ message: 'deleted' });
		expect(
			(await sdk('call_api GET triggers', () => callApi('get', ['triggers'], {}, null, {}))).total,
		).toBe(0);
	});
});
