import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { runTagCommand } from '../../helpers/bulkCommands';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';
import { tagsField } from './fields';

const properties: INodeProperties[] = [
	publicIdsField,
	tagsField,
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['add'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runTagCommand.call(this, 'add');
}
