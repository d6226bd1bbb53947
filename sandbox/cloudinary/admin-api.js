'use strict';
// The Admin API (docs/api-facts.md, "Admin API"): resources (list, by tag/context/moderation/asset ids/asset folder,
// details, update, delete, restore, derived), search, tags, folders, structured metadata fields,
// upload presets, named transformations, triggers, usage, ping, config.
const crypto = require('node:crypto');
const { fail, missing, notFound } = require('./errors');
const { Params } = require('./params');
const {
	parseContext,
	parseMetadata,
	parseAccessControl,
	isoSeconds,
	parseTime,
} = require('./codec');
const { applyChanges, notifyDiffs } = require('./mutations');
const { tagList } = require('./upload-api');
const S = require('./search');
const { dayKey } = require('./store');
const A = require('./assumptions');
const { reply } = require('./router');

const RESOURCE_TYPES = ['image', 'video', 'raw'];
const EVENT_TYPES = new Set([
	'all',
	'access_control_changed',
	'bulk_refresh_auto_fetch',
	'create_folder',
	'delete',
	'delete_by_token',
	'delete_folder',
	'eager',
	'error',
	'explode',
	'generate_archive',
	'info',
	'invalidate_custom_cdn',
	'moderation',
	'moderation_summary',
	'move',
	'move_or_rename_asset_folder',
	'multi',
	'publish',
	'rename',
	'report',
	'resource_context_changed',
	'resource_display_name_changed',
	'resource_metadata_changed',
	'resource_tags_changed',
	'restore_asset_version',
	'sprite',
	'upload',
	'related_assets',
	'proof_status_changed',
]);
const MAX_TRIGGERS_PER_EVENT = 30;
const BOOLEAN_PRESET_SETTINGS = new Set([
	'overwrite',
	'use_filename',
	'unique_filename',
	'use_filename_as_display_name',
	'use_asset_folder_as_public_id_prefix',
	'unique_display_name',
	'discard_original_filename',
	'backup',
	'eager_async',
	'invalidate',
	'colors',
	'faces',
	'image_metadata',
	'media_metadata',
	'phash',
	'quality_analysis',
	'return_delete_token',
	'async',
	'exif',
	'accessibility_analysis',
	'visual_search',
	'cinemagraph_analysis',
]);

const isAssetId = (s) => /^[0-9a-f]{32}$/.test(s);
/** Checks of the path bindings the Admin routes name. */
const ADMIN_PATH_CHECKS = { rt: (s) => RESOURCE_TYPES.includes(s), assetId: isAssetId };

function createAdminApi(ctx) {
	const { store, views, notifier } = ctx;

	// ------------------------------------------------------------ lists

	function maxResults(p, def, min = 1, max = 500) {
		const n = p.int('max_results', def);
		if (n < min || n > max) throw fail(400, A.messages.maxResults(min, max));
		return n;
	}

	function flags(p) {
		return {
			tags: p.bool('tags', false),
			context: p.bool('context', false),
			metadata: p.bool('metadata', false),
			moderations: p.bool('moderations', false),
		};
	}

	async function listAssets(p, filter, { prefix } = {}) {
		const limit = maxResults(p, 10);
		let list = store.all().filter(filter);
		const direction = String(p.str('direction', 'desc')).toLowerCase();
		const asc = direction === 'asc' || direction === '1';
		if (p.has('start_at') && !prefix) {
			const at = parseTime(p.str('start_at'));
			if (Number.isNaN(at)) throw fail(400, `Invalid start_at ${p.str('start_at')}`);
			list = list.filter((a) => (asc ? a.createdAt >= at : a.createdAt <= at));
		}
		const sort =
			prefix !== undefined
				? [{ field: 'public_id', dir: 'asc' }]
				: [{ field: 'created_at', dir: asc ? 'asc' : 'desc' }];
		const keyOf =
			prefix !== undefined
				? (a) => [a.publicId, `${a.resourceType}/${a.type}`]
				: (a) => [a.createdAt, a.seq];
		const res = S.page(list, { sort, keyOf, maxResults: limit, cursor: p.str('next_cursor') });
		await store.materializeAll(res.items);
		const fields = p.has('fields') ? p.list('fields') : null;
		const out = { resources: res.items.map((a) => views.listItem(a, flags(p), fields)) };
		if (res.nextCursor) out.next_cursor = res.nextCursor;
		return out;
	}

	async function byIds(p, rt, type) {
		const ids = p.list('public_ids');
		if (ids.length > 100) throw fail(400, 'Too many public_ids (max 100)');
		const items = ids.map((id) => store.get(rt, type, id)).filter(Boolean);
		await store.materializeAll(items);
		const fields = p.has('fields') ? p.list('fields') : null;
		return { resources: items.map((a) => views.listItem(a, flags(p), fields)) };
	}

	function requireRt(rt) {
		if (!RESOURCE_TYPES.includes(rt)) throw fail(400, `Invalid resource type ${rt}`);
	}

	// ------------------------------------------------------------ details, update

	async function details(asset, p) {
		await store.materialize(asset);
		return views.details(asset, {
			versions: p.bool('versions', false),
			colors: p.bool('colors', false),
			imageMetadata:
				p.bool('image_metadata', false) || p.bool('exif', false) || p.bool('media_metadata', false),
			maxResults: p.has('max_results') ? maxResults(p, 10, 1, 500) : undefined,
			derivedCursor: p.str('derived_next_cursor'),
		});
	}

	async function update(asset, p) {
		const changes = {};
		if (p.map.has('tags'))
			changes.tags =
				p.str('tags', '') === '' && !Array.isArray(p.get('tags')) ? [] : tagList(pick(p, ['tags']));
		if (p.has('context')) {
			changes.context = parseContext(p.get('context'));
			changes.contextMode = 'merge';
		}
		if (p.has('metadata'))
			changes.metadata = store.metadata.validate(parseMetadata(p.get('metadata')), {
				clearInvalid: p.bool('clear_invalid', false),
			});
		if (p.map.has('access_control'))
			changes.accessControl = p.has('access_control')
				? parseAccessControl(p.get('access_control'))
				: [];
		if (p.has('display_name')) changes.displayName = p.str('display_name');
		if (p.map.has('asset_folder')) changes.assetFolder = p.str('asset_folder', '');
		if (p.has('moderation_status')) {
			const s = p.str('moderation_status');
			if (!['approved', 'rejected', 'pending'].includes(s))
				throw fail(400, `Invalid moderation_status ${s}. Must be one of: approved, rejected`);
			changes.moderationStatus = s;
		}
		const diff = applyChanges(ctx, asset, changes);
		notifyDiffs(ctx, [{ asset, diff }]);
		return details(asset, p);
	}

	function pick(p, keys) {
		const out = new Params();
		for (const k of keys) if (p.map.has(k)) out.map.set(k, p.map.get(k));
		return out;
	}

	// ------------------------------------------------------------ delete

	function notifyDeleted(assets) {
		if (!assets.length) return;
		notifier.dispatch(
			'delete',
			notifier.envelope('delete', {
				resources: assets.map((a) => ({
					resource_type: a.resourceType,
					type: a.type,
					asset_id: a.assetId,
					public_id: a.publicId,
					version: a.version,
				})),
			}),
		);
	}

	/** Deletes the given assets (or only their derived resources with keep_original). */
	function deleteAssets(list, p, keyOf = (a) => a.publicId) {
		const keepOriginal = p.bool('keep_original', false);
		const transformations = p.has('transformations')
			? String(p.str('transformations')).split('|').filter(Boolean)
			: null;
		const deleted = {};
		const counts = {};
		const removed = [];
		for (const a of list) {
			const derivedBefore = a.derived.length;
			if (transformations)
				a.derived = a.derived.filter(
					(d) =>
						!transformations.includes(d.transformation) &&
						!transformations.includes(`${d.transformation}/${d.format}`),
				);
			else a.derived = [];
			const derivedDeleted = derivedBefore - a.derived.length;
			if (!keepOriginal) {
				store.remove(a);
				removed.push(a);
			}
			deleted[keyOf(a)] = 'deleted';
			counts[keyOf(a)] = { original: keepOriginal ? 0 : 1, derived: derivedDeleted };
		}
		notifyDeleted(removed);
		return { deleted, counts };
	}

	function deleteByQuery(p, candidates) {
		const sorted = candidates.sort((a, b) =>
			a.publicId < b.publicId ? -1 : a.publicId > b.publicId ? 1 : 0,
		);
		const batch = sorted.slice(0, 1000);
		const { deleted, counts } = deleteAssets(batch, p);
		const out = { deleted, deleted_counts: counts, partial: sorted.length > batch.length };
		if (out.partial) out.next_cursor = S.encodeCursor({ after: batch[batch.length - 1].publicId });
		return out;
	}

	// ------------------------------------------------------------ restore

	function restoreOne(asset, trashed, wantedVersion) {
		const source = asset ?? trashed;
		if (!source) return { error: 'no_backup' };
		let version = null;
		if (wantedVersion !== undefined && wantedVersion !== null && wantedVersion !== '') {
			version = source.versions.find(
				(v) => v.versionId === String(wantedVersion) || String(v.version) === String(wantedVersion),
			);
			if (!version || (!version.blob && version.versionId !== source.versionId))
				return { error: 'no_backup' };
		} else if (trashed) version = source.versions[source.versions.length - 1];
		if (!version) return null; // existing asset, nothing to restore
		const now = ctx.clock.now();
		if (version.versionId !== source.versionId || trashed) {
			const v = store.nextVersion(source.resourceType, source.type, source.publicId);
			const blob = version.blob ?? source.blob;
			const meta = version.meta ?? {};
			Object.assign(source, {
				version: v,
				versionId: store.newVersionId(),
				blob,
				bytes: version.size ?? source.bytes,
				format: version.format ?? source.format,
				uploadedAt: now,
			});
			for (const k of ['width', 'height', 'colorSpace', 'pages', 'duration', 'isAudio'])
				if (k in meta) source[k] = meta[k];
			if (meta.etag) source.etag = meta.etag;
			source.derived = [];
			store.addVersion(source, {
				blob,
				format: source.format,
				bytes: source.bytes,
				version: v,
				versionId: source.versionId,
				atMs: now,
			});
		}
		store.put(source);
		notifier.dispatch(
			'restore_asset_version',
			notifier.envelope('restore_asset_version', {
				asset_id: source.assetId,
				public_id: source.publicId,
				resource_type: source.resourceType,
				type: source.type,
				version: source.version,
				version_id: source.versionId,
				restored_version_id: version.versionId,
			}),
		);
		return null;
	}

	async function restore(ids, versions, lookup) {
		if (!ids.length) throw missing(ids === undefined ? 'public_ids' : 'public_ids');
		if (versions && versions.length && versions.length !== ids.length)
			throw fail(400, 'versions count must match ids count');
		const out = {};
		for (let i = 0; i < ids.length; i++) {
			const { asset, trashed } = lookup(ids[i]);
			const err = restoreOne(asset, trashed, versions?.[i]);
			if (err) {
				out[ids[i]] = err;
				continue;
			}
			const a = asset ?? trashed;
			if (a.blob) {
				a.etag = await a.blob.md5();
				a.bytes = a.blob.size;
			}
			out[ids[i]] = await details(a, new Params());
		}
		return out;
	}

	// ------------------------------------------------------------ search

	function resolveField(asset, field) {
		return S.resolveAssetField(asset, field, (id) => store.metadata.type(id));
	}

	async function search(p) {
		const started = Date.now();
		const ast = S.parseExpression(p.str('expression', ''));
		S.checkTerms(ast);
		const limit = maxResults(p, 50, 0, 500);
		const sort = S.normaliseSort(p.get('sort_by'));
		// bytes/etag of seeded assets are lazily rendered: they must be known when the expression, the
		// sort or an aggregation reads them (otherwise only the page's own assets are rendered).
		const readsBytes = /\b(bytes|etag|size)\b/i.test(
			JSON.stringify([
				p.str('expression', ''),
				p.get('sort_by') ?? null,
				p.get('aggregate') ?? null,
			]),
		);
		if (readsBytes) await store.materializeAll(store.all());
		const now = ctx.clock.now();
		const matched = store.all().filter((a) => S.evaluate(ast, a, resolveField, now, S.freeText));
		const keyOf = (a) => [...sort.map((s) => S.sortValue(resolveField(a, s.field))), a.assetId];
		const res = S.page(matched, { sort, keyOf, maxResults: limit, cursor: p.str('next_cursor') });
		await store.materializeAll(res.items);
		const withFields = p.list('with_field');
		const fields = p.has('fields') ? p.list('fields') : null;
		const out = {
			total_count: matched.length,
			time: 0,
			resources: res.items.map((a) => views.searchItem(a, withFields, fields)),
		};
		const aggregate = p.get('aggregate');
		if (aggregate !== undefined && aggregate !== null && aggregate !== '') {
			const specs = Array.isArray(aggregate)
				? aggregate
				: typeof aggregate === 'string' && !aggregate.trim().startsWith('{')
					? p.list('aggregate')
					: [aggregate];
			out.aggregations = S.aggregate(matched, specs, resolveField);
		}
		if (res.nextCursor) out.next_cursor = res.nextCursor;
		out.time = Date.now() - started;
		return out;
	}

	// ------------------------------------------------------------ folders

	function folderView(f) {
		return { name: f.name, path: f.path, external_id: f.external_id };
	}

	function listFolders(p, parent) {
		const limit = maxResults(p, 2000, 1, 2000);
		const depth = parent ? parent.split('/').length + 1 : 1;
		const list = [...store.state.folders.values()].filter(
			(f) => f.path.split('/').length === depth && (!parent || f.path.startsWith(`${parent}/`)),
		);
		const res = S.page(list, {
			sort: [{ field: 'path', dir: 'asc' }],
			keyOf: (f) => [f.path, f.path],
			maxResults: limit,
			cursor: p.str('next_cursor'),
		});
		const out = { folders: res.items.map(folderView), total_count: list.length };
		if (res.nextCursor) out.next_cursor = res.nextCursor;
		return out;
	}

	function requireFolder(path) {
		const f = store.state.folders.get(path);
		if (!f) throw fail(404, `Can't find folder with path ${path}`);
		return f;
	}

	function subtree(path) {
		return [...store.state.folders.values()].filter(
			(f) => f.path === path || f.path.startsWith(`${path}/`),
		);
	}

	function createFolder(path) {
		if (!path) throw missing('folder');
		if (store.state.folders.has(path)) throw fail(409, A.messages.folderExists(path));
		const created = store.ensureFolder(path, ctx.clock.now());
		for (const c of created)
			notifier.dispatch(
				'create_folder',
				notifier.envelope('create_folder', { folder_path: c, folder_name: c.split('/').pop() }),
			);
		const f = store.state.folders.get(path);
		return { success: true, path: f.path, name: f.name, external_id: f.external_id };
	}

	function renameFolder(path, to) {
		const from = requireFolder(path);
		const target = String(to ?? '').replace(/^\/+|\/+$/g, '');
		if (!target) throw missing('to_folder');
		if (store.state.folders.has(target)) throw fail(409, A.messages.folderExists(target));
		const now = ctx.clock.now();
		const moved = subtree(path);
		for (const f of moved) store.state.folders.delete(f.path);
		store.ensureFolder(target, now);
		for (const f of moved) {
			const np = target + f.path.slice(path.length);
			store.ensureFolder(np, f.createdAt);
		}
		const entries = [];
		for (const a of store.all()) {
			if (a.assetFolder === path || a.assetFolder.startsWith(`${path}/`)) {
				const next = target + a.assetFolder.slice(path.length);
				a.assetFolder = next;
				a.lastUpdated.asset_folder_updated_at = now;
				entries.push(a);
			}
		}
		notifier.dispatch(
			'move_or_rename_asset_folder',
			notifier.envelope('move_or_rename_asset_folder', {
				from_path: path,
				to_path: target,
				assets_moved: entries.length,
			}),
		);
		return { from: { name: from.name, path }, to: { name: target.split('/').pop(), path: target } };
	}

	function deleteFolder(path) {
		requireFolder(path);
		if (store.all().some((a) => a.assetFolder === path || a.assetFolder.startsWith(`${path}/`)))
			throw fail(400, A.messages.folderNotEmpty());
		const gone = subtree(path)
			.map((f) => f.path)
			.sort((a, b) => b.length - a.length);
		for (const g of gone) store.state.folders.delete(g);
		for (const g of gone)
			notifier.dispatch(
				'delete_folder',
				notifier.envelope('delete_folder', { folder_path: g, folder_name: g.split('/').pop() }),
			);
		return { deleted: gone };
	}

	function searchFolders(p) {
		const started = Date.now();
		const ast = S.parseExpression(p.str('expression', ''));
		const limit = maxResults(p, 50, 0, 500);
		const resolve = (f, field) => {
			const k = field.toLowerCase();
			if (k === 'name') return { kind: 'string', value: f.name };
			if (k === 'path') return { kind: 'path', value: f.path };
			if (k === 'created_at') return { kind: 'date', value: f.createdAt };
			if (k === 'id' || k === 'external_id') return { kind: 'exact', value: f.external_id };
			return { kind: 'missing' };
		};
		const now = ctx.clock.now();
		const matched = [...store.state.folders.values()].filter((f) =>
			S.evaluate(ast, f, resolve, now, (r, node) =>
				S.evaluate(
					{ field: 'name', op: ':', value: node.value, quoted: node.quoted },
					r,
					resolve,
					now,
				),
			),
		);
		const sort = S.normaliseSort(p.get('sort_by') ?? [{ path: 'asc' }]);
		const res = S.page(matched, {
			sort,
			keyOf: (f) => [...sort.map((s) => S.sortValue(resolve(f, s.field))), f.path],
			maxResults: limit,
			cursor: p.str('next_cursor'),
		});
		const out = {
			total_count: matched.length,
			time: Date.now() - started,
			folders: res.items.map((f) => ({ ...folderView(f), created_at: isoSeconds(f.createdAt) })),
		};
		if (res.nextCursor) out.next_cursor = res.nextCursor;
		return out;
	}

	// ------------------------------------------------------------ presets, transformations

	function presetSettings(p) {
		const settings = {};
		for (const k of p.keys()) {
			if (
				[
					'name',
					'unsigned',
					'disallow_public_id',
					'live',
					'timestamp',
					'signature',
					'api_key',
					'settings',
				].includes(k)
			)
				continue;
			const v = p.get(k);
			if (BOOLEAN_PRESET_SETTINGS.has(k)) settings[k] = p.bool(k, false);
			else settings[k] = Array.isArray(v) ? v.join(',') : v;
		}
		const nested = p.get('settings');
		if (nested && typeof nested === 'object') Object.assign(settings, nested);
		return settings;
	}

	function presetView(pr) {
		return {
			name: pr.name,
			unsigned: pr.unsigned,
			settings: { ...pr.settings },
			external_id: pr.external_id,
		};
	}

	function requirePreset(name) {
		const pr = store.state.presets.get(name);
		if (!pr) throw fail(404, A.messages.presetNotFound(name));
		return pr;
	}

	function transformationView(t) {
		return {
			name: t.name,
			allowed_for_strict: t.allowed_for_strict,
			used: t.used ?? false,
			named: true,
		};
	}

	// ------------------------------------------------------------ triggers

	function triggerView(t) {
		const out = {
			id: t.id,
			product_environment_id: t.product_environment_id,
			uri_type: 'webhook',
			uri: t.uri,
			event_type: t.event_type,
			created_at: t.created_at,
			updated_at: t.updated_at,
		};
		for (const k of ['additive', 'filter', 'filter_language', 'payload_template', 'auth_scheme'])
			if (t[k] !== undefined) out[k] = t[k];
		return out;
	}

	function validateTriggerUri(uri) {
		try {
			const u = new URL(uri);
			if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
		} catch {
			throw fail(400, `invalid uri ${uri}`);
		}
	}

	// ------------------------------------------------------------ usage

	function usage(date) {
		const now = ctx.clock.now();
		const today = dayKey(now);
		let asOf = now;
		if (date) {
			if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
				throw fail(400, `Invalid date ${date}. Use YYYY-MM-DD`);
			const ms = Date.parse(`${date}T23:59:59Z`);
			if (date > today)
				throw fail(400, `Invalid date ${date}: usage is not available for future dates`);
			if (now - ms > 90 * 86400e3)
				throw fail(400, `Invalid date ${date}: usage is only available for the last 3 months`);
			asOf = Math.min(now, ms);
		}
		const asOfDay = dayKey(asOf);
		const windowStart = dayKey(asOf - 29 * 86400e3);
		let transformations = 0;
		let bandwidth = 0;
		let requests = 0;
		for (const [day, d] of store.state.usageDays) {
			if (day < windowStart || day > asOfDay) continue;
			transformations += d.transformations;
			bandwidth += d.bandwidth;
			requests += d.requests;
		}
		const assets = store.all().filter((a) => a.createdAt <= asOf || a.uploadedAt <= asOf);
		let storage = 0;
		let derivedCount = 0;
		for (const a of assets) {
			storage += a.bytes ?? 0;
			const derived = a.derived.filter((d) => d.createdAt <= asOf);
			derivedCount += derived.length;
			storage += derived.reduce((s, d) => s + (d.bytes ?? 0), 0);
		}
		const GB = 1024 ** 3;
		const credit = (x) => Math.round(x * 100) / 100;
		const tCredits = credit(transformations / 1000);
		const bCredits = credit(bandwidth / GB);
		const sCredits = credit(storage / GB);
		const used = credit(tCredits + bCredits + sCredits);
		const limit = 25;
		return {
			plan: 'Free',
			last_updated: asOfDay,
			date_requested: new Date(asOf).toISOString(),
			transformations: { usage: transformations, credits_usage: tCredits },
			objects: { usage: assets.length + derivedCount },
			bandwidth: { usage: bandwidth, credits_usage: bCredits },
			storage: { usage: storage, credits_usage: sCredits },
			credits: { usage: used, limit, used_percent: credit((used / limit) * 100) },
			impressions: { usage: requests, credits_usage: 0 },
			seconds_delivered: { usage: 0, credits_usage: 0 },
			requests,
			resources: assets.length,
			derived_resources: derivedCount,
			media_limits: {
				image_max_size_bytes: 10485760,
				video_max_size_bytes: 104857600,
				raw_max_size_bytes: 10485760,
				image_max_px: 25000000,
				asset_max_total_px: 50000000,
			},
		};
	}

	// ------------------------------------------------------------ routes (dispatched by router.js)

	const deleteDerived = ({ params: p }) => {
		const ids = p.list('derived_resource_ids');
		if (!ids.length) throw missing('derived_resource_ids');
		const deleted = {};
		for (const id of ids) {
			deleted[id] = 'not_found';
			for (const a of store.all()) {
				const i = a.derived.findIndex((d) => d.id === id);
				if (i >= 0) {
					a.derived.splice(i, 1);
					deleted[id] = 'deleted';
					break;
				}
			}
		}
		return { deleted };
	};

	const assetIdList = (p) => {
		const ids = p.list('asset_ids');
		if (!ids.length) throw missing('asset_ids');
		if (ids.length > 100) throw fail(400, 'Too many asset_ids (max 100)');
		return ids;
	};

	const requireAsset = (assetId) => store.byAssetId(assetId) ?? throwNotFound(assetId);
	const throwNotFound = (id) => {
		throw notFound(id);
	};

	const requireRule = (id) => {
		const rule = (store.state.metadataRules ??= new Map()).get(id);
		if (!rule) throw fail(404, `Metadata rule ${id} not found`);
		return rule;
	};

	const requireTrigger = (id) => {
		const t = store.state.triggers.get(id);
		if (!t) throw fail(404, 'record_not_found');
		return t;
	};

	const transformationName = ({ name, params: p }) =>
		name ?? p.str('transformation') ?? p.str('name');
	const stripT = (n) => String(n ?? '').replace(/^t_/, '');
	const trimSlashes = (path) => String(path ?? '').replace(/^\/+|\/+$/g, '');
	const unsupported = (what) => () => {
		throw fail(400, `${what} is not supported by the sandbox`);
	};

	/** The Admin API, route by route; names are reported as `admin:<name>` in the request log. */
	const routes = [
		{ name: 'ping', method: 'GET', path: 'ping', run: () => ({ status: 'ok' }) },
		{
			name: 'usage',
			method: 'GET',
			path: 'usage/:date?',
			run: ({ date, params: p }) => usage(date ?? p.str('date')),
		},
		{
			name: 'config',
			method: 'GET',
			path: 'config',
			run: ({ params: p }) => {
				const body = { cloud_name: ctx.cloudName, created_at: '2024-01-01T00:00:00Z' };
				if (p.bool('settings', false)) body.settings = { folder_mode: 'dynamic' };
				return body;
			},
		},

		// /resources
		{
			name: 'resources.types',
			method: 'GET',
			path: 'resources',
			run: () => ({ resource_types: RESOURCE_TYPES }),
		},
		{
			name: 'resources.delete_by_asset_ids',
			method: 'DELETE',
			path: 'resources',
			run: ({ params: p }) => {
				const ids = assetIdList(p);
				const list = ids.map((id) => store.byAssetId(id)).filter(Boolean);
				const { deleted, counts } = deleteAssets(list, p, (x) => x.assetId);
				for (const id of ids) if (!deleted[id]) deleted[id] = 'not_found';
				return { deleted, deleted_counts: counts, partial: false };
			},
		},
		{
			name: 'search',
			method: ['POST', 'GET'],
			path: 'resources/search',
			run: ({ params: p }) => search(p),
		},
		{
			name: 'resources.by_asset_ids',
			method: 'GET',
			path: 'resources/by_asset_ids/*ignored?',
			run: async ({ params: p }) => {
				const items = assetIdList(p)
					.map((id) => store.byAssetId(id))
					.filter(Boolean);
				await store.materializeAll(items);
				const fields = p.has('fields') ? p.list('fields') : null;
				return { resources: items.map((x) => views.listItem(x, flags(p), fields)) };
			},
		},
		{
			name: 'resources.by_asset_folder',
			method: 'GET',
			path: 'resources/by_asset_folder/*ignored?',
			run: ({ params: p }) => {
				if (!p.map.has('asset_folder')) throw missing('asset_folder');
				const folder = trimSlashes(p.str('asset_folder', ''));
				return listAssets(p, (x) => x.assetFolder === folder);
			},
		},
		{
			name: 'resources.restore_by_asset_ids',
			method: 'POST',
			path: 'resources/restore',
			run: ({ params: p }) => {
				const ids = assetIdList(p);
				for (const id of ids) if (!isAssetId(id)) throw fail(400, `Invalid asset_id: ${id}`);
				const versions = p.has('versions') ? p.list('versions') : null;
				return restore(ids, versions, (id) => ({
					asset: store.byAssetId(id),
					trashed: store.state.trashByAssetId.get(id),
				}));
			},
		},
		{
			name: 'resources.delete_backup',
			method: 'DELETE',
			path: 'resources/backup/:backupAssetId/*ignored?',
			run: ({ backupAssetId, params: p }) => {
				const asset =
					store.byAssetId(backupAssetId) ?? store.state.trashByAssetId.get(backupAssetId);
				if (!asset) throw fail(404, `Invalid asset_id: ${backupAssetId}`);
				const ids = p.list('version_ids');
				const deleted = [];
				for (const v of asset.versions) {
					if (ids.includes(v.versionId) && v.versionId !== asset.versionId && v.blob) {
						if (v.blob !== asset.blob) v.blob.dispose();
						v.blob = null;
						v.restorable = false;
						deleted.push(v.versionId);
					}
				}
				return reply(deleted.length === ids.length ? 200 : 207, {
					asset_id: asset.assetId,
					deleted_version_ids: deleted,
				});
			},
		},
		{
			name: 'resources.visual_search',
			method: '*',
			path: 'resources/visual_search/*ignored?',
			run: unsupported('visual_search'),
		},
		{
			name: 'resources.related_assets',
			method: '*',
			path: 'resources/related_assets/*ignored?',
			run: unsupported('related_assets'),
		},
		{
			name: 'resources.details_by_asset_id',
			method: 'GET',
			path: 'resources/:assetId',
			run: ({ assetId, params: p }) => details(requireAsset(assetId), p),
		},
		{
			name: 'resources.update_by_asset_id',
			method: ['PUT', 'POST'],
			path: 'resources/:assetId',
			run: ({ assetId, params: p }) => update(requireAsset(assetId), p),
		},
		{
			name: 'resources.by_ids',
			method: 'GET',
			path: 'resources/:rt/:type',
			when: (p) => p.has('public_ids'),
			run: ({ rt, type, params: p }) => byIds(p, rt, type),
		},
		{
			name: 'resources.by_tag',
			method: 'GET',
			path: 'resources/:rt/tags/*tag',
			run: ({ rt, tag, params: p }) =>
				listAssets(p, (x) => x.resourceType === rt && x.tags.includes(tag)),
		},
		{
			name: 'resources.delete_by_tag',
			method: 'DELETE',
			path: 'resources/:rt/tags/*tag',
			run: ({ rt, tag, params: p }) =>
				deleteByQuery(
					p,
					store.all().filter((x) => x.resourceType === rt && x.tags.includes(tag)),
				),
		},
		{
			name: 'resources.by_context',
			method: 'GET',
			path: 'resources/:rt/context',
			run: ({ rt, params: p }) => {
				const key = p.str('key');
				if (!key) throw missing('key');
				const value = p.str('value');
				return listAssets(
					p,
					(x) =>
						x.resourceType === rt &&
						key in x.context &&
						(value === undefined || x.context[key] === value),
				);
			},
		},
		{
			name: 'resources.by_moderation',
			method: 'GET',
			path: 'resources/:rt/moderations/:kind/:status',
			run: ({ rt, kind, status, params: p }) =>
				listAssets(p, (x) => {
					const m = x.moderation[x.moderation.length - 1];
					return x.resourceType === rt && m && m.kind === kind && m.status === status;
				}),
		},
		{
			name: 'resources.publish_resources',
			method: '*',
			path: 'resources/:rt/publish_resources/*ignored?',
			run: unsupported('publish_resources'),
		},
		{
			name: 'resources.list',
			method: 'GET',
			path: 'resources/:rt/:type?',
			run: ({ rt, type, params: p }) => {
				const prefix = p.str('prefix');
				const matches = (x) =>
					x.resourceType === rt &&
					(type === undefined || x.type === type) &&
					(prefix === undefined || x.publicId.startsWith(prefix));
				return listAssets(p, matches, { prefix });
			},
		},
		{
			name: 'resources.delete_by_prefix',
			method: 'DELETE',
			path: 'resources/:rt/:type',
			when: (p) => !p.has('public_ids') && p.has('prefix'),
			run: ({ rt, type, params: p }) => {
				const prefix = p.str('prefix');
				return deleteByQuery(
					p,
					store
						.all()
						.filter(
							(x) => x.resourceType === rt && x.type === type && x.publicId.startsWith(prefix),
						),
				);
			},
		},
		{
			name: 'resources.delete_all',
			method: 'DELETE',
			path: 'resources/:rt/:type',
			when: (p) => !p.has('public_ids') && p.bool('all', false),
			run: ({ rt, type, params: p }) =>
				deleteByQuery(
					p,
					store.all().filter((x) => x.resourceType === rt && x.type === type),
				),
		},
		{
			name: 'resources.delete',
			method: 'DELETE',
			path: 'resources/:rt/:type',
			run: ({ rt, type, params: p }) => {
				if (!p.has('public_ids')) throw fail(400, 'Must specify public_ids, prefix or all');
				const ids = p.list('public_ids');
				if (ids.length > 100) throw fail(400, 'Too many public_ids (max 100)');
				const list = ids.map((id) => store.get(rt, type, id)).filter(Boolean);
				const { deleted, counts } = deleteAssets(list, p);
				for (const id of ids) if (!deleted[id]) deleted[id] = 'not_found';
				return { deleted, deleted_counts: counts, partial: false };
			},
		},
		{
			name: 'resources.restore',
			method: 'POST',
			path: 'resources/:rt/:type/restore',
			run: ({ rt, type, params: p }) => {
				const ids = p.list('public_ids');
				if (!ids.length) throw missing('public_ids');
				const versions = p.has('versions') ? p.list('versions') : null;
				return restore(ids, versions, (id) => ({
					asset: store.get(rt, type, id),
					trashed: store.state.trash.get(store.assetKey(rt, type, id)),
				}));
			},
		},
		{
			name: 'resources.update_access_mode',
			method: 'POST',
			path: 'resources/:rt/:type/update_access_mode',
			run: ({ rt, type, params: p }) => {
				const mode = p.str('access_mode');
				if (!['public', 'authenticated'].includes(mode))
					throw fail(400, `Invalid access_mode ${mode}. Must be one of: public, authenticated`);
				let list = store.all().filter((x) => x.resourceType === rt && x.type === type);
				if (p.has('public_ids'))
					list = list.filter((x) => p.list('public_ids').includes(x.publicId));
				else if (p.has('prefix')) list = list.filter((x) => x.publicId.startsWith(p.str('prefix')));
				else if (p.has('tag')) list = list.filter((x) => x.tags.includes(p.str('tag')));
				else throw fail(400, 'Must specify public_ids, prefix or tag');
				for (const x of list) x.accessMode = mode;
				return {
					updated: list.map((x) => ({ public_id: x.publicId, access_mode: mode })),
					failed: [],
				};
			},
		},
		{
			name: 'resources.details',
			method: 'GET',
			path: 'resources/:rt/:type/*publicId',
			run: ({ rt, type, publicId, params: p }) =>
				details(store.get(rt, type, publicId) ?? throwNotFound(publicId), p),
		},
		{
			name: 'resources.update',
			method: ['POST', 'PUT'],
			path: 'resources/:rt/:type/*publicId',
			run: ({ rt, type, publicId, params: p }) =>
				update(store.get(rt, type, publicId) ?? throwNotFound(publicId), p),
		},
		{
			// Anything else under /resources: an unknown resource type is "not found", as Cloudinary says.
			name: 'resources.unknown',
			method: '*',
			path: 'resources/*rest',
			run: ({ rest, method }) => {
				const [rt] = rest.split('/');
				if (!RESOURCE_TYPES.includes(rt)) throw fail(404, `Resource not found - ${rest}`);
				throw fail(404, `No route for ${method} /resources/${rest}`);
			},
		},

		{
			name: 'derived.delete',
			method: 'DELETE',
			path: 'derived_resources/*ignored?',
			run: deleteDerived,
		},
		{
			name: 'tags',
			method: 'GET',
			path: 'tags/:resourceType?/*ignored?',
			run: ({ resourceType = 'image', params: p }) => {
				requireRt(resourceType);
				const prefix = p.str('prefix', '');
				const all = [
					...new Set(
						store
							.all()
							.filter((a) => a.resourceType === resourceType)
							.flatMap((a) => a.tags),
					),
				]
					.filter((t) => t.startsWith(prefix))
					.sort();
				const res = S.page(all, {
					sort: [{ field: 'tag', dir: 'asc' }],
					keyOf: (t) => [t, t],
					maxResults: maxResults(p, 10),
					cursor: p.str('next_cursor'),
				});
				const out = { tags: res.items };
				if (res.nextCursor) out.next_cursor = res.nextCursor;
				return out;
			},
		},

		// /folders
		{
			name: 'folders.search',
			method: ['POST', 'GET'],
			path: 'folders/search',
			run: ({ params: p }) => searchFolders(p),
		},
		{
			name: 'folders.root',
			method: 'GET',
			path: 'folders',
			run: ({ params: p }) => listFolders(p, null),
		},
		{
			name: 'folders.sub',
			method: 'GET',
			path: 'folders/*folder',
			run: ({ folder, params: p }) => {
				requireFolder(trimSlashes(folder));
				return listFolders(p, trimSlashes(folder));
			},
		},
		{
			name: 'folders.create',
			method: 'POST',
			path: 'folders/*folder?',
			run: ({ folder }) => createFolder(trimSlashes(folder)),
		},
		{
			name: 'folders.rename',
			method: 'PUT',
			path: 'folders/*folder?',
			run: ({ folder, params: p }) => renameFolder(trimSlashes(folder), p.str('to_folder')),
		},
		{
			name: 'folders.delete',
			method: 'DELETE',
			path: 'folders/*folder?',
			run: ({ folder }) => deleteFolder(trimSlashes(folder)),
		},

		// /metadata_fields
		{
			name: 'metadata_fields.list',
			method: 'GET',
			path: 'metadata_fields',
			run: () => ({ metadata_fields: store.metadata.list() }),
		},
		{
			name: 'metadata_fields.create',
			method: 'POST',
			path: 'metadata_fields',
			run: ({ params: p }) => store.metadata.create(p.toObject()),
		},
		{
			name: 'metadata_fields.reorder',
			method: 'PUT',
			path: 'metadata_fields/order',
			run: ({ params: p }) => store.metadata.reorder(p.str('order_by'), p.str('direction')),
		},
		{
			name: 'metadata_fields.get',
			method: 'GET',
			path: 'metadata_fields/:id',
			run: ({ id }) => store.metadata.get(id),
		},
		{
			name: 'metadata_fields.update',
			method: 'PUT',
			path: 'metadata_fields/:id',
			run: ({ id, params: p }) => store.metadata.update(id, p.toObject()),
		},
		{
			name: 'metadata_fields.delete',
			method: 'DELETE',
			path: 'metadata_fields/:id',
			run: ({ id }) => {
				const out = store.metadata.remove(id);
				for (const a of store.all()) if (id in a.metadata) delete a.metadata[id];
				return out;
			},
		},
		{
			name: 'metadata_fields.datasource.update',
			method: 'PUT',
			path: 'metadata_fields/:id/datasource',
			run: ({ id, params: p }) => store.metadata.upsertDatasource(id, p.toObject().values),
		},
		{
			name: 'metadata_fields.datasource.delete',
			method: 'DELETE',
			path: 'metadata_fields/:id/datasource',
			run: ({ id, params: p }) =>
				store.metadata.setDatasourceState(id, p.list('external_ids'), 'inactive'),
		},
		{
			name: 'metadata_fields.datasource.order',
			method: 'POST',
			path: 'metadata_fields/:id/datasource/order',
			run: ({ id, params: p }) =>
				store.metadata.orderDatasource(id, p.str('order_by'), p.str('direction')),
		},
		{
			name: 'metadata_fields.datasource.restore',
			method: 'POST',
			path: 'metadata_fields/:id/datasource_restore/*ignored?',
			run: ({ id, params: p }) =>
				store.metadata.setDatasourceState(id, p.list('external_ids'), 'active'),
		},

		// /metadata_rules
		{
			name: 'metadata_rules.list',
			method: 'GET',
			path: 'metadata_rules',
			run: () => ({ metadata_rules: [...(store.state.metadataRules ??= new Map()).values()] }),
		},
		{
			name: 'metadata_rules.create',
			method: 'POST',
			path: 'metadata_rules',
			run: ({ params: p }) => {
				const rules = (store.state.metadataRules ??= new Map());
				const body = p.toObject();
				for (const k of ['metadata_field_id', 'condition', 'result'])
					if (body[k] === undefined) throw missing(k);
				store.metadata.get(body.metadata_field_id);
				const rule = {
					external_id: crypto.randomUUID(),
					name: body.name ?? '',
					metadata_field_id: body.metadata_field_id,
					condition: body.condition,
					result: body.result,
					state: 'active',
				};
				rules.set(rule.external_id, rule);
				return rule;
			},
		},
		{
			name: 'metadata_rules.update',
			method: 'PUT',
			path: 'metadata_rules/:id',
			run: ({ id, params: p }) => {
				const rule = requireRule(id);
				Object.assign(
					rule,
					Object.fromEntries(
						Object.entries(p.toObject()).filter(([k]) =>
							['name', 'metadata_field_id', 'condition', 'result', 'state'].includes(k),
						),
					),
				);
				return rule;
			},
		},
		{
			name: 'metadata_rules.delete',
			method: 'DELETE',
			path: 'metadata_rules/:id',
			run: ({ id }) => {
				requireRule(id);
				store.state.metadataRules.delete(id);
				return { success: true };
			},
		},

		// /upload_presets
		{
			name: 'upload_presets.list',
			method: 'GET',
			path: 'upload_presets',
			run: ({ params: p }) => {
				const list = [...store.state.presets.values()];
				const res = S.page(list, {
					sort: [{ field: 'name', dir: 'asc' }],
					keyOf: (x) => [x.name, x.name],
					maxResults: maxResults(p, 10),
					cursor: p.str('next_cursor'),
				});
				const out = { presets: res.items.map(presetView) };
				if (res.nextCursor) out.next_cursor = res.nextCursor;
				return out;
			},
		},
		{
			name: 'upload_presets.create',
			method: 'POST',
			path: 'upload_presets',
			run: ({ params: p }) => {
				const presetName = p.str('name') ?? `preset_${crypto.randomBytes(4).toString('hex')}`;
				if (store.state.presets.has(presetName))
					throw fail(409, A.messages.presetExists(presetName));
				const pr = {
					name: presetName,
					unsigned: p.bool('unsigned', false),
					disallow_public_id: p.bool('disallow_public_id', false),
					live: p.bool('live', false),
					settings: presetSettings(p),
					external_id: crypto.randomBytes(16).toString('hex'),
				};
				store.state.presets.set(presetName, pr);
				return { message: 'created', name: presetName, external_id: pr.external_id };
			},
		},
		{
			name: 'upload_presets.get',
			method: 'GET',
			path: 'upload_presets/*name',
			run: ({ name }) => presetView(requirePreset(name)),
		},
		{
			name: 'upload_presets.update',
			method: 'PUT',
			path: 'upload_presets/*name',
			run: ({ name, params: p }) => {
				const pr = requirePreset(name);
				if (p.map.has('unsigned')) pr.unsigned = p.bool('unsigned', pr.unsigned);
				if (p.map.has('disallow_public_id'))
					pr.disallow_public_id = p.bool('disallow_public_id', false);
				if (p.map.has('live')) pr.live = p.bool('live', false);
				Object.assign(pr.settings, presetSettings(p));
				return { message: 'updated', external_id: pr.external_id };
			},
		},
		{
			name: 'upload_presets.delete',
			method: 'DELETE',
			path: 'upload_presets/*name',
			run: ({ name }) => {
				requirePreset(name);
				store.state.presets.delete(name);
				return { message: 'deleted' };
			},
		},

		// /transformations (a name in the path, or as the transformation / name parameter)
		{
			name: 'transformations.list',
			method: 'GET',
			path: 'transformations',
			when: (p) => !p.str('transformation') && !p.str('name'),
			run: ({ params: p }) => {
				const map = store.state.transformations;
				let list = [...map.values()].map(transformationView);
				if (!p.bool('named', false)) {
					const used = new Set(store.all().flatMap((a) => a.derived.map((d) => d.transformation)));
					for (const t of used)
						if (!map.has(t) && t)
							list.push({ name: t, allowed_for_strict: false, used: true, named: false });
				}
				const res = S.page(list, {
					sort: [{ field: 'name', dir: 'asc' }],
					keyOf: (t) => [t.name, t.name],
					maxResults: maxResults(p, 10),
					cursor: p.str('next_cursor'),
				});
				const out = { transformations: res.items };
				if (res.nextCursor) out.next_cursor = res.nextCursor;
				return out;
			},
		},
		{
			name: 'transformations.get',
			method: 'GET',
			path: 'transformations/*name?',
			run: (request) => {
				const name = transformationName(request);
				const t = store.state.transformations.get(stripT(name));
				const derived = store.all().flatMap((a) =>
					a.derived
						.filter(
							(d) => d.transformation === (t ? `t_${t.name}` : name) || d.transformation === name,
						)
						.map((d) => ({
							...views.derivedView(a, d),
							public_id: a.publicId,
							resource_type: a.resourceType,
							type: a.type,
						})),
				);
				if (!t && !derived.length) throw fail(404, `Transformation ${name} not found`);
				return {
					name: t ? t.name : name,
					allowed_for_strict: t?.allowed_for_strict ?? false,
					used: derived.length > 0,
					named: Boolean(t),
					info: t ? [{ transformation: t.transformation }] : [{ transformation: name }],
					derived,
				};
			},
		},
		{
			name: 'transformations.create',
			method: 'POST',
			path: 'transformations/*name?',
			run: ({ name, params: p }) => {
				const map = store.state.transformations;
				const n = stripT(p.str('name') ?? name ?? '');
				if (!n) throw missing('name');
				if (!p.has('transformation')) throw missing('transformation');
				if (map.has(n)) throw fail(409, `Transformation ${n} already exists`);
				map.set(n, {
					name: n,
					transformation: p.str('transformation'),
					allowed_for_strict: p.bool('allowed_for_strict', false),
					used: false,
					createdAt: ctx.clock.now(),
				});
				return { message: 'created' };
			},
		},
		{
			name: 'transformations.update',
			method: 'PUT',
			path: 'transformations/*name?',
			run: (request) => {
				const { params: p } = request;
				const name = transformationName(request);
				const t = store.state.transformations.get(stripT(name));
				if (!t) throw fail(404, `Transformation ${name} not found`);
				if (p.map.has('allowed_for_strict'))
					t.allowed_for_strict = p.bool('allowed_for_strict', false);
				if (p.has('unsafe_update')) t.transformation = p.str('unsafe_update');
				return { message: 'updated' };
			},
		},
		{
			name: 'transformations.delete',
			method: 'DELETE',
			path: 'transformations/*name?',
			run: (request) => {
				const name = transformationName(request);
				if (!store.state.transformations.delete(stripT(name)))
					throw fail(404, `Transformation ${name} not found`);
				return { message: 'deleted' };
			},
		},

		// /triggers
		{
			name: 'triggers.list',
			method: 'GET',
			path: 'triggers',
			run: ({ params: p }) => {
				const et = p.str('event_type');
				const list = [...store.state.triggers.values()]
					.filter((t) => !et || t.event_type === et)
					.map(triggerView);
				return { triggers: list, total: list.length };
			},
		},
		{
			name: 'triggers.create',
			method: 'POST',
			path: 'triggers',
			run: ({ params: p }) => reply(201, createTrigger(p)),
		},
		{
			name: 'triggers.test',
			method: 'POST',
			path: 'triggers/:id/test/*ignored?',
			run: ({ id, params: p }) => testTrigger(requireTrigger(id), p),
		},
		{
			name: 'triggers.get',
			method: 'GET',
			path: 'triggers/:id',
			run: ({ id }) => triggerView(requireTrigger(id)),
		},
		{
			name: 'triggers.update',
			method: 'PUT',
			path: 'triggers/:id',
			run: ({ id, params: p }) => updateTrigger(requireTrigger(id), p),
		},
		{
			name: 'triggers.delete',
			method: 'DELETE',
			path: 'triggers/:id',
			run: ({ id }) => {
				requireTrigger(id);
				store.state.triggers.delete(id);
				return { message: 'deleted' };
			},
		},
	];

	function createTrigger(p) {
		const map = store.state.triggers;
		const uri = p.str('uri');
		const eventType = p.str('event_type');
		if (!uri || !eventType) throw fail(400, 'missing_attributes');
		if (!EVENT_TYPES.has(eventType)) throw fail(400, `invalid event_type ${eventType}`);
		validateTriggerUri(uri);
		const same = [...map.values()].filter((t) => t.event_type === eventType);
		if (same.some((t) => t.uri === uri)) throw fail(409, 'record_already_exists');
		if (same.length >= MAX_TRIGGERS_PER_EVENT) throw fail(400, 'limit_reached');
		const now = isoSeconds(ctx.clock.now());
		const t = {
			id: crypto.randomBytes(16).toString('hex'),
			product_environment_id: crypto.createHash('md5').update(`env:${ctx.cloudName}`).digest('hex'),
			uri,
			event_type: eventType,
			created_at: now,
			updated_at: now,
			auth_scheme: p.str('auth_scheme', 'default'),
		};
		if (p.map.has('additive')) t.additive = p.bool('additive', false);
		if (p.has('filter')) {
			const f = p.get('filter');
			t.filter = typeof f === 'string' ? JSON.parse(f) : f;
			t.filter_language = p.str('filter_language', 'jsonlogic');
		}
		if (p.has('payload_template')) t.payload_template = p.str('payload_template');
		map.set(t.id, t);
		return triggerView(t);
	}

	function testTrigger(t, p) {
		let sample = p.get('sample_data');
		if (typeof sample === 'string') {
			try {
				sample = JSON.parse(sample);
			} catch {
				throw fail(400, 'sample_data must be JSON');
			}
		}
		let result = true;
		if (t.filter) {
			try {
				result = Boolean(notifier.jsonLogic(t.filter, sample ?? {}));
			} catch (e) {
				throw fail(400, `Invalid filter - ${e.message}`);
			}
		}
		return { trigger_id: t.id, filter_present: Boolean(t.filter), filter_result: result };
	}

	function updateTrigger(t, p) {
		const map = store.state.triggers;
		const uri = p.str('new_uri') ?? p.str('uri');
		if (uri) {
			validateTriggerUri(uri);
			const dup = [...map.values()].some(
				(x) => x !== t && x.event_type === (p.str('event_type') ?? t.event_type) && x.uri === uri,
			);
			if (dup) throw fail(409, 'record_already_exists');
			t.uri = uri;
		}
		if (p.has('event_type')) {
			const et = p.str('event_type');
			if (!EVENT_TYPES.has(et)) throw fail(400, `invalid event_type ${et}`);
			t.event_type = et;
		}
		if (p.map.has('additive')) t.additive = p.bool('additive', false);
		if (p.has('filter')) {
			const f = p.get('filter');
			t.filter = typeof f === 'string' ? JSON.parse(f) : f;
			t.filter_language = 'jsonlogic';
		}
		t.updated_at = isoSeconds(ctx.clock.now());
		return { message: 'updated' };
	}

	return { routes, usage, search };
}

module.exports = { createAdminApi, ADMIN_PATH_CHECKS, EVENT_TYPES };
