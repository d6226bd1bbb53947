import type { INodePropertyOptions } from 'n8n-workflow';
import { SCHEMA_ASSUMPTIONS, type SchemaAssumption } from './assumptions';

// When Consonance rejects a name the node assumed (a GraphQL validation error: unknown field,
// argument or enum value), or answers with an enum value the node does not know, the error says
// which assumption failed, what to run to see the account's real schema, and how to carry on.

const WHAT_TO_DO =
	'Run "npm run check:live" (from a clone of this package, with your Consonance credentials; see ' +
	"docs/check-live.md) to see what your account's schema has instead, and report it. Meanwhile the " +
	'GraphQL operation of the Consonance node (Resource: GraphQL) can send the same request with the names ' +
	'your schema uses.';

/** The identifiers a message names, without the values it quotes back (`got invalid value {…}`). */
function namesIn(message: string): Set<string> {
	let text = message;
	for (let previous = ''; previous !== text;) {
		previous = text;
		text = text.replace(/\{[^{}]*\}/g, ' ');
	}
	return new Set(text.match(/[_A-Za-z][_0-9A-Za-z]*/g) ?? []);
}

/**
 * The assumptions a GraphQL error message points at: those with a coordinate whose type and member
 * (and argument) the message both names. graphql-js (`Field "embargoDate" is not defined by type
 * "UpdateProductInput"`) and graphql-ruby (`Field 'embargoDate' doesn't exist on type
 * 'UpdateProductInput'`) phrasings both match.
 */
export function assumptionsBehind(messages: string[]): SchemaAssumption[] {
	const found: SchemaAssumption[] = [];
	for (const message of messages) {
		const names = namesIn(message);
		for (const assumption of SCHEMA_ASSUMPTIONS) {
			if (found.includes(assumption)) continue;
			const hit = assumption.coordinates.some((coordinate) => {
				const m = /^(\w+)\.(\w+)(?:\((\w+):\))?$/.exec(coordinate);
				return (
					m !== null &&
					names.has(m[1]) &&
					names.has(m[2]) &&
					(m[3] === undefined || names.has(m[3]))
				);
			});
			if (hit) found.push(assumption);
		}
	}
	return found;
}

/** The short clause for the error message and the description with what to run and do. */
export function assumptionFailure(assumptions: SchemaAssumption[]): {
	clause: string;
	description: string;
} {
	const ids = assumptions.map((a) => `"${a.id}"`).join(', ');
	const statements = assumptions.map((a) => `${a.id}: ${a.statement}.`).join(' ');
	return {
		clause: `the node's assumption ${ids} about the Consonance API does not hold for this account`,
		description: `This is not a problem with your data. The node assumed (${statements}) ${WHAT_TO_DO}`,
	};
}

/** An answer carried an enum value the node's assumption does not list. */
export class UnknownEnumValueError extends Error {
	description: string;

	constructor(
		value: unknown,
		enumName: string,
		assumptionId: string,
		known: INodePropertyOptions[],
	) {
		super(
			`Consonance answered with ${enumName} "${String(value)}", which the node's assumption ` +
				`"${assumptionId}" does not list ` +
				`(known: ${known.map((o) => String(o.value)).join(', ')})`,
		);
		this.description = `This is not a problem with your data. ${WHAT_TO_DO}`;
	}
}

/** The option for an enum value from an answer; an unknown value is an UnknownEnumValueError. */
export function knownEnumValue(
	value: unknown,
	enumName: string,
	assumptionId: string,
	known: INodePropertyOptions[],
): INodePropertyOptions | null {
	if (value === null || value === undefined) return null;
	const option = known.find((o) => o.value === value);
	if (!option) throw new UnknownEnumValueError(value, enumName, assumptionId, known);
	return option;
}
