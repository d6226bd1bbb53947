import { rateLimitOf } from '../../nodes/Cloudinary/transport';
import {
	backoffMs,
	DEFAULT_RETRY_POLICY,
	requestedWaitMs,
	resetTimeMs,
	RETRYABLE_STATUSES,
	sendRequest,
} from '../../nodes/shared/http';

describe('retry policy', () => {
	const now = Date.parse('2026-11-26T21:30:00Z');

	it('reads Retry-After as seconds or as a date', () => {
		expect(requestedWaitMs({ 'retry-after': '7' }, false, now)).toBe(7000);
		expect(requestedWaitMs({ 'retry-after': 'Thu, 26 Nov 2026 21:30:30 GMT' }, false, now)).toBe(
			30000,
		);
	});

	it("uses Cloudinary's X-FeatureRateLimit-Reset only on a rate-limit answer", () => {
		const headers = { 'x-featureratelimit-reset': 'Thu, 26 Nov 2026 22:00:00 GMT' };
		expect(requestedWaitMs(headers, true, now)).toBe(30 * 60 * 1000);
		expect(requestedWaitMs(headers, false, now)).toBeUndefined();
	});

	it('backs off exponentially up to a cap', () => {
		const waits = [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, DEFAULT_RETRY_POLICY));
		expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
	});

	it('retries rate limits, timeouts and server errors, not client errors', () => {
		for (const status of [420, 429, 500, 502, 503, 504])
			expect(RETRYABLE_STATUSES.has(status)).toBe(true);
		for (const status of [400, 401, 403, 404, 409, 422])
			expect(RETRYABLE_STATUSES.has(status)).toBe(false);
	});
});

describe('rate-limit reset headers in every format', () => {
	const now = Date.parse('2026-11-26T21:30:00Z');
	const at = (value: string) => resetTimeMs(value, now);

	it('reads an HTTP date, epoch seconds, epoch milliseconds and seconds from now', () => {
		expect(at('Thu, 26 Nov 2026 22:00:00 GMT')).toBe(Date.parse('2026-11-26T22:00:00Z'));
		expect(at(String(Date.parse('2026-11-26T22:00:00Z') / 1000))).toBe(
			Date.parse('2026-11-26T22:00:00Z'),
		);
		expect(at(String(Date.parse('2026-11-26T22:00:00Z')))).toBe(Date.parse('2026-11-26T22:00:00Z'));
		expect(at('90')).toBe(now + 90000);
		expect(at('1.5')).toBe(now + 1500);
		expect(at('2026-11-26T21:31:00Z')).toBe(now + 60000);
	});

	it('never throws on garbage, and gives no time it cannot represent', () => {
		for (const value of [
			'',
			'  ',
			'soon',
			'-5',
			'NaN',
			'Infinity',
			'1e400',
			'9'.repeat(40),
			'Thu, 99 Nov 2026 99:99:99 GMT',
		]) {
			expect(() => at(value)).not.toThrow();
			expect(at(value)).toBeUndefined();
		}
		expect(at(undefined as unknown as string)).toBeUndefined();
	});

	it('waits on X-FeatureRateLimit-Reset, X-RateLimit-Reset or RateLimit-Reset after a 420/429, in any format', () => {
		expect(
			requestedWaitMs({ 'x-featureratelimit-reset': String(now / 1000 + 30) }, true, now),
		).toBe(30000);
		expect(requestedWaitMs({ 'x-ratelimit-reset': '12' }, true, now)).toBe(12000);
		expect(requestedWaitMs({ 'ratelimit-reset': '5' }, true, now)).toBe(5000);
		expect(requestedWaitMs({ 'x-featureratelimit-reset': 'garbage' }, true, now)).toBeUndefined();
		expect(requestedWaitMs({ 'retry-after': String(now / 1000 + 8) }, false, now)).toBe(8000);
	});

	it("Cloudinary's rate-limit summary reads every reset format without throwing", () => {
		const response = (reset: string) => ({
			statusCode: 420,
			body: {},
			headers: {
				'x-featureratelimit-limit': '500',
				'x-featureratelimit-remaining': '0',
				'x-featureratelimit-reset': reset,
			},
		});
		expect(rateLimitOf(response('Thu, 26 Nov 2026 22:00:00 GMT'))?.resetAt).toBe(
			'2026-11-26T22:00:00.000Z',
		);
		expect(rateLimitOf(response('1795645200'))?.resetAt).toBe(
			new Date(1795645200000).toISOString(),
		);
		expect(rateLimitOf(response('not a date'))?.resetAt).toBeUndefined();
		expect(rateLimitOf(response('9'.repeat(30)))?.resetAt).toBeUndefined();
	});
});

describe('the retry deadline per item and the cancel signal', () => {
	type Answer = { statusCode: number; headers: Record<string, string>; body: unknown };
	function context(answer: () => Answer, signal?: AbortSignal) {
		const calls: unknown[] = [];
		const ctx = {
			getNode: () => ({
				name: 'Test',
				type: 'test',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			}),
			getExecutionCancelSignal: () => signal,
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: unknown) => {
					calls.push(options);
					return answer();
				},
			},
		};
		return { ctx, calls };
	}
	const unavailable = (): Answer => ({ statusCode: 503, headers: {}, body: {} });

	it('stops retrying an item once the next wait would pass its deadline, however many attempts are left', async () => {
		const { ctx, calls } = context(unavailable);
		const started = Date.now();
		const policy = { maxAttempts: 100, baseDelayMs: 40, maxDelayMs: 40, itemRetryDeadlineMs: 300 };
		const response = await sendRequest.call(
			ctx as never,
			{ url: 'https://api.example/x' },
			{ service: 'Test', credentialType: 't', itemIndex: 0, idempotent: true, policy },
		);
		expect(response.statusCode).toBe(503);
		expect(calls.length).toBeGreaterThan(2);
		expect(calls.length).toBeLessThan(12);
		expect(Date.now() - started).toBeLessThan(300 + 40 + 1000);
		// The deadline is the item's: a further request for the same item gets no retries left.
		const again = context(unavailable);
		const shared = { ...again.ctx, helpers: again.ctx.helpers };
		await sendRequest.call(
			shared as never,
			{ url: 'https://api.example/x' },
			{ service: 'Test', credentialType: 't', itemIndex: 0, idempotent: true, policy },
		);
		const before = again.calls.length;
		await new Promise((resolve) => setTimeout(resolve, 350));
		await sendRequest.call(
			shared as never,
			{ url: 'https://api.example/x' },
			{ service: 'Test', credentialType: 't', itemIndex: 0, idempotent: true, policy },
		);
		expect(again.calls.length - before).toBe(1);
		// Another item has its own deadline.
		const other = again.calls.length;
		await sendRequest.call(
			shared as never,
			{ url: 'https://api.example/x' },
			{ service: 'Test', credentialType: 't', itemIndex: 1, idempotent: true, policy },
		);
		expect(again.calls.length - other).toBeGreaterThan(2);
	});

	it('a cancelled execution sends nothing more', async () => {
		const controller = new AbortController();
		const { ctx, calls } = context(unavailable, controller.signal);
		const pending = sendRequest.call(
			ctx as never,
			{ url: 'https://api.example/x' },
			{
				service: 'Test',
				credentialType: 't',
				itemIndex: 0,
				idempotent: true,
				policy: { baseDelayMs: 60000, maxDelayMs: 60000 },
			},
		);
		await new Promise((resolve) => setTimeout(resolve, 50));
		controller.abort();
		await expect(pending).rejects.toThrow(/the execution was cancelled/);
		expect(calls).toHaveLength(1);
	});
});
