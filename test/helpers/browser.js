'use strict';
// n8n's editor in Debian's headless chromium, driven by playwright-core: used by the editor test
// (test/e2e/editor.test.js) and `npm run screenshots` (scripts/screenshots.js).
//
//   const editor = await openEditor(instance);          // a started n8n instance (scripts/lib/n8n.js)
//   await editor.openWorkflow(id);                      // canvas shown, nodes drawn
//   await editor.openNode('Get title from Consonance'); // the node's panel (NDV)
//   await editor.close();
//
// Facts this relies on (n8n 2.40.7's editor, seen in the browser here):
// - Sign-in form: inputs named emailOrLdapLoginId and password, button data-test-id
//   "form-submit-button". A cookie made through the REST API does not carry over: the session is
//   bound to the browser-id the editor keeps in its own local storage.
// - Canvas nodes are [data-test-id="canvas-node"] with data-node-name; a node whose type is not
//   installed is marked [data-test-id="node-not-installed"]; a node with parameter or credential
//   issues shows [data-test-id="node-issues"].
// - The node panel is [data-test-id="ndv"]; its parameters are [data-test-id="parameter-input-<name>"].
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// The open dropdown's options (element-plus select, drawn into a popper under <body>).
const OPTION_ITEMS = '.el-select-dropdown:visible .el-select-dropdown__item';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Launches chromium with a new, empty profile: { context, page, close() }. */
async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} is missing: run scripts/install-browser.sh (as root) to install Debian's chromium`,
		);
	}
	const { chromium } = require('playwright-core');
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true, // --headless
		chromiumSandbox: false, // --no-sandbox (root in CI containers)
		args: CHROMIUM_ARGS,
		viewport,
		deviceScaleFactor: 1,
		locale: 'en-GB',
		timezoneId: 'Europe/London',
	});
	context.setDefaultTimeout(60000);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close().catch(() => {});
			fs.rmSync(userDataDir, { recursive: true, force: true });
		},
	};
}

/**
 * Signs in to a started n8n (scripts/lib/n8n.js instance) as its owner and returns helpers around the
 * editor page.
 */
async function openEditor(instance, { viewport } = {}) {
	const browser = await launchBrowser({ viewport });
	const { page } = browser;
	const base = instance.editorUrl.replace(/\/+$/, '');
	try {
		await page.goto(`${base}/signin`, { waitUntil: 'domcontentloaded' });
		await page.locator('input[name="emailOrLdapLoginId"]').fill(instance.owner.email);
		await page.locator('input[name="password"]').fill(instance.owner.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 120000 });
	} catch (error) {
		await browser.close();
		throw error;
	}

	const editor = {
		...browser,
		base,

		/** Opens a workflow and waits until every node is drawn on the canvas. */
		async openWorkflow(id, { nodeCount } = {}) {
			await page.goto(`${base}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
			const nodes = page.locator('[data-test-id="canvas-node"]');
			await nodes.first().waitFor({ state: 'visible', timeout: 120000 });
			if (nodeCount) {
				await page.waitForFunction(
					(n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n,
					nodeCount,
					{ timeout: 60000 },
				);
			}
			await editor.settle();
		},

		/**
		 * Waits for fonts and images (node icons) to be there, then `ms` for the canvas to stop moving
		 * (its fit-view animation). Not `networkidle`: the editor keeps polling, so that can take 30 s.
		 */
		async settle(ms = 500) {
			await page.evaluate(async () => {
				await document.fonts.ready;
				await Promise.all(
					[...document.images]
						.filter((img) => !img.complete)
						.map((img) => new Promise((resolve) => img.addEventListener('loadend', resolve))),
				);
			});
			await page.waitForTimeout(ms);
		},

		/** Counts of the warning markers n8n draws on canvas nodes. */
		async canvasWarnings() {
			return await page.evaluate(() => ({
				notInstalled: [...document.querySelectorAll('[data-test-id="node-not-installed"]')].map(
					(e) => e.closest('[data-node-name]')?.getAttribute('data-node-name') ?? e.textContent,
				),
				issues: [...document.querySelectorAll('[data-test-id="node-issues"]')].map(
					(e) => e.closest('[data-node-name]')?.getAttribute('data-node-name') ?? e.textContent,
				),
			}));
		},

		/** Opens a node's panel by double-clicking it on the canvas. */
		async openNode(name) {
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
			await page.locator('[data-test-id="ndv"]').waitFor({ state: 'visible' });
			await editor.settle(400);
		},

		/** Closes the node panel with its close (×) button (Escape does not close it in n8n 2.40.7). */
		async closeNode() {
			await page.locator('[data-test-id="ndv-close-button"]').click();
			await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
		},

		/** The parameter's input in the open node panel. */
		parameter(name) {
			return page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`);
		},

		/** Opens an options parameter's dropdown; → the names of its options (the list stays open). */
		async openOptions(name, { timeout } = {}) {
			await editor.parameter(name).click({ timeout });
			const items = page.locator(OPTION_ITEMS);
			await items.first().waitFor({ state: 'visible', timeout });
			return (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		},

		/** Closes an open dropdown (Escape; the node panel stays open) and waits until it is gone. */
		async closeOptions() {
			await page.keyboard.press('Escape');
			await page.locator(OPTION_ITEMS).first().waitFor({ state: 'hidden' });
		},

		/** Chooses an option of an options parameter by its name (the first line of the item). */
		async chooseOption(name, option) {
			const names = await editor.openOptions(name);
			const index = names.indexOf(option);
			if (index < 0) throw new Error(`${name} has no option "${option}": ${names.join(', ')}`);
			await page.locator(OPTION_ITEMS).nth(index).click();
			await page.locator(OPTION_ITEMS).first().waitFor({ state: 'hidden' });
		},
	};
	return editor;
}

module.exports = { launchBrowser, openEditor, CHROMIUM, CHROMIUM_ARGS };
