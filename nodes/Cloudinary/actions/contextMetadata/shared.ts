import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapBatchedItems } from '../../../shared/items';
import { bulkReport, publicIdsOf, readBulkTarget, readPublicIds, type BulkTarget } from '../../helpers/batching';
import { cloudinaryUploadApi, type FormValue } from '../../transport';

/**
 * Runs one Upload API bulk command (`context` or `metadata`) over the IDs of all items. `read`
 * gives an item's command fields (validated) and a friendly summary for its output; items with the
 * same fields share calls of up to 1000 IDs.
 */
export async function runBulkCommand(
	this: IExecuteFunctions,
	action: 'context' | 'metadata',
	read: (itemIndex: number) => { fields: Record<string, FormValue>; summary: IDataObject },
): Promise<INodeExecutionData[]> {
	const summaries = new Map<number, IDataObject>();
	return mapBatchedItems(
		this,
		(itemIndex) => {
			const ids = readPublicIds.call(this, itemIndex);
			const { fields, summary } = read(itemIndex);
			const target = readBulkTarget.call(this, itemIndex);
			summaries.set(itemIndex, summary);
			return { key: JSON.stringify([target.resourceType, target.deliveryType, fields]), payload: { target, fields }, ids };
		},
		async ({ target, fields }: { target: BulkTarget; fields: Record<string, FormValue> }, ids, itemIndexes) => {
			const { body } = await cloudinaryUploadApi.call(this, target.resourceType, action, { ...fields, public_ids: ids, type: target.deliveryType }, { itemIndex: itemIndexes[0], idempotent: true });
			return publicIdsOf(body);
		},
		(itemIndex, plan, done) => bulkReport(plan.payload.target, plan, done, summaries.get(itemIndex)),
	);
}
