import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import type { BatchPlan } from '../../shared/items';
import { listOf, textOf } from '../../shared/parameters';
import { checkAssetTypes, DELIVERY_TYPES, RESOURCE_TYPES } from './assetReference';
import { publicIdOf } from './identifiers';

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

export interface BulkTarget {
	resourceType: string;
	deliveryType: string;
}

/** Resource type and delivery type of a bulk operation, validated. */
export function readBulkTarget(this: IExecuteFunctions, itemIndex: number): BulkTarget {
	const resourceType = textOf(
		this,
		this.getNodeParameter('resourceType', itemIndex, 'image'),
		itemIndex,
		'Resource Type',
		{ valid: RESOURCE_TYPES.join(', ') },
	);
	const deliveryType = textOf(
		this,
		this.getNodeParameter('deliveryType', itemIndex, 'upload'),
		itemIndex,
		'Delivery Type',
		{ valid: DELIVERY_TYPES.join(', ') },
	);
	checkAssetTypes(this.getNode(), itemIndex, resourceType, deliveryType);
	return { resourceType, deliveryType };
}

/**
 * The public IDs an item names: one ID, several separated by commas or line breaks, or an array
 * (from an expression; each element one ID). Validated before any call.
 */
export function readPublicIds(
	this: IExecuteFunctions,
	itemIndex: number,
	field = 'publicIds',
	label = 'Public IDs',
): string[] {
	const valid =
		'one public ID such as covers/9781810000008, several separated by commas or new lines, or a list';
	const ids = listOf(
		this,
		this.getNodeParameter(field, itemIndex, '') as unknown,
		itemIndex,
		label,
		{ separator: /[,\n\r]+/, required: true, valid },
	);
	ids.forEach((id, i) =>
		publicIdOf(this, id, itemIndex, ids.length > 1 ? `${label}, entry ${i + 1}` : label),
	);
	return [...new Set(ids)];
}

/**
 * Tags from a multi-value field (each value may also be an array from an expression). A tag with a
 * comma is refused: Cloudinary forbids commas in tags (they separate tags on the wire).
 */
export function readTags(
	this: IExecuteFunctions,
	itemIndex: number,
	field = 'tags',
	label = 'Tags',
): string[] {
	const raw = this.getNodeParameter(field, itemIndex, []) as unknown;
	const node = this.getNode();
	const valid = 'one or more tags, each added as its own value, e.g. imprint_harbour';
	const tags = listOf(this, Array.isArray(raw) ? raw.flat() : raw, itemIndex, label, {
		separator: /[\n\r]+/,
		required: true,
		maxLength: 255,
		maxItems: 1000,
		valid,
	});
	for (const tag of tags) {
		if (tag.includes(',')) {
			throw invalidFieldError(
				node,
				itemIndex,
				label,
				`"${tag}" contains a comma, which Cloudinary does not allow in a tag`,
				'tags without commas; add each tag as its own value',
			);
		}
	}
	return [...new Set(tags)];
}

/** The per-item output of a bulk change: which of the item's IDs Cloudinary updated, and which it did not know. */
export function bulkReport(
	target: BulkTarget,
	plan: BatchPlan<unknown>,
	done: ReadonlySet<string>,
	extra: IDataObject = {},
): IDataObject {
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
		out.message =
			`Cloudinary did not update ${notUpdated.length} of ${plan.ids.length} public ` +
			`ID${plan.ids.length > 1 ? 's' : ''}: it has no ` +
			`${target.resourceType}/${target.deliveryType} asset with ` +
			`${notUpdated.length > 1 ? 'them' : 'it'} ` +
			`(${notUpdated.slice(0, 5).join(', ')}${notUpdated.length > 5 ? ', …' : ''})`;
	}
	return out;
}

/** Public IDs from an Upload API bulk answer (`{"public_ids": [...]}`). */
export function publicIdsOf(body: IDataObject): string[] {
	return Array.isArray(body.public_ids) ? (body.public_ids as unknown[]).map(String) : [];
}
