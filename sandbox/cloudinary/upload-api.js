'use strict';
// The Upload API (docs/api-facts.md, "Upload API"): upload (file part, data URI, loopback URL, chunked), explicit,
// rename, destroy, tags, context, metadata, generate_archive, download, download_backup.
const http = require('node:http');
const crypto = require('node:crypto');
const path = require('node:path');
const { fail, missing, notFound } = require('./errors');
const { Blob, BlobWriter } = require('./blob');
const { Params } = require('./params');
const {
	parseContext,
	parseMetadata,
	parseEager,
	parseAccessControl,
	isoSeconds,
} = require('./codec');
const { applyChanges, notifyDiffs } = require('./mutations');
const { isLoopbackUrl } = require('./notifications');
const { writeZip } = require('./zip');
const A = require('./assumptions');

const MIN_CHUNK = 5 * 1024 * 1024;
const ANALYSE_WHOLE_LIMIT = 64 * 1024 * 1024;
const CHUNK_SESSION_TTL_MS = 24 * 3600 * 1000;
const TYPES = new Set(['upload', 'private', 'authenticated']);
const MAX_BULK_IDS = 1000;
const UNSIGNED_ALLOWED = new Set([
	'upload_preset',
	'public_id',
	'folder',
	'asset_folder',
	'display_name',
	'tags',
	'context',
	'face_coordinates',
	'regions',
	'custom_coordinates',
	'file',
	'resource_type',
	'cloud_name',
	'metadata',
]);

function randomId(length) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

function splitExt(name) {
	const base = path.posix.basename(String(name ?? ''));
	const i = base.lastIndexOf('.');
	return i > 0
		? { stem: base.slice(0, i), ext: base.slice(i + 1).toLowerCase() }
		: { stem: base, ext: '' };
}

function sanitiseFilename(stem) {
	return stem.replace(/[?&#\\%<>+\s]+/g, '_').replace(/^_+|_+$/g, '') || 'file';
}

function trimSlashes(s) {
	return String(s ?? '').replace(/^\/+|\/+$/g, '');
}

/**
 * Upload params seen through an upload preset: request values win (signed); preset wins for what
 * unsigned may not set.
 */
function withPreset(params, preset, unsigned) {
	if (!preset) return params;
	const merged = new Params();
	for (const [k, v] of Object.entries(preset.settings ?? {})) {
		if (v === undefined || v === null) continue;
		if (Array.isArray(v)) merged.setJson(k, v);
		else
			merged.add(
				k,
				typeof v === 'boolean'
					? v
						? 'true'
						: 'false'
					: typeof v === 'object'
						? JSON.stringify(v)
						: String(v),
			);
	}
	for (const k of params.keys()) {
		if (unsigned && !UNSIGNED_ALLOWED.has(k)) continue;
		const e = params.map.get(k);
		merged.map.set(k, { ...e, values: [...e.values] });
	}
	merged.file = params.file;
	return merged;
}

/** Tags from `tag` (the SDK's field: a comma list) and `tags` (array or comma list). */
function tagList(params) {
	const out = [];
	for (const key of ['tag', 'tags']) {
		const v = params.get(key);
		if (v === undefined || v === null || v === '') continue;
		if (Array.isArray(v)) {
			for (const t of v) {
				const s = String(t).trim();
				if (s.includes(',')) throw fail(400, A.messages.tagComma(s));
				if (s) out.push(s);
			}
		} else out.push(...params.list(key));
	}
	for (const t of out)
		if (t.length > 255)
			throw fail(400, `Tag is too long (max 255 characters) - ${t.slice(0, 40)}...`);
	return [...new Set(out)];
}

function createUploadApi(ctx) {
	const { store, views, notifier, media } = ctx;

	// ------------------------------------------------------------ sources

	function fetchLoopback(url, redirects = 3) {
		return new Promise((resolve, reject) => {
			const req = http.get(url, { timeout: 30000 }, async (res) => {
				try {
					if (
						res.statusCode >= 300 &&
						res.statusCode < 400 &&
						res.headers.location &&
						redirects > 0
					) {
						res.resume();
						const next = new URL(res.headers.location, url).toString();
						if (!isLoopbackUrl(next)) return reject(fail(400, A.messages.nonLoopbackUrl(next)));
						return resolve(await fetchLoopback(next, redirects - 1));
					}
					if (res.statusCode !== 200) {
						res.resume();
						return reject(
							fail(
								400,
								`Error in loading ${url} - ${res.statusCode} ${http.STATUS_CODES[res.statusCode] ?? ''}`.trim(),
							),
						);
					}
					const writer = new BlobWriter(store.blobDir);
					for await (const chunk of res) await writer.write(chunk);
					resolve(await writer.end());
				} catch (e) {
					reject(e);
				}
			});
			req.on('timeout', () => req.destroy(new Error('timed out')));
			req.on('error', (e) => reject(fail(400, `Error in loading ${url} - ${e.message}`)));
		});
	}

	async function resolveSource(params) {
		if (params.file) return { blob: params.file.blob, filename: params.file.filename };
		const file = params.get('file');
		if (file === undefined || file === null || file === '') throw missing('file');
		const s = String(file);
		const dataUri = /^data:([^;,]*)((?:;[^;,]*)*),/i.exec(s.slice(0, 512));
		if (dataUri) {
			const payload = s.slice(dataUri[0].length);
			const isBase64 = /;base64/i.test(dataUri[2]);
			const buffer = isBase64
				? Buffer.from(payload, 'base64')
				: Buffer.from(decodeURIComponent(payload), 'utf8');
			return { blob: await Blob.store(buffer, store.blobDir), filename: null };
		}
		if (/^https?:\/\//i.test(s)) {
			if (!isLoopbackUrl(s.replace(/^https:/i, 'http:')) || /^https:/i.test(s))
				throw fail(400, A.messages.nonLoopbackUrl(s));
			const blob = await fetchLoopback(s);
			const name = decodeURIComponent(new URL(s).pathname.split('/').pop() || '');
			return { blob, filename: name || null, sourceUrl: s };
		}
		if (/^(s3|gs|ftp|sftp):/i.test(s)) throw fail(400, A.messages.nonLoopbackUrl(s));
		throw fail(
			400,
			`Invalid file parameter - expected a file, a data URI or a URL (got "${s.slice(0, 60)}")`,
		);
	}

	// ------------------------------------------------------------ chunked uploads

	function sweepChunkSessions() {
		const now = ctx.clock.now();
		for (const [id, s] of store.state.chunks) {
			if (now - s.lastAt > CHUNK_SESSION_TTL_MS) {
				s.dispose();
				store.state.chunks.delete(id);
			}
		}
	}

	/**
	 * One chunk (X-Unique-Upload-Id + Content-Range). Returns { final:false, received } or {
	 * final:true, blob, filename }.
	 */
	async function acceptChunk(uploadId, rangeHeader, params) {
		const m = /^bytes\s+(\d+)-(\d+)\/(\d+|-1|\*)$/i.exec(String(rangeHeader).trim());
		if (!m) throw fail(400, `Invalid Content-Range header - ${rangeHeader}`);
		const start = Number(m[1]);
		const end = Number(m[2]);
		const total = m[3] === '-1' || m[3] === '*' ? -1 : Number(m[3]);
		let part;
		let filename = null;
		if (params.file) {
			part = params.file.blob;
			filename = params.file.filename;
		} else if (params.has('file')) {
			const src = await resolveSource(params);
			part = src.blob;
		} else throw missing('file');
		if (end < start || part.size !== end - start + 1) {
			part.dispose();
			throw fail(
				400,
				`Content-Range ${rangeHeader} does not match the chunk size (${part.size} bytes)`,
			);
		}
		if (total !== -1 && end + 1 > total) {
			part.dispose();
			throw fail(400, `Content-Range ${rangeHeader} goes past the total size`);
		}
		const isFinal = total !== -1 && end + 1 === total;
		if (!isFinal && part.size < MIN_CHUNK) {
			part.dispose();
			throw fail(400, 'All parts except EOF-chunk must be larger than 5mb');
		}
		sweepChunkSessions();
		let session = store.state.chunks.get(uploadId);
		if (!session) {
			session = {
				parts: new Map(),
				total: -1,
				filename: null,
				lastAt: ctx.clock.now(),
				dispose() {
					for (const p of this.parts.values()) p.dispose();
					this.parts.clear();
				},
			};
			store.state.chunks.set(uploadId, session);
		}
		session.lastAt = ctx.clock.now();
		if (filename && !session.filename) session.filename = filename;
		const old = session.parts.get(start);
		if (old) old.dispose();
		session.parts.set(start, part);
		if (total !== -1) session.total = total;
		const received = [...session.parts.values()].reduce((s, p) => s + p.size, 0);
		if (session.total === -1 || received < session.total) return { final: false, received };
		// complete? parts must tile [0, total)
		const ordered = [...session.parts.entries()].sort((a, b) => a[0] - b[0]);
		let pos = 0;
		for (const [s, p] of ordered) {
			if (s !== pos) return { final: false, received };
			pos += p.size;
		}
		if (pos !== session.total) return { final: false, received };
		store.state.chunks.delete(uploadId);
		const blob = new Blob(ordered.flatMap(([, p]) => p.segments));
		return { final: true, blob, filename: session.filename };
	}

	// ------------------------------------------------------------ analysis, derivation

	async function analyse(blob, filename, resourceType) {
		const whole = blob.size <= ANALYSE_WHOLE_LIMIT;
		const buffer = whole ? await blob.read() : await blob.readHead(4 * 1024 * 1024);
		let info;
		try {
			info = await media.analyseMedia(buffer, { filename: filename ?? undefined, resourceType });
		} catch (error) {
			ctx.log(`analyseMedia failed: ${error.message}`);
			info = { resourceType: 'raw' };
		}
		if (!whole && resourceType !== 'raw' && info.resourceType === 'raw') {
			// too big to analyse whole: trust the extension for the type only
			const { ext } = splitExt(filename);
			if (media.VIDEO_FORMATS?.has(ext) || media.AUDIO_FORMATS?.has(ext))
				info = { resourceType: 'video', format: ext, isAudio: media.AUDIO_FORMATS?.has(ext) };
		}
		return { ...info, bytes: blob.size, etag: await blob.md5() };
	}

	/** Applies one transformation to an asset (eager/explicit): real bytes from the media module. */
	async function derive(asset, transformation, format) {
		const source = await store.getBytes(asset);
		let r;
		try {
			r = await media.applyTransformation(source, transformation, format ?? asset.format, {
				resolveNamedTransformation: (name) => store.resolveNamedTransformation(name),
			});
		} catch (error) {
			throw fail(error.status && error.status < 500 ? 400 : 500, error.message);
		}
		const entry = store.recordDerived(asset, {
			transformation,
			format: r.format,
			bytes: r.buffer,
			width: r.width,
			height: r.height,
		});
		const u = views.url(asset, { transformation, format: r.format });
		return {
			transformation,
			width: r.width,
			height: r.height,
			bytes: r.bytes ?? r.buffer.length,
			format: r.format,
			url: u,
			secure_url: u,
			id: entry.id,
		};
	}

	async function runEager(asset, eagerList) {
		const out = [];
		for (const e of eagerList) {
			const d = await derive(asset, e.transformation, e.format);
			out.push({
				transformation: d.transformation + (e.format ? `/${e.format}` : ''),
				width: d.width,
				height: d.height,
				bytes: d.bytes,
				format: d.format,
				url: d.url,
				secure_url: d.secure_url,
			});
		}
		return out;
	}

	/** eager_async: answer "processing" now, derive in the background, then notify. */
	function scheduleEager(asset, eagerList, notificationUrl) {
		const batchId = crypto.randomBytes(16).toString('hex');
		const pending = eagerList.map((e) => {
			const u = views.url(asset, {
				transformation: e.transformation,
				format: e.format ?? undefined,
			});
			return { status: 'processing', batch_id: batchId, url: u, secure_url: u };
		});
		setImmediate(async () => {
			let eager;
			let error;
			try {
				eager = await runEager(asset, eagerList);
			} catch (e) {
				error = e.message;
			}
			const body = notifier.envelope('eager', {
				batch_id: batchId,
				asset_id: asset.assetId,
				public_id: asset.publicId,
				resource_type: asset.resourceType,
				type: asset.type,
				eager:
					eager ??
					eagerList.map((e) => ({
						transformation: e.transformation,
						status: 'failed',
						reason: error,
					})),
			});
			notifier.dispatch('eager', body, { notificationUrl });
		});
		return pending;
	}

	// ------------------------------------------------------------ upload

	function commonChanges(p, { forNew }) {
		const out = {};
		if (p.has('tags')) out.tags = tagList(pickParams(p, ['tags']));
		if (p.has('context')) out.context = parseContext(p.get('context'));
		if (p.has('metadata')) out.metadataInput = parseMetadata(p.get('metadata'));
		if (p.has('access_control')) out.accessControl = parseAccessControl(p.get('access_control'));
		if (p.has('display_name')) out.displayName = p.str('display_name');
		if (forNew === false && p.has('asset_folder'))
			out.assetFolder = trimSlashes(p.str('asset_folder'));
		return out;
	}

	function pickParams(p, keys) {
		const out = new Params();
		for (const k of keys) if (p.map.has(k)) out.map.set(k, p.map.get(k));
		return out;
	}

	/** Everything after the bytes are known: naming, overwrite rules, record, eager, notifications. */
	async function ingest({ p, rt, source, unsigned }) {
		const requested = rt === 'auto' ? 'auto' : rt;
		const info = await analyse(source.blob, source.filename, requested);
		const resourceType = requested === 'auto' ? info.resourceType : requested;
		if (requested === 'image' && info.resourceType !== 'image')
			throw fail(400, 'Invalid image file');
		if (requested === 'video' && info.resourceType !== 'video')
			throw fail(400, 'Invalid video file');
		const { stem, ext } = splitExt(source.filename ?? '');
		const format = resourceType === 'raw' ? undefined : (info.format ?? (ext || undefined));

		const allowed = p.list('allowed_formats').map((f) => f.toLowerCase());
		if (allowed.length && !allowed.includes(String(format ?? ext).toLowerCase()))
			throw fail(400, A.messages.formatNotAllowed(resourceType, format ?? ext));

		const type = p.str('type', 'upload');
		if (!TYPES.has(type))
			throw fail(400, `Invalid type ${type}. Must be one of: upload, private, authenticated`);

		// public_id
		const folder = trimSlashes(p.str('folder', ''));
		const assetFolder = p.has('asset_folder') ? trimSlashes(p.str('asset_folder')) : folder;
		let publicId = p.str('public_id');
		const originalStem = source.filename ? sanitiseFilename(stem) : null;
		if (publicId) publicId = trimSlashes(publicId);
		else if (p.bool('use_filename', false) && originalStem) {
			const unique = p.bool('unique_filename', true);
			const base = unique ? `${originalStem}_${randomId(6)}` : originalStem;
			publicId = resourceType === 'raw' && ext ? `${base}.${ext}` : base;
		} else publicId = randomId(20) + (resourceType === 'raw' && ext ? `.${ext}` : '');
		// `folder` always prefixes (also a public_id that already starts with it: covers/covers/x)
		if (folder) publicId = `${folder}/${publicId}`;
		if (p.has('public_id_prefix'))
			publicId = `${trimSlashes(p.str('public_id_prefix'))}/${publicId}`;
		if (p.bool('use_asset_folder_as_public_id_prefix', false) && assetFolder)
			publicId = `${assetFolder}/${publicId}`;
		if (!publicId || publicId.length > 255) throw fail(400, `Invalid public_id ${publicId}`);

		const existing = store.get(resourceType, type, publicId);
		const overwrite = p.bool('overwrite', !unsigned);
		if (existing && !overwrite) {
			source.blob.dispose();
			await store.materialize(existing);
			return {
				asset: existing,
				response: views.uploadResponse(existing, { existing: true }),
				existing: true,
			};
		}

		// validate everything before any state changes
		const changes = commonChanges(p, { forNew: !existing });
		let metadata = null;
		if (changes.metadataInput)
			metadata = store.metadata.validate(changes.metadataInput, {
				clearInvalid: p.bool('clear_invalid', false),
			});
		const eagerList = p.has('eager') ? parseEager(p.get('eager')) : [];
		const moderation = p.str('moderation');

		const now = ctx.clock.now();
		const version = store.nextVersion(resourceType, type, publicId);
		const versionId = store.newVersionId();
		const displayName =
			changes.displayName ??
			(p.bool('use_filename_as_display_name', false) && source.filename
				? stem
				: publicId.split('/').pop());
		let asset;
		if (existing) {
			asset = existing;
			if (asset.blob && !asset.versions.some((v) => v.blob === asset.blob)) asset.blob.dispose();
			asset.derived = [];
			if (p.has('asset_folder') || p.has('folder')) asset.assetFolder = assetFolder;
			if (changes.displayName) asset.displayName = changes.displayName;
		} else {
			asset = {
				assetId: store.newAssetId(),
				publicId,
				resourceType,
				type,
				seq: store.nextSeq(),
				tags: [],
				context: {},
				metadata: store.metadata.defaults(),
				accessControl: null,
				accessMode: 'public',
				moderation: [],
				derived: [],
				versions: [],
				lastUpdated: {},
				assetFolder,
				displayName,
				backup: true,
			};
		}
		Object.assign(asset, {
			format,
			version,
			versionId,
			createdAt: now, // an overwrite moves created_at to the new upload (assumptions: overwrite-resets)
			uploadedAt: now,
			bytes: info.bytes,
			etag: info.etag,
			blob: source.blob,
			seed: null,
			seedPromise: null,
			width: info.width,
			height: info.height,
			colorSpace: info.colorSpace,
			pages: info.pages,
			duration: info.duration,
			isAudio: Boolean(info.isAudio),
			audio: info.isAudio ? { sampleRate: info.audio?.frequency ?? info.sampleRate } : undefined,
			palette: undefined,
			originalFilename: source.filename ? stem : 'file',
			originalExtension: ext || undefined,
		});
		if (changes.tags) asset.tags = changes.tags;
		if (changes.context)
			asset.context = Object.fromEntries(
				Object.entries(changes.context).filter(([, v]) => v !== ''),
			);
		if (metadata) {
			for (const [k, v] of Object.entries(metadata)) {
				if (v === null) delete asset.metadata[k];
				else asset.metadata[k] = v;
			}
		}
		if (!existing) {
			const missingMandatory = store.metadata.mandatoryMissing(asset.metadata);
			if (missingMandatory.length)
				throw fail(400, A.messages.metadataMandatory(missingMandatory[0]));
		}
		if (changes.accessControl)
			asset.accessControl = changes.accessControl.length ? changes.accessControl : null;
		if (moderation)
			asset.moderation = [
				{ kind: moderation.split(':')[0], status: 'pending', updated_at: isoSeconds(now) },
			];
		store.addVersion(asset, {
			blob: source.blob,
			format,
			bytes: info.bytes,
			version,
			versionId,
			atMs: now,
		});
		const createdFolders = store.put(asset);

		let eager;
		const notificationUrl = p.str('notification_url');
		if (eagerList.length) {
			eager = p.bool('eager_async', false)
				? scheduleEager(asset, eagerList, p.str('eager_notification_url') ?? notificationUrl)
				: await runEager(asset, eagerList);
		}
		const response = views.uploadResponse(asset, { eager });
		for (const f of createdFolders)
			notifier.dispatch(
				'create_folder',
				notifier.envelope('create_folder', { folder_path: f, folder_name: f.split('/').pop() }),
			);
		notifier.dispatch('upload', notifier.envelope('upload', { ...response }), { notificationUrl });
		return { asset, response };
	}

	async function upload(req, p, rt, auth) {
		if (!['image', 'video', 'raw', 'auto'].includes(rt))
			throw fail(400, `Invalid resource_type ${rt}`);
		const unsigned = auth.mode === 'unsigned';
		const params = withPreset(
			p,
			auth.preset ??
				(p.has('upload_preset') ? store.state.presets.get(p.str('upload_preset')) : undefined),
			unsigned,
		);
		const uploadId = req.headers['x-unique-upload-id'];
		const range = req.headers['content-range'];
		let source;
		if (uploadId && range) {
			const r = await acceptChunk(String(uploadId), range, params);
			if (!r.final) {
				return {
					done: false,
					bytes: r.received,
					upload_id: String(uploadId),
					resource_type: rt === 'auto' ? undefined : rt,
					public_id: params.str('public_id'),
				};
			}
			source = { blob: r.blob, filename: r.filename };
		} else source = await resolveSource(params);

		if (params.bool('async', false)) {
			const batchId = crypto.randomBytes(16).toString('hex');
			const notificationUrl = params.str('notification_url');
			setImmediate(() => {
				ingest({ p: params, rt, source, unsigned }).catch((error) => {
					notifier.dispatch(
						'error',
						notifier.envelope('error', { batch_id: batchId, error: { message: error.message } }),
						{ notificationUrl },
					);
				});
			});
			const out = { status: 'pending', batch_id: batchId, type: params.str('type', 'upload') };
			if (params.has('public_id')) out.public_id = params.str('public_id');
			if (rt !== 'auto') out.resource_type = rt;
			return out;
		}
		try {
			return (await ingest({ p: params, rt, source, unsigned })).response;
		} catch (error) {
			if (!store.all().some((a) => a.blob === source.blob)) source.blob.dispose();
			throw error;
		}
	}

	// ------------------------------------------------------------ explicit, rename, destroy

	async function explicit(p, rt) {
		const publicId = p.str('public_id');
		if (!publicId) throw missing('public_id');
		const type = p.str('type', 'upload');
		const asset = store.get(rt, type, publicId);
		if (!asset) throw notFound(publicId);
		await store.materialize(asset);
		const changes = commonChanges(p, { forNew: false });
		if (changes.metadataInput)
			changes.metadata = store.metadata.validate(changes.metadataInput, {
				clearInvalid: p.bool('clear_invalid', false),
			});
		if (changes.context) changes.contextMode = 'replace';
		if (p.has('moderation_status')) changes.moderationStatus = p.str('moderation_status');
		const eagerList = p.has('eager') ? parseEager(p.get('eager')) : [];
		const diff = applyChanges(ctx, asset, changes);
		const notificationUrl = p.str('notification_url');
		notifyDiffs(ctx, [{ asset, diff }]);
		let eager;
		if (eagerList.length)
			eager = p.bool('eager_async', false)
				? scheduleEager(asset, eagerList, p.str('eager_notification_url') ?? notificationUrl)
				: await runEager(asset, eagerList);
		const response = views.uploadResponse(asset, { eager });
		if (notificationUrl)
			notifier.dispatch('explicit', notifier.envelope('upload', { ...response }), {
				notificationUrl,
			});
		return response;
	}

	async function rename(p, rt) {
		const from = p.str('from_public_id');
		const to = p.str('to_public_id');
		if (!from) throw missing('from_public_id');
		if (!to) throw missing('to_public_id');
		const type = p.str('type', 'upload');
		const toType = p.str('to_type', type);
		if (!TYPES.has(toType)) throw fail(400, `Invalid to_type ${toType}`);
		const asset = store.get(rt, type, from);
		if (!asset) throw notFound(from);
		const target = store.get(rt, toType, trimSlashes(to));
		if (target && target !== asset) {
			if (!p.bool('overwrite', false)) throw fail(400, A.messages.renameExists(to));
			store.remove(target);
		}
		const now = ctx.clock.now();
		store.rekey(asset, { publicId: trimSlashes(to), type: toType });
		store.state.byAssetId.set(asset.assetId, asset);
		asset.lastUpdated.public_id_updated_at = now;
		await store.materialize(asset);
		const response = views.uploadResponse(asset);
		if (!p.bool('context', true)) delete response.context;
		if (!p.bool('metadata', true)) delete response.metadata;
		notifier.dispatch(
			'rename',
			notifier.envelope('rename', {
				asset_id: asset.assetId,
				from_public_id: from,
				to_public_id: asset.publicId,
				resource_type: rt,
				type,
				to_type: toType,
				version: asset.version,
			}),
			{ notificationUrl: p.str('notification_url') },
		);
		return response;
	}

	function destroy(p, rt) {
		const publicId = p.str('public_id');
		if (!publicId) throw missing('public_id');
		const type = p.str('type', 'upload');
		const asset = store.get(rt, type, publicId);
		if (!asset) return { result: 'not found' };
		store.remove(asset);
		notifier.dispatch(
			'delete',
			notifier.envelope('delete', {
				resources: [
					{
						resource_type: rt,
						type,
						asset_id: asset.assetId,
						public_id: asset.publicId,
						version: asset.version,
					},
				],
			}),
			{ notificationUrl: p.str('notification_url') },
		);
		return { result: 'ok' };
	}

	// ------------------------------------------------------------ bulk tags / context / metadata

	function bulkTargets(p, rt) {
		const ids = p.list('public_ids');
		if (!ids.length) throw missing('public_ids');
		const type = p.str('type', 'upload');
		const found = [];
		for (const id of ids.slice(0, MAX_BULK_IDS)) {
			const a = store.get(rt, type, id);
			if (a && !found.includes(a)) found.push(a);
		}
		return { found, type };
	}

	function tags(p, rt) {
		const command = p.str('command');
		if (!command) throw missing('command');
		if (!['add', 'remove', 'replace', 'remove_all', 'set_exclusive'].includes(command)) {
			throw fail(
				400,
				`Invalid command - ${command}. Must be one of: add, remove, replace, remove_all`,
			);
		}
		const list = tagList(p);
		if (command !== 'remove_all' && !list.length) throw missing('tag');
		const ids = p.list('public_ids');
		if (Math.min(ids.length, MAX_BULK_IDS) * Math.max(1, list.length) > 10000)
			throw fail(400, 'Too many tags and public_ids combined (max 10000)');
		const { found, type } = bulkTargets(p, rt);
		const entries = [];
		for (const asset of found) {
			const changes = {};
			if (command === 'add' || command === 'set_exclusive') changes.addTags = list;
			else if (command === 'remove') changes.removeTags = list;
			else if (command === 'replace') changes.tags = list;
			else changes.tags = [];
			const diff = applyChanges(ctx, asset, changes);
			entries.push({ asset, diff });
		}
		if (command === 'set_exclusive') {
			for (const other of store.all()) {
				if (other.resourceType !== rt || other.type !== type || found.includes(other)) continue;
				if (!other.tags.some((t) => list.includes(t))) continue;
				entries.push({ asset: other, diff: applyChanges(ctx, other, { removeTags: list }) });
			}
		}
		notifyDiffs(ctx, entries, { notificationUrl: p.str('notification_url') });
		return { public_ids: found.map((a) => a.publicId) };
	}

	function contextCommand(p, rt) {
		const command = p.str('command');
		if (!command) throw missing('command');
		if (!['add', 'remove_all'].includes(command))
			throw fail(400, `Invalid command - ${command}. Must be one of: add, remove_all`);
		let context = null;
		if (command === 'add') {
			if (!p.has('context')) throw missing('context');
			context = parseContext(p.get('context'));
			if (!context || !Object.keys(context).length) throw missing('context');
		}
		const { found } = bulkTargets(p, rt);
		const entries = found.map((asset) => ({
			asset,
			diff: applyChanges(
				ctx,
				asset,
				command === 'add' ? { context, contextMode: 'merge' } : { contextMode: 'clear' },
			),
		}));
		notifyDiffs(ctx, entries, { notificationUrl: p.str('notification_url') });
		return { public_ids: found.map((a) => a.publicId) };
	}

	function metadataCommand(p, rt) {
		if (!p.has('metadata')) throw missing('metadata');
		const input = parseMetadata(p.get('metadata'));
		const metadata = store.metadata.validate(input, {
			clearInvalid: p.bool('clear_invalid', false),
		});
		const { found } = bulkTargets(p, rt);
		const entries = found.map((asset) => ({ asset, diff: applyChanges(ctx, asset, { metadata }) }));
		notifyDiffs(ctx, entries, { notificationUrl: p.str('notification_url') });
		return { public_ids: found.map((a) => a.publicId) };
	}

	// ------------------------------------------------------------ archives and downloads

	async function generateArchive(p, rt) {
		const mode = p.str('mode', 'create');
		if (!['create', 'download', 'create_and_download'].includes(mode))
			throw fail(
				400,
				`Invalid mode ${mode}. Must be one of: create, download, create_and_download`,
			);
		const targetFormat = p.str('target_format', 'zip');
		if (targetFormat !== 'zip')
			throw fail(400, `target_format ${targetFormat} is not supported by the sandbox (use zip)`);
		const types = rt === 'all' ? ['image', 'video', 'raw'] : [rt];
		const type = p.str('type', 'upload');
		const ids = p.list('public_ids');
		const tagsWanted = p.list('tags');
		const prefixes = p.list('prefixes');
		const fq = p.list('fully_qualified_public_ids');
		if (ids.length > 1000) throw fail(400, 'Too many public_ids (max 1000)');
		if (tagsWanted.length > 20 || prefixes.length > 20)
			throw fail(400, 'Too many tags or prefixes (max 20)');
		if (!ids.length && !tagsWanted.length && !prefixes.length && !fq.length)
			throw fail(
				400,
				'Must specify at least one of public_ids, tags, prefixes or fully_qualified_public_ids',
			);
		const chosen = new Set();
		for (const id of ids) {
			const a = types.map((t) => store.get(t, type, id)).find(Boolean);
			if (!a) {
				if (!p.bool('allow_missing', false)) throw notFound(id);
				continue;
			}
			chosen.add(a);
		}
		for (const f of fq) {
			const [frt, ftype, ...rest] = f.split('/');
			const a = store.get(frt, ftype, rest.join('/'));
			if (!a) {
				if (!p.bool('allow_missing', false)) throw notFound(f);
				continue;
			}
			chosen.add(a);
		}
		for (const a of store.all()) {
			if (!types.includes(a.resourceType) || a.type !== type) continue;
			if (
				tagsWanted.some((t) => a.tags.includes(t)) ||
				prefixes.some((pre) => a.publicId.startsWith(pre))
			)
				chosen.add(a);
		}
		const assets = [...chosen].sort((a, b) => a.publicId.localeCompare(b.publicId));
		await store.materializeAll(assets);
		const names = new Map();
		const entries = assets.map((a) => {
			let base = p.bool('flatten_folders', false) ? a.publicId.split('/').pop() : a.publicId;
			if (p.bool('use_original_filename', false) && a.originalFilename) base = a.originalFilename;
			let name = a.resourceType === 'raw' || !a.format ? base : `${base}.${a.format}`;
			const n = names.get(name) ?? 0;
			names.set(name, n + 1);
			if (n) name = name.replace(/(\.[^./]+)?$/, `_${n}$1`);
			return { name, blob: a.blob, mtime: a.uploadedAt ?? a.createdAt };
		});
		const out = path.join(store.blobDir, `archive-${crypto.randomBytes(8).toString('hex')}.zip`);
		const { size } = await writeZip(entries, out);
		const blob = new Blob([{ path: out, size }]);

		let response;
		if (mode === 'create' || mode === 'create_and_download') {
			let publicId = p.str('target_public_id') ?? randomId(20);
			if (!publicId.endsWith('.zip')) publicId += '.zip';
			const now = ctx.clock.now();
			const existing = store.get('raw', 'upload', publicId);
			const version = store.nextVersion('raw', 'upload', publicId);
			const asset = existing ?? {
				assetId: store.newAssetId(),
				publicId,
				resourceType: 'raw',
				type: 'upload',
				seq: store.nextSeq(),
				tags: [],
				context: {},
				metadata: {},
				accessControl: null,
				accessMode: 'public',
				moderation: [],
				derived: [],
				versions: [],
				lastUpdated: {},
				assetFolder: trimSlashes(p.str('target_asset_folder', '')),
				displayName: publicId
					.replace(/\.zip$/, '')
					.split('/')
					.pop(),
				backup: true,
			};
			Object.assign(asset, {
				format: undefined,
				version,
				versionId: store.newVersionId(),
				createdAt: now,
				uploadedAt: now,
				bytes: size,
				etag: await blob.md5(),
				blob,
				originalFilename: publicId
					.replace(/\.zip$/, '')
					.split('/')
					.pop(),
			});
			if (p.has('target_tags')) asset.tags = p.list('target_tags');
			store.addVersion(asset, {
				blob,
				format: undefined,
				bytes: size,
				version: asset.version,
				versionId: asset.versionId,
				atMs: now,
			});
			store.put(asset);
			response = views.uploadResponse(asset, {
				extra: { resource_count: assets.length, file_count: entries.length },
			});
			notifier.dispatch(
				'generate_archive',
				notifier.envelope('generate_archive', { ...response }),
				{ notificationUrl: p.str('notification_url') },
			);
		}
		if (mode === 'create') return response;
		const filename = `${(p.str('target_public_id') ?? 'archive')
			.replace(/\.zip$/, '')
			.split('/')
			.pop()}.zip`;
		return {
			raw: { blob, contentType: 'application/zip', filename, disposeAfter: mode === 'download' },
		};
	}

	function download(p, rt) {
		const publicId = p.str('public_id');
		if (!publicId) throw missing('public_id');
		const type = p.str('type', 'upload');
		const asset = rt === 'auto' ? store.findAnyType(type, publicId) : store.get(rt, type, publicId);
		if (!asset) throw notFound(publicId);
		if (p.has('expires_at') && Number(p.str('expires_at')) < ctx.clock.nowSeconds())
			throw fail(400, `Download link expired (expires_at ${p.str('expires_at')})`);
		const fmt = p.str('format');
		if (fmt && asset.format && fmt !== asset.format)
			throw fail(
				400,
				`Format conversion (${asset.format} -> ${fmt}) is not supported on the download API in the sandbox`,
			);
		return store.materialize(asset).then(() => ({
			raw: {
				blob: asset.blob,
				contentType: media.contentTypeFor
					? media.contentTypeFor(asset.format, asset.resourceType)
					: 'application/octet-stream',
				filename: p.bool('attachment', false)
					? asset.publicId.split('/').pop() +
						(asset.format && asset.resourceType !== 'raw' ? `.${asset.format}` : '')
					: null,
			},
		}));
	}

	async function downloadBackup(p) {
		const assetId = p.str('asset_id');
		const versionId = p.str('version_id');
		if (!assetId) throw missing('asset_id');
		if (!versionId) throw missing('version_id');
		const asset = store.byAssetId(assetId) ?? store.state.trashByAssetId.get(assetId);
		if (!asset) throw fail(404, `Invalid asset_id: ${assetId}`);
		await store.materialize(asset);
		const v = asset.versions.find((x) => x.versionId === versionId);
		const blob = v?.blob ?? (v && v.versionId === asset.versionId ? asset.blob : null);
		if (!blob) throw fail(404, `Invalid version_id: ${versionId}`);
		return {
			raw: {
				blob,
				contentType: 'application/octet-stream',
				filename: `${asset.publicId.split('/').pop()}${v.format ? `.${v.format}` : ''}`,
			},
		};
	}

	return {
		upload,
		explicit,
		rename,
		destroy,
		tags,
		context: contextCommand,
		metadata: metadataCommand,
		generateArchive,
		download,
		downloadBackup,
		derive,
	};
}

module.exports = { createUploadApi, tagList, MIN_CHUNK };
