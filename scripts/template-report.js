// The part every template's Report node shares (workflows-templates/README.md › "Reports" describes the
// item it makes). n8n Code nodes cannot import files, so `npm run templates:sync` copies this text
// verbatim into each template's Report node, between the two marker lines; test/unit/template-report.test.js
// fails when a copy differs. Edit it here, then run the sync. It runs inside an n8n Code node: `$`,
// `$now`, `$workflow` and `DateTime` are n8n's.
const settings = $('Settings').first().json;
const finishedAt = $now;
const startedAt = settings.runStartedAt ? DateTime.fromISO(settings.runStartedAt) : finishedAt;
const seconds = Math.max(0, Math.round(finishedAt.diff(startedAt, 'seconds').seconds));
/** An error message without the "Item 3, field "x": " our nodes put before it. */
const plain = (error) => String(error ?? 'failed').replace(/^Item \d+(, field "[^"]*")?: /, '');
/** The items a node sent to an output, one list per run ([] when it did not run). The node is reached
 *  through READS (above, written by `npm run templates:sync`), which names each node this Report reads
 *  in a literal $('…'): given a name in a variable, n8n would send every node's output to the task
 *  runner that runs this code (docs/templates-at-scale.md › "Memory of the Code nodes"). */
const runsOf = (name, output = 0) => {
	const node = READS[name];
	if (!node)
		throw new Error('Report reads "' + name + '", which READS lacks: run npm run templates:sync');
	const runs = [];
	if (!node.ran()) return runs;
	for (let run = 0; run < 10000; run++) {
		try {
			runs.push(node.all(output, run));
		} catch (e) {
			if (/^Run \d+ of node/.test(e.message)) break;
			runs.push([]);
		}
	}
	return runs;
};
/** json of every item a node sent to an output, over all its runs. */
const outputOf = (name, output = 0) =>
	runsOf(name, output)
		.flat()
		.map((i) => i.json);
/** The index of the input item an output item came from. */
const pairedIndex = (item) =>
	[].concat(item.pairedItem ?? [])[0]?.item ??
	(typeof item.pairedItem === 'number' ? item.pairedItem : -1);
/** Each item a node sent to its error output (or, with `output` 0, each item carrying an `error` on
 *  its main output): the item it was given, found through its pairing with `inputs` (the node's
 *  input items, one list per run), with the error. */
const failuresOf = (name, inputs, output = 1) =>
	runsOf(name, output).flatMap((items, run) =>
		items
			.filter((i) => output === 1 || i.json.error)
			.map((i) => ({ ...(inputs[run]?.[pairedIndex(i)]?.json ?? {}), error: plain(i.json.error) })),
	);
/** A count in words, singular for one: howMany(1, 'cover waits', 'covers wait') is "1 cover waits". */
const howMany = (n, one, many) => n + ' ' + (n === 1 ? one : many);
/** How a title is named in a line: its ISBN-13 (or public ID) and its title in quotes. */
const named = (t) =>
	(t.isbn13 ?? t.publicId ?? '(no ISBN)') + ' "' + (t.title ?? '(title unknown)') + '"';
/** What a person should do about a failed call, chosen from its error. `services` names the accounts
 *  involved, `other` the advice for an error that names something to correct. */
const whatToDo = (error, { services = 'Consonance and Cloudinary', other } = {}) => {
	const e = String(error);
	const passing = 'nothing if it passes: the service ';
	const outage =
		/\b5\d\d\b|timed? ?out|reset|ECONN|socket|HTML page|cut off|empty (body|answer)|unavailable/i;
	if (/\b(401|403)\b|credential|api key|unauthori[sz]ed|forbidden/i.test(e))
		return 'check the ' + services + ' credentials in n8n; the next run tries again';
	if (/\b(420|429)\b|rate limit|too many/i.test(e))
		return (
			passing +
			'asked to slow down and the next run tries again; if every run hits the limit, run less often'
		);
	if (outage.test(e) || /not repeated|may or may not/i.test(e))
		return (
			passing +
			'was briefly unavailable and the next run tries again; if the same title fails again on the next run,' +
			' tell whoever looks after the ' +
			services +
			' accounts'
		);
	return other ?? 'read the message, correct what it names, and the next run tries again';
};
/** A run-level line: a list that could not be read, and what that means for the run. */
const readProblem = (what, error, consequence = 'Nothing was changed.', advice = {}) =>
	'Could not read ' +
	what +
	': ' +
	plain(error) +
	'. ' +
	consequence +
	' What to do: ' +
	whatToDo(error, advice) +
	'.';
/**
 * The Report item. `looked` are the titles (or covers, uploads) looked at, each with its `outcome`; those
 * with an `action` need a person and get a line (`problem` says what is wrong). `outcomeWords` lists
 * the outcomes in the order the text counts them, in words; `what` says what was looked at ("master
 * covers looked at"); `problems` are run-level lines; `counts` go into `summary` beside `outcomes`;
 * `notes` are sentences for the text after the counts; `more` are fields of the item after `attention`.
 */
const report = ({
	what,
	looked,
	outcomeWords,
	problems = [],
	counts = {},
	notes = [],
	more = {},
}) => {
	const outcomes = Object.fromEntries(Object.keys(outcomeWords).map((k) => [k, 0]));
	for (const t of looked) outcomes[t.outcome] = (outcomes[t.outcome] ?? 0) + 1;
	const attention = looked
		.filter((t) => t.action)
		.map((t) => ({
			isbn13: t.isbn13 ?? null,
			title: t.title ?? '(title unknown)',
			...(t.publicId ? { publicId: t.publicId } : {}),
			outcome: t.outcome,
			problem: t.problem,
			action: t.action,
		}));
	const sentence = (s) => String(s).replace(/[.\s]+$/, '');
	const lines = [
		...problems,
		...attention.map(
			(a) => named(a) + ': ' + sentence(a.problem) + '. What to do: ' + sentence(a.action) + '.',
		),
	];
	const summary = {
		workflow: $workflow.name,
		startedAt: startedAt.toISO(),
		finishedAt: finishedAt.toISO(),
		seconds,
		titles: looked.length,
		outcomes,
		problems: problems.length,
		...counts,
	};
	const counted = Object.entries(outcomes).map(([k, v]) => v + ' ' + (outcomeWords[k] ?? k));
	const text = [
		$workflow.name + ' — run of ' + startedAt.toFormat('yyyy-MM-dd HH:mm') + ' (' + seconds + ' s)',
		looked.length + ' ' + what + ': ' + (counted.join(', ') || 'none') + '.',
		...notes,
		lines.length ? 'Needs a person:' : 'Nothing needs a person.',
		...lines.map((l) => '• ' + l),
	].join('\n');
	return [{ json: { summary, lines, text, attention, ...more } }];
};
