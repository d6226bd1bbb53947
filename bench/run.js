#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every bench/*.bench.js (or the ones named on the command line) and prints
// each one's measured figures side by side with the baseline it measured in the same run, and the
// ratio: how many times better ours is (baseline / ours, or ours / baseline for a rate such as items/s).
// A bench module exports `{ name, run({ log }) }`, where run() resolves to
// `{ rows: [{ metric, ours, baseline, unit, note? }], notes?: string[] }`.
// No timing here is an assertion: benchmarks report, tests decide.
const fs = require('node:fs');
const path = require('node:path');

function format(value) {
	if (typeof value === 'number')
		return Number.isInteger(value)
			? value.toLocaleString('en-GB')
			: value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
	return value === undefined || value === null ? '—' : String(value);
}

function table(rows) {
	const header = ['metric', 'ours', 'baseline', 'unit', 'ratio'];
	const body = rows.map((r) => {
		// how many times better ours is: for a rate (items/s) more is better, for anything else less
		const perSecond = /\/s$/.test(r.unit ?? '');
		const [better, worse] = perSecond ? [r.ours, r.baseline] : [r.baseline, r.ours];
		const ratio =
			typeof better === 'number' && typeof worse === 'number' && worse !== 0
				? `${format(better / worse)}×`
				: '';
		return [r.metric, format(r.ours), format(r.baseline), r.unit ?? '', ratio];
	});
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
	const line = (cells) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
	// `--name value` pairs are options for the benchmarks (e.g. `templates --titles 2000`)
	const only = process.argv
		.slice(2)
		.filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
	const files = fs
		.readdirSync(__dirname)
		.filter((f) => f.endsWith('.bench.js'))
		.filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
		.sort();
	if (files.length === 0) {
		console.log('No benchmarks found' + (only.length ? ` matching ${only.join(', ')}` : ''));
		return;
	}
	const results = {};
	for (const file of files) {
		const bench = require(path.join(__dirname, file));
		console.log(`\n=== ${bench.name} (${file})`);
		const started = Date.now();
		const result = await bench.run({ log: (...args) => console.log('  ', ...args) });
		console.log(table(result.rows));
		for (const note of result.notes ?? []) console.log(`  note: ${note}`);
		console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		results[bench.name] = result;
	}
	const outDir = path.join(__dirname, 'results');
	fs.mkdirSync(outDir, { recursive: true });
	const out = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(
		out,
		JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2),
	);
	console.log(`\nResults written to ${path.relative(process.cwd(), out)}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
