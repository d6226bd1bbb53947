import type { INodeProperties } from 'n8n-workflow';
import * as query from './query.operation';

export { query };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['graphql'] } },
		options: [{ name: 'Custom Query', value: 'query', description: 'Run any GraphQL query or mutation, with variables', action: 'Run a custom graph ql query' }],
		default: 'query',
	},
	...query.description,
];
