import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import * as contact from './contact';
import * as contract from './contract';
import * as graphql from './graphql';
import * as marketingText from './marketingText';
import * as product from './product';
import * as productFeed from './productFeed';
import * as supportingResource from './supportingResource';
import * as webLink from './webLink';
import * as work from './work';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	product: {
		get: product.get.execute,
		search: product.search.execute,
		update: product.update.execute,
	},
	work: { get: work.get.execute, search: work.search.execute, update: work.update.execute },
	supportingResource: {
		create: supportingResource.create.execute,
		list: supportingResource.list.execute,
		delete: supportingResource.delete.execute,
	},
	marketingText: {
		create: marketingText.create.execute,
		list: marketingText.list.execute,
		delete: marketingText.delete.execute,
	},
	webLink: {
		create: webLink.create.execute,
		list: webLink.list.execute,
		delete: webLink.delete.execute,
	},
	contact: { get: contact.get.execute, search: contact.search.execute },
	contract: { get: contract.get.execute },
	productFeed: { list: productFeed.list.execute },
	graphql: { query: graphql.query.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	return [await run.call(this)];
}
