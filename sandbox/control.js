'use strict';
// The control API used by tests, benchmarks and the demo (never by the nodes):
//   GET  /health | /info | /clock | /faults | /counters | /requests?service=&since=
//   POST /reset {products?, seed?}     POST /clock {now? | offsetMs? | advanceMs? | reset?}
// POST /faults {service, kind: latency|status|reset|redirect|html|truncatedJson|emptyBody|paging, path?, method?,
// status?, ms?, count?, skip?, probability?, seed?, message?, headers?, location? (redirect: where to send the client),
//                 body? (truncatedJson: the JSON to cut), resetFormat?: httpDate|epochSeconds|deltaSeconds,
// resetInSeconds?, resetHeader?, mode? (paging: replay | repeat-cursor), cursor? (replay: its next_cursor),
//                 bodyMatch? (a regular expression: only requests whose body matches, e.g. one GraphQL mutation)}
//                 seed: an integer; with it a `probability` picks the same requests on every run
//   DELETE /faults | /requests
//   POST /sink/:name  (any body)  GET /sink/:name  DELETE /sink[/:name]  — an incoming-webhook sink
//     that stands in for a team chat or alerting channel (e.g. the pre-publication media alert)
//   POST /sink/:name/refuse {status? = 503, count? = 1, match?}  the next `count` posts to that sink
//     (whose body contains `match`, if given) are answered `status` and not kept, as a channel that is down
//   /consonance/... and /cloudinary/...  are handed to the emulator's own controlRoute(method, path, body)
const { startServer, FAULT_KINDS } = require('./lib/server');
const { readBody, sendJson } = require('./lib/http');

function parseTime(value) {
	if (typeof value === 'number') return value;
	const ms = Date.parse(value);
	if (Number.isNaN(ms))
		throw Object.assign(new Error(`"${value}" is not a date (use ISO 8601 or epoch ms)`), {
			status: 400,
		});
	return ms;
}

async function startControlServer({ sandbox, port }) {
	/** Messages posted to /sink/<name>, oldest first. */
	const sinks = new Map();
	/** Per sink: the refusals still to answer ({ status, count, match }). */
	const refusals = new Map();
	const servers = () => ({
		consonance: sandbox.servers.consonance(),
		cloudinary: sandbox.servers.cloudinary(),
	});

	async function handler(req, res) {
		const url = new URL(req.url, 'http://control');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const raw = ['POST', 'PUT', 'DELETE', 'PATCH'].includes(req.method)
			? await readBody(req)
			: Buffer.alloc(0);
		let body = {};
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				// Sinks take whatever a channel would take; every other control route takes JSON.
				if (!path.startsWith('/sink/'))
					return sendJson(res, 400, { error: { message: 'Control API bodies are JSON' } });
			}
		}
		const key = `${req.method} ${path}`;

		if (key === 'GET /health') return sendJson(res, 200, { status: 'ok' });
		if (key === 'GET /info') return sendJson(res, 200, sandbox.info());
		if (key === 'POST /reset')
			return sendJson(
				res,
				200,
				await sandbox.reset(body && Object.keys(body).length ? body : undefined),
			);
		if (key === 'GET /clock') return sendJson(res, 200, sandbox.clock.describe());
		if (key === 'POST /clock') {
			if (body.reset) sandbox.clock.reset();
			if (body.now !== undefined) sandbox.clock.set(body.now === null ? null : parseTime(body.now));
			if (body.offsetMs !== undefined) sandbox.clock.setOffset(body.offsetMs);
			if (body.advanceMs !== undefined) sandbox.clock.advance(body.advanceMs);
			return sendJson(res, 200, sandbox.clock.describe());
		}
		if (key === 'GET /counters') {
			const s = servers();
			return sendJson(res, 200, {
				consonance: s.consonance.counters(),
				cloudinary: s.cloudinary.counters(),
			});
		}
		if (key === 'GET /requests') {
			const since = Number(url.searchParams.get('since') ?? 0);
			const which = url.searchParams.get('service');
			const s = servers();
			const entries = Object.entries(s)
				.filter(([name]) => !which || which === name)
				.flatMap(([, srv]) => srv.requests(since))
				.sort((a, b) => a.at.localeCompare(b.at));
			return sendJson(res, 200, { requests: entries });
		}
		if (key === 'DELETE /requests') {
			for (const srv of Object.values(servers())) srv.clearLog();
			return sendJson(res, 200, { cleared: true });
		}
		if (key === 'GET /faults') {
			const s = servers();
			return sendJson(res, 200, {
				consonance: s.consonance.faults.list(),
				cloudinary: s.cloudinary.faults.list(),
			});
		}
		if (key === 'POST /faults') {
			const srv = servers()[body.service];
			if (!srv)
				return sendJson(res, 400, {
					error: { message: 'service must be "consonance" or "cloudinary"' },
				});
			if (!FAULT_KINDS.includes(body.kind))
				return sendJson(res, 400, {
					error: { message: `kind must be one of ${FAULT_KINDS.join(', ')}` },
				});
			if (body.kind === 'paging' && !['replay', 'repeat-cursor'].includes(body.mode)) {
				const message =
					'a paging fault needs a "mode": "replay" (the first answer again) or "repeat-cursor"';
				return sendJson(res, 400, { error: { message } });
			}
			if (
				body.kind === 'redirect' &&
				(typeof body.location !== 'string' ||
					![301, 302, 303, 307, 308, undefined].includes(body.status))
			) {
				return sendJson(res, 400, {
					error: {
						message:
							'a redirect fault needs a "location" and a status of 301, 302, 303, 307 or 308 (302 when absent)',
					},
				});
			}
			try {
				return sendJson(res, 200, srv.faults.add(body));
			} catch (error) {
				return sendJson(res, error.status ?? 400, { error: { message: error.message } });
			}
		}
		if (key === 'DELETE /faults') {
			for (const srv of Object.values(servers())) srv.faults.clear();
			return sendJson(res, 200, { cleared: true });
		}
		const refuse = /^\/sink\/([\w.-]+)\/refuse$/.exec(path);
		if (refuse && req.method === 'POST') {
			const status = body.status ?? 503;
			const count = body.count ?? 1;
			if (
				!Number.isInteger(status) ||
				status < 400 ||
				status > 599 ||
				!Number.isInteger(count) ||
				count < 1
			)
				return sendJson(res, 400, {
					error: { message: 'refuse takes status (an integer 400–599) and count (an integer ≥ 1)' },
				});
			const list = refusals.get(refuse[1]) ?? [];
			list.push({
				status,
				count,
				match: body.match === undefined ? undefined : String(body.match),
			});
			refusals.set(refuse[1], list);
			return sendJson(res, 200, { refusing: list });
		}
		const sink = /^\/sink(?:\/([\w.-]+))?$/.exec(path);
		if (sink) {
			const name = sink[1];
			if (req.method === 'POST' && name) {
				const text = raw.toString('utf8');
				const refusal = (refusals.get(name) ?? []).find(
					(r) => r.count > 0 && (r.match === undefined || text.includes(r.match)),
				);
				if (refusal) {
					refusal.count -= 1;
					return sendJson(res, refusal.status, {
						error: { message: `Sink ${name} refused the post` },
					});
				}
				let parsed = null;
				try {
					parsed = JSON.parse(text);
				} catch {
					// a plain-text alert is kept as text
				}
				const list = sinks.get(name) ?? [];
				list.push({
					at: new Date(sandbox.clock.now()).toISOString(),
					contentType: req.headers['content-type'] ?? null,
					body: parsed ?? text,
				});
				sinks.set(name, list);
				return sendJson(res, 200, { ok: true, received: list.length });
			}
			if (req.method === 'GET' && name)
				return sendJson(res, 200, { messages: sinks.get(name) ?? [] });
			if (req.method === 'DELETE') {
				if (name) {
					sinks.delete(name);
					refusals.delete(name);
				} else {
					sinks.clear();
					refusals.clear();
				}
				return sendJson(res, 200, { cleared: true });
			}
		}
		const m = /^\/(consonance|cloudinary)(\/.*)?$/.exec(path);
		if (m) {
			const emulator = sandbox[m[1]];
			const result = await emulator.controlRoute?.(req.method, m[2] ?? '/', body, url.searchParams);
			if (result !== undefined) return sendJson(res, result.status ?? 200, result.body ?? result);
		}
		return sendJson(res, 404, { error: { message: `No control route ${key}` } });
	}

	return startServer({ name: 'control', port, handler });
}

module.exports = { startControlServer };
