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
	readListValues,
	readMetadataFieldId,
} from '../../helpers/metadataFieldDefinitions';
import { listValuesField, metadataFieldLocator } from './fields';

const properties: INodeProperties[] = [metadataFieldLocator, listValuesField];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['setValues'] } },
	properties,
);

/** Adds or relabels list values (Cloudinary upserts the datasource by external ID). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const id = readMetadataFieldId.call(this, itemIndex);
		const values = readListValues.call(this, itemIndex);
		const body = await metadataFieldRequest.call(
			this,
			itemIndex,
			'PUT',
			`${metadataFieldPath(id)}/datasource`,
			{ values },
			true,
		);
		return { external_id: id, values: body.values ?? [] };
	});
}
