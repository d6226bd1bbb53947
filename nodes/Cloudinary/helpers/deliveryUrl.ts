import { createHash } from 'node:crypto';
import type { CloudinaryCredentials } from '../transport';

// Cloudinary delivery URLs, built the way the official SDK's `cloudinary.url()` builds them (with
// URL analytics off), proven equal on generated cases in test/unit/cloudinary-url.test.ts:
//   <base>[/<cloud>]/<resource_type>/<type>/[s--SIG--/][<transformation>/][v<version>/]<public_id>[.<format>]
// - base: the credential's delivery base URL; the cloud name follows it unless the account uses a
//   private CDN or CNAME whose host already identifies the cloud (SDK `private_cdn`).
// - public id: each segment percent-encoded (the SDK's decode-then-encode keeps `/` and `:`).
// - force_version: an id containing `/` with no version gets `v1`, so Cloudinary does not read the
//   first folder as a transformation.
// - signature: URL-safe base64 of SHA-1 (or the credential's SHA-256) over
//   `<transformation>/<public_id>[.<format>]` + secret, first 8 characters; a long signature is
//   always SHA-256 and 32 characters. Version and type are not signed.

export interface DeliveryUrlOptions {
	publicId: string;
	resourceType?: string;
	type?: string;
	/** A transformation string, used verbatim (components separated by `/`). */
	transformation?: string;
	format?: string;
	version?: number | string;
	signUrl?: boolean;
	longSignature?: boolean;
	/** Add `v1` to ids inside folders when no version is given (default true, as the SDK). */
	forceVersion?: boolean;
}

const PRELOADED = /^(image|raw)\/([a-z0-9_]+)\/v(\d+)\/([^#]+)$/;

function collapseSlashes(text: string): string {
	return text.replace(/([^:])\/\//g, '$1/');
}

/** The SDK's smart_escape: percent-encodes everything but letters, digits and `_.-/:`. */
function smartEscape(text: string): string {
	return text.replace(/([^a-zA-Z0-9_.\-/:]+)/g, (match) => encodeURIComponent(match));
}

function encodeSource(source: string): string {
	let decoded = source;
	try {
		decoded = decodeURIComponent(source);
	} catch {
		// A lone `%` is not an escape; the SDK would throw here, we encode the id as it is.
	}
	return encodeURIComponent(decoded).replace(/%3A/g, ':').replace(/%2F/g, '/');
}

export function deliveryBase(
	credentials: Pick<
		CloudinaryCredentials,
		'deliveryBaseUrl' | 'deliveryIncludesCloudName' | 'cloudName'
	>,
): string {
	const base = (credentials.deliveryBaseUrl || 'https://res.cloudinary.com').replace(/\/+$/, '');
	return credentials.deliveryIncludesCloudName ? `${base}/${credentials.cloudName}` : base;
}

export function urlSignature(
	toSign: string,
	apiSecret: string,
	algorithm: 'sha1' | 'sha256',
	long = false,
): string {
	const hash = createHash(long ? 'sha256' : algorithm)
		.update(toSign + apiSecret, 'utf8')
		.digest('base64');
	return `s--${hash
		.slice(0, long ? 32 : 8)
		.replace(/\//g, '_')
		.replace(/\+/g, '-')}--`;
}

export function buildDeliveryUrl(
	credentials: Pick<
		CloudinaryCredentials,
		| 'deliveryBaseUrl'
		| 'deliveryIncludesCloudName'
		| 'cloudName'
		| 'apiSecret'
		| 'signatureAlgorithm'
	>,
	options: DeliveryUrlOptions,
): string {
	let { publicId, resourceType = 'image', type = 'upload', version } = options;
	const { format, signUrl = false, longSignature = false, forceVersion = true } = options;

	const preloaded = PRELOADED.exec(publicId);
	if (preloaded) [, resourceType, type, version, publicId] = preloaded;

	let source = collapseSlashes(String(publicId));
	let sourceToSign: string;
	if (/^https?:\//i.test(source)) {
		source = smartEscape(source);
		sourceToSign = source;
	} else {
		source = encodeSource(source);
		if (format !== undefined && format !== null && format !== '') source = `${source}.${format}`;
		sourceToSign = source;
	}

	let versionPart: string | undefined;
	if (
		(version === undefined || version === null || version === '') &&
		forceVersion &&
		sourceToSign.includes('/') &&
		!/^v[0-9]+/.test(sourceToSign) &&
		!/^https?:\//.test(sourceToSign)
	) {
		versionPart = 'v1';
	} else if (version !== undefined && version !== null && version !== '') {
		versionPart = `v${version}`;
	}

	const transformation = collapseSlashes(options.transformation ?? '');
	let signature: string | undefined;
	if (signUrl) {
		const toSign = [transformation, sourceToSign].filter((part) => part !== '').join('/');
		signature = urlSignature(
			toSign,
			credentials.apiSecret,
			credentials.signatureAlgorithm,
			longSignature,
		);
	}

	return [
		deliveryBase(credentials),
		resourceType,
		type,
		signature,
		transformation,
		versionPart,
		source,
	]
		.filter((part) => part !== undefined && part !== null && part !== '')
		.join('/')
		.replace(/ /g, '%20');
}

/**
 * One transformation component from parameter codes, `key_value` pairs sorted the way the SDK sorts
 * them when it builds a component from an options object, so a guided URL equals the SDK's URL.
 */
export function transformationComponent(
	params: Record<string, string | number | undefined | null>,
): string {
	return Object.entries(params)
		.filter(([, value]) => value !== undefined && value !== null && value !== '')
		.map(([key, value]) => `${key}_${value}`)
		.sort()
		.join(',');
}
