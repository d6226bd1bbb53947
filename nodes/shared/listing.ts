import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { numberOf, readBoolean } from './parameters';

// Return All / Limit: the same two fields and the same reading for every list operation of both nodes.

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** The limit the user set, or undefined for Return All. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (readBoolean.call(this, 'returnAll', itemIndex, 'Return All', false)) return undefined;
	return numberOf(this, this.getNodeParameter('limit', itemIndex, 50), itemIndex, 'Limit', {
		min: 1,
	});
}
