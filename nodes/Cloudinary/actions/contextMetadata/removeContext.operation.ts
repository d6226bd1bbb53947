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
		displayName: 'Keys',
		name: 'contextKeys',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Key' },
		default: [],
		required: true,
		placeholder: 'e.g. campaign',
		description: 'The context keys to delete from each asset',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contextMetadata'], operation: ['removeContext'] } },
	properties,
);

/** Deletes context keys from many assets: Cloudinary deletes a key that is given an empty value. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return runBulkCommand.call(this, 'context', (itemIndex) => {
		const pairs: IDataObject = {};
		const keys = readList.call(this, 'contextKeys', itemIndex, 'Keys', {
			separator: /[\n\r]+/,
			valid: 'one or more context keys, e.g. campaign',
		});
		if (!keys.length)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Keys',
				'no key was given',
				'one or more context keys, e.g. campaign',
			);
		for (const key of keys) pairs[key] = '';
		const context = encodeForField.call(
			this,
			itemIndex,
			'Keys',
			'keys without "=", "|" or "\\"',
			() => encodeContext(pairs),
		);
		return {
			fields: { command: 'add', context },
			summary: { operation: 'remove_keys', removed_keys: Object.keys(pairs) },
		};
	});
}
