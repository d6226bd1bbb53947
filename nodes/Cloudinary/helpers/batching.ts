import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import type { BatchPlan } from '../../shared/items';
import { splitList } from '../../shared/lists';
import { checkAssetTypes } from './assetReference';

// Bulk changes: public IDs come from the input items, are collected across ALL items and sent as
// many at a time as the API takes; each item then hears which of its IDs Cloudinary updated.

/**
 * Most public IDs one Upload API call takes (`tags`, `context`, `metadata`, `generate_archive`):
 * docs/api-facts.md, "IDs per call".
 */
export const UPLOAD_API_MAX_IDS = 1000;

/**
 * Most public IDs one Admin API call takes (delete resources; `update_access_mode`, whose cap is
 * undocumented and ASSUMED to be the same): docs/api-facts.md, "IDs per call".
 */
export const ADMIN_API_MAX_IDS = 100;

/** Cloudinary's cap on tags × public IDs in one tags call. */
export const MAX_TAG_ID_PRODUCT = 10000;

// Characters Cloudinary does not allow in a public ID.
const FORBIDDEN_IN_PUBLIC_ID = /[?&#\\%<>]/;

export interface BulkTarget {
	resourceType: string;
	deliveryType: string;
}

/** Resource type and delivery type of a bulk operation, validated. */
export function readBulkTarget(this: IExecuteFunctions, itemIndex: number): BulkTarget {
	const resourceType = this.getNodeParameter('resourceType', itemIndex, 'image') as string;
	const deliveryType = this.getNodeParameter('deliveryType', itemIndex, 'upload') as string;
	checkAssetTypes(this.getNode(), itemIndex, resourceType, deliveryType);
	return { resourceType, deliveryType };
}

/**
 * The public IDs an item names: one ID, several separated by commas or line breaks, or an array
 * (from an expression; each element one ID). Validated before any call.
 */
export function readPublicIds(this: IExecuteFunctions, itemIndex: number, field = 'publicIds', label = 'Public IDs'): string[] {
	const raw = this.getNodeParameter(field, itemIndex, '') as unknown;
	const node = this.getNode();
	const ids = splitList(raw);
	if (ids.length === 0) {
		throw invalidFieldError(node, itemIndex, label, 'no public ID was given', 'one public ID such as covers/9781810000008, several separated by commas or new lines, or an array');
	}
	for (const id of ids) {
		if (FORBIDDEN_IN_PUBLIC_ID.test(id)) {
			throw invalidFieldError(node, itemIndex, label, `"${id}" is not a public ID (it contains one of ? & # \\ % < >)`, 'a public ID without a file extension, e.g. covers/9781810000008');
		}
	}
	return [...new Set(ids)];
}

/**
 * Tags from a multi-value field (each value may also be an array from an expression). A tag with a
 * comma is refused: Cloudinary forbids commas in tags (they separate tags on the wire).
 */
export function readTags(this: IExecuteFunctions, itemIndex: number, field = 'tags', label = 'Tags'): string[] {
	const raw = this.getNodeParameter(field, itemIndex, []) as unknown;
	const node = this.getNode();
	const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (Array.isArray(v) ? v : [v])).map((v) => String(v ?? '').trim());
	const tags = values.filter((t) => t !== '');
	if (tags.length === 0) throw invalidFieldError(node, itemIndex, label, 'no tag was given', 'one or more tags, each added as its own value, e.g. imprint_harbour');
	return checkTags(node, itemIndex, label, tags);
}

/** Tags as Cloudinary takes them: no comma, at most 255 characters each, at most 1000; duplicates dropped. */
export function checkTags(node: INode, itemIndex: number, label: string, tags: string[]): string[] {
	for (const tag of tags) {
		if (tag.includes(',')) {
			throw invalidFieldError(node, itemIndex, label, `"${tag}" contains a comma, which Cloudinary does not allow in a tag`, 'tags without commas; add each tag as its own value');
		}
		if (tag.length > 255) throw invalidFieldError(node, itemIndex, label, `"${tag.slice(0, 40)}…" is longer than 255 characters`, 'tags of at most 255 characters');
	}
	if (tags.length > 1000) throw invalidFieldError(node, itemIndex, label, `${tags.length} tags were given`, 'at most 1000 tags per asset');
	return [...new Set(tags)];
}

/** The per-item output of a bulk change: which of the item's IDs Cloudinary updated, and which it did not know. */
export function bulkReport(target: BulkTarget, plan: BatchPlan<unknown>, done: ReadonlySet<string>, extra: IDataObject = {}): IDataObject {
	const updated = plan.ids.filter((id) => done.has(id));
	const notUpdated = plan.ids.filter((id) => !done.has(id));
	const out: IDataObject = {
		...extra,
		resource_type: target.resourceType,
		type: target.deliveryType,
		public_ids: plan.ids,
		updated,
		not_updated: notUpdated,
		success: notUpdated.length === 0,
	};
	if (notUpdated.length) {
		out.message = `Cloudinary did not update ${notUpdated.length} of ${plan.ids.length} public ID${plan.ids.length > 1 ? 's' : ''}: it has no ${target.resourceType}/${target.deliveryType} asset with ${notUpdated.length > 1 ? 'them' : 'it'} (${notUpdated.slice(0, 5).join(', ')}${notUpdated.length > 5 ? ', …' : ''})`;
	}
	return out;
}

/** Public IDs from an Upload API bulk answer (`{"public_ids": [...]}`). */
export function publicIdsOf(body: IDataObject): string[] {
	return Array.isArray(body.public_ids) ? (body.public_ids as unknown[]).map(String) : [];
}
