// Notification verification (Cloudinary Trigger): the official SDK's verifyNotificationSignature is
// the oracle on generated cases (including a signature made with the algorithm the credential is not
// set to: both refuse it); on top of it we refuse future timestamps.
import { createHash } from 'node:crypto';
import { verifyNotification } from '../../nodes/Cloudinary/trigger/verification';

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

const BODY_SAMPLES = [
	'{"notification_type":"upload","public_id":"covers/9781810000008","version":1764000000}',
	'{"a":1}',
	'{"title":"Café — “quoted” 路径","tags":["front-cover","approved"]}',
	'{\n  "pretty": true,\n  "spaces":   "kept"\n}',
	'',
	'{"resources":{"covers/x":{"added":[{"name":"isbn","value":"9781810000008"}]}}}',
];
const SECRETS = ['abcd', 'sandbox-secret-0123456789', 'S3cr3t_with-symbols!&='];

type Case = {
	body: string;
	timestamp: number;
	signature: string;
	secret: string;
	algorithm: 'sha1' | 'sha256';
	validFor: number;
	now: number;
	kind: string;
};

function sign(body: string, ts: number | string, secret: string, algorithm: 'sha1' | 'sha256') {
	return createHash(algorithm).update(`${body}${ts}${secret}`, 'utf8').digest('hex');
}

function generate(random: () => number, now: number): Case {
	const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
	const secret = pick(SECRETS);
	const algorithm = random() < 0.5 ? 'sha1' : 'sha256';
	const validFor = pick([60, 3600, 7200, 86400]);
	// Never within 2 s of the window's edge (the clock may tick between the two checks), never in the future beyond 60 s.
	const age =
		random() < 0.3
			? validFor + 3 + Math.floor(random() * 100000)
			: Math.floor(random() * (validFor - 2)) - Math.floor(random() * 60);
	const timestamp = now - age;
	let body = pick(BODY_SAMPLES) + (random() < 0.5 ? '' : ` ${Math.floor(random() * 1e6)}`);
	let signature = sign(body, timestamp, secret, algorithm);
	const roll = random();
	let kind = 'genuine';
	if (roll < 0.15) {
		kind = 'wrong secret';
		signature = sign(body, timestamp, `${secret}x`, algorithm);
	} else if (roll < 0.3) {
		kind = 'tampered body';
		body = body.replace(/1|a|"/, '2');
		if (sign(body, timestamp, secret, algorithm) === signature) body += ' ';
	} else if (roll < 0.4) {
		kind = 'other timestamp';
		signature = sign(body, timestamp + 1, secret, algorithm);
	} else if (roll < 0.45) {
		kind = 'random hex';
		signature = Array.from(
			{ length: signature.length },
			() => '0123456789abcdef'[Math.floor(random() * 16)],
		).join('');
	}
	return { body, timestamp, signature, secret, algorithm, validFor, now, kind };
}

describe("verifyNotification equals the SDK's verifyNotificationSignature", () => {
	afterAll(() => cloudinary.config({ api_secret: undefined, signature_algorithm: undefined }));

	it('on the reference test vector', () => {
		const result = verifyNotification({
			rawBody: Buffer.from('{"a":1}'),
			timestamp: '1368881627',
			signature: '02cdec5370c74ea2f81c7f89f76665a5dd745429',
			apiSecret: 'abcd',
			algorithm: 'sha1',
			nowSeconds: 1368881627,
		});
		expect(result).toEqual({ valid: true, algorithm: 'sha1', timestamp: 1368881627 });
	});

	it('on 600 generated cases (SHA-1 and SHA-256, genuine, forged, tampered, stale)', () => {
		const random = rng(20261126);
		const counts: Record<string, { valid: number; invalid: number }> = {};
		for (let i = 0; i < 600; i++) {
			const now = Math.round(Date.now() / 1000);
			const c = generate(random, now);
			cloudinary.config({ api_secret: c.secret, signature_algorithm: c.algorithm });
			const sdk = cloudinary.utils.verifyNotificationSignature(
				c.body,
				c.timestamp,
				c.signature,
				c.validFor,
			) as boolean;
			const ours = verifyNotification({
				rawBody: Buffer.from(c.body, 'utf8'),
				timestamp: String(c.timestamp),
				signature: c.signature,
				apiSecret: c.secret,
				algorithm: c.algorithm,
				nowSeconds: now,
				maxAgeSeconds: c.validFor,
			});
			if (ours.valid !== sdk)
				throw new Error(
					`case ${i} (${c.kind}): SDK ${sdk}, ours ${JSON.stringify(ours)} for ${JSON.stringify(c)}`,
				);
			// The same notification checked by an account set to the other algorithm: both refuse it.
			const other = c.algorithm === 'sha1' ? 'sha256' : 'sha1';
			cloudinary.config({ api_secret: c.secret, signature_algorithm: other });
			const sdkOther = cloudinary.utils.verifyNotificationSignature(
				c.body,
				c.timestamp,
				c.signature,
				c.validFor,
			) as boolean;
			const oursOther = verifyNotification({
				rawBody: Buffer.from(c.body, 'utf8'),
				timestamp: String(c.timestamp),
				signature: c.signature,
				apiSecret: c.secret,
				algorithm: other,
				nowSeconds: now,
				maxAgeSeconds: c.validFor,
			});
			if (sdkOther || oursOther.valid)
				throw new Error(
					`case ${i}: accepted with ${other}: SDK ${sdkOther}, ours ${oursOther.valid}`,
				);
			const k = `${c.kind}/${c.algorithm}`;
			counts[k] ??= { valid: 0, invalid: 0 };
			counts[k][sdk ? 'valid' : 'invalid']++;
		}
		// The generator really produced both outcomes for both algorithms.
		expect(counts['genuine/sha1'].valid).toBeGreaterThan(20);
		expect(counts['genuine/sha256'].valid).toBeGreaterThan(20);
		expect(counts['genuine/sha1'].invalid + counts['genuine/sha256'].invalid).toBeGreaterThan(10); // stale
		expect(counts['wrong secret/sha1'].valid + counts['tampered body/sha256'].valid).toBe(0);
	});
});

describe('verifyNotification beyond the SDK', () => {
	const secret = 'sandbox-secret';
	const now = 1_800_000_000;
	const body = Buffer.from('{"notification_type":"upload","public_id":"covers/x"}');
	const check = (
		overrides: Partial<Parameters<typeof verifyNotification>[0]> & {
			ts?: number;
			signedWith?: 'sha1' | 'sha256';
		} = {},
	) => {
		const ts = overrides.ts ?? now;
		const algorithm = overrides.algorithm ?? 'sha1';
		return verifyNotification({
			rawBody: body,
			timestamp: String(ts),
			signature: sign(body.toString(), ts, secret, overrides.signedWith ?? algorithm),
			apiSecret: secret,
			algorithm,
			nowSeconds: now,
			...overrides,
		});
	};

	it("accepts only the credential's algorithm: SHA-256 when set to SHA-256, SHA-1 when set to SHA-1", () => {
		expect(check({ algorithm: 'sha256' })).toMatchObject({ valid: true, algorithm: 'sha256' });
		expect(check({ algorithm: 'sha1' })).toMatchObject({ valid: true, algorithm: 'sha1' });
		expect(check({ algorithm: 'sha256', signedWith: 'sha1' })).toEqual({
			valid: false,
			reason: "X-Cld-Signature is not a hex SHA-256 digest (the credential's Signature Algorithm)",
		});
		expect(check({ algorithm: 'sha1', signedWith: 'sha256' })).toEqual({
			valid: false,
			reason: "X-Cld-Signature is not a hex SHA-1 digest (the credential's Signature Algorithm)",
		});
	});

	it('refuses timestamps from the future beyond the allowed skew (the SDK accepts them)', () => {
		expect(check({ ts: now + 299 }).valid).toBe(true);
		expect(check({ ts: now + 301 })).toEqual({
			valid: false,
			reason: 'the timestamp is more than 300 seconds in the future',
		});
		expect(check({ ts: now + 10, maxFutureSkewSeconds: 5 }).valid).toBe(false);
	});

	it('refuses stale timestamps with a configurable window (default 2 hours)', () => {
		expect(check({ ts: now - 7200 }).valid).toBe(true);
		expect(check({ ts: now - 7201 })).toEqual({
			valid: false,
			reason: 'the timestamp is older than 7200 seconds',
		});
		expect(check({ ts: now - 120, maxAgeSeconds: 60 }).valid).toBe(false);
	});

	it('refuses missing, malformed and upper-case signatures and timestamps', () => {
		expect(check({ signature: undefined })).toEqual({
			valid: false,
			reason: 'no X-Cld-Signature header',
		});
		expect(check({ timestamp: undefined })).toEqual({
			valid: false,
			reason: 'no X-Cld-Timestamp header',
		});
		expect(check({ timestamp: '1.8e9' }).valid).toBe(false);
		expect(check({ signature: 'abc' }).valid).toBe(false);
		expect(
			check({ signature: sign(body.toString(), now, secret, 'sha1').toUpperCase() }).valid,
		).toBe(false);
		expect(check({ apiSecret: '' }).valid).toBe(false);
	});

	it('checks the raw bytes: re-serialised JSON with the same meaning does not verify', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1));
		expect(check({ rawBody: reserialised }).valid).toBe(false);
	});
});
