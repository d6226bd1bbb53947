'use strict';
// n8n's own editor, in headless chromium (test/helpers/browser.js), on a REAL n8n 2.40.7 set up as
// after `npm run demo` (scripts/lib/showcase.js: sandbox, the two credentials, every shipped
// template): what a newcomer sees. One n8n, one browser, one page, one sign-in for the whole file.
const { startShowcase } = require('../../scripts/lib/showcase');
const { openEditor } = require('../helpers/browser');

const MINUTE = 60 * 1000;
jest.setTimeout(10 * MINUTE);

// The quickest template to run against the sandbox from its Schedule Trigger.
const EXECUTED = 'F8';

/** How many options the node's `switch` parameter has in dist/ (what the panel must list). */
function optionCount(node) {
	const file = node.type.split('.')[1].replace(/^./, (c) => c.toUpperCase());
	const dir = file.startsWith('Consonance') ? 'Consonance' : 'Cloudinary';
	const NodeClass = require(`../../dist/nodes/${dir}/${file}.node.js`)[file];
	const property = new NodeClass().description.properties.find((p) => p.name === node.switch);
	return property.options.length;
}

let showcase;
let editor;

beforeAll(async () => {
	showcase = await startShowcase();
	editor = await openEditor(showcase.instance, { viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
	await editor?.close();
	await showcase?.stop();
});

test('every shipped template opens with every node installed, credentials set and no parameter issue', async () => {
	expect(showcase.templates.map((t) => t.flow)).toEqual([
		'F1',
		'F2',
		'F3',
		'F4',
		'F5',
		'F6',
		'F7',
		'F8',
	]);
	const found = {};
	for (const template of showcase.templates) {
		await editor.openWorkflow(template.id, { nodeCount: template.nodeCount });
		const drawn = await editor.page.locator('[data-test-id="canvas-node"]').count();
		const warnings = await editor.canvasWarnings();
		found[template.flow] = { drawn: drawn >= template.nodeCount, ...warnings };
	}
	for (const template of showcase.templates)
		expect([template.flow, found[template.flow]]).toEqual([
			template.flow,
			{ drawn: true, notInstalled: [], issues: [] },
		]);
});

test("each of our four nodes' panels opens, and shows its operations for every resource", async () => {
	await editor.openWorkflow(showcase.panels.id, { nodeCount: showcase.panels.ourNodes.length });
	// what each switch showed, gathered for every node first so one failure names all the others
	const missing = [];
	const switched = {};
	for (const node of showcase.panels.ourNodes) {
		await editor.openNode(node.name);
		// n8n adds its own "Custom API Call" (an HTTP Request with our credential, no operations)
		const choices = (await editor.openOptions(node.switch)).filter((c) => c !== 'Custom API Call');
		await editor.closeOptions();
		switched[node.name] = choices.length;
		for (const choice of choices) {
			await editor.chooseOption(node.switch, choice);
			if (!node.shows) continue;
			const shown = await editor
				.openOptions(node.shows, { timeout: 10000 })
				.catch((error) => error.message.split('\n')[0]);
			if (Array.isArray(shown)) await editor.closeOptions();
			if (!Array.isArray(shown) || !shown.length)
				missing.push(`${node.name} › ${choice}: ${shown}`);
		}
		await editor.closeNode();
	}
	expect(missing).toEqual([]);
	// every option the node offers (read from the built description) was there to switch to
	expect(switched).toEqual(
		Object.fromEntries(showcase.panels.ourNodes.map((node) => [node.name, optionCount(node)])),
	);
});

test(`${EXECUTED} runs from the editor's own "Execute workflow" button and shows success`, async () => {
	const { page } = editor;
	const template = showcase.templates.find((t) => t.flow === EXECUTED);
	await editor.openWorkflow(template.id, { nodeCount: template.nodeCount });
	const before = await showcase.instance.executions({ workflowId: template.id });
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	const [execution] = await showcase.instance.waitForExecutions(
		template.id,
		(list) =>
			list.length > before.length && list[0].status !== 'running' && list[0].status !== 'new',
		{ timeoutMs: 3 * MINUTE },
	);
	expect(execution.status).toBe('success');
	// the canvas marks the nodes that ran with success, and none with an issue (an error shows as one)
	await page.locator('[data-test-id="canvas-node-status-success"]').first().waitFor();
	expect(await page.locator('[data-test-id="canvas-node-status-success"]').count()).toBeGreaterThan(
		3,
	);
	expect((await editor.canvasWarnings()).issues).toEqual([]);
});

test('searching the node panel for "cover", "ISBN" or "title" finds both nodes', async () => {
	const { page } = editor;
	await editor.openWorkflow(showcase.panels.id, { nodeCount: showcase.panels.ourNodes.length });
	await page.locator('[data-test-id="node-creator-plus-button"]').click();
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	const found = {};
	for (const term of ['cover', 'ISBN', 'title']) {
		await search.fill(term);
		const names = page.locator(
			'[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
		);
		await names.filter({ hasText: 'Consonance' }).first().waitFor();
		found[term] = await names.allInnerTexts();
	}
	await page.keyboard.press('Escape');
	for (const term of Object.keys(found))
		expect([term, found[term]]).toEqual([
			term,
			expect.arrayContaining(['Consonance', 'Cloudinary (Publishing)']),
		]);
});
