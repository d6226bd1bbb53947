import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { checkExternalId } from '../../helpers/metadataValues';
import {
	metadataFieldPath,
	metadataFieldRequest,
	readMetadataFieldId,
} from '../../helpers/metadataFieldDefinitions';
import { metadataFieldLocator } from './fields';
import { listOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	metadataFieldLocator,
	{
		displayName: 'Value External IDs',
		name: 'valueIds',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Value' },
		default: [],
		required: true,
		description: 'The list values to deactivate (assets keep them; they can no longer be chosen)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['deleteValues'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const id = readMetadataFieldId.call(this, itemIndex);
		const node = this.getNode();
		const raw = this.getNodeParameter('valueIds', itemIndex, []) as unknown;
		const ids = listOf(
			this,
			Array.isArray(raw) ? raw.flat() : raw,
			itemIndex,
			'Value External IDs',
			{ required: true, valid: 'external IDs of list values, e.g. gb' },
		);
		for (const v of ids) checkExternalId(node, itemIndex, 'Value External IDs', v);
		const body = await metadataFieldRequest.call(
			this,
			itemIndex,
			'DELETE',
			`${metadataFieldPath(id)}/datasource`,
			{ external_ids: ids },
			true,
		);
		return { external_id: id, values: body.values ?? [] };
	});
}
