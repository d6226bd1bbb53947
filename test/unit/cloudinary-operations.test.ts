// Cloudinary operations in the fast tier: the node from dist/ run with a mocked execution context
// (test/helpers/execution-context.ts), asserting the requests it sends and the items it outputs.
// The same operations run against the emulator inside n8n's engine in test/engine.
import { Cloudinary } from '../../dist/nodes/Cloudinary/Cloudinary.node';
import { runOperation, type SentRequest } from '../helpers/execution-context';

const nodeType = new Cloudinary();
const credentialType = nodeType.description.credentials![0].name;
const credentials = {
	[credentialType]: {
		cloudName: 'demo-cloud',
		apiKey: '614335564976464',
		apiSecret: 'unit-test-secret',
		apiBaseUrl: 'https://api.cloudinary.test/',
		deliveryBaseUrl: 'https://res.cloudinary.test',
		deliveryIncludesCloudName: true,
		signatureAlgorithm: 'sha1',
	},
};
const API = 'https://api.cloudinary.test/v1_1/demo-cloud';

describe('Tag › Add', () => {
	const ids = [
		['covers/9781810000008', 'covers/9781810000015'],
		['covers/9781810000022'],
		['covers/9781810000008'],
	];

	test('the IDs of all items go out in one Upload API tags call; each item gets its own report', async () => {
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			items: ids.map(() => ({ json: {} })),
			parameters: (i) => ({
				resource: 'tag',
				operation: 'add',
				publicIds: ids[i].join(', '),
				tags: ['imprint_harbour', 'approved'],
			}),
			// Cloudinary answers with the IDs it changed: it does not hold covers/9781810000022.
			respond: () => ({ body: { public_ids: ['covers/9781810000008', 'covers/9781810000015'] } }),
		});
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({ credentialType, method: 'POST', url: `${API}/image/tags` });
		expect(request.form).toEqual({
			command: 'add',
			tag: 'imprint_harbour,approved',
			'public_ids[]': ['covers/9781810000008', 'covers/9781810000015', 'covers/9781810000022'],
			type: 'upload',
		});
		expect(output[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(output[0].map((item) => item.json.updated)).toEqual([
			['covers/9781810000008', 'covers/9781810000015'],
			[],
			['covers/9781810000008'],
		]);
		expect(output[0][1].json.success).toBe(false);
		expect(output[0][1].json.message).toMatch(/covers\/9781810000022/);
		expect(JSON.stringify({ output, requests })).not.toContain('unit-test-secret');
	});

	test('a tag with a comma is refused before any call, naming the item and the field', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'tag',
				operation: 'add',
				publicIds: 'covers/9781810000008',
				tags: ['a,b'],
			},
			respond: () => {
				throw new Error('no request may be sent for an invalid tag');
			},
		});
		await expect(run).rejects.toThrow(/Item 0, field "Tags": "a,b" contains a comma/);
	});
});

describe('Asset › Get', () => {
	const ASSET = {
		asset_id: '5a6c2f0b0e6e4a1e9f3b1c2d3e4f5a6b',
		public_id: 'covers/9781810000008',
		resource_type: 'image',
		type: 'upload',
		format: 'png',
		version: 1719307544,
		width: 1600,
		height: 2400,
		etag: 'd41d8cd98f00b204e9800998ecf8427e',
		colors: [
			['#112233', 61.2],
			['#FFFFFF', 20.1],
		],
		derived: [{ transformation: 'c_fill,w_600' }],
	};

	test('by public ID: GET of the resource with the public ID as one encoded segment, the asked options', async () => {
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'asset',
				operation: 'get',
				asset: { __rl: true, mode: 'id', value: 'covers/9781810000008' },
				options: { colors: true, maxDerived: 5 },
			},
			respond: () => ({ body: ASSET }),
		});
		expect(requests.map((r: SentRequest) => [r.method, r.url, r.qs])).toEqual([
			[
				'GET',
				`${API}/resources/image/upload/covers%2F9781810000008`,
				{ max_results: 5, colors: true },
			],
		]);
		expect(output[0][0].json).toMatchObject({
			md5: ASSET.etag,
			pixels: 1600 * 2400,
			megapixels: 3.84,
			predominantColors: [
				{ hex: '#112233', share: 61.2 },
				{ hex: '#FFFFFF', share: 20.1 },
			],
			derivedCount: 1,
		});
	});

	test('by delivery URL: resource type, delivery type and public ID come from the URL', async () => {
		const { requests } = await runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'asset',
				operation: 'get',
				asset: {
					__rl: true,
					mode: 'url',
					value:
						'https://res.cloudinary.com/demo-cloud/video/authenticated/v3/trailers/salt-road.mp4',
				},
			},
			respond: () => ({ body: { ...ASSET, resource_type: 'video', type: 'authenticated' } }),
		});
		expect(requests.map((r) => r.url)).toEqual([
			`${API}/resources/video/authenticated/trailers%2Fsalt-road`,
		]);
	});

	test('an asset Cloudinary does not hold is an error naming the item and the Asset field', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'asset',
				operation: 'get',
				asset: { __rl: true, mode: 'id', value: 'covers/missing' },
			},
			respond: () => ({
				statusCode: 404,
				body: { error: { message: 'Resource not found - covers/missing' } },
			}),
		});
		await expect(run).rejects.toThrow(
			'Item 0, field "Asset": Cloudinary has no asset with public ID covers/missing',
		);
	});

	test('an asset ID that is not 32 hexadecimal characters is refused before any call', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'asset',
				operation: 'get',
				asset: { __rl: true, mode: 'assetId', value: 'xyz' },
			},
			respond: () => {
				throw new Error('no request may be sent for an invalid asset ID');
			},
		});
		await expect(run).rejects.toThrow(
			/Item 0, field "Asset \(By Asset ID\)": "xyz" is not an asset ID/,
		);
	});
});

describe('Usage › Get Report', () => {
	// Date is a date field: the picker hands over a date-time, an expression may give YYYY-MM-DD.
	test.each([
		['2026-11-01T00:00:00', 'usage/2026-11-01'],
		['2026-11-01', 'usage/2026-11-01'],
		['', 'usage'],
	])('Date %p asks for %s', async (date, path) => {
		const { requests } = await runOperation({
			nodeType,
			credentials,
			parameters: { resource: 'usage', operation: 'report', date },
			respond: () => ({ body: { plan: 'Free' } }),
		});
		expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${API}/${path}`]);
	});

	test('a date Cloudinary cannot read is refused before any call', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: { resource: 'usage', operation: 'report', date: '2026-02-30T00:00:00' },
			respond: () => {
				throw new Error('no request may be sent for a bad date');
			},
		});
		await expect(run).rejects.toThrow('Item 0, field "Date": "2026-02-30T00:00:00" is not a date');
	});
});
