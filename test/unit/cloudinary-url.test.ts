// The official cloudinary SDK is the oracle: buildDeliveryUrl must equal `cloudinary.url()` (URL
// analytics off) on hundreds of generated cases, and guided transformation components must equal
// the SDK's component built from the same options object.
import {
	buildDeliveryUrl,
	transformationComponent,
} from '../../nodes/Cloudinary/helpers/deliveryUrl';
import { guidedTransformation } from '../../nodes/Cloudinary/presets/channels';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloudinary = require('cloudinary').v2;

function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const pick = <T>(random: () => number, list: T[]): T => list[Math.floor(random() * list.length)];

const IDS = [
	'sample',
	'covers/9781810000008',
	'covers/front/9781810000008',
	'my folder/ä b',
	'Café — “quoted”',
	'ünïcödé/路径/封面',
	'a:b/c',
	'v2/cover',
	'with%20space',
	'folder//double',
	'name with spaces',
	'a+b=c&d',
	'dots.in.name',
	'trailing/',
	'hash#tag',
	'(parens)',
	"it's",
];
const TRANSFORMATIONS = [
	'',
	'c_fill,g_auto,h_2560,w_1600/q_90/f_jpg/cs_srgb',
	'c_scale,w_100',
	'w_300',
	'c_limit,w_1000/cs_srgb,dn_300,fl_progressive.keep_iptc',
	'b_rgb:ff0000,c_pad,h_300,w_400',
	't_cover',
	'c_fill,h_1080,w_1080//q_auto',
	'l_text:Arial_20:Hello World',
	'e_sharpen:100',
	'f_auto,q_auto',
];
const FORMATS = [undefined, 'jpg', 'png', 'webp', 'mp4', 'pdf'];
const VERSIONS = [undefined, 1719307544, '1234567890', 1];

interface Cdn {
	base: string;
	includesCloud: boolean;
	sdk: Record<string, unknown>;
}
const CDNS: Cdn[] = [
	{ base: 'https://res.cloudinary.com', includesCloud: true, sdk: {} },
	{ base: 'https://mycloud-res.cloudinary.com', includesCloud: false, sdk: { private_cdn: true } },
	{
		base: 'https://images.example.com',
		includesCloud: false,
		sdk: { private_cdn: true, secure_distribution: 'images.example.com' },
	},
	{
		base: 'https://cdn.example.org',
		includesCloud: true,
		sdk: { secure_distribution: 'cdn.example.org' },
	},
];

describe('buildDeliveryUrl equals the SDK', () => {
	const random = rng(20261126);
	const cases = Array.from({ length: 600 }, () => ({
		publicId: pick(random, IDS),
		resourceType: pick(random, ['image', 'video', 'raw']),
		type: pick(random, ['upload', 'private', 'authenticated']),
		transformation: pick(random, TRANSFORMATIONS),
		format: pick(random, FORMATS),
		version: pick(random, VERSIONS),
		signUrl: random() < 0.5,
		longSignature: random() < 0.3,
		forceVersion: random() < 0.8,
		algorithm: pick(random, ['sha1', 'sha256'] as const),
		cdn: pick(random, CDNS),
		secret: pick(random, ['abcd', 'a-much-longer-secret_0123456789']),
	}));

	it.each(cases.map((c, i) => [i, c]))('case %i', (_i, c) => {
		const ours = buildDeliveryUrl(
			{
				cloudName: 'mycloud',
				apiSecret: c.secret,
				signatureAlgorithm: c.algorithm,
				deliveryBaseUrl: c.cdn.base,
				deliveryIncludesCloudName: c.cdn.includesCloud,
			},
			{
				publicId: c.publicId,
				resourceType: c.resourceType,
				type: c.type,
				transformation: c.transformation || undefined,
				format: c.format,
				version: c.version,
				signUrl: c.signUrl,
				longSignature: c.longSignature,
				forceVersion: c.forceVersion,
			},
		);
		const sdk = cloudinary.url(c.publicId, {
			cloud_name: 'mycloud',
			api_secret: c.secret,
			signature_algorithm: c.algorithm,
			urlAnalytics: false,
			resource_type: c.resourceType,
			type: c.type,
			raw_transformation: c.transformation || undefined,
			format: c.format,
			version: c.version,
			sign_url: c.signUrl,
			long_url_signature: c.longSignature,
			force_version: c.forceVersion,
			...c.cdn.sdk,
		});
		expect(ours).toBe(sdk);
	});

	it('matches the documented vectors (cloud demo, secret abcd)', () => {
		const creds = {
			cloudName: 'demo',
			apiSecret: 'abcd',
			signatureAlgorithm: 'sha1' as const,
			deliveryBaseUrl: 'https://res.cloudinary.com',
			deliveryIncludesCloudName: true,
		};
		expect(
			buildDeliveryUrl(creds, {
				publicId: 'sample',
				format: 'jpg',
				transformation: 'c_scale,w_100',
				signUrl: true,
			}),
		).toBe('https://res.cloudinary.com/demo/image/upload/s--__qjBcC6--/c_scale,w_100/sample.jpg');
		expect(buildDeliveryUrl(creds, { publicId: 'sample', format: 'jpg', signUrl: true })).toBe(
			'https://res.cloudinary.com/demo/image/upload/s--lGdq5NKO--/sample.jpg',
		);
		expect(buildDeliveryUrl(creds, { publicId: 'folder/sample', format: 'jpg' })).toBe(
			'https://res.cloudinary.com/demo/image/upload/v1/folder/sample.jpg',
		);
		// The SDK throws on a lone "%" (decodeURIComponent); we encode it instead.
		expect(() => cloudinary.url('100%', { cloud_name: 'demo', urlAnalytics: false })).toThrow();
		expect(buildDeliveryUrl(creds, { publicId: '100%' })).toBe(
			'https://res.cloudinary.com/demo/image/upload/100%25',
		);
	});
});

describe('guided transformation components equal the SDK', () => {
	const random = rng(42);
	const cases = Array.from({ length: 200 }, () => {
		const o: Record<string, string | number> = {};
		if (random() < 0.8) o.width = pick(random, [100, 1080, 1600, 2560]);
		if (random() < 0.8) o.height = pick(random, [100, 1350, 2400, 2560]);
		if (random() < 0.7)
			o.crop = pick(random, ['fill', 'fit', 'limit', 'pad', 'scale', 'lfill', 'thumb']);
		if (random() < 0.5) o.gravity = pick(random, ['auto', 'center', 'north', 'face']);
		if (random() < 0.5) o.quality = pick(random, [90, 'auto', 'auto:best', 100]);
		if (random() < 0.3) o.dpr = pick(random, [1, 2, '2.0']);
		if (random() < 0.4) o.color_space = pick(random, ['srgb', 'keep_cmyk', 'no_cmyk']);
		if (random() < 0.4) o.density = pick(random, [72, 300]);
		if (random() < 0.3) o.background = pick(random, ['white', '#ff0000', 'auto']);
		if (random() < 0.4) o.fetch_format = pick(random, ['jpg', 'png', 'auto']);
		return o;
	});
	it.each(cases.map((c, i) => [i, c]))('case %i', (_i, o) => {
		const sdk = cloudinary.utils.generate_transformation_string({ ...o });
		const ours = guidedTransformation({
			width: o.width as number | undefined,
			height: o.height as number | undefined,
			crop: o.crop as string | undefined,
			gravity: o.gravity as string | undefined,
			quality: o.quality,
			dpr: o.dpr,
			colorSpace: o.color_space as string | undefined,
			density: o.density as number | undefined,
			background: o.background as string | undefined,
			format: o.fetch_format as string | undefined,
		});
		expect(ours).toBe(sdk);
	});

	it('sorts pairs like the SDK', () => {
		expect(transformationComponent({ w: 300, c: 'fill', cs: 'srgb', dn: 300, dpr: 2 })).toBe(
			'c_fill,cs_srgb,dn_300,dpr_2,w_300',
		);
	});
});
