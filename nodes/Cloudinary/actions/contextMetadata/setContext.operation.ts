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
import { encodeContext } from '../../helpers/encoding';
import { encodeForField } from '../../helpers/fieldEncoding';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Context',
		name: 'context',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Key',
		default: {},
		required: true,
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. isbn',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 9781810000008',
					},
				],
			},
		],
		description: "Key/value pairs merged into each asset's context; other keys are kept",
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contextMetadata'], operation: ['setContext'] } },
	properties,
);

/** Merges key/value pairs into the context of many assets (Upload API `context`, command add). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = readParallelRequests.call(this);
	return runBulkCommand.call(
		this,
		'context',
		(itemIndex) => {
			const node = this.getNode();
			const pairs: IDataObject = {};
			const entries =
				((this.getNodeParameter('context', itemIndex, {}) as IDataObject).pairs as IDataObject[]) ??
				[];
			for (const entry of entries) {
				const key = String(entry.key ?? '').trim();
				const value = String(entry.value ?? '');
				if (!key)
					throw invalidFieldError(
						node,
						itemIndex,
						'Context',
						'a pair has no key',
						'a key such as isbn or campaign',
					);
				if (value === '')
					throw invalidFieldError(
						node,
						itemIndex,
						'Context',
						`the value of "${key}" is empty`,
						'a value; to delete a key use the Remove Context Keys operation',
					);
				pairs[key] = value;
			}
			if (!Object.keys(pairs).length)
				throw invalidFieldError(
					node,
					itemIndex,
					'Context',
					'no key/value pair was given',
					'one or more pairs such as isbn = 9781810000008',
				);
			const context = encodeForField.call(
				this,
				itemIndex,
				'Context',
				'keys without "=", "|" or "\\"',
				() => encodeContext(pairs),
			);
			return { fields: { command: 'add', context }, summary: { operation: 'set', context: pairs } };
		},
		concurrency,
	);
}
