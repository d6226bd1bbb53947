import { type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { mapBatchedItems } from '../../../shared/items';
import { bulkReport, MAX_IDS_PER_CALL, MAX_TAG_ID_PRODUCT, publicIdsOf, readBulkTarget, readPublicIds, readTags } from '../../helpers/batching';
import { cloudinaryUploadApi } from '../../transport';
import { bulkDeliveryTypeField, bulkResourceTypeField, forOperations, publicIdsField } from '../bulk.descriptions';

// Add / Remove / Replace / Remove All: one Upload API `tags` command each, on the IDs of all items.

const COMMANDS: Record<string, string> = { add: 'add', remove: 'remove', replace: 'replace', removeAll: 'remove_all' };

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
		default: [],
		required: true,
		placeholder: 'e.g. imprint_harbour',
		description: 'One tag per value (a value may also be an array from an expression). Tags cannot contain commas.',
		displayOptions: { show: { operation: ['add', 'remove', 'replace'] } },
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = forOperations('tag', ['add', 'remove', 'replace', 'removeAll'], properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const command = COMMANDS[operation];
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
				batchSize: Math.min(MAX_IDS_PER_CALL, Math.floor(MAX_TAG_ID_PRODUCT / Math.max(1, tags.length))),
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
		(itemIndex, plan, done) => bulkReport(plan.payload as never, plan, done, { command, ...(command === 'remove_all' ? {} : { tags: (plan.payload as { tags: string[] }).tags }) }),
	);
}
