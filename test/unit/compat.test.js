'use strict';
// Backward compatibility of our nodes' parameters (docs/compatibility.md). Every published node
// version has its parameter schema recorded in test/compat/ (`npm run compat:record`); the nodes in
// dist/ must still accept every workflow built against those records, and the shipped templates
// must fit them. The second half proves the check bites: mutated copies of a real schema (a removed
// parameter, a changed default, a narrowed option, a new show condition) fail it, while additions
// and the same parameters declared in another shape pass.
const fs = require('node:fs');
const path = require('node:path');
const compat = require('../../scripts/lib/compat');
const { templateFiles, loadTemplate } = require('../../scripts/lib/templates');

const nodes = compat.loadPackageNodes();
const records = compat.readRecords();
const declared = nodes.flatMap((node) =>
	node.versions.map(({ version, description }) => ({ node, version, description })),
);
const copy = (value) => JSON.parse(JSON.stringify(value));

describe('every published node version keeps its recorded parameters', () => {
	test.each(declared.map((d) => [`${d.node.name}@${d.version}`, d]))(
		'%s',
		(label, { node, version, description }) => {
			const file = compat.recordPath(node.name, version);
			if (!fs.existsSync(file)) {
				throw new Error(
					`${label} has no recorded schema (${path.relative(process.cwd(), file)}): run npm run compat:record`,
				);
			}
			const recorded = JSON.parse(fs.readFileSync(file, 'utf8'));
			expect(
				compat.compareSchemas(recorded, compat.schemaOf(node.type, version, description)),
			).toEqual([]);
		},
	);

	test('no recorded version has been withdrawn from its node', () => {
		const offered = new Set(declared.map((d) => `${d.node.type}@${d.version}`));
		const withdrawn = records
			.map((r) => `${r.schema.node}@${r.schema.version}`)
			.filter((v) => !offered.has(v));
		expect(withdrawn).toEqual([]);
		expect(records.length).toBeGreaterThanOrEqual(4);
	});
});

describe('the shipped templates fit the recorded schemas', () => {
	const schemas = new Map(records.map((r) => [`${r.schema.node}@${r.schema.version}`, r.schema]));
	const packageName = require('../../package.json').name;
	const ours = (node) => node.type.startsWith(`${packageName}.`);
	test.each(templateFiles())('%s', (file) => {
		const workflow = loadTemplate(file);
		const checked = workflow.nodes.filter(ours);
		expect(checked.length).toBeGreaterThan(0);
		expect(
			checked.flatMap((n) => compat.workflowNodeProblems(n, schemas, `${file}: node "${n.name}"`)),
		).toEqual([]);
	});
});

describe('the check fails on breaking changes and passes additions', () => {
	const consonance = nodes.find((n) => n.name === 'consonance');
	const cloudinary = nodes.find((n) => n.name === 'cloudinary');
	const [{ description: consonanceV1 }] = consonance.versions;
	const [{ description: cloudinaryV1 }] = cloudinary.versions;
	const baseline = compat.schemaOf(consonance.type, 1, consonanceV1);
	const cloudinaryBaseline = compat.schemaOf(cloudinary.type, 1, cloudinaryV1);
	const withProperties = (description, change) => {
		const properties = copy(description.properties);
		change(properties);
		return { ...description, properties };
	};
	const problemsAfter = (change) =>
		compat.compareSchemas(
			baseline,
			compat.schemaOf(consonance.type, 1, withProperties(consonanceV1, change)),
		);
	const property = (properties, name, resource) =>
		properties.find(
			(p) => p.name === name && (!resource || p.displayOptions?.show?.resource?.includes(resource)),
		);

	test('an unchanged description passes', () => {
		expect(problemsAfter(() => {})).toEqual([]);
	});

	test('a removed parameter fails, naming it and where it was shown', () => {
		const problems = problemsAfter((ps) =>
			ps.splice(ps.indexOf(property(ps, 'skipIfAttached')), 1),
		);
		expect(problems).toEqual([
			expect.stringMatching(
				/supportingResource\/create "skipIfAttached": removed, renamed or hidden/,
			),
		]);
	});

	test('a renamed parameter fails', () => {
		const problems = problemsAfter(
			(ps) => (property(ps, 'skipIfAttached').name = 'skipWhenAttached'),
		);
		expect(problems.join('\n')).toMatch(/"skipIfAttached": removed, renamed or hidden/);
	});

	test('a changed default fails', () => {
		const problems = problemsAfter((ps) => (property(ps, 'skipIfAttached').default = false));
		expect(problems).toEqual([
			expect.stringMatching(/"skipIfAttached": default changed from true to false/),
		]);
	});

	test('a removed option value fails', () => {
		const problems = problemsAfter((ps) => property(ps, 'attachTo').options.pop());
		expect(problems).toEqual([
			expect.stringMatching(/"attachTo": option value\(s\) \["product"\] removed/),
		]);
	});

	test('a removed operation fails', () => {
		const problems = problemsAfter((ps) => {
			const operation = property(ps, 'operation', 'webLink');
			operation.options = operation.options.filter((o) => o.value !== 'delete');
		});
		expect(problems).toContain(
			`${consonance.type}@1 webLink/delete: this resource/operation is gone`,
		);
	});

	test('a show condition that hides a parameter where it was shown fails', () => {
		const byOperation = problemsAfter((ps) => {
			const p = property(ps, 'skipIfAttached');
			p.displayOptions.show.operation = ['delete'];
		});
		expect(byOperation.join('\n')).toMatch(
			/supportingResource\/create "skipIfAttached": removed, renamed or hidden/,
		);
		const byOtherField = problemsAfter((ps) => {
			property(ps, 'attachTo').displayOptions.show.returnAll = [true];
		});
		expect(byOtherField).toEqual([
			expect.stringMatching(/"attachTo": now shown only when "returnAll" is \[true\]/),
		]);
		const narrowed = problemsAfter((ps) => {
			const limit = ps.find((p) => p.name === 'limit' && p.displayOptions?.show?.returnAll);
			limit.displayOptions.hide = { ...(limit.displayOptions.hide ?? {}), findBy: ['id'] };
		});
		expect(narrowed.join('\n')).toMatch(/"limit": now hidden when "findBy" is \["id"\]/);
	});

	test('a renamed credential type fails', () => {
		const renamed = { ...consonanceV1, credentials: [{ name: 'someOtherApi', required: true }] };
		const problems = compat.compareSchemas(baseline, compat.schemaOf(consonance.type, 1, renamed));
		expect(problems).toEqual([
			`${consonance.type}@1: credential type "${consonanceV1.credentials[0].name}" is gone`,
		]);
	});

	test('a new required flag, a type change and a removed collection field or mode fail', () => {
		expect(problemsAfter((ps) => (property(ps, 'attachTo').required = true)).join('\n')).toMatch(
			/"attachTo": became required/,
		);
		expect(
			problemsAfter((ps) => (property(ps, 'skipIfAttached').type = 'string')).join('\n'),
		).toMatch(/type changed from boolean to string/);
		const collection = (ps) => ps.find((p) => p.type === 'collection' && p.options?.length > 1);
		const field = collection(consonanceV1.properties).options[0].name;
		expect(problemsAfter((ps) => collection(ps).options.shift()).join('\n')).toContain(
			`› ${field}: removed, renamed or hidden`,
		);
		const locator = (ps) => ps.find((p) => p.type === 'resourceLocator' && p.modes?.length > 1);
		const mode = locator(consonanceV1.properties).modes[0].name;
		expect(problemsAfter((ps) => locator(ps).modes.shift()).join('\n')).toContain(
			`resource-locator mode "${mode}" removed`,
		);
	});

	test('a fixed-collection field removed or a group renamed fails (Cloudinary)', () => {
		const fixed = (ps) =>
			ps.find((p) => p.type === 'fixedCollection' && p.options?.[0]?.values?.length > 1);
		const group = fixed(cloudinaryV1.properties).options[0];
		const after = (change) =>
			compat.compareSchemas(
				cloudinaryBaseline,
				compat.schemaOf(cloudinary.type, 1, withProperties(cloudinaryV1, change)),
			);
		expect(after((ps) => fixed(ps).options[0].values.pop()).join('\n')).toMatch(
			new RegExp(`› ${group.name} › \\w+: removed, renamed or hidden`),
		);
		expect(after((ps) => (fixed(ps).options[0].name = 'renamedGroup')).join('\n')).toContain(
			`group "${group.name}" removed`,
		);
	});

	test('additions pass: a new parameter, a new option value, a new operation, a new mode, a new field', () => {
		const problems = problemsAfter((ps) => {
			ps.push({
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				displayOptions: { show: { resource: ['product'] } },
			});
			property(ps, 'attachTo').options.push({ name: 'Contributor', value: 'contributor' });
			property(ps, 'operation', 'webLink').options.push({ name: 'Update', value: 'update' });
			ps.find((p) => p.type === 'resourceLocator').modes.push({
				displayName: 'By Code',
				name: 'code',
				type: 'string',
			});
			ps.find((p) => p.type === 'collection').options.push({
				displayName: 'Note',
				name: 'note',
				type: 'string',
				default: '',
			});
			delete property(ps, 'attachTo').displayOptions.show.operation; // shown in more places
			// Display names and descriptions may change freely.
			for (const p of ps) p.displayName = `${p.displayName} (renamed label)`;
			property(ps, 'attachTo').description = 'Another description';
		});
		expect(problems).toEqual([]);
	});

	test('the same parameter declared in another shape passes (joined, or split per operation)', () => {
		// Declarations that differ only in their operation become one for all those operations
		// (and back): the effective set of resource/operation pairs that show it is unchanged.
		const withoutOperation = (p) =>
			JSON.stringify({
				...p,
				displayOptions: {
					...p.displayOptions,
					show: { ...p.displayOptions?.show, operation: undefined },
				},
			});
		const groups = new Map();
		for (const p of consonanceV1.properties) {
			if (!p.displayOptions?.show?.operation) continue;
			const key = withoutOperation(p);
			groups.set(key, [...(groups.get(key) ?? []), p]);
		}
		const [twins] = [...groups.values()].filter((g) => g.length > 1);
		expect(twins).toBeDefined();
		const joinedOperations = twins.flatMap((p) => p.displayOptions.show.operation);
		const joined = problemsAfter((ps) => {
			const at = ps.findIndex(
				(p) =>
					p.name === twins[0].name &&
					joinedOperations.includes(p.displayOptions?.show?.operation?.[0]),
			);
			const keep = ps[at];
			for (const twin of ps.filter(
				(p) => p !== keep && withoutOperation(p) === withoutOperation(keep),
			))
				ps.splice(ps.indexOf(twin), 1);
			keep.displayOptions.show.operation = joinedOperations;
		});
		expect(joined).toEqual([]);
		const split = problemsAfter((ps) => {
			const original = ps.find((p) => p.name === 'skipIfAttached');
			original.displayOptions.show.operation = ['create'];
			ps.push({
				...copy(original),
				displayOptions: { show: { ...original.displayOptions.show, operation: ['create'] } },
			});
		});
		expect(split).toEqual([]);
		// …and an @version condition that still includes version 1 is the same as none.
		const versioned = problemsAfter((ps) => {
			const p = property(ps, 'skipIfAttached');
			p.displayOptions.show['@version'] = [{ _cnd: { lte: 1 } }];
		});
		expect(versioned).toEqual([]);
	});

	test('a breaking change under a new node version leaves the published version intact', () => {
		// Version 2 drops skipIfAttached and narrows attachTo; version 1 is still shown as it was.
		const description = withProperties(consonanceV1, (ps) => {
			const skip = property(ps, 'skipIfAttached');
			skip.displayOptions.show['@version'] = [1];
			property(ps, 'attachTo').displayOptions.hide = { '@version': [{ _cnd: { gte: 2 } }] };
		});
		description.version = [1, 2];
		const v1 = compat.schemaOf(consonance.type, 1, description);
		const v2 = compat.schemaOf(consonance.type, 2, description);
		expect(compat.compareSchemas(baseline, v1)).toEqual([]);
		const problems = compat.compareSchemas({ ...baseline, version: 2 }, v2).join('\n');
		expect(problems).toMatch(/"skipIfAttached": removed, renamed or hidden/);
		expect(problems).toMatch(/"attachTo": removed, renamed or hidden/);
	});
});

describe('the template check fails on what a template cannot hold', () => {
	const schemas = new Map(records.map((r) => [`${r.schema.node}@${r.schema.version}`, r.schema]));
	const files = templateFiles();
	const withConsonanceNode = files
		.map((file) => ({ file, workflow: loadTemplate(file) }))
		.flatMap(({ file, workflow }) =>
			workflow.nodes.filter((n) => n.type.endsWith('.consonance')).map((node) => ({ file, node })),
		);
	const { node } = withConsonanceNode.find(({ node: n }) =>
		Object.keys(n.parameters).some((k) => k !== 'resource' && k !== 'operation'),
	);

	test('an unknown parameter, an invalid option value, a wrong mode, an unknown operation or version', () => {
		const problems = (change) => {
			const n = copy(node);
			change(n);
			return compat.workflowNodeProblems(n, schemas).join('\n');
		};
		expect(problems(() => {})).toBe('');
		expect(problems((n) => (n.parameters.notAParameter = 1))).toMatch(
			/parameter "notAParameter" does not exist there/,
		);
		const webLink = (attachTo) => ({
			...node,
			parameters: { resource: 'webLink', operation: 'create', attachTo },
		});
		expect(compat.workflowNodeProblems(webLink('planet'), schemas)).toEqual([
			expect.stringMatching(/"attachTo": "planet" is not one of \["work","product"\]/),
		]);
		expect(problems((n) => (n.parameters.operation = 'teleport'))).toMatch(
			/is not an operation of version 1/,
		);
		expect(problems((n) => (n.typeVersion = 7))).toMatch(
			/no recorded schema for .*consonance version 7/,
		);
		expect(
			problems(
				(n) => (n.credentials = { consonanceApi: { id: null, name: 'Consonance account' } }),
			),
		).toMatch(/credential type "consonanceApi" is not one of/);
		const locatorNode = withConsonanceNode
			.map((x) => x.node)
			.find((n) => Object.values(n.parameters).some((v) => v?.__rl));
		const [key] = Object.entries(locatorNode.parameters).find(([, v]) => v?.__rl);
		const bad = copy(locatorNode);
		bad.parameters[key].mode = 'telepathy';
		expect(compat.workflowNodeProblems(bad, schemas).join('\n')).toMatch(
			/mode "telepathy" is not one of/,
		);
		// Expressions are not judged: their value is known only at run time.
		expect(compat.workflowNodeProblems(webLink('={{ $json.kind }}'), schemas)).toEqual([]);
		expect(compat.workflowNodeProblems(webLink('product'), schemas)).toEqual([]);
	});
});
