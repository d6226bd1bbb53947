'use strict';
// Derived values that both Consonance APIs show (GraphQL and REST present the same product):
// ISBN forms, title prefix, lengths in other units, trim names, contributor lists, plain text.
const { isbn13CheckDigit, hyphenateIsbn13 } = require('../seed/catalogue');
const A = require('./assumptions');
const { CONTRIBUTOR_ROLES } = require('./codes');

/** A real calendar date written YYYY-MM-DD (the ISO8601Date both APIs take and show). */
function isIsoDate(v) {
	if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
	const ms = Date.parse(`${v}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(v);
}

/** ISBN-13 validity: 13 digits, 978/979 prefix, right check digit. Returns an error message or null. */
function isbn13Problem(isbn) {
	if (!/^\d{13}$/.test(isbn)) return `${isbn} is not an ISBN-13 (13 digits expected)`;
	if (!/^97[89]/.test(isbn)) return `${isbn} is not an ISBN-13 (must start with 978 or 979)`;
	const expected = isbn13CheckDigit(isbn.slice(0, 12));
	if (isbn[12] !== expected) return `${isbn} has an invalid check digit (expected ${expected})`;
	return null;
}

function isbn10From13(isbn13) {
	if (!isbn13.startsWith('978')) return null;
	const body = isbn13.slice(3, 12);
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
	const check = (11 - (sum % 11)) % 11;
	return body + (check === 10 ? 'X' : String(check));
}

/** The GraphQL `ISBN` object, or null for a product without one. */
function isbnForms(isbn13) {
	if (!isbn13) return null;
	const dashed = hyphenateIsbn13(isbn13);
	return {
		isbn13,
		isbn10: isbn10From13(isbn13),
		isbnWithDashes: dashed,
		isbnWithSpaces: dashed.replace(/-/g, ' '),
	};
}

/** Splits a leading article off a title (assumptions.js TITLE_PREFIXES). */
function splitTitle(title) {
	if (!title) return { prefix: null, withoutPrefix: title ?? null };
	const m = new RegExp(`^(${A.TITLE_PREFIXES.join('|')})\\s+(.+)$`).exec(title);
	return m ? { prefix: m[1], withoutPrefix: m[2] } : { prefix: null, withoutPrefix: title };
}

/** A length stored in millimetres, in MM, CM or IN, rounded per assumptions.js LENGTH_DECIMALS. */
function convertLength(mm, unit = 'MM') {
	if (mm === null || mm === undefined) return null;
	const value = unit === 'CM' ? mm / 10 : unit === 'IN' ? mm / 25.4 : mm;
	const f = 10 ** A.LENGTH_DECIMALS[unit];
	return Math.round(value * f) / f;
}

/** "198 × 129 × 14" (height × width × thickness), as REST `measurements` shows it. */
function dimensionsText(dims, unit) {
	if (!dims) return null;
	return [dims.height, dims.width, dims.thickness]
		.filter((v) => v !== null && v !== undefined)
		.map((mm) => convertLength(mm, unit).toFixed(A.LENGTH_DECIMALS[unit]))
		.join(' × ');
}

// UK trade trim names by height × width in mm (in-house format of a printed book).
const TRIM_NAMES = {
	'178x111': ['A format', 'A'],
	'198x129': ['B format', 'B'],
	'216x135': ['Demy', 'DEMY'],
	'234x153': ['Royal', 'ROYAL'],
	'240x159': ['Royal (large)', 'ROYAL_L'],
};

function inHouseFormat(dims) {
	if (!dims) return null;
	const [name, code] = TRIM_NAMES[`${dims.height}x${dims.width}`] ?? [
		`${dims.height} × ${dims.width} mm`,
		`${dims.height}X${dims.width}`,
	];
	return { name, code };
}

function nameCode(name) {
	return name ? { name, code: name.toUpperCase().replace(/[^A-Z0-9]+/g, '_') } : null;
}

/** "A", "A and B", "A, B and C". */
function prettyList(names) {
	if (names.length <= 1) return names.join('');
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Amara Okafor and Tom Hartley, illustrated by Isla Mackenzie": authors first, other roles after. */
function authorship(contributions) {
	const byRole = new Map();
	for (const c of contributions) {
		if (!byRole.has(c.roleCode)) byRole.set(c.roleCode, []);
		byRole.get(c.roleCode).push(c.name);
	}
	const parts = [];
	if (byRole.has('A01')) parts.push(prettyList(byRole.get('A01')));
	for (const [role, names] of byRole) {
		if (role === 'A01') continue;
		const verb = (CONTRIBUTOR_ROLES[role] ?? 'Contributed by').replace(/ \(.*\)$/, '');
		parts.push(`${parts.length ? verb.toLowerCase() : verb} ${prettyList(names)}`);
	}
	return parts.join(', ') || null;
}

function stripHtml(html) {
	if (html === null || html === undefined) return null;
	return html
		.replace(/<[^>]*>/g, '')
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

module.exports = {
	isIsoDate,
	isbn13Problem,
	isbnForms,
	splitTitle,
	convertLength,
	dimensionsText,
	inHouseFormat,
	nameCode,
	prettyList,
	authorship,
	stripHtml,
};
