'use strict';
// Request parameters for both APIs, from the query string AND the body for every method (the SDK
// sends DELETE bodies): multipart/form-data (streamed; a file part is spooled to a temp file once
// large), application/x-www-form-urlencoded and JSON. `key[]` repeats become arrays; `list()` also
// accepts JSON arrays and comma-separated strings; `bool()` accepts 1/0/true/false.
const { BlobWriter } = require('./blob');
const { fail } = require('./errors');

const MAX_FORM_BODY = 100 * 1024 * 1024; // data URIs may be ~60 MB; anything bigger must be multipart

class Params {
	constructor() {
		this.map = new Map();
		this.file = null; // { filename, contentType, blob } for a multipart file part
	}

	add(rawKey, value) {
		let key = rawKey;
		let isArray = false;
		if (key.endsWith('[]')) {
			key = key.slice(0, -2);
			isArray = true;
		}
		const entry = this.map.get(key);
		if (entry && !entry.json) {
			entry.values.push(value);
			entry.array = true;
		} else this.map.set(key, { values: [value], array: isArray, json: false });
	}

	/** A typed value from a JSON body (arrays stay arrays, objects stay objects). */
	setJson(key, value) {
		const k = key.endsWith('[]') ? key.slice(0, -2) : key;
		this.map.set(k, {
			values: Array.isArray(value) ? value : [value],
			array: Array.isArray(value),
			json: true,
		});
	}

	keys() {
		return [...this.map.keys()];
	}

	/** True when the key is present with a non-blank value. */
	has(key) {
		const e = this.map.get(key);
		if (!e) return false;
		if (e.array) return e.values.length > 0;
		const v = e.values[e.values.length - 1];
		return v !== null && v !== undefined && v !== '';
	}

	/** The raw value: an array for array params, otherwise the last scalar/object given. */
	get(key) {
		const e = this.map.get(key);
		if (!e) return undefined;
		return e.array ? e.values : e.values[e.values.length - 1];
	}

	str(key, def) {
		const v = this.get(key);
		if (v === undefined || v === null) return def;
		if (Array.isArray(v)) return v.map(stringify).join(',');
		const s = stringify(v);
		return s === '' ? def : s;
	}

	bool(key, def) {
		const v = this.get(key);
		if (v === undefined || v === null || v === '') return def;
		if (v === true || v === 1) return true;
		if (v === false || v === 0) return false;
		const s = String(v).toLowerCase();
		if (s === '1' || s === 'true') return true;
		if (s === '0' || s === 'false') return false;
		return def;
	}

	int(key, def) {
		const v = this.str(key);
		if (v === undefined) return def;
		const n = Number(v);
		if (!Number.isFinite(n)) throw fail(400, `Invalid value ${v} for parameter ${key}`);
		return Math.trunc(n);
	}

	/**
	 * A list of strings: array params (`k[]=a&k[]=b`, JSON arrays), a JSON array string, or a
	 * comma-separated string.
	 */
	list(key) {
		const v = this.get(key);
		return toList(v);
	}

	/** Parameters as the signer sees them (arrays kept, to be comma-joined). */
	signable() {
		const out = {};
		for (const [k, e] of this.map)
			out[k] = e.array ? e.values.map(stringify) : stringify(e.values[e.values.length - 1]);
		return out;
	}

	toObject() {
		const out = {};
		for (const k of this.map.keys()) out[k] = this.get(k);
		return out;
	}
}

function stringify(v) {
	if (v === null || v === undefined) return '';
	if (typeof v === 'object') return JSON.stringify(v);
	return String(v);
}

function toList(v) {
	if (v === undefined || v === null || v === '') return [];
	if (Array.isArray(v))
		return v.flatMap((x) => (x === null || x === undefined || x === '' ? [] : [stringify(x)]));
	if (typeof v === 'object') return [JSON.stringify(v)];
	const s = String(v).trim();
	if (s.startsWith('[') && s.endsWith(']')) {
		try {
			const arr = JSON.parse(s);
			if (Array.isArray(arr)) return arr.map(stringify).filter((x) => x !== '');
		} catch {
			/* not JSON: fall through to CSV */
		}
	}
	return s
		.split(',')
		.map((x) => x.trim())
		.filter((x) => x !== '');
}

function addSearchParams(params, searchParams) {
	for (const [k, v] of searchParams) params.add(k, v);
}

/** The request's body chunks: the stream, or the body already read by a `bodyMatch` fault check. */
function bodyChunks(req) {
	return req.sandboxBody ? [req.sandboxBody] : req;
}

async function readAll(req, limit) {
	const chunks = [];
	let size = 0;
	for await (const chunk of bodyChunks(req)) {
		size += chunk.length;
		if (size > limit)
			throw fail(413, `Request body larger than ${limit} bytes; send files as multipart/form-data`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, size);
}

function headerParam(header, name) {
	const re = new RegExp(`(?:^|;)\\s*${name}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
	const m = re.exec(header);
	if (!m) return undefined;
	return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/**
 * Streams a multipart/form-data body. Field parts are collected as strings; a part with a filename
 * is written to a BlobWriter (memory, then temp file) so big files are never held whole.
 */
async function parseMultipart(req, boundary, params, tmpDir) {
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const CRLF2 = Buffer.from('\r\n\r\n');
	let buf = Buffer.from('\r\n'); // so the first boundary matches the same delimiter
	let state = 'preamble';
	let part = null;
	let done = false;

	const startPart = (headerText) => {
		const headers = {};
		for (const line of headerText.split('\r\n')) {
			const i = line.indexOf(':');
			if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
		}
		const disp = headers['content-disposition'] ?? '';
		const name = headerParam(disp, 'name');
		const filename = headerParam(disp, 'filename');
		if (name === undefined) throw fail(400, 'Malformed multipart body: part without a name');
		if (filename !== undefined) {
			return {
				name,
				filename,
				contentType: headers['content-type'],
				writer: new BlobWriter(tmpDir),
			};
		}
		return { name, chunks: [] };
	};
	const feed = async (data) => {
		if (!data.length) return;
		if (part.writer) await part.writer.write(data);
		else part.chunks.push(data);
	};
	const endPart = async () => {
		if (part.writer) {
			const blob = await part.writer.end();
			if (params.file) params.file.blob.dispose();
			params.file = {
				name: part.name,
				filename: part.filename,
				contentType: part.contentType,
				blob,
			};
		} else {
			params.add(part.name, Buffer.concat(part.chunks).toString('utf8'));
		}
		part = null;
	};

	try {
		for await (const chunk of bodyChunks(req)) {
			if (done) continue; // drain an epilogue
			buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
			let progress = true;
			while (progress && !done) {
				progress = false;
				if (state === 'preamble' || state === 'body') {
					const idx = buf.indexOf(delimiter);
					if (idx >= 0) {
						if (state === 'body') {
							await feed(buf.subarray(0, idx));
							await endPart();
						}
						buf = buf.subarray(idx + delimiter.length);
						state = 'after';
						progress = true;
					} else if (state === 'body') {
						const safe = buf.length - (delimiter.length - 1);
						if (safe > 0) {
							await feed(buf.subarray(0, safe));
							buf = buf.subarray(safe);
						}
					} else if (buf.length > delimiter.length) {
						buf = buf.subarray(buf.length - delimiter.length);
					}
				} else if (state === 'after') {
					if (buf.length >= 2) {
						if (buf[0] === 0x2d && buf[1] === 0x2d) {
							done = true;
						} else {
							// skip optional transport padding up to CRLF
							const nl = buf.indexOf('\r\n');
							if (nl < 0) break;
							buf = buf.subarray(nl + 2);
							state = 'headers';
							progress = true;
						}
					}
				} else if (state === 'headers') {
					const idx = buf.indexOf(CRLF2);
					if (idx >= 0) {
						part = startPart(buf.subarray(0, idx).toString('utf8'));
						buf = buf.subarray(idx + 4);
						state = 'body';
						progress = true;
					} else if (buf.length > 64 * 1024)
						throw fail(400, 'Malformed multipart body: part headers too long');
				}
			}
		}
	} catch (error) {
		if (part?.writer) await part.writer.abort();
		throw error;
	}
	if (!done) {
		if (part?.writer) await part.writer.abort();
		throw fail(400, 'Malformed multipart body: missing closing boundary');
	}
}

/**
 * Reads every parameter of a request. Must be called before the handler awaits anything else so
 * that no body bytes are missed.
 */
async function parseRequest(req, searchParams, { tmpDir } = {}) {
	const params = new Params();
	addSearchParams(params, searchParams);
	if (req.method === 'GET' || req.method === 'HEAD') {
		req.resume();
		return params;
	}
	const type = String(req.headers['content-type'] ?? '').toLowerCase();
	if (type.startsWith('multipart/form-data')) {
		const boundary = headerParam(req.headers['content-type'], 'boundary');
		if (!boundary) throw fail(400, 'Malformed multipart body: no boundary');
		await parseMultipart(req, boundary, params, tmpDir);
		return params;
	}
	const body = await readAll(req, MAX_FORM_BODY);
	if (!body.length) return params;
	if (type.includes('json')) {
		let json;
		try {
			json = JSON.parse(body.toString('utf8'));
		} catch {
			throw fail(400, 'Invalid JSON in request body');
		}
		if (json && typeof json === 'object' && !Array.isArray(json))
			for (const [k, v] of Object.entries(json)) params.setJson(k, v);
		return params;
	}
	// urlencoded (also the fallback for a missing content type)
	addSearchParams(params, new URLSearchParams(body.toString('utf8')));
	return params;
}

module.exports = { Params, parseRequest, toList, headerParam };
