import { NodeOperationError, UserError, type INode } from 'n8n-workflow';

// Where a credential may send its key or secret: one check for every base URL of both services
// (Consonance Base URL, Cloudinary API and Delivery Base URL), run before any request is built.
// https:// only, except plain http:// to a loopback host (the local sandbox); no path, query,
// user info or fragment, since each of those would either be dropped silently or move the
// credential somewhere the user did not mean. See docs/network.md.

export const BASE_URL_RULE =
	'Use https://<host>[:port] with no path, query, user name or fragment (a trailing slash is fine), ' +
	'e.g. https://api-eu.cloudinary.com. ' +
	'Plain http:// is accepted only for a loopback host (localhost, 127.x.x.x, [::1]).';

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The origin (`https://host[:port]`, no trailing slash) of a base URL, or what is wrong with it.
 * The problem never echoes the value: it may hold user info (a key pasted as `https://key:secret@…`).
 */
export function parseBaseUrl(value: unknown): { origin: string } | { problem: string } {
	if (typeof value !== 'string')
		return { problem: `it is ${value === null ? 'null' : typeof value}, not text` };
	const raw = value.trim();
	if (!raw) return { problem: 'it is empty' };
	if (/[\s\\]/.test(raw)) return { problem: 'it contains a space or a backslash' };
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return { problem: 'it is not a URL' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		return { problem: `its scheme is ${url.protocol.replace(/:$/, '')}, not https` };
	if (!/^https?:\/\/[^/]/i.test(raw)) return { problem: 'it has no host after the scheme' };
	if (url.username || url.password || /^https?:\/\/[^/]*@/i.test(raw))
		return { problem: 'it contains a user name or password (user info)' };
	if (raw.includes('?')) return { problem: 'it has a query (?…)' };
	if (raw.includes('#')) return { problem: 'it has a fragment (#…)' };
	if (!/^\/*$/.test(url.pathname))
		return { problem: `it has a path (${url.pathname.replace(/\/+$/, '')})` };
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			problem: `plain http:// is accepted only for a loopback host, and ${url.hostname} is not one`,
		};
	}
	return { origin: url.origin };
}

function orDefault(value: unknown, fallback: string): unknown {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
		? fallback
		: value;
}

/**
 * A credential's base URL, checked (the service's default when the field is blank), or a node error
 * raised before anything is sent. `label` names the field, e.g. `The Cloudinary credential's API Base URL`.
 */
export function credentialBaseUrl(
	node: INode,
	value: unknown,
	fallback: string,
	label: string,
): string {
	const parsed = parseBaseUrl(orDefault(value, fallback));
	if ('problem' in parsed) {
		throw new NodeOperationError(
			node,
			`${label} is not allowed: ${parsed.problem}. Nothing was sent.`,
			{ description: BASE_URL_RULE },
		);
	}
	return parsed.origin;
}

/**
 * For a credential's `authenticate`, the last point before n8n sends the key: the request must go to
 * the credential's own checked origin. This also covers the credential's Test request, which does
 * not pass through our transport.
 */
export function assertCredentialTarget(
	request: { url?: string; baseURL?: string },
	baseUrl: unknown,
	fallback: string,
	label: string,
): void {
	const parsed = parseBaseUrl(orDefault(baseUrl, fallback));
	if ('problem' in parsed)
		throw new UserError(
			`${label} is not allowed: ${parsed.problem}. Nothing was sent. ${BASE_URL_RULE}`,
		);
	let target: string | undefined;
	try {
		target = new URL(request.url ?? '', request.baseURL || undefined).origin;
	} catch {
		target = undefined;
	}
	if (target !== parsed.origin) {
		throw new UserError(
			`${label} allows sending the credential only to ${parsed.origin}, ` +
				`and this request goes to ${target ?? 'an unreadable address'}. Nothing was sent.`,
		);
	}
}
