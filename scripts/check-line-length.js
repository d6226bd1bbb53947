#!/usr/bin/env node
// No line longer than 120 characters (a tab counts as 2, as in .prettierrc) in the source folders.
// Run by `npm run lint`; exits 1 when a line is over. A URL is never split: a line is allowed past
// the limit by the length of the URLs on it (n8n's lint wants some descriptions holding one as is).
// Usage: node scripts/check-line-length.js [--max 120] [--count] [folder …]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const FOLDERS = ['nodes', 'credentials', 'sandbox', 'test', 'scripts', 'bench'];
const EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.json']);
// bench/results: what `npm run bench` writes (git-ignored output, not source)
const SKIP = new Set(['node_modules', 'dist', '.cache', '.tmp', 'compat', 'results']);
const TAB_WIDTH = 2;
const URL = /https?:\/\/[\w.-]+[^\s'"`<>(){}$]*/g;

function* sourceFiles(dir) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* sourceFiles(full);
		else if (EXTENSIONS.has(path.extname(entry.name))) yield full;
	}
}

/** Every line over `max` columns in the given folders, as { file, line, length }. */
function longLines(folders = FOLDERS, max = 120) {
	const found = [];
	for (const folder of folders) {
		const dir = path.resolve(ROOT, folder);
		if (!fs.existsSync(dir)) continue;
		for (const file of sourceFiles(dir)) {
			const lines = fs.readFileSync(file, 'utf8').split('\n');
			lines.forEach((text, i) => {
				const length = text.replace(/\t/g, ' '.repeat(TAB_WIDTH)).length;
				const urls = (text.match(URL) ?? []).reduce((sum, url) => sum + url.length, 0);
				if (length - urls > max)
					found.push({ file: path.relative(ROOT, file), line: i + 1, length });
			});
		}
	}
	return found;
}

module.exports = { longLines };

if (require.main === module) {
	const args = process.argv.slice(2);
	const maxAt = args.indexOf('--max');
	const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 120;
	const countOnly = args.includes('--count');
	const folders = args.filter((a) => !a.startsWith('--'));
	const found = longLines(folders.length ? folders : FOLDERS, max);
	if (!countOnly) for (const f of found) console.log(`${f.file}:${f.line}: ${f.length} columns`);
	const files = new Set(found.map((f) => f.file)).size;
	console.log(`${found.length} line(s) over ${max} columns in ${files} file(s)`);
	process.exitCode = found.length ? 1 : 0;
}
