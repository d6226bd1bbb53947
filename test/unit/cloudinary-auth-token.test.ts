// Token-based access (`__cld_token__`): our generator must equal the official SDK's
// cloudinary.utils.generate_auth_token on generated cases, and an expiring URL must equal the SDK's
// url() with sign_url + auth_token.
import { generateAuthToken, withAuthToken } from '../../nodes/Cloudinary/helpers/authToken';
import { buildDeliveryUrl } from '../../nodes/Cloudinary/helpers/deliveryUrl';

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
const hexKey = (random: () => number) =>
	Array.from(
		{ length: 2 * (4 + Math.floor(random() * 28)) },
		() => '0123456789abcdefABCDEF'[Math.floor(random() * 22)],
	).join('');
const ACLS = [
	'/image/authenticated/*',
	'/*/authenticated/covers/*',
	'/image/upload/v1/covers/9781810000008.jpg',
	'/video/*',
	'/image/authenticated/ä b/*',
	'/a?b=c&d',
	'/x~y',
];
const URLS = [
	'/demo/image/authenticated/covers/9781810000008.jpg',
	'/demo/image/authenticated/c_fill,h_400,w_300/v1719307544/covers/9781810000008.jpg',
	'/image/authenticated/sample.jpg',
	'/demo/image/upload/my%20folder/%C3%A4.png',
	'/demo/raw/authenticated/files/a b.pdf?x=1',
];
const IDS = [
	'covers/9781810000008',
	'sample',
	'my folder/ä b',
	'authors/jane-doe',
	'campaigns/2026/spring:launch',
];

describe('token auth (__cld_token__) equals the SDK', () => {
	it('matches the reference vector', () => {
		expect(
			generateAuthToken({
				key: '00112233FF99',
				acl: '/image/authenticated/*',
				startTime: 1111111111,
				duration: 300,
			}),
		).toBe(
			'__cld_token__=st=1111111111~exp=1111111411~acl=%2fimage%2fauthenticated%2f*~' +
				'hmac=d83fd8ef33c155b8feabd7844bcb9346315c25d280e8be1af9a3f4c98461af9c',
		);
	});

	it('matches generate_auth_token on 500 generated cases (acl/url, start, duration/expiration, ip, acls)', () => {
		const random = rng(20261126);
		for (let i = 0; i < 500; i++) {
			const key = hexKey(random);
			const options: Record<string, unknown> = { key };
			if (random() < 0.8) options.start_time = 1600000000 + Math.floor(random() * 200000000);
			if (random() < 0.5) options.duration = 1 + Math.floor(random() * 86400);
			else options.expiration = 1700000000 + Math.floor(random() * 200000000);
			if (random() < 0.2)
				options.ip = `10.0.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`;
			if (random() < 0.5)
				options.acl =
					random() < 0.3 ? [pick(random, ACLS), pick(random, ACLS)] : pick(random, ACLS);
			else options.url = pick(random, URLS);
			if (options.duration !== undefined && options.start_time === undefined)
				options.start_time = 1650000000; // keep "now" out of it
			const ours = generateAuthToken({
				key,
				startTime: options.start_time as number | undefined,
				duration: options.duration as number | undefined,
				expiration: options.expiration as number | undefined,
				ip: options.ip as string | undefined,
				acl: options.acl as string | string[] | undefined,
				url: options.url as string | undefined,
			});
			expect(ours).toBe(cloudinary.utils.generate_auth_token({ ...options }));
		}
	});

	it('builds the same expiring delivery URL as cloudinary.url() with sign_url + auth_token', () => {
		const random = rng(7);
		const credentials = {
			cloudName: 'demo',
			apiSecret: 'abcd',
			deliveryBaseUrl: 'https://res.cloudinary.com',
			deliveryIncludesCloudName: true,
			signatureAlgorithm: 'sha1' as const,
		};
		for (let i = 0; i < 100; i++) {
			const publicId = pick(random, IDS);
			const type = pick(random, ['authenticated', 'upload', 'private']);
			const resourceType = pick(random, ['image', 'video', 'raw']);
			const format = resourceType === 'raw' ? undefined : pick(random, [undefined, 'jpg', 'png']);
			const version = random() < 0.5 ? 1700000000 + Math.floor(random() * 1000) : undefined;
			const transformation = random() < 0.5 ? 'c_fill,h_400,w_300' : undefined;
			const key = hexKey(random);
			const start = 1700000000 + Math.floor(random() * 100000);
			const duration = 60 + Math.floor(random() * 3600);
			const acl = random() < 0.3 ? '/image/authenticated/*' : undefined;
			const ours = withAuthToken(
				buildDeliveryUrl(credentials, {
					publicId,
					resourceType,
					type,
					format,
					version,
					transformation,
				}),
				{ key, startTime: start, duration, ...(acl ? { acl } : {}) },
			);
			const sdk = cloudinary.url(publicId, {
				cloud_name: 'demo',
				api_secret: 'abcd',
				secure: true,
				urlAnalytics: false,
				resource_type: resourceType,
				type,
				format,
				version,
				raw_transformation: transformation,
				sign_url: true,
				auth_token: { key, start_time: start, duration, ...(acl ? { acl } : {}) },
			});
			expect(ours).toBe(sdk);
		}
	});
});
