'use strict';
// The check list every part of `npm run check:live` adds to, the table it prints and the JSON
// report it writes. Secrets are taken out of every text before it is printed or written.

function createReport({ secrets = [] } = {}) {
	const checks = [];
	const known = secrets.filter((s) => typeof s === 'string' && s.length >= 4);
	const redact = (text) =>
		known.reduce((out, secret) => out.split(secret).join('[redacted]'), String(text ?? ''));
	const clean = (value) => {
		if (typeof value === 'string') return redact(value);
		if (Array.isArray(value)) return value.map(clean);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
		return value;
	};
	return {
		/** result: 'pass' | 'fail' | 'skipped' | 'confirmed' | 'refuted' | 'unknown'. */
		add(area, name, result, detail = '', data) {
			const check = clean({ area, name, result, detail, ...(data === undefined ? {} : { data }) });
			checks.push(check);
			return check;
		},
		checks,
		redact,
		clean,
		failed: () => checks.filter((c) => c.result === 'fail' || c.result === 'refuted'),
		table() {
			const rows = checks.map((c) => [c.area, c.name, c.result.toUpperCase(), c.detail]);
			const widths = [0, 1, 2].map((i) =>
				Math.min(
					60,
					Math.max(...rows.map((r) => r[i].length), ['area', 'check', 'result'][i].length),
				),
			);
			const line = (r) =>
				`${r
					.slice(0, 3)
					.map((cell, i) => cell.padEnd(widths[i]))
					.join('  ')}  ${r[3]}`;
			return [
				line(['area', 'check', 'result', 'detail']),
				line(widths.map((w) => '-'.repeat(w)).concat('------')),
				...rows.map(line),
			].join('\n');
		},
		summary() {
			const count = (r) => checks.filter((c) => c.result === r).length;
			return {
				pass: count('pass'),
				fail: count('fail'),
				skipped: count('skipped'),
				confirmed: count('confirmed'),
				refuted: count('refuted'),
				unknown: count('unknown'),
			};
		},
	};
}

module.exports = { createReport };
