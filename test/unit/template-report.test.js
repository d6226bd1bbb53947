'use strict';
// The report code every template shares (scripts/template-report.js) is carried verbatim by each
// template's Report node (n8n Code nodes cannot import files; `npm run templates:sync` copies it), and
// it makes the item workflows-templates/README.md › "Reports" documents. The code runs here as n8n runs
// it: a function body given `$`, `$now`, `$workflow` and Luxon's DateTime.
const acorn = require('acorn');
const { DateTime } = require('luxon');
const { templateFiles, loadTemplate } = require('../../scripts/lib/templates');
const {
	BEGIN,
	END,
	sharedReportCode,
	carriedCode,
	withSharedCode,
	withReadsBlock,
	reportNode,
} = require('../../scripts/templates-sync');

const shared = sharedReportCode();

/**
 * Why n8n would send a Code node's task runner the output of EVERY node, by the rules of n8n 2.40.7's
 * own parser (@n8n/task-runner › js-task-runner/built-ins-parser/built-ins-parser.js): a $() whose
 * name is not a string literal, a $('…') not directly followed by a property (kept in a variable,
 * passed on) or followed by .item / .pairedItem / .itemMatching, $node or $item. [] when none.
 */
function needsEveryNode(code) {
	const ast = acorn.parse(`async function VmCodeWrapper() { ${code} }`, {
		ecmaVersion: 2025,
		sourceType: 'module',
	});
	const why = [];
	const visit = (node, parent) => {
		if (!node || typeof node.type !== 'string') return;
		if (
			node.type === 'CallExpression' &&
			node.callee.type === 'Identifier' &&
			node.callee.name === '$'
		) {
			const [arg] = node.arguments;
			if (arg && arg.type !== 'Literal') why.push(`$(${code.slice(arg.start - 33, arg.end - 33)})`);
			else if (arg && typeof arg.value === 'string') {
				const property =
					parent?.type === 'MemberExpression' && !parent.computed ? parent.property.name : null;
				if (!property || ['item', 'pairedItem', 'itemMatching'].includes(property))
					why.push(`$('${arg.value}')${property ? `.${property}` : ' not followed by a property'}`);
			}
		}
		if (node.type === 'Identifier' && ['$node', '$item'].includes(node.name)) why.push(node.name);
		for (const [key, value] of Object.entries(node)) {
			if (key === 'type') continue;
			for (const child of [].concat(value))
				if (child && typeof child === 'object') visit(child, node);
		}
	};
	visit(ast, null);
	return why;
}

test('the check of what n8n sends a task runner catches each way of asking for every node', () => {
	expect(needsEveryNode("const a = $('A').all(); return $('B').first().json;")).toEqual([]);
	expect(needsEveryNode('const n = "A"; return $(n).all();')).toEqual(['$(n)']);
	expect(needsEveryNode("const node = $('A'); return node.all();")).toEqual([
		"$('A') not followed by a property",
	]);
	expect(needsEveryNode("return [$('A').itemMatching(0)];")).toEqual(["$('A').itemMatching"]);
	expect(needsEveryNode('return $node.A.json;')).toEqual(['$node']);
});

describe.each(templateFiles())('%s', (file) => {
	const workflow = loadTemplate(file);
	const { jsCode } = reportNode(workflow).parameters;

	test('its Report node names each node it reads literally (READS), so n8n sends the task runner only those', () => {
		expect(withReadsBlock(workflow, jsCode)).toBe(jsCode);
		expect(needsEveryNode(jsCode)).toEqual([]);
	});

	test('its Report node carries the shared report code exactly as scripts/template-report.js has it', () => {
		expect(carriedCode(jsCode)).toBe(shared);
		expect(jsCode.split(BEGIN)).toHaveLength(2);
		expect(jsCode.split(END)).toHaveLength(2);
	});

	test('its Report node builds its item with the shared report(), and keeps no copy of its own', () => {
		const own = jsCode.replace(shared, '');
		expect(own).toMatch(/return report\(\{/);
		for (const name of ['runsOf', 'outputOf', 'failuresOf', 'named', 'whatToDo', 'plain', 'report'])
			expect(own).not.toMatch(new RegExp(`const ${name} = `));
		expect(own).not.toMatch(/runStartedAt|durationSeconds|titlesProcessed/);
	});
});

// Code nodes that pair back with itemMatching, and so get the whole run, which for them is small:
// F4 runs for one upload (a notification) or the few media of a night's healing run, and pairs
// through several If branches; F7's Remember alerts sent gets the alerts n8n's HTTP Request node
// posted, whose items past a refused post are paired by position, so only itemMatching finds the
// alert (test/e2e/templates-faults.test.js, "the webhook refuses an alert"). Every other Code node
// must name the nodes it reads.
const SMALL_RUNS_READ_BY_PAIRING = new Set([
	'F4-link-title-media-to-consonance.json › Choose the title',
	'F4-link-title-media-to-consonance.json › Outcome of each upload',
	'F7-alert-missing-or-off-spec-covers-before-publication.json › Remember alerts sent',
]);

test("no other Code node of a template makes n8n send its task runner every node's output", () => {
	const everyNode = templateFiles().flatMap((file) =>
		loadTemplate(file)
			.nodes.filter((n) => n.type === 'n8n-nodes-base.code')
			.map((n) => ({ at: `${file} › ${n.name}`, why: needsEveryNode(n.parameters.jsCode) }))
			.filter(({ why }) => why.length),
	);
	expect(everyNode.filter(({ at }) => !SMALL_RUNS_READ_BY_PAIRING.has(at))).toEqual([]);
	expect(everyNode.map(({ at }) => at).sort()).toEqual([...SMALL_RUNS_READ_BY_PAIRING].sort());
});

test('a copy that differs from the source by one character is caught', () => {
	const { jsCode } = reportNode(loadTemplate(templateFiles()[0])).parameters;
	const edited = withSharedCode(
		jsCode,
		shared.replace('the next run tries again', 'the next run tries'),
	);
	expect(carriedCode(edited)).not.toBe(shared);
	expect(withSharedCode(edited, shared)).toBe(jsCode);
	expect(() => withSharedCode('return [];', shared)).toThrow(/no ".*" … ".*" lines/);
});

/** Runs the shared code plus `tail` as n8n runs a Code node; what it returns. */
function runReport(tail, { outputs = {}, startedAt = '2026-03-02T08:00:00.000Z' } = {}) {
	const node = (name) => {
		const runs = outputs[name];
		return {
			isExecuted: Boolean(runs),
			first: () => ({ json: name === 'Settings' ? { runStartedAt: startedAt } : runs[0][0][0] }),
			all: (output = 0, run = 0) => {
				if (run >= runs.length) throw new Error(`Run ${run} of node "${name}" not found`);
				return (runs[run][output] ?? []).map((x) => (x.json ? x : { json: x }));
			},
		};
	};
	const now = DateTime.fromISO('2026-03-02T08:01:05.000Z', { zone: 'utc' });
	// READS as npm run templates:sync writes it, for whatever node the test gives outputs of
	const reads =
		'const READS = new Proxy({}, { get: (_, name) => ({ ran: () => $(name).isExecuted, ' +
		'all: (output, run) => $(name).all(output, run) }) });';
	const body = `${reads}\n${shared}\n${tail}`;
	// eslint-disable-next-line no-new-func
	return new Function('$', '$now', '$workflow', 'DateTime', body)(
		node,
		now,
		{ name: 'F0: Test' },
		DateTime,
	);
}

describe('report()', () => {
	test('makes one item: summary with counts by outcome, lines, text and attention', () => {
		const [{ json }] = runReport(`return report({
			what: 'titles looked at',
			looked: [
				{ isbn13: '9781111111113', title: 'Fine', outcome: 'unchanged' },
				{ isbn13: '9782222222226', title: 'Broken', outcome: 'failed',
					problem: 'writing failed (503 Service Unavailable)', action: whatToDo('503 Service Unavailable') },
				{ publicId: 'covers/x', outcome: 'noCover', problem: 'no ISBN.', action: 'add one.' },
			],
			outcomeWords: { changed: 'changed', unchanged: 'already right', failed: 'failed', noCover: 'without a cover' },
			problems: [readProblem('the master covers', 'Item 0: 429 Too Many Requests')],
			counts: { extra: 1 },
			more: { events: [] },
		});`);
		expect(Object.keys(json)).toEqual(['summary', 'lines', 'text', 'attention', 'events']);
		expect(json.summary).toEqual({
			workflow: 'F0: Test',
			startedAt: DateTime.fromISO('2026-03-02T08:00:00.000Z').toISO(),
			finishedAt: '2026-03-02T08:01:05.000Z',
			seconds: 65,
			titles: 3,
			outcomes: { changed: 0, unchanged: 1, failed: 1, noCover: 1 },
			problems: 1,
			extra: 1,
		});
		expect(json.lines).toEqual([
			'Could not read the master covers: 429 Too Many Requests. Nothing was changed. What to do: nothing' +
				' if it passes: the service asked to slow down and the next run tries again; if every run hits' +
				' the limit, run less often.',
			'9782222222226 "Broken": writing failed (503 Service Unavailable). What to do: nothing if it passes:' +
				' the service was briefly unavailable and the next run tries again; if the same title fails' +
				' again on the next run, tell whoever looks after the Consonance and Cloudinary accounts.',
			'covers/x "(title unknown)": no ISBN. What to do: add one.',
		]);
		expect(json.attention).toEqual([
			expect.objectContaining({ isbn13: '9782222222226', title: 'Broken', outcome: 'failed' }),
			{
				isbn13: null,
				title: '(title unknown)',
				publicId: 'covers/x',
				outcome: 'noCover',
				problem: 'no ISBN.',
				action: 'add one.',
			},
		]);
		expect(json.text.split('\n')).toEqual([
			'F0: Test — run of 2026-03-02 08:00 (65 s)',
			'3 titles looked at: 0 changed, 1 already right, 1 failed, 1 without a cover.',
			'Needs a person:',
			...json.lines.map((l) => `• ${l}`),
		]);
	});

	test('says so when nothing needs a person', () => {
		const [{ json }] = runReport(
			`return report({ what: 'covers', looked: [], outcomeWords: {} });`,
		);
		expect(json.text.split('\n').slice(1)).toEqual(['0 covers: none.', 'Nothing needs a person.']);
		expect([json.lines, json.attention, json.summary.outcomes]).toEqual([[], [], {}]);
	});

	test('chooses what to do from the error', () => {
		const advice =
			runReport(`return ['401 Unauthorized', 'ECONNRESET', 'HTTP 420', 'field x is not in the list']
			.map((e) => whatToDo(e, { services: 'Cloudinary', other: 'correct it' }));`);
		expect(advice[0]).toBe('check the Cloudinary credentials in n8n; the next run tries again');
		expect(advice[1]).toMatch(/^nothing if it passes: the service was briefly unavailable/);
		expect(advice[2]).toMatch(/^nothing if it passes: the service asked to slow down/);
		expect(advice[3]).toBe('correct it');
	});

	test("a Cloudinary 5xx gets the outage advice from its status, not from Cloudinary's own words", () => {
		const advice = runReport(`return [
			'Cloudinary: answered HTTP 503 Service Unavailable: General Error',
			'Cloudinary: answered HTTP 502 Bad Gateway with an empty answer',
			'Cloudinary: answered HTTP 400 Bad Request: Invalid tag',
			'Cloudinary: General Error',
		].map((e) => whatToDo(e));`);
		expect(advice[0]).toMatch(/^nothing if it passes: the service was briefly unavailable/);
		expect(advice[1]).toMatch(/^nothing if it passes: the service was briefly unavailable/);
		expect(advice[2]).toBe('read the message, correct what it names, and the next run tries again');
		// Without the status (as Cloudinary's errors read before) nothing says it was an outage.
		expect(advice[3]).toBe(advice[2]);
	});

	test('failuresOf traces each error item back to the item its node was given, over every run', () => {
		const failures = runReport(`return failuresOf('Write', runsOf('Asked'));`, {
			outputs: {
				Asked: [[[{ isbn13: 'a' }, { isbn13: 'b' }]], [[{ isbn13: 'c' }]]],
				Write: [
					[[], [{ json: { error: 'Item 1: 503 down' }, pairedItem: { item: 1 } }]],
					[[], [{ json: { error: 'timeout' }, pairedItem: [{ item: 0 }] }]],
				],
			},
		});
		expect(failures).toEqual([
			{ isbn13: 'b', error: '503 down' },
			{ isbn13: 'c', error: 'timeout' },
		]);
	});
});
