import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import {
	locatorKey,
	parallelOptionsCollection,
	readParallelRequests,
} from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { runMutation } from '../../helpers/mutation';
import { toWorkOutput, workSelection } from '../../helpers/records';
import { resolveWorkId } from '../../helpers/workReference';
import { textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here are sent; the others stay as they are in Consonance',
		options: [
			{ displayName: 'Subtitle', name: 'subtitle', type: 'string', default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	},
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['work'], operation: ['update'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(
		this,
		async (itemIndex) => {
			const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
			const input: IDataObject = {};
			if (fields.title !== undefined)
				input.title = textOf(this, fields.title, itemIndex, 'Title', {
					keepSpaces: true,
					valid: 'any text',
				});
			if (fields.subtitle !== undefined)
				input.subtitle = textOf(this, fields.subtitle, itemIndex, 'Subtitle', {
					keepSpaces: true,
					required: false,
					valid: 'any text',
				});
			if (Object.keys(input).length === 0)
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Update Fields',
					'no field to update was added',
					'Title, Subtitle',
				);
			const id = await resolveWorkId.call(this, 'work', itemIndex);
			const payload = await runMutation.call(
				this,
				'updateWork',
				'UpdateWorkInput',
				{ id, ...input },
				`work { ${workSelection} }`,
				{
					itemIndex,
					fieldLabels: { id: 'Work', title: 'Title', subtitle: 'Subtitle' },
					idempotent: true, // absolute values: repeating it changes nothing more
				},
			);
			return toWorkOutput(payload.work as IDataObject);
		},
		{
			concurrency: readParallelRequests.call(this),
			// two changes of one work are made in input order
			keyOf: (itemIndex) => locatorKey(this.getNodeParameter('work', itemIndex)),
		},
	);
}
