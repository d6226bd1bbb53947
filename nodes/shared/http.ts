import { sleep, type IAllExecuteFunctions, type IDataObject, type IHttpRequestOptions, type IN8nHttpFullResponse, type INode } from 'n8n-workflow';
import { serviceError } from './errors';

// One HTTP path for both services: credentials applied by n8n (httpRequestWithAuthentication),
// bounded retries with backoff on 420/429/5xx, timeouts and resets, honouring Retry-After and
// X-FeatureRateLimit-Reset, and only for calls that are idempotent (or made so by the caller).

export interface RetryPolicy {
	/** Attempts in all, including the first. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** The longest a rate-limit reset may be waited for; further away, the call fails and says when to retry. */
	maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRateLimitWaitMs: 60000 };

export const RETRYABLE_STATUSES = new Set([408, 420, 423, 429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export type HttpResponse = IN8nHttpFullResponse & { body: unknown; headers: Record<string, string | string[] | undefined> };

export interface RequestContext {
	service: string;
	credentialType: string;
	itemIndex?: number;
	/** Safe to repeat: reads, and writes the caller made idempotent. Non-idempotent calls are tried once. */
	idempotent: boolean;
	policy?: Partial<RetryPolicy>;
}

/** One header of a response or request, whatever its case and whether it came as a list. */
export function readHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === null ? undefined : String(first);
}

/**
 * How long the service asked us to wait, in ms: Retry-After (seconds or a date) on any status, and
 * on a rate-limit answer (420/429) the quota's reset date. Cloudinary sends its reset header on every
 * Admin response, so it must not stretch the backoff of an ordinary 5xx.
 */
export function requestedWaitMs(headers: HttpResponse['headers'], rateLimited = true, now = Date.now()): number | undefined {
	const retryAfter = readHeader(headers, 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const at = Date.parse(retryAfter);
		if (!Number.isNaN(at)) return Math.max(0, at - now);
	}
	const reset = readHeader(headers, 'x-featureratelimit-reset');
	if (rateLimited && reset !== undefined) {
		const at = Number.isFinite(Number(reset)) ? Number(reset) * 1000 : Date.parse(reset);
		if (!Number.isNaN(at)) return Math.max(0, at - now);
	}
	return undefined;
}

/** The kind of error a final non-2xx status makes: "try again later" or a refusal. */
export function statusKind(status: number): 'transient' | 'rejected' {
	return RETRYABLE_STATUSES.has(status) ? 'transient' : 'rejected';
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

function networkCode(error: unknown): string | undefined {
	const e = error as { code?: string; cause?: { code?: string }; message?: string };
	return e?.code ?? e?.cause?.code ?? (/socket hang up/i.test(e?.message ?? '') ? 'ECONNRESET' : undefined);
}

/**
 * Sends one request with the node's credential and returns the full response for any HTTP status
 * (the caller maps non-2xx statuses to its service's errors). Retries what is safe to retry.
 */
export async function sendRequest(this: IAllExecuteFunctions, options: IHttpRequestOptions, ctx: RequestContext): Promise<HttpResponse> {
	const policy = { ...DEFAULT_RETRY_POLICY, ...(ctx.policy ?? {}) };
	const node: INode = this.getNode();
	const attempts = ctx.idempotent ? policy.maxAttempts : 1;
	for (let attempt = 1; ; attempt++) {
		let response: HttpResponse | undefined;
		let failure: unknown;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, ctx.credentialType, {
				...options,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as HttpResponse;
		} catch (error) {
			failure = error;
		}

		if (response && !RETRYABLE_STATUSES.has(response.statusCode)) return response;

		const code = failure ? networkCode(failure) : undefined;
		if (failure && (!code || !RETRYABLE_NETWORK_CODES.has(code))) {
			const message = (failure as Error)?.message ?? String(failure);
			throw serviceError(node, ctx.service, { kind: 'requestFailed', message: `request failed: ${message}`, itemIndex: ctx.itemIndex });
		}
		const isRateLimit = response !== undefined && (response.statusCode === 420 || response.statusCode === 429);
		const waitHint = response ? requestedWaitMs(response.headers, isRateLimit) : undefined;
		const exhausted = attempt >= attempts;
		const tooFar = isRateLimit && waitHint !== undefined && waitHint > policy.maxRateLimitWaitMs;
		if (exhausted || tooFar) {
			if (response) return response; // the caller turns the final status into its own error, with the retry hint
			throw serviceError(node, ctx.service, {
				kind: 'unreachable',
				message: `could not be reached after ${attempt} attempt${attempt > 1 ? 's' : ''} (${code})`,
				description: ctx.idempotent ? 'The request is safe to repeat: run the node again.' : 'This request changes data and was not repeated automatically, to avoid doing it twice.',
				itemIndex: ctx.itemIndex,
			});
		}
		const delay = waitHint !== undefined ? Math.min(waitHint + 250, policy.maxRateLimitWaitMs) : backoffMs(attempt, policy);
		await sleep(delay);
	}
}

/** The response body as an object, whatever the content type said. */
export function jsonBody(response: HttpResponse): IDataObject {
	const body = response.body;
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) return body as IDataObject;
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
	try {
		const parsed = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? parsed : { value: parsed };
	} catch {
		return { rawBody: text.slice(0, 500) };
	}
}
