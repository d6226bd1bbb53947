'use strict';
// npm test's closing summary (scripts/test.sh) reads each tier's figures from the file
// test/helpers/summary-reporter.js writes. jest's own --json loses the whole tier's figures when one
// failure holds a circular structure; this reporter must not.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

function runFixture(args) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-reporter-'));
	const out = path.join(dir, 'summary.json');
	const config = JSON.stringify({
		rootDir: root,
		testMatch: ['<rootDir>/test/fixtures/summary-reporter/*.check.js'],
	});
	const result = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '--config', config, '--ci', ...args],
		{
			cwd: root,
			env: { ...process.env, JEST_SUMMARY_FILE: out },
			encoding: 'utf8',
			timeout: 60000,
		},
	);
	const summary = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
	fs.rmSync(dir, { recursive: true, force: true });
	return { result, summary };
}

it("jest's own --json really is lost on such a failure (why the reporter exists)", () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-reporter-'));
	const out = path.join(dir, 'jest.json');
	const { result } = runFixture(['--json', `--outputFile=${out}`]);
	expect(result.stderr).toMatch(/circular structure/i);
	expect(fs.existsSync(out)).toBe(false);
	fs.rmSync(dir, { recursive: true, force: true });
});

it('writes both tests, their outcomes and the counts although one failure is circular', () => {
	const { result, summary } = runFixture([
		'--reporters=default',
		'--reporters=./test/helpers/summary-reporter.js',
	]);
	expect(result.status).toBe(1);
	expect(summary).toMatchObject({ numPassedTests: 1, numFailedTests: 1 });
	expect(summary.testResults).toHaveLength(1);
	expect(summary.testResults[0].name).toMatch(/circular-failure\.check\.js$/);
	expect(summary.testResults[0].assertionResults.map((a) => [a.title, a.status])).toEqual([
		['fails with an error that holds a circular structure', 'failed'],
		['passes', 'passed'],
	]);
});
