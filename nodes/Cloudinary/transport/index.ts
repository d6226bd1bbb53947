import type {
	IAllExecuteFunctions,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { credentialBaseUrl } from '../../shared/baseUrl';
import { cancelSignal, quotaOf, QuotaExhausted, type QuotaReport } from '../../shared/concurrency';
import { redact, serviceError } from '../../shared/errors';
import {
	DEFAULT_RETRY_POLICY,
	describeRawBody,
	jsonBody,
	plainLength,
	readHeader,
	resetTimeMs,
	sendRequest,
	statusInWords,
	statusKind,
	successBody,
	type HttpResponse,
} from '../../shared/http';

// The one Cloudinary client for the Admin and Upload APIs: n8n applies the credential (HTTP Basic
// with key and secret), sendRequest retries what is safe, and Cloudinary's `{"error":{"message"}}`
// envelope becomes a node error with the service's message, the rate-limit reset when relevant,
// and never the key or secret.

export const CREDENTIAL_TYPE = 'cloudinaryPublishingApi';
const SERVICE = 'Cloudinary';

export interface CloudinaryCredentials {
	cloudName: string;
	apiKey: string;
	apiSecret: string;
	apiBaseUrl: string;
	deliveryBaseUrl: string;
	deliveryIncludesCloudName: boolean;
	signatureAlgorithm: 'sha1' | 'sha256';
}

export async function readCredentials(this: IAllExecuteFunctions): Promise<CloudinaryCredentials> {
	const c = await this.getCredentials(CREDENTIAL_TYPE);
	return {
		cloudName: String(c.cloudName ?? '').trim(),
		apiKey: String(c.apiKey ?? ''),
		apiSecret: String(c.apiSecret ?? ''),
		apiBaseUrl: credentialBaseUrl(
			this.getNode(),
			c.apiBaseUrl,
			'https://api.cloudinary.com',
			"The Cloudinary credential's API Base URL",
		),
		deliveryBaseUrl: credentialBaseUrl(
			this.getNode(),
			c.deliveryBaseUrl,
			'https://res.cloudinary.com',
			"The Cloudinary credential's Delivery Base URL",
		),
		deliveryIncludesCloudName: c.deliveryIncludesCloudName !== false,
		signatureAlgorithm: c.signatureAlgorithm === 'sha256' ? 'sha256' : 'sha1',
	};
}

export type FormValue = string | number | boolean | null | undefined | Array<string | number>;

export interface CloudinaryCall {
	method: IHttpRequestMethods;
	/** Path below /v1_1/<cloud>/, e.g. `resources/image/upload/covers%2F978…` (segments already encoded). */
	path: string;
	qs?: IDataObject;
	/** A JSON body (Admin API JSON endpoints). */
	body?: IDataObject;
	/**
	 * A form body (Upload API, Admin form endpoints): arrays are sent as repeated `key[]` fields, as
	 * the SDK does; blank values are left out.
	 */
	form?: Record<string, FormValue>;
	/** A body built by the caller (multipart upload chunks): sent as is, redirects not followed. */
	raw?: { body: Buffer; contentType: string };
	headers?: Record<string, string>;
	/** 'stream': the response body is handed back unread (downloads). */
	encoding?: 'stream';
	timeoutMs?: number;
	itemIndex?: number;
	idempotent?: boolean;
}

export interface RateLimit {
	limit?: number;
	remaining?: number;
	resetAt?: string;
}

export function rateLimitOf(response: HttpResponse): RateLimit | undefined {
	const limit = readHeader(response.headers, 'x-featureratelimit-limit');
	if (limit === undefined) return undefined;
	const resetAt = resetTimeMs(readHeader(response.headers, 'x-featureratelimit-reset'));
	return {
		limit: Number(limit),
		remaining: Number(readHeader(response.headers, 'x-featureratelimit-remaining')),
		resetAt: resetAt === undefined ? undefined : new Date(resetAt).toISOString(),
	};
}

function rateLimitAdvice(rateLimit: RateLimit | undefined): string {
	return rateLimit?.resetAt
		? `The Admin API allows ${rateLimit.limit ?? 'a limited number of'} calls an hour; ` +
				`the quota resets at ${rateLimit.resetAt}. Retry after that, or use bulk operations, ` +
				'which use the Upload API and are not rate-limited.'
		: 'The Admin API rate limit was reached; retry later.';
}

/**
 * Upload API paths are `<resource type>/<action>` (upload, explicit, download, tags…); every other
 * path is the Admin API, which counts against the hourly quota (docs/api-facts.md).
 */
export function isAdminPath(path: string): boolean {
	return !/^(image|video|raw|auto)\//.test(path);
}

function quotaReportOf(rateLimit: RateLimit | undefined): QuotaReport | undefined {
	if (!rateLimit || rateLimit.remaining === undefined || Number.isNaN(rateLimit.remaining))
		return undefined;
	return {
		remaining: rateLimit.remaining,
		limit: rateLimit.limit,
		resetAt: rateLimit.resetAt === undefined ? undefined : Date.parse(rateLimit.resetAt),
	};
}

/** The Admin quota the service reported is used up and resets too late to wait for: nothing is sent. */
function quotaUsedUp(node: INode, report: QuotaReport, itemIndex: number | undefined): Error {
	const resetAt = report.resetAt === undefined ? undefined : new Date(report.resetAt).toISOString();
	return serviceError(node, SERVICE, {
		kind: 'transient',
		message:
			'the Admin API rate limit is reached (Cloudinary reported 0 calls left this hour); ' +
			'the call was not sent',
		description: rateLimitAdvice({ limit: report.limit, remaining: 0, resetAt }),
		itemIndex,
	});
}

/** An error body of a streamed response, read up to 64 KB. */
export async function readSmall(stream: AsyncIterable<Buffer> | undefined): Promise<string> {
	if (
		!stream ||
		typeof (stream as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function'
	)
		return String(stream ?? '');
	const parts: Buffer[] = [];
	let size = 0;
	for await (const part of stream) {
		if (size < 65536) parts.push(part);
		size += part.length;
	}
	return Buffer.concat(parts).toString('utf8').slice(0, 65536);
}

export async function cloudinaryRequest(
	this: IAllExecuteFunctions,
	call: CloudinaryCall,
): Promise<{
	body: IDataObject;
	rateLimit?: RateLimit;
	stream?: AsyncIterable<Buffer>;
	headers?: HttpResponse['headers'];
}> {
	const credentials = await readCredentials.call(this);
	if (!credentials.cloudName) {
		throw serviceError(this.getNode(), SERVICE, {
			kind: 'local',
			message: 'the credential has no cloud name',
			itemIndex: call.itemIndex,
		});
	}
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${credentials.apiBaseUrl}/v1_1/${encodeURIComponent(credentials.cloudName)}/${call.path}`,
		qs: call.qs,
		body: call.raw ? call.raw.body : call.form ? toForm(call.form) : call.body,
		json: !call.form && !call.raw && !call.encoding,
		arrayFormat: 'brackets',
		timeout: call.timeoutMs ?? 60000,
		...(call.raw
			? {
					headers: {
						...call.headers,
						'Content-Type': call.raw.contentType,
						'Content-Length': String(call.raw.body.length),
					},
					disableFollowRedirect: true,
				}
			: call.headers
				? { headers: call.headers }
				: {}),
		...(call.encoding ? { encoding: call.encoding } : {}),
	};
	// Admin API calls count against the hourly quota: never more in flight than it has left.
	const quota = isAdminPath(call.path)
		? quotaOf(
				this,
				`cloudinary-admin:${credentials.cloudName}`,
				DEFAULT_RETRY_POLICY.maxRateLimitWaitMs,
			)
		: undefined;
	if (quota) {
		try {
			await quota.acquire(cancelSignal(this));
		} catch (error) {
			if (error instanceof QuotaExhausted)
				throw quotaUsedUp(this.getNode(), error.report, call.itemIndex);
			throw serviceError(this.getNode(), SERVICE, {
				kind: 'cancelled',
				message: 'the execution was cancelled; the request was not sent',
				itemIndex: call.itemIndex,
			});
		}
	}
	let response: HttpResponse;
	let quotaReport: QuotaReport | undefined;
	try {
		response = await sendRequest.call(this, options, {
			service: SERVICE,
			credentialType: CREDENTIAL_TYPE,
			itemIndex: call.itemIndex,
			idempotent: call.idempotent ?? call.method === 'GET',
		});
		quotaReport = quotaReportOf(rateLimitOf(response));
	} finally {
		quota?.release(quotaReport);
	}
	if (call.encoding === 'stream') {
		if (response.statusCode >= 200 && response.statusCode < 300)
			return {
				body: {},
				stream: response.body as AsyncIterable<Buffer>,
				headers: response.headers,
			};
		response.body = await readSmall(response.body as AsyncIterable<Buffer>);
	}
	const idempotent = call.idempotent ?? call.method === 'GET';
	const rateLimit = rateLimitOf(response);
	if (response.statusCode >= 200 && response.statusCode < 300)
		return {
			body: successBody(this.getNode(), SERVICE, response, {
				itemIndex: call.itemIndex,
				idempotent,
			}),
			rateLimit,
		};
	const body = jsonBody(response);

	// the secret, the key, and both as a proxy may echo the Basic auth header
	const secrets = [
		credentials.apiSecret,
		Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64'),
		credentials.apiKey,
	];
	const status = response.statusCode;
	const own = (body.error as IDataObject | undefined)?.message;
	const serviceMessage = own === undefined ? undefined : redact(String(own), secrets);
	// The status always leads: Cloudinary's own words for a 5xx ("General Error") do not say it was one.
	const answered = `answered ${statusInWords(status)}`;
	const message =
		serviceMessage !== undefined
			? `${answered}: ${serviceMessage}`
			: body.rawBody !== undefined
				? `${answered} with ${redact(describeRawBody(String(body.rawBody)), secrets)}`
				: answered;
	let description: string | undefined;
	if (status === 401 || status === 403)
		description = 'Check the cloud name, API key and API secret in the Cloudinary credential.';
	if (status === 420 || status === 429) description = rateLimitAdvice(rateLimit);
	throw serviceError(this.getNode(), SERVICE, {
		kind: statusKind(status),
		message,
		httpCode: status,
		description,
		itemIndex: call.itemIndex,
		serviceMessages: serviceMessage === undefined ? [] : [serviceMessage],
	});
}

export function toForm(fields: Record<string, FormValue>): URLSearchParams {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value === null || value === undefined || value === '') continue;
		if (Array.isArray(value)) for (const v of value) form.append(`${key}[]`, String(v));
		else form.append(key, typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value));
	}
	return form;
}

/**
 * An Upload API call (`/<resource_type>/<action>`): form body, authenticated with the credential's
 * HTTP Basic auth, which Cloudinary recommends for server-side calls. The Upload API is not
 * rate-limited, which is why bulk tag/context/metadata changes go through it.
 */
export async function cloudinaryUploadApi(
	this: IAllExecuteFunctions,
	resourceType: string,
	action: string,
	form: Record<string, FormValue>,
	options: { itemIndex?: number; idempotent: boolean },
): Promise<{ body: IDataObject }> {
	return cloudinaryRequest.call(this, {
		method: 'POST',
		path: `${encodeURIComponent(resourceType)}/${action}`,
		form,
		itemIndex: options.itemIndex,
		idempotent: options.idempotent,
	});
}

/**
 * A GET of a delivery URL (Cloudinary's CDN, a private CDN or a custom domain), streamed. No
 * credential is sent to the delivery host: the URL's signature is what grants access.
 */
export async function cloudinaryDelivery(
	this: IAllExecuteFunctions,
	url: string,
	itemIndex: number,
): Promise<{ stream: AsyncIterable<Buffer>; contentType?: string; contentLength?: string }> {
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 300000,
		})) as { statusCode: number; headers: IDataObject; body: unknown };
	} catch (error) {
		const { apiSecret } = await readCredentials.call(this);
		throw serviceError(this.getNode(), SERVICE, {
			kind: 'requestFailed',
			message: `delivery request failed: ${redact((error as Error).message, [apiSecret])}`,
			itemIndex,
		});
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		await readSmall(response.body as AsyncIterable<Buffer>);
		const why = readHeader(response.headers, 'x-cld-error');
		throw serviceError(this.getNode(), SERVICE, {
			kind: statusKind(response.statusCode),
			message:
				`the variant could not be delivered (${statusInWords(response.statusCode)})` +
				(why ? `: ${why}` : ''),
			httpCode: response.statusCode,
			description:
				response.statusCode === 404 ? 'Check the asset and the transformation string.' : undefined,
			itemIndex,
		});
	}
	return {
		stream: response.body as AsyncIterable<Buffer>,
		contentType: readHeader(response.headers, 'content-type'),
		contentLength: plainLength(response.headers),
	};
}
