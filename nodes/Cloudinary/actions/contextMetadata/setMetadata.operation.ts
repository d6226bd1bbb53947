import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { parallelOptionsCollection, readParallelRequests } from '../../../shared/concurrency';
import { runBulkCommand } from '../../helpers/bulkCommands';
import { encodeMetadata } from '../../helpers/encoding';
import { encodeForField } from '../../helpers/fieldEncoding';
import { checkExternalId, metadataValue } from '../../helpers/metadataValues';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';
import { readBoolean } from '../../../shared/parameters';

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
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Field External ID',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. imprint',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. harbour',
						description:
							'Text, a number, a date as YYYY-MM-DD, the external ID of a list value, or for ' +
							'multi-select fields a list (an array, or JSON such as ["gb","ie"])',
					},
				],
			},
		],
	},
	{
		displayName: 'Skip Invalid Values',
		name: 'clearInvalid',
		type: 'boolean',
		default: false,
		description:
			"Whether Cloudinary should empty a field whose value fails the field's validation " +
			'instead of rejecting the whole call',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contextMetadata'], operation: ['setMetadata'] } },
	properties,
);

/** Writes structured metadata fields (by external ID) on many assets; other fields are kept. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = readParallelRequests.call(this);
	return runBulkCommand.call(
		this,
		'metadata',
		(itemIndex) => {
			const node = this.getNode();
			const values: IDataObject = {};
			const entries =
				((this.getNodeParameter('metadata', itemIndex, {}) as IDataObject)
					.fields as IDataObject[]) ?? [];
			for (const entry of entries) {
				const id = checkExternalId(node, itemIndex, 'Metadata', entry.field);
				values[id] = metadataValue(node, itemIndex, `Metadata › ${id}`, entry.value);
			}
			if (!Object.keys(values).length)
				throw invalidFieldError(
					node,
					itemIndex,
					'Metadata',
					'no field was given',
					'one or more fields by external ID, e.g. imprint = harbour',
				);
			const metadata = encodeForField.call(this, itemIndex, 'Metadata', undefined, () =>
				encodeMetadata(values),
			);
			const clearInvalid = readBoolean.call(
				this,
				'clearInvalid',
				itemIndex,
				'Skip Invalid Values',
				false,
			);
			return {
				fields: { metadata, ...(clearInvalid ? { clear_invalid: true } : {}) },
				summary: { operation: 'set', metadata: values },
			};
		},
		concurrency,
	);
}
