'use strict';
// Admin API hourly quota (docs/api-facts.md, "Errors and rate limits"): clock-hour windows on the sandbox clock, the
// three X-FeatureRateLimit-* headers on every Admin response, 420 (or 429) when exhausted. Upload API
// routes never pass through here.
const HOUR = 3600000;
const DEFAULT_LIMIT = 500;

function pad(n) {
	return String(n).padStart(2, '0');
}

function createRateLimiter(clock) {
	let limit = DEFAULT_LIMIT;
	let status = 420;
	let windowStart = null;
	let used = 0;

	function roll() {
		const start = Math.floor(clock.now() / HOUR) * HOUR;
		if (start !== windowStart) {
			windowStart = start;
			used = 0;
		}
	}

	function headers() {
		return {
			'X-FeatureRateLimit-Limit': String(limit),
			'X-FeatureRateLimit-Remaining': String(Math.max(0, limit - used)),
			'X-FeatureRateLimit-Reset': new Date(windowStart + HOUR).toUTCString(),
		};
	}

	/** Counts one Admin call. Returns { allowed, status, message, headers }. */
	function take() {
		roll();
		if (used >= limit) {
			const r = new Date(windowStart + HOUR);
			const when =
				`${r.getUTCFullYear()}-${pad(r.getUTCMonth() + 1)}-${pad(r.getUTCDate())} ` +
				`${pad(r.getUTCHours())}:00:00`;
			return {
				allowed: false,
				status,
				message: `Rate Limit Exceeded. Limit of ${limit} api operations reached. Try again on ${when} UTC`,
				headers: headers(),
			};
		}
		used += 1;
		return { allowed: true, headers: headers() };
	}

	/** Control API: { limit?, status?: 420|429, remaining?, reset? }. */
	function configure(opts = {}) {
		roll();
		if (opts.reset) {
			limit = DEFAULT_LIMIT;
			status = 420;
			used = 0;
		}
		if (opts.limit !== undefined) {
			const n = Number(opts.limit);
			if (!Number.isInteger(n) || n < 0)
				throw Object.assign(new Error('limit must be a non-negative integer'), { status: 400 });
			limit = n;
		}
		if (opts.status !== undefined) {
			const s = Number(opts.status);
			if (s !== 420 && s !== 429)
				throw Object.assign(new Error('status must be 420 or 429'), { status: 400 });
			status = s;
		}
		if (opts.remaining !== undefined) used = Math.max(0, limit - Number(opts.remaining));
		if (opts.used !== undefined) used = Number(opts.used);
		return describe();
	}

	function describe() {
		roll();
		return {
			limit,
			status,
			used,
			remaining: Math.max(0, limit - used),
			resetAt: new Date(windowStart + HOUR).toISOString(),
		};
	}

	function reset() {
		limit = DEFAULT_LIMIT;
		status = 420;
		windowStart = null;
		used = 0;
	}

	return { take, configure, describe, reset, headers: () => (roll(), headers()) };
}

module.exports = { createRateLimiter, DEFAULT_LIMIT };
