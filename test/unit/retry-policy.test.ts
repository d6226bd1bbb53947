import { backoffMs, DEFAULT_RETRY_POLICY, requestedWaitMs, RETRYABLE_STATUSES } from '../../nodes/shared/http';

describe('retry policy', () => {
	const now = Date.parse('2026-11-26T21:30:00Z');

	it('reads Retry-After as seconds or as a date', () => {
		expect(requestedWaitMs({ 'retry-after': '7' }, false, now)).toBe(7000);
		expect(requestedWaitMs({ 'retry-after': 'Thu, 26 Nov 2026 21:30:30 GMT' }, false, now)).toBe(30000);
	});

	it('uses Cloudinary\'s X-FeatureRateLimit-Reset only on a rate-limit answer', () => {
		const headers = { 'x-featureratelimit-reset': 'Thu, 26 Nov 2026 22:00:00 GMT' };
		expect(requestedWaitMs(headers, true, now)).toBe(30 * 60 * 1000);
		expect(requestedWaitMs(headers, false, now)).toBeUndefined();
	});

	it('backs off exponentially up to a cap', () => {
		const waits = [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, DEFAULT_RETRY_POLICY));
		expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
	});

	it('retries rate limits, timeouts and server errors, not client errors', () => {
		for (const status of [420, 429, 500, 502, 503, 504]) expect(RETRYABLE_STATUSES.has(status)).toBe(true);
		for (const status of [400, 401, 403, 404, 409, 422]) expect(RETRYABLE_STATUSES.has(status)).toBe(false);
	});
});
