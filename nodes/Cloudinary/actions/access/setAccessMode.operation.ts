import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapBatchedItems } from '../../../shared/items';
import {
	ADMIN_API_MAX_IDS,
	bulkReport,
	readBulkTarget,
	readPublicIds,
	type BulkTarget,
} from '../../helpers/batching';
import { cloudinaryRequest } from '../../transport';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Access Mode',
		name: 'accessMode',
		type: 'options',
		default: 'authenticated',
		options: [
			{
				name: 'Authenticated',
				value: 'authenticated',
				description: 'Delivery needs a signed URL or token, though URLs keep the upload type',
			},
			{ name: 'Public', value: 'public' },
		],
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['access'], operation: ['setAccessMode'] } },
	properties,
);

/** The Admin API's bulk `update_access_mode` on many assets. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapBatchedItems(
		this,
		(itemIndex) => {
			const ids = readPublicIds.call(this, itemIndex);
			const target = readBulkTarget.call(this, itemIndex);
			const mode = this.getNodeParameter('accessMode', itemIndex) as string;
			if (mode !== 'public' && mode !== 'authenticated')
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Access Mode',
					`"${mode}" is not an access mode`,
					'public, authenticated',
				);
			return {
				key: JSON.stringify([target, mode]),
				payload: { target, mode },
				ids,
				batchSize: ADMIN_API_MAX_IDS,
			};
		},
		async ({ target, mode }: { target: BulkTarget; mode: string }, ids, itemIndexes) => {
			const { body } = await cloudinaryRequest.call(this, {
				method: 'POST',
				path: `resources/${target.resourceType}/${target.deliveryType}/update_access_mode`,
				form: { access_mode: mode, public_ids: ids },
				itemIndex: itemIndexes[0],
				idempotent: true,
			});
			return ((body.updated as IDataObject[]) ?? []).map((u) => String(u.public_id));
		},
		(_itemIndex, plan, done) =>
			bulkReport(plan.payload.target, plan, done, { access_mode: plan.payload.mode }),
	);
}
