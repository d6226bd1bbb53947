'use strict';
// Shipped workflow templates (workflows-templates/*.json) for the real-n8n tests: load one, and make
// the test copy `n8n execute` needs when a template starts from a Schedule Trigger (the CLI can only
// start from a Manual Trigger). Trigger-started templates (Cloudinary / Consonance Trigger) are
// imported as shipped and activated for real instead.
const fs = require('node:fs');
const path = require('node:path');

const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'workflows-templates');

function templateFiles() {
	return fs
		.readdirSync(TEMPLATES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

function loadTemplate(file) {
	return JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
}

/**
 * A copy of the template whose Schedule Trigger is replaced by a Manual Trigger wired to the same
 * nodes, with a workflow id of the test's choosing. Nothing else changes.
 */
function manualTestCopy(template, { id, scheduleNodeName } = {}) {
	const copy = JSON.parse(JSON.stringify(template));
	const schedule = copy.nodes.find((n) =>
		scheduleNodeName ? n.name === scheduleNodeName : n.type === 'n8n-nodes-base.scheduleTrigger',
	);
	if (!schedule) throw new Error(`${template.name}: no Schedule Trigger to replace`);
	const manual = {
		id: `${schedule.id}-manual`,
		name: 'Run now (test copy)',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: schedule.position,
		parameters: {},
	};
	copy.nodes = copy.nodes.filter((n) => n !== schedule).concat(manual);
	if (copy.connections[schedule.name]) {
		copy.connections[manual.name] = copy.connections[schedule.name];
		delete copy.connections[schedule.name];
	}
	copy.id = id ?? `test${Math.random().toString(36).slice(2, 10)}`;
	copy.active = false;
	return copy;
}

module.exports = { TEMPLATES_DIR, templateFiles, loadTemplate, manualTestCopy };
