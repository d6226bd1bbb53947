import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { productLocator, productOutputOptions } from '../common.descriptions';
import { readProductView } from '../../helpers/product';
import { readProductReference } from '../../helpers/productReference';
import { consonanceGraphql } from '../../transport';

const properties: INodeProperties[] = [productLocator, productOutputOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const reference = readProductReference.call(this, 'product', itemIndex);
		const view = readProductView.call(this, itemIndex);
		const data = await consonanceGraphql.call(
			this,
			`query ProductGet($search: ProductSearchAttributes) { product(productSearch: $search) ` +
				`{ ${view.selection} } }`,
			{ search: reference.search },
			{ itemIndex },
		);
		if (!data.product) {
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}, field "Product": no Consonance product has ${reference.label}`,
				{
					itemIndex,
					description: 'Check the ID or ISBN, or search for the product first (Product › Search).',
				},
			);
		}
		return view.output(data.product as IDataObject);
	});
}
