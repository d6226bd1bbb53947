'use strict';
// Wire encodings of Cloudinary parameters: pipe-separated key=value maps (context, metadata) with
// backslash escaping, eager transformation lists, access_control rules, dates.
const { fail } = require('./errors');

/** Splits `s` on `sep` characters that are not escaped with a backslash. */
function splitUnescaped(s, sep) {
	const out = [];
	let cur = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c === '\\' && i + 1 < s.length) {
			cur += c + s[i + 1];
			i++;
		} else if (c === sep) {
			out.push(cur);
			cur = '';
		} else cur += c;
	}
	out.push(cur);
	return out;
}

function unescape(s) {
	return s.replace(/\\(.)/g, '$1');
}

/** `k=v|k2=v2` (with `\=` `\|` escapes) -> [[k, v], ...]. A pair without '=' has value ''. */
function parsePipeMap(text) {
	const pairs = [];
	for (const item of splitUnescaped(String(text), '|')) {
		if (item === '') continue;
		const [rawKey, ...rest] = splitUnescaped(item, '=');
		const key = unescape(rawKey).trim();
		if (!key) continue;
		pairs.push([key, rest.length ? unescape(rest.join('=')) : '']);
	}
	return pairs;
}

/** Context from a pipe string or an object (JSON bodies). Values are strings; '' means delete. */
function parseContext(value) {
	if (value === undefined || value === null) return null;
	if (typeof value === 'object' && !Array.isArray(value)) {
		const src = value.custom && typeof value.custom === 'object' ? value.custom : value;
		return Object.fromEntries(
			Object.entries(src).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
		);
	}
	const text = String(value).trim();
	if (text.startsWith('{')) {
		try {
			return parseContext(JSON.parse(text));
		} catch {
			/* a pipe string that happens to start with '{' */
		}
	}
	return Object.fromEntries(parsePipeMap(text));
}

/** Metadata from a pipe string (`f=v|set=["a","b"]`) or an object. Values: string or string[]. */
function parseMetadata(value) {
	if (value === undefined || value === null) return null;
	if (typeof value === 'object' && !Array.isArray(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [
				k,
				Array.isArray(v) ? v.map(String) : v === null || v === undefined ? '' : String(v),
			]),
		);
	}
	const text = String(value).trim();
	if (text.startsWith('{')) {
		try {
			return parseMetadata(JSON.parse(text));
		} catch {
			/* fall through */
		}
	}
	const out = {};
	for (const item of splitUnescaped(text, '|')) {
		if (item === '') continue;
		const [rawKey, ...rest] = splitUnescaped(item, '=');
		const key = unescape(rawKey).trim();
		const rawValue = rest.join('=');
		const trimmed = rawValue.trim();
		if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
			// the SDK escapes = and | inside the quoted items too
			try {
				const arr = JSON.parse(unescapeInJson(trimmed));
				if (Array.isArray(arr)) {
					out[key] = arr.map(String);
					continue;
				}
			} catch {
				/* not an array: keep as a string */
			}
		}
		out[key] = unescape(rawValue);
	}
	return out;
}

function unescapeInJson(s) {
	return s.replace(/\\([=|])/g, '$1');
}

/**
 * Eager / archive transformation lists: `c_fill,w_100|w_50/png` -> [{transformation, format}].
 * A last chain component without '_' that looks like an extension is the format.
 */
function parseEager(value) {
	const items = Array.isArray(value)
		? value.flatMap((v) => String(v).split('|'))
		: String(value ?? '').split('|');
	const out = [];
	for (const raw of items) {
		const item = raw.trim();
		if (!item) continue;
		const parts = item.split('/');
		let format = null;
		if (parts.length > 1 && /^[a-z0-9]+$/i.test(parts[parts.length - 1]))
			format = parts.pop().toLowerCase();
		out.push({ transformation: parts.join('/'), format });
	}
	return out;
}

function isoSeconds(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO 8601 or Unix seconds -> epoch ms, or NaN. */
function parseTime(value) {
	if (value === undefined || value === null || value === '') return NaN;
	if (typeof value === 'number') return value * 1000;
	const s = String(value).trim();
	if (/^\d{9,11}$/.test(s)) return Number(s) * 1000;
	return Date.parse(s);
}

/**
 * access_control: a JSON array (or one object) of {access_type: anonymous|token, start?, end?, key?}.
 * Returns the normalised array, [] to clear, or throws 400.
 */
function parseAccessControl(value) {
	if (value === undefined || value === null || value === '') return null;
	let rules = value;
	if (typeof rules === 'string') {
		try {
			rules = JSON.parse(rules);
		} catch {
			throw fail(400, `Invalid access_control - ${value}`);
		}
	}
	if (!Array.isArray(rules)) rules = [rules];
	return rules.map((rule) => {
		if (!rule || typeof rule !== 'object')
			throw fail(400, `Invalid access_control - ${JSON.stringify(value)}`);
		const type = rule.access_type;
		if (type !== 'anonymous' && type !== 'token')
			throw fail(400, `Invalid access_type ${type} in access_control`);
		const out = { access_type: type };
		for (const k of ['start', 'end']) {
			if (rule[k] === undefined || rule[k] === null || rule[k] === '') continue;
			const ms = parseTime(rule[k]);
			if (Number.isNaN(ms)) throw fail(400, `Invalid ${k} date in access_control - ${rule[k]}`);
			out[k] = isoSeconds(ms);
		}
		if (type === 'token' && rule.key !== undefined) out.key = String(rule.key);
		return out;
	});
}

/** Whether at least one access_control rule currently grants anonymous access. */
function accessAllowed(rules, nowMs) {
	if (!rules || !rules.length) return true;
	return rules.some((r) => {
		if (r.access_type !== 'anonymous') return false;
		if (r.start && Date.parse(r.start) > nowMs) return false;
		if (r.end && Date.parse(r.end) < nowMs) return false;
		return true;
	});
}

module.exports = {
	splitUnescaped,
	parsePipeMap,
	parseContext,
	parseMetadata,
	parseEager,
	parseAccessControl,
	accessAllowed,
	isoSeconds,
	parseTime,
};
