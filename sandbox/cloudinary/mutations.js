'use strict';
// Changes to an asset's descriptive data (tags, context, structured metadata, access control,
// display name, asset folder, moderation) shared by the Upload API (explicit, tags, context,
// metadata) and the Admin API (update). Each change returns a diff; notifyDiffs turns diffs into
// the matching notifications (docs/api-facts.md, "Notifications"), batched per call.
const { isoSeconds } = require('./codec');

function sameJson(a, b) {
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * @param {object} changes { tags?, addTags?, removeTags?, context?, contextMode?: 'merge'|'replace'|'clear',
 *   metadata? (validated, null = remove), accessControl? ([] clears), displayName?, assetFolder?, moderationStatus? }
 */
function applyChanges(ctx, asset, changes) {
	const now = ctx.clock.now();
	const diff = {};

	// tags
	let nextTags = null;
	if (changes.tags) nextTags = [...new Set(changes.tags)];
	if (changes.addTags) nextTags = [...new Set([...(nextTags ?? asset.tags), ...changes.addTags])];
	if (changes.removeTags)
		nextTags = (nextTags ?? asset.tags).filter((t) => !changes.removeTags.includes(t));
	if (nextTags) {
		const added = nextTags.filter((t) => !asset.tags.includes(t));
		const removed = asset.tags.filter((t) => !nextTags.includes(t));
		if (added.length || removed.length) {
			asset.tags = nextTags;
			asset.lastUpdated.tags_updated_at = now;
			diff.tags = { added, removed };
		}
	}

	// context
	if (changes.contextMode === 'clear' || changes.context) {
		const before = { ...asset.context };
		let after;
		if (changes.contextMode === 'clear') after = {};
		else if (changes.contextMode === 'replace')
			after = Object.fromEntries(Object.entries(changes.context).filter(([, v]) => v !== ''));
		else {
			after = { ...before };
			for (const [k, v] of Object.entries(changes.context)) {
				if (v === '') delete after[k];
				else after[k] = v;
			}
		}
		const added = Object.keys(after)
			.filter((k) => !(k in before))
			.map((name) => ({ name, value: after[name] }));
		const removed = Object.keys(before)
			.filter((k) => !(k in after))
			.map((name) => ({ name, value: before[name] }));
		const updated = Object.keys(after)
			.filter((k) => k in before && before[k] !== after[k])
			.map((name) => ({ name, value: after[name], previous_value: before[name] }));
		if (added.length || removed.length || updated.length) {
			asset.context = after;
			asset.lastUpdated.context_updated_at = now;
			diff.context = { added, removed, updated };
		}
	}

	// structured metadata (merge; null removes)
	if (changes.metadata) {
		const before = JSON.parse(JSON.stringify(asset.metadata));
		const after = { ...before };
		for (const [k, v] of Object.entries(changes.metadata)) {
			if (v === null) delete after[k];
			else after[k] = v;
		}
		const added = Object.keys(after)
			.filter((k) => !(k in before))
			.map((name) => ({ name, value: after[name] }));
		const removed = Object.keys(before)
			.filter((k) => !(k in after))
			.map((name) => ({ name, value: before[name] }));
		const updated = Object.keys(after)
			.filter((k) => k in before && !sameJson(before[k], after[k]))
			.map((name) => ({ name, value: after[name], previous_value: before[name] }));
		if (added.length || removed.length || updated.length) {
			asset.metadata = after;
			asset.lastUpdated.metadata_updated_at = now;
			diff.metadata = { added, removed, updated };
		}
	}

	if (changes.accessControl) {
		const next = changes.accessControl.length ? changes.accessControl : null;
		if (!sameJson(asset.accessControl, next)) {
			diff.accessControl = { from: asset.accessControl, to: next };
			asset.accessControl = next;
			asset.lastUpdated.access_control_updated_at = now;
		}
	}

	if (
		changes.displayName !== undefined &&
		changes.displayName !== null &&
		changes.displayName !== asset.displayName
	) {
		diff.displayName = { from: asset.displayName, to: changes.displayName };
		asset.displayName = changes.displayName;
		asset.lastUpdated.display_name_updated_at = now;
	}

	if (changes.assetFolder !== undefined && changes.assetFolder !== null) {
		const folder = String(changes.assetFolder).replace(/^\/+|\/+$/g, '');
		if (folder !== asset.assetFolder) {
			diff.assetFolder = { from: asset.assetFolder, to: folder };
			asset.assetFolder = folder;
			asset.lastUpdated.asset_folder_updated_at = now;
			diff.createdFolders = ctx.store.ensureFolder(folder, now);
		}
	}

	if (changes.moderationStatus) {
		const last = asset.moderation[asset.moderation.length - 1];
		const kind = last?.kind ?? 'manual';
		if (!last || last.status !== changes.moderationStatus) {
			if (last && last.kind === kind) {
				last.status = changes.moderationStatus;
				last.updated_at = isoSeconds(now);
			} else
				asset.moderation.push({
					kind,
					status: changes.moderationStatus,
					updated_at: isoSeconds(now),
				});
			asset.lastUpdated.moderation_updated_at = now;
			diff.moderation = { status: changes.moderationStatus, kind };
		}
	}
	return diff;
}

function ids(asset) {
	return {
		asset_id: asset.assetId,
		public_id: asset.publicId,
		type: asset.type,
		resource_type: asset.resourceType,
	};
}

function keyed(entries, build) {
	const out = {};
	for (const e of entries)
		out[e.asset.publicId] = {
			asset_id: e.asset.assetId,
			type: e.asset.type,
			resource_type: e.asset.resourceType,
			...build(e),
		};
	return out;
}

/** Sends the notifications for a batch of {asset, diff} (to triggers, and notification_url if given). */
function notifyDiffs(ctx, entries, { notificationUrl, source = 'api' } = {}) {
	const n = ctx.notifier;
	const opt = { notificationUrl };
	const env = (type, fields) => n.envelope(type, fields, { source });
	const tagged = entries.filter((e) => e.diff.tags);
	if (tagged.length) {
		n.dispatch(
			'resource_tags_changed',
			env('resource_tags_changed', {
				source,
				resources: tagged.map((e) => ({
					...ids(e.asset),
					added: e.diff.tags.added,
					removed: e.diff.tags.removed,
					updated: [],
				})),
			}),
			opt,
		);
	}
	const ctxChanged = entries.filter((e) => e.diff.context);
	if (ctxChanged.length) {
		n.dispatch(
			'resource_context_changed',
			env('resource_context_changed', {
				source,
				resources: keyed(ctxChanged, (e) => e.diff.context),
			}),
			opt,
		);
	}
	const mdChanged = entries.filter((e) => e.diff.metadata);
	if (mdChanged.length) {
		n.dispatch(
			'resource_metadata_changed',
			env('resource_metadata_changed', {
				source,
				resources: keyed(mdChanged, (e) => e.diff.metadata),
			}),
			opt,
		);
	}
	const acChanged = entries.filter((e) => e.diff.accessControl);
	if (acChanged.length) {
		n.dispatch(
			'access_control_changed',
			env('access_control_changed', {
				source,
				resources: keyed(acChanged, (e) => ({
					access_control: e.diff.accessControl.to ?? [],
					previous_access_control: e.diff.accessControl.from ?? [],
				})),
			}),
			opt,
		);
	}
	const dnChanged = entries.filter((e) => e.diff.displayName);
	if (dnChanged.length) {
		n.dispatch(
			'resource_display_name_changed',
			env('resource_display_name_changed', {
				source,
				resources: keyed(dnChanged, (e) => ({
					new_display_name: e.diff.displayName.to,
					old_display_name: e.diff.displayName.from,
				})),
			}),
			opt,
		);
	}
	const moved = entries.filter((e) => e.diff.assetFolder);
	if (moved.length) {
		n.dispatch(
			'move',
			env('move', {
				source,
				resources: keyed(moved, (e) => ({
					from_asset_folder: e.diff.assetFolder.from,
					to_asset_folder: e.diff.assetFolder.to,
					display_name: e.asset.displayName,
				})),
			}),
			opt,
		);
	}
	for (const e of entries) {
		for (const folder of e.diff.createdFolders ?? [])
			n.dispatch(
				'create_folder',
				env('create_folder', { folder_path: folder, folder_name: folder.split('/').pop() }),
			);
	}
	for (const e of entries.filter((x) => x.diff.moderation)) {
		const u = ctx.views.url(e.asset);
		n.dispatch(
			'moderation',
			env('moderation', {
				...ids(e.asset),
				moderation_status: e.diff.moderation.status,
				moderation_kind: e.diff.moderation.kind,
				moderation_updated_at: isoSeconds(ctx.clock.now()),
				version: e.asset.version,
				uploaded_at: isoSeconds(e.asset.uploadedAt ?? e.asset.createdAt),
				url: u,
				secure_url: u,
			}),
			opt,
		);
	}
}

module.exports = { applyChanges, notifyDiffs };
