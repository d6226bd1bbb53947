'use strict';
// The Consonance emulator: GraphQL (`POST /graphql`, `Authorization: Bearer <key>`) and the legacy
// REST product feed (`GET /api/v4/products.json`, `Authorization: Token token=<key>`) over one
// in-memory catalogue, plus the control routes tests use to act as a user in the Consonance UI.
//   store.js     state, indexes, searches, edits, changed dates, change log
//   graphql.js   schema, resolvers, mutations          rest.js   product feed
//   search.js    Ransack-style conditions               format.js derived values both APIs show
//   codes.js     ONIX / ISO code lists                  images.js loopback image inspection
//   assumptions.js  every choice the public sources leave open (docs/api-facts.md)
const { STATUS_CODES } = require('node:http');
const { readBody, sendJson, sendText } = require('../lib/http');
const A = require('./assumptions');
const { createStore } = require('./store');
const { createGraphqlApi } = require('./graphql');
const { createRestApi } = require('./rest');

const GRAPHQL_PATH = '/graphql';
const notFoundBody = { status: 404, error: 'Not Found' };

/** The key in a Rails-style `Token token="<key>"` / `Token token=<key>` (or `Bearer <key>`) header. */
function railsToken(header) {
	const m = /^(Token|Bearer)\s+(.*)$/i.exec(header ?? '');
	if (!m || (m[1].toLowerCase() === 'bearer' && !A.REST_ACCEPTS_BEARER)) return undefined;
	const [first] = m[2].split(/\s*(?:,|;|\t)\s*/);
	const value = first.includes('=') ? first.slice(first.indexOf('=') + 1) : first;
	return value.replace(/^"(.*)"$/, '$1');
}

function bearerToken(header) {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	if (m) return m[1];
	return A.GRAPHQL_ACCEPTS_TOKEN_SCHEME ? railsToken(header) : undefined;
}

async function readGraphqlRequest(req) {
	const raw = (await readBody(req)).toString('utf8');
	let body;
	try {
		body = raw ? JSON.parse(raw) : {};
	} catch {
		return { error: 'Invalid JSON in request body' };
	}
	if (!body || typeof body !== 'object' || Array.isArray(body))
		return { error: 'Expected a JSON object with "query"' };
	let { variables } = body;
	if (typeof variables === 'string') {
		try {
			variables = variables.trim() ? JSON.parse(variables) : {};
		} catch {
			return { error: 'Invalid JSON in "variables"' };
		}
	}
	return { query: body.query, variables, operationName: body.operationName || undefined };
}

function createConsonanceEmulator({ clock, catalogue, apiKey, getBaseUrl, renameFields }) {
	const store = createStore({ clock });
	store.load(catalogue);
	const graphql = createGraphqlApi({ store, renameFields });
	const rest = createRestApi({ store });

	async function serveGraphql(req, res) {
		req.sandboxRoute = 'graphql';
		if (req.method !== 'POST') return sendJson(res, 404, notFoundBody);
		if (bearerToken(req.headers.authorization) !== apiKey) {
			req.sandboxRoute = 'graphql:unauthorized';
			return sendJson(res, 401, { errors: [{ message: A.GRAPHQL_UNAUTHORIZED_MESSAGE }] });
		}
		const request = await readGraphqlRequest(req);
		if (request.error) return sendJson(res, 400, { errors: [{ message: request.error }] });
		const { route, body } = await graphql.run(request);
		req.sandboxRoute = route;
		return sendJson(res, 200, body);
	}

	function serveRest(req, res, url) {
		req.sandboxRoute = 'rest:products';
		if (railsToken(req.headers.authorization) !== apiKey) {
			req.sandboxRoute = 'rest:unauthorized';
			return sendText(res, 401, A.REST_ACCESS_DENIED_BODY, {
				'WWW-Authenticate': `Token realm="${A.REST_AUTH_REALM}"`,
			});
		}
		const { route, status, body } = rest.handle(req.method, url);
		req.sandboxRoute = route;
		return sendJson(res, status, body);
	}

	async function handler(req, res) {
		const url = new URL(
			req.url,
			getBaseUrl?.() ?? `http://${req.headers.host ?? 'consonance.local'}`,
		);
		if (url.pathname === GRAPHQL_PATH) return serveGraphql(req, res);
		if (rest.matches(url.pathname)) return serveRest(req, res, url);
		req.sandboxRoute = 'not-found';
		return sendJson(res, 404, notFoundBody);
	}

	/** An injected fault, answered in the style of the API it hit (counted under that API's route). */
	async function renderFault(req, res, status, message, headers = {}) {
		const reason = STATUS_CODES[status] ?? 'Error';
		if (req.url.split('?')[0] === GRAPHQL_PATH) {
			const request = req.method === 'POST' ? await readGraphqlRequest(req).catch(() => ({})) : {};
			req.sandboxRoute = request.query ? graphql.routeOf(request) : 'graphql';
			return sendJson(
				res,
				status,
				{ errors: [{ message: message ?? `${status} ${reason}` }] },
				headers,
			);
		}
		if (rest.matches(req.url.split('?')[0])) req.sandboxRoute = 'rest:products';
		return sendJson(res, status, { status, error: message ?? reason }, headers);
	}

	// ---- control API (mounted by sandbox/control.js at /consonance/...)

	const view = (record, what, id) =>
		record ?? { status: 404, body: { error: { message: `${what} ${id} not found` } } };
	const edited = (result, show, status = 200) => {
		if (result.errors.length)
			return {
				status: result.notFound ? 404 : 422,
				body: {
					error: { message: result.errors.map((e) => e.message).join('; '), errors: result.errors },
				},
			};
		return { status, body: show(result) };
	};
	const CONTROL_ROUTES = [
		['GET', /^\/state\/summary$/, () => store.summary()],
		[
			'GET',
			/^\/state\/changes$/,
			(_, __, query) => ({ changes: store.changes(Number(query?.get('since') ?? 0)) }),
		],
		[
			'GET',
			/^\/state\/products\/(\d+)$/,
			([, id]) => view(store.productState(Number(id)), 'Product', id),
		],
		['GET', /^\/state\/works\/(\d+)$/, ([, id]) => view(store.workState(Number(id)), 'Work', id)],
		[
			'POST',
			/^\/products$/,
			(_, body) =>
				edited(store.createProduct(body, 'control'), (r) => store.productState(r.product.id), 201),
		],
		[
			'POST',
			/^\/products\/(\d+)$/,
			([, id], body) =>
				edited(store.updateProduct(Number(id), body, 'control'), () =>
					store.productState(Number(id)),
				),
		],
		[
			'DELETE',
			/^\/products\/(\d+)$/,
			([, id]) => edited(store.deleteProduct(Number(id), 'control'), (r) => r),
		],
		[
			'POST',
			/^\/works\/(\d+)$/,
			([, id], body) =>
				edited(store.updateWork(Number(id), body, [], 'control'), () =>
					store.workState(Number(id)),
				),
		],
	];

	function controlRoute(method, path, body, searchParams) {
		for (const [m, pattern, run] of CONTROL_ROUTES) {
			const match = method === m && pattern.exec(path);
			if (match) return run(match, body ?? {}, searchParams);
		}
		return undefined;
	}

	return {
		handler,
		renderFault,
		controlRoute,
		reset(newCatalogue) {
			store.load(newCatalogue);
		},
		snapshot: () => store.snapshot(),
	};
}

module.exports = { createConsonanceEmulator };
