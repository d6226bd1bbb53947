import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import {
	metadataFieldPath,
	metadataFieldRequest,
	readMetadataFieldId,
} from '../../helpers/metadataFieldDefinitions';
import { metadataFieldLocator } from './fields';

const properties: INodeProperties[] = [metadataFieldLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['getField'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const id = readMetadataFieldId.call(this, itemIndex);
		return metadataFieldRequest.call(this, itemIndex, 'GET', metadataFieldPath(id));
	});
}
