// Cloudinary › URL and Variant inside n8n's engine, against the Cloudinary emulator: the URLs we
// build are fetched over real HTTP from the emulator's CDN, and the delivered images' true pixel
// size, format, colour space and density are read with sharp.
import axios from 'axios';
import sharp from 'sharp';
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloudinary = require('cloudinary').v2;

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

interface SeededAsset {
	publicId: string;
	defect: string | null;
	resourceType: string;
	format: string;
	tags: string[];
	image: { width: number; height: number; colorSpace: string };
}
const covers = () =>
	(sb.sandbox.catalogue.cloudinary.assets as SeededAsset[]).filter(
		(a) => a.resourceType === 'image' && a.publicId.startsWith('covers/'),
	);
const goodEbookCover = () => covers().find((a) => !a.defect && a.tags.includes('ebook'))!;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

async function fetchImage(url: string) {
	const res = await axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true });
	if (res.status !== 200)
		return { status: res.status } as {
			status: number;
			width?: number;
			height?: number;
			format?: string;
			space?: string;
			density?: number;
		};
	const meta = await sharp(Buffer.from(res.data)).metadata();
	return {
		status: res.status,
		width: meta.width,
		height: meta.height,
		format: meta.format,
		space: meta.space,
		density: meta.density,
	};
}

async function adminDetails(publicId: string) {
	const { apiBaseUrl, cloudName, apiKey, apiSecret } = sb.credentials.cloudinaryPublishingApi;
	const res = await axios.get(
		`${apiBaseUrl}/v1_1/${cloudName}/resources/image/upload/${encodeURIComponent(publicId)}`,
		{ auth: { username: apiKey, password: apiSecret }, params: { max_results: 100 } },
	);
	return res.data;
}

const ALL_PRESETS = [
	'printCover',
	'ebookCover',
	'audioSquare',
	'retailerBanner',
	'socialSquare',
	'socialPortrait',
	'socialLink',
	'newsletter',
];

describe('Cloudinary › Variant › Get Delivery URLs', () => {
	it('builds one URL per preset without an API call; each serves an image of the promised size, format', async () => {
		const master = goodEbookCover();
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'getUrls',
				asset: { __rl: true, mode: 'id', value: master.publicId },
				presets: ALL_PRESETS,
				printSize: { trimWidth: 5, trimHeight: 8, bleed: 0.125 },
				customPresets: {
					preset: [
						{ name: 'Bookshop Thumbnail', transformation: 'c_fill,g_auto,h_600,w_400/q_85/f_png' },
					],
				},
			},
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		expect(await sb.requests('cloudinary', before)).toHaveLength(0);
		expect(result.json.map((j: { preset: string }) => j.preset)).toEqual([
			...ALL_PRESETS,
			'custom:Bookshop Thumbnail',
		]);
		expect(
			result.output.every((o: { pairedItem: { item: number } }) => o.pairedItem.item === 0),
		).toBe(true);

		const print = result.json[0];
		expect(print).toMatchObject({
			expectedWidth: Math.round(5.125 * 300),
			expectedHeight: Math.round(8.25 * 300),
			expectedFormat: 'jpg',
			transformation: 'c_fill,g_auto,h_2475,w_1538/q_100/f_jpg/dn_300/cs_keep_cmyk',
		});
		// The same URL the official SDK builds.
		expect(print.url).toBe(
			cloudinary
				.url(master.publicId, {
					cloud_name: sb.info.cloudinary.cloudName,
					raw_transformation: print.transformation,
					format: 'jpg',
					urlAnalytics: false,
				})
				.replace(
					'https://res.cloudinary.com',
					sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl,
				),
		);

		for (const row of result.json) {
			const image = await fetchImage(row.url);
			expect({ preset: row.preset, status: image.status }).toEqual({
				preset: row.preset,
				status: 200,
			});
			if (row.preset === 'newsletter') {
				// c_limit to 1200 wide: the height follows the master's ratio.
				expect([image.width, image.height]).toEqual([
					1200,
					Math.round((1200 * master.image.height) / master.image.width),
				]);
			} else {
				expect([row.preset, image.width, image.height]).toEqual([
					row.preset,
					row.expectedWidth,
					row.expectedHeight,
				]);
			}
			expect(image.format).toBe(row.expectedFormat === 'jpg' ? 'jpeg' : row.expectedFormat);
			expect(image.space).toBe('srgb');
		}
		expect((await fetchImage(print.url)).density).toBe(300);
	});

	it('keeps a CMYK master CMYK only for the print preset; the eBook variant becomes sRGB', async () => {
		const cmyk = covers().find((a) => a.defect === 'cmyk')!;
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'getUrls',
				asset: { __rl: true, mode: 'id', value: cmyk.publicId },
				presets: ['printCover', 'ebookCover'],
			},
			credentials: sb.credentials,
		});
		const [print, ebook] = result.json;
		const original = await fetchImage(
			cloudinary
				.url(cmyk.publicId, {
					cloud_name: sb.info.cloudinary.cloudName,
					format: 'jpg',
					urlAnalytics: false,
				})
				.replace(
					'https://res.cloudinary.com',
					sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl,
				),
		);
		expect(original.space).toBe('cmyk');
		expect(await fetchImage(print.url)).toMatchObject({
			status: 200,
			space: 'cmyk',
			density: 300,
			width: 1838,
			height: 2775,
		});
		expect(await fetchImage(ebook.url)).toMatchObject({
			status: 200,
			space: 'srgb',
			width: 1600,
			height: 2560,
		});
	});

	it('signs URLs the emulator accepts, and a tampered signature is refused', async () => {
		const master = goodEbookCover();
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'getUrls',
				asset: { __rl: true, mode: 'id', value: master.publicId },
				presets: ['socialSquare'],
				options: { signUrl: true, version: '1719307544' },
			},
			credentials: sb.credentials,
		});
		const url: string = result.json[0].url;
		expect(url).toMatch(
			new RegExp(
				'/image/upload/s--[A-Za-z0-9_-]{8}--/c_fill,g_auto,h_1080,w_1080/q_85/f_jpg/cs_srgb/' +
					'v1719307544/covers/\\d{13}\\.jpg$',
			),
		);
		expect(await fetchImage(url)).toMatchObject({ status: 200, width: 1080, height: 1080 });
		const tampered = url.replace(/s--(.)/, (_m, c: string) => `s--${c === 'A' ? 'B' : 'A'}`);
		expect((await fetchImage(tampered)).status).toBe(401);
	});

	it('checks fields before any call and names the item and field; other items go on', async () => {
		const master = goodEbookCover();
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'getUrls',
				asset: { __rl: true, mode: 'id', value: master.publicId },
				presets: ['ebookCover'],
				customPresets: { preset: [{ name: 'Broken', transformation: '={{ $json.t }}' }] },
			},
			credentials: sb.credentials,
			items: [{ json: { t: 'width=300' } }, { json: { t: 'w_300' } }],
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Custom Presets › Broken › Transformation": "width=300" in "width=300" ' +
				'is not a transformation parameter',
		);
		expect(result.json.slice(1).map((j: { preset: string }) => j.preset)).toEqual([
			'ebookCover',
			'custom:Broken',
		]);
		expect(result.output.map((o: { pairedItem: { item: number } }) => o.pairedItem.item)).toEqual([
			0, 1, 1,
		]);
		expect(await sb.requests('cloudinary', before)).toHaveLength(0);
	});
});

describe('Cloudinary › Variant › Create', () => {
	it('derives every preset with one explicit call; the derived entries exist and the URLs deliver them', async () => {
		const master = covers().filter((a) => !a.defect && a.tags.includes('paperback'))[3];
		const stateBefore = (
			await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(master.publicId)}`)
		).data;
		const before = await sb.lastSeq('cloudinary');
		const presets = ['printCover', 'ebookCover', 'audioSquare', 'socialLink'];
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: { __rl: true, mode: 'id', value: master.publicId },
				presets,
			},
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		const calls = await sb.requests('cloudinary', before);
		expect(calls).toHaveLength(1);
		expect(calls[0].route).toMatch(/explicit/);

		const details = await adminDetails(master.publicId);
		expect(details.derived.length).toBe(stateBefore.derived.length + presets.length);
		for (const row of result.json) {
			expect(row).toMatchObject({
				materialized: true,
				version: String(details.version),
				derived: { width: row.expectedWidth, height: row.expectedHeight, format: 'jpg' },
			});
			expect(
				details.derived.map(
					(d: { transformation: string; format: string }) => `${d.transformation}.${d.format}`,
				),
			).toContain(`${row.transformation}.jpg`);
			expect(row.url).toContain(`/v${details.version}/${master.publicId}.jpg`);
		}
		// Delivering the URLs uses the eager-derived files: no new derived entries appear.
		for (const row of result.json)
			expect(await fetchImage(row.url)).toMatchObject({
				status: 200,
				width: row.expectedWidth,
				height: row.expectedHeight,
			});
		expect((await adminDetails(master.publicId)).derived.length).toBe(details.derived.length);
	});

	it("reports a missing asset as the item's error with continue-on-fail", async () => {
		const result = await runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'variant',
				operation: 'materialize',
				asset: { __rl: true, mode: 'id', value: 'covers/0000000000000' },
				presets: ['ebookCover'],
			},
			credentials: sb.credentials,
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Asset": Cloudinary has no image with public ID covers/0000000000000 (delivery type upload)',
		);
	});
});

describe('Cloudinary › URL › Build', () => {
	it('builds guided, string and preset URLs equal to the SDK and delivers them', async () => {
		const master = goodEbookCover();
		const cloud = sb.info.cloudinary.cloudName;
		const sdk = (opts: Record<string, unknown>) =>
			cloudinary
				.url(master.publicId, { cloud_name: cloud, urlAnalytics: false, ...opts })
				.replace(
					'https://res.cloudinary.com',
					sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl,
				);
		const base = {
			resource: 'url',
			operation: 'build',
			asset: { __rl: true, mode: 'id', value: master.publicId },
		};
		const guided = await runNode({
			node: 'cloudinary',
			parameters: {
				...base,
				transformationSource: 'guided',
				guided: {
					width: 500,
					height: 400,
					crop: 'pad',
					background: '#ff0000',
					format: 'png',
					quality: '90',
				},
			},
			credentials: sb.credentials,
		});
		expect(guided.json[0].url).toBe(
			sdk({
				width: 500,
				height: 400,
				crop: 'pad',
				background: '#ff0000',
				fetch_format: 'png',
				quality: 90,
			}),
		);
		expect(await fetchImage(guided.json[0].url)).toMatchObject({
			status: 200,
			width: 500,
			height: 400,
			format: 'png',
		});

		const string = await runNode({
			node: 'cloudinary',
			parameters: {
				...base,
				transformationSource: 'string',
				transformation: 'c_scale,w_300/e_grayscale',
				options: { format: 'webp', signUrl: true, longSignature: true },
			},
			credentials: sb.credentials,
		});
		expect(string.json[0]).toMatchObject({
			publicId: master.publicId,
			transformation: 'c_scale,w_300/e_grayscale',
			url: sdk({
				raw_transformation: 'c_scale,w_300/e_grayscale',
				format: 'webp',
				sign_url: true,
				long_url_signature: true,
				api_secret: sb.credentials.cloudinaryPublishingApi.apiSecret,
			}),
		});
		expect(await fetchImage(string.json[0].url)).toMatchObject({
			status: 200,
			width: 300,
			format: 'webp',
		});

		const cdn = await runNode({
			node: 'cloudinary',
			parameters: {
				...base,
				transformationSource: 'preset',
				preset: 'socialPortrait',
				options: {
					deliveryBaseUrl: 'https://images.example-publisher.com',
					includeCloudName: 'no',
					version: 'v42',
				},
			},
			credentials: sb.credentials,
		});
		expect(cdn.json[0].url).toBe(
			`https://images.example-publisher.com/image/upload/c_fill,g_auto,h_1350,w_1080/q_85/f_jpg/cs_srgb/v42/${master.publicId}.jpg`,
		);

		const bad = await runNode({
			node: 'cloudinary',
			parameters: {
				...base,
				transformationSource: 'guided',
				guided: { density: 300, quality: 'auto' },
			},
			credentials: sb.credentials,
		});
		expect(bad.error.message).toBe(
			'Item 0, field "Guided Fields › Quality": automatic quality strips the density ' +
				'Cloudinary writes, so Density would be lost',
		);
	});
});
