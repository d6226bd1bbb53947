import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

/**
 * A validation error that names the item, the field and what would be valid, raised before any
 * call is made.
 */
export function invalidFieldError(node: INode, itemIndex: number, field: string, problem: string, valid?: string): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${problem}`, {
		itemIndex,
		description: valid ? `Valid values: ${valid}` : undefined,
	});
}

/**
 * A service error built only from what is safe to show: the service's own message and status.
 * The raw HTTP error (which carries request headers, and so the credentials) is never attached.
 */
export function serviceError(
	node: INode,
	service: string,
	details: { message: string; httpCode?: number | string; description?: string; itemIndex?: number },
): NodeApiError {
	const httpCode = details.httpCode === undefined ? undefined : String(details.httpCode);
	const prefix = details.itemIndex === undefined ? '' : `Item ${details.itemIndex}: `;
	return new NodeApiError(node, { message: details.message, httpCode: httpCode ?? null } as JsonObject, {
		message: `${prefix}${service}: ${details.message}`,
		description: details.description,
		httpCode,
		itemIndex: details.itemIndex,
	});
}

/** Removes every occurrence of the given secrets from a text (for messages echoed by a service). */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}
