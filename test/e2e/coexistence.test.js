'use strict';
// Our package next to Cloudinary's official community node (`n8n-nodes-cloudinary`) in one REAL n8n.
// The official node is played by a stand-in written for this repository (test/fixtures/
// official-cloudinary-standin, README there says why and what it copies): same package name, node
// name `cloudinary`, credential type `cloudinaryApi` with the official field names.
//
// The hardest case a user meets: both credentials carry n8n's default name "Cloudinary account",
// and one workflow uses both nodes, each referring to its credential by that name only.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(8 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
const OFFICIAL_PKG = 'n8n-nodes-cloudinary';
const STANDIN_DIR = path.join(__dirname, '..', 'fixtures', 'official-cloudinary-standin');
const OUR_TYPES = { node: `${PKG}.cloudinary`, credential: 'cloudinaryPublishingApi' };
const OFFICIAL_TYPES = { node: `${OFFICIAL_PKG}.cloudinary`, credential: 'cloudinaryApi' };
const SAME_NAME = 'Cloudinary account';
const WORKFLOW_ID = 'e2eCoexistBoth1';

let sb;
let instance;
let ourCredential;
let officialCredential;

/** Installs the stand-in tarball next to ours, the way n8n lays out community packages. */
function installStandIn(userFolder) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-pack-'));
	const out = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', packDir],
		{
			cwd: STANDIN_DIR,
			encoding: 'utf8',
		},
	);
	const tarball = path.join(packDir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
	execFileSync(
		'npm',
		[
			'install',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			tarball,
		],
		{ cwd: path.join(userFolder, '.n8n', 'nodes'), encoding: 'utf8' },
	);
}

function bothNodesWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Both Cloudinary nodes',
		nodes: [
			{
				id: 'c1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'c2',
				name: 'Official: get tags',
				type: OFFICIAL_TYPES.node,
				typeVersion: 1,
				position: [220, -100],
				parameters: {
					resource: 'admin',
					operation: 'getTags',
					getTagsResourceType: 'image',
					tagsPrefix: 'isbn',
				},
				credentials: { [OFFICIAL_TYPES.credential]: { id: null, name: SAME_NAME } },
			},
			{
				id: 'c3',
				name: 'Ours: list tags',
				type: OUR_TYPES.node,
				typeVersion: 1,
				position: [220, 100],
				parameters: { resource: 'tag', operation: 'list', returnAll: true },
				credentials: { [OUR_TYPES.credential]: { id: null, name: SAME_NAME } },
			},
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'Official: get tags', type: 'main', index: 0 },
						{ node: 'Ours: list tags', type: 'main', index: 0 },
					],
				],
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	installStandIn(instance.userFolder);

	ourCredential = {
		...n8nCredentials(sb.info).cloudinary,
		id: 'coexistOurs00001',
		name: SAME_NAME,
	};
	const { cloudName, apiKey, apiSecret, apiBaseUrl } = sb.info.cloudinary;
	officialCredential = {
		id: 'coexistOfficial1',
		name: SAME_NAME,
		type: OFFICIAL_TYPES.credential,
		data: {
			cloudName,
			apiKey,
			apiSecret,
			privateCdn: false,
			secureDistribution: '',
			apiHost: apiBaseUrl,
		},
	};
	await instance.importCredentials([ourCredential, officialCredential]);
});

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

test('one workflow runs both Cloudinary nodes, each with its own credential of the same name', async () => {
	await instance.importWorkflow(bothNodesWorkflow());
	const before = await sb.lastSeq('cloudinary');
	const execution = await instance.execute(WORKFLOW_ID);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	const images = sb.sandbox.catalogue.cloudinary.assets.filter((a) => a.resourceType === 'image');
	const seededTags = [...new Set(images.flatMap((a) => a.tags ?? []))];
	const officialOut = execution.items('Official: get tags');
	expect(officialOut).toHaveLength(1);
	expect(officialOut[0].tags.length).toBeGreaterThan(0);
	expect(
		officialOut[0].tags.every((tag) => tag.startsWith('isbn') && seededTags.includes(tag)),
	).toBe(true);
	const ourOut = execution.items('Ours: list tags');
	expect(ourOut.map((item) => item.tag).sort()).toEqual([...seededTags].sort());

	// Each node reached the sandbox (the official one through its own credential's API Host, ours
	// through its API Base URL: neither credential holds the other's field).
	const served = (await sb.requests('cloudinary', before)).filter((r) => /\/tags\//.test(r.url));
	expect(served.length).toBeGreaterThanOrEqual(2);
	expect(served.every((r) => r.status === 200)).toBe(true);
	expect(execution.raw).not.toContain(sb.info.cloudinary.apiSecret);
});

test('two distinct credential types; the editor lists each credential only for its own node', async () => {
	// Slower than usual on a loaded machine: loosened, never tightened.
	await instance.start({ timeoutMs: 240000 });
	await instance.login();

	// The import resolved each name-only reference to the credential of the node's own type.
	const stored = await instance.workflow(WORKFLOW_ID);
	const credentialOf = (name) => stored.nodes.find((n) => n.name === name).credentials;
	expect(credentialOf('Official: get tags')).toEqual({
		cloudinaryApi: { id: officialCredential.id, name: SAME_NAME },
	});
	expect(credentialOf('Ours: list tags')).toEqual({
		cloudinaryPublishingApi: { id: ourCredential.id, name: SAME_NAME },
	});

	const types = (await instance.request('GET', '/types/credentials.json')).data;
	const named = (name) => types.filter((t) => t.name === name);
	expect(named('cloudinaryApi')).toHaveLength(1);
	expect(named('cloudinaryPublishingApi')).toHaveLength(1);
	expect(named('consonancePublishingApi')).toHaveLength(1);
	const fields = (name) => named(name)[0].properties.map((p) => p.name);
	expect(fields('cloudinaryApi')).toEqual(
		expect.arrayContaining([
			'cloudName',
			'apiKey',
			'apiSecret',
			'privateCdn',
			'secureDistribution',
		]),
	);
	expect(fields('cloudinaryApi')).not.toContain('apiBaseUrl');
	expect(fields('cloudinaryPublishingApi')).toEqual(
		expect.arrayContaining(['cloudName', 'apiKey', 'apiSecret', 'apiBaseUrl', 'deliveryBaseUrl']),
	);
	expect(named('cloudinaryApi')[0].displayName).toBe('Cloudinary API');
	expect(named('cloudinaryPublishingApi')[0].displayName).toBe('Cloudinary (Publishing) API');

	// Both nodes are in the node panel, told apart by their names.
	const nodes = await instance.nodeTypes({ all: true, full: true });
	const node = (name) => nodes.find((n) => n.name === name);
	expect(node(OFFICIAL_TYPES.node).displayName).toBe('Cloudinary');
	expect(node(OUR_TYPES.node).displayName).toBe('Cloudinary (Publishing)');
	expect(node(`${PKG}.cloudinaryTrigger`).displayName).toBe('Cloudinary (Publishing) Trigger');

	// What the editor does for a node's credential dropdown: GET /rest/credentials/for-workflow,
	// then keep the credentials whose type is one of the node type's declared credential types.
	const usable = await instance.rest('GET', '/credentials/for-workflow', undefined, {
		params: { workflowId: WORKFLOW_ID },
	});
	const dropdown = (nodeType) => {
		const declared = node(nodeType).credentials.map((c) => c.name);
		return usable.filter((c) => declared.includes(c.type)).map((c) => c.id);
	};
	expect(dropdown(OFFICIAL_TYPES.node)).toEqual([officialCredential.id]);
	expect(dropdown(OUR_TYPES.node)).toEqual([ourCredential.id]);
	expect(dropdown(`${PKG}.cloudinaryTrigger`)).toEqual([ourCredential.id]);

	// Each credential passes its own type's test against the sandbox.
	expect(await instance.testCredential({ id: officialCredential.id })).toMatchObject({
		status: 'OK',
	});
	expect(await instance.testCredential({ id: ourCredential.id })).toMatchObject({ status: 'OK' });
});
