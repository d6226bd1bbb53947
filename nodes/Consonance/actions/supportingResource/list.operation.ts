import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { SUPPORTING_RESOURCE_VARIANTS } from '../../helpers/assumptions';
import { supportingResourceSelection, toSupportingResourceOutput } from '../../helpers/records';
import { fetchWork, resolveWorkId } from '../../helpers/workReference';
import { listOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Variants',
				name: 'variants',
				type: 'multiOptions',
				options: SUPPORTING_RESOURCE_VARIANTS,
				default: [],
			},
			{
				displayName: 'Linked to Product ID',
				name: 'productId',
				type: 'number',
				default: 0,
				description: 'Only resources linked to this product',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportingResource'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const variants = listOf(this, filters.variants, itemIndex, 'Variants');
		const productId = filters.productId ? Number(filters.productId) : undefined;
		const workId = await resolveWorkId.call(this, 'work', itemIndex);
		const work = await fetchWork.call(
			this,
			workId,
			`supportingResources { ${supportingResourceSelection} }`,
			itemIndex,
		);
		return ((work.supportingResources as IDataObject[]) ?? [])
			.filter((r) => variants.length === 0 || variants.includes(r.resourceVariant as string))
			.filter(
				(r) => productId === undefined || ((r.productIds as number[]) ?? []).includes(productId),
			)
			.map((r) => toSupportingResourceOutput(r));
	});
}
