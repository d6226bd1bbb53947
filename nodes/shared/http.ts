import {
	type IAllExecuteFunctions,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';
import { cancelSignal, pacerOf, pause } from './concurrency';
import { serviceError } from './errors';

// One HTTP path for both services: credentials applied by n8n (httpRequestWithAuthentication),
// bounded retries with backoff on 420/429/5xx, timeouts and resets, honouring Retry-After and the
// rate-limit reset headers, only for calls that are idempotent (or made so by the caller), within a
// deadline per item and never after the execution was cancelled. Redirects are followed here, not
// by n8n's helper, and only on the credential's own origin: the helper would re-send the credential
// to whatever host a redirect names. See docs/network.md.

export interface RetryPolicy {
	/** Attempts in all, including the first. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** The longest a rate-limit reset may be waited for; further away, the call fails and says when to retry. */
	maxRateLimitWaitMs: number;
	/** No retry of an item's requests starts later than this after the item's first retried failure. */
	itemRetryDeadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 8000,
	maxRateLimitWaitMs: 60000,
	itemRetryDeadlineMs: 120000,
};

/** Redirects followed on the credential's own origin, per request. */
export const MAX_REDIRECTS = 5;

export const RETRYABLE_STATUSES = new Set([408, 420, 423, 429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ECONNREFUSED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type HttpResponse = IN8nHttpFullResponse & {
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
};

export interface RequestContext {
	service: string;
	credentialType: string;
	itemIndex?: number;
	/** Safe to repeat: reads, and writes the caller made idempotent. Non-idempotent calls are tried once. */
	idempotent: boolean;
	policy?: Partial<RetryPolicy>;
}

/** One header of a response or request, whatever its case and whether it came as a list. */
export function readHeader(
	headers: Record<string, unknown> | undefined,
	name: string,
): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === null ? undefined : String(first);
}

/** The Content-Length of an answer that was not compressed (a compressed one's counts other bytes). */
export function plainLength(headers: Record<string, unknown> | undefined): string | undefined {
	const encoding = readHeader(headers, 'content-encoding');
	return encoding && encoding !== 'identity' ? undefined : readHeader(headers, 'content-length');
}

/**
 * When a reset or retry header says to come back, as epoch ms, in any format a service or proxy
 * uses: an HTTP date, epoch milliseconds, epoch seconds, or seconds from now (a number below
 * 1,000,000,000 cannot be an epoch in seconds, so it is a delta). Undefined when unreadable.
 */
export function resetTimeMs(value: string | undefined, now = Date.now()): number | undefined {
	const text = value?.trim();
	if (!text) return undefined;
	let at: number;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const n = Number(text);
		at = n >= 1e12 ? n : n >= 1e9 ? n * 1000 : now + n * 1000;
	} else if (ISO_DATE.test(text) || HTTP_DATE.test(text)) {
		at = Date.parse(text);
	} else {
		return undefined; // Date.parse alone would read "-5" or "May 1" as some date
	}
	return Number.isFinite(at) && Math.abs(at) <= MAX_DATE_MS ? at : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** IMF-fixdate, RFC 850 and asctime forms: a weekday or month name, a time and a four-digit year (RFC 9110 §5.6.7). */
const HTTP_DATE =
	/^[A-Za-z]{3}.*\b\d{1,2}:\d{2}:\d{2}\b.*\b\d{4}\b|^[A-Za-z]{3}.*\b\d{4}\b.*\d{1,2}:\d{2}:\d{2}/;

/** The largest time a JavaScript Date can hold: beyond it, toISOString() throws. */
const MAX_DATE_MS = 8.64e15;

const RATE_LIMIT_RESET_HEADERS = [
	'x-featureratelimit-reset',
	'x-ratelimit-reset',
	'ratelimit-reset',
];

/**
 * How long the service asked us to wait, in ms: Retry-After on any status, and on a rate-limit
 * answer (420/429) the quota's reset time. Cloudinary sends its reset header on every Admin
 * response, so it must not stretch the backoff of an ordinary 5xx.
 */
export function requestedWaitMs(
	headers: HttpResponse['headers'],
	rateLimited = true,
	now = Date.now(),
): number | undefined {
	const retryAt = resetTimeMs(readHeader(headers, 'retry-after'), now);
	if (retryAt !== undefined) return Math.max(0, retryAt - now);
	if (!rateLimited) return undefined;
	for (const name of RATE_LIMIT_RESET_HEADERS) {
		const at = resetTimeMs(readHeader(headers, name), now);
		if (at !== undefined) return Math.max(0, at - now);
	}
	return undefined;
}

/** The kind of error a final non-2xx status makes: "try again later" or a refusal. */
export function statusKind(status: number): 'transient' | 'rejected' {
	return RETRYABLE_STATUSES.has(status) ? 'transient' : 'rejected';
}

/** Reasons of the statuses the services answer with; 420 is Cloudinary's rate limit (docs/api-facts.md). */
const STATUS_REASONS: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	408: 'Request Timeout',
	409: 'Conflict',
	410: 'Gone',
	413: 'Payload Too Large',
	415: 'Unsupported Media Type',
	420: 'Rate Limited',
	422: 'Unprocessable Entity',
	423: 'Locked',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

/**
 * A status in words for an error message, e.g. "HTTP 503 Service Unavailable": the number (which the
 * templates' reports read to tell an outage from a refusal, scripts/template-report.js) and its
 * standard reason when it has one.
 */
export function statusInWords(status: number): string {
	const reason = STATUS_REASONS[status];
	return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
	return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

function networkCode(error: unknown): string | undefined {
	const e = error as { code?: string; cause?: { code?: string }; message?: string };
	return (
		e?.code ??
		e?.cause?.code ??
		(/socket hang up/i.test(e?.message ?? '') ? 'ECONNRESET' : undefined)
	);
}

/** Per execution context and item: when the item's first retry was scheduled (its deadline runs from there). */
const retryClocks = new WeakMap<object, Map<number, number>>();

function retryStartedAt(context: object, itemIndex: number | undefined, now: number): number {
	let clocks = retryClocks.get(context);
	if (!clocks) retryClocks.set(context, (clocks = new Map()));
	const key = itemIndex ?? -1;
	if (!clocks.has(key)) clocks.set(key, now);
	return clocks.get(key)!;
}

function discard(body: unknown): void {
	const stream = body as { destroy?: () => void } | null;
	if (stream && typeof stream === 'object' && typeof stream.destroy === 'function')
		stream.destroy();
}

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

type Refusal = { message: string; httpCode: number; description?: string };

/**
 * One attempt: the request with the credential, redirects followed only on the request's own
 * origin. A redirect elsewhere is refused (never followed, with or without the credential).
 */
async function sendOnce(
	this: IAllExecuteFunctions,
	options: IHttpRequestOptions,
	ctx: RequestContext,
	signal: AbortSignal | undefined,
): Promise<HttpResponse | Refusal> {
	const origin = originOf(options.url);
	let current = options;
	for (let hop = 0; ; hop++) {
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			ctx.credentialType,
			{
				...current,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				...(signal ? { abortSignal: signal } : {}),
			},
		)) as HttpResponse;
		const status = response.statusCode;
		const location = readHeader(response.headers, 'location');
		if (!REDIRECT_STATUSES.has(status) || !location) return response;
		discard(response.body);
		let next: URL;
		try {
			next = new URL(location, current.url);
		} catch {
			return {
				message: `answered HTTP ${status} with an unreadable redirect location`,
				httpCode: status,
			};
		}
		if (next.origin !== origin) {
			return {
				message:
					`answered HTTP ${status} with a redirect to another host (${next.origin}); ` +
					'it was not followed, so the credential was not sent there',
				description:
					'Check the base URL in the credential: it must be the address the service answers at itself.',
				httpCode: status,
			};
		}
		const keepsMethod =
			status === 307 || status === 308 || /^(GET|HEAD)$/i.test(current.method ?? 'GET');
		if (!keepsMethod)
			return {
				message: `answered HTTP ${status} (a redirect) to a ${current.method} request, which is not repeated elsewhere`,
				httpCode: status,
			};
		if (hop >= MAX_REDIRECTS)
			return { message: `redirected more than ${MAX_REDIRECTS} times`, httpCode: status };
		current = { ...current, url: next.href, qs: undefined };
	}
}

/**
 * Sends one request with the node's credential and returns the full response for any HTTP status
 * (the caller maps non-2xx statuses to its service's errors). Retries what is safe to retry.
 */
export async function sendRequest(
	this: IAllExecuteFunctions,
	options: IHttpRequestOptions,
	ctx: RequestContext,
): Promise<HttpResponse> {
	const policy = { ...DEFAULT_RETRY_POLICY, ...(ctx.policy ?? {}) };
	const node: INode = this.getNode();
	const attempts = ctx.idempotent ? policy.maxAttempts : 1;
	const signal = cancelSignal(this);
	const cancelled = () =>
		serviceError(node, ctx.service, {
			kind: 'cancelled',
			message: 'the execution was cancelled; the request was not sent again',
			itemIndex: ctx.itemIndex,
		});
	// A 420/429 holds back every request of the execution to this service, not only this one.
	const pacer = pacerOf(this, ctx.service);
	for (let attempt = 1; ; attempt++) {
		await pacer.wait(signal);
		if (signal?.aborted) throw cancelled();
		let response: HttpResponse | undefined;
		let failure: unknown;
		let refusal: Refusal | undefined;
		try {
			const outcome = await sendOnce.call(this, options, ctx, signal);
			if ('statusCode' in outcome) response = outcome;
			else refusal = outcome;
		} catch (error) {
			if (signal?.aborted) throw cancelled();
			failure = error;
		}
		if (refusal)
			throw serviceError(node, ctx.service, {
				kind: 'rejected',
				...refusal,
				itemIndex: ctx.itemIndex,
			});

		if (response && !RETRYABLE_STATUSES.has(response.statusCode)) return response;

		const code = failure ? networkCode(failure) : undefined;
		if (failure && (!code || !RETRYABLE_NETWORK_CODES.has(code))) {
			const message = (failure as Error)?.message ?? String(failure);
			throw serviceError(node, ctx.service, {
				kind: 'requestFailed',
				message: `request failed: ${message}`,
				itemIndex: ctx.itemIndex,
			});
		}
		const isRateLimit =
			response !== undefined && (response.statusCode === 420 || response.statusCode === 429);
		const waitHint = response ? requestedWaitMs(response.headers, isRateLimit) : undefined;
		const delay =
			waitHint !== undefined
				? Math.min(waitHint + 250, policy.maxRateLimitWaitMs)
				: backoffMs(attempt, policy);
		const now = Date.now();
		const pastDeadline =
			attempt < attempts &&
			now + delay > retryStartedAt(this, ctx.itemIndex, now) + policy.itemRetryDeadlineMs;
		const exhausted = attempt >= attempts || pastDeadline;
		const tooFar = isRateLimit && waitHint !== undefined && waitHint > policy.maxRateLimitWaitMs;
		// also when this call is not repeated (a change sent once): the others still must wait
		if (isRateLimit && !tooFar) pacer.holdFor(delay);
		if (exhausted || tooFar) {
			const seconds = Math.round(policy.itemRetryDeadlineMs / 1000);
			const deadlineNote = pastDeadline ? ` (the item's ${seconds} s retry deadline)` : '';
			if (response) return response; // the caller turns the final status into its own error, with the retry hint
			throw serviceError(node, ctx.service, {
				kind: 'unreachable',
				message: `could not be reached after ${attempt} attempt${attempt > 1 ? 's' : ''}${deadlineNote} (${code})`,
				description: ctx.idempotent
					? 'The request is safe to repeat: run the node again.'
					: 'This request changes data and was not repeated automatically, to avoid doing it twice.',
				itemIndex: ctx.itemIndex,
			});
		}
		await pause(delay, signal);
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

/** What a body that is not JSON is, in words: an empty answer, an HTML page (its title), or the text cut short. */
export function describeRawBody(text: string): string {
	if (text.trim() === '') return 'an empty answer';
	if (/^\s*</.test(text)) {
		const title = /<title[^>]*>([^<]{0,120})/i.exec(text)?.[1]?.trim();
		return `an HTML page${title ? ` ("${title}")` : ''}, not JSON (e.g. from a proxy in front of the service)`;
	}
	return `an answer that is not valid JSON (it may have been cut off): ${JSON.stringify(text.slice(0, 80))}`;
}

/**
 * The JSON object of a successful (2xx) answer. An empty answer, an HTML page or JSON cut off half
 * way is an error, never read as an empty result; for a change, the error says it may have been made.
 */
export function successBody(
	node: INode,
	service: string,
	response: HttpResponse,
	context: { itemIndex?: number; idempotent: boolean },
): IDataObject {
	const body = jsonBody(response);
	if (!('rawBody' in body) || Object.keys(body).length !== 1) return body;
	throw serviceError(node, service, {
		kind: 'invalidAnswer',
		message: `sent ${describeRawBody(String(body.rawBody))} (HTTP ${response.statusCode})`,
		description: context.idempotent
			? 'Nothing was changed; run the node again.'
			: 'The change may or may not have been made: check before running the node again.',
		httpCode: response.statusCode,
		itemIndex: context.itemIndex,
	});
}
