'use strict';
// The one shape every template's Report item has (workflows-templates/README.md › "Reports"), checked
// the same way for all eight templates by their real-n8n tests.

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Checks `report` (a Report item's json) against the documented shape: `summary` with its times and
 * counts by outcome adding up to the titles looked at; one line per run-level problem, then one per
 * `attention` entry (`<ISBN-13 or public ID> "<title>": <problem>. What to do: <action>.`); `text`
 * = heading, counts, then the lines as bullets (or "Nothing needs a person."). Returns the report.
 */
function expectReportShape(report) {
	expect(Object.keys(report).slice(0, 4)).toEqual(['summary', 'lines', 'text', 'attention']);
	const s = report.summary;
	expect(s).toMatchObject({
		workflow: expect.any(String),
		startedAt: expect.any(String),
		finishedAt: expect.any(String),
		seconds: expect.any(Number),
		titles: expect.any(Number),
		outcomes: expect.any(Object),
		problems: expect.any(Number),
	});
	expect(Object.values(s.outcomes).reduce((a, b) => a + b, 0)).toBe(s.titles);
	expect(Date.parse(s.finishedAt)).toBeGreaterThanOrEqual(Date.parse(s.startedAt));
	expect(s.seconds).toBeGreaterThanOrEqual(0);
	expect(report.lines).toHaveLength(s.problems + report.attention.length);
	report.attention.forEach((a, i) => {
		expect(a).toMatchObject({ outcome: expect.any(String), problem: expect.any(String) });
		const line = report.lines[s.problems + i];
		expect(line.startsWith(`${a.isbn13 ?? a.publicId} "${a.title}": `)).toBe(true);
		expect(line.endsWith(`. What to do: ${a.action.replace(/[.\s]+$/, '')}.`)).toBe(true);
	});
	for (const line of report.lines.slice(0, s.problems)) expect(line).toMatch(/What to do: .+\.$/);
	const text = report.text.split('\n');
	expect(text[0]).toMatch(
		new RegExp(
			`^${escape(s.workflow)} — run of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(${s.seconds} s\\)$`,
		),
	);
	expect(text[1]).toMatch(new RegExp(`^${s.titles} [^:]+: `));
	expect(text.slice(text.length - report.lines.length - 1)).toEqual([
		report.lines.length ? 'Needs a person:' : 'Nothing needs a person.',
		...report.lines.map((l) => `• ${l}`),
	]);
	return report;
}

module.exports = { expectReportShape };
