'use strict';
// Every request the Consonance nodes can send, found by running them: each operation of the
// Consonance node (and the trigger's events, and the pickers) is executed from dist/ with every
// value of each of its options and every filter/update field set, against an in-process Consonance
// emulator that stands in for the real service, and the GraphQL documents and variables it sends
// are recorded. Nothing here lists queries by hand: a new operation, filter or option is covered
// as soon as the node's description shows it. The parameter values are samples taken from the
// emulator's seeded catalogue, so lookups succeed and the node goes on to its next call.
const path = require('node:path');
const { createClock } = require('../../sandbox/lib/clock');
const { startServer } = require('../../sandbox/lib/server');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');
const { createConsonanceEmulator } = require('../../sandbox/consonance');

const DIST = path.join(__dirname, '..', '..', 'dist');
const API_KEY = 'checklivelocalrecorderkey000000';
const SAMPLE_DATE = '2026-03-05';

/** Is a property shown for these parameter values (n8n's displayOptions show/hide, enough of it)? */
function shown(property, values) {
	const { show, hide } = property.displayOptions ?? {};
	const valueOf = (key) => values[key.replace(/^\//, '')];
	const has = (key, allowed) =>
		allowed.some((a) =>
			Array.isArray(valueOf(key)) ? valueOf(key).includes(a) : valueOf(key) === a,
		);
	if (show && !Object.entries(show).every(([key, allowed]) => has(key, allowed))) return false;
	if (hide && Object.entries(hide).some(([key, allowed]) => has(key, allowed))) return false;
	return true;
}

/** Sample records from the seeded catalogue that every lookup can find. */
function samplesFrom(catalogue) {
	const work =
		catalogue.works.find((w) => catalogue.products.some((p) => p.workId === w.id && p.isbn13)) ??
		catalogue.works[0];
	const product = catalogue.products.find((p) => p.workId === work.id && p.isbn13);
	return {
		workId: String(work.id),
		productId: String(product.id),
		isbn: product.isbn13,
		imprintId: String(work.imprintId ?? catalogue.imprints[0].id),
	};
}

/** A valid sample value for a property (by its type, then its name). */
function sampleValue(property, samples, locatorMode) {
	const name = property.name;
	switch (property.type) {
		case 'resourceLocator': {
			const mode = locatorMode ?? property.default?.mode ?? 'id';
			const isProduct = /product/i.test(name);
			const value = mode === 'isbn' ? samples.isbn : isProduct ? samples.productId : samples.workId;
			return { __rl: true, mode, value };
		}
		case 'options':
			return property.default !== undefined && property.default !== ''
				? property.default
				: property.options?.[0]?.value;
		case 'multiOptions':
			return (property.options ?? []).map((o) => o.value);
		case 'boolean':
			return property.default ?? false;
		case 'number':
			return property.default || 1;
		case 'dateTime':
			return `${SAMPLE_DATE}T00:00:00.000Z`;
		case 'json':
			return '{}';
		default:
			break;
	}
	if (/isbn/i.test(name)) return samples.isbn;
	if (/^imprint/i.test(name)) return samples.imprintId;
	if (/^work/i.test(name) && /id$/i.test(name)) return samples.workId;
	if (/^products?$|^productIds?$|^productId/i.test(name)) return samples.productId;
	if (/url|link/i.test(name)) return 'https://example.com/check-live/cover.jpg';
	if (/YYYY-MM-DD/.test(property.placeholder ?? '') || /date/i.test(name)) return SAMPLE_DATE;
	if (/^(id|.*Id)$/.test(name))
		return /marketing|text|resource|link/i.test(name) ? samples.workId : samples.productId;
	return `check-live ${name}`;
}

/**
 * The parameter sets to run for one operation: everything set ("all fields"), then one set per
 * value of each options/boolean/locator-mode property (top level and inside collections).
 */
function parameterVariants(properties, fixed, samples) {
	const base = (overrides = {}) => {
		const values = { ...fixed };
		// Two passes so that properties shown by another property's value (e.g. linkTo=chosen) appear.
		for (let pass = 0; pass < 2; pass++) {
			for (const p of properties) {
				if (p.name in fixed || !shown(p, values)) continue;
				if (p.type === 'collection') {
					const collection = {};
					for (const option of p.options ?? [])
						collection[option.name] =
							overrides[`${p.name}.${option.name}`] ?? sampleValue(option, samples);
					values[p.name] = collection;
				} else if (p.type === 'fixedCollection' || p.type === 'notice') {
					values[p.name] = p.default;
				} else {
					values[p.name] =
						p.name in overrides
							? overrides[p.name]
							: sampleValue(p, samples, overrides[`${p.name}#mode`]);
				}
			}
		}
		return values;
	};
	const variants = [{ label: 'all fields', values: base() }];
	const addChoices = (p, key) => {
		if (p.type === 'options')
			for (const o of p.options ?? [])
				variants.push({ label: `${key}=${o.value}`, values: base({ [key]: o.value }) });
		if (p.type === 'boolean')
			for (const v of [true, false])
				variants.push({ label: `${key}=${v}`, values: base({ [key]: v }) });
		if (p.type === 'resourceLocator') {
			for (const mode of (p.modes ?? []).map((m) => m.name))
				variants.push({ label: `${key} by ${mode}`, values: base({ [`${key}#mode`]: mode }) });
		}
	};
	for (const p of properties) {
		if (p.name in fixed) continue;
		if (p.type === 'collection')
			for (const option of p.options ?? []) addChoices(option, `${p.name}.${option.name}`);
		else addChoices(p, p.name);
	}
	// Collections with nothing set, too: the plainest request.
	const empty = base();
	for (const p of properties) if (p.type === 'collection' && p.name in empty) empty[p.name] = {};
	variants.push({ label: 'no optional fields', values: empty });
	return variants;
}

function get(values, dotted) {
	return dotted
		.split('.')
		.reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), values);
}

/** The parts of n8n's IExecuteFunctions / IPollFunctions / ILoadOptionsFunctions the nodes use. */
function fakeContext({ values, kind, send, staticData = {} }) {
	const node = {
		id: 'check-live',
		name: 'Consonance',
		type: 'n8n-nodes-consonance-cloudinary.consonance',
		typeVersion: 1,
		position: [0, 0],
		parameters: values,
	};
	const parameter = (name, fallback, options) => {
		let value = get(values, name);
		if (value === undefined) value = fallback;
		if (options?.extractValue && value && typeof value === 'object' && '__rl' in value)
			return value.value;
		return value;
	};
	return {
		getNode: () => node,
		getNodeParameter:
			kind === 'execute'
				? (name, _item, fallback, options) => parameter(name, fallback, options)
				: (name, fallback, options) => parameter(name, fallback, options),
		getCurrentNodeParameter: (name) => parameter(name),
		getInputData: () => [{ json: {} }],
		continueOnFail: () => false,
		getCredentials: async () => send.credentials,
		getWorkflowStaticData: () => staticData,
		getMode: () => 'manual',
		getActivationMode: () => 'manual',
		getTimezone: () => 'UTC',
		getExecutionId: () => 'check-live',
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			httpRequestWithAuthentication: (_type, options) => send(options),
			httpRequest: (options) => send(options),
			returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (items) => items,
		},
	};
}

/** The Consonance credential's class, found the way n8n finds it: through package.json's `n8n.credentials`. */
function consonanceCredentialClass(dist) {
	const { n8n } = require(path.join(dist, '..', 'package.json'));
	const file = n8n.credentials.find((f) => /\/Consonance\w*\.credentials\.js$/.test(f));
	if (!file) throw new Error('package.json lists no Consonance credential');
	const exported = require(path.join(dist, '..', file));
	return Object.values(exported).find((value) => typeof value === 'function');
}

/**
 * A stand-in for n8n's httpRequestWithAuthentication: applies the Consonance credential's own
 * `authenticate` (from dist/), sends the request with fetch, records it, and returns n8n's full
 * response shape. `record` receives `{ kind, query, variables }` or `{ kind, path, params }` plus the answer.
 */
function createSender({ credentials, dist = DIST, record }) {
	const credential = new (consonanceCredentialClass(dist))();
	const send = async (options) => {
		const url = new URL(options.url);
		for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
		const isGraphql = url.pathname.endsWith('/graphql');
		const authorised = await credential.authenticate(credentials, {
			...options,
			url: url.toString(),
		});
		const response = await fetch(url, {
			method: options.method ?? 'GET',
			headers: { ...(authorised.headers ?? {}), 'Content-Type': 'application/json' },
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: AbortSignal.timeout(options.timeout ?? 60000),
		});
		const text = await response.text();
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		const request = isGraphql
			? { query: options.body.query, variables: options.body.variables ?? {} }
			: { path: url.pathname, params: Object.fromEntries(url.searchParams) };
		record?.({ kind: isGraphql ? 'graphql' : 'rest', ...request, status: response.status, body });
		return { statusCode: response.status, headers: Object.fromEntries(response.headers), body };
	};
	send.credentials = credentials;
	return send;
}

/**
 * Runs every operation of the Consonance nodes against a fresh local emulator and returns the
 * requests they sent: `{ requests: [{ source, variant, kind, query, variables }], failures }`.
 * `failures` lists runs that threw before sending what they would send (shown, not hidden).
 */
async function recordConsonanceRequests({ dist = DIST } = {}) {
	const { Consonance } = require(path.join(dist, 'nodes/Consonance/Consonance.node.js'));
	const { ConsonanceTrigger } = require(
		path.join(dist, 'nodes/Consonance/ConsonanceTrigger.node.js'),
	);
	const clock = createClock();
	const catalogue = generateCatalogue({ today: new Date(clock.now()) });
	let server;
	const emulator = createConsonanceEmulator({
		clock,
		catalogue,
		apiKey: API_KEY,
		getBaseUrl: () => server.baseUrl,
	});
	server = await startServer({
		name: 'consonance',
		port: 0,
		handler: emulator.handler,
		renderFault: emulator.renderFault,
	});
	const recorded = [];
	const failures = [];
	const current = {};
	const send = createSender({
		credentials: { baseUrl: server.baseUrl, apiKey: API_KEY, authScheme: 'automatic' },
		dist,
		record: ({ status, body, ...request }) =>
			recorded.push({ source: current.source, variant: current.variant, ...request }),
	});
	const samples = samplesFrom(catalogue);
	const run = async (source, variant, fn) => {
		Object.assign(current, { source, variant });
		const before = recorded.length;
		emulator.reset(catalogue); // every run starts from the seeded catalogue (a create is not skipped as a repeat)
		try {
			await fn();
		} catch (error) {
			if (recorded.length === before) failures.push({ source, variant, error: error.message });
		}
	};
	try {
		const node = new Consonance();
		const properties = node.description.properties;
		const resources = properties.find((p) => p.name === 'resource').options.map((o) => o.value);
		for (const resource of resources) {
			// The GraphQL operation sends what the user writes; there is nothing of ours to check in it.
			if (resource === 'graphql') continue;
			const operationProperty = properties.find(
				(p) => p.name === 'operation' && shown(p, { resource }),
			);
			for (const { value: operation } of operationProperty.options) {
				const fixed = { resource, operation };
				const ofOperation = (p) =>
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.operation?.includes(operation);
				const visible = properties.filter(
					(p) => p.name !== 'resource' && p.name !== 'operation' && ofOperation(p),
				);
				for (const variant of parameterVariants(visible, fixed, samples)) {
					await run(`${resource}.${operation}`, variant.label, () =>
						node.execute.call(fakeContext({ values: variant.values, kind: 'execute', send })),
					);
				}
			}
		}
		for (const [name, method] of Object.entries(node.methods.listSearch)) {
			await run(`listSearch.${name}`, 'filter', () =>
				method.call(fakeContext({ values: {}, kind: 'load', send }), 'a'),
			);
		}
		for (const [name, method] of Object.entries(node.methods.loadOptions)) {
			await run(`loadOptions.${name}`, 'default', () =>
				method.call(fakeContext({ values: {}, kind: 'load', send })),
			);
		}
		const trigger = new ConsonanceTrigger();
		for (const variant of parameterVariants(trigger.description.properties, {}, samples)) {
			// A first poll (empty state) and a second one (state kept), as n8n would run them.
			const staticData = {};
			await run('trigger.poll', `${variant.label} (first poll)`, () =>
				trigger.poll.call(fakeContext({ values: variant.values, kind: 'poll', send, staticData })),
			);
			await run('trigger.poll', `${variant.label} (next poll)`, () =>
				trigger.poll.call(fakeContext({ values: variant.values, kind: 'poll', send, staticData })),
			);
		}
	} finally {
		await server.close();
	}
	return { requests: recorded, failures };
}

/** The distinct requests (same document and variables), each with every run that sent it. */
function distinctRequests(requests) {
	const byKey = new Map();
	for (const r of requests) {
		const key =
			r.kind === 'graphql'
				? `${r.query}\n${JSON.stringify(r.variables)}`
				: `${r.path}\n${JSON.stringify(r.params)}`;
		const entry = byKey.get(key) ?? { ...r, sources: [] };
		const label = `${r.source} (${r.variant})`;
		if (!entry.sources.includes(label)) entry.sources.push(label);
		byKey.set(key, entry);
	}
	return [...byKey.values()];
}

module.exports = {
	recordConsonanceRequests,
	distinctRequests,
	parameterVariants,
	shown,
	fakeContext,
	createSender,
};
