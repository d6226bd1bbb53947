'use strict';
// The Cloudinary emulator: both REST APIs under /v1_1/<cloud>/... (Upload API: signed or Basic
// auth, never rate limited; Admin API: Basic auth, hourly quota), the delivery CDN for every other
// path (sandbox/cloudinary/delivery.js), webhook notifications, and a control API for tests.
// Emulates what docs/api-facts.md says of Cloudinary; guesses live in assumptions.js.
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
const { createAdminApi, ADMIN_PATH_CHECKS } = require('./admin-api');
const { createRouter, toResponse } = require('./router');
const { authenticateAdmin, authenticateUpload } = require('./auth');
const A = require('./assumptions');
const media = require('./media');

const UPLOAD_RESOURCE_TYPES = new Set(['image', 'video', 'raw', 'auto', 'all']);
const POST = ['POST'];
const DOWNLOAD = ['POST', 'GET', 'HEAD'];

function loadDelivery() {
	if (typeof media.createDeliveryHandler === 'function') return media.createDeliveryHandler;
	try {
		return require('./delivery').createDeliveryHandler;
	} catch (error) {
		if (error.code !== 'MODULE_NOT_FOUND') throw error;
		return null;
	}
}

function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch {
		throw fail(400, `Malformed URL encoding in ${s}`);
	}
}

async function createCloudinaryEmulator({
	clock,
	catalogue,
	cloudName,
	apiKey,
	apiSecret,
	getBaseUrl,
}) {
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

	// The Upload API: /v1_1/<cloud>/<resource_type>/<action>, reported as upload:<action>. `bare`:
	// also without a resource type (auto); `only bare`: never with one. `unsigned`: may be sent
	// without a signature (an unsigned upload preset decides).
	const uploadActions = [
		{
			name: 'upload',
			method: POST,
			bare: true,
			unsigned: true,
			run: (c) => uploadApi.upload(c.req, c.params, c.rt, c.auth),
		},
		{
			name: 'upload_chunked',
			method: POST,
			bare: true,
			unsigned: true,
			run: (c) => uploadApi.upload(c.req, c.params, c.rt, c.auth),
		},
		{ name: 'explicit', method: POST, run: (c) => uploadApi.explicit(c.params, c.apiRt) },
		{ name: 'rename', method: POST, run: (c) => uploadApi.rename(c.params, c.apiRt) },
		{ name: 'destroy', method: POST, run: (c) => uploadApi.destroy(c.params, c.apiRt) },
		{ name: 'tags', method: POST, run: (c) => uploadApi.tags(c.params, c.apiRt) },
		{ name: 'context', method: POST, run: (c) => uploadApi.context(c.params, c.apiRt) },
		{ name: 'metadata', method: POST, run: (c) => uploadApi.metadata(c.params, c.apiRt) },
		{
			name: 'generate_archive',
			method: ['POST', 'GET'],
			anyResourceType: true,
			run: (c) => {
				if (c.req.method === 'GET' && !c.params.has('mode')) c.params.add('mode', 'download');
				return uploadApi.generateArchive(c.params, c.apiRt);
			},
		},
		{ name: 'download', method: DOWNLOAD, run: (c) => uploadApi.download(c.params, c.apiRt) },
		{
			name: 'download_backup',
			method: DOWNLOAD,
			onlyBare: true,
			anyResourceType: true,
			run: (c) => uploadApi.downloadBackup(c.params),
		},
		...['text', 'explode', 'multi', 'sprite'].map((name) => ({
			name,
			method: POST,
			unsupported: true,
		})),
	];
	const uploadRouter = createRouter(
		uploadActions.flatMap((action) => [
			...(action.onlyBare ? [] : [{ ...action, path: `:rt/${action.name}` }]),
			...(action.bare || action.onlyBare ? [{ ...action, path: action.name }] : []),
		]),
		{ where: { rt: (rt) => UPLOAD_RESOURCE_TYPES.has(rt) } },
	);
	const adminRouter = createRouter(adminApi.routes, { where: ADMIN_PATH_CHECKS });

	const createDeliveryHandler = loadDelivery();
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
	const delivery = createDeliveryHandler
		? createDeliveryHandler({
				store: deliveryStore,
				cloudName,
				apiSecret,
				clock,
				resolveNamedTransformation: (n) => store.resolveNamedTransformation(n),
				tokenKey: () => settings.tokenKey,
			})
		: null;

	store.load(catalogue);

	function send(res, status, body, headers = {}) {
		if (res.headersSent) return;
		sendJson(res, status, body, headers);
	}

	function sendError(res, error, headers = {}) {
		if (
			error instanceof CloudinaryError ||
			(error && Number.isInteger(error.status) && error.status < 500)
		) {
			return send(
				res,
				error.status,
				{ error: { message: error.message } },
				{ ...headers, ...(error.headers ?? {}) },
			);
		}
		log(`internal error: ${error?.stack ?? error}`);
		return send(
			res,
			500,
			{ error: { message: `Internal error - ${error?.message ?? error}` } },
			headers,
		);
	}

	async function sendRaw(req, res, raw) {
		const { blob, contentType, filename, disposeAfter } = raw;
		const headers = {
			'Content-Type': contentType ?? 'application/octet-stream',
			'Content-Length': blob.size,
		};
		if (filename)
			headers['Content-Disposition'] =
				`attachment; filename="${String(filename).replace(/["\\\r\n]/g, '_')}"`;
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

	async function handleUpload(req, res, url, segments, { route, bindings, pathOnly }) {
		req.sandboxRoute = `upload:${(route ?? pathOnly).name}`;
		const params = await parseRequest(req, url.searchParams, { tmpDir: store.blobDir });
		try {
			if (pathOnly) throw fail(404, `No route for ${req.method} ${url.pathname}`);
			if (route.unsupported) throw fail(400, `${route.name} is not supported by the sandbox`);
			const auth = authenticateUpload(ctx, req, params, { allowUnsigned: Boolean(route.unsigned) });
			const rt = bindings.rt ?? (route.onlyBare ? null : 'auto');
			if (!route.anyResourceType && rt === 'all') throw fail(400, 'Invalid resource_type all');
			const apiRt = rt === 'auto' && !route.unsigned && route.name !== 'download' ? 'image' : rt;
			const result = await route.run({ req, params, rt, apiRt, auth });
			if (result && result.raw) return await sendRaw(req, res, result.raw);
			return send(res, 200, result);
		} catch (error) {
			if (
				params.file &&
				!store
					.all()
					.some(
						(a) =>
							a.blob === params.file.blob ||
							a.blob?.segments.some((s) => params.file.blob.segments.includes(s)),
					)
			) {
				// the part was not kept (failed upload): free its temp file
				const inSession = [...store.state.chunks.values()].some((s) =>
					[...s.parts.values()].includes(params.file.blob),
				);
				if (!inSession) params.file.blob.dispose();
			}
			return sendError(res, error);
		}
	}

	async function handleAdmin(req, res, url, segments) {
		// Named before authentication, so that refused requests are counted under their route.
		const known = adminRouter.find(req.method, segments);
		req.sandboxRoute = `admin:${(known?.route ?? known?.pathOnly)?.name ?? segments[0] ?? 'root'}`;
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
			const found = adminRouter.find(req.method, segments, params);
			if (!found?.route) throw fail(404, `No route for ${req.method} /${segments.join('/')}`);
			req.sandboxRoute = `admin:${found.route.name}`;
			const result = await found.route.run({ ...found.bindings, params, req, method: req.method });
			const { status, body } = toResponse(result);
			return send(res, status, body, limitHeaders);
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
			if (!delivery) {
				res.writeHead(404, {
					'X-Cld-Error': 'Delivery is not available in this sandbox build',
					'Content-Length': 0,
				});
				return res.end();
			}
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
			const upload = uploadRouter.find(req.method, rest);
			if (upload) return await handleUpload(req, res, url, rest, upload);
			return await handleAdmin(req, res, url, rest);
		} catch (error) {
			req.resume();
			return sendError(res, error);
		}
	}

	function isAdminPath(urlPath) {
		const raw = String(urlPath ?? '')
			.split('?')[0]
			.split('/');
		if (raw[1] !== 'v1_1') return false;
		let rest;
		try {
			rest = decodeURIComponent(raw.slice(3).join('/')).split('/').filter(Boolean);
		} catch {
			return false;
		}
		return !uploadRouter.find('POST', rest);
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
					text =
						`Rate Limit Exceeded. Limit of ${extra['X-FeatureRateLimit-Limit']} api operations ` +
						`reached. Try again on ` +
						`${r.getUTCFullYear()}-${p(r.getUTCMonth() + 1)}-${p(r.getUTCDate())} ` +
						`${p(r.getUTCHours())}:00:00 UTC`;
				}
			}
		}
		if (!String(req.url).startsWith('/v1_1/')) {
			res.writeHead(status, {
				'X-Cld-Error': text ?? `Injected fault ${status}`,
				'Content-Length': 0,
				...headers,
			});
			return res.end();
		}
		return send(
			res,
			status,
			{
				error: { message: text ?? (status >= 500 ? 'General Error' : `Injected fault ${status}`) },
			},
			{ ...extra, ...headers },
		);
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

	const ok = (body) => ({ status: 200, body });
	const bad = (status, message) => ({ status, body: { error: { message } } });

	/**
	 * Control API (mounted by sandbox/control.js under /cloudinary/...), for tests, benchmarks and
	 * the demo. Each route answers { status, body } (a body may itself contain a `status` field,
	 * e.g. the rate-limit state).
	 */
	const controlRoutes = [
		{
			name: 'state.assets',
			method: 'GET',
			path: 'state/assets',
			run: ({ query }) => {
				let list = store.all();
				const rt = query.get('resource_type');
				const prefix = query.get('prefix');
				if (rt) list = list.filter((a) => a.resourceType === rt);
				if (prefix) list = list.filter((a) => a.publicId.startsWith(prefix));
				return ok({
					assets: list.sort((x, y) => (x.publicId < y.publicId ? -1 : 1)).map(stateSummary),
				});
			},
		},
		{
			// ?resource_type=&type= (default upload)
			name: 'state.asset',
			method: 'GET',
			path: 'state/assets/*publicId',
			run: async ({ publicId, query }) => {
				const rt = query.get('resource_type');
				const type = query.get('type') ?? 'upload';
				const asset = rt ? store.get(rt, type, publicId) : store.findAnyType(type, publicId);
				if (!asset) return bad(404, `Resource not found - ${publicId}`);
				await store.materialize(asset);
				return ok({ ...ctx.views.details(asset, { versions: true }), state: stateSummary(asset) });
			},
		},
		{
			name: 'notifications.list',
			method: 'GET',
			path: 'notifications',
			run: ({ query }) =>
				ok({
					notifications: notifier.list().filter((n) => n.id > Number(query.get('since') ?? 0)),
				}),
		},
		{
			name: 'notifications.clear',
			method: 'DELETE',
			path: 'notifications',
			run: () => {
				notifier.clear();
				return ok({ cleared: true });
			},
		},
		{
			// POST {limit?, status?: 420|429, remaining?, used?, reset?}
			name: 'rate-limit',
			method: ['GET', 'POST'],
			path: 'rate-limit',
			run: ({ method, body }) => {
				try {
					return ok(method === 'GET' ? rateLimiter.describe() : rateLimiter.configure(body));
				} catch (e) {
					return bad(400, e.message);
				}
			},
		},
		{
			// {url?, eventType, body?, timestamp?, signatureAlgorithm?, secretOverride?}
			name: 'notify',
			method: 'POST',
			path: 'notify',
			run: async ({ body }) => ok(await emitNotification(body)),
		},
		{
			// POST {signatureAlgorithm?: 'sha1'|'sha256', tokenKey?: <hex>|null}
			name: 'settings',
			method: ['GET', 'POST'],
			path: 'settings',
			run: ({ method, body }) => {
				if (method === 'POST' && body.signatureAlgorithm !== undefined) {
					if (!['sha1', 'sha256'].includes(body.signatureAlgorithm))
						return bad(400, 'signatureAlgorithm must be "sha1" or "sha256"');
					settings.signatureAlgorithm = body.signatureAlgorithm;
				}
				// The account's token-auth key (hex), as Cloudinary support configures it for token-based
				// access; null turns token auth off (the default: accounts without the feature).
				if (method === 'POST' && body.tokenKey !== undefined) {
					if (
						body.tokenKey !== null &&
						!(typeof body.tokenKey === 'string' && /^([0-9a-fA-F]{2})+$/.test(body.tokenKey))
					)
						return bad(400, 'tokenKey must be a hex string or null');
					settings.tokenKey = body.tokenKey ?? undefined;
				}
				return ok({ ...settings });
			},
		},
		{
			name: 'triggers',
			method: 'GET',
			path: 'triggers',
			run: () => ok({ triggers: [...store.state.triggers.values()].map((t) => ({ ...t })) }),
		},
		{
			name: 'usage',
			method: 'GET',
			path: 'usage',
			run: ({ query }) => {
				try {
					return ok(adminApi.usage(query.get('date') ?? undefined));
				} catch (e) {
					return bad(e.status ?? 400, e.message);
				}
			},
		},
		{
			name: 'assumptions',
			method: 'GET',
			path: 'assumptions',
			run: () => ok({ assumptions: A.ASSUMPTIONS }),
		},
		{
			// {count, prefix?, tags?}: many lightweight assets at once (benchmarks), stored exactly as
			// catalogue seeds are (bytes rendered lazily, on first delivery or details call), all
			// sharing one small image spec.
			name: 'seed-assets',
			method: 'POST',
			path: 'seed-assets',
			run: ({ body }) => {
				const count = Number(body.count);
				if (!Number.isInteger(count) || count < 1 || count > 100000)
					return bad(400, 'count must be an integer from 1 to 100000');
				const prefix = String(body.prefix ?? 'bulk/asset_').replace(/^\/+/, '');
				const created = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
				const ids = [];
				for (let i = 0; i < count; i++) {
					const publicId = `${prefix}${String(i).padStart(String(count - 1).length, '0')}`;
					if (store.get('image', 'upload', publicId))
						return bad(409, `Resource already exists - ${publicId}`);
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
			},
		},
	];
	const controlRouter = createRouter(controlRoutes);

	/** Answers a control request ({ status, body }), or undefined when no route matches. */
	async function controlRoute(method, routePath, body = {}, searchParams = new URLSearchParams()) {
		const segments = routePath
			.split('/')
			.filter(Boolean)
			.map((s) => decodeURIComponent(s));
		const found = controlRouter.find(method, segments, {});
		if (!found?.route) return undefined;
		return found.route.run({ ...found.bindings, method, body: body ?? {}, query: searchParams });
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
		delivery?.clearCache?.();
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
		routes: {
			upload: uploadRouter.routes,
			admin: adminRouter.routes,
			control: controlRouter.routes,
		},
		store,
		notifier,
		rateLimiter,
		settings,
		notificationsIdle: () => notifier.idle(),
		assumptions: A.ASSUMPTIONS,
	};
}

module.exports = { createCloudinaryEmulator };
