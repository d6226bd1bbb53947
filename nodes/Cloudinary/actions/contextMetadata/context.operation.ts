import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { splitList } from '../../helpers/batching';
import { encodeContext, EncodingError } from '../../helpers/encoding';
import { bulkDeliveryTypeField, bulkResourceTypeField, forOperations, publicIdsField } from '../bulk.descriptions';
import { runBulkCommand } from './shared';

// Contextual metadata (key=value pairs) on many assets: Set merges the pairs in, Remove Keys deletes
// the named keys (Cloudinary deletes a key given an empty value), Remove All clears the context.

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
		displayOptions: { show: { operation: ['setContext'] } },
		options: [
			{
				displayName: 'Pair',
				name: 'pairs',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. isbn' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. 9781810000008' },
				],
			},
		],
		description: 'Key/value pairs merged into each asset\'s context; other keys are kept',
	},
	{
		displayName: 'Keys',
		name: 'contextKeys',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Key' },
		default: [],
		required: true,
		placeholder: 'e.g. campaign',
		displayOptions: { show: { operation: ['removeContext'] } },
		description: 'The context keys to delete from each asset',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = forOperations('contextMetadata', ['setContext', 'removeContext', 'removeAllContext'], properties);

function encodeOrFail(this: IExecuteFunctions, itemIndex: number, field: string, pairs: IDataObject): string {
	try {
		return encodeContext(pairs);
	} catch (error) {
		if (error instanceof EncodingError) throw invalidFieldError(this.getNode(), itemIndex, field, error.message, 'keys without "=", "|" or "\\"');
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	return runBulkCommand.call(
		this,
		'context',
		(itemIndex) => {
			if (operation === 'removeAllContext') return { fields: { command: 'remove_all' }, summary: { operation: 'remove_all' } };
			const node = this.getNode();
			const pairs: IDataObject = {};
			if (operation === 'setContext') {
				const entries = ((this.getNodeParameter('context', itemIndex, {}) as IDataObject).pairs as IDataObject[]) ?? [];
				for (const entry of entries) {
					const key = String(entry.key ?? '').trim();
					const value = String(entry.value ?? '');
					if (!key) throw invalidFieldError(node, itemIndex, 'Context', 'a pair has no key', 'a key such as isbn or campaign');
					if (value === '') throw invalidFieldError(node, itemIndex, 'Context', `the value of "${key}" is empty`, 'a value; to delete a key use the Remove Context Keys operation');
					pairs[key] = value;
				}
				if (!Object.keys(pairs).length) throw invalidFieldError(node, itemIndex, 'Context', 'no key/value pair was given', 'one or more pairs such as isbn = 9781810000008');
			} else {
				const keys = splitList(this.getNodeParameter('contextKeys', itemIndex, []), /\n+/).filter(Boolean);
				if (!keys.length) throw invalidFieldError(node, itemIndex, 'Keys', 'no key was given', 'one or more context keys, e.g. campaign');
				for (const key of keys) pairs[key] = '';
			}
			const context = encodeOrFail.call(this, itemIndex, operation === 'setContext' ? 'Context' : 'Keys', pairs);
			const summary: IDataObject = operation === 'setContext' ? { operation: 'set', context: pairs } : { operation: 'remove_keys', removed_keys: Object.keys(pairs) };
			return { fields: { command: 'add', context }, summary };
		},
	);
}
