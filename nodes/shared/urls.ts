// URL pieces read back from services and users (stored links, delivery URLs).

/**
 * A URL path segment decoded, or kept as it is when it holds a malformed escape (a bare "%" or
 * "%zz"): decodeURIComponent throws on those, and one odd stored URL must not break the reading of
 * all the others.
 */
export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}
