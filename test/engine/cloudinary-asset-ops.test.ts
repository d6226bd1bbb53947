// Cloudinary › Asset › Get / Search / Update / Rename / Delete / Generate Derived Versions / Restore Version /
// Download inside n8n's engine, each checked against what the Cloudinary emulator holds afterwards.
import { createHash } from 'node:crypto';
import { readBinary, runNode, storeBinaryBuffer } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sharp = require('sharp');

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

async function stored(publicId: string, type = 'upload') {
	return sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`, {
		params: { type },
	});
}

async function jpeg(width: number, height: number, colour: string) {
	return sharp({ create: { width, height, channels: 3, background: colour } })
		.jpeg({ quality: 90 })
		.toBuffer() as Promise<Buffer>;
}

async function uploadBuffer(
	buffer: Buffer,
	publicId: string,
	options: Record<string, unknown> = {},
) {
	const binary = await storeBinaryBuffer(buffer, {
		mimeType: 'image/jpeg',
		fileName: `${publicId.split('/').pop()}.jpg`,
	});
	const result = await runNode({
		node: 'cloudinary',
		parameters: {
			resource: 'asset',
			operation: 'upload',
			source: 'binary',
			binaryPropertyName: 'data',
			uploadResourceType: 'image',
			publicId,
			options,
		},
		credentials: sb.credentials,
		items: [{ json: {}, binary: { data: binary } }],
	});
	expect(result.error).toBeUndefined();
	return result.json[0];
}

const run = (parameters: Record<string, unknown>, items?: unknown[], continueOnFail = false) =>
	runNode({
		node: 'cloudinary',
		parameters: { resource: 'asset', ...parameters },
		credentials: sb.credentials,
		items: items as never,
		continueOnFail,
	});

describe('Cloudinary › Asset operations', () => {
	it('Get returns derived variants, versions, colour space, pixel size, bytes and MD5', async () => {
		const a = await jpeg(400, 600, '#336699');
		await uploadBuffer(a, 'tests/ops/get-me');
		await run({
			operation: 'generateVariants',
			asset: rl('tests/ops/get-me'),
			variants: { variant: [{ transformation: 'c_fill,w_100,h_150' }] },
		});
		const result = await run({
			operation: 'get',
			asset: rl('tests/ops/get-me'),
			options: { versions: true, imageMetadata: true, colors: true },
		});
		expect(result.error).toBeUndefined();
		const out = result.json[0];
		expect(out).toMatchObject({
			public_id: 'tests/ops/get-me',
			width: 400,
			height: 600,
			pixels: 240000,
			bytes: a.length,
			md5: md5(a),
			colorSpace: expect.any(String),
			derivedCount: 1,
			versionCount: 1,
		});
		expect(out.derived[0]).toMatchObject({ transformation: 'c_fill,w_100,h_150' });
		expect(out.versions[0].version_id).toMatch(/^[0-9a-f]{32}$/);
	});

	it('Search builds an expression from conditions, pages with next_cursor for Return All, honours Limit', async () => {
		for (let i = 0; i < 5; i++)
			await uploadBuffer(await jpeg(300 + i * 100, 500, '#aa0000'), `tests/search/s${i}`, {
				tags: 'search-me',
				context: { entry: [{ key: 'campaign', value: i % 2 ? 'odd' : 'even' }] },
			});
		const conditions = (extra: unknown[] = []) => ({
			condition: [
				{ field: 'tag', value: 'search-me' },
				{ field: 'publicIdPrefix', value: 'tests/search/' },
				...extra,
			],
		});

		const all = await run({
			operation: 'search',
			mode: 'builder',
			conditions: conditions(),
			returnAll: true,
			options: { sortBy: 'public_id', sortDirection: 'asc' },
		});
		expect(all.error).toBeUndefined();
		expect(all.json.map((r: { public_id: string }) => r.public_id)).toEqual(
			[0, 1, 2, 3, 4].map((i) => `tests/search/s${i}`),
		);

		const wide = await run({
			operation: 'search',
			mode: 'builder',
			conditions: conditions([
				{ field: 'minWidth', value: '500' },
				{ field: 'context', key: 'campaign', value: 'even' },
			]),
			returnAll: true,
		});
		expect(wide.json.map((r: { public_id: string }) => r.public_id).sort()).toEqual([
			'tests/search/s2',
			'tests/search/s4',
		]);

		const limited = await run({
			operation: 'search',
			mode: 'expression',
			expression: 'tags=search-me',
			returnAll: false,
			limit: 2,
		});
		expect(limited.json).toHaveLength(2);

		const summary = await run({
			operation: 'search',
			mode: 'expression',
			expression: 'tags=search-me',
			returnAll: true,
			options: { aggregate: ['format'] },
		});
		expect(summary.json).toHaveLength(1);
		expect(summary.json[0].total_count).toBe(5);
		expect(summary.json[0].resources).toHaveLength(5);

		const bad = await run({
			operation: 'search',
			mode: 'builder',
			conditions: { condition: [{ field: 'createdAfter', value: 'last tuesday' }] },
			returnAll: true,
		});
		expect(bad.error.message).toContain(
			'Item 0, field "Conditions 1": "last tuesday" is not a date',
		);
	});

	it('Search with Output Fields returns only those fields (and the seven Cloudinary always sends)', async () => {
		await uploadBuffer(await jpeg(320, 480, '#0000aa'), 'tests/fields/f1', {
			tags: 'fields-me',
			context: { entry: [{ key: 'isbn', value: '9781810000015' }] },
		});
		const always = [
			'asset_folder',
			'asset_id',
			'created_at',
			'public_id',
			'resource_type',
			'status',
			'type',
		];
		const search = (options: Record<string, unknown>) =>
			run({
				operation: 'search',
				mode: 'expression',
				expression: 'tags=fields-me',
				returnAll: true,
				options,
			});

		const full = await search({});
		expect(Object.keys(full.json[0])).toEqual(
			expect.arrayContaining(['secure_url', 'bytes', 'context', 'tags']),
		);

		const narrow = await search({ outputFields: ['tags', 'version'] });
		expect(narrow.error).toBeUndefined();
		expect(Object.keys(narrow.json[0]).sort()).toEqual([...always, 'tags', 'version'].sort());
		expect(narrow.json[0]).toMatchObject({ public_id: 'tests/fields/f1', tags: ['fields-me'] });

		// An Include Fields chosen explicitly is added: Cloudinary's `fields` would otherwise drop it.
		const both = await search({ outputFields: ['bytes'], withField: ['context'] });
		expect(Object.keys(both.json[0]).sort()).toEqual([...always, 'bytes', 'context'].sort());
		expect(both.json[0].context).toMatchObject({ isbn: '9781810000015' });

		const before = await sb.lastSeq('cloudinary');
		const bad = await search({ outputFields: ['tags', 'colour'] });
		expect(bad.error.message).toContain(
			'Item 0, field "Options › Output Fields": "colour" is not a field a search returns',
		);
		expect(await sb.requests('cloudinary', before)).toHaveLength(0);
	});

	it('Update replaces tags and sets context, metadata, moderation, display name and asset folder', async () => {
		await uploadBuffer(await jpeg(200, 300, '#00aa00'), 'tests/ops/update-me', {
			tags: 'old, stale',
		});
		const result = await run({
			operation: 'update',
			asset: rl('tests/ops/update-me'),
			updateFields: {
				tags: 'fresh, approved',
				context: { entry: [{ key: 'isbn', value: '9781810000015' }] },
				metadata: {
					field: [
						{ externalId: 'publishing_status', value: 'active' },
						{ externalId: 'territories', value: '["us","ca"]' },
					],
				},
				moderationStatus: 'approved',
				displayName: 'Front cover',
				assetFolder: 'covers/kestrel',
			},
		});
		expect(result.error).toBeUndefined();
		const state = (await stored('tests/ops/update-me')).data.state;
		expect(state.tags.sort()).toEqual(['approved', 'fresh']);
		expect(state.context).toMatchObject({ isbn: '9781810000015' });
		expect(state.metadata).toMatchObject({
			publishing_status: 'active',
			territories: ['us', 'ca'],
		});
		expect(state.display_name).toBe('Front cover');
		expect(state.asset_folder).toBe('covers/kestrel');

		const cleared = await run({
			operation: 'update',
			asset: rl('tests/ops/update-me'),
			updateFields: { tags: '' },
		});
		expect(cleared.error).toBeUndefined();
		expect((await stored('tests/ops/update-me')).data.state.tags).toEqual([]);

		const unknownField = await run({
			operation: 'update',
			asset: rl('tests/ops/update-me'),
			updateFields: { metadata: { field: [{ externalId: 'no_such_field', value: 'x' }] } },
		});
		expect(unknownField.status).toBe('error');
		expect(unknownField.error.message).toContain('no_such_field');
	});

	it('Rename moves an asset to a new public ID', async () => {
		const bytes = await jpeg(120, 180, '#123456');
		await uploadBuffer(bytes, 'tests/ops/rename-me');
		const result = await run({
			operation: 'rename',
			asset: rl('tests/ops/rename-me'),
			toPublicId: 'tests/ops/archive/renamed',
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({
			public_id: 'tests/ops/archive/renamed',
			previous_public_id: 'tests/ops/rename-me',
		});
		expect((await stored('tests/ops/rename-me')).status).toBe(404);
		expect((await stored('tests/ops/archive/renamed')).data.etag).toBe(md5(bytes));
	});

	it('Delete by tag removes every tagged asset; by IDs reports what was not found', async () => {
		for (const id of ['d1', 'd2', 'd3'])
			await uploadBuffer(await jpeg(50, 50, '#999999'), `tests/delete/${id}`, {
				tags: 'to-delete',
			});
		await uploadBuffer(await jpeg(50, 50, '#999999'), 'tests/delete/keep', { tags: 'keep' });
		const byTag = await run({
			operation: 'delete',
			deleteBy: 'tag',
			tag: 'to-delete',
			resourceType: 'image',
		});
		expect(byTag.error).toBeUndefined();
		expect(byTag.json[0].deleted.sort()).toEqual([
			'tests/delete/d1',
			'tests/delete/d2',
			'tests/delete/d3',
		]);
		for (const id of ['d1', 'd2', 'd3'])
			expect((await stored(`tests/delete/${id}`)).status).toBe(404);
		expect((await stored('tests/delete/keep')).status).toBe(200);

		const byIds = await run({
			operation: 'delete',
			deleteBy: 'ids',
			publicIds: 'tests/delete/keep, tests/delete/ghost',
			resourceType: 'image',
			deliveryType: 'upload',
		});
		expect(byIds.json[0]).toMatchObject({
			deleted: ['tests/delete/keep'],
			notFound: ['tests/delete/ghost'],
			deletedCount: 1,
		});
		expect((await stored('tests/delete/keep')).status).toBe(404);

		const empty = await run({
			operation: 'delete',
			deleteBy: 'prefix',
			prefix: ' ',
			resourceType: 'image',
		});
		expect(empty.error.message).toContain('Item 0, field "Prefix"');
	});

	it('Delete by prefix pages through partial answers until every matching asset is gone', async () => {
		// 1,001 tiny assets straight through the emulator's Upload API (Cloudinary deletes 1000 a call)
		const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
			.png()
			.toBuffer();
		const c = sb.credentials.cloudinaryPublishingApi;
		const auth = { username: c.apiKey, password: c.apiSecret };
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const axios = require('axios');
		const ids = Array.from(
			{ length: 1001 },
			(_, i) => `tests/bulk-delete/a${String(i).padStart(4, '0')}`,
		);
		for (let i = 0; i < ids.length; i += 50) {
			await Promise.all(
				ids.slice(i, i + 50).map((id) =>
					axios.post(
						`${c.apiBaseUrl}/v1_1/${c.cloudName}/image/upload`,
						new URLSearchParams({
							file: `data:image/png;base64,${png.toString('base64')}`,
							public_id: id,
						}),
						{ auth },
					),
				),
			);
		}
		expect(
			(
				await sb.control.get('/cloudinary/state/assets', {
					params: { prefix: 'tests/bulk-delete/' },
				})
			).data.assets,
		).toHaveLength(1001);
		const result = await run({
			operation: 'delete',
			deleteBy: 'prefix',
			prefix: 'tests/bulk-delete/',
			resourceType: 'image',
			deliveryType: 'upload',
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({ deletedCount: 1001, calls: 2 });
		expect(
			(
				await sb.control.get('/cloudinary/state/assets', {
					params: { prefix: 'tests/bulk-delete/' },
				})
			).data.assets,
		).toHaveLength(0);
	}, 120000);

	it('Generate Derived Versions creates derived entries with their true sizes', async () => {
		await uploadBuffer(await jpeg(1200, 1800, '#884422'), 'tests/ops/master');
		const result = await run({
			operation: 'generateVariants',
			asset: rl('tests/ops/master'),
			variants: {
				variant: [
					{ transformation: 'c_fill,w_600,h_900' },
					{ transformation: 'c_fill,w_500,h_500', format: 'png' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		const eager = result.json[0].eager;
		expect(eager).toEqual([
			expect.objectContaining({ width: 600, height: 900, format: 'jpg' }),
			expect.objectContaining({ width: 500, height: 500, format: 'png' }),
		]);
		const state = (await stored('tests/ops/master')).data;
		expect(state.derived.map((d: { transformation: string }) => d.transformation).sort()).toEqual([
			'c_fill,w_500,h_500',
			'c_fill,w_600,h_900',
		]);
	});

	it('Restore Version brings an earlier version back', async () => {
		const first = await jpeg(300, 300, '#ff0000');
		const second = await jpeg(300, 300, '#0000ff');
		await uploadBuffer(first, 'tests/ops/versions');
		await uploadBuffer(second, 'tests/ops/versions');
		const details = await run({
			operation: 'get',
			asset: rl('tests/ops/versions'),
			options: { versions: true },
		});
		const versions = details.json[0].versions;
		expect(versions).toHaveLength(2);
		expect((await stored('tests/ops/versions')).data.etag).toBe(md5(second));
		const firstVersion =
			versions.find((v: { version_id: string }) => v.version_id !== details.json[0].version_id) ??
			versions[0];
		const result = await run({
			operation: 'restoreVersion',
			asset: rl('tests/ops/versions'),
			versionId: firstVersion.version_id,
		});
		expect(result.error).toBeUndefined();
		expect((await stored('tests/ops/versions')).data.etag).toBe(md5(first));

		const bad = await run({
			operation: 'restoreVersion',
			asset: rl('tests/ops/versions'),
			versionId: 'f'.repeat(32),
		});
		expect(bad.error.message).toContain('no backup');
	});

	it('Download gives the original byte-identical, and a transformed variant at its true pixel size', async () => {
		const original = await jpeg(900, 1350, '#556677');
		await uploadBuffer(original, 'tests/ops/download-me');
		const plain = await run({
			operation: 'download',
			asset: rl('tests/ops/download-me'),
			binaryPropertyName: 'cover',
		});
		expect(plain.error).toBeUndefined();
		const file = plain.output[0].binary.cover;
		expect(file.id).toMatch(/^filesystem/);
		const bytes = await readBinary(file);
		expect(md5(bytes)).toBe(md5(original));
		expect(plain.json[0]).toMatchObject({ fileName: 'download-me.jpg', mimeType: 'image/jpeg' });

		const variant = await run({
			operation: 'download',
			asset: rl('tests/ops/download-me'),
			options: { transformation: 'c_fill,w_300,h_450', format: 'png' },
		});
		expect(variant.error).toBeUndefined();
		const meta = await sharp(await readBinary(variant.output[0].binary.data)).metadata();
		expect(meta).toMatchObject({ width: 300, height: 450, format: 'png' });

		// A variant the delivery host refuses: the message says the status and Cloudinary's X-Cld-Error.
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			path: '/c_fill,w_301,h_450/',
			count: 1,
			message: 'Invalid transformation',
		});
		const refused = await run({
			operation: 'download',
			asset: rl('tests/ops/download-me'),
			options: { transformation: 'c_fill,w_301,h_450' },
		});
		expect(refused.error.message).toBe(
			'Item 0: Cloudinary: the variant could not be delivered (HTTP 400 Bad Request): Invalid transformation',
		);

		const missing = await run({ operation: 'download', asset: rl('tests/ops/nothing-here') });
		expect(missing.error.message).toContain(
			'Item 0, field "Asset": Cloudinary has no asset with public ID tests/ops/nothing-here',
		);
	});
});
