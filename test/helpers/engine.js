'use strict';
// Runs our nodes inside n8n's own engine, in-process: n8n-core's WorkflowExecute (the version pinned
// to what the real n8n release ships) with real execute contexts, helpers, expression engine and
// credential `authenticate` applied the way n8n's CredentialsHelper applies it. The package is loaded
// from dist/ through package.json's "n8n" block, as n8n loads a community package.
// Adapted from ../../../shared/examples/engine-harness.js.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const repoRoot = path.resolve(__dirname, '..', '..');
if (!process.env.N8N_USER_FOLDER) process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-n8n-'));

require('reflect-metadata');
const { Container } = require('@n8n/di');
const core = require('n8n-core');
const wf = require('n8n-workflow');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

function loadPackage() {
	if (!fs.existsSync(path.join(repoRoot, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const nodes = {};
	for (const file of pkg.n8n.nodes) {
		const stem = path.basename(file).replace(/\.node\.js$/, '');
		const NodeClass = require(path.join(repoRoot, file))[stem];
		const node = new NodeClass();
		nodes[node.description.name] = node;
	}
	const credentialTypes = {};
	for (const file of pkg.n8n.credentials) {
		const stem = path.basename(file).replace(/\.credentials\.js$/, '');
		const CredClass = require(path.join(repoRoot, file))[stem];
		const cred = new CredClass();
		credentialTypes[cred.name] = cred;
	}
	return { nodes, credentialTypes };
}

let binaryServiceReady;
async function ensureBinaryDataService() {
	binaryServiceReady ??= (async () => {
		const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-binary-'));
		const quiet = { debug() {}, info() {}, warn() {}, error() {}, scoped() { return quiet; } };
		const service = new core.BinaryDataService(
			{ mode: 'filesystem', localStoragePath: storage, signingSecret: 'engine-tests', availableModes: ['filesystem'] },
			{ error() {}, warn() {}, info() {} },
			quiet,
		);
		await service.init();
		Container.set(core.BinaryDataService, service);
		return service;
	})();
	return binaryServiceReady;
}

/** Applies a credential's `authenticate` exactly as n8n's CredentialsHelper does (generic or function). */
function createCredentialsHelper(credentialTypes, credentialData) {
	class EngineCredentialsHelper extends wf.ICredentialsHelper {
		getParentTypes(name) {
			return credentialTypes[name]?.extends ?? [];
		}
		async authenticate(credentials, typeName, requestOptions, workflow, node) {
			const type = credentialTypes[typeName];
			if (!type?.authenticate) return requestOptions;
			if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
			if (type.authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(type.authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const resolve = (v) => (wf.isExpression(v) ? String(workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '') ?? '') : v);
						requestOptions[outerKey] ??= {};
						requestOptions[outerKey][resolve(key)] = resolve(value);
					}
				}
			}
			return requestOptions;
		}
		async preAuthentication() {
			return undefined;
		}
		async runPreAuthentication() {
			return undefined;
		}
		async getCredentials() {
			throw new Error('not used by the engine tests');
		}
		async getDecrypted(_additionalData, _nodeCredentials, type) {
			if (!credentialData[type]) throw new Error(`No test credential of type ${type}`);
			return { ...credentialData[type] };
		}
		async updateCredentials() {}
		async updateCredentialsOauthTokenData() {}
		getCredentialsProperties(type) {
			return credentialTypes[type]?.properties ?? [];
		}
		isCredentialUsableByNode() {
			return true;
		}
	}
	return new EngineCredentialsHelper();
}

function additionalDataFor(credentialsHelper, hooks, executionId) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		userId: 'engine-test-user',
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not supported in the engine tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not supported in the engine tests');
		},
	};
}

/**
 * Runs one of our nodes with the given input items and returns its output.
 * @param {object} opts
 * @param {string} opts.node            node name in description, e.g. 'consonance'
 * @param {object} opts.parameters      node parameters
 * @param {object} opts.credentials     { consonanceApi: {...}, cloudinaryApi: {...} }
 * @param {object[]} [opts.items]       input items ({ json, binary? }); default one empty item
 * @param {boolean} [opts.continueOnFail]
 * @param {object} [opts.settings]      extra node settings (retryOnFail, maxTries, ...)
 */
async function runNode(opts) {
	await ensureBinaryDataService();
	const { nodes, credentialTypes } = loadPackage();
	const nodeType = nodes[opts.node];
	if (!nodeType) throw new Error(`Unknown node ${opts.node}; have ${Object.keys(nodes).join(', ')}`);
	const typeName = `${pkg.name}.${nodeType.description.name}`;
	const nodeTypes = {
		getByName: (name) => (name === typeName ? nodeType : undefined),
		getByNameAndVersion: (name) => (name === typeName ? nodeType : undefined),
		getKnownTypes: () => ({}),
	};
	const credentialRefs = Object.fromEntries((nodeType.description.credentials ?? []).map((c) => [c.name, { id: `cred-${c.name}`, name: `${c.name} test` }]));
	const wNode = {
		id: 'node-under-test',
		name: opts.nodeName ?? 'Node Under Test',
		type: typeName,
		typeVersion: Array.isArray(nodeType.description.version) ? Math.max(...nodeType.description.version) : nodeType.description.version,
		position: [0, 0],
		parameters: opts.parameters ?? {},
		credentials: credentialRefs,
		...(opts.settings ?? {}),
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
	const workflowData = { id: 'engine-wf', name: 'engine test', nodes: [wNode], connections: {}, active: false, settings: { executionOrder: 'v1' } };
	const workflow = new wf.Workflow({ ...workflowData, nodeTypes, staticData: opts.staticData ?? {} });
	const executionId = String(Date.now()) + Math.floor(Math.random() * 1000);
	const items = opts.items ?? [{ json: {} }];
	const runExecutionData = wf.createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: workflow.getNode(wNode.name), data: { main: [items] }, source: null }] },
	});
	const hooks = new core.ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = additionalDataFor(createCredentialsHelper(credentialTypes, opts.credentials ?? {}), hooks, executionId);
	const execution = new core.WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const task = run?.data?.resultData?.runData?.[wNode.name]?.[0];
	const error = run?.data?.resultData?.error ?? task?.error;
	return {
		status: error ? 'error' : 'success',
		error,
		output: task?.data?.main?.[0] ?? [],
		json: (task?.data?.main?.[0] ?? []).map((o) => o.json),
		run,
	};
}

module.exports = { runNode, loadPackage, packageName: pkg.name };
