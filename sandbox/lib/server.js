'use strict';
// The HTTP frame every emulator runs in: request log and per-route counters, fault injection
// (latency, 5xx, connection reset, 420/429 bursts with their reset header in any format, redirects,
// an HTML error page, truncated JSON, an empty body), then the emulator's own handler.
// An emulator names the route it served by setting `req.sandboxRoute` (e.g. 'graphql:products',
// 'admin:resources.list'); unnamed requests are counted as 'METHOD /path'.
const http = require('node:http');
const { readBody, sendJson } = require('./http');

const LOG_LIMIT = 5000;

/** The fault kinds POST /faults takes. */
const FAULT_KINDS = [
	'latency',
	'status',
	'reset',
	'redirect',
	'html',
	'truncatedJson',
	'emptyBody',
	'paging',
];

/**
 * Rate-limit reset headers in the formats a service or a proxy in front of it may use, `seconds`
 * from now: Cloudinary's X-FeatureRateLimit-Reset carries an HTTP date; proxies send Retry-After as
 * delta seconds or an HTTP date, or a reset as Unix epoch seconds.
 */
function resetHeaders(format, seconds, header) {
	const at = new Date(Date.now() + seconds * 1000);
	const values = {
		httpDate: at.toUTCString(),
		epochSeconds: String(Math.ceil(at.getTime() / 1000)),
		deltaSeconds: String(seconds),
	};
	if (!(format in values))
		throw Object.assign(new Error(`resetFormat must be one of ${Object.keys(values).join(', ')}`), {
			status: 400,
		});
	const name = header ?? (format === 'deltaSeconds' ? 'Retry-After' : 'X-FeatureRateLimit-Reset');
	return { [name]: values[format] };
}

/** What a proxy or load balancer in front of the service answers when it fails: an HTML page. */
function htmlErrorPage(status) {
	const reason = http.STATUS_CODES[status] ?? 'Error';
	return (
		`<!DOCTYPE html>\n<html><head><title>${status} ` +
		`${reason}</title></head>\n<body><center><h1>${status} ` +
		`${reason}</h1></center><hr><center>nginx</center></body></html>\n`
	);
}

// One sequence for every server in the process, so `since` means the same moment for both services.
const requestSequence = { value: 0 };

/**
 * Lets the emulator answer, then rewrites its JSON answer before it is sent (`rewrite(status, text)`
 * returns the new text). Emulators answer with writeHead + one end(), as sendJson does.
 */
function rewriteJsonAnswer(res, rewrite) {
	const writeHead = res.writeHead.bind(res);
	const end = res.end;
	let head = { status: 200, headers: {} };
	res.writeHead = (status, ...rest) => {
		head = { status, headers: rest.find((r) => r && typeof r === 'object') ?? {} };
		return res;
	};
	res.end = (chunk, ...rest) => {
		const text = rewrite(head.status, chunk && typeof chunk !== 'function' ? String(chunk) : '');
		const kept = Object.entries(head.headers).filter(([k]) => k.toLowerCase() !== 'content-length');
		const headers = Object.fromEntries(kept);
		writeHead(head.status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
		return end.call(res, text, ...rest.filter((r) => typeof r === 'function'));
	};
}

/**
 * A `paging` fault: a service that does not honour its paging argument.
 *   replay: every matching request gets the first matching answer again (a service that ignores
 *           `next_cursor`, `after` or `page`, so the same page comes back); with `cursor`, that
 *           answer carries this `next_cursor`, so even a one-page listing asks for a second page;
 *   repeat-cursor: answers are real, but each `next_cursor` is replaced by the first one served.
 * Returns true when it answered the request itself.
 */
function applyPagingFault(fault, res) {
	if (fault.mode === 'replay') {
		if (fault.replay) {
			const { status, text } = fault.replay;
			const contentType = 'application/json; charset=utf-8';
			res.writeHead(status, {
				'Content-Type': contentType,
				'Content-Length': Buffer.byteLength(text),
			});
			res.end(text);
			return true;
		}
		rewriteJsonAnswer(res, (status, text) => {
			let answer = text;
			if (fault.cursor !== undefined && status < 300) {
				try {
					answer = JSON.stringify({ ...JSON.parse(text), next_cursor: String(fault.cursor) });
				} catch {
					// not JSON: replayed as it is
				}
			}
			if (status < 300) fault.replay = { status, text: answer };
			return answer;
		});
		return false;
	}
	rewriteJsonAnswer(res, (status, text) => {
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			return text;
		}
		if (!body || typeof body.next_cursor !== 'string') return text;
		fault.firstCursor ??= body.next_cursor;
		return JSON.stringify({ ...body, next_cursor: fault.firstCursor });
	});
	return false;
}

/**
 * A reproducible stream of numbers in [0, 1) (mulberry32): a fault with a `seed` picks the same
 * requests of the same sequence on every run, so a probability fault scenario can be replayed.
 */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function createFaultTable() {
	let faults = [];
	let nextId = 1;
	return {
		add(fault) {
			if (!FAULT_KINDS.includes(fault.kind))
				throw Object.assign(new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`), {
					status: 400,
				});
			if (fault.resetFormat !== undefined) resetHeaders(fault.resetFormat, 1);
			const f = { id: nextId++, remaining: fault.count ?? Infinity, ...fault };
			if (f.seed !== undefined && !Number.isInteger(f.seed))
				throw Object.assign(new Error('seed must be an integer'), { status: 400 });
			f.random = f.seed === undefined ? Math.random : seededRandom(f.seed);
			if (f.path) f.pathRegex = new RegExp(f.path);
			if (f.bodyMatch) f.bodyRegex = new RegExp(f.bodyMatch);
			faults.push(f);
			return { id: f.id };
		},
		clear() {
			faults = [];
		},
		list() {
			return faults.map(({ pathRegex, bodyRegex, replay, random, ...f }) => ({
				...f,
				remaining: f.remaining === Infinity ? null : f.remaining,
			}));
		},
		/** Whether an armed fault looks at the body of this request (so the body must be read first). */
		needsBody(method, url) {
			return faults.some(
				(f) =>
					f.bodyRegex &&
					f.remaining > 0 &&
					(!f.method || f.method.toUpperCase() === method) &&
					(!f.pathRegex || f.pathRegex.test(url)),
			);
		},
		/** The first armed fault that matches this request, consuming one use of it. */
		take(method, url, body) {
			for (const f of faults) {
				if (f.remaining <= 0) continue;
				if (f.method && f.method.toUpperCase() !== method) continue;
				if (f.pathRegex && !f.pathRegex.test(url)) continue;
				// `bodyMatch`: only requests whose body matches, e.g. one GraphQL mutation ("deleteWebLink").
				if (f.bodyRegex && !(body !== undefined && f.bodyRegex.test(body))) continue;
				if (f.probability !== undefined && f.random() >= f.probability) continue;
				// `skip`: let that many matching requests through first (e.g. fail a write, not the read before it).
				if (f.skip > 0) {
					f.skip -= 1;
					continue;
				}
				f.remaining -= 1;
				return f;
			}
			return undefined;
		},
	};
}

/**
 * Starts one emulator's server. `handler(req, res)` serves the request; `onFault(fault, req, res)`
 * lets the emulator answer a 'status' fault in its own error envelope (falls back to JSON).
 */
function startServer({ name, port, host = '127.0.0.1', handler, renderFault }) {
	const log = [];
	const counters = {};
	const faults = createFaultTable();

	const server = http.createServer(async (req, res) => {
		const started = Date.now();
		const entry = {
			seq: ++requestSequence.value,
			service: name,
			method: req.method,
			url: req.url,
			at: new Date(started).toISOString(),
		};
		let bytesOut = 0;
		const origWrite = res.write.bind(res);
		const origEnd = res.end.bind(res);
		res.write = (chunk, ...rest) => {
			if (chunk && typeof chunk !== 'function') bytesOut += Buffer.byteLength(chunk);
			return origWrite(chunk, ...rest);
		};
		res.end = (chunk, ...rest) => {
			if (chunk && typeof chunk !== 'function') bytesOut += Buffer.byteLength(chunk);
			return origEnd(chunk, ...rest);
		};
		// Bytes in are read off the socket, not by listening to the body: a 'data' listener would
		// start the body flowing before the emulator reads it (and lose it behind a latency fault).
		// Node's parser has usually read this request's head (and a small body) off the socket before
		// 'request' fires, so count from where the previous request on this (keep-alive) socket ended.
		const socketBytesAtStart = req.socket.sandboxBytesConsumed ?? 0;
		const record = () => {
			const bytesIn = Math.max(0, req.socket.bytesRead - socketBytesAtStart);
			req.socket.sandboxBytesConsumed = req.socket.bytesRead;
			entry.route = req.sandboxRoute || `${req.method} ${req.url.split('?')[0]}`;
			entry.status = res.statusCode;
			entry.ms = Date.now() - started;
			entry.bytesIn = bytesIn;
			entry.bytesOut = bytesOut;
			if (req.sandboxFault) entry.fault = req.sandboxFault;
			log.push(entry);
			if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
			const c = (counters[entry.route] ??= { count: 0, bytesIn: 0, bytesOut: 0, errors: 0 });
			c.count += 1;
			c.bytesIn += bytesIn;
			c.bytesOut += bytesOut;
			if (res.statusCode >= 400) c.errors += 1;
		};
		res.on('finish', record);
		res.on('close', () => {
			if (!res.writableFinished) record();
		});

		try {
			const body = faults.needsBody(req.method, req.url)
				? (await readBody(req)).toString('utf8')
				: undefined;
			const fault = faults.take(req.method, req.url, body);
			if (fault) {
				req.sandboxFault = fault.kind;
				if (fault.kind === 'latency') {
					await new Promise((r) => setTimeout(r, fault.ms ?? 100));
				} else if (fault.kind === 'reset') {
					req.socket.destroy();
					return;
				} else if (fault.kind === 'paging') {
					if (applyPagingFault(fault, res)) return;
				} else if (fault.kind === 'redirect') {
					// e.g. a proxy or a moved host sending the client elsewhere (tests that credentials stay home)
					res.writeHead(fault.status ?? 302, { Location: fault.location, 'Content-Length': '0' });
					return res.end();
				} else if (fault.kind === 'status') {
					const status = fault.status ?? 500;
					const reset = fault.resetFormat
						? resetHeaders(fault.resetFormat, fault.resetInSeconds ?? 1, fault.resetHeader)
						: {};
					const headers = { ...reset, ...(fault.headers ?? {}) };
					if (renderFault) return renderFault(req, res, status, fault.message, headers);
					return sendJson(
						res,
						status,
						{ error: { message: fault.message ?? `Injected fault ${status}` } },
						headers,
					);
				} else if (fault.kind === 'html') {
					const status = fault.status ?? 502;
					const page = htmlErrorPage(status);
					res.writeHead(status, {
						'Content-Type': 'text/html; charset=utf-8',
						'Content-Length': Buffer.byteLength(page),
						...(fault.headers ?? {}),
					});
					return res.end(page);
				} else if (fault.kind === 'truncatedJson') {
					// A JSON answer cut off half way (by a proxy or a dropped connection), its length consistent.
					const status = fault.status ?? 200;
					const whole = JSON.stringify(
						fault.body ?? {
							error: { message: fault.message ?? 'an answer that was cut off half way through' },
						},
					);
					const text = whole.slice(0, Math.floor(whole.length / 2));
					res.writeHead(status, {
						'Content-Type': 'application/json; charset=utf-8',
						'Content-Length': Buffer.byteLength(text),
						...(fault.headers ?? {}),
					});
					return res.end(text);
				} else if (fault.kind === 'emptyBody') {
					const status = fault.status ?? 200;
					res.writeHead(status, {
						'Content-Type': 'application/json; charset=utf-8',
						'Content-Length': 0,
						...(fault.headers ?? {}),
					});
					return res.end();
				}
			}
			await handler(req, res);
		} catch (error) {
			if (!res.headersSent)
				sendJson(res, error.status ?? 500, { error: { message: error.message } });
			else res.destroy();
		}
	});
	// Longer than Node's client agents keep an idle socket (5 s): the client always closes first, so a
	// request is never sent on a socket the server is closing at that moment (an ECONNRESET under load).
	server.keepAliveTimeout = 65000;

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port ?? 0, host, () => {
			const address = server.address();
			const baseUrl = `http://${host}:${address.port}`;
			resolve({
				name,
				server,
				port: address.port,
				baseUrl,
				faults,
				requests: (since = 0) => log.filter((e) => e.seq > since),
				counters: () => JSON.parse(JSON.stringify(counters)),
				clearLog() {
					log.length = 0;
					for (const k of Object.keys(counters)) delete counters[k];
				},
				lastSeq: () => requestSequence.value,
				close: () =>
					new Promise((r) => {
						server.closeAllConnections?.();
						server.close(() => r());
					}),
			});
		});
	});
}

module.exports = { startServer, FAULT_KINDS };
