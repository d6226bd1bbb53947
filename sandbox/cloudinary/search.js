'use strict';
// The Search API (docs/api-facts.md, "Search expressions"): a real (small) parser for Cloudinary's Lucene-like
// expression language, evaluation against the store, sort_by, cursor paging, with_field/fields and
// aggregations in the OAS shape.
const { fail } = require('./errors');
const A = require('./assumptions');

// ---------------------------------------------------------------- tokenizer

const PUNCT = new Set(['(', ')', '[', ']', '{', '}']);
const WORD_STOP = /[\s()[\]{}":=<>]/;

function queryError(detail) {
	return fail(400, A.messages.queryError(detail));
}

function tokenize(text) {
	const tokens = [];
	let i = 0;
	const atTermStart = () => {
		const prev = tokens[tokens.length - 1];
		return (
			!prev ||
			prev.type === '(' ||
			prev.type === 'kw' ||
			prev.type === 'prefix' ||
			prev.type === 'word' ||
			prev.type === 'string' ||
			prev.type === ')' ||
			prev.type === ']' ||
			prev.type === '}'
		);
	};
	while (i < text.length) {
		const c = text[i];
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (PUNCT.has(c)) {
			tokens.push({ type: c, pos: i });
			i++;
			continue;
		}
		if (c === '"') {
			let j = i + 1;
			let value = '';
			while (j < text.length && text[j] !== '"') {
				if (text[j] === '\\' && j + 1 < text.length) j++;
				value += text[j];
				j++;
			}
			if (j >= text.length) throw queryError(`unterminated quoted string at position ${i}`);
			tokens.push({ type: 'string', value, pos: i });
			i = j + 1;
			continue;
		}
		if (c === '>' || c === '<') {
			const op = text[i + 1] === '=' ? `${c}=` : c;
			tokens.push({ type: 'op', value: op, pos: i });
			i += op.length;
			continue;
		}
		if (c === ':' || c === '=') {
			// `:>` / `:<` style is not Cloudinary syntax; ':' followed by '>' is treated as '>'
			tokens.push({ type: 'op', value: c, pos: i });
			i++;
			continue;
		}
		if (
			(c === '-' || c === '+') &&
			i + 1 < text.length &&
			!/\s/.test(text[i + 1]) &&
			atTermStart()
		) {
			tokens.push({ type: 'prefix', value: c, pos: i });
			i++;
			continue;
		}
		if (c === '&' && text[i + 1] === '&') {
			tokens.push({ type: 'kw', value: 'AND', pos: i });
			i += 2;
			continue;
		}
		if (c === '|' && text[i + 1] === '|') {
			tokens.push({ type: 'kw', value: 'OR', pos: i });
			i += 2;
			continue;
		}
		let j = i;
		let value = '';
		while (j < text.length && !WORD_STOP.test(text[j])) {
			if (text[j] === '\\' && j + 1 < text.length) {
				value += text[j + 1];
				j += 2;
				continue;
			}
			value += text[j];
			j++;
		}
		if (j === i) throw queryError(`unexpected character '${c}' at position ${i}`);
		if (value === 'AND' || value === 'OR' || value === 'NOT')
			tokens.push({ type: 'kw', value, pos: i });
		else tokens.push({ type: 'word', value, pos: i });
		i = j;
	}
	return tokens;
}

// ---------------------------------------------------------------- parser

function parseExpression(text) {
	const source = String(text ?? '').trim();
	if (!source) return { all: true };
	const tokens = tokenize(source);
	let p = 0;
	const peek = () => tokens[p];
	const next = () => tokens[p++];
	const describe = (t) => (t ? `'${t.value ?? t.type}' at position ${t.pos}` : 'end of expression');

	function parseOr(field) {
		let left = parseAnd(field);
		while (peek()?.type === 'kw' && peek().value === 'OR') {
			next();
			if (!peek() || peek().type === ')')
				throw queryError(`expected a term after OR, found ${describe(peek())}`);
			left = { or: [left, parseAnd(field)] };
		}
		return left;
	}

	function parseAnd(field) {
		let left = parseUnary(field);
		for (;;) {
			const t = peek();
			if (!t || t.type === ')' || (t.type === 'kw' && t.value === 'OR')) break;
			if (t.type === 'kw' && t.value === 'AND') {
				next();
				if (!peek() || peek().type === ')')
					throw queryError(`expected a term after AND, found ${describe(peek())}`);
			}
			left = { and: [left, parseUnary(field)] };
		}
		return left;
	}

	function parseUnary(field) {
		const t = peek();
		if (!t) throw queryError('unexpected end of expression');
		if ((t.type === 'kw' && t.value === 'NOT') || (t.type === 'prefix' && t.value === '-')) {
			next();
			return { not: parseUnary(field) };
		}
		if (t.type === 'prefix' && t.value === '+') {
			next();
			return parseUnary(field);
		}
		return parsePrimary(field);
	}

	function value() {
		const t = next();
		if (!t || (t.type !== 'word' && t.type !== 'string'))
			throw queryError(`expected a value, found ${describe(t)}`);
		return { value: t.value, quoted: t.type === 'string' };
	}

	function parsePrimary(field) {
		const t = next();
		if (!t) throw queryError('unexpected end of expression');
		if (t.type === '(') {
			const inner = parseOr(field);
			const close = next();
			if (!close || close.type !== ')')
				throw queryError(`missing closing parenthesis for '(' at position ${t.pos}`);
			return inner;
		}
		if (t.type === 'word' && peek()?.type === 'op') {
			const op = next().value;
			const f = t.value;
			const n = peek();
			if (!n) throw queryError(`expected a value after '${f}${op}'`);
			if ((n.type === '[' || n.type === '{') && (op === ':' || op === '=')) {
				next();
				const lo = value();
				const to = next();
				if (!to || to.type !== 'word' || to.value !== 'TO')
					throw queryError(`expected TO in range, found ${describe(to)}`);
				const hi = value();
				const close = next();
				if (!close || (close.type !== ']' && close.type !== '}'))
					throw queryError(`expected ']' or '}' to close the range, found ${describe(close)}`);
				return {
					field: f,
					range: { lo: lo.value, hi: hi.value, loInc: n.type === '[', hiInc: close.type === ']' },
				};
			}
			if (n.type === '(' && (op === ':' || op === '=')) {
				next();
				const inner = parseOr({ name: f, op });
				const close = next();
				if (!close || close.type !== ')')
					throw queryError(`missing closing parenthesis for '(' at position ${n.pos}`);
				return inner;
			}
			const v = value();
			return { field: f, op, value: v.value, quoted: v.quoted };
		}
		if (t.type === 'word' || t.type === 'string') {
			if (field)
				return { field: field.name, op: field.op, value: t.value, quoted: t.type === 'string' };
			return { field: null, op: ':', value: t.value, quoted: t.type === 'string' };
		}
		throw queryError(`unexpected ${describe(t)}`);
	}

	const ast = parseOr(null);
	if (p < tokens.length) throw queryError(`unexpected ${describe(tokens[p])}`);
	return ast;
}

// ---------------------------------------------------------------- evaluation

const UNITS = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };
const REL = { h: 3600e3, d: 86400e3, w: 7 * 86400e3, m: 30 * 86400e3, y: 365 * 86400e3 };

function parseNumber(raw) {
	const s = String(raw).trim().toLowerCase();
	const ratio = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(s);
	if (ratio) return Number(ratio[1]) / Number(ratio[2]);
	const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(s);
	if (!m) return NaN;
	if (!m[2]) return Number(m[1]);
	const unit = UNITS[m[2]];
	return unit ? Number(m[1]) * unit : NaN;
}

/** A date value: absolute ISO date/time, or relative `1d`/`2w`/`3h`/`1m`/`1y` meaning "that long ago". */
function parseDateValue(raw, nowMs) {
	const s = String(raw).trim();
	const rel = /^(\d+)([hdwmy])$/i.exec(s);
	if (rel) return { at: nowMs - Number(rel[1]) * REL[rel[2].toLowerCase()], dayOnly: false };
	if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { at: Date.parse(`${s}T00:00:00Z`), dayOnly: true };
	const ms = Date.parse(s);
	return Number.isNaN(ms) ? null : { at: ms, dayOnly: false };
}

function tokensOf(s) {
	return String(s)
		.toLowerCase()
		.split(/[^a-z0-9\u00c0-\uffff]+/)
		.filter(Boolean);
}

function matchString(fieldValue, op, raw, quoted) {
	if (fieldValue === undefined || fieldValue === null || fieldValue === '')
		return raw === '*' ? false : false;
	const s = String(fieldValue);
	const wildcard = !quoted && raw.endsWith('*');
	const v = wildcard ? raw.slice(0, -1) : raw;
	if (!quoted && raw === '*') return true;
	if (op === '=') return wildcard ? s.startsWith(v) : s === v;
	const ls = s.toLowerCase();
	const lv = v.toLowerCase();
	if (wildcard) {
		if (ls.startsWith(lv)) return true;
		const vt = tokensOf(lv);
		const ft = tokensOf(ls);
		if (!vt.length) return true;
		for (let i = 0; i + vt.length <= ft.length; i++) {
			let ok = true;
			for (let k = 0; k < vt.length; k++) {
				const last = k === vt.length - 1;
				if (last ? !ft[i + k].startsWith(vt[k]) : ft[i + k] !== vt[k]) {
					ok = false;
					break;
				}
			}
			if (ok) return true;
		}
		return false;
	}
	if (ls === lv) return true;
	const vt = tokensOf(lv);
	const ft = tokensOf(ls);
	if (!vt.length) return false;
	for (let i = 0; i + vt.length <= ft.length; i++) {
		if (vt.every((t, k) => ft[i + k] === t)) return true;
	}
	return false;
}

function compare(a, op, b) {
	switch (op) {
		case '>':
			return a > b;
		case '<':
			return a < b;
		case '>=':
			return a >= b;
		case '<=':
			return a <= b;
		default:
			return a === b;
	}
}

function inRange(x, lo, hi, loInc, hiInc) {
	if (lo !== null && !(loInc ? x >= lo : x > lo)) return false;
	if (hi !== null && !(hiInc ? x <= hi : x < hi)) return false;
	return true;
}

/**
 * Field resolution for assets: returns { kind, value } with kind string | list | folder | number | date | missing.
 */
function resolveAssetField(asset, field, metadataType) {
	const f = field.toLowerCase();
	if (f.startsWith('context.')) {
		const key = field.slice('context.'.length);
		const v = asset.context[key];
		return v === undefined ? { kind: 'missing' } : { kind: 'string', value: v };
	}
	if (f.startsWith('metadata.')) {
		const key = field.slice('metadata.'.length);
		const v = asset.metadata[key];
		if (v === undefined || v === null) return { kind: 'missing' };
		const t = metadataType(key);
		if (t === 'integer') return { kind: 'number', value: Number(v) };
		if (t === 'date') return { kind: 'date', value: Date.parse(`${v}T00:00:00Z`) };
		if (Array.isArray(v)) return { kind: 'list', value: v };
		return { kind: 'string', value: String(v) };
	}
	// One field at a time (a search over a 20,000-asset catalogue resolves fields ~100,000 times).
	const hit = assetFieldValue(asset, f);
	if (!hit || hit[1] === undefined || hit[1] === null) return { kind: 'missing' };
	return { kind: hit[0], value: hit[1] };
}

function assetFieldValue(asset, f) {
	const ar = () => (asset.width && asset.height ? asset.width / asset.height : undefined);
	const lastMod = () =>
		Math.max(asset.uploadedAt ?? asset.createdAt, ...Object.values(asset.lastUpdated));
	switch (f) {
		case 'public_id':
			return ['string', asset.publicId];
		case 'asset_id':
			return ['exact', asset.assetId];
		case 'filename':
			return ['string', asset.publicId.split('/').pop()];
		case 'original_filename':
			return ['string', asset.originalFilename];
		case 'display_name':
			return ['string', asset.displayName];
		case 'folder':
			return ['folder', asset.assetFolder];
		case 'asset_folder':
			return ['folder', asset.assetFolder];
		case 'tags':
			return ['list', asset.tags];
		case 'resource_type':
			return ['exact', asset.resourceType];
		case 'type':
			return ['exact', asset.type];
		case 'format':
			return ['exact', asset.format];
		case 'status':
			return ['exact', 'active'];
		case 'access_mode':
			return ['exact', asset.accessMode ?? 'public'];
		case 'moderation_status':
			return [
				'exact',
				asset.moderation.length ? asset.moderation[asset.moderation.length - 1].status : undefined,
			];
		case 'moderation_kind':
			return [
				'exact',
				asset.moderation.length ? asset.moderation[asset.moderation.length - 1].kind : undefined,
			];
		case 'bytes':
			return ['number', asset.bytes];
		case 'width':
			return ['number', asset.width];
		case 'height':
			return ['number', asset.height];
		case 'pixels':
			return ['number', asset.width && asset.height ? asset.width * asset.height : undefined];
		case 'aspect_ratio':
			return ['number', ar()];
		case 'pages':
			return ['number', asset.pages];
		case 'duration':
			return ['number', asset.duration];
		case 'created_at':
			return ['date', asset.createdAt];
		case 'uploaded_at':
			return ['date', asset.uploadedAt ?? asset.createdAt];
		case 'updated_at':
			return ['date', lastMod()];
		case 'last_updated.updated_at':
			return ['date', lastMod()];
		case 'last_updated.tags_updated_at':
			return ['date', asset.lastUpdated.tags_updated_at];
		case 'last_updated.context_updated_at':
			return ['date', asset.lastUpdated.context_updated_at];
		case 'last_updated.metadata_updated_at':
			return ['date', asset.lastUpdated.metadata_updated_at];
		case 'last_updated.access_control_updated_at':
			return ['date', asset.lastUpdated.access_control_updated_at];
		default:
			return undefined;
	}
}

function evalTerm(node, resolved, nowMs) {
	const { kind, value } = resolved;
	if (kind === 'missing') return false;
	const raw = node.value;
	if (node.range) {
		const { lo, hi, loInc, hiInc } = node.range;
		if (kind === 'number') {
			const l = lo === '*' ? null : parseNumber(lo);
			const h = hi === '*' ? null : parseNumber(hi);
			if (Number.isNaN(l) || Number.isNaN(h))
				throw queryError(`invalid number in range [${lo} TO ${hi}]`);
			return inRange(value, l, h, loInc, hiInc);
		}
		if (kind === 'date') {
			const l = lo === '*' ? null : parseDateValue(lo, nowMs);
			const h = hi === '*' ? null : parseDateValue(hi, nowMs);
			if ((lo !== '*' && !l) || (hi !== '*' && !h))
				throw queryError(`invalid date in range [${lo} TO ${hi}]`);
			const hiAt = h ? (h.dayOnly && hiInc ? h.at + 86400e3 - 1 : h.at) : null;
			return inRange(value, l ? l.at : null, hiAt, loInc, hiInc);
		}
		const s = String(value);
		return inRange(s, lo === '*' ? null : lo, hi === '*' ? null : hi, loInc, hiInc);
	}
	const op = node.op;
	if (!node.quoted && raw === '*' && (op === ':' || op === '=')) return true;
	switch (kind) {
		case 'number': {
			const n = parseNumber(raw);
			if (Number.isNaN(n)) {
				if (op === ':' || op === '=') return false;
				throw queryError(`'${raw}' is not a number`);
			}
			if (op === ':' || op === '=') return Math.abs(value - n) < 1e-9 || value === n;
			return compare(value, op, n);
		}
		case 'date': {
			const d = parseDateValue(raw, nowMs);
			if (!d) {
				if (op === ':' || op === '=') return false;
				throw queryError(`'${raw}' is not a date`);
			}
			if (op === ':' || op === '=')
				return d.dayOnly ? value >= d.at && value < d.at + 86400e3 : value === d.at;
			if (d.dayOnly && (op === '>' || op === '<=')) return compare(value, op, d.at + 86400e3 - 1);
			return compare(value, op, d.at);
		}
		case 'list':
			if (op === ':' || op === '=') {
				const wildcard = !node.quoted && raw.endsWith('*');
				const v = wildcard ? raw.slice(0, -1) : raw;
				return value.some((t) => {
					const x = String(t);
					if (op === '=') return wildcard ? x.startsWith(v) : x === v;
					return wildcard
						? x.toLowerCase().startsWith(v.toLowerCase())
						: x.toLowerCase() === v.toLowerCase();
				});
			}
			return value.some((t) => compare(String(t), op, raw));
		case 'folder': {
			if (op !== ':' && op !== '=') return compare(String(value), op, raw);
			const wildcard = !node.quoted && raw.endsWith('*');
			let v = wildcard ? raw.slice(0, -1) : raw;
			v = v.replace(/^\/+/, '');
			if (wildcard) {
				const base = v.replace(/\/+$/, '');
				return (
					base === '' ||
					value === base ||
					value.startsWith(`${base}/`) ||
					(!raw.endsWith('/*') && value.startsWith(v))
				);
			}
			return value === v.replace(/\/+$/, '');
		}
		case 'path': {
			// folder search: path:a/* = everything below a (not a itself), path:a* = prefix, path:a = exact
			if (op !== ':' && op !== '=') return compare(String(value), op, raw);
			const wildcard = !node.quoted && raw.endsWith('*');
			const v = (wildcard ? raw.slice(0, -1) : raw).replace(/^\/+/, '');
			return wildcard ? value.startsWith(v) : value === v.replace(/\/+$/, '');
		}
		case 'exact': {
			if (op === ':' || op === '=') {
				const wildcard = !node.quoted && raw.endsWith('*');
				const v = wildcard ? raw.slice(0, -1) : raw;
				const x = String(value);
				if (op === '=') return wildcard ? x.startsWith(v) : x === v;
				return wildcard
					? x.toLowerCase().startsWith(v.toLowerCase())
					: x.toLowerCase() === v.toLowerCase();
			}
			return compare(String(value), op, raw);
		}
		default: {
			if (op === ':' || op === '=') return matchString(value, op, raw, node.quoted);
			const a = Number(value);
			const b = Number(raw);
			if (!Number.isNaN(a) && !Number.isNaN(b)) return compare(a, op, b);
			return compare(String(value), op, raw);
		}
	}
}

function freeText(asset, node) {
	const fields = [
		asset.publicId,
		asset.displayName,
		asset.assetFolder,
		asset.originalFilename,
		...Object.values(asset.context),
	];
	if (fields.some((f) => f && matchString(f, ':', node.value, node.quoted))) return true;
	return asset.tags.some((t) => matchString(t, ':', node.value, node.quoted));
}

function evaluate(node, record, resolve, nowMs, free) {
	if (node.all) return true;
	if (node.and) return node.and.every((n) => evaluate(n, record, resolve, nowMs, free));
	if (node.or) return node.or.some((n) => evaluate(n, record, resolve, nowMs, free));
	if (node.not) return !evaluate(node.not, record, resolve, nowMs, free);
	if (node.field === null) return free ? free(record, node) : false;
	return evalTerm(node, resolve(record, node.field), nowMs);
}

/** Validates every term against value syntax once (so a bad number fails even with no assets). */
function checkTerms(node) {
	if (!node || node.all) return;
	if (node.and || node.or) return (node.and ?? node.or).forEach(checkTerms);
	if (node.not) return checkTerms(node.not);
	if (node.op && /^[<>]=?$/.test(node.op) && !node.quoted) {
		const v = node.value;
		if (Number.isNaN(parseNumber(v)) && !parseDateValue(v, 0))
			throw queryError(`'${v}' is not a number or a date for '${node.field}${node.op}'`);
	}
}

// ---------------------------------------------------------------- sorting, cursors, aggregations

function encodeCursor(obj) {
	return Buffer.from(JSON.stringify(obj)).toString('hex');
}

function decodeCursor(cursor) {
	try {
		const obj = JSON.parse(Buffer.from(String(cursor), 'hex').toString('utf8'));
		if (obj && typeof obj === 'object') return obj;
	} catch {
		/* fall through */
	}
	throw fail(400, `Invalid next_cursor - ${cursor}`);
}

function normaliseSort(sortBy) {
	let list = sortBy;
	if (typeof list === 'string') {
		try {
			list = JSON.parse(list);
		} catch {
			list = list.split(',').map((s) => {
				const [f, d] = s.split(/[:\s]+/);
				return { [f]: d || 'desc' };
			});
		}
	}
	if (!Array.isArray(list)) list = list ? [list] : [];
	const out = [];
	for (const item of list) {
		if (typeof item === 'string') out.push({ field: item, dir: 'desc' });
		else if (item && typeof item === 'object') {
			for (const [f, d] of Object.entries(item)) {
				const dir = String(d).toLowerCase();
				if (dir !== 'asc' && dir !== 'desc')
					throw fail(400, `Invalid sort direction ${d} for ${f}. Must be asc or desc`);
				out.push({ field: f, dir });
			}
		}
	}
	if (!out.length) out.push({ field: 'created_at', dir: 'desc' });
	return out;
}

function sortValue(resolved) {
	if (resolved.kind === 'missing') return null;
	if (resolved.kind === 'list') return resolved.value.join(',');
	return resolved.value;
}

function cmp(a, b) {
	if (a === b) return 0;
	if (a === null || a === undefined) return 1; // missing values last
	if (b === null || b === undefined) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a) < String(b) ? -1 : 1;
}

/** Orders records by `sort` (+ a unique tie-break) and pages them with a keyset cursor. */
function page(records, { sort, keyOf, maxResults, cursor }) {
	const withKeys = records.map((r) => ({ r, key: keyOf(r) }));
	const compareKeys = (x, y) => {
		for (let i = 0; i < sort.length; i++) {
			const c = cmp(x[i], y[i]);
			if (c !== 0) return sort[i].dir === 'desc' && x[i] !== null && y[i] !== null ? -c : c;
		}
		return cmp(x[sort.length], y[sort.length]);
	};
	withKeys.sort((x, y) => compareKeys(x.key, y.key));
	let start = 0;
	if (cursor !== undefined && cursor !== null && cursor !== '') {
		const after = decodeCursor(cursor).k;
		if (!Array.isArray(after)) throw fail(400, `Invalid next_cursor - ${cursor}`);
		start = withKeys.findIndex((x) => compareKeys(x.key, after) > 0);
		if (start < 0) start = withKeys.length;
	}
	const slice = withKeys.slice(start, start + maxResults);
	const more = start + maxResults < withKeys.length && maxResults > 0;
	return {
		items: slice.map((x) => x.r),
		nextCursor: more ? encodeCursor({ k: slice[slice.length - 1].key }) : undefined,
		total: withKeys.length,
	};
}

const DEFAULT_RANGES = A.searchDefaultRanges;

function aggregate(records, specs, resolve) {
	const out = {};
	for (const spec of specs) {
		let type = spec;
		let ranges = null;
		if (typeof spec === 'string' && spec.trim().startsWith('{')) {
			try {
				const o = JSON.parse(spec);
				type = o.type;
				ranges = o.ranges;
			} catch {
				throw fail(400, `Invalid aggregate ${spec}`);
			}
		} else if (spec && typeof spec === 'object') {
			type = spec.type;
			ranges = spec.ranges;
		}
		if (['format', 'resource_type', 'type'].includes(type)) {
			const counts = new Map();
			for (const r of records) {
				const v = sortValue(resolve(r, type));
				if (v === null) continue;
				counts.set(v, (counts.get(v) ?? 0) + 1);
			}
			out[type] = {
				values: [...counts.entries()]
					.sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
					.map(([value, count]) => ({ value, count })),
			};
			continue;
		}
		if (['bytes', 'image_pixels', 'video_pixels', 'duration'].includes(type)) {
			const list = ranges ?? DEFAULT_RANGES[type];
			const valueOf = (r) => {
				if (type === 'bytes') return r.bytes;
				if (type === 'duration') return r.duration;
				if (!r.width || !r.height) return undefined;
				if (type === 'image_pixels' && r.resourceType !== 'image') return undefined;
				if (type === 'video_pixels' && r.resourceType !== 'video') return undefined;
				return r.width * r.height;
			};
			out[type] = {
				ranges: list.map((range) => {
					const from = range.from ?? null;
					const to = range.to ?? null;
					const count = records.filter((r) => {
						const v = valueOf(r);
						if (v === undefined || v === null) return false;
						return (from === null || v >= from) && (to === null || v < to);
					}).length;
					const o = {};
					if (range.key !== undefined) o.key = range.key;
					if (from !== null) o.from = from;
					if (to !== null) o.to = to;
					o.count = count;
					return o;
				}),
			};
			continue;
		}
		throw fail(
			400,
			`Invalid aggregate field ${typeof type === 'string' ? type : JSON.stringify(spec)}. ` +
				`Supported: format, resource_type, type, bytes, image_pixels, video_pixels, duration`,
		);
	}
	return out;
}

module.exports = {
	tokenize,
	parseExpression,
	evaluate,
	checkTerms,
	resolveAssetField,
	freeText,
	normaliseSort,
	sortValue,
	page,
	aggregate,
	encodeCursor,
	decodeCursor,
	parseNumber,
	parseDateValue,
};
