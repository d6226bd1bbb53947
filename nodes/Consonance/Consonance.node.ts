import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeProperties,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { actionSubtitle } from '../shared/subtitle';
import * as contact from './actions/contact';
import * as contract from './actions/contract';
import * as graphql from './actions/graphql';
import * as marketingText from './actions/marketingText';
import * as product from './actions/product';
import * as productFeed from './actions/productFeed';
import * as supportingResource from './actions/supportingResource';
import * as webLink from './actions/webLink';
import * as work from './actions/work';
import { router } from './actions/router';
import { searchProducts, searchWorks } from './methods/listSearch';
import { getImprints } from './methods/loadOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Contact',
				value: 'contact',
				description: 'A person or organisation: author, agent, illustrator',
			},
			{
				name: 'Contract',
				value: 'contract',
				description: 'An author or agent agreement with its licensed rights',
			},
			{
				name: 'GraphQL',
				value: 'graphql',
				description: 'Any other query or change, written in GraphQL',
			},
			{
				name: 'Marketing Text',
				value: 'marketingText',
				description: 'A description, review quote or other text of a work',
			},
			{
				name: 'Product',
				value: 'product',
				description: 'An edition of a work: hardback, paperback, ebook, audio',
			},
			{
				name: 'Product Feed (Legacy REST)',
				value: 'productFeed',
				description: 'The read-only REST product feed',
			},
			{
				name: 'Supporting Resource',
				value: 'supportingResource',
				description: 'An image of a work: front cover, author photo…',
			},
			{
				name: 'Web Link',
				value: 'webLink',
				description: 'A link to a video, audio sample or page about a work or product',
			},
			{ name: 'Work', value: 'work', description: 'A title across all its editions' },
		],
		default: 'product',
	},
	...product.description,
	...work.description,
	...supportingResource.description,
	...marketingText.description,
	...webLink.description,
	...contact.description,
	...contract.description,
	...productFeed.description,
	...graphql.description,
];

export class Consonance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Consonance',
		name: 'consonance',
		icon: { light: 'file:consonance.svg', dark: 'file:consonance.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: actionSubtitle(properties),
		description:
			'Read and update titles in Consonance: products, works, covers and other supporting resources',
		defaults: { name: 'Consonance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'consonancePublishingApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchProducts, searchWorks },
		loadOptions: { getImprints },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
