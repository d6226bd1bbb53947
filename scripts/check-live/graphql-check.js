'use strict';
// Checks GraphQL requests against a schema (the live one, from introspection): graphql-js's own
// `validate` for the document and its variable coercion for the inputs sent as variables (which
// `validate` cannot see), plus the schema coordinates a request uses, for the assumption report.
const {
	GraphQLError,
	TypeInfo,
	getNamedType,
	getNullableType,
	getVariableValues,
	isEnumType,
	isInputObjectType,
	isListType,
	parse,
	typeFromAST,
	validate,
	visit,
	visitWithTypeInfo,
	Kind,
} = require('graphql');
const { suggestionList } = require('graphql/jsutils/suggestionList');

/** Problems graphql-js finds in a request: document validation, then variable values. */
function validateRequest(schema, query, variables = {}) {
	let document;
	try {
		document = parse(query);
	} catch (error) {
		return [error.message];
	}
	const errors = validate(schema, document).map((e) => e.message);
	if (errors.length) return errors;
	for (const operation of document.definitions.filter(
		(d) => d.kind === Kind.OPERATION_DEFINITION,
	)) {
		const { errors: variableErrors } = getVariableValues(
			schema,
			operation.variableDefinitions ?? [],
			variables ?? {},
		);
		if (variableErrors)
			errors.push(
				...variableErrors.map((e) => (e instanceof GraphQLError ? e.message : String(e))),
			);
	}
	return errors;
}

/** Walks an input value against its input type, adding `Type.field` and `Enum.VALUE` coordinates. */
function inputCoordinates(type, value, out) {
	const nullable = getNullableType(type);
	if (value === null || value === undefined || !nullable) return;
	if (isListType(nullable)) {
		for (const v of Array.isArray(value) ? value : [value])
			inputCoordinates(nullable.ofType, v, out);
		return;
	}
	if (isEnumType(nullable)) {
		out.add(`${nullable.name}.${value}`);
		return;
	}
	if (isInputObjectType(nullable) && typeof value === 'object') {
		const fields = nullable.getFields();
		for (const [key, v] of Object.entries(value)) {
			out.add(`${nullable.name}.${key}`);
			if (fields[key]) inputCoordinates(fields[key].type, v, out);
		}
	}
}

/**
 * The schema coordinates a request uses, read against `schema` (the one it was written for):
 * `Query.products`, `Query.products(productSearch:)`, `ProductSearchAttributes.titleCont`,
 * `ONIXPublishingStatusCode._04`, `Mutation.createWebLink`, `CreateWebLinkPayload.webLink`…
 */
function usedCoordinates(schema, query, variables = {}) {
	const document = parse(query);
	const out = new Set();
	const typeInfo = new TypeInfo(schema);
	visit(
		document,
		visitWithTypeInfo(typeInfo, {
			Field(node) {
				const parent = typeInfo.getParentType();
				if (parent && !node.name.value.startsWith('__'))
					out.add(`${parent.name}.${node.name.value}`);
			},
			Argument(node) {
				const parent = typeInfo.getParentType();
				const field = typeInfo.getFieldDef();
				if (parent && field) out.add(`${parent.name}.${field.name}(${node.name.value}:)`);
			},
			ObjectField(node) {
				const input = typeInfo.getParentInputType();
				const named = input && getNamedType(input);
				if (named) out.add(`${named.name}.${node.name.value}`);
			},
			EnumValue(node) {
				const named = typeInfo.getInputType() && getNamedType(typeInfo.getInputType());
				if (named) out.add(`${named.name}.${node.value}`);
			},
			InlineFragment(node) {
				if (node.typeCondition) out.add(node.typeCondition.name.value);
			},
		}),
	);
	for (const operation of document.definitions.filter(
		(d) => d.kind === Kind.OPERATION_DEFINITION,
	)) {
		for (const definition of operation.variableDefinitions ?? []) {
			const type = typeFromAST(schema, definition.type);
			const named = type && getNamedType(type);
			if (named) out.add(named.name);
			if (type) inputCoordinates(type, variables?.[definition.variable.name.value], out);
		}
	}
	return out;
}

/**
 * Does `coordinate` (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) exist in the schema?
 * What is there instead?
 */
function lookupCoordinate(schema, coordinate) {
	const m = /^(\w+)(?:\.(\w+))?(?:\((\w+):\))?$/.exec(coordinate);
	if (!m) return { exists: false, instead: [] };
	const [, typeName, member, argument] = m;
	const type = schema.getType(typeName);
	if (!type)
		return {
			exists: false,
			missing: `type ${typeName}`,
			instead: suggestionList(
				typeName,
				Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__')),
			),
		};
	if (!member) return { exists: true };
	if (isEnumType(type)) {
		const names = type.getValues().map((v) => v.name);
		return names.includes(member)
			? { exists: true }
			: {
					exists: false,
					missing: `value ${member} of ${typeName}`,
					instead: suggestionList(member, names),
				};
	}
	if (typeof type.getFields !== 'function')
		return { exists: false, missing: `${typeName}.${member}`, instead: [] };
	const fields = type.getFields();
	if (!fields[member])
		return {
			exists: false,
			missing: `field ${typeName}.${member}`,
			instead: suggestionList(member, Object.keys(fields)),
		};
	if (!argument) return { exists: true };
	const args = (fields[member].args ?? []).map((a) => a.name);
	return args.includes(argument)
		? { exists: true }
		: {
				exists: false,
				missing: `argument ${argument} of ${typeName}.${member}`,
				instead: suggestionList(argument, args),
			};
}

module.exports = { validateRequest, usedCoordinates, lookupCoordinate };
