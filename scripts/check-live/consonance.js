'use strict';
// The Consonance half of `npm run check:live`: the live schema (introspection) against every
// request the nodes can send and every assumption in nodes/Consonance/helpers/assumptions.ts, then
// the node's own read operations run live, and with --write a create + delete of a supporting
// resource, a marketing text and a web link on a scratch work.
const path = require('node:path');
const { buildClientSchema, getIntrospectionQuery } = require('graphql');
const {
	recordConsonanceRequests,
	distinctRequests,
	fakeContext,
	createSender,
} = require('./record-consonance');
const { validateRequest, lookupCoordinate } = require('./graphql-check');

const AREA = 'consonance';

/** What this part checks, for the "no credentials" run. */
const PLAN = [
	'introspect the live GraphQL schema',
	'validate every request the Consonance nodes can send (all operations, options and filters) against it',
	'report each assumption of nodes/Consonance/helpers/assumptions.ts as confirmed, refuted or unknown',
	'read a search page, a product by ISBN, a work and a page of the REST product feed ' +
		'through the node, and check their shapes',
	'with --write --scratch-work <id>: create and delete a supporting resource, a ' +
		'marketing text and a web link on that work',
];

async function introspect(send, baseUrl) {
	const response = await send({
		method: 'POST',
		url: `${baseUrl}/graphql`,
		body: { query: getIntrospectionQuery() },
		json: true,
		timeout: 60000,
	});
	if (response.statusCode !== 200 || !response.body?.data) {
		const message =
			response.body?.errors?.map((e) => e.message).join('; ') ??
			(typeof response.body === 'string' ? response.body.slice(0, 200) : '');
		throw new Error(`HTTP ${response.statusCode}${message ? `: ${message}` : ''}`);
	}
	return buildClientSchema(response.body.data);
}

function checkRequests(report, schema, requests) {
	const bySource = new Map();
	for (const request of requests) {
		const errors = validateRequest(schema, request.query, request.variables);
		for (const source of request.sources) {
			const operation = source.replace(/ \(.*$/, '');
			const entry = bySource.get(operation) ?? { count: 0, errors: new Set() };
			entry.count += 1;
			for (const e of errors) entry.errors.add(e);
			bySource.set(operation, entry);
		}
	}
	for (const [operation, { count, errors }] of bySource) {
		const list = [...errors];
		report.add(
			AREA,
			`schema: ${operation}`,
			list.length ? 'fail' : 'pass',
			list.length ? list.slice(0, 3).join(' | ') : `${count} request(s) valid`,
			list.length ? { errors: list } : undefined,
		);
	}
}

function checkAssumptions(report, schema, assumptions) {
	for (const a of assumptions.SCHEMA_ASSUMPTIONS) {
		const missing = [];
		for (const coordinate of a.coordinates) {
			const found = lookupCoordinate(schema, coordinate);
			if (!found.exists)
				missing.push({ coordinate, missing: found.missing, instead: found.instead.slice(0, 3) });
		}
		const present = (a.absent ?? []).filter(
			(coordinate) => lookupCoordinate(schema, coordinate).exists,
		);
		if (missing.length === 0 && present.length === 0) {
			report.add(AREA, `assumption: ${a.id}`, 'confirmed', a.statement);
			continue;
		}
		const why = [
			...missing.map(
				(m) => `no ${m.missing}${m.instead.length ? ` (schema has: ${m.instead.join(', ')})` : ''}`,
			),
			...present.map((c) => `${c} exists`),
		];
		report.add(AREA, `assumption: ${a.id}`, 'refuted', `${a.statement} — ${why.join('; ')}`, {
			missing,
			present,
		});
	}
	for (const a of assumptions.BEHAVIOUR_ASSUMPTIONS)
		report.add(
			AREA,
			`assumption: ${a.id}`,
			'unknown',
			`${a.statement} — settled by: ${a.settledBy}`,
		);
}

/** Runs one operation of the Consonance node live (through the same fake n8n context the recorder uses). */
async function runOperation(node, send, values) {
	const ctx = fakeContext({ values, kind: 'execute', send });
	const [items] = await node.execute.call(ctx);
	return items.map((i) => i.json);
}

const missingKeys = (record, keys) =>
	keys.filter((k) => record?.[k] === undefined || record?.[k] === null);

async function checkReads(report, node, send, options) {
	const answers = [];
	const recordAnswer = (entry) => answers.push(entry);
	send.onAnswer = recordAnswer;
	let products = [];
	try {
		products = await runOperation(node, send, {
			resource: 'product',
			operation: 'search',
			returnAll: false,
			limit: 5,
			filters: {},
			options: {},
		});
		const bad = products.map((p) => missingKeys(p, ['id', 'title'])).find((m) => m.length);
		report.add(
			AREA,
			'read: product search page',
			products.length && !bad ? 'pass' : 'fail',
			products.length
				? bad
					? `a product lacks ${bad.join(', ')}`
					: `${products.length} products, ids ${products.map((p) => p.id).join(', ')}`
				: 'no products returned',
		);
		const ids = products.map((p) => p.id);
		report.add(
			AREA,
			'read: keyset order',
			ids.every((id, i) => i === 0 || id > ids[i - 1]) ? 'pass' : 'fail',
			`ids ${ids.join(', ')} (the node pages with after: <last id>)`,
		);
	} catch (error) {
		report.add(AREA, 'read: product search page', 'fail', error.message);
	}
	const isbn = options.isbn ?? products.find((p) => p.isbn13)?.isbn13;
	if (!isbn)
		report.add(
			AREA,
			'read: product by ISBN',
			'skipped',
			'no product with an ISBN in the first page (give one with --isbn)',
		);
	else {
		try {
			const [product] = await runOperation(node, send, {
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'isbn', value: isbn },
				options: {},
			});
			const bad = missingKeys(product, ['id', 'isbn13', 'title', 'productForm', 'work']);
			report.add(
				AREA,
				'read: product by ISBN',
				bad.length ? 'fail' : 'pass',
				bad.length
					? `ISBN ${isbn}: no ${bad.join(', ')}`
					: `ISBN ${isbn}: product ${product.id} of work ${product.work.id}`,
			);
			const workId = options.workId ?? product.work?.id;
			const [work] = await runOperation(node, send, {
				resource: 'work',
				operation: 'get',
				work: { __rl: true, mode: 'id', value: String(workId) },
			});
			const badWork = missingKeys(work, ['id', 'title', 'products']);
			report.add(
				AREA,
				'read: work',
				badWork.length ? 'fail' : 'pass',
				badWork.length
					? `work ${workId}: no ${badWork.join(', ')}`
					: `work ${workId}: "${work.title}", ${work.products.length} product(s)`,
			);
		} catch (error) {
			report.add(AREA, 'read: product by ISBN / work', 'fail', error.message);
		}
	}
	try {
		const feed = await runOperation(node, send, {
			resource: 'productFeed',
			operation: 'list',
			returnAll: false,
			limit: 3,
			filters: {},
		});
		const raw = answers.find((a) => a.kind === 'rest');
		const envelope = missingKeys(raw?.body, [
			'current_page',
			'per_page',
			'total_pages',
			'products',
		]);
		report.add(
			AREA,
			'read: REST product feed page',
			envelope.length || !feed.length ? 'fail' : 'pass',
			envelope.length
				? `the page lacks ${envelope.join(', ')}`
				: `${feed.length} products; page ${raw.body.current_page} of ${raw.body.total_pages}`,
		);
	} catch (error) {
		report.add(AREA, 'read: REST product feed page', 'fail', error.message);
	}
}

async function checkWrites(report, node, send, options) {
	if (!options.write) {
		for (const what of ['supporting resource', 'marketing text', 'web link'])
			report.add(
				AREA,
				`write: ${what}`,
				'skipped',
				'read-only run (add --write --scratch-work <id>)',
			);
		return;
	}
	if (!options.scratchWork) {
		for (const what of ['supporting resource', 'marketing text', 'web link'])
			report.add(AREA, `write: ${what}`, 'skipped', '--write needs --scratch-work <work id>');
		return;
	}
	const work = { __rl: true, mode: 'id', value: String(options.scratchWork) };
	const stamp = new Date().toISOString();
	const cases = [
		{
			what: 'supporting resource',
			create: {
				resource: 'supportingResource',
				operation: 'create',
				work,
				imageUrl: options.imageUrl,
				variant: 'OTHER',
				status: 'DRAFT',
				linkTo: 'none',
				unlinkPrevious: false,
				skipIfAttached: false,
				options: { caption: `check:live ${stamp}` },
			},
			resource: 'supportingResource',
		},
		{
			what: 'marketing text',
			create: {
				resource: 'marketingText',
				operation: 'create',
				work,
				variant: 'DESCRIPTION',
				text: `check:live ${stamp}`,
				options: {},
			},
			resource: 'marketingText',
		},
		{
			what: 'web link',
			create: {
				resource: 'webLink',
				operation: 'create',
				attachTo: 'work',
				work,
				url: `https://example.com/check-live/${Date.now()}`,
				role: '',
				note: `check:live ${stamp}`,
				skipIfAttached: false,
			},
			resource: 'webLink',
		},
	];
	for (const c of cases) {
		let created;
		try {
			[created] = await runOperation(node, send, c.create);
			if (!created?.id) throw new Error('the answer has no id');
		} catch (error) {
			report.add(AREA, `write: create ${c.what}`, 'fail', error.message);
			continue;
		}
		report.add(
			AREA,
			`write: create ${c.what}`,
			'pass',
			`id ${created.id} on work ${options.scratchWork}`,
		);
		try {
			const [deleted] = await runOperation(node, send, {
				resource: c.resource,
				operation: 'delete',
				recordId: String(created.id),
			});
			report.add(
				AREA,
				`write: delete ${c.what}`,
				'pass',
				`id ${created.id}: ${JSON.stringify(deleted).slice(0, 80)}`,
			);
		} catch (error) {
			report.add(
				AREA,
				`write: delete ${c.what}`,
				'fail',
				`id ${created.id} is left on work ${options.scratchWork}: ${error.message}`,
			);
		}
	}
}

/**
 * @param {object} env   { baseUrl, apiKey, authScheme }
 * @param {object} options { write, scratchWork, isbn, imageUrl, dist }
 */
async function checkConsonance(report, env, options) {
	const dist = options.dist ?? path.join(__dirname, '..', '..', 'dist');
	const assumptions = require(path.join(dist, 'nodes/Consonance/helpers/assumptions.js'));
	if (!env.baseUrl || !env.apiKey) {
		for (const step of PLAN)
			report.add(AREA, step, 'skipped', 'set CONSONANCE_BASE_URL and CONSONANCE_API_KEY');
		return;
	}
	const baseUrl = env.baseUrl.replace(/\/+$/, '');
	const credentials = { baseUrl, apiKey: env.apiKey, authScheme: env.authScheme || 'automatic' };
	const send = createSender({ credentials, dist, record: (entry) => send.onAnswer?.(entry) });
	let schema;
	try {
		schema = await introspect(send, baseUrl);
		report.add(
			AREA,
			'introspection',
			'pass',
			`${Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__')).length} types`,
		);
	} catch (error) {
		report.add(AREA, 'introspection', 'fail', error.message);
	}
	if (schema) {
		const { requests, failures } = await recordConsonanceRequests({ dist });
		const graphqlRequests = distinctRequests(requests).filter((r) => r.kind === 'graphql');
		report.add(
			AREA,
			'requests the nodes send',
			'pass',
			`${graphqlRequests.length} distinct GraphQL requests from ${requests.length} runs`,
		);
		for (const f of failures)
			report.add(
				AREA,
				`no request: ${f.source} (${f.variant})`,
				'skipped',
				`stopped before any call: ${f.error}`,
			);
		checkRequests(report, schema, graphqlRequests);
		checkAssumptions(report, schema, assumptions);
	} else {
		for (const a of [...assumptions.SCHEMA_ASSUMPTIONS, ...assumptions.BEHAVIOUR_ASSUMPTIONS])
			report.add(AREA, `assumption: ${a.id}`, 'unknown', 'no schema (introspection failed)');
	}
	const { Consonance } = require(path.join(dist, 'nodes/Consonance/Consonance.node.js'));
	const node = new Consonance();
	await checkReads(report, node, send, options);
	await checkWrites(report, node, send, options);
}

module.exports = { checkConsonance, PLAN };
