// The official cloudinary SDK is the oracle: our Upload API signatures and notification signatures
// must equal its output on the same inputs.
import {
	notificationSignature,
	signParameters,
	stringToSign,
	type SignableValue,
} from '../../nodes/Cloudinary/transport/signing';

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

// Real Cloudinary parameter names plus generated lowercase_with_underscores ones (the only shape
// Cloudinary uses; the SDK sorts with localeCompare, which agrees with code-point order for them).
const REAL_KEYS = [
	'public_id',
	'timestamp',
	'tags',
	'context',
	'metadata',
	'eager',
	'eager_async',
	'folder',
	'asset_folder',
	'display_name',
	'overwrite',
	'invalidate',
	'unique_filename',
	'use_filename',
	'notification_url',
	'access_control',
	'type',
	'format',
	'transformation',
	'upload_preset',
	'public_ids',
	'command',
	'tag',
	'from_public_id',
	'to_public_id',
	'moderation',
	'backup',
];
const VALUE_SAMPLES = [
	'covers/9781810000008',
	'c_fill,w_400,h_600|w_260,h_200,c_crop/png',
	'isbn=9781810000008|title=The Lighthouse',
	'a&b',
	'x=1&y=2',
	'Café — “quoted”',
	'https://n8n.example.com/webhook/abc?x=1&y=2',
	'[{"access_type":"anonymous","start":"2026-12-01T00:00:00Z"}]',
	'0',
	'1',
	'true',
	'false',
	'',
	' ',
	'ünïcödé/路径',
	'100%',
	'a|b|c',
	'pipe\\|escaped',
];

function generate(random: () => number): Record<string, SignableValue> {
	const params: Record<string, SignableValue> = {
		timestamp: 1700000000 + Math.floor(random() * 100000000),
	};
	const count = 1 + Math.floor(random() * 8);
	for (let i = 0; i < count; i++) {
		const key =
			random() < 0.7
				? REAL_KEYS[Math.floor(random() * REAL_KEYS.length)]
				: Array.from(
						{ length: 3 + Math.floor(random() * 10) },
						() => 'abcdefghijklmnopqrstuvwxyz_'[Math.floor(random() * 27)],
					).join('');
		const kind = random();
		if (kind < 0.15)
			params[key] = Array.from(
				{ length: Math.floor(random() * 4) },
				() => VALUE_SAMPLES[Math.floor(random() * VALUE_SAMPLES.length)],
			);
		else if (kind < 0.25) params[key] = Math.floor(random() * 1e6);
		else if (kind < 0.3) params[key] = random() < 0.5;
		else if (kind < 0.33) params[key] = null;
		else params[key] = VALUE_SAMPLES[Math.floor(random() * VALUE_SAMPLES.length)];
	}
	return params;
}

describe('Upload API signature equals the cloudinary SDK (api_sign_request)', () => {
	const secret = 'sandbox-api-secret-do-not-use-in-prod';

	it.each(['sha1', 'sha256'] as const)(
		'matches on 500 generated parameter sets with %s',
		(algorithm) => {
			const random = rng(algorithm === 'sha1' ? 1 : 2);
			let compared = 0;
			for (let n = 0; n < 500; n++) {
				const params = generate(random);
				const ours = signParameters(params, secret, algorithm);
				const sdk = cloudinary.utils.api_sign_request({ ...params }, secret, algorithm);
				if (ours !== sdk)
					throw new Error(`Mismatch for ${JSON.stringify(params)}: ${stringToSign(params)}`);
				compared++;
			}
			expect(compared).toBe(500);
		},
	);

	it('reproduces the documented example (eager, public_id, timestamp with secret abcd)', () => {
		const params = {
			eager: 'w_400,h_300,c_pad|w_260,h_200,c_crop',
			public_id: 'sample_image',
			timestamp: 1315060510,
		};
		expect(signParameters(params, 'abcd', 'sha1')).toBe('bfd09f95f331f558cbd1320e67aa8d488770583e');
	});

	it('leaves file, cloud_name, resource_type and api_key out of the string to sign, as the SDK does', () => {
		const params = {
			public_id: 'x',
			timestamp: 1700000000,
			file: 'data:...',
			cloud_name: 'c',
			resource_type: 'image',
			api_key: '123',
		};
		const signed = cloudinary.utils.sign_request(
			{ public_id: 'x', timestamp: 1700000000 },
			{ api_key: '123', api_secret: secret },
		);
		expect(signParameters(params, secret)).toBe(signed.signature);
	});
});

describe('notification signature equals the SDK (webhook_signature)', () => {
	it.each(['sha1', 'sha256'] as const)('matches on generated bodies with %s', (algorithm) => {
		const random = rng(algorithm === 'sha1' ? 3 : 4);
		for (let n = 0; n < 200; n++) {
			const body = JSON.stringify({
				notification_type: 'upload',
				public_id: `covers/${n}`,
				tags: VALUE_SAMPLES.slice(0, n % 7),
				note: VALUE_SAMPLES[n % VALUE_SAMPLES.length],
			});
			const timestamp = 1700000000 + Math.floor(random() * 1e8);
			const sdk = cloudinary.utils.webhook_signature(body, timestamp, {
				api_secret: 'abcd',
				signature_algorithm: algorithm,
			});
			expect(notificationSignature(body, timestamp, 'abcd', algorithm)).toBe(sdk);
			expect(notificationSignature(Buffer.from(body), String(timestamp), 'abcd', algorithm)).toBe(
				sdk,
			);
		}
	});

	it('reproduces the reference vector', () => {
		expect(notificationSignature('{"a":1}', 1368881627, 'abcd', 'sha1')).toBe(
			'02cdec5370c74ea2f81c7f89f76665a5dd745429',
		);
	});
});
