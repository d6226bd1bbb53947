import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { toWebLinkOutput, webLinkSelection } from '../../helpers/records';
import { fetchWork, resolveWorkId } from '../../helpers/workReference';

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Include Product Links',
		name: 'includeProducts',
		type: 'boolean',
		default: true,
		description:
			'Whether to list the links of each product (edition) of the work too, not only those of the work',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webLink'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const includeProducts = this.getNodeParameter('includeProducts', itemIndex, true) as boolean;
		const workId = await resolveWorkId.call(this, 'work', itemIndex);
		const work = await fetchWork.call(
			this,
			workId,
			`webLinks { ${webLinkSelection} } products { id webLinks { ${webLinkSelection} } }`,
			itemIndex,
		);
		const links = ((work.webLinks as IDataObject[]) ?? []).map((l) =>
			toWebLinkOutput(l, { workId }),
		);
		if (includeProducts) {
			for (const product of (work.products as IDataObject[]) ?? []) {
				links.push(
					...((product.webLinks as IDataObject[]) ?? []).map((l) =>
						toWebLinkOutput(l, { workId, productId: Number(product.id) }),
					),
				);
			}
		}
		return links;
	});
}
