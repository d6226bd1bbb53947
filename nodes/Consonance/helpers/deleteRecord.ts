import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import {
	locatorKey,
	parallelOptionsCollection,
	readParallelRequests,
} from '../../shared/concurrency';
import { mapItems } from '../../shared/items';
import { checkId } from './input';
import { runMutation } from './mutation';

// Delete is the same for every work-level child record (supporting resource, marketing text, web
// link): one ID in, `{ id, deleted: true }` out. Not retried: a repeated delete of a record the
// first attempt removed would report it missing.

export function deleteDescription(resource: string, what: string): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: ['delete'] } }, [
		{
			displayName: `${what} ID`,
			name: 'recordId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 9001',
			description: `The ID of the ${what.toLowerCase()} to delete (see Get Many)`,
		},
		parallelOptionsCollection,
	]);
}

/** Deletes one record by ID; a record that does not exist fails as not found (see `isNotFound`). */
export async function deleteRecord(
	this: IExecuteFunctions,
	mutation: string,
	inputType: string,
	what: string,
	id: number,
	itemIndex: number,
): Promise<IDataObject> {
	return await runMutation.call(this, mutation, inputType, { id }, 'success deletedId', {
		itemIndex,
		fieldLabels: { id: `${what} ID` },
		recordField: 'id',
	});
}

export function deleteExecute(mutation: string, inputType: string, what: string) {
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		return mapItems.call(
			this,
			async (itemIndex) => {
				const id = checkId.call(
					this,
					this.getNodeParameter('recordId', itemIndex),
					itemIndex,
					`${what} ID`,
					what.toLowerCase(),
				);
				const payload = await deleteRecord.call(this, mutation, inputType, what, id, itemIndex);
				return { id: Number(payload.deletedId ?? id), deleted: payload.success !== false };
			},
			{
				concurrency: readParallelRequests.call(this),
				// two deletes of one record run in input order: the first deletes it, the next finds it gone
				keyOf: (itemIndex) => locatorKey(this.getNodeParameter('recordId', itemIndex)),
			},
		);
	};
}
