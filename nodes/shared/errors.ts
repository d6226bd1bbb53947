import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * A validation error that names the item, the field and what would be valid, raised before any
 * call is made.
 */
export function invalidFieldError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	valid?: string,
): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${problem}`, {
		itemIndex,
		description: valid ? `Valid values: ${valid}` : undefined,
	});
}

/**
 * What went wrong with a call, decided where the error is raised (from the HTTP status, the
 * network failure or the service's envelope), so that callers never read it back out of a message.
 * - unreachable: no answer (timeout, reset, refused), after the retries the call allowed
 * - requestFailed: the request itself failed in a way a retry does not mend (bad host, TLS…)
 * - transient: an answer that says "try again later" (408, 420, 423, 429, 5xx)
 * - rejected: the service answered and refused the request (any other status)
 * - graphql: a GraphQL answer with top-level `errors` (their messages are in `serviceMessages`)
 * - local: refused before any call (e.g. a credential without a cloud name)
 * - cancelled: the execution was cancelled; the request was not sent again
 * - invalidAnswer: the service answered in a way the node cannot use (e.g. paging that loops)
 */
export type ServiceErrorKind =
	| 'unreachable'
	| 'requestFailed'
	| 'transient'
	| 'rejected'
	| 'graphql'
	| 'local'
	| 'cancelled'
	| 'invalidAnswer';

/** A service's failure, with its kind and the service's own messages; never the raw HTTP error. */
export class ServiceError extends NodeApiError {
	readonly kind: ServiceErrorKind;

	/** The service's own error messages (GraphQL `errors[].message` with their paths, Cloudinary's `error.message`). */
	readonly serviceMessages: string[];

	constructor(node: INode, service: string, details: ServiceErrorDetails) {
		const httpCode = details.httpCode === undefined ? undefined : String(details.httpCode);
		const prefix = details.itemIndex === undefined ? '' : `Item ${details.itemIndex}: `;
		super(node, { message: details.message, httpCode: httpCode ?? null } as JsonObject, {
			message: `${prefix}${service}: ${details.message}`,
			description: details.description,
			httpCode,
			itemIndex: details.itemIndex,
		});
		// n8n swaps a message that mentions a network code (ECONNRESET…) for a generic one without
		// the item or the service; ours already says both, in words.
		this.message = `${prefix}${service}: ${details.message}`;
		this.kind = details.kind;
		this.serviceMessages = details.serviceMessages ?? [];
	}
}

export interface ServiceErrorDetails {
	kind: ServiceErrorKind;
	message: string;
	httpCode?: number | string;
	description?: string;
	itemIndex?: number;
	serviceMessages?: string[];
}

/**
 * A service error built only from what is safe to show: the service's own message and status.
 * The raw HTTP error (which carries request headers, and so the credentials) is never attached.
 */
export function serviceError(
	node: INode,
	service: string,
	details: ServiceErrorDetails,
): ServiceError {
	return new ServiceError(node, service, details);
}

/** Whether a failed call may succeed if made again later (no answer, or a "try again" status). */
export function isTransient(error: unknown): boolean {
	return (
		error instanceof ServiceError && (error.kind === 'unreachable' || error.kind === 'transient')
	);
}

/** Whether the service answered 404 (the thing named does not exist). */
export function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/** Removes every occurrence of the given secrets from a text (for messages echoed by a service). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}
