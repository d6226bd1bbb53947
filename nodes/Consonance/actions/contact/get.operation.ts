import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { checkId } from '../../helpers/input';
import { notFoundError } from '../../helpers/productReference';
import { contactSelection, toContactOutput } from '../../helpers/records';
import { consonanceGraphql } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3001',
		description: 'The ID of the person or organisation',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const id = checkId.call(
			this,
			this.getNodeParameter('contactId', itemIndex),
			itemIndex,
			'Contact ID',
			'contact',
		);
		const data = await consonanceGraphql.call(
			this,
			`query ContactGet($id: Int) { contacts(contactSearch: { idEq: $id }) { ${contactSelection} } }`,
			{ id },
			{ itemIndex },
		);
		const contact = ((data.contacts as IDataObject[]) ?? [])[0];
		if (!contact)
			throw notFoundError(
				this.getNode(),
				itemIndex,
				'Contact ID',
				`no Consonance contact has ID ${id}`,
			);
		return toContactOutput(contact);
	});
}
