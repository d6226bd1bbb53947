// The places several Cloudinary operations share, seen from each operation inside n8n's engine
// against the Cloudinary emulator: one asset resolver (the version of a delivery URL or an asset ID
// lookup reaches the URL), one transformation check, one signed-URL path, one "not found" error.
import axios from 'axios';
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

interface SeededAsset {
	publicId: string;
	defect: string | null;
	resourceType: string;
	format: string;
}
const master = () =>
	(sb.sandbox.catalogue.cloudinary.assets as SeededAsset[]).find(
		(a) => a.resourceType === 'image' && !a.defect && a.publicId.startsWith('covers/'),
	)!;
const stored = async (publicId: string) =>
	(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`)).data;
const status = async (url: string) =>
	(await axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true })).status;
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('one asset resolver', () => {
	it('keeps the version of a delivery URL and learns it from an asset ID, for Variant and URL alike', async () => {
		const asset = master();
		const state = await stored(asset.publicId);
		const { deliveryBaseUrl, cloudName } = sb.credentials.cloudinaryPublishingApi;
		const deliveryUrl =
			`${deliveryBaseUrl}/${cloudName}/image/upload/c_scale,w_300/` +
			`v${state.version}/${asset.publicId}.${asset.format}`;
		for (const asset of [rl('url', deliveryUrl), rl('assetId', state.asset_id)]) {
			const variant = await runNode({
				node: 'cloudinary',
				parameters: { resource: 'variant', operation: 'getUrls', asset, presets: ['socialSquare'] },
				credentials: sb.credentials,
			});
			const built = await runNode({
				node: 'cloudinary',
				parameters: {
					resource: 'url',
					operation: 'build',
					asset,
					transformationSource: 'preset',
					preset: 'socialSquare',
				},
				credentials: sb.credentials,
			});
			expect(variant.error).toBeUndefined();
			expect(built.error).toBeUndefined();
			expect(variant.json[0].url).toContain(`/v${state.version}/${state.public_id}.jpg`);
			expect(built.json[0]).toMatchObject({
				url: variant.json[0].url,
				version: String(state.version),
			});
			expect(await status(built.json[0].url)).toBe(200);
		}
	});
});

describe('one transformation check', () => {
	const bad = 'c_fill,w_100|w_50';
	const cases: Array<[string, Record<string, unknown>, string]> = [
		[
			'URL › Build',
			{ resource: 'url', operation: 'build', transformationSource: 'string', transformation: bad },
			'Transformation String',
		],
		[
			'Variant › Create',
			{
				resource: 'variant',
				operation: 'materialize',
				presets: [],
				customPresets: { preset: [{ name: 'Pipe', transformation: bad }] },
			},
			'Custom Presets › Pipe › Transformation',
		],
		[
			'Asset › Generate Derived Versions',
			{
				resource: 'asset',
				operation: 'generateVariants',
				variants: { variant: [{ transformation: 'w_10' }, { transformation: bad }] },
			},
			'Derived Versions 2: Transformation',
		],
		[
			'Asset › Download',
			{ resource: 'asset', operation: 'download', options: { transformation: bad } },
			'Options › Transformation',
		],
		[
			'Access › Create Signed URL',
			{ resource: 'access', operation: 'signedUrl', urlOptions: { transformation: bad } },
			'Options › Transformation',
		],
	];
	it.each(cases)(
		'%s refuses "|" (it separates eager transformations) before any call',
		async (_name, parameters, field) => {
			const asset = master();
			const before = await sb.lastSeq('cloudinary');
			const result = await runNode({
				node: 'cloudinary',
				parameters: { asset: rl('id', asset.publicId), publicId: asset.publicId, ...parameters },
				credentials: sb.credentials,
				continueOnFail: true,
			});
			expect(result.json[0].error).toBe(
				`Item 0, field "${field}": "${bad}" contains a space, "?", "#" or "|"`,
			);
			expect(await sb.requests('cloudinary', before)).toHaveLength(0);
		},
	);

	it("checks each entry of Upload's Eager Transformations list the same way, before any call", async () => {
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'upload',
				source: 'url',
				fileUrl: 'https://example.com/cover.jpg',
				publicId: 'tests/shared/eager',
				options: { eager: 'c_fill,w_100,h_150|width=64/png' },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Options › Eager Transformations, entry 2": "width=64" in "width=64" is ' +
				'not a transformation parameter',
		);
		expect(await sb.requests('cloudinary', before)).toHaveLength(0);
	});

	it('refuses an empty eager transformation alike in Generate Derived Versions and Variant presets', async () => {
		const asset = master();
		const generate = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'generateVariants',
				asset: rl('id', asset.publicId),
				variants: { variant: [{ transformation: ' / ' }] },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		const custom = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: rl('id', asset.publicId),
				presets: [],
				customPresets: { preset: [{ name: 'Empty', transformation: '' }] },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		expect(generate.json[0].error).toBe(
			'Item 0, field "Derived Versions 1: Transformation": the transformation is empty',
		);
		expect(custom.json[0].error).toBe(
			'Item 0, field "Custom Presets › Empty › Transformation": the transformation is empty',
		);
	});
});

describe('one signed-URL path', () => {
	it('Access › Create Signed URL and URL › Build with Sign URL give one URL, which the emulator serves', async () => {
		const asset = master();
		const state = await stored(asset.publicId);
		const access = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'access',
				operation: 'signedUrl',
				publicId: asset.publicId,
				deliveryType: 'upload',
				urlOptions: {
					transformation: 'c_scale,w_40',
					format: 'PNG',
					version: `v${state.version}`,
					longSignature: true,
				},
			},
			credentials: sb.credentials,
		});
		const built = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'url',
				operation: 'build',
				asset: rl('id', asset.publicId),
				transformationSource: 'string',
				transformation: 'c_scale,w_40',
				options: {
					format: 'png',
					version: String(state.version),
					signUrl: true,
					longSignature: true,
				},
			},
			credentials: sb.credentials,
		});
		expect(access.json[0].url).toMatch(
			/\/s--[A-Za-z0-9_-]{32}--\/c_scale,w_40\/v\d+\/covers\/\d{13}\.png$/,
		);
		expect(access.json[0].url).toBe(built.json[0].url);
		expect(await status(access.json[0].url)).toBe(200);
	});

	it('checks the version the same way in both', async () => {
		const asset = master();
		const access = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'access',
				operation: 'signedUrl',
				publicId: asset.publicId,
				deliveryType: 'upload',
				urlOptions: { version: 'latest' },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		const built = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'url',
				operation: 'build',
				asset: rl('id', asset.publicId),
				transformationSource: 'none',
				options: { version: 'latest' },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		expect(access.json[0].error).toBe(
			'Item 0, field "Options › Version": "latest" is not a version',
		);
		expect(built.json[0].error).toBe(access.json[0].error);
	});
});

describe('one "not found" error', () => {
	it('names the item and Asset field for Generate Derived Versions and Variant › Create, one call each', async () => {
		const before = await sb.lastSeq('cloudinary');
		const generate = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'generateVariants',
				asset: rl('id', 'covers/0000000000000'),
				variants: { variant: [{ transformation: 'w_10' }] },
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		const variant = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: rl('id', 'covers/0000000000000'),
				presets: ['socialSquare'],
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		expect(generate.json[0].error).toBe(
			'Item 0, field "Asset": Cloudinary has no asset with public ID covers/0000000000000',
		);
		expect(variant.json[0].error).toBe(
			'Item 0, field "Asset": Cloudinary has no image with public ID covers/0000000000000 (delivery type upload)',
		);
		expect(await sb.requests('cloudinary', before)).toHaveLength(2);
	});
});
