'use strict';
// The emulator's delivery CDN: GET|HEAD
// /<cloud>/<resource_type>/<type>/[s--SIG--/][<transformations>/][v<version>/]<public_id>[.<ext>] serving real bytes
// — the stored original, or a derived image made by media.applyTransformation and cached in memory. Signed URLs,
// `authenticated`/`private` delivery types, access_control windows and token auth are enforced as docs/api-facts.md
// describes ("Delivery URLs and tokens", "Access control").
//
// Signing and token checks are written here, independently of the nodes (two
// implementations, each checked against the official SDK).
//
// ASSUMPTIONS (marked where they are used):
//  - A version in the URL that is not the asset's current version still serves the current bytes
//    (Cloudinary uses the version for cache busting; the old bytes are not addressable by URL).
//  - A restricted asset (access_control) answers 401, like a missing signature.
//  - A signed URL satisfies an access_control `token` rule; it does not open an anonymous time window.
//  - Any `s--…--` present must verify, whatever the delivery type (an altered signature is a 401).

const crypto = require('node:crypto');
const {
	applyTransformation,
	describeTransformation,
	normaliseFormat,
	contentTypeFor,
	isKnownDeliveryFormat,
} = require('./media');

const RESOURCE_TYPES = new Set(['image', 'video', 'raw']);
const SERVED_TYPES = new Set(['upload', 'private', 'authenticated']);
const CACHE_CONTROL = 'public, max-age=2592000';
const SIGNATURE_SEGMENT = /^s--([A-Za-z0-9_-]{8}|[A-Za-z0-9_-]{32})--$/;
const VERSION_SEGMENT = /^v\d+$/;
/** A segment that looks like a transformation component: every comma part is `<short key>_<value>`. */
const TRANSFORMATION_LIKE = /^(?:[a-z]{1,4}_[^,]+)(?:,[a-z]{1,4}_[^,]+)*$/;

function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

// ---------------------------------------------------------------------------------------------
// Signatures (docs/api-facts.md, "Delivery URLs and tokens"): s--<first 8 of url-safe
// base64(SHA1(<transformation>/<public_id.ext> + secret))>--; long form: SHA-256, 32 characters. Version and type are
// not signed.

function urlSignature(toSign, secret, { algorithm = 'sha1', length = 8 } = {}) {
	return crypto
		.createHash(algorithm)
		.update(toSign + secret)
		.digest('base64')
		.slice(0, length)
		.replace(/\//g, '_')
		.replace(/\+/g, '-');
}

/** `s--SIG--` for a transformation and a public id with extension, as the SDK builds it. */
function signDeliveryPath(transformation, publicIdWithExt, apiSecret, { long = false } = {}) {
	const toSign = [transformation, publicIdWithExt]
		.filter((p) => p !== undefined && p !== null && p !== '')
		.join('/');
	const options = long ? { algorithm: 'sha256', length: 32 } : { algorithm: 'sha1', length: 8 };
	return `s--${urlSignature(toSign, apiSecret, options)}--`;
}

function safeEqual(a, b) {
	const x = Buffer.from(String(a));
	const y = Buffer.from(String(b));
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The SDK's public-id encoding: encodeURIComponent per character, keeping `/` and `:`. */
function sdkEncode(publicPart) {
	return encodeURIComponent(publicPart).replace(/%3A/g, ':').replace(/%2F/g, '/');
}

function verifySignature(sig, { transRaw, publicRaw, transDecoded, publicDecoded }, apiSecret) {
	if (!sig || !apiSecret) return false;
	const body = sig.slice(3, -2);
	const configs =
		body.length === 32
			? [{ algorithm: 'sha256', length: 32 }]
			: [
					{ algorithm: 'sha1', length: 8 },
					{ algorithm: 'sha256', length: 8 },
				];
	const join = (t, p) => [t, p].filter(Boolean).join('/');
	const candidates = new Set([
		join(transRaw, publicRaw),
		join(transDecoded, publicDecoded),
		join(transRaw, sdkEncode(publicDecoded)),
	]);
	for (const c of candidates) {
		for (const cfg of configs) if (safeEqual(urlSignature(c, apiSecret, cfg), body)) return true;
	}
	return false;
}

// ---------------------------------------------------------------------------------------------
// Token auth (docs/api-facts.md, "Delivery URLs and tokens"):
// __cld_token__=[ip=…~]st=<s>~exp=<s>[~acl=<lower-hex-escaped>]~hmac=<hex>, hmac = HMAC-SHA256(hex-decoded key) over
// the other parts joined by `~`, plus `url=<escaped path>` without an acl.

const TOKEN_UNSAFE = /([ "#%&'/:;<=>?@[\]^`{|}~]+)/g;

function escapeToLower(url) {
	return url
		.replace(TOKEN_UNSAFE, (m) =>
			m
				.split('')
				.map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
				.join(''),
		)
		.replace(/%../g, (m) => m.toLowerCase());
}

function rawQueryParam(rawUrl, name) {
	const q = rawUrl.indexOf('?');
	if (q < 0) return undefined;
	for (const part of rawUrl.slice(q + 1).split('&')) {
		if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
	}
	return undefined;
}

function rawCookie(header, name) {
	if (!header) return undefined;
	for (const part of String(header).split(';')) {
		const p = part.trim();
		if (p.startsWith(`${name}=`)) return p.slice(name.length + 1);
	}
	return undefined;
}

function globMatch(pattern, value) {
	const re = new RegExp(
		`^${pattern
			.split('*')
			.map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
			.join('.*')}$`,
	);
	return re.test(value);
}

/**
 * Checks a token against the request path. `paths` are the forms the token may have been made for
 * (with and without the `/<cloud>` prefix: the SDK signs the URL's path, which lacks the cloud name
 * on a private CDN). Returns { ok, reason }.
 */
function verifyToken(token, { paths, keyHex, nowSeconds }) {
	if (!token) return { ok: false, reason: 'no token' };
	if (!keyHex || !/^[0-9a-fA-F]+$/.test(keyHex) || keyHex.length % 2)
		return { ok: false, reason: 'no token key configured' };
	const parts = token.split('~');
	const fields = {};
	const signed = [];
	for (const part of parts) {
		const eq = part.indexOf('=');
		if (eq < 0) return { ok: false, reason: 'malformed token' };
		const k = part.slice(0, eq);
		const v = part.slice(eq + 1);
		fields[k] = v;
		if (k !== 'hmac') signed.push(part);
	}
	if (!fields.hmac || !fields.exp) return { ok: false, reason: 'malformed token' };
	const key = Buffer.from(keyHex, 'hex');
	const hmacOf = (s) => crypto.createHmac('sha256', key).update(s).digest('hex');
	let valid;
	if (fields.acl !== undefined) {
		valid = safeEqual(hmacOf(signed.join('~')), fields.hmac);
		if (valid) {
			const acls = safeDecode(fields.acl).split('!');
			if (!paths.some((p) => acls.some((a) => globMatch(a, safeDecode(p)))))
				return { ok: false, reason: 'token acl does not cover this URL' };
		}
	} else {
		valid = paths.some((p) =>
			safeEqual(hmacOf([...signed, `url=${escapeToLower(p)}`].join('~')), fields.hmac),
		);
	}
	if (!valid) return { ok: false, reason: 'token signature mismatch' };
	const exp = Number(fields.exp);
	if (!(exp > nowSeconds)) return { ok: false, reason: 'token expired' };
	if (fields.st !== undefined && Number(fields.st) > nowSeconds)
		return { ok: false, reason: 'token not yet valid' };
	return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// access_control (docs/api-facts.md, "Access control"): restricted unless at least one rule applies now.

function toMs(v) {
	if (v === undefined || v === null || v === '') return undefined;
	if (v instanceof Date) return v.getTime();
	if (typeof v === 'number' || /^\d+(\.\d+)?$/.test(String(v))) {
		const n = Number(v);
		return n < 1e12 ? n * 1000 : n; // Unix seconds (Cloudinary) or milliseconds
	}
	const ms = Date.parse(String(v));
	return Number.isNaN(ms) ? undefined : ms;
}

/** Asset records may use Admin-API (snake_case) or store (camelCase) field names. */
const pick = (asset, snake, camel) =>
	asset[snake] !== undefined && asset[snake] !== null ? asset[snake] : asset[camel];

function accessRules(asset) {
	let ac = pick(asset, 'access_control', 'accessControl');
	if (typeof ac === 'string') {
		try {
			ac = JSON.parse(ac);
		} catch {
			ac = undefined;
		}
	}
	if (ac && !Array.isArray(ac)) ac = [ac];
	return Array.isArray(ac) && ac.length ? ac : undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * @param {object} o
 * @param {object} o.store   { findByPublicId(rt, type, id), getBytes(asset), recordDerived(asset, info),
 * recordDelivery?(asset, info) }
 * @param {string} o.cloudName
 * @param {string} o.apiSecret
 * @param {{now(): number}} o.clock
 * @param {(name: string) => string|{transformation:string}|undefined|Promise<…>} [o.resolveNamedTransformation]
 * @param {(publicId: string) => Buffer|undefined|Promise<…>} [o.resolveOverlay]  bytes for `l_<public_id>` (default:
 * the store's public images)
 * @param {string|(() => string|undefined)} [o.tokenKey]  hex key for `__cld_token__` (token auth); a function is read
 * per request (settable from the control API)
 * @param {Record<string,string>} [o.tokenKeys]  named hex keys, for access_control rules with `key`
 * @param {string} [o.pathPrefix]        strip this prefix from the request path first (default '')
 * @param {number} [o.cacheLimitBytes]   derived cache size (default 256 MiB)
 * @returns {(req, res) => Promise<void>} with `.clearCache()` and `.cacheStats()`
 */
function createDeliveryHandler({
	store,
	cloudName,
	apiSecret,
	clock,
	resolveNamedTransformation,
	resolveOverlay,
	tokenKey,
	tokenKeys = {},
	pathPrefix = '',
	cacheLimitBytes = 256 * 1024 * 1024,
} = {}) {
	if (!store) throw new Error('createDeliveryHandler: store is required');
	const currentTokenKey = () => (typeof tokenKey === 'function' ? tokenKey() : tokenKey);
	// `l_<public_id>` overlays: public images of this cloud (folders written with `:` in the URL).
	const overlayBytes =
		resolveOverlay ??
		(async (id) => {
			const a = await store.findByPublicId('image', 'upload', id);
			return a ? store.getBytes(a) : undefined;
		});
	const now = () => (clock && typeof clock.now === 'function' ? clock.now() : Date.now());
	const derived = new Map(); // key → { buffer, etag, contentType, format, width, height, attachment, immutable, vary }
	let derivedBytes = 0;
	const inflight = new Map();
	const recorded = new Set();
	const originalEtags = new Map();
	const stats = { hits: 0, misses: 0 };

	function remember(key, entry) {
		derived.set(key, entry);
		derivedBytes += entry.buffer.length;
		while (derivedBytes > cacheLimitBytes && derived.size > 1) {
			const [oldKey, old] = derived.entries().next().value;
			derived.delete(oldKey);
			derivedBytes -= old.buffer.length;
		}
	}

	function send(req, res, status, headers, body) {
		const h = { 'Access-Control-Allow-Origin': '*', ...headers };
		if (body && h['Content-Length'] === undefined) h['Content-Length'] = body.length;
		res.writeHead(status, h);
		if (req.method === 'HEAD' || !body) res.end();
		else res.end(body);
	}

	function sendError(req, res, status, message) {
		req.sandboxRoute = req.sandboxRoute || 'delivery:error';
		send(req, res, status, {
			'X-Cld-Error': String(message).replace(/[\r\n]+/g, ' '),
			'Content-Length': 0,
			'Cache-Control': 'no-cache',
		});
	}

	/** Sends bytes with Cloudinary-like headers, honouring If-None-Match and a single Range. */
	function sendBytes(req, res, { buffer, etag, contentType, attachment, immutable, vary }) {
		const headers = {
			'Content-Type': contentType,
			ETag: `"${etag}"`,
			'Cache-Control': immutable ? `${CACHE_CONTROL}, immutable` : CACHE_CONTROL,
			'Accept-Ranges': 'bytes',
		};
		if (vary) headers.Vary = vary;
		if (attachment)
			headers['Content-Disposition'] =
				`attachment; filename="${attachment.replace(/["\\\r\n]/g, '_')}"`;
		const inm = req.headers['if-none-match'];
		if (
			inm &&
			inm
				.split(',')
				.map((s) => s.trim().replace(/^W\//, ''))
				.includes(`"${etag}"`)
		) {
			send(req, res, 304, headers);
			return;
		}
		const range = req.headers.range;
		const m = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
		if (m && (m[1] !== '' || m[2] !== '')) {
			const size = buffer.length;
			let start = m[1] === '' ? size - Number(m[2]) : Number(m[1]);
			let end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
			start = Math.max(0, start);
			if (start > end || start >= size) {
				send(req, res, 416, {
					...headers,
					'Content-Range': `bytes */${size}`,
					'Content-Length': 0,
				});
				return;
			}
			const part = buffer.subarray(start, end + 1);
			send(
				req,
				res,
				206,
				{
					...headers,
					'Content-Range': `bytes ${start}-${end}/${size}`,
					'Content-Length': part.length,
				},
				part,
			);
			return;
		}
		send(req, res, 200, { ...headers, 'Content-Length': buffer.length }, buffer);
	}

	async function lookup(rt, type, segs) {
		const decoded = segs.map(safeDecode).join('/');
		const tries = [];
		if (rt !== 'raw') {
			const slash = decoded.lastIndexOf('/');
			const dot = decoded.lastIndexOf('.');
			if (dot > slash + 0 && dot > 0) {
				const ext = decoded.slice(dot + 1);
				if (isKnownDeliveryFormat(ext, rt)) tries.push({ id: decoded.slice(0, dot), ext });
			}
		}
		tries.push({ id: decoded, ext: undefined });
		for (const t of tries) {
			const asset = await store.findByPublicId(rt, type, t.id);
			if (asset) return { asset, ...t };
		}
		return { asset: undefined, ...tries[0] };
	}

	async function originalEtag(asset, bytes) {
		if (asset.etag) return asset.etag;
		const resourceType = pick(asset, 'resource_type', 'resourceType');
		const publicId = pick(asset, 'public_id', 'publicId');
		const key = `${resourceType}|${asset.type}|${publicId}|${asset.version}|${bytes.length}`;
		let e = originalEtags.get(key);
		if (!e) {
			e = crypto.createHash('md5').update(bytes).digest('hex');
			originalEtags.set(key, e);
		}
		return e;
	}

	async function handler(req, res) {
		try {
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Length': 0 });
				return;
			}
			const rawUrl = req.url || '/';
			let pathname = rawUrl.split('?')[0].split('#')[0];
			if (pathPrefix && pathname.startsWith(pathPrefix))
				pathname = pathname.slice(pathPrefix.length) || '/';
			const segs = pathname.split('/').slice(1);
			const [cloud, rt, type, ...restAll] = segs;
			if (cloud !== cloudName)
				return sendError(req, res, 404, `Invalid cloud name - ${safeDecode(cloud ?? '')}`);
			if (!RESOURCE_TYPES.has(rt))
				return sendError(req, res, 404, `Resource not found - invalid resource type ${rt ?? ''}`);
			let rest = restAll.filter((s, i) => s !== '' || i === restAll.length - 1);
			if (!SERVED_TYPES.has(type))
				return sendError(
					req,
					res,
					404,
					`Resource not found - delivery type ${type ?? ''} is not emulated`,
				);
			let sig;
			if (rest.length && SIGNATURE_SEGMENT.test(rest[0])) {
				sig = rest[0];
				rest = rest.slice(1);
			}
			if (!rest.length || rest[rest.length - 1] === '')
				return sendError(req, res, 404, 'Resource not found - ');

			// Split transformation / version / public id. With a version segment the split is certain;
			// without one, leading transformation-looking segments are tried as part of the public id
			// too, longest transformation first (a folder called `my_folder` still resolves).
			const vIdx = rest.findIndex((s, i) => i < rest.length - 1 && VERSION_SEGMENT.test(s));
			const splits = [];
			let urlVersion;
			if (vIdx >= 0) {
				urlVersion = Number(rest[vIdx].slice(1));
				splits.push({ trans: rest.slice(0, vIdx), pub: rest.slice(vIdx + 1) });
			} else {
				let k = 0;
				while (k < rest.length - 1 && TRANSFORMATION_LIKE.test(rest[k])) k++;
				for (let i = k; i >= 0; i--) splits.push({ trans: rest.slice(0, i), pub: rest.slice(i) });
			}
			let found;
			let first;
			for (const s of splits) {
				const r = await lookup(rt, type, s.pub);
				if (!first) first = { ...r, ...s };
				if (r.asset) {
					found = { ...r, ...s };
					break;
				}
			}
			if (!found) return sendError(req, res, 404, `Resource not found - ${first.id}`);
			const { asset, ext } = found;
			const transRaw = found.trans.join('/');
			const publicRaw = found.pub.join('/');
			const publicDecoded = found.pub.map(safeDecode).join('/');
			const transDecoded = found.trans.map(safeDecode).join('/');
			void urlVersion; // ASSUMPTION: any version serves the current bytes (see header)

			// ---- authorisation
			const sigValid = sig
				? verifySignature(sig, { transRaw, publicRaw, transDecoded, publicDecoded }, apiSecret)
				: false;
			if (sig && !sigValid)
				return sendError(
					req,
					res,
					401,
					`Invalid signature ${sig} - signature mismatch for ` +
						`${[transDecoded, publicDecoded].filter(Boolean).join('/')}`,
				);
			const nowMs = now();
			const nowSeconds = Math.floor(nowMs / 1000);
			const tokenRaw =
				rawQueryParam(rawUrl, '__cld_token__') ?? rawCookie(req.headers.cookie, '__cld_token__');
			const cloudPath = rawUrl.split('?')[0];
			const paths = [
				cloudPath,
				cloudPath.startsWith(`/${cloudName}/`) ? cloudPath.slice(cloudName.length + 1) : cloudPath,
			];
			const tokenCheck = (keyHex) =>
				tokenRaw
					? verifyToken(tokenRaw, { paths, keyHex, nowSeconds })
					: { ok: false, reason: 'no token' };

			const fmtReq = normaliseFormat(ext);
			const assetFmt = normaliseFormat(asset.format);
			const sameFormat = !fmtReq || !assetFmt || fmtReq === assetFmt;
			const isOriginal = transRaw === '' && (rt === 'raw' || sameFormat);
			let deliveryOnly = false; // only fl_attachment / fl_immutable_cache: the original's bytes
			try {
				deliveryOnly = transRaw !== '' && describeTransformation(transRaw).deliveryOnly;
			} catch {
				// an invalid chain is answered (400) after authorisation
			}
			const servesOriginal = isOriginal || (deliveryOnly && (rt === 'raw' || sameFormat));

			const needsAuth =
				type === 'authenticated' ||
				pick(asset, 'access_mode', 'accessMode') === 'authenticated' ||
				(type === 'private' && servesOriginal);
			if (needsAuth && !sigValid) {
				const t = tokenCheck(currentTokenKey());
				if (!t.ok) {
					const why =
						type === 'private'
							? 'private originals need a signed URL'
							: 'authenticated resources need a signed URL or a token';
					return sendError(
						req,
						res,
						401,
						`Unauthorized - ${why}${tokenRaw ? ` (${t.reason})` : ''}`,
					);
				}
			}
			const rules = accessRules(asset);
			if (rules) {
				let open = false;
				let tokenReason;
				for (const rule of rules) {
					const kind = rule.access_type ?? rule.accessType;
					if (kind === 'anonymous') {
						const start = toMs(rule.start);
						const end = toMs(rule.end);
						// the window includes both ends (as the Admin side's accessAllowed in codec.js)
						if ((start === undefined || nowMs >= start) && (end === undefined || nowMs <= end))
							open = true;
					} else if (kind === 'token') {
						if (sigValid) open = true;
						else {
							const keyHex = (rule.key && tokenKeys[rule.key]) || currentTokenKey();
							const t = tokenCheck(keyHex);
							if (t.ok) open = true;
							else tokenReason = t.reason;
						}
					}
					if (open) break;
				}
				if (!open)
					return sendError(
						req,
						res,
						401,
						`Resource is restricted (access_control) - ` +
							`${publicDecoded}${tokenReason && tokenRaw ? ` (${tokenReason})` : ''}`,
					);
			}

			// ---- bytes
			const desc = transRaw
				? describeTransformation(transRaw)
				: { attachment: false, deliveryOnly: false, formatAuto: false, immutable: false };
			const baseName = publicDecoded.split('/').pop();
			const attachmentFor = (format) => {
				if (!desc.attachment) return undefined;
				if (desc.attachmentName) return `${desc.attachmentName}${format ? `.${format}` : ''}`;
				return rt === 'raw'
					? baseName
					: `${
							ext
								? publicDecoded
										.split('/')
										.pop()
										.slice(0, -(ext.length + 1))
								: baseName
						}${format ? `.${format}` : ''}`;
			};
			if (servesOriginal) {
				req.sandboxRoute = 'delivery:original';
				const bytes = await store.getBytes(asset);
				const etag = await originalEtag(asset, bytes);
				const format = rt === 'raw' ? undefined : assetFmt;
				const rawExt =
					rt === 'raw' && publicDecoded.includes('.') ? publicDecoded.split('.').pop() : undefined;
				sendBytes(req, res, {
					buffer: bytes,
					etag,
					contentType: contentTypeFor(format ?? rawExt, rt),
					attachment: attachmentFor(format),
					immutable: desc.immutable,
				});
				if (typeof store.recordDelivery === 'function')
					store.recordDelivery(asset, {
						bytes: bytes.length,
						derived: false,
						transformation: transRaw,
						format,
						status: 200,
					});
				return;
			}
			if (rt === 'raw')
				return sendError(
					req,
					res,
					400,
					`Transformations are not supported for raw files - ${transRaw}`,
				);
			if (rt === 'video')
				return sendError(
					req,
					res,
					400,
					`The sandbox cannot transform video or audio - ${transRaw || `.${ext}`}`,
				);

			req.sandboxRoute = 'delivery:derived';
			const accept = String(req.headers.accept || '').toLowerCase();
			const negotiated = desc.formatAuto
				? /\bimage\/avif\b/.test(accept)
					? 'avif'
					: /\bimage\/webp\b/.test(accept)
						? 'webp'
						: 'default'
				: '';
			const key = [
				rt,
				type,
				pick(asset, 'public_id', 'publicId'),
				asset.version,
				asset.etag ?? asset.bytes,
				transRaw,
				fmtReq ?? '',
				negotiated,
			].join('|');
			let entry = derived.get(key);
			if (entry) {
				stats.hits++;
				derived.delete(key); // refresh LRU position
				derived.set(key, entry);
			} else {
				stats.misses++;
				let p = inflight.get(key);
				if (!p) {
					p = (async () => {
						const bytes = await store.getBytes(asset);
						const r = await applyTransformation(bytes, transRaw, fmtReq, {
							resolveNamedTransformation,
							resolveOverlay: overlayBytes,
							accept,
						});
						const e = {
							buffer: r.buffer,
							etag: crypto.createHash('md5').update(r.buffer).digest('hex'),
							contentType: r.contentType,
							format: r.format,
							width: r.width,
							height: r.height,
							immutable: r.immutable,
							vary: desc.formatAuto ? 'Accept' : undefined,
							ignored: r.ignored,
						};
						remember(key, e);
						if (!recorded.has(key)) {
							recorded.add(key);
							if (typeof store.recordDerived === 'function') {
								await store.recordDerived(asset, {
									transformation: transRaw,
									format: r.format,
									bytes: r.bytes,
									width: r.width,
									height: r.height,
								});
							}
						}
						return e;
					})();
					inflight.set(key, p);
					p.then(
						() => inflight.delete(key),
						() => inflight.delete(key),
					);
				}
				entry = await p;
			}
			const headers = {
				buffer: entry.buffer,
				etag: entry.etag,
				contentType: entry.contentType,
				attachment: attachmentFor(entry.format),
				immutable: entry.immutable,
				vary: entry.vary,
			};
			sendBytes(req, res, headers);
			if (typeof store.recordDelivery === 'function')
				store.recordDelivery(asset, {
					bytes: entry.buffer.length,
					derived: true,
					transformation: transRaw,
					format: entry.format,
					status: 200,
				});
		} catch (err) {
			if (res.headersSent) {
				res.destroy(err);
				return;
			}
			const status = err && Number.isInteger(err.status) ? err.status : 500;
			sendError(
				req,
				res,
				status,
				status === 500 ? `Internal error - ${err && err.message}` : err.message,
			);
		}
	}

	handler.clearCache = () => {
		derived.clear();
		derivedBytes = 0;
		recorded.clear();
		originalEtags.clear();
	};
	handler.cacheStats = () => ({ entries: derived.size, bytes: derivedBytes, ...stats });
	return handler;
}

module.exports = {
	createDeliveryHandler,
	signDeliveryPath,
	urlSignature,
	verifyToken,
	escapeToLower,
};
