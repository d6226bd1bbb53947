'use strict';
// The parameter schema of a node version, as old workflows depend on it, and the rules that keep it
// compatible (docs/compatibility.md). Used by `npm run compat:record` (scripts/compat-record.js)
// and the unit test test/unit/compat.test.js.
//
// A schema lists, for every resource/operation pair ("context") of one node version, the
// parameters n8n shows there: name, type, default, required, option values, multiple values,
// resource-locator modes, collection fields and fixed-collection groups (recursively), and the
// show/hide conditions on other parameters. Display names, descriptions, placeholders and hints
// are left out: they may change freely. Visibility on resource, operation and @version is
// evaluated, not copied, so the same parameter declared once for two operations or twice for one
// each gives the same schema.
const fs = require('node:fs');
const path = require('node:path');
const { NodeHelpers } = require('n8n-workflow');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RECORD_DIR = path.join(REPO_ROOT, 'test', 'compat');
const NO_VALUE = '-';
// Type changes that keep every value an old workflow holds valid: n8n stores a dateTime parameter
// as the ISO string it was given and hands that string to the node.
const COMPATIBLE_TYPE_CHANGES = { string: ['dateTime'] };
// Parameters that carry no value: n8n saves nothing for them.
const VALUELESS_TYPES = new Set(['notice', 'button', 'callout']);

const stableJson = (value) => JSON.stringify(sortKeys(value));
function sortKeys(value) {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((k) => [k, sortKeys(value[k])]),
		);
	}
	return value;
}
const sameValue = (a, b) => stableJson(a) === stableJson(b);

/** Our node types from package.json's n8n.nodes, loaded from dist/ (run `npm run build` first). */
function loadPackageNodes(root = REPO_ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	return pkg.n8n.nodes.map((file) => {
		const full = path.join(root, file);
		if (!fs.existsSync(full)) throw new Error(`${file} is missing: run npm run build first`);
		const stem = path.basename(file).replace(/\.node\.js$/, '');
		const node = new (require(full)[stem])();
		return describeNodeType(node, pkg.name);
	});
}

/** { name, type, versions: [{ version, description }] } for a node type instance, versioned or not. */
function describeNodeType(node, packageName) {
	const versions = [];
	if (node.nodeVersions) {
		// VersionedNodeType: one description per version (each may itself declare several).
		for (const [version, impl] of Object.entries(node.nodeVersions)) {
			versions.push({ version: Number(version), description: impl.description });
		}
	} else {
		const declared = node.description.version;
		for (const version of Array.isArray(declared) ? declared : [declared]) {
			versions.push({ version, description: node.description });
		}
	}
	versions.sort((a, b) => a.version - b.version);
	const name = node.description.name;
	return { name, type: `${packageName}.${name}`, versions };
}

// ---------------------------------------------------------------------------------------------
// Schema

/** Splits a displayOptions block into what the context decides and what other parameters decide. */
function visibility(displayOptions, context, rootPrefix) {
	const dims = {
		[`${rootPrefix}resource`]: context.resource,
		[`${rootPrefix}operation`]: context.operation,
		[`${rootPrefix}@version`]: context.version,
	};
	const residual = {};
	let shown = true;
	for (const kind of ['show', 'hide']) {
		for (const [key, conditions] of Object.entries(displayOptions?.[kind] ?? {})) {
			if (key in dims) {
				const value = dims[key];
				const values = value === undefined ? [] : [value];
				const matches = NodeHelpers.checkConditions(conditions, values);
				if (kind === 'show' && !matches) shown = false;
				if (kind === 'hide' && values.length && matches) shown = false;
			} else {
				residual[kind] ??= {};
				residual[kind][key] = [...conditions]
					.map(sortKeys)
					.sort((a, b) =>
						stableJson(a) < stableJson(b) ? -1 : stableJson(a) > stableJson(b) ? 1 : 0,
					);
			}
		}
	}
	return { shown, showWhen: residual.show, hideWhen: residual.hide };
}

/** The schema of one parameter (or collection field) as shown in a context; undefined if hidden. */
function parameterSchema(property, context, rootPrefix) {
	if (VALUELESS_TYPES.has(property.type)) return undefined;
	const seen = visibility(property.displayOptions, context, rootPrefix);
	if (!seen.shown) return undefined;
	const schema = { name: property.name, type: property.type, default: property.default ?? null };
	if (property.required) schema.required = true;
	if (property.typeOptions?.multipleValues) schema.multipleValues = true;
	if (property.type === 'options' || property.type === 'multiOptions') {
		if (Array.isArray(property.options)) schema.options = property.options.map((o) => o.value);
		if (property.typeOptions?.loadOptionsMethod)
			schema.optionsLoadedBy = property.typeOptions.loadOptionsMethod;
	}
	if (property.type === 'resourceLocator') {
		schema.modes = (property.modes ?? []).map((m) => ({ name: m.name, type: m.type }));
	}
	if (property.type === 'collection') {
		schema.fields = fieldSchemas(property.options ?? [], context);
	}
	if (property.type === 'fixedCollection') {
		schema.groups = (property.options ?? []).map((group) => ({
			name: group.name,
			fields: fieldSchemas(group.values ?? [], context),
		}));
	}
	if (seen.showWhen) schema.showWhen = seen.showWhen;
	if (seen.hideWhen) schema.hideWhen = seen.hideWhen;
	return schema;
}

// Inside a collection, displayOptions name siblings, or the node's parameters with a leading "/".
function fieldSchemas(properties, context) {
	return properties
		.map((p) => parameterSchema(p, context, '/'))
		.filter(Boolean)
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const contextKey = (c) => `${c.resource ?? NO_VALUE}/${c.operation ?? NO_VALUE}`;

/** Every resource/operation pair a node version offers. */
function contextsOf(description, version) {
	const shownValues = (name, partial) =>
		description.properties
			.filter(
				(p) => p.name === name && visibility(p.displayOptions, { version, ...partial }, '').shown,
			)
			.flatMap((p) => (p.options ?? []).map((o) => o.value));
	const contexts = [];
	const resources = shownValues('resource', {});
	for (const resource of resources.length ? [...new Set(resources)] : [undefined]) {
		const operations = shownValues('operation', { resource });
		for (const operation of operations.length ? [...new Set(operations)] : [undefined]) {
			contexts.push({ resource, operation, version });
		}
	}
	return contexts;
}

/** The recorded form of one node version's parameters (see the top of this file). */
function schemaOf(nodeType, version, description) {
	const byShape = new Map();
	const contexts = contextsOf(description, version);
	for (const context of contexts) {
		const key = contextKey(context);
		for (const property of description.properties) {
			const schema = parameterSchema(property, context, '');
			if (!schema) continue;
			const shape = stableJson(schema);
			if (!byShape.has(shape)) byShape.set(shape, { schema, shownIn: new Set() });
			byShape.get(shape).shownIn.add(key);
		}
	}
	const parameters = [...byShape.values()]
		.map(({ schema, shownIn }) => ({ ...schema, shownIn: [...shownIn].sort() }))
		.sort((a, b) => {
			if (a.name !== b.name) return a.name < b.name ? -1 : 1;
			return a.shownIn[0] < b.shownIn[0] ? -1 : a.shownIn[0] > b.shownIn[0] ? 1 : 0;
		});
	// A workflow names its credentials by type: a renamed credential type orphans them.
	const credentials = (description.credentials ?? []).map((c) => c.name).sort();
	return {
		node: nodeType,
		version,
		credentials,
		contexts: contexts.map(contextKey).sort(),
		parameters,
	};
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** context → parameter name → [schemas shown there] */
function indexByContext(schema) {
	const index = new Map(schema.contexts.map((c) => [c, new Map()]));
	for (const { shownIn, ...parameter } of schema.parameters) {
		for (const context of shownIn) {
			const names = index.get(context) ?? index.set(context, new Map()).get(context);
			if (!names.has(parameter.name)) names.set(parameter.name, []);
			names.get(parameter.name).push(parameter);
		}
	}
	return index;
}

const subset = (older, newer) => older.filter((v) => !newer.some((w) => sameValue(v, w)));

/** Conditions on other parameters: the new ones must show the parameter wherever the old ones did. */
function conditionProblems(older, newer, where) {
	const problems = [];
	for (const [key, values] of Object.entries(newer.showWhen ?? {})) {
		const before = older.showWhen?.[key];
		if (!before)
			problems.push(`${where}: now shown only when "${key}" is ${JSON.stringify(values)}`);
		else {
			const lost = subset(before, values);
			if (lost.length)
				problems.push(`${where}: no longer shown when "${key}" is ${JSON.stringify(lost)}`);
		}
	}
	for (const [key, values] of Object.entries(newer.hideWhen ?? {})) {
		const added = subset(values, older.hideWhen?.[key] ?? []);
		if (added.length)
			problems.push(`${where}: now hidden when "${key}" is ${JSON.stringify(added)}`);
	}
	return problems;
}

/** Why `newer` cannot stand in for `older` (same name, same context); [] if it can. */
function parameterProblems(older, newer, where) {
	const problems = [];
	if (
		older.type !== newer.type &&
		!(COMPATIBLE_TYPE_CHANGES[older.type] ?? []).includes(newer.type)
	) {
		problems.push(`${where}: type changed from ${older.type} to ${newer.type}`);
	}
	if (!sameValue(older.default, newer.default)) {
		problems.push(
			`${where}: default changed from ${JSON.stringify(older.default)} to ${JSON.stringify(newer.default)}`,
		);
	}
	if (!older.required && newer.required) problems.push(`${where}: became required`);
	if (Boolean(older.multipleValues) !== Boolean(newer.multipleValues)) {
		problems.push(
			`${where}: multiple values ${older.multipleValues ? 'removed' : 'added'} (the stored value changes shape)`,
		);
	}
	if (older.options) {
		const lost = subset(older.options, newer.options ?? []);
		if (lost.length && !newer.optionsLoadedBy)
			problems.push(`${where}: option value(s) ${JSON.stringify(lost)} removed`);
	}
	if (older.modes) {
		for (const mode of older.modes) {
			const now = (newer.modes ?? []).find((m) => m.name === mode.name);
			if (!now) problems.push(`${where}: resource-locator mode "${mode.name}" removed`);
			else if (now.type !== mode.type)
				problems.push(
					`${where}: mode "${mode.name}" changed type from ${mode.type} to ${now.type}`,
				);
		}
	}
	if (older.fields) problems.push(...fieldListProblems(older.fields, newer.fields ?? [], where));
	if (older.groups) {
		for (const group of older.groups) {
			const now = (newer.groups ?? []).find((g) => g.name === group.name);
			if (!now) problems.push(`${where}: group "${group.name}" removed`);
			else
				problems.push(...fieldListProblems(group.fields, now.fields, `${where} › ${group.name}`));
		}
	}
	problems.push(...conditionProblems(older, newer, where));
	return problems;
}

function fieldListProblems(olderFields, newerFields, where) {
	const problems = [];
	for (const field of olderFields) {
		const candidates = newerFields.filter((f) => f.name === field.name);
		problems.push(...bestMatchProblems(field, candidates, `${where} › ${field.name}`));
	}
	return problems;
}

function bestMatchProblems(older, candidates, where) {
	if (!candidates.length) return [`${where}: removed, renamed or hidden`];
	let best;
	for (const candidate of candidates) {
		const problems = parameterProblems(older, candidate, where);
		if (!best || problems.length < best.length) best = problems;
	}
	return best;
}

/**
 * Every way `current` breaks a workflow built against `recorded` (the same node version):
 * operations gone, parameters removed, renamed or hidden where they were shown, types, defaults,
 * required, option values, modes, collection fields. Additions are fine. [] when compatible.
 */
function compareSchemas(recorded, current) {
	const problems = [];
	const label = `${recorded.node}@${recorded.version}`;
	for (const type of recorded.credentials ?? []) {
		if (!(current.credentials ?? []).includes(type))
			problems.push(`${label}: credential type "${type}" is gone`);
	}
	const before = indexByContext(recorded);
	const after = indexByContext(current);
	for (const [context, names] of before) {
		const now = after.get(context);
		if (!now) {
			problems.push(`${label} ${context}: this resource/operation is gone`);
			continue;
		}
		for (const [name, variants] of names) {
			for (const variant of variants) {
				problems.push(
					...bestMatchProblems(variant, now.get(name) ?? [], `${label} ${context} "${name}"`),
				);
			}
		}
	}
	return problems;
}

// ---------------------------------------------------------------------------------------------
// Records

const recordPath = (nodeName, version, dir = RECORD_DIR) =>
	path.join(dir, `${nodeName}@${version}.json`);

function readRecords(dir = RECORD_DIR) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, schema: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

const formatRecord = (schema) => `${JSON.stringify(schema, null, '\t')}\n`;

// ---------------------------------------------------------------------------------------------
// Workflows

const isExpression = (value) => typeof value === 'string' && value.startsWith('=');

function valueProblems(schema, value, where) {
	if (value === null || value === undefined || isExpression(value)) return [];
	const problems = [];
	const values = schema.multipleValues && Array.isArray(value) ? value : [value];
	for (const v of values) {
		if (isExpression(v)) continue;
		switch (schema.type) {
			case 'options':
				if (
					schema.options &&
					!schema.optionsLoadedBy &&
					!schema.options.some((o) => sameValue(o, v))
				) {
					problems.push(
						`${where}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.options)}`,
					);
				}
				break;
			case 'multiOptions':
				if (!Array.isArray(v)) problems.push(`${where}: expected a list of option values`);
				else if (schema.options && !schema.optionsLoadedBy) {
					const bad = v.filter(
						(x) => !isExpression(x) && !schema.options.some((o) => sameValue(o, x)),
					);
					if (bad.length)
						problems.push(
							`${where}: ${JSON.stringify(bad)} not among ${JSON.stringify(schema.options)}`,
						);
				}
				break;
			case 'boolean':
				if (typeof v !== 'boolean')
					problems.push(`${where}: ${JSON.stringify(v)} is not a boolean`);
				break;
			case 'number':
				if (typeof v !== 'number') problems.push(`${where}: ${JSON.stringify(v)} is not a number`);
				break;
			case 'resourceLocator':
				if (!v || typeof v !== 'object' || !v.__rl)
					problems.push(`${where}: not a resource locator value`);
				else if (!schema.modes.some((m) => m.name === v.mode)) {
					problems.push(
						`${where}: mode "${v.mode}" is not one of ${schema.modes.map((m) => m.name).join(', ')}`,
					);
				}
				break;
			case 'collection':
				problems.push(...fieldValueProblems(schema.fields, v, where));
				break;
			case 'fixedCollection':
				if (!v || typeof v !== 'object') {
					problems.push(`${where}: not an object`);
					break;
				}
				for (const [groupName, groupValue] of Object.entries(v)) {
					const group = schema.groups.find((g) => g.name === groupName);
					if (!group) {
						problems.push(
							`${where}: no group "${groupName}" (groups: ${schema.groups.map((g) => g.name).join(', ')})`,
						);
						continue;
					}
					const entries = Array.isArray(groupValue) ? groupValue : [groupValue];
					entries.forEach((entry, i) =>
						problems.push(
							...fieldValueProblems(group.fields, entry, `${where} › ${groupName}[${i}]`),
						),
					);
				}
				break;
			default:
				break;
		}
	}
	return problems;
}

function fieldValueProblems(fields, value, where) {
	if (!value || typeof value !== 'object') return [`${where}: not an object`];
	const problems = [];
	for (const [name, v] of Object.entries(value)) {
		const candidates = fields.filter((f) => f.name === name);
		if (!candidates.length) {
			problems.push(
				`${where}: no field "${name}" (fields: ${fields.map((f) => f.name).join(', ')})`,
			);
			continue;
		}
		const results = candidates.map((f) => valueProblems(f, v, `${where} › ${name}`));
		if (results.every((r) => r.length)) problems.push(...results[0]);
	}
	return problems;
}

/**
 * Problems of one workflow node against the recorded schema of its type and version: every
 * parameter it sets exists for its resource/operation, and its values fit (option values, modes,
 * collection fields). `schemas` maps "<node type>@<version>" to a recorded schema.
 */
function workflowNodeProblems(node, schemas, where = `node "${node.name}"`) {
	const schema = schemas.get(`${node.type}@${node.typeVersion}`);
	if (!schema) return [`${where}: no recorded schema for ${node.type} version ${node.typeVersion}`];
	const params = node.parameters ?? {};
	const defaultOf = (name, inContext) =>
		schema.parameters.find((p) => p.name === name && p.shownIn.some(inContext))?.default;
	const resource = params.resource ?? defaultOf('resource', () => true) ?? NO_VALUE;
	const operation =
		params.operation ?? defaultOf('operation', (c) => c.startsWith(`${resource}/`)) ?? NO_VALUE;
	const context = `${resource}/${operation}`;
	if (!schema.contexts.includes(context))
		return [`${where}: ${context} is not an operation of version ${schema.version}`];
	const shown = indexByContext(schema).get(context);
	const problems = [];
	for (const type of Object.keys(node.credentials ?? {})) {
		if (!(schema.credentials ?? []).includes(type)) {
			problems.push(
				`${where}: credential type "${type}" is not one of ${JSON.stringify(schema.credentials ?? [])}`,
			);
		}
	}
	for (const [name, value] of Object.entries(params)) {
		const candidates = shown.get(name);
		if (!candidates) {
			problems.push(`${where} (${context}): parameter "${name}" does not exist there`);
			continue;
		}
		const results = candidates.map((c) =>
			valueProblems(c, value, `${where} (${context}) "${name}"`),
		);
		if (results.every((r) => r.length)) problems.push(...results[0]);
	}
	return problems;
}

module.exports = {
	RECORD_DIR,
	loadPackageNodes,
	describeNodeType,
	schemaOf,
	compareSchemas,
	recordPath,
	readRecords,
	formatRecord,
	workflowNodeProblems,
};
