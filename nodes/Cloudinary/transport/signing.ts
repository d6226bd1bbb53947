import { createHash } from 'node:crypto';

// Cloudinary's request and URL signatures, written from the documented rules and proven equal to
// the official SDK's output (test/unit/cloudinary-signing.test.ts):
// - Upload API: every parameter except file, cloud_name, resource_type and api_key, blanks dropped,
//   arrays comma-joined, sorted by key, `key=value` joined with `&` ("&" inside a value escaped
//   as %26, the SDK's signature version 2), the API secret appended, hex digest.
// - Notifications: hex digest of raw body + timestamp + secret.

export type SignatureAlgorithm = 'sha1' | 'sha256';

export type SignableValue = string | number | boolean | null | undefined | Array<string | number>;

const EXCLUDED = new Set(['file', 'cloud_name', 'resource_type', 'api_key', 'signature']);

function asText(value: SignableValue): string | undefined {
	if (value === null || value === undefined) return undefined;
	const text = Array.isArray(value) ? value.join(',') : String(value);
	return text === '' ? undefined : text;
}

export function stringToSign(params: Record<string, SignableValue>): string {
	return Object.keys(params)
		.filter((key) => !EXCLUDED.has(key) && asText(params[key]) !== undefined)
		.sort()
		.map((key) => `${key}=${asText(params[key])}`.replace(/&/g, '%26'))
		.join('&');
}

export function digest(text: string, algorithm: SignatureAlgorithm): string {
	return createHash(algorithm).update(text, 'utf8').digest('hex');
}

export function signParameters(
	params: Record<string, SignableValue>,
	apiSecret: string,
	algorithm: SignatureAlgorithm = 'sha1',
): string {
	return digest(stringToSign(params) + apiSecret, algorithm);
}

export function notificationSignature(
	rawBody: string | Buffer,
	timestamp: string | number,
	apiSecret: string,
	algorithm: SignatureAlgorithm,
): string {
	return createHash(algorithm)
		.update(Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8'))
		.update(`${timestamp}${apiSecret}`, 'utf8')
		.digest('hex');
}
