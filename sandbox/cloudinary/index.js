'use strict';
// The Cloudinary emulator: both REST APIs under /v1_1/<cloud>/... (Upload API: signed or Basic
// auth, never rate limited; Admin API: Basic auth, hourly quota), the delivery CDN for every other
// path (sandbox/cloudinary/delivery.js), webhook notifications, and a control API for tests.
// Follows the "Must emulate" checklist of reference/cloudinary-api.md; guesses live in assumptions.js.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { sendJson } = require('../lib/http');
const { CloudinaryError, fail } = require('./errors');
const { parseRequest } = require('./params');
const { createStore } = require('./store');
const { createViews } = require('./view');
const { createNotifier } = require('./notifications');
const { createRateLimiter } = require('./rate-limit');
const { createUploadApi } = require('./upload-api');
const { createAdminApi } = require('./admin-api');
const { createDeliveryHandler } = require('./delivery');
const { authenticateAdmin, authenticateUpload } = require('./auth');
const A = require('./assumptions');
const media = require('./media');

const UPLOAD_ACTIONS = new Set(['upload', 'upload_chunked', 'explicit', 'rename', 'destroy', 'tags', 'context', 'metadata', 'generate_archive', 'download', 'text', 'explode', 'multi', 'sprite']);
const UPLOAD_RESOURCE_TYPES = new Set(['image', 'video', 'raw', 'auto', 'all']);
const UNSUPPORTED_UPLOAD_ACTIONS = new Set(['text', 'explode', 'multi', 'sprite']);

function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch {
		throw fail(400, `Malformed URL encoding in ${s}`);
	}
}

/** Classifies a /v1_1/<cloud>/... path: which API, and for the Upload API which action. */
function classify(segments) {
	const [a, b] = segments;
	if (segments.length === 2 && UPLOAD_RESOURCE_TYPES.has(a) && UPLOAD_ACTIONS.has(b)) return { api: 'upload', rt: a, action: b };
	if (segments.length === 1 && (a === 'upload' || a === 'upload_chunked')) return { api: 'upload', rt: 'auto', action: a };
	if (segments.length === 1 && a === 'download_backup') return { api: 'upload', rt: null, action: 'download_backup' };
	return { api: 'admin' };
}

/** A coarse route name for Admin requests that fail before a handler names them. */
function adminRouteGuess(method, seg) {
	const [h, a, b] = seg;
	if (h === 'resources') {
		if (a === 'search') return 'admin:search';
		if (seg.length >= 4) return method === 'GET' ? 'admin:resources.details' : 'admin:resources.update';
		if (seg.length === 2 && /^[0-9a-f]{32}$/.test(a)) return method === 'GET' ? 'admin:resources.details_by_asset_id' : 'admin:resources.update_by_asset_id';
		if (b === 'tags') return method === 'DELETE' ? 'admin:resources.delete_by_tag' : 'admin:resources.by_tag';
		if (method === 'DELETE') return 'admin:resources.delete';
		return 'admin:resources.list';
	}
	return `admin:${h ?? 'root'}`;
}

async function createCloudinaryEmulator({ clock, catalogue, cloudName, apiKey, apiSecret, getBaseUrl }) {
	const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cld-sandbox-'));
	// temp files (large originals, chunk parts, archives) go when the process ends, even without close()
	const removeTmp = () => fs.rmSync(tmpDir, { recursive: true, force: true });
	process.once('exit', removeTmp);
	const defaults = { signatureAlgorithm: 'sha1' };
	const settings = { ...defaults };
	const log = (msg) => {
		if (process.env.SANDBOX_DEBUG) console.warn(`[cloudinary-sandbox] ${msg}`);
	};
	const ctx = { clock, cloudName, apiKey, apiSecret, getBaseUrl, settings, media, tmpDir, log };
	ctx.store = createStore({ clock, tmpDir, media, log });
	ctx.views = createViews(ctx);
	ctx.notifier = createNotifier(ctx);
	const rateLimiter = createRateLimiter(clock);
	const uploadApi = createUploadApi(ctx);
	const adminApi = createAdminApi(ctx);
	const { store, notifier } = ctx;

	const deliveryStore = {
		findByPublicId: async (rt, type, id) => {
			const a = store.get(rt, type, id);
			if (a) await store.materialize(a);
			return a;
		},
		getBytes: (a) => store.getBytes(a),
		recordDerived: (a, info) => store.recordDerived(a, info),
		recordDelivery: (a, info) => store.recordDelivery(a, info),
	};
	const delivery = createDeliveryHandler({
		store: deliveryStore,
		cloudName,
		apiSecret,
		clock,
		resolveNamedTransformation: (n) => store.resolveNamedTransformation(n),
		tokenKey: () => settings.tokenKey,
	});

	store.load(catalogue);

	function send(res, status, body, headers = {}) {
		if (res.headersSent) return;
		sendJson(res, status, body, headers);
	}

	function sendError(res, error, headers = {}) {
		if (error instanceof CloudinaryError || (error && Number.isInteger(error.status) && error.status < 500)) {
			return send(res, error.status, { error: { message: error.message } }, { ...headers, ...(error.headers ?? {}) });
		}
		log(`internal error: ${error?.stack ?? error}`);
		return send(res, 500, { error: { message: `Internal error - ${error?.message ?? error}` } }, headers);
	}

	async function sendRaw(req, res, raw) {
		const { blob, contentType, filename, disposeAfter } = raw;
		const headers = { 'Content-Type': contentType ?? 'application/octet-stream', 'Content-Length': blob.size };
		if (filename) headers['Content-Disposition'] = `attachment; filename="${String(filename).replace(/["\\\r\n]/g, '_')}"`;
		res.writeHead(200, headers);
		if (req.method === 'HEAD') {
			res.end();
		} else {
			await new Promise((resolve, reject) => {
				const s = blob.stream();
				s.on('error', reject);
				res.on('close', resolve);
				s.pipe(res);
			});
		}
		if (disposeAfter) blob.dispose();
	}

	async function handleUpload(req, res, url, c) {
		req.sandboxRoute = `upload:${c.action}`;
		const params = await parseRequest(req, url.searchParams, { tmpDir: store.blobDir });
		try {
			const isDownload = c.action === 'download' || c.action === 'download_backup' || (c.action === 'generate_archive' && req.method === 'GET');
			if (req.method !== 'POST' && !(isDownload && (req.method === 'GET' || req.method === 'HEAD'))) {
				throw fail(404, `No route for ${req.method} ${url.pathname}`);
			}
			if (UNSUPPORTED_UPLOAD_ACTIONS.has(c.action)) throw fail(400, `${c.action} is not supported by the sandbox`);
			const allowUnsigned = c.action === 'upload' || c.action === 'upload_chunked';
			const auth = authenticateUpload(ctx, req, params, { allowUnsigned });
			const rt = c.rt;
			if (c.action !== 'download_backup' && c.action !== 'generate_archive' && rt === 'all') throw fail(400, 'Invalid resource_type all');
			const apiRt = rt === 'auto' && !allowUnsigned && c.action !== 'download' ? 'image' : rt;
			let result;
			switch (c.action) {
				case 'upload':
				case 'upload_chunked':
					result = await uploadApi.upload(req, params, rt, auth);
					break;
				case 'explicit':
					result = await uploadApi.explicit(params, apiRt);
					break;
				case 'rename':
					result = await uploadApi.rename(params, apiRt);
					break;
				case 'destroy':
					result = uploadApi.destroy(params, apiRt);
					break;
				case 'tags':
					result = uploadApi.tags(params, apiRt);
					break;
				case 'context':
					result = uploadApi.context(params, apiRt);
					break;
				case 'metadata':
					result = uploadApi.metadata(params, apiRt);
					break;
				case 'generate_archive':
					if (req.method === 'GET' && !params.has('mode')) params.add('mode', 'download');
					result = await uploadApi.generateArchive(params, apiRt);
					break;
				case 'download':
					result = await uploadApi.download(params, apiRt);
					break;
				case 'download_backup':
					result = await uploadApi.downloadBackup(params);
					break;
				default:
					throw fail(404, `No route for ${req.method} ${url.pathname}`);
			}
			if (result && result.raw) return await sendRaw(req, res, result.raw);
			return send(res, 200, result);
		} catch (error) {
			if (params.file && !store.all().some((a) => a.blob === params.file.blob || a.blob?.segments.some((s) => params.file.blob.segments.includes(s)))) {
				// the part was not kept (failed upload): free its temp file
				const inSession = [...store.state.chunks.values()].some((s) => [...s.parts.values()].includes(params.file.blob));
				if (!inSession) params.file.blob.dispose();
			}
			return sendError(res, error);
		}
	}

	async function handleAdmin(req, res, url, segments) {
		req.sandboxRoute = adminRouteGuess(req.method, segments);
		let limitHeaders = {};
		let params;
		try {
			authenticateAdmin(ctx, req);
			const taken = rateLimiter.take();
			limitHeaders = taken.headers;
			if (!taken.allowed) {
				req.resume();
				throw fail(taken.status, taken.message);
			}
			params = await parseRequest(req, url.searchParams, { tmpDir: store.blobDir });
			const r = await adminApi.route(req.method, segments, params, req);
			req.sandboxRoute = r.route;
			return send(res, r.status ?? 200, r.body, limitHeaders);
		} catch (error) {
			if (params?.file) params.file.blob.dispose();
			return sendError(res, error, limitHeaders);
		}
	}

	async function handler(req, res) {
		res.setHeader('X-Request-Id', crypto.randomBytes(16).toString('hex'));
		let url;
		try {
			url = new URL(req.url, 'http://sandbox.local');
		} catch {
			return send(res, 400, { error: { message: 'Malformed URL' } });
		}
		const raw = url.pathname.split('/');
		if (raw[1] !== 'v1_1') {
			req.sandboxRoute = 'delivery';
			return delivery(req, res);
		}
		try {
			const cloud = safeDecode(raw[2] ?? '');
			if (cloud !== cloudName) {
				req.sandboxRoute = 'api:unknown_cloud';
				req.resume();
				return send(res, 404, { error: { message: A.messages.unknownCloud(cloud) } });
			}
			// Path segments are URL-decoded before routing (the SDK sends resources%2Fsearch and
			// public ids with %2F); public ids may contain slashes, so routes match "rest of path".
			const rest = safeDecode(raw.slice(3).join('/')).split('/');
			while (rest.length && rest[rest.length - 1] === '') rest.pop();
			const c = classify(rest);
			if (c.api === 'upload') return await handleUpload(req, res, url, c);
			return await handleAdmin(req, res, url, rest);
		} catch (error) {
			req.resume();
			return sendError(res, error);
		}
	}

	function isAdminPath(urlPath) {
		const raw = String(urlPath ?? '').split('?')[0].split('/');
		if (raw[1] !== 'v1_1') return false;
		let rest;
		try {
			rest = decodeURIComponent(raw.slice(3).join('/')).split('/').filter(Boolean);
		} catch {
			return false;
		}
		return classify(rest).api === 'admin';
	}

	/** Answers an injected fault in Cloudinary's envelope (rate-limit headers on Admin routes). */
	function renderFault(req, res, status, message, headers = {}) {
		res.setHeader('X-Request-Id', crypto.randomBytes(16).toString('hex'));
		const admin = isAdminPath(req.url);
		let extra = {};
		let text = message;
		if (admin) {
			extra = rateLimiter.headers();
			if (status === 420 || status === 429) {
				extra['X-FeatureRateLimit-Remaining'] = '0';
				if (!text) {
					const r = new Date(extra['X-FeatureRateLimit-Reset']);
					const p = (n) => String(n).padStart(2, '0');
					text = `Rate Limit Exceeded. Limit of ${extra['X-FeatureRateLimit-Limit']} api operations reached. Try again on ${r.getUTCFullYear()}-${p(r.getUTCMonth() + 1)}-${p(r.getUTCDate())} ${p(r.getUTCHours())}:00:00 UTC`;
				}
			}
		}
		if (!String(req.url).startsWith('/v1_1/')) {
			res.writeHead(status, { 'X-Cld-Error': text ?? `Injected fault ${status}`, 'Content-Length': 0, ...headers });
			return res.end();
		}
		return send(res, status, { error: { message: text ?? (status >= 500 ? 'General Error' : `Injected fault ${status}`) } }, { ...extra, ...headers });
	}

	function stateSummary(a) {
		return {
			public_id: a.publicId,
			resource_type: a.resourceType,
			type: a.type,
			asset_id: a.assetId,
			version: a.version,
			format: a.format,
			asset_folder: a.assetFolder,
			display_name: a.displayName,
			tags: [...a.tags],
			context: { ...a.context },
			metadata: JSON.parse(JSON.stringify(a.metadata)),
			access_control: a.accessControl ? a.accessControl.map((r) => ({ ...r })) : null,
			moderation_status: a.moderation.length ? a.moderation[a.moderation.length - 1].status : null,
			versions: a.versions.map((v) => ({ version: v.version, version_id: v.versionId })),
			derived: a.derived.length,
		};
	}

	/**
	 * Control API (mounted by sandbox/control.js under /cloudinary/...). Always answers
	 * { status, body } (a body may itself contain a `status` field, e.g. the rate-limit state).
	 *   GET  /state/assets[?resource_type=&prefix=]    GET /state/assets/<public_id>[?resource_type=&type=]
	 *   GET  /notifications[?since=<id>]                DELETE /notifications
	 *   GET|POST /rate-limit {limit?, status?: 420|429, remaining?, used?, reset?}
	 *   POST /notify {url?, eventType, body?, timestamp?, signatureAlgorithm?, secretOverride?}
	 *   GET|POST /settings {signatureAlgorithm?: 'sha1'|'sha256', tokenKey?: <hex>|null}
	 *   POST /seed-assets {count, prefix?, tags?}   (lightweight image assets, for benchmarks)
	 *   GET  /triggers    GET /usage[?date=]    GET /assumptions
	 */
	async function controlRoute(method, routePath, body = {}, searchParams = new URLSearchParams()) {
		const p = routePath.replace(/\/+$/, '') || '/';
		const ok = (b) => ({ status: 200, body: b });
		const bad = (status, message) => ({ status, body: { error: { message } } });
		body = body ?? {};
		if (method === 'GET' && p === '/state/assets') {
			let list = store.all();
			const rt = searchParams.get('resource_type');
			const prefix = searchParams.get('prefix');
			if (rt) list = list.filter((a) => a.resourceType === rt);
			if (prefix) list = list.filter((a) => a.publicId.startsWith(prefix));
			return ok({ assets: list.sort((x, y) => (x.publicId < y.publicId ? -1 : 1)).map(stateSummary) });
		}
		if (method === 'GET' && p.startsWith('/state/assets/')) {
			const publicId = decodeURIComponent(p.slice('/state/assets/'.length));
			const rt = searchParams.get('resource_type');
			const type = searchParams.get('type') ?? 'upload';
			const asset = rt ? store.get(rt, type, publicId) : store.findAnyType(type, publicId);
			if (!asset) return bad(404, `Resource not found - ${publicId}`);
			await store.materialize(asset);
			return ok({ ...ctx.views.details(asset, { versions: true }), state: stateSummary(asset) });
		}
		if (method === 'GET' && p === '/notifications') {
			const since = Number(searchParams.get('since') ?? 0);
			return ok({ notifications: notifier.list().filter((n) => n.id > since) });
		}
		if (method === 'DELETE' && p === '/notifications') {
			notifier.clear();
			return ok({ cleared: true });
		}
		if (p === '/rate-limit' && (method === 'GET' || method === 'POST')) {
			try {
				return ok(method === 'GET' ? rateLimiter.describe() : rateLimiter.configure(body));
			} catch (e) {
				return bad(400, e.message);
			}
		}
		if (method === 'POST' && p === '/notify') return ok(await emitNotification(body));
		if (p === '/settings' && (method === 'GET' || method === 'POST')) {
			if (method === 'POST' && body.signatureAlgorithm !== undefined) {
				if (!['sha1', 'sha256'].includes(body.signatureAlgorithm)) return bad(400, 'signatureAlgorithm must be "sha1" or "sha256"');
				settings.signatureAlgorithm = body.signatureAlgorithm;
			}
			// The account's token-auth key (hex), as Cloudinary support configures it for token-based
			// access; null turns token auth off (the default: accounts without the feature).
			if (method === 'POST' && body.tokenKey !== undefined) {
				if (body.tokenKey !== null && !(typeof body.tokenKey === 'string' && /^([0-9a-fA-F]{2})+$/.test(body.tokenKey))) return bad(400, 'tokenKey must be a hex string or null');
				settings.tokenKey = body.tokenKey ?? undefined;
			}
			return ok({ ...settings });
		}
		if (method === 'GET' && p === '/triggers') return ok({ triggers: [...store.state.triggers.values()].map((t) => ({ ...t })) });
		if (method === 'GET' && p === '/usage') {
			try {
				return ok(adminApi.usage(searchParams.get('date') ?? undefined));
			} catch (e) {
				return bad(e.status ?? 400, e.message);
			}
		}
		if (method === 'GET' && p === '/assumptions') return ok({ assumptions: A.ASSUMPTIONS });
		if (method === 'POST' && p === '/seed-assets') {
			// Many lightweight assets at once (benchmarks): stored exactly as catalogue seeds are (bytes
			// rendered lazily, on first delivery or details call), all sharing one small image spec.
			const count = Number(body.count);
			if (!Number.isInteger(count) || count < 1 || count > 100000) return bad(400, 'count must be an integer from 1 to 100000');
			const prefix = String(body.prefix ?? 'bulk/asset_').replace(/^\/+/, '');
			const created = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
			const ids = [];
			for (let i = 0; i < count; i++) {
				const publicId = `${prefix}${String(i).padStart(String(count - 1).length, '0')}`;
				if (store.get('image', 'upload', publicId)) return bad(409, `Resource already exists - ${publicId}`);
				ids.push(publicId);
			}
			for (const publicId of ids) {
				store.seedAsset({
					publicId,
					resourceType: 'image',
					type: 'upload',
					format: 'jpg',
					assetFolder: publicId.includes('/') ? publicId.slice(0, publicId.lastIndexOf('/')) : '',
					createdAt: created,
					tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
					image: { width: 60, height: 90, colorSpace: 'srgb', palette: ['#1d3557', '#e63946'] },
				});
			}
			return ok({ created: ids.length, first: ids[0], last: ids[ids.length - 1] });
		}
		return undefined;
	}

	async function emitNotification(opts = {}) {
		return notifier.emit(opts);
	}

	async function reset(newCatalogue) {
		await notifier.idle().catch(() => {});
		store.load(newCatalogue ?? catalogue);
		notifier.clear();
		rateLimiter.reset();
		Object.keys(settings).forEach((k) => delete settings[k]);
		Object.assign(settings, defaults);
		delivery.clearCache();
	}

	async function close() {
		await notifier.idle().catch(() => {});
		store.close();
		removeTmp();
		process.removeListener('exit', removeTmp);
	}

	return {
		handler,
		renderFault,
		reset,
		controlRoute,
		emitNotification,
		close,
		// for tests in this repository
		store,
		notifier,
		rateLimiter,
		settings,
		notificationsIdle: () => notifier.idle(),
		assumptions: A.ASSUMPTIONS,
	};
}

module.exports = { createCloudinaryEmulator };
