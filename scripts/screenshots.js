#!/usr/bin/env node
'use strict';
// `npm run screenshots`: the images in docs/images/, made from a real n8n and the sandbox in headless
// chromium (test/helpers/browser.js), never by hand. Each template's canvas (template-F1.png …) and
// each of our four nodes' panel with its operations (or events) listed (node-*.png), at 1280 × 720,
// stored as palette PNGs (sharp) to keep the repository light.
// Needs the build (npm run build), the real n8n (npm run setup:n8n) and chromium
// (scripts/install-browser.sh). SCREENSHOTS_DIR=<dir> writes elsewhere.
const fs = require('node:fs');
const path = require('node:path');
const sharp = require('sharp');
const { startShowcase } = require('./lib/showcase');
const { openEditor } = require('../test/helpers/browser');

const root = path.resolve(__dirname, '..');
const outDir = path.resolve(process.env.SCREENSHOTS_DIR || path.join(root, 'docs', 'images'));
const VIEWPORT = { width: 1280, height: 720 };
const say = (...args) => console.log('[screenshots]', ...args);

async function save(page, file) {
	const raw = await page.screenshot({ type: 'png' });
	const small = await sharp(raw).png({ palette: true, colours: 128, effort: 10 }).toBuffer();
	fs.writeFileSync(path.join(outDir, file), small);
	say(`${file} ${Math.round(small.length / 1024)} KB`);
}

async function main() {
	const t0 = Date.now();
	fs.mkdirSync(outDir, { recursive: true });
	const showcase = await startShowcase({ log: say });
	let editor;
	try {
		editor = await openEditor(showcase.instance, { viewport: VIEWPORT });
		const { page } = editor;
		for (const template of showcase.templates) {
			await editor.openWorkflow(template.id, { nodeCount: template.nodeCount });
			// Fit-to-view lets the lowest nodes sit under the floating "Execute workflow" button: one
			// step out keeps every node and label clear of it.
			await page.locator('[data-test-id="zoom-out-button"]').click();
			await page.mouse.move(VIEWPORT.width - 1, VIEWPORT.height / 2); // no hover highlight
			await editor.settle(300);
			await save(page, `template-${template.flow}.png`);
		}
		await editor.openWorkflow(showcase.panels.id, { nodeCount: showcase.panels.ourNodes.length });
		for (const node of showcase.panels.ourNodes) {
			await editor.openNode(node.name);
			await editor.openOptions(node.list);
			await editor.settle(300);
			await save(page, node.image);
			await editor.closeOptions();
			await editor.closeNode();
		}
	} catch (error) {
		if (editor) {
			const debug = path.join(root, '.tmp', 'screenshots-failure.png');
			fs.mkdirSync(path.dirname(debug), { recursive: true });
			await editor.page.screenshot({ path: debug }).catch(() => {});
			say(`failed; the page as it was: ${debug}`);
		}
		throw error;
	} finally {
		await editor?.close();
		await showcase.stop();
	}
	const total = fs
		.readdirSync(outDir)
		.reduce((sum, f) => sum + fs.statSync(path.join(outDir, f)).size, 0);
	say(
		`done in ${Math.round((Date.now() - t0) / 1000)} s; ${outDir} holds ${Math.round(total / 1024)} KB`,
	);
}

main().catch((error) => {
	console.error(`[screenshots] ${error.stack || error.message}`);
	process.exit(1);
});
