import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import * as asset from './asset';
import { bulkOperations } from './bulkResources';
import * as url from './url';
import * as validation from './validation';
import * as variant from './variant';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	asset: {
		delete: asset.delete.execute,
		download: asset.download.execute,
		generateVariants: asset.generateVariants.execute,
		get: asset.get.execute,
		rename: asset.rename.execute,
		restoreVersion: asset.restoreVersion.execute,
		search: asset.search.execute,
		update: asset.update.execute,
		upload: asset.upload.execute,
	},
	...bulkOperations,
	url: { build: url.build.execute },
	validation: { validate: validation.validate.execute },
	variant: { getUrls: variant.getUrls.execute, materialize: variant.materialize.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	return [await run.call(this)];
}
