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
import { contractSelection, toContractOutput } from '../../helpers/records';
import { consonanceGraphql } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Contract ID', value: 'id' },
			{ name: 'Work ID', value: 'work', description: 'The (first) contract of a work' },
		],
		default: 'id',
	},
	{
		displayName: 'Contract ID',
		name: 'contractId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7001',
		displayOptions: { show: { findBy: ['id'] } },
	},
	{
		displayName: 'Work ID',
		name: 'workId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1001',
		displayOptions: { show: { findBy: ['work'] } },
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contract'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const byWork = this.getNodeParameter('findBy', itemIndex) === 'work';
		const field = byWork ? 'Work ID' : 'Contract ID';
		const id = checkId.call(
			this,
			this.getNodeParameter(byWork ? 'workId' : 'contractId', itemIndex),
			itemIndex,
			field,
			byWork ? 'work' : 'contract',
		);
		const data = await consonanceGraphql.call(
			this,
			`query ContractGet($search: ContractSearchAttributes) { contract(contractSearch: ` +
				`$search) { ${contractSelection} } }`,
			{ search: byWork ? { workIdEq: id } : { idEq: id } },
			{ itemIndex },
		);
		if (!data.contract)
			throw notFoundError(
				this.getNode(),
				itemIndex,
				field,
				byWork ? `work ${id} has no contract in Consonance` : `no Consonance contract has ID ${id}`,
			);
		return toContractOutput(data.contract as IDataObject);
	});
}
