import { createHmac } from 'node:crypto';

// Cloudinary token-based access (docs/api-facts.md, "Delivery URLs and tokens"), proven
// equal to `cloudinary.utils.generate_auth_token` in test/unit/cloudinary-auth-token.test.ts:
//   __cld_token__=[ip=<ip>~]st=<start>~exp=<expiry>[~acl=<lower-hex-escaped acl>]~hmac=<hex>
// hmac = HMAC-SHA256, keyed with the HEX-DECODED token key, over the parts joined by `~`, plus
// `url=<escaped path>` when the token is bound to one URL instead of an ACL.

export interface AuthTokenOptions {
	/** The account's token key, hex. */
	key: string;
	/** Unix seconds the token becomes valid (omitted from the token when not given). */
	startTime?: number;
	/** Unix seconds the token stops being valid; or give `duration`. */
	expiration?: number;
	/** Seconds from `startTime` (or now) to expiry. */
	duration?: number;
	/** Path pattern(s) the token opens, e.g. /image/authenticated/*; several are joined with `!`. */
	acl?: string | string[];
	/** The URL path the token is bound to, when there is no ACL. */
	url?: string;
	ip?: string;
	tokenName?: string;
}

const UNSAFE = /([ "#%&'/:;<=>?@[\]^`{|}~]+)/g;

function escapeToLower(text: string): string {
	return text
		.replace(UNSAFE, (match) =>
			match
				.split('')
				.map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
				.join(''),
		)
		.replace(/%../g, (m) => m.toLowerCase());
}

export function isHexKey(key: string): boolean {
	return /^([0-9a-fA-F]{2})+$/.test(key);
}

export function generateAuthToken(
	options: AuthTokenOptions,
	nowSeconds = Math.round(Date.now() / 1000),
): string {
	const name = options.tokenName || '__cld_token__';
	let expiration = options.expiration;
	if (expiration === undefined || expiration === null) {
		if (options.duration === undefined || options.duration === null)
			throw new Error('Must provide either expiration or duration');
		expiration = (options.startTime ?? nowSeconds) + options.duration;
	}
	if (!options.url && !options.acl)
		throw new Error('authToken must contain either an acl or a url property');
	const parts: string[] = [];
	if (options.ip !== undefined && options.ip !== null) parts.push(`ip=${options.ip}`);
	if (options.startTime !== undefined && options.startTime !== null)
		parts.push(`st=${options.startTime}`);
	parts.push(`exp=${expiration}`);
	const acl = Array.isArray(options.acl) ? options.acl.join('!') : options.acl;
	if (acl !== undefined && acl !== null) parts.push(`acl=${escapeToLower(acl)}`);
	const toSign = [...parts];
	if (options.url && (acl === undefined || acl === null))
		toSign.push(`url=${escapeToLower(options.url)}`);
	const hmac = createHmac('sha256', Buffer.from(options.key, 'hex'))
		.update(toSign.join('~'))
		.digest('hex');
	parts.push(`hmac=${hmac}`);
	return `${name}=${parts.join('~')}`;
}

/** A delivery URL with a token appended, as the SDK's url() does with sign_url + auth_token. */
export function withAuthToken(
	url: string,
	options: Omit<AuthTokenOptions, 'url'>,
	nowSeconds?: number,
): string {
	const parsed = new URL(url);
	const token = generateAuthToken(
		{ ...options, url: options.acl ? undefined : parsed.pathname + parsed.search },
		nowSeconds,
	);
	return `${url}${parsed.search ? '&' : '?'}${token}`;
}
