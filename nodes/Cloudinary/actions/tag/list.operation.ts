import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { readText } from '../../../shared/parameters';
import { mapItems } from '../../../shared/items';
import { adminList } from '../../helpers/adminList';
import { readBulkTarget } from '../../helpers/batching';
import { limitField, returnAllField } from '../../../shared/listing';
import { bulkResourceTypeField } from '../common.descriptions';

const properties: INodeProperties[] = [
	bulkResourceTypeField,
	{
		displayName: 'Prefix',
		name: 'prefix',
		type: 'string',
		default: '',
		placeholder: 'e.g. imprint_',
		description: 'Only tags starting with this text',
	},
	returnAllField,
	limitField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['tag'], operation: ['list'] } },
	properties,
);

/** The tags in use (Admin API `/tags/<resource_type>`), one output item per tag. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const { resourceType } = readBulkTarget.call(this, itemIndex);
		const prefix = readText.call(this, 'prefix', itemIndex, 'Prefix', {
			required: false,
			maxLength: 255,
		});
		const tags = await adminList.call(this, itemIndex, {
			path: `tags/${resourceType}`,
			key: 'tags',
			qs: prefix ? { prefix } : {},
			pageSize: 500,
		});
		return tags.map((t) => ({ tag: t.value, resource_type: resourceType }));
	});
}
