import type { IDataObject } from 'n8n-workflow';
import { ALL_EVENTS } from './events';

// Turns a notification into one item per asset it concerns. Payloads are only partly documented
// (docs/api-facts.md, "Notifications"), so every field is read defensively: `resources` may be an array
// or an object keyed by public ID, context/metadata changes may be maps or arrays of {name, value},
// and an old-style upload notification may have no notification_type at all.

export interface NotificationItem extends IDataObject {
	eventType: string;
	publicId: string | null;
	previousPublicId: string | null;
	assetId: string | null;
	version: number | null;
	secureUrl: string | null;
	resourceType: string | null;
	deliveryType: string | null;
	format: string | null;
	folder: string | null;
	assetFolder: string | null;
	displayName: string | null;
	tags: string[];
	context: IDataObject;
	metadata: IDataObject;
	moderationStatus: string | null;
	changes: IDataObject | null;
	timestamp: string | null;
	notificationId: string | null;
	raw: IDataObject;
}

export interface NotificationFilters {
	events?: string[];
	folder?: string;
	tags?: string[];
	resourceTypes?: string[];
	moderationStatuses?: string[];
}

const isObject = (v: unknown): v is IDataObject =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
	typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null =>
	v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);

function first<T>(read: (v: unknown) => T | null, ...values: unknown[]): T | null {
	for (const v of values) {
		const r = read(v);
		if (r !== null) return r;
	}
	return null;
}

function stringList(v: unknown): string[] {
	if (Array.isArray(v))
		return v
			.map((x) => (isObject(x) ? str(x.name ?? x.value) : str(x)))
			.filter((x): x is string => x !== null);
	if (typeof v === 'string')
		return v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	return [];
}

/** {name, value} pairs, a map, or a list of names, as one map (names without a value map to null). */
function asMap(v: unknown): IDataObject {
	if (isObject(v)) return { ...v };
	const out: IDataObject = {};
	if (Array.isArray(v)) {
		for (const e of v) {
			if (isObject(e) && str(e.name ?? e.external_id) !== null)
				out[String(e.name ?? e.external_id)] = (e.value as IDataObject[string]) ?? null;
			else if (str(e) !== null) out[String(e)] = null;
		}
	}
	return out;
}

/** The upload response's context is {custom: {...}}; a change notification's may be flat. */
function contextOf(v: unknown): IDataObject {
	if (!isObject(v)) return {};
	return isObject(v.custom) ? { ...v.custom } : { ...v };
}

function moderationStatusOf(r: IDataObject): string | null {
	const direct = str(r.moderation_status);
	if (direct) return direct;
	if (Array.isArray(r.moderation) && r.moderation.length) {
		const last = r.moderation[r.moderation.length - 1];
		if (isObject(last)) return str(last.status);
	}
	return null;
}

interface Resource {
	fields: IDataObject;
	/** The payload with `resources` narrowed to this asset's entry, in its original shape. */
	raw: IDataObject;
}

/**
 * The assets a notification concerns. A multi-asset notification (bulk delete, bulk tag change) can
 * list up to 1000; each item's `raw` keeps only its own entry, so the execution data grows linearly.
 */
function resourcesOf(payload: IDataObject): Resource[] {
	const r = payload.resources;
	if (Array.isArray(r))
		return r
			.filter(isObject)
			.map((entry) => ({ fields: entry, raw: { ...payload, resources: [entry] } }));
	if (isObject(r)) {
		return Object.entries(r)
			.filter(([, v]) => isObject(v))
			.map(([key, v]) => ({
				fields: { public_id: key, ...(v as IDataObject) },
				raw: { ...payload, resources: { [key]: v } },
			}));
	}
	return [{ fields: payload, raw: payload }];
}

function eventTypeOf(payload: IDataObject): string {
	const t = str(payload.notification_type);
	if (t) return t;
	// An upload notification without notification_type is the bare upload response (official 2020 sample).
	if (str(payload.public_id) && num(payload.version) !== null) return 'upload';
	return 'unknown';
}

/** What changed, for change events: tags as lists, context/metadata as maps, moves and renames as from/to. */
function changesOf(eventType: string, r: IDataObject, payload: IDataObject): IDataObject | null {
	switch (eventType) {
		case 'resource_tags_changed':
			return {
				added: stringList(r.added),
				removed: stringList(r.removed),
				updated: stringList(r.updated),
			};
		case 'resource_context_changed':
		case 'resource_metadata_changed':
			return { added: asMap(r.added), removed: asMap(r.removed), updated: asMap(r.updated) };
		case 'access_control_changed':
			return {
				accessControl: (r.access_control as IDataObject) ?? null,
				previousAccessControl: (r.previous_access_control as IDataObject) ?? null,
			};
		case 'move':
			return { fromAssetFolder: str(r.from_asset_folder), toAssetFolder: str(r.to_asset_folder) };
		case 'rename':
			return { fromPublicId: str(r.from_public_id), toPublicId: str(r.to_public_id) };
		case 'resource_display_name_changed':
			return {
				from: first(str, r.old_display_name, r.previous_display_name),
				to: str(r.new_display_name),
			};
		case 'eager':
			return {
				batchId: first(str, r.batch_id, payload.batch_id),
				derived: Array.isArray(r.eager) ? r.eager : [],
			};
		case 'error':
			return {
				batchId: str(payload.batch_id),
				error: isObject(payload.error) ? str(payload.error.message) : str(payload.error),
			};
		default:
			return null;
	}
}

function timestampOf(payload: IDataObject, headerTimestamp?: number): string | null {
	const candidates = [
		payload.timestamp,
		isObject(payload.notification_context) ? payload.notification_context.triggered_at : undefined,
	];
	for (const c of candidates) {
		const text = str(c);
		if (text && !Number.isNaN(Date.parse(text))) return new Date(Date.parse(text)).toISOString();
	}
	return headerTimestamp === undefined ? null : new Date(headerTimestamp * 1000).toISOString();
}

export function normaliseNotification(
	payload: IDataObject,
	headerTimestamp?: number,
): NotificationItem[] {
	const eventType = eventTypeOf(payload);
	const timestamp = timestampOf(payload, headerTimestamp);
	return resourcesOf(payload).map(({ fields: r, raw }) => {
		const shared: IDataObject = r === payload ? {} : payload;
		const publicId = first(str, r.to_public_id, r.public_id);
		return {
			eventType,
			publicId,
			previousPublicId: str(r.from_public_id),
			assetId: str(r.asset_id),
			version: num(r.version),
			secureUrl: first(str, r.secure_url, r.url),
			resourceType: first(str, r.resource_type, shared.resource_type),
			deliveryType: first(str, r.to_type, r.type, shared.type),
			format: str(r.format),
			folder: first(
				str,
				r.folder,
				publicId && publicId.includes('/') ? publicId.slice(0, publicId.lastIndexOf('/')) : null,
			),
			assetFolder: first(str, r.asset_folder, r.to_asset_folder),
			displayName: first(str, r.display_name, r.new_display_name),
			// For change events the full state is not sent, only what changed (in `changes`).
			tags: eventType === 'resource_tags_changed' ? [] : stringList(r.tags),
			context: eventType === 'resource_context_changed' ? {} : contextOf(r.context),
			metadata: eventType === 'resource_metadata_changed' ? {} : asMap(r.metadata),
			moderationStatus: moderationStatusOf(r),
			changes: changesOf(eventType, r, payload),
			timestamp,
			notificationId: str(payload.request_id),
			raw,
		};
	});
}

function startsWithAny(prefix: string, candidates: Array<string | null>): boolean {
	return candidates.some((c) => c !== null && c.startsWith(prefix));
}

/** Tags an item "concerns": the asset's tags, and for a tag change also those added, removed or updated. */
function tagsConcerned(item: NotificationItem): string[] {
	const changed =
		item.eventType === 'resource_tags_changed' && item.changes
			? ['added', 'removed', 'updated'].flatMap((k) => (item.changes?.[k] as string[]) ?? [])
			: [];
	return [...item.tags, ...changed];
}

/**
 * Whether an item passes the node's filters; every filter set must match (AND), values within one
 * filter are alternatives (OR).
 */
export function matchesFilters(item: NotificationItem, f: NotificationFilters): boolean {
	if (f.events?.length && !f.events.includes(ALL_EVENTS) && !f.events.includes(item.eventType))
		return false;
	if (f.folder) {
		const withSlash = (v: string | null) => (v === null ? null : `${v.replace(/\/+$/, '')}/`);
		const folders = [
			item.publicId,
			item.previousPublicId,
			withSlash(item.assetFolder),
			withSlash(item.folder),
		];
		if (item.changes)
			folders.push(
				withSlash(str(item.changes.fromAssetFolder)),
				withSlash(str(item.changes.toAssetFolder)),
			);
		if (!startsWithAny(f.folder, folders)) return false;
	}
	if (f.tags?.length) {
		const have = new Set(tagsConcerned(item));
		if (!f.tags.some((t) => have.has(t))) return false;
	}
	if (
		f.resourceTypes?.length &&
		(item.resourceType === null || !f.resourceTypes.includes(item.resourceType))
	)
		return false;
	if (
		f.moderationStatuses?.length &&
		(item.moderationStatus === null || !f.moderationStatuses.includes(item.moderationStatus))
	)
		return false;
	return true;
}
