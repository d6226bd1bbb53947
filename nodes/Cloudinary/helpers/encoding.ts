// The ONE encoder of Cloudinary's wire formats for context, structured metadata and access control
// (docs/api-facts.md, "Wire formats"). Shared by the Asset operations (upload, update) and the
// bulk Context/Metadata operations:
//   encodeContext({ isbn: '978…', note: 'a=b|c' })      → 'isbn=978…|note=a\=b\|c'
//   encodeMetadata({ imprint: 'x', territories: ['GB','US'] }) → 'imprint=x|territories=["GB","US"]'
//   encodeAccessControl([{ access_type: 'anonymous', start: '2026-01-01' }]) → JSON array string
// They throw EncodingError (message without item/field) on input Cloudinary cannot take; callers turn
// it into invalidFieldError naming the item and field.

/** What an EncodingError is about, so that callers can name their own field for it. */
export type EncodingSubject =
	'key' | 'value' | 'rules' | 'accessType' | 'start' | 'end' | 'tokenKey';

export class EncodingError extends Error {
	constructor(
		message: string,
		readonly subject: EncodingSubject,
	) {
		super(message);
	}
}

export type ContextInput = Record<string, unknown>;
export type MetadataInput = Record<string, unknown>;

/**
 * `=` and `|` separate pairs, so they are escaped with `\`, and a literal `\` is doubled, as
 * Cloudinary's OpenAPI spec says for `context`. The SDK does not double it (its escapeMetadataValue
 * only escapes `=` and `|`); test/unit/cloudinary-encoding.test.ts pins both facts.
 */
function escapeValue(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/([=|])/g, '\\$1');
}

function checkKey(key: string, what: string): string {
	const k = key.trim();
	if (!k) throw new EncodingError(`a ${what} key is empty`, 'key');
	if (/[=|\\]/.test(k))
		throw new EncodingError(`the ${what} key "${k}" contains "=", "|" or "\\"`, 'key');
	return k;
}

function scalar(value: unknown, key: string, what: string): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString();
	throw new EncodingError(
		`the ${what} value of "${key}" is ${Array.isArray(value) ? 'a list' : 'an object'}; give text`,
		'value',
	);
}

/** Contextual metadata: `k=v|k2=v2`. An empty value removes the key (on merge/update). */
export function encodeContext(obj: ContextInput): string {
	return Object.entries(obj)
		.map(
			([key, value]) => `${checkKey(key, 'context')}=${escapeValue(scalar(value, key, 'context'))}`,
		)
		.join('|');
}

/**
 * Structured metadata: `field=value|set_field=["a","b"]` keyed by external ID. Lists (set fields)
 * become JSON arrays whose items are escaped the same way; dates should be YYYY-MM-DD.
 */
export function encodeMetadata(obj: MetadataInput): string {
	return Object.entries(obj)
		.map(([key, value]) => {
			const k = checkKey(key, 'metadata');
			if (Array.isArray(value)) {
				const items = value.map((v) =>
					JSON.stringify(scalar(v, key, 'metadata')).replace(/([=|])/g, '\\$1'),
				);
				return `${k}=[${items.join(',')}]`;
			}
			return `${k}=${escapeValue(scalar(value, key, 'metadata'))}`;
		})
		.join('|');
}

export interface AccessRule {
	access_type: 'anonymous' | 'token';
	start?: string | number | Date;
	end?: string | number | Date;
	key?: string;
}

function isoTime(value: unknown, field: 'start' | 'end'): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms: number;
	if (value instanceof Date) ms = value.getTime();
	else if (typeof value === 'number' || /^\d{9,11}$/.test(String(value).trim()))
		ms = Number(value) * 1000;
	else ms = Date.parse(String(value));
	if (Number.isNaN(ms))
		throw new EncodingError(
			`the access rule's ${field} "${String(value)}" is not a date (use ISO 8601, e.g. 2026-09-01T00:00:00Z)`,
			field,
		);
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * access_control: a JSON array of rules. The asset is restricted unless one rule applies now:
 * `anonymous` (public, optionally only between start and end) or `token` (token-based access).
 * An empty list clears the restriction.
 */
export function encodeAccessControl(rules: unknown): string {
	let list = rules;
	if (typeof list === 'string') {
		list = parseJson(list);
		if (list === undefined) throw new EncodingError('the access rules are not JSON', 'rules');
	}
	if (list && !Array.isArray(list)) list = [list];
	const out = ((list as unknown[]) ?? []).map((r) => {
		const rule = r as Record<string, unknown>;
		if (!rule || typeof rule !== 'object')
			throw new EncodingError('an access rule is not an object', 'rules');
		if (rule.access_type !== 'anonymous' && rule.access_type !== 'token') {
			throw new EncodingError(
				`access_type "${String(rule.access_type)}" is not "anonymous" or "token"`,
				'accessType',
			);
		}
		const clean: Record<string, string> = { access_type: rule.access_type };
		const start = isoTime(rule.start, 'start');
		const end = isoTime(rule.end, 'end');
		if (start) clean.start = start;
		if (end) clean.end = end;
		if (start && end && start > end)
			throw new EncodingError(`the access rule ends (${end}) before it starts (${start})`, 'end');
		if (rule.access_type === 'token' && rule.key !== undefined && rule.key !== '') {
			if (!/^[A-Za-z0-9]+$/.test(String(rule.key)))
				throw new EncodingError('a token key has letters and digits only', 'tokenKey');
			clean.key = String(rule.key);
		}
		return clean;
	});
	return JSON.stringify(out);
}
