import type { IAllExecuteFunctions, IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { redact, serviceError } from '../../shared/errors';
import { jsonBody, responseHeader, sendRequest, type HttpResponse } from '../../shared/http';

// The one Cloudinary client for the Admin and Upload APIs: n8n applies the credential (HTTP Basic
// with key and secret), sendRequest retries what is safe, and Cloudinary's `{"error":{"message"}}`
// envelope becomes a node error with the service's message, the rate-limit reset when relevant,
// and never the key or secret.

export const CREDENTIAL_TYPE = 'cloudinaryApi';
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
		apiBaseUrl: String(c.apiBaseUrl || 'https://api.cloudinary.com').replace(/\/+$/, ''),
		deliveryBaseUrl: String(c.deliveryBaseUrl || 'https://res.cloudinary.com').replace(/\/+$/, ''),
		deliveryIncludesCloudName: c.deliveryIncludesCloudName !== false,
		signatureAlgorithm: c.signatureAlgorithm === 'sha256' ? 'sha256' : 'sha1',
	};
}

export interface CloudinaryCall {
	method: IHttpRequestMethods;
	/** Path below /v1_1/<cloud>/, e.g. `resources/image/upload/covers%2F978…` (segments already encoded). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	idempotent?: boolean;
}

export interface RateLimit {
	limit?: number;
	remaining?: number;
	resetAt?: string;
}

export function rateLimitOf(response: HttpResponse): RateLimit | undefined {
	const limit = responseHeader(response, 'x-featureratelimit-limit');
	if (limit === undefined) return undefined;
	const reset = responseHeader(response, 'x-featureratelimit-reset');
	return {
		limit: Number(limit),
		remaining: Number(responseHeader(response, 'x-featureratelimit-remaining')),
		resetAt: reset ? new Date(reset).toISOString() : undefined,
	};
}

export async function cloudinaryRequest(this: IAllExecuteFunctions, call: CloudinaryCall): Promise<{ body: IDataObject; rateLimit?: RateLimit }> {
	const credentials = await readCredentials.call(this);
	if (!credentials.cloudName) {
		throw serviceError(this.getNode(), SERVICE, { message: 'the credential has no cloud name', itemIndex: call.itemIndex });
	}
	const options: IHttpRequestOptions = {
		method: call.method,
		url: `${credentials.apiBaseUrl}/v1_1/${encodeURIComponent(credentials.cloudName)}/${call.path}`,
		qs: call.qs,
		body: call.body,
		json: true,
		arrayFormat: 'brackets',
		timeout: 60000,
	};
	const response = await sendRequest.call(this, options, {
		service: SERVICE,
		credentialType: CREDENTIAL_TYPE,
		itemIndex: call.itemIndex,
		idempotent: call.idempotent ?? call.method === 'GET',
	});
	const body = jsonBody(response);
	const rateLimit = rateLimitOf(response);
	if (response.statusCode >= 200 && response.statusCode < 300) return { body, rateLimit };

	const secrets = [credentials.apiSecret, credentials.apiKey];
	const raw = (body.error as IDataObject | undefined)?.message ?? body.rawBody ?? `HTTP ${response.statusCode}`;
	const message = redact(String(raw), secrets);
	const status = response.statusCode;
	let description: string | undefined;
	if (status === 401 || status === 403) description = 'Check the cloud name, API key and API secret in the Cloudinary credential.';
	if (status === 420 || status === 429) {
		description = rateLimit?.resetAt
			? `The Admin API allows ${rateLimit.limit ?? 'a limited number of'} calls an hour; the quota resets at ${rateLimit.resetAt}. Retry after that, or use bulk operations, which use the Upload API and are not rate-limited.`
			: 'The Admin API rate limit was reached; retry later.';
	}
	throw serviceError(this.getNode(), SERVICE, { message, httpCode: status, description, itemIndex: call.itemIndex });
}

/** Encodes a public ID as one path segment, the way the official SDK does (slashes become %2F). */
export function encodePublicId(publicId: string): string {
	return encodeURIComponent(publicId);
}
