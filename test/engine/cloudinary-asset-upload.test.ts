// Cloudinary › Asset › Upload inside n8n's engine: binaries kept by n8n's binary-data service
// (filesystem mode) are streamed, in chunks above the chunk size; URLs are fetched by Cloudinary.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runNode, storeBinaryFile } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sharp = require('sharp');

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;
let tmp: string;

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

async function noiseJpeg(width: number, height: number, quality = 100): Promise<Buffer> {
	return sharp({
		create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 90 } },
	})
		.jpeg({ quality, chromaSubsampling: '4:4:4' })
		.toBuffer();
}

beforeAll(async () => {
	sb = await startTestSandbox();
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cld-upload-test-'));
});
afterAll(async () => {
	await sb?.stop();
	fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

async function stored(publicId: string) {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	return res;
}

async function fileItem(buffer: Buffer, name: string, mimeType = 'image/jpeg') {
	const file = path.join(tmp, name);
	fs.writeFileSync(file, buffer);
	return {
		json: { name },
		binary: { data: await storeBinaryFile(file, { mimeType, fileName: name }) },
	};
}

const upload = (extra: Record<string, unknown>) => ({
	resource: 'asset',
	operation: 'upload',
	source: 'binary',
	binaryPropertyName: 'data',
	uploadResourceType: 'image',
	...extra,
});

describe('Cloudinary › Asset › Upload', () => {
	it('uploads a small JPEG from a stored binary in one request with tags, context, metadata, access', async () => {
		const jpeg = await sharp({
			create: { width: 640, height: 960, channels: 3, background: { r: 180, g: 40, b: 60 } },
		})
			.jpeg()
			.toBuffer();
		const item = await fileItem(jpeg, 'cover-small.jpg');
		expect(item.binary.data.id).toMatch(/^filesystem/);
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: upload({
				publicId: 'tests/upload/9781810000008',
				options: {
					tags: 'cover, test-upload',
					context: {
						entry: [
							{ key: 'isbn', value: '9781810000008' },
							{ key: 'note', value: 'a=b|c' },
						],
					},
					metadata: {
						field: [
							{ externalId: 'isbn', value: '9781810000008' },
							{ externalId: 'territories', value: '["gb","ie"]' },
						],
					},
					accessControl: {
						rule: [
							{
								accessType: 'anonymous',
								start: '2026-01-01T00:00:00Z',
								end: '2036-01-01T00:00:00Z',
							},
						],
					},
					eager: 'c_fill,w_100,h_150|c_fill,w_64,h_64/png',
				},
			}),
			credentials: sb.credentials,
			items: [item],
		});
		expect(result.error).toBeUndefined();
		const out = result.json[0];
		expect(out).toMatchObject({
			public_id: 'tests/upload/9781810000008',
			width: 640,
			height: 960,
			format: 'jpg',
			bytes: jpeg.length,
			md5: md5(jpeg),
			requests: 1,
		});
		expect(out.api_key).toBeUndefined();
		expect(out.eager).toEqual([
			expect.objectContaining({ width: 100, height: 150 }),
			expect.objectContaining({ width: 64, height: 64, format: 'png' }),
		]);
		const requests = (await sb.requests('cloudinary', before)).filter((r: { url: string }) =>
			r.url.includes('/image/upload'),
		);
		expect(requests).toHaveLength(1);

		const state = (await stored('tests/upload/9781810000008')).data;
		expect(state.bytes).toBe(jpeg.length);
		expect(state.etag).toBe(md5(jpeg));
		expect(state.state.tags).toEqual(['cover', 'test-upload']);
		expect(state.state.context).toEqual({ isbn: '9781810000008', note: 'a=b|c' });
		expect(state.state.metadata).toMatchObject({
			isbn: '9781810000008',
			territories: ['gb', 'ie'],
		});
		expect(state.derived).toHaveLength(2);
		expect(state.state.access_control).toEqual([
			{ access_type: 'anonymous', start: '2026-01-01T00:00:00Z', end: '2036-01-01T00:00:00Z' },
		]);
	});

	it('uploads a JPEG over 5 MB in 5 MB chunks; the stored bytes and MD5 equal the file', async () => {
		const jpeg = await noiseJpeg(2600, 2600);
		expect(jpeg.length).toBeGreaterThan(5 * 1024 * 1024 + 1);
		const chunkSize = 5 * 1024 * 1024;
		const expectedChunks = Math.ceil(jpeg.length / chunkSize);
		expect(expectedChunks).toBeGreaterThan(1);
		const item = await fileItem(jpeg, 'cover-large.jpg');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: upload({
				publicId: 'tests/upload/large-master',
				options: { chunkSizeMb: 5, tags: 'large' },
			}),
			credentials: sb.credentials,
			items: [item],
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({
			public_id: 'tests/upload/large-master',
			bytes: jpeg.length,
			md5: md5(jpeg),
			width: 2600,
			height: 2600,
			requests: expectedChunks,
		});
		const chunks = (await sb.requests('cloudinary', before)).filter((r: { url: string }) =>
			r.url.includes('/image/upload'),
		);
		expect(chunks).toHaveLength(expectedChunks);
		expect(chunks.every((r: { status: number }) => r.status === 200)).toBe(true);
		// (the emulator refuses a non-final chunk under 5 MB, so N successful chunk answers mean N full chunks)
		expect(chunks.slice(0, -1).every((r: { bytesIn: number }) => r.bytesIn > 4 * 1024 * 1024)).toBe(
			true,
		);
		const state = (await stored('tests/upload/large-master')).data;
		expect(state.bytes).toBe(jpeg.length);
		expect(state.etag).toBe(md5(jpeg));
		expect(state.state.tags).toEqual(['large']);
	});

	it('retries a failed chunk with the same upload id and range, and still stores the exact file', async () => {
		const jpeg = await noiseJpeg(2600, 2600);
		const item = await fileItem(jpeg, 'cover-retry.jpg');
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 502,
			count: 1,
			path: '/image/upload',
		});
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: upload({ publicId: 'tests/upload/retried', options: { chunkSizeMb: 5 } }),
			credentials: sb.credentials,
			items: [item],
		});
		expect(result.error).toBeUndefined();
		const expectedChunks = Math.ceil(jpeg.length / (5 * 1024 * 1024));
		const posts = (await sb.requests('cloudinary', before)).filter((r: { url: string }) =>
			r.url.includes('/image/upload'),
		);
		expect(posts).toHaveLength(expectedChunks + 1);
		expect(posts[0].status).toBe(502);
		const state = (await stored('tests/upload/retried')).data;
		expect(state.etag).toBe(md5(jpeg));
		expect(state.bytes).toBe(jpeg.length);
	});

	it('uploads from a loopback URL and from a legacy in-memory binary', async () => {
		const seeded = sb.sandbox.catalogue.cloudinary.assets.find(
			(a: { defect?: string; resourceType: string }) => !a.defect && a.resourceType === 'image',
		);
		const source = (await stored(seeded.publicId)).data;
		const viaUrl = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'upload',
				source: 'url',
				fileUrl: source.url,
				uploadResourceType: 'image',
				publicId: 'tests/upload/from-url',
				options: { folder: '' },
			},
			credentials: sb.credentials,
		});
		expect(viaUrl.error).toBeUndefined();
		const fromUrl = (await stored('tests/upload/from-url')).data;
		expect(fromUrl.etag).toBe(source.etag);
		expect(viaUrl.json[0].md5).toBe(source.etag);

		const png = await sharp({
			create: {
				width: 300,
				height: 200,
				channels: 4,
				background: { r: 0, g: 90, b: 200, alpha: 1 },
			},
		})
			.png()
			.toBuffer();
		const legacy = await runNode({
			node: 'cloudinary',
			parameters: upload({
				uploadResourceType: 'auto',
				publicId: '',
				options: { folder: 'tests/legacy', useFilename: true },
			}),
			credentials: sb.credentials,
			items: [
				{
					json: {},
					binary: {
						data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'banner.png' },
					},
				},
			],
		});
		expect(legacy.error).toBeUndefined();
		const id = legacy.json[0].public_id;
		expect(id).toMatch(/^tests\/legacy\/banner_[a-z0-9]{6}$/);
		const state = (await stored(id)).data;
		expect(state).toMatchObject({ width: 300, height: 200, format: 'png', etag: md5(png) });
	});

	it('names the item and field for bad input before any call, and goes on with the other items', async () => {
		const jpeg = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#888' } })
			.jpeg()
			.toBuffer();
		const good = await fileItem(jpeg, 'ok.jpg');
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: upload({ publicId: '={{ $json.id }}', options: { chunkSizeMb: 20 } }),
			credentials: sb.credentials,
			items: [
				{ json: { id: 'tests/upload/no-binary' } },
				{ ...good, json: { id: 'tests/upload/with.jpg' } },
				{ ...good, json: { id: 'tests/upload/fine' } },
			],
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Input Binary Field": the item has no binary field "data"',
		);
		expect(result.json[1].error).toContain('Item 1, field "Public ID"');
		expect(result.json[2]).toMatchObject({ public_id: 'tests/upload/fine', md5: md5(jpeg) });
		expect(result.output.map((o: { pairedItem: unknown }) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect((await sb.requests('cloudinary', before)).length).toBe(1);
		expect((await stored('tests/upload/no-binary')).status).toBe(404);

		const wrongSecret = 'definitely-wrong-upload-secret';
		const denied = await runNode({
			node: 'cloudinary',
			parameters: upload({ publicId: 'tests/upload/denied' }),
			credentials: {
				cloudinaryPublishingApi: {
					...sb.credentials.cloudinaryPublishingApi,
					apiSecret: wrongSecret,
				},
			},
			items: [good],
		});
		expect(denied.status).toBe('error');
		expect(denied.error.httpCode).toBe('401');
		const everything = JSON.stringify({
			message: denied.error.message,
			description: denied.error.description,
			stack: denied.error.stack,
			run: denied.run,
		});
		expect(everything).not.toContain(wrongSecret);
		expect(everything).not.toContain(sb.credentials.cloudinaryPublishingApi.apiSecret);

		const small = await runNode({
			node: 'cloudinary',
			parameters: upload({ publicId: 'x', options: { chunkSizeMb: 2 } }),
			credentials: sb.credentials,
			items: [good],
		});
		expect(small.error.message).toContain(
			'Item 0, field "Options › Chunk Size (MB)": 2 is out of range',
		);
	});
});
