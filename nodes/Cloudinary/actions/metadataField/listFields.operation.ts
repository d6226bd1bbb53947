import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { metadataFieldRequest } from '../../helpers/metadataFieldDefinitions';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['listFields'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const body = await metadataFieldRequest.call(this, itemIndex, 'GET', 'metadata_fields');
		return (body.metadata_fields as IDataObject[]) ?? [];
	});
}
