import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as product from './actions/product';
import { router } from './actions/router';
import { searchProducts } from './methods/listSearch';

export class Consonance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Consonance',
		name: 'consonance',
		icon: { light: 'file:consonance.svg', dark: 'file:consonance.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update titles in Consonance: products, works, covers and other supporting resources',
		defaults: { name: 'Consonance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'consonanceApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Product', value: 'product', description: 'An edition of a work: hardback, paperback, ebook, audio' }],
				default: 'product',
			},
			...product.description,
		],
	};

	methods = {
		listSearch: { searchProducts },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
