'use strict';
// Route tables for the Cloudinary emulator: the Upload API (upload-api.js), the Admin API
// (admin-api.js) and the control API (control-routes.js) each list their routes as
//   { name, method, path, when?, run }
// and are dispatched here, so a route's name, method and path are written once, in its table.
//   method  'GET', a list such as ['PUT', 'POST'], or '*' for any
//   path    segments after /v1_1/<cloud>/ (or after /cloudinary for control routes), already
//           URL-decoded: 'resources/:rt/:type/*publicId'. ':x' binds one segment, ':x?' an optional
//           last one, '*x' the rest (one segment or more: public IDs and folders contain slashes),
//           '*x?' the rest or nothing. A binding named in the table's `where` must pass its check.
//   when    (params, bindings) => boolean, for routes that share a method and path and differ by
//           a parameter (e.g. list vs. by public IDs). Checked once the request is parsed.
//   run     (request) => result; request has the bindings, `params`, `req` and `method`. A result
//           is the JSON body (status 200), or reply(status, body) for another status.
// The first route whose method, path and `when` match wins, so specific routes come first.

function compile(path) {
	const parts = path === '' ? [] : path.split('/');
	return (segments, where) => {
		const bindings = {};
		for (let i = 0; i < parts.length; i++) {
			const part = parts[i];
			if (part.startsWith('*')) {
				const optional = part.endsWith('?');
				const rest = segments.slice(i);
				if (!rest.length && !optional) return null;
				bindings[part.slice(1).replace(/\?$/, '')] = rest.length ? rest.join('/') : undefined;
				return check(bindings, where);
			}
			const segment = segments[i];
			if (part.startsWith(':')) {
				const optional = part.endsWith('?');
				if (segment === undefined) {
					if (!optional) return null;
					continue;
				}
				bindings[part.slice(1).replace(/\?$/, '')] = segment;
			} else if (segment !== part) return null;
		}
		return segments.length <= parts.length ? check(bindings, where) : null;
	};
}

function check(bindings, where) {
	for (const [name, ok] of Object.entries(where ?? {})) {
		if (bindings[name] !== undefined && !ok(bindings[name])) return null;
	}
	return bindings;
}

class Reply {
	constructor(status, body) {
		this.status = status;
		this.body = body;
	}
}
/** A route result with a status other than 200. */
const reply = (status, body) => new Reply(status, body);
/** { status, body } of a route result. */
const toResponse = (result) =>
	result instanceof Reply
		? { status: result.status, body: result.body }
		: { status: 200, body: result };

const allows = (route, method) =>
	route.method === '*' ||
	route.method === method ||
	(Array.isArray(route.method) && route.method.includes(method));

/** A dispatcher over `routes` (validated by `where`: binding name → check). */
function createRouter(routes, { where } = {}) {
	const compiled = routes.map((route) => ({ ...route, match: compile(route.path) }));
	return {
		/**
		 * The route for a request. Without `params` (before the request is parsed, e.g. to name a
		 * request that fails authentication) `when` is not checked. Returns { route, bindings }, or
		 * { pathOnly: route } when the path is known but not for this method, or undefined.
		 */
		find(method, segments, params) {
			let pathOnly;
			for (const route of compiled) {
				const bindings = route.match(segments, where);
				if (!bindings) continue;
				if (!allows(route, method)) {
					pathOnly ??= route;
					continue;
				}
				if (params && route.when && !route.when(params, bindings)) continue;
				return { route, bindings };
			}
			return pathOnly ? { pathOnly } : undefined;
		},
		routes: compiled,
	};
}

module.exports = { createRouter, reply, toResponse };
