'use strict';
// How assets look on the wire: upload responses, Admin list items and details, search results,
// delivery URLs (docs/api-facts.md: "Upload API", "Admin API",
// "Search expressions", "Delivery URLs and tokens").
const { isoSeconds } = require('./codec');
const { responseSignature } = require('./signing');

function createViews(ctx) {
	const { cloudName, apiKey } = ctx;

	function encodePublicId(id) {
		return id
			.split('/')
			.map((s) => encodeURIComponent(s))
			.join('/');
	}

	/**
	 * Delivery URL on the emulator's own base. `secure_url` is the same http URL: the sandbox has
	 * no TLS, and a https:// URL would point at nothing that answers.
	 */
	function url(asset, { transformation, format, version } = {}) {
		const fmt = format ?? asset.format;
		const ext = asset.resourceType === 'raw' || !fmt ? '' : `.${fmt}`;
		const t = transformation ? `${transformation}/` : '';
		const folder = `${asset.resourceType}/${asset.type}/${t}v${version ?? asset.version}`;
		return `${ctx.getBaseUrl()}/${cloudName}/${folder}/${encodePublicId(asset.publicId)}${ext}`;
	}

	function contextCustom(asset) {
		return Object.keys(asset.context).length ? { custom: { ...asset.context } } : undefined;
	}

	function metadataView(asset) {
		return Object.keys(asset.metadata).length
			? JSON.parse(JSON.stringify(asset.metadata))
			: undefined;
	}

	function moderationStatus(asset) {
		return asset.moderation.length
			? asset.moderation[asset.moderation.length - 1].status
			: undefined;
	}

	function media(out, asset) {
		if (asset.resourceType === 'raw') return out;
		if (asset.width !== undefined && asset.width !== null) out.width = asset.width;
		if (asset.height !== undefined && asset.height !== null) out.height = asset.height;
		if (asset.format) out.format = asset.format;
		return out;
	}

	function derivedView(asset, d) {
		const u = url(asset, { transformation: d.transformation, format: d.format || undefined });
		return {
			transformation: d.transformation,
			format: d.format,
			bytes: d.bytes,
			id: d.id,
			url: u,
			secure_url: u,
		};
	}

	function uploadResponse(asset, { existing, eager, extra } = {}) {
		const u = url(asset);
		const out = {
			asset_id: asset.assetId,
			public_id: asset.publicId,
			version: asset.version,
			version_id: asset.versionId,
			signature: responseSignature(
				asset.publicId,
				asset.version,
				ctx.apiSecret,
				ctx.settings.signatureAlgorithm,
			),
		};
		media(out, asset);
		out.resource_type = asset.resourceType;
		out.created_at = isoSeconds(asset.uploadedAt ?? asset.createdAt);
		out.tags = [...asset.tags];
		if (asset.pages > 1) out.pages = asset.pages;
		out.bytes = asset.bytes;
		out.type = asset.type;
		out.etag = asset.etag;
		out.placeholder = false;
		out.url = u;
		out.secure_url = u;
		out.asset_folder = asset.assetFolder;
		out.display_name = asset.displayName;
		if (asset.duration !== undefined) {
			out.duration = asset.duration;
			if (asset.isAudio) {
				out.is_audio = true;
				out.audio = { frequency: asset.audio?.sampleRate };
			}
		}
		const context = contextCustom(asset);
		if (context) out.context = context;
		const metadata = metadataView(asset);
		if (metadata) out.metadata = metadata;
		if (asset.accessControl?.length)
			out.access_control = asset.accessControl.map((r) => ({ ...r }));
		if (asset.moderation.length)
			out.moderation = asset.moderation.map((m) => ({ kind: m.kind, status: m.status }));
		if (existing) out.existing = true;
		if (asset.originalFilename !== undefined) out.original_filename = asset.originalFilename;
		if (eager) out.eager = eager;
		if (extra) Object.assign(out, extra);
		out.api_key = apiKey;
		return out;
	}

	/** The fields every Admin resource view starts with, in Cloudinary's order. */
	function baseFields(asset) {
		const u = url(asset);
		const out = { asset_id: asset.assetId, public_id: asset.publicId };
		if (asset.format && asset.resourceType !== 'raw') out.format = asset.format;
		Object.assign(out, {
			version: asset.version,
			resource_type: asset.resourceType,
			type: asset.type,
			created_at: isoSeconds(asset.createdAt),
			bytes: asset.bytes,
		});
		if (asset.resourceType !== 'raw') {
			if (asset.width !== undefined) out.width = asset.width;
			if (asset.height !== undefined) out.height = asset.height;
		}
		Object.assign(out, {
			asset_folder: asset.assetFolder,
			display_name: asset.displayName,
			backup: true,
			url: u,
			secure_url: u,
		});
		return out;
	}

	/** Admin list item; flags = { tags, context, metadata, moderations }, fields = selective list. */
	function listItem(asset, flags = {}, fields = null) {
		let out = baseFields(asset);
		if (asset.accessControl?.length)
			out.access_control = asset.accessControl.map((r) => ({ ...r }));
		if (flags.tags) out.tags = [...asset.tags];
		if (flags.context) {
			const c = contextCustom(asset);
			if (c) out.context = c;
		}
		if (flags.metadata) {
			const m = metadataView(asset);
			if (m) out.metadata = m;
		}
		if (flags.moderations && asset.moderation.length) {
			out.moderation_status = moderationStatus(asset);
			out.moderation = asset.moderation.map((m) => ({ ...m }));
		}
		if (fields) out = pick(out, fields, ['asset_id', 'public_id']);
		return out;
	}

	function lastUpdated(asset) {
		const lu = {};
		for (const [k, v] of Object.entries(asset.lastUpdated)) lu[k] = isoSeconds(v);
		const times = Object.values(asset.lastUpdated);
		lu.updated_at = isoSeconds(Math.max(asset.uploadedAt ?? asset.createdAt, ...times));
		return lu;
	}

	/** Admin details (GET /resources/<rt>/<type>/<id> or /resources/<asset_id>). */
	function details(asset, opts = {}) {
		const out = baseFields(asset);
		if (asset.duration !== undefined) out.duration = asset.duration;
		if (asset.isAudio) out.is_audio = true;
		if (asset.resourceType === 'image') out.pages = asset.pages ?? 1;
		out.tags = [...asset.tags];
		const context = contextCustom(asset);
		if (context) out.context = context;
		const metadata = metadataView(asset);
		if (metadata) out.metadata = metadata;
		if (asset.moderation.length) {
			out.moderation = asset.moderation.map((m) => ({ ...m }));
			out.moderation_status = moderationStatus(asset);
			out.moderation_kind = asset.moderation[asset.moderation.length - 1].kind;
		}
		out.access_mode = asset.accessMode ?? 'public';
		if (asset.accessControl?.length)
			out.access_control = asset.accessControl.map((r) => ({ ...r }));
		out.original_filename = asset.originalFilename;
		out.etag = asset.etag;
		out.placeholder = false;
		out.usage = {};
		out.last_updated = lastUpdated(asset);
		// derived[] paged by max_results / derived_next_cursor
		const all = [...asset.derived].sort((a, b) => b.createdAt - a.createdAt);
		const start = opts.derivedCursor
			? Math.max(0, all.findIndex((d) => d.id === opts.derivedCursor) + 1)
			: 0;
		const limit = opts.maxResults ?? all.length;
		out.derived = all.slice(start, start + limit).map((d) => derivedView(asset, d));
		if (start + limit < all.length) out.derived_next_cursor = all[start + limit - 1].id;
		if (opts.versions) {
			out.versions = asset.versions.map((v) => ({
				version_id: v.versionId,
				version: String(v.version),
				format: v.format,
				size: v.size ?? asset.bytes,
				time: isoSeconds(v.time),
				restorable:
					v.restorable !== false && (v.blob || v.versionId === asset.versionId) ? true : false,
			}));
		}
		if (opts.colors && asset.palette) {
			const share = Math.round((100 / asset.palette.length) * 10) / 10;
			out.colors = asset.palette.map((c) => [c.toUpperCase(), share]);
			out.predominant = { google: asset.palette.map((c) => [c.toUpperCase(), share]) };
		}
		if (opts.imageMetadata && asset.resourceType === 'image')
			out.image_metadata = { colorspace: asset.colorSpace ?? 'srgb' };
		return out;
	}

	const SEARCH_ALWAYS = [
		'public_id',
		'asset_id',
		'asset_folder',
		'created_at',
		'status',
		'type',
		'resource_type',
	];

	function searchItem(asset, withFields = [], fields = null) {
		const u = url(asset);
		let out = {
			asset_id: asset.assetId,
			public_id: asset.publicId,
			asset_folder: asset.assetFolder,
			filename: asset.publicId.split('/').pop(),
			display_name: asset.displayName,
		};
		if (asset.format && asset.resourceType !== 'raw') out.format = asset.format;
		Object.assign(out, {
			version: asset.version,
			resource_type: asset.resourceType,
			type: asset.type,
			created_at: isoSeconds(asset.createdAt),
			uploaded_at: isoSeconds(asset.uploadedAt ?? asset.createdAt),
			bytes: asset.bytes,
			backup_bytes: asset.bytes,
		});
		if (asset.width !== undefined && asset.height !== undefined && asset.resourceType !== 'raw') {
			out.width = asset.width;
			out.height = asset.height;
			out.aspect_ratio = asset.height
				? Math.round((asset.width / asset.height) * 100000) / 100000
				: 0;
			out.pixels = asset.width * asset.height;
		}
		if (asset.pages !== undefined) out.pages = asset.pages;
		if (asset.duration !== undefined) out.duration = asset.duration;
		Object.assign(out, {
			url: u,
			secure_url: u,
			status: 'active',
			access_mode: asset.accessMode ?? 'public',
			access_control: asset.accessControl?.length
				? asset.accessControl.map((r) => ({ ...r }))
				: null,
			etag: asset.etag,
			created_by: { access_key: apiKey },
			uploaded_by: { access_key: apiKey },
		});
		if (asset.moderation.length) {
			out.moderation_kind = asset.moderation[asset.moderation.length - 1].kind;
			out.moderation_status = moderationStatus(asset);
		}
		const wanted = new Set([...(withFields ?? []), ...(fields ?? [])]);
		if (wanted.has('tags')) out.tags = [...asset.tags];
		if (wanted.has('context')) out.context = { ...asset.context };
		if (wanted.has('metadata')) out.metadata = JSON.parse(JSON.stringify(asset.metadata));
		if (wanted.has('image_metadata') && asset.resourceType === 'image')
			out.image_metadata = { colorspace: asset.colorSpace ?? 'srgb' };
		if (wanted.has('image_analysis') && asset.resourceType === 'image') {
			out.image_analysis = {
				colors: asset.palette
					? Object.fromEntries(
							asset.palette.map((c) => [c, Math.round(100 / asset.palette.length)]),
						)
					: {},
			};
		}
		if (fields && fields.length) out = pick(out, fields, SEARCH_ALWAYS);
		return out;
	}

	return {
		url,
		uploadResponse,
		listItem,
		details,
		searchItem,
		derivedView,
		encodePublicId,
		lastUpdated,
	};
}

function pick(obj, fields, always) {
	const keep = new Set([...always, ...fields]);
	return Object.fromEntries(Object.entries(obj).filter(([k]) => keep.has(k)));
}

module.exports = { createViews };
