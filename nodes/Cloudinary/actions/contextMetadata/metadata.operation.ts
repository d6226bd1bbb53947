import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { splitList } from '../../helpers/batching';
import { encodeMetadata, EncodingError } from '../../helpers/encoding';
import { checkExternalId, metadataValue } from '../../helpers/metadataValues';
import { bulkDeliveryTypeField, bulkResourceTypeField, forOperations, publicIdsField } from '../bulk.descriptions';
import { runBulkCommand } from './shared';

// Structured metadata on many assets (Upload API `metadata`): Set writes the given fields (other
// fields are kept), Clear empties the named fields. Fields are named by their external ID.

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		required: true,
		displayOptions: { show: { operation: ['setMetadata'] } },
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{ displayName: 'Field External ID', name: 'field', type: 'string', default: '', placeholder: 'e.g. imprint' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. harbour',
						description: 'Text, a number, a date as YYYY-MM-DD, the external ID of a list value, or for multi-select fields a list (an array, or JSON such as ["gb","ie"])',
					},
				],
			},
		],
	},
	{
		displayName: 'Field External IDs',
		name: 'metadataFields',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Field' },
		default: [],
		required: true,
		placeholder: 'e.g. campaign_status',
		displayOptions: { show: { operation: ['clearMetadata'] } },
		description: 'The structured metadata fields to empty on each asset',
	},
	{
		displayName: 'Skip Invalid Values',
		name: 'clearInvalid',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: ['setMetadata'] } },
		description: 'Whether Cloudinary should empty a field whose value fails the field\'s validation instead of rejecting the whole call',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = forOperations('contextMetadata', ['setMetadata', 'clearMetadata'], properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return runBulkCommand.call(this, 'metadata', (itemIndex) => {
		const node = this.getNode();
		const values: IDataObject = {};
		let field = 'Metadata';
		if (operation === 'setMetadata') {
			const entries = ((this.getNodeParameter('metadata', itemIndex, {}) as IDataObject).fields as IDataObject[]) ?? [];
			for (const entry of entries) {
				const id = checkExternalId(node, itemIndex, 'Metadata', entry.field);
				values[id] = metadataValue(node, itemIndex, `Metadata › ${id}`, entry.value);
			}
			if (!Object.keys(values).length) throw invalidFieldError(node, itemIndex, 'Metadata', 'no field was given', 'one or more fields by external ID, e.g. imprint = harbour');
		} else {
			field = 'Field External IDs';
			const ids = splitList(this.getNodeParameter('metadataFields', itemIndex, []), /\n+/).filter(Boolean);
			if (!ids.length) throw invalidFieldError(node, itemIndex, field, 'no field was given', 'one or more external IDs, e.g. campaign_status');
			for (const id of ids) values[checkExternalId(node, itemIndex, field, id)] = '';
		}
		let encoded: string;
		try {
			encoded = encodeMetadata(values);
		} catch (error) {
			if (error instanceof EncodingError) throw invalidFieldError(node, itemIndex, field, error.message);
			throw new NodeOperationError(node, error as Error, { itemIndex });
		}
		const clearInvalid = operation === 'setMetadata' && (this.getNodeParameter('clearInvalid', itemIndex, false) as boolean);
		return {
			fields: { metadata: encoded, ...(clearInvalid ? { clear_invalid: true } : {}) },
			summary: operation === 'setMetadata' ? { operation: 'set', metadata: values } : { operation: 'clear', cleared_fields: Object.keys(values) },
		};
	});
}
