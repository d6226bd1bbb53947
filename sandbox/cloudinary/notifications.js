'use strict';
// Webhook notifications (docs/api-facts.md, "Notifications"): for a call with notification_url and for every registered
// trigger whose event_type matches (or is 'all'), POST the JSON payload with X-Cld-Timestamp and
// X-Cld-Signature = hex(SHA1|SHA256(body + timestamp + api_secret)) over the exact bytes sent.
// Delivered asynchronously, to loopback addresses only; every attempt is logged.
const http = require('node:http');
const crypto = require('node:crypto');
const { notificationSignature } = require('./signing');
const { isoSeconds } = require('./codec');

const LOG_LIMIT = 2000;
const DELIVERY_TIMEOUT_MS = 10000;

function isLoopbackUrl(raw) {
	let u;
	try {
		u = new URL(raw);
	} catch {
		return false;
	}
	if (u.protocol !== 'http:') return false;
	const h = u.hostname.replace(/^\[|\]$/g, '');
	return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A small JSONLogic subset for trigger filters: var, ==, !=, ===, !==, <, >, <=, >=, and, or, !, in. */
function jsonLogic(rule, data) {
	if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return rule;
	const [op] = Object.keys(rule);
	let args = rule[op];
	if (!Array.isArray(args)) args = [args];
	const v = (i) => jsonLogic(args[i], data);
	switch (op) {
		case 'var': {
			const path = String(v(0) ?? '');
			let cur = data;
			for (const k of path.split('.').filter(Boolean))
				cur = cur === null || cur === undefined ? undefined : cur[k];
			return cur === undefined ? (args[1] !== undefined ? v(1) : null) : cur;
		}
		case '==':
			return v(0) == v(1);
		case '===':
			return v(0) === v(1);
		case '!=':
			return v(0) != v(1);
		case '!==':
			return v(0) !== v(1);
		case '<':
			return v(0) < v(1);
		case '>':
			return v(0) > v(1);
		case '<=':
			return v(0) <= v(1);
		case '>=':
			return v(0) >= v(1);
		case 'and':
			return args.every((_, i) => Boolean(v(i)));
		case 'or':
			return args.some((_, i) => Boolean(v(i)));
		case '!':
			return !v(0);
		case '!!':
			return Boolean(v(0));
		case 'in': {
			const hay = v(1);
			return Array.isArray(hay) || typeof hay === 'string' ? hay.includes(v(0)) : false;
		}
		default:
			throw new Error(`Unsupported filter operator ${op}`);
	}
}

function createNotifier(ctx) {
	const log = [];
	const pending = new Set();
	let seq = 0;

	function envelope(type, fields = {}, { source = 'api' } = {}) {
		const now = ctx.clock.now();
		return {
			notification_type: type,
			timestamp: isoSeconds(now),
			request_id: crypto.randomBytes(16).toString('hex'),
			...fields,
			notification_context: {
				triggered_at: new Date(now).toISOString(),
				triggered_by: { source, id: ctx.apiKey },
			},
			signature_key: ctx.apiKey,
		};
	}

	function post(url, body, headers) {
		return new Promise((resolve) => {
			const req = http.request(
				url,
				{
					method: 'POST',
					headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
					timeout: DELIVERY_TIMEOUT_MS,
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode,
							responseBody: Buffer.concat(chunks).toString('utf8').slice(0, 2000),
						}),
					);
					res.on('error', (e) => resolve({ status: res.statusCode, error: e.message }));
				},
			);
			req.on('timeout', () => req.destroy(new Error(`timed out after ${DELIVERY_TIMEOUT_MS} ms`)));
			req.on('error', (e) => resolve({ status: null, error: e.message }));
			req.end(body);
		});
	}

	/** Sends one notification now and resolves with its log record. */
	async function deliver(
		url,
		payload,
		{ eventType, timestamp, algorithm, secretOverride, triggerId } = {},
	) {
		const ts = timestamp ?? ctx.clock.nowSeconds();
		const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
		const algo = algorithm ?? ctx.settings.signatureAlgorithm ?? 'sha1';
		const signature = notificationSignature(body, ts, secretOverride ?? ctx.apiSecret, algo);
		const headers = {
			'Content-Type': 'application/json',
			'User-Agent': 'Cloudinary',
			'X-Cld-Timestamp': String(ts),
			'X-Cld-Signature': signature,
		};
		const record = {
			id: ++seq,
			url,
			eventType: eventType ?? (typeof payload === 'object' ? payload.notification_type : undefined),
			triggerId,
			timestamp: ts,
			algorithm: algo,
			signature,
			headers,
			body,
			sentAt: new Date(ctx.clock.now()).toISOString(),
			status: null,
		};
		if (!isLoopbackUrl(url)) {
			record.error =
				'not delivered: the sandbox only delivers notifications to http loopback addresses (127.0.0.1, localhost, ::1)';
		} else {
			Object.assign(record, await post(url, body, headers));
		}
		log.push(record);
		if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
		return record;
	}

	function matchingTriggers(eventType, payload) {
		const out = [];
		for (const t of ctx.store.state.triggers.values()) {
			if (t.event_type !== eventType && t.event_type !== 'all') continue;
			if (t.filter) {
				try {
					if (!jsonLogic(t.filter, payload)) continue;
				} catch {
					continue;
				}
			}
			out.push(t);
		}
		return out;
	}

	function track(promise) {
		pending.add(promise);
		promise.finally(() => pending.delete(promise));
		return promise;
	}

	/** Queues a notification to notification_url (if any) and to every matching trigger. Never blocks. */
	function dispatch(eventType, payload, { notificationUrl } = {}) {
		const targets = [];
		if (notificationUrl) targets.push({ url: notificationUrl });
		for (const t of matchingTriggers(eventType, payload))
			targets.push({ url: t.uri, triggerId: t.id });
		for (const target of targets) {
			track(
				new Promise((resolve) => setImmediate(resolve)).then(() =>
					deliver(target.url, payload, { eventType, triggerId: target.triggerId }).catch((e) => ({
						error: e.message,
					})),
				),
			);
		}
		return targets.length;
	}

	/**
	 * Test hook: send `body` (or a built envelope for `eventType`) to `url`, or to every trigger of
	 * that event type. `timestamp` lets a test send a stale one; `secretOverride` a wrong signature.
	 */
	async function emit({
		url,
		eventType = 'upload',
		body,
		timestamp,
		signatureAlgorithm,
		secretOverride,
	} = {}) {
		const payload =
			body === undefined
				? envelope(eventType, {})
				: typeof body === 'string'
					? body
					: { notification_type: eventType, ...body };
		const targets = url
			? [{ url }]
			: matchingTriggers(eventType, typeof payload === 'string' ? {} : payload).map((t) => ({
					url: t.uri,
					triggerId: t.id,
				}));
		const sent = [];
		for (const t of targets) {
			sent.push(
				await track(
					deliver(t.url, payload, {
						eventType,
						timestamp,
						algorithm: signatureAlgorithm,
						secretOverride,
						triggerId: t.triggerId,
					}),
				),
			);
		}
		return { sent };
	}

	async function idle() {
		while (pending.size) await Promise.allSettled([...pending]);
	}

	return {
		envelope,
		dispatch,
		deliver,
		emit,
		idle,
		list: () => log.map((r) => ({ ...r })),
		clear: () => {
			log.length = 0;
		},
		jsonLogic,
	};
}

module.exports = { createNotifier, isLoopbackUrl, jsonLogic };
