import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { consonanceGraphql } from '../../transport';
import { readText } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 8 },
		default: '',
		required: true,
		placeholder:
			'query ($work: Int) { work(workSearch: { idEq: $work }) { title contributions { contributor { name } } } }',
		description:
			'A GraphQL query or mutation (see the Consonance schema docs). Queries are retried on ' +
			'timeouts and rate limits; mutations are sent once.',
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'json',
		default: '{}',
		description: 'The variables as a JSON object, e.g. {"work": 1001}',
	},
	{
		displayName: 'Split Into Items',
		name: 'splitPath',
		type: 'string',
		default: '',
		placeholder: 'e.g. products',
		description:
			'A list in the answer (dot path under data) to output one item per entry; empty ' +
			'outputs the whole data object as one item',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['graphql'], operation: ['query'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const query = readText.call(this, 'query', itemIndex, 'Query', {
			valid:
				'a GraphQL query, e.g. { products(productSearch: { titleCont: "sea" }) { id fullTitle } }',
		});
		const raw = this.getNodeParameter('variables', itemIndex, '{}');
		let variables: unknown = raw;
		if (typeof raw === 'string') {
			try {
				variables = raw.trim() ? JSON.parse(raw) : {};
			} catch (error) {
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Variables',
					`not valid JSON (${(error as Error).message})`,
					'a JSON object such as {"id": 1001}',
				);
			}
		}
		if (!variables || typeof variables !== 'object' || Array.isArray(variables))
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Variables',
				'must be a JSON object',
				'a JSON object such as {"id": 1001}',
			);
		const data = await consonanceGraphql.call(this, query, variables as IDataObject, {
			itemIndex,
			userWritten: true,
		});
		const path = readText.call(this, 'splitPath', itemIndex, 'Split Into Items', {
			required: false,
		});
		if (!path) return data;
		const list = path
			.split('.')
			.reduce<unknown>(
				(at, key) => (at && typeof at === 'object' ? (at as IDataObject)[key] : undefined),
				data,
			);
		if (!Array.isArray(list))
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Split Into Items',
				`data.${path} is not a list in the answer`,
				`a path to a list, e.g. ${Object.keys(data)[0] ?? 'products'}`,
			);
		return list.map((entry) =>
			entry && typeof entry === 'object'
				? (entry as IDataObject)
				: { value: entry as IDataObject[keyof IDataObject] },
		);
	});
}
