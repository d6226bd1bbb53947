import { timingSafeEqual } from 'node:crypto';
import { notificationSignature, type SignatureAlgorithm } from '../transport/signing';

// Checks a notification the way Cloudinary signs it (docs/api-facts.md, "Notifications"):
// X-Cld-Signature = hex(SHA-1 or SHA-256 of raw body + X-Cld-Timestamp + API secret). Like the
// SDK's verifyNotificationSignature, only the algorithm the credential is set to is accepted (a
// SHA-1 signature is never checked for a SHA-256 account, nor the reverse). Unlike the SDK, the
// compare is constant-time and a timestamp from the future (beyond a small clock skew) is refused too.

export const DEFAULT_MAX_AGE_SECONDS = 7200;
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;

export interface NotificationToVerify {
	rawBody: Buffer;
	timestamp: string | undefined;
	signature: string | undefined;
	apiSecret: string;
	/** The credential's Signature Algorithm: the only one a notification may be signed with. */
	algorithm: SignatureAlgorithm;
	nowSeconds: number;
	maxAgeSeconds?: number;
	maxFutureSkewSeconds?: number;
}

export type VerificationResult =
	| { valid: true; algorithm: SignatureAlgorithm; timestamp: number }
	| { valid: false; reason: string };

const HEX_LENGTH: Record<SignatureAlgorithm, number> = { sha1: 40, sha256: 64 };
const ALGORITHM_NAME: Record<SignatureAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256' };

export function verifyNotification(n: NotificationToVerify): VerificationResult {
	const maxAge = n.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
	const maxSkew = n.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS;
	if (!n.signature) return { valid: false, reason: 'no X-Cld-Signature header' };
	if (!n.timestamp) return { valid: false, reason: 'no X-Cld-Timestamp header' };
	if (!/^\d{1,12}$/.test(n.timestamp))
		return { valid: false, reason: 'X-Cld-Timestamp is not a Unix time in seconds' };
	const algorithm = n.algorithm;
	if (!/^[0-9a-f]+$/.test(n.signature) || n.signature.length !== HEX_LENGTH[algorithm])
		return {
			valid: false,
			reason:
				`X-Cld-Signature is not a hex ${ALGORITHM_NAME[algorithm]} digest ` +
				"(the credential's Signature Algorithm)",
		};
	if (!n.apiSecret)
		return { valid: false, reason: 'the credential has no API secret to check the signature with' };

	const timestamp = Number(n.timestamp);
	if (timestamp < n.nowSeconds - maxAge)
		return { valid: false, reason: `the timestamp is older than ${maxAge} seconds` };
	if (timestamp > n.nowSeconds + maxSkew)
		return { valid: false, reason: `the timestamp is more than ${maxSkew} seconds in the future` };

	const expected = Buffer.from(
		notificationSignature(n.rawBody, n.timestamp, n.apiSecret, algorithm),
		'utf8',
	);
	const given = Buffer.from(n.signature, 'utf8');
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return { valid: false, reason: 'the signature does not match the body' };
	return { valid: true, algorithm, timestamp };
}
