import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { productLocator } from '../common.descriptions';
import { DIMENSION_UNITS, productSelection, toProductOutput, type DimensionUnit } from '../../helpers/product';
import { readProductReference } from '../../helpers/productReference';
import { consonanceGraphql } from '../../transport';

const properties: INodeProperties[] = [
	productLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dimension Unit',
				name: 'dimensionUnit',
				type: 'options',
				default: 'MM',
				options: [
					{ name: 'Millimetres', value: 'MM' },
					{ name: 'Centimetres', value: 'CM' },
					{ name: 'Inches', value: 'IN' },
				],
				description: 'Unit for the trim height, width and spine thickness of print products',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['product'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const reference = readProductReference.call(this, 'product', itemIndex);
		const unit = ((this.getNodeParameter('options.dimensionUnit', itemIndex, 'MM') as string) || 'MM') as DimensionUnit;
		if (!DIMENSION_UNITS.includes(unit)) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}, field "Dimension Unit": "${unit}" is not a unit`, { itemIndex, description: 'Valid values: MM, CM, IN' });
		}
		const data = await consonanceGraphql.call(
			this,
			`query ProductGet($search: ProductSearchAttributes) { product(productSearch: $search) { ${productSelection(unit)} } }`,
			{ search: reference.search },
			{ itemIndex },
		);
		if (!data.product) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}, field "Product": no Consonance product has ${reference.label}`, {
				itemIndex,
				description: 'Check the ID or ISBN, or search for the product first (Product › Search).',
			});
		}
		return toProductOutput(data.product as never, unit);
	});
}
