'use strict';
// The emulator's state: assets (with versions, derived resources and bytes), deleted assets kept
// for restore, folders, structured metadata fields, upload presets, triggers, chunked-upload
// sessions and the usage counters. Seeded assets get their bytes lazily from the media module
// (rendered in the background right after seeding; anything that reports bytes/etag awaits them).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Blob } = require('./blob');
const { MetadataRegistry } = require('./metadata');
const { isoSeconds } = require('./codec');

const BACKGROUND_RENDER_CONCURRENCY = 2;
const MAX_KEPT_VERSIONS = 10;
// Backups cost disk: older versions (and deleted assets) keep their bytes only within this budget
// per asset; beyond it they are listed with restorable:false (benchmarks upload 1 GiB files).
const BACKUP_BUDGET_BYTES = 256 * 1024 * 1024;

const SNAKE_ALIASES = {
	public_id: 'publicId',
	resource_type: 'resourceType',
	asset_id: 'assetId',
	access_mode: 'accessMode',
	access_control: 'accessControl',
	asset_folder: 'assetFolder',
};
const ASSET_ALIASES = Object.create(
	Object.prototype,
	Object.fromEntries(
		Object.entries(SNAKE_ALIASES).map(([snake, camel]) => [
			snake,
			{
				get() {
					return this[camel];
				},
				enumerable: false,
			},
		]),
	),
);

function hex32(...parts) {
	return crypto.createHash('md5').update(parts.join('\u0000')).digest('hex');
}

function randomHex32() {
	return crypto.randomBytes(16).toString('hex');
}

function assetKey(resourceType, type, publicId) {
	return `${resourceType}\u0000${type}\u0000${publicId}`;
}

function dayKey(ms) {
	return new Date(ms).toISOString().slice(0, 10);
}

function createStore({ clock, tmpDir, media, log = () => {} }) {
	const blobDir = path.join(tmpDir, 'blobs');
	fs.mkdirSync(blobDir, { recursive: true });

	const state = {
		assets: new Map(),
		byAssetId: new Map(),
		trash: new Map(), // key -> deleted asset (restorable)
		trashByAssetId: new Map(),
		lastVersion: new Map(),
		folders: new Map(),
		presets: new Map(),
		triggers: new Map(),
		transformations: new Map(), // named transformations: name -> {name, transformation, allowed_for_strict, createdAt}
		chunks: new Map(),
		usageDays: new Map(),
		metadata: new MetadataRegistry(),
		seq: 0,
		generation: 0,
	};
	let renderQueue = [];
	let renderActive = 0;
	let closed = false;

	// ---- bytes

	// The media module memoises rendered seeds per spec, so re-seeding after a reset is cheap; many
	// seeds of a large catalogue share one picture (one Buffer), hashed once.
	const md5OfBuffer = new WeakMap();
	function renderSeed(spec) {
		return Promise.resolve()
			.then(() => media.renderSeedAsset(spec))
			.then((buffer) => {
				let md5 = md5OfBuffer.get(buffer);
				if (!md5)
					md5OfBuffer.set(buffer, (md5 = crypto.createHash('md5').update(buffer).digest('hex')));
				return { buffer, md5 };
			});
	}

	async function materialize(asset) {
		if (asset.blob) return asset;
		if (!asset.seedPromise) asset.seedPromise = renderSeed(asset.seed);
		let rendered;
		try {
			rendered = await asset.seedPromise;
		} catch (error) {
			log(`seed render failed for ${asset.publicId}: ${error.message}`);
			rendered = {
				buffer: Buffer.alloc(0),
				md5: crypto.createHash('md5').update('').digest('hex'),
			};
			asset.renderError = error.message;
		}
		if (!asset.blob) {
			asset.blob = Blob.fromBuffer(rendered.buffer);
			asset.bytes = rendered.buffer.length;
			asset.etag = rendered.md5;
			const v = asset.versions[asset.versions.length - 1];
			if (v && v.versionId === asset.versionId) {
				v.size = asset.bytes;
				v.blob = asset.blob;
				v.meta.etag = asset.etag;
			}
		}
		return asset;
	}

	async function materializeAll(list) {
		const pending = list.filter((a) => !a.blob);
		if (pending.length) await Promise.all(pending.map(materialize));
		return list;
	}

	function pumpRenders() {
		while (!closed && renderActive < BACKGROUND_RENDER_CONCURRENCY && renderQueue.length) {
			const asset = renderQueue.shift();
			if (asset.blob || asset.seedPromise) continue;
			renderActive++;
			materialize(asset).finally(() => {
				renderActive--;
				pumpRenders();
			});
		}
	}

	async function getBytes(asset) {
		await materialize(asset);
		return asset.blob.read();
	}

	async function openStream(asset) {
		await materialize(asset);
		return asset.blob.stream();
	}

	// ---- assets

	function get(resourceType, type, publicId) {
		return state.assets.get(assetKey(resourceType, type, publicId));
	}

	/** Any resource type (for resource_type=auto lookups and the 'all' archive). */
	function findAnyType(type, publicId) {
		for (const rt of ['image', 'video', 'raw']) {
			const a = get(rt, type, publicId);
			if (a) return a;
		}
		return undefined;
	}

	function nextVersion(resourceType, type, publicId) {
		const key = assetKey(resourceType, type, publicId);
		const now = clock.nowSeconds();
		const v = Math.max(now, (state.lastVersion.get(key) ?? 0) + 1);
		state.lastVersion.set(key, v);
		return v;
	}

	function ensureFolder(folderPath, createdAtMs) {
		if (!folderPath) return [];
		const created = [];
		const segments = folderPath.split('/').filter(Boolean);
		for (let i = 1; i <= segments.length; i++) {
			const p = segments.slice(0, i).join('/');
			if (!state.folders.has(p)) {
				state.folders.set(p, {
					name: segments[i - 1],
					path: p,
					external_id: hex32('folder', p),
					createdAt: createdAtMs ?? clock.now(),
				});
				created.push(p);
			}
		}
		return created;
	}

	/**
	 * snake_case aliases (non-enumerable) for code that reads API-shaped records (the delivery route).
	 * Seeded assets get them from their prototype (ASSET_ALIASES: no per-asset closures for a 20,000
	 * cover catalogue); others get own getters here.
	 */
	function decorate(asset) {
		if ('public_id' in asset) return asset;
		for (const [snake, camel] of Object.entries(SNAKE_ALIASES)) {
			Object.defineProperty(asset, snake, {
				get: () => asset[camel],
				enumerable: false,
				configurable: true,
			});
		}
		return asset;
	}

	function put(asset) {
		decorate(asset);
		const key = assetKey(asset.resourceType, asset.type, asset.publicId);
		const previous = state.assets.get(key);
		if (previous && previous !== asset) state.byAssetId.delete(previous.assetId);
		state.assets.set(key, asset);
		state.byAssetId.set(asset.assetId, asset);
		state.trash.delete(key);
		state.trashByAssetId.delete(asset.assetId);
		const v = state.lastVersion.get(key) ?? 0;
		if (asset.version > v) state.lastVersion.set(key, asset.version);
		return ensureFolder(asset.assetFolder, asset.createdAt);
	}

	/** Removes an asset; it stays restorable (with its kept versions) until reset. */
	function remove(asset, { keepForRestore = true } = {}) {
		const key = assetKey(asset.resourceType, asset.type, asset.publicId);
		if (state.assets.get(key) !== asset) return false;
		state.assets.delete(key);
		state.byAssetId.delete(asset.assetId);
		if (keepForRestore && (asset.bytes ?? 0) > BACKUP_BUDGET_BYTES) keepForRestore = false;
		if (keepForRestore) {
			asset.deletedAt = clock.now();
			const old = state.trash.get(key);
			if (old && old !== asset) disposeAsset(old);
			state.trash.set(key, asset);
			state.trashByAssetId.set(asset.assetId, asset);
		} else disposeAsset(asset);
		return true;
	}

	/** Renames/moves an asset to a new key (rename, to_type). */
	function rekey(asset, { publicId, type }) {
		const oldKey = assetKey(asset.resourceType, asset.type, asset.publicId);
		state.assets.delete(oldKey);
		asset.publicId = publicId;
		asset.type = type;
		state.assets.set(assetKey(asset.resourceType, asset.type, asset.publicId), asset);
	}

	function disposeAsset(asset) {
		const blobs = new Set([asset.blob, ...asset.versions.map((v) => v.blob)].filter(Boolean));
		for (const b of blobs) b.dispose();
	}

	function all() {
		return [...state.assets.values()];
	}

	function byAssetId(id) {
		return state.byAssetId.get(id);
	}

	/** Records a new version (the previous bytes stay restorable, MAX_KEPT_VERSIONS per asset). */
	function addVersion(asset, { blob, format, bytes, version, versionId, atMs }) {
		const meta = {
			width: asset.width,
			height: asset.height,
			colorSpace: asset.colorSpace,
			pages: asset.pages,
			duration: asset.duration,
			isAudio: asset.isAudio,
			etag: asset.etag,
		};
		asset.versions.push({
			versionId,
			version,
			format,
			size: bytes,
			time: atMs,
			blob,
			restorable: true,
			meta,
		});
		while (asset.versions.length > MAX_KEPT_VERSIONS) {
			const dropped = asset.versions.shift();
			if (dropped.blob && dropped.blob !== asset.blob) dropped.blob.dispose();
		}
		let kept = 0;
		for (let i = asset.versions.length - 2; i >= 0; i--) {
			const v = asset.versions[i];
			if (!v.blob || v.blob === asset.blob) continue;
			kept += v.blob.size;
			if (kept > BACKUP_BUDGET_BYTES) {
				v.blob.dispose();
				v.blob = null;
				v.restorable = false;
			}
		}
	}

	// ---- derived resources and usage

	function usageDay(ms = clock.now()) {
		const k = dayKey(ms);
		let d = state.usageDays.get(k);
		if (!d) {
			d = { transformations: 0, bandwidth: 0, requests: 0, derivedBytes: 0 };
			state.usageDays.set(k, d);
		}
		return d;
	}

	/**
	 * Called by the media module (delivery of a transformation) and by eager/explicit: adds or
	 * refreshes the derived entry, so derived[] and the usage counters move.
	 */
	function recordDerived(asset, { transformation, format, bytes, width, height }) {
		const size = Buffer.isBuffer(bytes) ? bytes.length : Number(bytes) || 0;
		const fmt = format ?? asset.format ?? '';
		const t = String(transformation ?? '');
		let entry = asset.derived.find((d) => d.transformation === t && d.format === fmt);
		if (!entry) {
			entry = {
				id: randomHex32(),
				transformation: t,
				format: fmt,
				bytes: size,
				createdAt: clock.now(),
			};
			asset.derived.push(entry);
			usageDay().transformations += 1;
		} else entry.bytes = size;
		if (Buffer.isBuffer(bytes)) entry.buffer = bytes;
		if (width !== undefined) entry.width = width;
		if (height !== undefined) entry.height = height;
		return entry;
	}

	function findDerived(asset, transformation, format) {
		return asset.derived.find(
			(d) => d.transformation === transformation && (!format || d.format === format),
		);
	}

	/** Delivery counters: recordDelivery(asset, { bytes }) (the delivery route) or recordDelivery(bytes). */
	function recordDelivery(assetOrBytes, info) {
		const bytes = typeof assetOrBytes === 'number' ? assetOrBytes : Number(info?.bytes) || 0;
		const d = usageDay();
		d.bandwidth += bytes;
		d.requests += 1;
	}

	// ---- seeding

	function seedAsset(spec) {
		const createdMs = Date.parse(spec.createdAt) || clock.now();
		const version = Math.floor(createdMs / 1000);
		const key = assetKey(spec.resourceType, spec.type ?? 'upload', spec.publicId);
		const image = spec.image ?? null;
		const audio = spec.audio ?? null;
		const asset = Object.assign(Object.create(ASSET_ALIASES), {
			assetId: hex32('seed-asset', key),
			publicId: spec.publicId,
			resourceType: spec.resourceType,
			type: spec.type ?? 'upload',
			format: spec.format,
			version,
			versionId: hex32('seed-version', key, version),
			seq: ++state.seq,
			createdAt: createdMs,
			uploadedAt: createdMs,
			bytes: null,
			etag: null,
			blob: null,
			seed: spec,
			width: image?.width,
			height: image?.height,
			colorSpace: image?.colorSpace,
			pages: image ? 1 : undefined,
			duration: audio?.seconds,
			audio: audio ? { sampleRate: audio.sampleRate } : undefined,
			isAudio: Boolean(audio),
			palette: image?.palette,
			assetFolder: spec.assetFolder ?? '',
			displayName: spec.displayName ?? spec.publicId.split('/').pop(),
			originalFilename: spec.publicId.split('/').pop(),
			tags: [...(spec.tags ?? [])],
			context: { ...(spec.context ?? {}) },
			metadata: JSON.parse(JSON.stringify(spec.metadata ?? {})),
			accessControl: null,
			accessMode: 'public',
			moderation: spec.moderationStatus
				? [{ kind: 'manual', status: spec.moderationStatus, updated_at: isoSeconds(createdMs) }]
				: [],
			derived: [],
			versions: [],
			lastUpdated: {},
			backup: true,
		});
		asset.versions.push({
			versionId: asset.versionId,
			version,
			format: spec.format,
			size: null,
			time: createdMs,
			blob: null,
			restorable: true,
			meta: {
				width: asset.width,
				height: asset.height,
				colorSpace: asset.colorSpace,
				pages: asset.pages,
				duration: asset.duration,
				isAudio: asset.isAudio,
			},
		});
		put(asset);
		return asset;
	}

	function clear() {
		state.generation++;
		renderQueue = [];
		for (const a of state.assets.values()) disposeAsset(a);
		for (const a of state.trash.values()) disposeAsset(a);
		for (const s of state.chunks.values()) s.dispose?.();
		state.assets.clear();
		state.byAssetId.clear();
		state.trash.clear();
		state.trashByAssetId.clear();
		state.lastVersion.clear();
		state.folders.clear();
		state.presets.clear();
		state.triggers.clear();
		state.transformations.clear();
		state.chunks.clear();
		state.usageDays.clear();
		state.seq = 0;
	}

	function load(catalogue) {
		clear();
		const cld = catalogue?.cloudinary ?? {};
		state.metadata.load(cld.metadataFields ?? []);
		for (const p of cld.uploadPresets ?? []) {
			state.presets.set(p.name, {
				name: p.name,
				unsigned: Boolean(p.unsigned),
				settings: { ...(p.settings ?? {}) },
				external_id: hex32('preset', p.name),
				disallow_public_id: false,
				live: false,
			});
		}
		// oldest first, so seq order = creation order
		const specs = (cld.assets ?? [])
			.map((spec) => ({ spec, at: Date.parse(spec.createdAt) }))
			.sort((a, b) => a.at - b.at);
		const seeded = specs.map(({ spec }) => seedAsset(spec));
		renderQueue = seeded.slice();
		setImmediate(pumpRenders);
		return seeded.length;
	}

	/** For t_<name> in delivery and eager transformations. */
	function resolveNamedTransformation(name) {
		return state.transformations.get(name)?.transformation;
	}

	function close() {
		closed = true;
		clear();
	}

	return {
		state,
		assetKey,
		get,
		findByPublicId: get,
		findAnyType,
		byAssetId,
		all,
		put,
		remove,
		rekey,
		nextVersion,
		addVersion,
		ensureFolder,
		materialize,
		materializeAll,
		getBytes,
		openStream,
		recordDerived,
		findDerived,
		resolveNamedTransformation,
		recordDelivery,
		usageDay,
		load,
		seedAsset,
		clear,
		close,
		blobDir,
		newAssetId: randomHex32,
		newVersionId: randomHex32,
		get metadata() {
			return state.metadata;
		},
		nextSeq: () => ++state.seq,
	};
}

module.exports = { createStore, assetKey, hex32, randomHex32, dayKey };
