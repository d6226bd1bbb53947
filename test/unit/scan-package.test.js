'use strict';
// The verification-scanner gate (scripts/scan-package.mjs, run by `npm test` on our packed
// tarball) must fail a package that breaks n8n's rules: a fixture with a runtime dependency and a
// node that reads the environment and the disk.
const { execFile } = require('node:child_process');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'scan-violations');

function scan(args) {
	return new Promise((resolve) => {
		const script = path.join(ROOT, 'scripts', 'scan-package.mjs');
		execFile(process.execPath, [script, ...args], { cwd: ROOT }, (error, stdout, stderr) =>
			resolve({ code: error ? error.code : 0, out: stdout + stderr }),
		);
	});
}

test('the scanner gate fails a package with a runtime dependency, env and disk access, naming rules', async () => {
	const { code, out } = await scan(['--source', FIXTURE]);
	expect(code).toBe(1);
	expect(out).toMatch(/FAILED: n8n scanner on the source/);
	expect(out).toMatch(/FAILED: n8n scanner on the packed tarball/);
	expect(out).toContain('@n8n/community-nodes/no-runtime-dependencies');
	expect(out).toMatch(/@n8n\/community-nodes\/no-restricted-globals[\s\S]*process/);
	expect(out).toContain('@n8n/community-nodes/no-restricted-imports');
}, 180000);
