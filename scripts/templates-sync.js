'use strict';
// Copies the report code every template shares (scripts/template-report.js) into the Report node of
// each shipped template (workflows-templates/F*.json), between its two marker lines. n8n Code nodes
// cannot import files, so each template carries its own copy; test/unit/template-report.test.js fails
// when a copy differs from the source. Usage: npm run templates:sync
const fs = require('node:fs');
const path = require('node:path');
const { TEMPLATES_DIR, templateFiles, loadTemplate } = require('./lib/templates');

const SOURCE = path.join(__dirname, 'template-report.js');
const BEGIN =
	'// ── Shared report code: scripts/template-report.js, copied here by npm run templates:sync ──';
const END = '// ── End of the shared report code ──';

function sharedReportCode() {
	return fs.readFileSync(SOURCE, 'utf8');
}

/** The shared code a Report node's jsCode carries between the markers (null without markers). */
function carriedCode(jsCode) {
	const start = jsCode.indexOf(`${BEGIN}\n`);
	const end = jsCode.indexOf(`${END}\n`);
	if (start < 0 || end < start) return null;
	return jsCode.slice(start + BEGIN.length + 1, end);
}

/** jsCode with the shared code between the markers replaced by `code`. */
function withSharedCode(jsCode, code) {
	const carried = carriedCode(jsCode);
	if (carried === null) throw new Error(`no "${BEGIN}" … "${END}" lines in the Report node`);
	const start = jsCode.indexOf(`${BEGIN}\n`) + BEGIN.length + 1;
	return jsCode.slice(0, start) + code + jsCode.slice(start + carried.length);
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
		const jsCode = withSharedCode(node.parameters.jsCode, code);
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
