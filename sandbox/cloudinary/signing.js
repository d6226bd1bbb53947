'use strict';
// The emulator's own implementation of Cloudinary's signatures (docs/api-facts.md: "Authentication", "Notifications",
// "Delivery URLs and tokens").
// Deliberately independent of nodes/ (design: "Sandbox contract"): both sides are checked against
// the official SDK instead.
const crypto = require('node:crypto');

/** Parameters that never take part in an Upload API signature. */
const UNSIGNED_KEYS = new Set(['file', 'cloud_name', 'resource_type', 'api_key', 'signature']);

function digest(algorithm, text) {
	return crypto.createHash(algorithm).update(text, 'utf8').digest('hex');
}

/**
 * The string to sign: every parameter except file/cloud_name/resource_type/api_key/signature,
 * blank values dropped, arrays comma-joined, raw (not URL-encoded) values, sorted by key, joined
 * with '&'. Version 2 (SDK >= 2.7) additionally replaces '&' inside each key=value pair by '%26'.
 * Keys are compared by code unit (what a server-side sort does); for Cloudinary's lower-case
 * snake_case keys this equals the SDK's localeCompare order.
 */
function stringToSign(params, version = 1) {
	const pairs = [];
	for (const [key, raw] of Object.entries(params)) {
		if (UNSIGNED_KEYS.has(key)) continue;
		const value = Array.isArray(raw)
			? raw.filter((v) => v !== null && v !== undefined && v !== '').join(',')
			: raw;
		if (value === null || value === undefined || value === '') continue;
		pairs.push([key, String(value)]);
	}
	pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	return pairs
		.map(([k, v]) => (version >= 2 ? `${k}=${v}`.replace(/&/g, '%26') : `${k}=${v}`))
		.join('&');
}

/** The digest algorithm a signature was made with, told apart by its length (40 vs 64 hex). */
function algorithmOf(signature) {
	if (/^[0-9a-f]{40}$/i.test(signature)) return 'sha1';
	if (/^[0-9a-f]{64}$/i.test(signature)) return 'sha256';
	return null;
}

function safeEqual(a, b) {
	const x = Buffer.from(String(a).toLowerCase());
	const y = Buffer.from(String(b).toLowerCase());
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Checks an Upload API signature. Accepts SHA-1 and SHA-256, and both the v1 (raw '&') and the
 * v2 ('&' -> '%26') strings. Returns { ok, stringToSign } where stringToSign is the v1 form the
 * error message echoes.
 */
function verifyUploadSignature(params, signature, apiSecret) {
	const v1 = stringToSign(params, 1);
	const v2 = stringToSign(params, 2);
	const algorithm = algorithmOf(signature ?? '');
	if (!algorithm) return { ok: false, stringToSign: v1 };
	for (const candidate of v1 === v2 ? [v1] : [v1, v2]) {
		if (safeEqual(digest(algorithm, candidate + apiSecret), signature))
			return { ok: true, stringToSign: candidate, algorithm };
	}
	return { ok: false, stringToSign: v1 };
}

function signParams(params, apiSecret, algorithm = 'sha1', version = 2) {
	return digest(algorithm, stringToSign(params, version) + apiSecret);
}

/** The `signature` field of upload responses: digest("public_id=<id>&version=<v>" + secret), v1 encoding. */
function responseSignature(publicId, version, apiSecret, algorithm = 'sha1') {
	return digest(algorithm, stringToSign({ public_id: publicId, version }, 1) + apiSecret);
}

/** X-Cld-Signature: plain digest of body + timestamp + secret (not an HMAC). */
function notificationSignature(body, timestamp, apiSecret, algorithm = 'sha1') {
	return digest(algorithm, `${body}${timestamp}${apiSecret}`);
}

/** The s--XXXXXXXX-- delivery signature (8 chars, or 32 with SHA-256 for long signatures). */
function deliverySignature(toSign, apiSecret, long = false) {
	const hash = crypto
		.createHash(long ? 'sha256' : 'sha1')
		.update(toSign + apiSecret)
		.digest('base64')
		.replace(/\+/g, '-')
		.replace(/\//g, '_');
	return `s--${hash.slice(0, long ? 32 : 8)}--`;
}

module.exports = {
	stringToSign,
	algorithmOf,
	verifyUploadSignature,
	signParams,
	responseSignature,
	notificationSignature,
	deliverySignature,
	digest,
	safeEqual,
};
