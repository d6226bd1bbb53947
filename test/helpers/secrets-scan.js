'use strict';
// Secrets scan: every file under the given folders (n8n's user folder: its log, database.sqlite with
// its WAL, the installed package) and any extra texts (node outputs, error items, executions) are
// searched byte for byte for each secret. Returns one hit per (place, secret name) found.
const fs = require('node:fs');
const path = require('node:path');

function* filesUnder(folder) {
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) yield* filesUnder(full);
		else if (entry.isFile()) yield full;
	}
}

/**
 * @param {{ folders?: string[], texts?: Record<string, string>, secrets: Record<string, string> }} opts
 *   secrets: name → the exact string that must appear nowhere
 * @returns {{ scanned: number, bytes: number, hits: { place: string, secret: string }[] }}
 */
function scanForSecrets({ folders = [], texts = {}, secrets }) {
	const needles = Object.entries(secrets).map(([name, value]) => {
		if (!value || value.length < 8) throw new Error(`secret "${name}" is too short to scan for`);
		return [name, Buffer.from(value, 'utf8')];
	});
	const hits = [];
	let scanned = 0;
	let bytes = 0;
	const check = (place, content) => {
		scanned++;
		bytes += content.length;
		for (const [name, needle] of needles)
			if (content.indexOf(needle) !== -1) hits.push({ place, secret: name });
	};
	for (const folder of folders)
		for (const file of filesUnder(folder)) check(file, fs.readFileSync(file));
	for (const [place, text] of Object.entries(texts)) check(place, Buffer.from(text, 'utf8'));
	return { scanned, bytes, hits };
}

module.exports = { scanForSecrets };
