#!/usr/bin/env node
// n8n's verification scanner (@n8n/scan-community-package) on the package as it would be published.
// Its command line only fetches packages from the npm registry (and needs their provenance), so this
// runs the scanner's own analysis functions on local files, the same two legs it runs there:
//   1. the source the package is built from: package.json and nodes/ + credentials/ (`.ts`);
//   2. the packed tarball (`npm pack`), unpacked: its compiled `.js` and package.json.
// The one registry-only check, npm provenance, is made by `npm publish --provenance` in
// .github/workflows/release.yml. Exits 1 on any violation, printing the scanner's findings.
//
// Usage: node scripts/scan-package.mjs [--tarball <file.tgz>] [--source <dir>]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_FILE_PATTERNS = ['**/*.js', 'package.json']; // the scanner's tarball leg

/** Unpacks an npm tarball into a new temporary folder and returns the package's folder. */
function unpack(tarball) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', dir, '--strip-components=1']);
	return dir;
}

/** `npm pack` of the package at `source` (dist/ must be built) → path of the tarball. */
function pack(source) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-pack-'));
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
		{
			cwd: source,
			encoding: 'utf8',
		},
	);
	return path.join(dir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
}

/** Files package.json declares to n8n (n8n.nodes, n8n.credentials) that the folder lacks. */
function missingDeclaredFiles(dir) {
	const { n8n = {} } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	return [...(n8n.nodes ?? []), ...(n8n.credentials ?? [])].filter(
		(f) => !fs.existsSync(path.join(dir, f)),
	);
}

/**
 * Both legs of the scanner on a local package: { passed, legs: [{ leg, passed, message, details }] }.
 * `tarball` defaults to a fresh `npm pack` of `source`.
 */
export async function scanLocalPackage({ source = ROOT, tarball } = {}) {
	const packed = tarball ?? pack(source);
	const unpacked = unpack(packed);
	try {
		// The scanner passes a folder without files to lint: a tarball without its build must not.
		const missing = missingDeclaredFiles(unpacked);
		if (missing.length) {
			const message = `the tarball lacks files package.json declares to n8n: ${missing.join(', ')} (build first)`;
			return {
				passed: false,
				legs: [{ leg: `packed tarball (${path.basename(packed)})`, passed: false, message }],
			};
		}
		const legs = [
			{
				leg: `source (${path.relative(process.cwd(), source) || '.'})`,
				...(await analyzePackage(source, SOURCE_FILE_PATTERNS)),
			},
			{
				leg: `packed tarball (${path.basename(packed)})`,
				...(await analyzePackage(unpacked, DIST_FILE_PATTERNS)),
			},
		];
		return { passed: legs.every((l) => l.passed), legs };
	} finally {
		fs.rmSync(unpacked, { recursive: true, force: true });
		if (!tarball) fs.rmSync(path.dirname(packed), { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const arg = (name) => {
		const i = process.argv.indexOf(name);
		return i > 0 ? process.argv[i + 1] : undefined;
	};
	const result = await scanLocalPackage({
		source: path.resolve(arg('--source') ?? ROOT),
		tarball: arg('--tarball'),
	});
	for (const leg of result.legs) {
		const why = leg.message ? ` — ${leg.message}` : '';
		console.log(`${leg.passed ? 'passed' : 'FAILED'}: n8n scanner on the ${leg.leg}${why}`);
		if (leg.details) console.log(leg.details);
	}
	process.exit(result.passed ? 0 : 1);
}
