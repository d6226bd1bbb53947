'use strict';
// Authentication of both APIs (docs/api-facts.md, "Authentication"): Basic auth for the Admin API (and, as documented
// since 2026, for the Upload API too); signed parameter sets for the Upload API, with the exact
// Invalid Signature / Stale request messages; unsigned uploads only with an unsigned preset.
const { fail, missing } = require('./errors');
const { verifyUploadSignature } = require('./signing');
const A = require('./assumptions');

const STALE_AFTER_SECONDS = 3600;

function pad(n) {
	return String(n).padStart(2, '0');
}

function staleTime(seconds) {
	const d = new Date(seconds * 1000);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
	);
}

/** Parses an Authorization header: { scheme: 'basic', key, secret } | { scheme: 'bearer', token } | null. */
function parseAuthorization(header) {
	if (!header) return null;
	const [scheme, value = ''] = String(header).trim().split(/\s+/, 2);
	if (/^basic$/i.test(scheme)) {
		const decoded = Buffer.from(value, 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		return {
			scheme: 'basic',
			key: i >= 0 ? decoded.slice(0, i) : decoded,
			secret: i >= 0 ? decoded.slice(i + 1) : '',
		};
	}
	if (/^bearer$/i.test(scheme)) return { scheme: 'bearer', token: value };
	return { scheme: scheme.toLowerCase() };
}

function checkBasic(ctx, auth) {
	if (!auth.key) throw fail(401, A.messages.missingApiKey());
	if (auth.key !== ctx.apiKey) throw fail(401, `Unknown API key ${auth.key}`);
	if (auth.secret !== ctx.apiSecret) throw fail(401, 'api_secret mismatch');
}

/** Admin API: HTTP Basic with api_key:api_secret. */
function authenticateAdmin(ctx, req) {
	const auth = parseAuthorization(req.headers.authorization);
	if (!auth) throw fail(401, A.messages.missingApiKey());
	if (auth.scheme === 'bearer') throw fail(401, 'Invalid token');
	if (auth.scheme !== 'basic') throw fail(401, A.messages.missingApiKey());
	checkBasic(ctx, auth);
	return { mode: 'basic' };
}

/**
 * Upload API. Returns { mode: 'basic'|'signed'|'unsigned', preset? }.
 * @param {boolean} allowUnsigned upload/upload_chunked only
 */
function authenticateUpload(ctx, req, params, { allowUnsigned }) {
	const auth = parseAuthorization(req.headers.authorization);
	if (auth?.scheme === 'basic') {
		checkBasic(ctx, auth);
		return { mode: 'basic' };
	}
	if (auth?.scheme === 'bearer') throw fail(401, 'Invalid token');

	if (params.has('signature')) {
		const key = params.str('api_key');
		if (!key) throw fail(401, A.messages.missingApiKey());
		if (key !== ctx.apiKey) throw fail(401, `Unknown API key ${key}`);
		if (!params.has('timestamp')) throw missing('timestamp');
		const signature = params.str('signature');
		const check = verifyUploadSignature(params.signable(), signature, ctx.apiSecret);
		if (!check.ok)
			throw fail(401, `Invalid Signature ${signature}. String to sign - '${check.stringToSign}'.`);
		const ts = Number(params.str('timestamp'));
		if (!Number.isFinite(ts)) throw fail(400, `Invalid timestamp ${params.str('timestamp')}`);
		if (ts < ctx.clock.nowSeconds() - STALE_AFTER_SECONDS) {
			throw fail(
				400,
				`Stale request - reported time is ${staleTime(Math.trunc(ts))} which is more than 1 hour ago`,
			);
		}
		return { mode: 'signed', algorithm: check.algorithm };
	}

	if (params.has('api_key')) {
		if (params.str('api_key') !== ctx.apiKey)
			throw fail(401, `Unknown API key ${params.str('api_key')}`);
		if (!allowUnsigned || !params.has('upload_preset')) throw missing('signature');
	}
	if (!allowUnsigned) throw fail(401, A.messages.missingApiKey());
	const presetName = params.str('upload_preset');
	if (!presetName) throw fail(400, 'Upload preset must be specified when using unsigned upload');
	const preset = ctx.store.state.presets.get(presetName);
	if (!preset) throw fail(400, 'Upload preset not found');
	if (!preset.unsigned) throw fail(400, 'Upload preset must be whitelisted for unsigned uploads');
	return { mode: 'unsigned', preset };
}

module.exports = {
	authenticateAdmin,
	authenticateUpload,
	parseAuthorization,
	staleTime,
	STALE_AFTER_SECONDS,
};
