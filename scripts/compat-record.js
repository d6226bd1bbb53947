#!/usr/bin/env node
'use strict';
// `npm run compat:record` (after `npm run build`): writes test/compat/<node>@<version>.json, the
// parameter schema of every version of our four nodes, from dist/. A version with no record yet is
// recorded as it is. An existing record is rewritten only when the current schema is compatible
// with it (additions); otherwise nothing is written and the problems are listed: a change that
// breaks old workflows needs a new node version (docs/compatibility.md).
const fs = require('node:fs');
const path = require('node:path');
const compat = require('./lib/compat');

let failed = false;
fs.mkdirSync(compat.RECORD_DIR, { recursive: true });
for (const node of compat.loadPackageNodes()) {
	for (const { version, description } of node.versions) {
		const file = compat.recordPath(node.name, version);
		const current = compat.schemaOf(node.type, version, description);
		const name = path.relative(process.cwd(), file);
		if (fs.existsSync(file)) {
			const recorded = JSON.parse(fs.readFileSync(file, 'utf8'));
			const problems = compat.compareSchemas(recorded, current);
			if (problems.length) {
				failed = true;
				console.error(
					`${name}: not rewritten, the current parameters break workflows built on it:`,
				);
				for (const p of problems) console.error(`  - ${p}`);
				continue;
			}
		}
		const text = compat.formatRecord(current);
		const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
		if (before === text) console.log(`${name}: unchanged`);
		else {
			fs.writeFileSync(file, text);
			console.log(`${name}: ${before === undefined ? 'recorded' : 'updated (additions)'}`);
		}
	}
}
if (failed) {
	console.error(
		'Declare a new node version for these changes and keep the old one as it was (docs/compatibility.md).',
	);
	process.exitCode = 1;
}
