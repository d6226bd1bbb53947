'use strict';
// Secrets scan: everything a test run leaves behind (n8n's user folder with its log and database,
// the output of every n8n process, PostgreSQL's execution tables, node outputs and error items) is
// searched byte for byte for the secrets our credentials hand to n8n.
//
// Two kinds of needle:
// - secrets (the Consonance API key, the Cloudinary API secret, Basic auth `key:secret` in base64):
//   allowed nowhere;
// - the Cloudinary API key: not a secret, and Cloudinary itself puts it in two places our outputs
//   pass on: its notifications (`signature_key`, `notification_context.triggered_by.id`, the
//   upload answer's `api_key`: sandbox/cloudinary/notifications.js), which the Cloudinary Trigger
//   outputs unchanged under `raw`; and the `created_by` / `uploaded_by` `access_key` of an asset
//   in Search and Admin API answers (sandbox/cloudinary/view.js). It is allowed at exactly those
//   keys in parsed data (execution data, output items) and nowhere else: no log line, no error, no
//   other field (the `api_key` Upload API answers echo is dropped from our outputs).
//
// Used by the real-n8n harness (scripts/lib/n8n.js: every instance is scanned when it stops), the
// queue harness (test/helpers/queue.js) and the engine tier (test/engine/*-matrix.test.ts).
const fs = require('node:fs');
const path = require('node:path');

const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * The needles for the credentials a test handed to n8n (only our two credential types; n8n's own
 * credential types used by a few tests are not ours to police).
 * @param {{ type: string, name?: string, data?: Record<string, unknown> }[]} credentials
 * @returns {{ secrets: Record<string, string>, apiKeys: Record<string, string> }}
 */
function needlesOfCredentials(credentials) {
	const secrets = {};
	const apiKeys = {};
	for (const { type, data = {} } of credentials) {
		// values too short to find reliably (a test's 'wrong') are left out
		const value = (field) =>
			typeof data[field] === 'string' && data[field].length >= 8 ? data[field] : '';
		if (type === 'consonancePublishingApi' && value('apiKey'))
			secrets[`Consonance API key ${value('apiKey').slice(0, 4)}…`] = value('apiKey');
		if (type === 'cloudinaryPublishingApi' || type === 'cloudinaryApi') {
			const key = value('apiKey');
			const secret = value('apiSecret');
			if (secret) secrets[`Cloudinary API secret ${secret.slice(0, 4)}…`] = secret;
			if (key && secret)
				secrets[`Cloudinary Basic auth (${key.slice(0, 4)}…:secret, base64)`] = Buffer.from(
					`${key}:${secret}`,
				).toString('base64');
			if (key) apiKeys[`Cloudinary API key ${key.slice(0, 4)}…`] = key;
		}
	}
	return { secrets, apiKeys };
}

function toNeedles(record) {
	return Object.entries(record).map(([name, value]) => {
		if (typeof value !== 'string' || value.length < 8)
			throw new Error(`secret "${name}" is too short to scan for`);
		return { name, bytes: Buffer.from(value, 'utf8') };
	});
}

/** Names of the needles found in a buffer or string. */
function found(content, needles) {
	const buffer = Buffer.isBuffer(content) ? content : Buffer.from(String(content), 'utf8');
	return needles.filter((n) => buffer.indexOf(n.bytes) !== -1).map((n) => n.name);
}

/** Names of the needles in a file, read in 8 MB chunks that overlap by the longest needle. */
function foundInFile(file, needles) {
	if (!needles.length) return { names: [], bytes: 0 };
	const overlap = Math.max(...needles.map((n) => n.bytes.length)) - 1;
	const fd = fs.openSync(file, 'r');
	const names = new Set();
	let bytes = 0;
	try {
		// sized by the file: most are small, and zero-filling 8 MB for each of them took seconds
		const { size } = fs.fstatSync(fd);
		const buffer = Buffer.allocUnsafe(Math.min(size, CHUNK_BYTES) + overlap);
		let kept = 0;
		let position = 0;
		for (;;) {
			const read = fs.readSync(fd, buffer, kept, buffer.length - kept, position);
			if (read === 0) break;
			position += read;
			bytes += read;
			const window = buffer.subarray(0, kept + read);
			for (const name of found(window, needles)) names.add(name);
			kept = Math.min(overlap, window.length);
			window.copy(buffer, 0, window.length - kept);
		}
	} finally {
		fs.closeSync(fd);
	}
	return { names: [...names], bytes };
}

function* filesUnder(folder) {
	if (!fs.existsSync(folder)) return;
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) yield* filesUnder(full);
		else if (entry.isFile()) yield full;
	}
}

/** SQLite's database files (the main file, its WAL and journal): the API key is checked row by row there. */
const isSqliteFile = (file) => /\.sqlite(-wal|-shm|-journal)?$/.test(file);

/**
 * Where in a parsed value (execution data, an output item) the API key occurs outside the places
 * Cloudinary puts it. Returns JSON paths such as `resultData.runData.Upload[0]…error.message`.
 */
function apiKeyOutsideNotifications(value, apiKey) {
	const places = [];
	const seen = new Set();
	const allowed = (keys) => {
		const last = keys.slice(-2).join('.');
		if (last === 'created_by.access_key' || last === 'uploaded_by.access_key') return true;
		const rawAt = keys.lastIndexOf('raw');
		if (rawAt === -1) return false;
		const below = keys.slice(rawAt + 1).join('.');
		return (
			below === 'signature_key' ||
			below === 'api_key' ||
			below === 'notification_context.triggered_by.id'
		);
	};
	const walk = (v, keys) => {
		if (typeof v === 'string') {
			if (v.includes(apiKey) && !(v === apiKey && allowed(keys))) places.push(keys.join('.'));
			return;
		}
		if (typeof v === 'number') {
			if (String(v).includes(apiKey) && !allowed(keys)) places.push(keys.join('.'));
			return;
		}
		if (!v || typeof v !== 'object' || seen.has(v)) return;
		seen.add(v);
		for (const [k, child] of Object.entries(v)) {
			if (k.includes(apiKey)) places.push([...keys, k].join('.'));
			walk(child, [...keys, k]);
		}
	};
	walk(value, []);
	return places;
}

/**
 * Scans folders (every file), extra texts and parsed values.
 * @param {{
 *   folders?: string[],
 *   texts?: Record<string, string | Buffer>,          place → content: every needle forbidden
 *   values?: Record<string, unknown>,                  place → parsed data: API key allowed in notifications
 *   secrets: Record<string, string>, apiKeys?: Record<string, string>,
 * }} opts  In folders, SQLite files are searched for the secrets only: their rows are given as
 *   `values` / `texts` by the caller (scripts/lib/n8n.js reads them).
 * @returns {{ scanned: number, bytes: number, places: string[], hits: { place: string, secret: string }[] }}
 *   places: every file, text and value searched
 */
function scanForSecrets({ folders = [], texts = {}, values = {}, secrets, apiKeys = {} }) {
	const secretNeedles = toNeedles(secrets);
	const keyNeedles = toNeedles(apiKeys);
	const hits = [];
	const places = [];
	let bytes = 0;
	for (const folder of folders)
		for (const file of filesUnder(folder)) {
			const needles = isSqliteFile(file) ? secretNeedles : [...secretNeedles, ...keyNeedles];
			const result = foundInFile(file, needles);
			places.push(file);
			bytes += result.bytes;
			for (const name of result.names) hits.push({ place: file, secret: name });
		}
	for (const [place, content] of Object.entries(texts)) {
		places.push(place);
		bytes += content.length;
		for (const name of found(content, [...secretNeedles, ...keyNeedles]))
			hits.push({ place, secret: name });
	}
	for (const [place, value] of Object.entries(values)) {
		const text = JSON.stringify(value) ?? '';
		places.push(place);
		bytes += text.length;
		for (const name of found(text, secretNeedles)) hits.push({ place, secret: name });
		for (const [name, key] of Object.entries(apiKeys))
			if (text.includes(key))
				for (const at of apiKeyOutsideNotifications(value, key))
					hits.push({ place: `${place} at ${at || '(top)'}`, secret: name });
	}
	return { scanned: places.length, bytes, places, hits };
}

/** One line per hit, for an error message. */
function describeHits(hits) {
	return hits.map((h) => `  ${h.secret} in ${h.place}`).join('\n');
}

module.exports = {
	needlesOfCredentials,
	scanForSecrets,
	apiKeyOutsideNotifications,
	describeHits,
	isSqliteFile,
};
