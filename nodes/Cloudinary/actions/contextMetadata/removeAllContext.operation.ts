import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { runBulkCommand } from '../../helpers/bulkCommands';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	publicIdsField,
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contextMetadata'], operation: ['removeAllContext'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runBulkCommand.call(this, 'context', () => ({
		fields: { command: 'remove_all' },
		summary: { operation: 'remove_all' },
	}));
}
