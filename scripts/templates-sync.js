'use strict';
// Copies the report code every template shares (scripts/template-report.js) into the Report node of
// each shipped template (workflows-templates/F*.json), between its two marker lines, and writes above
// it the READS block naming the nodes that Report reads. n8n Code nodes
// cannot import files, so each template carries its own copy; test/unit/template-report.test.js fails
// when a copy differs from the source. Usage: npm run templates:sync
const fs = require('node:fs');
const path = require('node:path');
const { TEMPLATES_DIR, templateFiles, loadTemplate } = require('./lib/templates');

const SOURCE = path.join(__dirname, 'template-report.js');
const BEGIN =
	'// ── Shared report code: scripts/template-report.js, copied here by npm run templates:sync ──';
const END = '// ── End of the shared report code ──';

const READS_BEGIN =
	'// ── Nodes this report reads, each by a literal name (written by npm run templates:sync) ──';
const READS_END = '// ── End of the nodes this report reads ──';

/**
 * The READS block of a Report: every node of the workflow whose name the Report's own code (outside
 * the shared code and this block) has as a string, reached by a literal $('…'), so that n8n sends the
 * task runner those nodes' output only (docs/templates-at-scale.md › "Memory of the Code nodes").
 */
function readsBlock(workflow, jsCode) {
	const own = withoutBlock(withoutBlock(jsCode, BEGIN, END), READS_BEGIN, READS_END);
	const strings = new Set(
		[...own.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)].map((m) => m[1] ?? m[2]),
	);
	const names = workflow.nodes
		.map((n) => n.name)
		.filter((name) => name !== 'Report' && strings.has(name))
		.sort();
	const entries = names.map((name) => {
		const literal = JSON.stringify(name);
		const all = `(output, run) => $(${literal}).all(output, run)`;
		return `\t${literal}: { ran: () => $(${literal}).isExecuted, all: ${all} },`;
	});
	return `${READS_BEGIN}\nconst READS = {\n${entries.join('\n')}\n};\n${READS_END}\n`;
}

/** Where the line `begin` and the line `end` start in `code`; null when it lacks either. */
function blockAt(code, begin, end) {
	const start = code.indexOf(`${begin}\n`);
	const stop = code.indexOf(`${end}\n`);
	return start < 0 || stop < start ? null : { start, stop };
}

/** `code` without the lines from `begin` to `end` (both included); unchanged when it has none. */
function withoutBlock(code, begin, end) {
	const block = blockAt(code, begin, end);
	if (!block) return code;
	return code.slice(0, block.start) + code.slice(block.stop + end.length + 1);
}

/** jsCode with its READS block (placed just before the shared code) made anew for `workflow`. */
function withReadsBlock(workflow, jsCode) {
	const bare = withoutBlock(jsCode, READS_BEGIN, READS_END);
	const at = bare.indexOf(`${BEGIN}\n`);
	if (at < 0) throw new Error(`no "${BEGIN}" line in the Report node`);
	return bare.slice(0, at) + readsBlock(workflow, bare) + bare.slice(at);
}

function sharedReportCode() {
	return fs.readFileSync(SOURCE, 'utf8');
}

/** The shared code a Report node's jsCode carries between the markers (null without markers). */
function carriedCode(jsCode) {
	const block = blockAt(jsCode, BEGIN, END);
	return block && jsCode.slice(block.start + BEGIN.length + 1, block.stop);
}

/** jsCode with the shared code between the markers replaced by `code`. */
function withSharedCode(jsCode, code) {
	const block = blockAt(jsCode, BEGIN, END);
	if (!block) throw new Error(`no "${BEGIN}" … "${END}" lines in the Report node`);
	return jsCode.slice(0, block.start + BEGIN.length + 1) + code + jsCode.slice(block.stop);
}

function reportNode(workflow) {
	const node = workflow.nodes.find((n) => n.name === 'Report' && n.type === 'n8n-nodes-base.code');
	if (!node) throw new Error(`${workflow.name}: no Code node named Report`);
	return node;
}

/** Writes the shared code into every template; the names of the files it changed. */
function syncTemplates() {
	const code = sharedReportCode();
	const changed = [];
	for (const file of templateFiles()) {
		const workflow = loadTemplate(file);
		const node = reportNode(workflow);
		const jsCode = withReadsBlock(workflow, withSharedCode(node.parameters.jsCode, code));
		if (jsCode === node.parameters.jsCode) continue;
		node.parameters.jsCode = jsCode;
		fs.writeFileSync(path.join(TEMPLATES_DIR, file), `${JSON.stringify(workflow, null, '\t')}\n`);
		changed.push(file);
	}
	return changed;
}

module.exports = {
	BEGIN,
	END,
	READS_BEGIN,
	READS_END,
	withReadsBlock,
	sharedReportCode,
	carriedCode,
	withSharedCode,
	reportNode,
	syncTemplates,
};

if (require.main === module) {
	const changed = syncTemplates();
	console.log(
		changed.length
			? `Updated: ${changed.join(', ')}`
			: 'Every Report node already carries the shared code.',
	);
}
