import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapBatchedItems } from '../../shared/items';
import {
	bulkReport,
	MAX_TAG_ID_PRODUCT,
	UPLOAD_API_MAX_IDS,
	publicIdsOf,
	readBulkTarget,
	readPublicIds,
	readTags,
	type BulkTarget,
} from './batching';
import { cloudinaryUploadApi, type FormValue } from '../transport';

// The Upload API's bulk commands (`tags`, `context`, `metadata`), run over the IDs of ALL input
// items: items asking for the same change share calls of up to 1000 IDs.

export type TagCommand = 'add' | 'remove' | 'replace' | 'remove_all';

/** One Upload API `tags` command (Tag › Add, Remove, Replace, Remove All). */
export async function runTagCommand(
	this: IExecuteFunctions,
	command: TagCommand,
): Promise<INodeExecutionData[]> {
	return mapBatchedItems(
		this,
		(itemIndex) => {
			const ids = readPublicIds.call(this, itemIndex);
			const tags = command === 'remove_all' ? [] : readTags.call(this, itemIndex);
			const target = readBulkTarget.call(this, itemIndex);
			return {
				key: JSON.stringify([target.resourceType, target.deliveryType, tags]),
				payload: { ...target, tags },
				ids,
				batchSize: Math.min(
					UPLOAD_API_MAX_IDS,
					Math.floor(MAX_TAG_ID_PRODUCT / Math.max(1, tags.length)),
				),
			};
		},
		async (payload, ids, itemIndexes) => {
			const { body } = await cloudinaryUploadApi.call(
				this,
				payload.resourceType,
				'tags',
				{ command, tag: payload.tags.join(','), public_ids: ids, type: payload.deliveryType },
				{ itemIndex: itemIndexes[0], idempotent: true },
			);
			return publicIdsOf(body);
		},
		(_itemIndex, plan, done) =>
			bulkReport(plan.payload, plan, done, {
				command,
				...(command === 'remove_all' ? {} : { tags: plan.payload.tags }),
			}),
	);
}

/**
 * One Upload API `context` or `metadata` command. `read` gives an item's command fields (validated)
 * and a friendly summary for its output. Items asking for different values make one call each:
 * `concurrency` of those are sent at once (the operation's Parallel Requests; 1 = one after another).
 */
export async function runBulkCommand(
	this: IExecuteFunctions,
	action: 'context' | 'metadata',
	read: (itemIndex: number) => { fields: Record<string, FormValue>; summary: IDataObject },
	concurrency = 1,
): Promise<INodeExecutionData[]> {
	const summaries = new Map<number, IDataObject>();
	return mapBatchedItems(
		this,
		(itemIndex) => {
			const ids = readPublicIds.call(this, itemIndex);
			const { fields, summary } = read(itemIndex);
			const target = readBulkTarget.call(this, itemIndex);
			summaries.set(itemIndex, summary);
			return {
				key: JSON.stringify([target.resourceType, target.deliveryType, fields]),
				payload: { target, fields },
				ids,
				batchSize: UPLOAD_API_MAX_IDS,
			};
		},
		async (
			{ target, fields }: { target: BulkTarget; fields: Record<string, FormValue> },
			ids,
			itemIndexes,
		) => {
			const { body } = await cloudinaryUploadApi.call(
				this,
				target.resourceType,
				action,
				{ ...fields, public_ids: ids, type: target.deliveryType },
				{ itemIndex: itemIndexes[0], idempotent: true },
			);
			return publicIdsOf(body);
		},
		(itemIndex, plan, done) =>
			bulkReport(plan.payload.target, plan, done, summaries.get(itemIndex)),
		{ concurrency },
	);
}
