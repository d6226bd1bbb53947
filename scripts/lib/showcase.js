'use strict';
// One real n8n set up as a newcomer's would be after `npm run demo`: the sandbox, our packed package,
// the credentials "Consonance account" and "Cloudinary account", every shipped template, and one
// workflow "Node panels" holding each of our four nodes. Used by the editor test
// (test/e2e/editor.test.js) and `npm run screenshots` (scripts/screenshots.js). Everything is
// imported through the CLI before n8n starts, so the browser never waits for set-up.
const n8n = require('./n8n');
const { startTestSandbox } = require('./sandbox');
const { n8nCredentials } = require('./sandbox-credentials');
const { templateFiles, loadTemplate } = require('./templates');

const PREFIX = 'n8n-nodes-consonance-cloudinary';
const CREDENTIAL_FOR = {
	consonance: {
		consonancePublishingApi: { id: 'sandboxConsonanceCred', name: 'Consonance account' },
	},
	cloudinary: {
		cloudinaryPublishingApi: { id: 'sandboxCloudinaryCred', name: 'Cloudinary account' },
	},
};

/**
 * Our four nodes, each with the parameter the editor test switches through (`switch`) and what
 * must show after each switch (`shows`), and where the screenshot opens a dropdown (`list`).
 */
const OUR_NODES = [
	{
		name: 'Consonance',
		type: `${PREFIX}.consonance`,
		image: 'node-consonance.png',
		switch: 'resource',
		shows: 'operation',
		list: 'operation',
		parameters: { resource: 'product', operation: 'search' },
		credentials: CREDENTIAL_FOR.consonance,
	},
	{
		name: 'Consonance Trigger',
		type: `${PREFIX}.consonanceTrigger`,
		image: 'node-consonance-trigger.png',
		switch: 'event',
		list: 'event',
		parameters: { event: 'publishingStatusChanged' },
		credentials: CREDENTIAL_FOR.consonance,
	},
	{
		name: 'Cloudinary',
		type: `${PREFIX}.cloudinary`,
		image: 'node-cloudinary.png',
		switch: 'resource',
		shows: 'operation',
		list: 'operation',
		parameters: { resource: 'asset', operation: 'search' },
		credentials: CREDENTIAL_FOR.cloudinary,
	},
	{
		name: 'Cloudinary Trigger',
		type: `${PREFIX}.cloudinaryTrigger`,
		image: 'node-cloudinary-trigger.png',
		switch: 'registration',
		shows: 'events',
		list: 'events',
		parameters: { registration: 'automatic', events: ['upload'] },
		credentials: CREDENTIAL_FOR.cloudinary,
	},
];

function nodePanelsWorkflow() {
	return {
		id: n8n.stableId('showcase:node-panels'),
		name: 'Node panels',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: OUR_NODES.map((node, i) => ({
			id: `panel-${i}`,
			name: node.name,
			type: node.type,
			typeVersion: 1,
			position: [i * 300, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			...(node.type.endsWith('Trigger')
				? { webhookId: `7d3f0c1e-5a4b-4c2d-9e8f-00000000000${i}` }
				: {}),
		})),
	};
}

/**
 * Starts the sandbox and n8n with everything imported. → { sandbox, instance, templates:
 * [{ file, flow ('F1'…), id, name, nodeCount }], panels: { id, nodes: OUR_NODES }, stop() }.
 */
async function startShowcase({ log = () => {} } = {}) {
	const timings = {};
	let t = Date.now();
	const sandbox = await startTestSandbox();
	let instance;
	try {
		log('packing the package');
		const tarball = await n8n.packPackage({});
		instance = await n8n.createN8nInstance({ packageTarball: tarball });
		timings.installMs = Date.now() - t;
		t = Date.now();
		const { consonance, cloudinary } = n8nCredentials(sandbox.info);
		await instance.importCredentials([consonance, cloudinary]);
		const templates = templateFiles().map((file) => {
			const workflow = loadTemplate(file);
			return {
				file,
				flow: file.slice(0, file.indexOf('-')),
				id: n8n.stableId(`template:${file}`),
				name: workflow.name,
				nodeCount: workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length,
				workflow,
			};
		});
		const panels = { ...nodePanelsWorkflow(), ourNodes: OUR_NODES };
		log(`importing ${templates.length} templates and the node-panels workflow`);
		await instance.importWorkflows([
			...templates.map((tpl) => ({ ...tpl.workflow, id: tpl.id, active: false })),
			panels,
		]);
		timings.importMs = Date.now() - t;
		t = Date.now();
		log('starting n8n');
		await instance.start({ timeoutMs: 180000 });
		timings.startMs = Date.now() - t;
		return {
			sandbox,
			instance,
			templates,
			panels,
			timings,
			async stop() {
				await instance.cleanup();
				await sandbox.stop();
			},
		};
	} catch (error) {
		await instance?.cleanup();
		await sandbox.stop();
		throw error;
	}
}

module.exports = { startShowcase, OUR_NODES };
