import type { INodeProperties } from 'n8n-workflow';
import * as query from './query.operation';

export { query };

// "GraphQL" is a proper name: the sentence-case lint rule would write it "graph ql".
const RUN_QUERY_ACTION = 'Run a custom GraphQL query';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['graphql'] } },
		options: [
			{
				name: 'Run Custom Query',
				value: 'query',
				description: 'Run any GraphQL query or mutation, with variables',
				action: RUN_QUERY_ACTION,
			},
		],
		default: 'query',
	},
	...query.description,
];
