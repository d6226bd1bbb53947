import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { readList } from '../../../shared/parameters';
import { runBulkCommand } from '../../helpers/bulkCommands';
import { encodeMetadata } from '../../helpers/encoding';
import { encodeForField } from '../../helpers/fieldEncoding';
import { checkExternalId } from '../../helpers/metadataValues';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Field External IDs',
		name: 'metadataFields',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Field' },
		default: [],
		required: true,
		placeholder: 'e.g. campaign_status',
		description: 'The structured metadata fields to empty on each asset',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contextMetadata'], operation: ['clearMetadata'] } },
	properties,
);

/** Empties the named structured metadata fields on many assets. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runBulkCommand.call(this, 'metadata', (itemIndex) => {
		const field = 'Field External IDs';
		const values: IDataObject = {};
		const ids = readList.call(this, 'metadataFields', itemIndex, field, {
			separator: /[\n\r]+/,
			valid: 'one or more external IDs, e.g. campaign_status',
		});
		if (!ids.length)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				field,
				'no field was given',
				'one or more external IDs, e.g. campaign_status',
			);
		for (const id of ids) values[checkExternalId(this.getNode(), itemIndex, field, id)] = '';
		const metadata = encodeForField.call(this, itemIndex, field, undefined, () =>
			encodeMetadata(values),
		);
		return {
			fields: { metadata },
			summary: { operation: 'clear', cleared_fields: Object.keys(values) },
		};
	});
}
