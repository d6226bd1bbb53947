'use strict';
// Every shipped workflow template: valid JSON of an n8n workflow, only known node types at versions
// that exist (our four nodes from package.json/dist, n8n's core nodes from the pinned n8n's own
// node list), sticky notes that explain it, credentials referenced only by name, no secrets or
// pinned data, one template per data flow F1–F8 named with its flow number as the README lists it, and
// a tidy canvas (test/helpers/canvas.js: no node, name or subtitle over another, no wire behind a node).
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { templateFiles, loadTemplate, TEMPLATES_DIR } = require('../../scripts/lib/templates');
const { layoutProblems } = require('../helpers/canvas');

const repoRoot = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(repoRoot, 'package.json'));
const PACKAGE = pkg.name;

/** Node subtitles (as the canvas shows them under a node's name), by node type. */
const subtitles = new Map();

function coreNodeVersions() {
	const home = execFileSync('bash', ['-c', '. scripts/versions.sh; echo "$N8N_HOME"'], {
		cwd: repoRoot,
		encoding: 'utf8',
	}).trim();
	const file = path.join(
		home,
		'n8n',
		'node_modules',
		'n8n-nodes-base',
		'dist',
		'types',
		'nodes.json',
	);
	if (!fs.existsSync(file))
		throw new Error(`${file} is missing: run npm run setup:n8n (npm test does it first)`);
	const versions = new Map();
	for (const n of JSON.parse(fs.readFileSync(file, 'utf8'))) {
		const list = Array.isArray(n.version) ? n.version : [n.version];
		versions.set(
			`n8n-nodes-base.${n.name}`,
			new Set([...(versions.get(`n8n-nodes-base.${n.name}`) ?? []), ...list]),
		);
		if (n.subtitle && !subtitles.has(`n8n-nodes-base.${n.name}`))
			subtitles.set(`n8n-nodes-base.${n.name}`, n.subtitle);
	}
	return versions;
}

function ourNodeVersions() {
	const versions = new Map();
	for (const file of pkg.n8n.nodes) {
		const stem = path.basename(file).replace(/\.node\.js$/, '');
		const node = new (require(path.join(repoRoot, file))[stem])();
		const list = Array.isArray(node.description.version)
			? node.description.version
			: [node.description.version];
		versions.set(`${PACKAGE}.${node.description.name}`, new Set(list));
		if (node.description.subtitle)
			subtitles.set(`${PACKAGE}.${node.description.name}`, node.description.subtitle);
	}
	return versions;
}

const files = fs.existsSync(TEMPLATES_DIR) ? templateFiles() : [];
const known = new Map([...coreNodeVersions(), ...ourNodeVersions()]);
const secrets = ['sandbox-api-secret', 'sandboxconsonancekey', '614335564976464'];

test('there is one template per data flow F1–F8', () => {
	const flows = files.map((f) => /^(F\d)-/.exec(f)?.[1]).filter(Boolean);
	expect(flows.sort()).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']);
});

describe.each(files)('%s', (file) => {
	const text = fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8');
	const wf = loadTemplate(file);

	test('is an n8n workflow: named with its flow number, verb-first sentence case, nodes and connections fit', () => {
		expect(typeof wf.name).toBe('string');
		expect(wf.name).toMatch(new RegExp(`^${file.slice(0, 2)}: [A-Z][a-z]+ [^A-Z]*`));
		expect(Array.isArray(wf.nodes) && wf.nodes.length).toBeTruthy();
		expect(wf.settings?.executionOrder).toBe('v1');
		expect(wf.active ?? false).toBe(false);
		expect(wf.pinData ?? {}).toEqual({});
		const names = new Set(wf.nodes.map((n) => n.name));
		expect(names.size).toBe(wf.nodes.length);
		for (const [from, outputs] of Object.entries(wf.connections ?? {})) {
			expect(names.has(from)).toBe(true);
			for (const branch of outputs.main ?? [])
				for (const c of branch ?? []) expect(names.has(c.node)).toBe(true);
		}
	});

	test('uses only known node types at versions that exist', () => {
		for (const node of wf.nodes) {
			const versions = known.get(node.type);
			if (!versions) throw new Error(`${file}: node "${node.name}" has unknown type ${node.type}`);
			if (!versions.has(node.typeVersion))
				throw new Error(
					`${file}: node "${node.name}" (${node.type}) has typeVersion ${node.typeVersion}; ` +
						`known: ${[...versions].join(', ')}`,
				);
		}
	});

	test('starts from a schedule or one of our triggers, never from a Manual Trigger', () => {
		const starts = wf.nodes.filter((n) => /trigger/i.test(n.type));
		expect(starts.length).toBeGreaterThan(0);
		expect(starts.some((n) => n.type === 'n8n-nodes-base.manualTrigger')).toBe(false);
	});

	test('explains itself in sticky notes', () => {
		const notes = wf.nodes
			.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
			.map((n) => String(n.parameters?.content ?? ''));
		expect(notes.length).toBeGreaterThanOrEqual(2);
		expect(notes.every((c) => /^#{2,3} \S/.test(c.trim()))).toBe(true);
		expect(notes.join('\n').length).toBeGreaterThan(400);
	});

	test('appears in the README templates table under the name n8n lists it by', () => {
		const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
		const row = readme.split('\n').find((line) => line.startsWith(`| ${file.slice(0, 2)} |`));
		expect(row?.split('|')[2].trim()).toBe(wf.name);
	});

	test('looks tidy on the canvas: no node, name or subtitle over another, no wire behind a node', () => {
		expect(layoutProblems(wf, subtitles)).toEqual([]);
	});

	test('references credentials only by name, with no secrets inside', () => {
		for (const node of wf.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect({ type, ref }).toEqual(
					type === 'consonancePublishingApi'
						? { type, ref: { id: null, name: 'Consonance account' } }
						: { type, ref: { id: null, name: 'Cloudinary account' } },
				);
			}
		}
		for (const secret of secrets) expect(text).not.toContain(secret);
		expect(text).not.toMatch(/127\.0\.0\.1|localhost:40[123]0/);
	});
});
