// Cloudinary › Asset › Get inside n8n's engine, against the Cloudinary emulator on loopback.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloudinary = require('cloudinary').v2;

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
	await sb.control.post('/cloudinary/rate-limit', { limit: 500, status: 420 });
});

const getAsset = (asset: { mode: string; value: string }, extra: Record<string, unknown> = {}) => ({
	resource: 'asset',
	operation: 'get',
	asset: { __rl: true, ...asset },
	...extra,
});

async function stored(publicId: string) {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	expect(res.status).toBe(200);
	return res.data;
}

describe('Cloudinary › Asset › Get', () => {
	it('gets a seeded master cover by public ID with its true pixel size, format, bytes and MD5', async () => {
		const seeded = sb.sandbox.catalogue.cloudinary.assets.find(
			(a: { defect?: string; resourceType: string }) => !a.defect && a.resourceType === 'image',
		);
		const result = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'id', value: seeded.publicId }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		const out = result.json[0];
		expect(out).toMatchObject({
			public_id: seeded.publicId,
			resource_type: 'image',
			type: 'upload',
			format: seeded.format,
			width: seeded.image.width,
			height: seeded.image.height,
		});
		expect(out.tags).toEqual(expect.arrayContaining(seeded.tags));
		expect(out.bytes).toBeGreaterThan(1000);
		expect(out.md5).toMatch(/^[0-9a-f]{32}$/);
		// What the emulator really stores: the bytes' MD5 and size.
		const state = await stored(seeded.publicId);
		expect(out.bytes).toBe(state.bytes);
		expect(out.md5).toBe(state.etag);
	});

	it('gets the same asset by asset ID and by delivery URL', async () => {
		const seeded = sb.sandbox.catalogue.cloudinary.assets.find(
			(a: { resourceType: string }) => a.resourceType === 'image',
		);
		const state = await stored(seeded.publicId);
		const byId = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'assetId', value: state.asset_id }),
			credentials: sb.credentials,
		});
		expect(byId.json[0]).toMatchObject({ public_id: seeded.publicId, asset_id: state.asset_id });
		const url = cloudinary.url(seeded.publicId, {
			cloud_name: sb.info.cloudinary.cloudName,
			version: state.version,
			format: seeded.format,
			transformation: [{ width: 300, crop: 'scale' }],
		});
		const byUrl = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'url', value: url }),
			credentials: sb.credentials,
		});
		expect(byUrl.json[0]).toMatchObject({ public_id: seeded.publicId, asset_id: state.asset_id });
	});

	it('names the item and field for a missing asset and a malformed asset ID, and goes on with the others', async () => {
		const seeded = sb.sandbox.catalogue.cloudinary.assets[0];
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'id', value: '={{ $json.id }}' }),
			credentials: sb.credentials,
			items: [{ json: { id: 'covers/0000000000000' } }, { json: { id: seeded.publicId } }],
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Asset": Cloudinary has no asset with public ID covers/0000000000000',
		);
		expect(result.json[1].public_id).toBe(seeded.publicId);
		expect(result.output.map((o: { pairedItem: unknown }) => o.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		expect((await sb.requests('cloudinary', before)).length).toBe(2);

		const bad = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'assetId', value: '={{ "not-an-id" }}' }),
			credentials: sb.credentials,
		});
		expect(bad.error.message).toContain(
			'Item 0, field "Asset (By Asset ID)": "not-an-id" is not an asset ID',
		);
	});

	it('reports a wrong secret without ever showing the key or the secret', async () => {
		const wrongSecret = 'definitely-wrong-secret-value';
		const result = await runNode({
			node: 'cloudinary',
			parameters: getAsset({
				mode: 'id',
				value: sb.sandbox.catalogue.cloudinary.assets[0].publicId,
			}),
			credentials: {
				cloudinaryPublishingApi: {
					...sb.credentials.cloudinaryPublishingApi,
					apiSecret: wrongSecret,
				},
			},
		});
		expect(result.status).toBe('error');
		expect(result.error.httpCode).toBe('401');
		const everything = JSON.stringify({
			message: result.error.message,
			description: result.error.description,
			stack: result.error.stack,
			run: result.run,
		});
		expect(everything).not.toContain(wrongSecret);
		expect(everything).not.toContain(sb.credentials.cloudinaryPublishingApi.apiSecret);
	});

	it('on an exhausted Admin API quota says when it resets instead of hammering', async () => {
		await sb.control.post('/cloudinary/rate-limit', { limit: 1, status: 420 });
		const publicId = sb.sandbox.catalogue.cloudinary.assets[0].publicId;
		await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'id', value: publicId }),
			credentials: sb.credentials,
		});
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: getAsset({ mode: 'id', value: publicId }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain('Rate Limit Exceeded');
		expect(result.error.description).toMatch(/quota resets at \d{4}-\d{2}-\d{2}T/);
		// The reset is more than the allowed wait away (clock-hour windows), so exactly one call was made.
		const now = new Date();
		if (60 - now.getUTCMinutes() > 2)
			expect(await sb.requests('cloudinary', before)).toHaveLength(1);
	});

	it('retries a read through a 502', async () => {
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 502,
			count: 1,
			path: '/resources/',
		});
		const result = await runNode({
			node: 'cloudinary',
			parameters: getAsset({
				mode: 'id',
				value: sb.sandbox.catalogue.cloudinary.assets[0].publicId,
			}),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
	});
});
