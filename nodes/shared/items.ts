import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type JsonObject, type INodeExecutionData } from 'n8n-workflow';

/**
 * The per-item loop every operation runs in: one call of `handler` per input item, its result
 * paired with that item, and with "Continue On Fail" an error item in place of a failed one so that
 * the other items still go through.
 */
export async function mapItems(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await handler(itemIndex);
			const executionData = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), { itemData: { item: itemIndex } });
			output.push(...executionData);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({
					json: { error: (error as Error).message, ...(error as { description?: string }).description ? { errorDescription: (error as { description?: string }).description } : {} },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			// Both constructors hand back an error that is already of their class unchanged.
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return output;
}
