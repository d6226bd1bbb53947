'use strict';
// Ransack-style filtering, shared by GraphQL (`productSearch: { publicationDateGteq: ... }`) and REST
// (`q[pub_date_gteq]=...`): a search key is `<attribute><Predicate>` (camelCase) or
// `<attribute>_<predicate>` (snake_case). Each API names its attributes and maps them onto the
// store's attribute table; the store evaluates the resulting conditions.

const PREDICATES = [
	'not_eq',
	'not_in',
	'gteq',
	'lteq',
	'cont',
	'start',
	'end',
	'present',
	'null',
	'eq',
	'in',
	'gt',
	'lt',
];
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const CAMEL_KEY = new RegExp(`^(.+?)(${PREDICATES.map((p) => camel(`_${p}`)).join('|')})$`);
const SNAKE_KEY = new RegExp(`^(.+?)_(${PREDICATES.join('|')})$`);

/** Value normalisers by attribute type: both the stored value and the searched value pass through. */
const TYPES = {
	number: (v) => (v === null || v === undefined || v === '' ? null : Number(v)),
	string: (v) => (v === null || v === undefined ? null : String(v)),
	isbn: (v) => (v === null || v === undefined ? null : String(v).replace(/[-\s]/g, '')),
	date: (v) => (v === null || v === undefined ? null : String(v).slice(0, 10)),
	datetime: (v) => (v === null || v === undefined ? null : Date.parse(v)),
};

const TESTS = {
	eq: (a, v) => a === v,
	not_eq: (a, v) => a !== v,
	in: (a, v) => v.includes(a),
	not_in: (a, v) => !v.includes(a),
	gt: (a, v) => a !== null && a > v,
	lt: (a, v) => a !== null && a < v,
	gteq: (a, v) => a !== null && a >= v,
	lteq: (a, v) => a !== null && a <= v,
	cont: (a, v) => a !== null && a.toLowerCase().includes(v.toLowerCase()),
	start: (a, v) => a !== null && a.toLowerCase().startsWith(v.toLowerCase()),
	end: (a, v) => a !== null && a.toLowerCase().endsWith(v.toLowerCase()),
	present: (a, v) => (a !== null && a !== '') === v,
	null: (a, v) => (a === null) === v,
};
const BOOLEAN_PREDICATES = new Set(['present', 'null']);
const LIST_PREDICATES = new Set(['in', 'not_in']);

function parseBoolean(v) {
	if (typeof v === 'boolean') return v;
	return ['true', '1', 't', 'yes'].includes(String(v).toLowerCase());
}

/**
 * Turns a search object into conditions `{ attr, predicate, value }` over the store's attributes.
 * @param {object} search         e.g. `{ isbn13Eq: '978...', after: 5040 }` or `{ isbn_eq: '978...' }`
 * @param {object} options
 * @param {object} options.attributes  store attribute table: name → { type, get(record) }
 * @param {'camel'|'snake'} [options.style]
 * @param {object} [options.names]     API attribute name → store attribute name
 * @param {object} [options.keys]      whole keys that are not `<attr><Predicate>`, e.g. { after: ['id', 'gt'] }
 * @param {boolean} [options.onlyNamed] only the attributes listed in `names` are searchable (a Ransack whitelist)
 * @param {boolean} [options.ignoreUnknown] drop unknown keys (Ransack's default) instead of throwing
 */
function parseConditions(
	search,
	{ attributes, style = 'camel', names = {}, keys = {}, onlyNamed = false, ignoreUnknown = false },
) {
	const conditions = [];
	for (const [key, raw] of Object.entries(search ?? {})) {
		if (raw === undefined || raw === null) continue;
		let attr;
		let predicate;
		if (keys[key]) [attr, predicate] = keys[key];
		else {
			const m = (style === 'snake' ? SNAKE_KEY : CAMEL_KEY).exec(key);
			if (m) {
				attr = names[m[1]] ?? (onlyNamed ? undefined : m[1]);
				predicate =
					style === 'snake' ? m[2] : m[2].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).slice(1);
			}
		}
		const def = attr && attributes[attr];
		if (!def) {
			if (ignoreUnknown) continue;
			throw new Error(`Unknown search key "${key}"`);
		}
		const normalise = TYPES[def.type];
		let value;
		if (BOOLEAN_PREDICATES.has(predicate)) value = parseBoolean(raw);
		else if (LIST_PREDICATES.has(predicate))
			value = (Array.isArray(raw) ? raw : String(raw).split(',')).map(normalise);
		else value = normalise(Array.isArray(raw) ? raw[0] : raw);
		if (typeof value === 'number' && Number.isNaN(value)) value = null;
		conditions.push({ attr, predicate, value, def, normalise, test: TESTS[predicate] });
	}
	return conditions;
}

/** True when the record meets every condition. An array-valued attribute matches when any element does. */
function matches(record, conditions) {
	for (const c of conditions) {
		const stored = c.def.get(record);
		const ok = Array.isArray(stored)
			? stored.some((s) => c.test(c.normalise(s), c.value))
			: c.test(c.normalise(stored), c.value);
		if (!ok) return false;
	}
	return true;
}

/** The value of the first condition on `attr` with one of `predicates`, or undefined. */
function conditionValue(conditions, attr, ...predicates) {
	return conditions.find((c) => c.attr === attr && predicates.includes(c.predicate))?.value;
}

module.exports = { parseConditions, matches, conditionValue };
