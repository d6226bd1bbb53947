'use strict';
// Runs our nodes inside n8n's own engine, in-process: n8n-core's WorkflowExecute (the version pinned
// to what the real n8n release ships) with real execute contexts, helpers, expression engine and
// credential `authenticate` applied the way n8n's CredentialsHelper applies it. The package is loaded
// from dist/ through package.json's "n8n" block, as n8n loads a community package.
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');

const repoRoot = path.resolve(__dirname, '..', '..');
// Temporary folders (n8n's user folder, binary storage) live under one parent that the jest run's
// global teardown removes (test/helpers/global-teardown.js): jest ends its workers without 'exit'.
const TEMPORARY_ROOT = path.join(os.tmpdir(), 'n8n-consonance-cloudinary-engine');
function temporaryFolder(prefix) {
	fs.mkdirSync(TEMPORARY_ROOT, { recursive: true });
	return fs.mkdtempSync(path.join(TEMPORARY_ROOT, prefix));
}
if (!process.env.N8N_USER_FOLDER) process.env.N8N_USER_FOLDER = temporaryFolder('engine-n8n-');

require('reflect-metadata');
const { Container } = require('@n8n/di');
const core = require('n8n-core');
const wf = require('n8n-workflow');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

function loadPackage() {
	if (!fs.existsSync(path.join(repoRoot, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
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
		const storage = temporaryFolder('engine-binary-');
		const quiet = {
			debug() {},
			info() {},
			warn() {},
			error() {},
			scoped() {
				return quiet;
			},
		};
		const service = new core.BinaryDataService(
			{
				mode: 'filesystem',
				localStoragePath: storage,
				signingSecret: 'engine-tests',
				availableModes: ['filesystem'],
			},
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
			if (typeof type.authenticate === 'function')
				return await type.authenticate(credentials, requestOptions);
			if (type.authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(type.authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const resolve = (v) =>
							wf.isExpression(v)
								? String(
										workflow.expression.getSimpleParameterValue(
											node,
											v,
											'internal',
											{ $credentials: credentials },
											undefined,
											'',
										) ?? '',
									)
								: v;
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
 * A workflow holding one of our nodes, as n8n builds it: the node type from dist/, its credentials
 * referenced by type, and node-type lookups that know only that node.
 * @returns {{ nodeType, credentialTypes, wNode, workflowData, workflow, node }}
 */
function singleNodeWorkflow(
	opts,
	{ id, name, workflowId, workflowName, active, nodeExtra = {}, parameters },
) {
	const { nodes, credentialTypes } = loadPackage();
	const nodeType = nodes[opts.node];
	if (!nodeType)
		throw new Error(`Unknown node ${opts.node}; have ${Object.keys(nodes).join(', ')}`);
	const typeName = `${pkg.name}.${nodeType.description.name}`;
	const nodeTypes = {
		getByName: (n) => (n === typeName ? nodeType : undefined),
		getByNameAndVersion: (n) => (n === typeName ? nodeType : undefined),
		getKnownTypes: () => ({}),
	};
	const credentialRefs = Object.fromEntries(
		(nodeType.description.credentials ?? []).map((c) => [
			c.name,
			{ id: `cred-${c.name}`, name: `${c.name} test` },
		]),
	);
	const wNode = {
		id,
		name: opts.nodeName ?? name,
		type: typeName,
		typeVersion: Array.isArray(nodeType.description.version)
			? Math.max(...nodeType.description.version)
			: nodeType.description.version,
		position: [0, 0],
		parameters: parameters ?? opts.parameters ?? {},
		credentials: credentialRefs,
		...nodeExtra,
	};
	const workflowData = {
		id: opts.workflowId ?? workflowId,
		name: workflowName,
		nodes: [wNode],
		connections: {},
		active,
		settings: { executionOrder: 'v1' },
	};
	const workflow = new wf.Workflow({
		...workflowData,
		nodeTypes,
		staticData: opts.staticData ? JSON.parse(JSON.stringify(opts.staticData)) : {},
	});
	return {
		nodeType,
		credentialTypes,
		wNode,
		workflowData,
		workflow,
		node: workflow.getNode(wNode.name),
	};
}

/**
 * Runs one of our nodes with the given input items and returns its output.
 * @param {object} opts
 * @param {string} opts.node            node name in description, e.g. 'consonance'
 * @param {object} opts.parameters      node parameters
 * @param {object} opts.credentials     { consonancePublishingApi: {...}, cloudinaryPublishingApi: {...} }
 * @param {object[]} [opts.items]       input items ({ json, binary? }); default one empty item
 * @param {boolean} [opts.continueOnFail]
 * @param {object} [opts.settings]      extra node settings (retryOnFail, maxTries, ...)
 * @param {number} [opts.cancelAfterMs] cancel the execution this long after it started
 */
async function runNode(opts) {
	await ensureBinaryDataService();
	const { credentialTypes, wNode, workflowData, workflow } = singleNodeWorkflow(opts, {
		id: 'node-under-test',
		name: 'Node Under Test',
		workflowId: 'engine-wf',
		workflowName: 'engine test',
		active: false,
		nodeExtra: {
			...(opts.settings ?? {}),
			...(opts.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		},
	});
	const executionId = String(Date.now()) + Math.floor(Math.random() * 1000);
	const items = opts.items ?? [{ json: {} }];
	const runExecutionData = wf.createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(wNode.name), data: { main: [items] }, source: null },
			],
		},
	});
	const hooks = new core.ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = additionalDataFor(
		createCredentialsHelper(credentialTypes, opts.credentials ?? {}),
		hooks,
		executionId,
	);
	const execution = new core.WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	// Cancels the execution as n8n does when a user stops it (its cancel signal aborts).
	const canceller =
		opts.cancelAfterMs === undefined
			? undefined
			: setTimeout(() => running.cancel(), opts.cancelAfterMs);
	const run = await running;
	clearTimeout(canceller);
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

module.exports = { runNode, loadPackage, packageName: pkg.name, TEMPORARY_ROOT };

// ---------------------------------------------------------------------------------------------
// Webhook triggers: webhook() in n8n-core's real WebhookContext with an express-like request and
// response (what n8n's webhook server hands a node), and the activation methods (checkExists /
// create / delete) in its real HookContext, the way n8n's WebhookService.runWebhookMethod calls them.

const ENGINE_WEBHOOK_ID = '6f1c8a52-3b7e-4c1d-9a0e-2d4b5c6e7f80';

function triggerSetup(opts) {
	const { nodeType, credentialTypes, wNode, workflowData, workflow } = singleNodeWorkflow(opts, {
		id: 'node-under-test',
		name: 'Node Under Test',
		workflowId: 'engine-wf',
		workflowName: 'engine test',
		active: true,
		nodeExtra: { webhookId: opts.webhookId ?? ENGINE_WEBHOOK_ID },
	});
	const executionId = String(Date.now()) + Math.floor(Math.random() * 1000);
	const hooks = new core.ExecutionLifecycleHooks(
		opts.isTest ? 'manual' : 'webhook',
		executionId,
		workflowData,
	);
	const additionalData = additionalDataFor(
		createCredentialsHelper(credentialTypes, opts.credentials ?? {}),
		hooks,
		executionId,
	);
	if (opts.webhookBaseUrl) additionalData.webhookBaseUrl = opts.webhookBaseUrl;
	if (opts.webhookTestBaseUrl) additionalData.webhookTestBaseUrl = opts.webhookTestBaseUrl;
	const webhookDescription = (nodeType.description.webhooks ?? []).find(
		(w) => w.name === (opts.webhookName ?? 'default'),
	);
	if (!webhookDescription)
		throw new Error(`${opts.node} has no webhook named ${opts.webhookName ?? 'default'}`);
	const webhookData = {
		httpMethod: webhookDescription.httpMethod,
		node: wNode.name,
		path: `${wNode.webhookId}/${webhookDescription.path}`,
		webhookDescription,
		workflowId: workflowData.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: wNode.webhookId,
		isTest: Boolean(opts.isTest),
	};
	return { nodeType, workflow, node: workflow.getNode(wNode.name), additionalData, webhookData };
}

function plainStaticData(workflow) {
	return JSON.parse(JSON.stringify(workflow.staticData ?? {}));
}

/**
 * Runs a webhook method as n8n does on activation / deactivation / "Listen for test event".
 * @param {object} opts  { node, method: 'checkExists'|'create'|'delete', parameters, credentials,
 *                         staticData, isTest, mode, activation, webhookBaseUrl, webhookTestBaseUrl }
 * @returns {{ result, staticData, url }} staticData: what n8n would persist for the workflow
 */
async function runWebhookMethod(opts) {
	const s = triggerSetup(opts);
	const fn = s.nodeType.webhookMethods?.[s.webhookData.webhookDescription.name]?.[opts.method];
	if (!fn) throw new Error(`${opts.node} has no webhook method ${opts.method}`);
	const defaults = opts.method === 'delete' ? ['internal', 'update'] : ['trigger', 'activate'];
	const mode = opts.mode ?? (opts.isTest ? 'manual' : defaults[0]);
	const activation = opts.activation ?? (opts.isTest ? 'manual' : defaults[1]);
	const context = new core.HookContext(
		s.workflow,
		s.node,
		s.additionalData,
		mode,
		activation,
		s.webhookData,
	);
	const result = await fn.call(context);
	return {
		result,
		staticData: plainStaticData(s.workflow),
		url: context.getNodeWebhookUrl(s.webhookData.webhookDescription.name),
	};
}

/** An express-like request as n8n's webhook server passes it (rawBody read by its body parser, or lazily). */
function fakeWebhookRequest({
	method = 'POST',
	headers = {},
	rawBody,
	body,
	query = {},
	rawBodyPreread = true,
} = {}) {
	const raw =
		rawBody === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(rawBody)
				? rawBody
				: Buffer.from(String(rawBody), 'utf8');
	const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
	if (!('content-type' in lower)) lower['content-type'] = 'application/json';
	let parsed = body;
	if (parsed === undefined) {
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			parsed = {};
		}
	}
	const req = {
		method,
		headers: lower,
		query,
		params: {},
		body: parsed,
		rawBody: rawBodyPreread ? raw : undefined,
		header: (name) => lower[String(name).toLowerCase()],
		get: (name) => lower[String(name).toLowerCase()],
		async readRawBody() {
			req.rawBody = raw;
		},
	};
	return req;
}

function fakeWebhookResponse() {
	const res = {
		statusCode: 200,
		headers: {},
		body: undefined,
		finished: false,
		status(code) {
			res.statusCode = code;
			return res;
		},
		setHeader(name, value) {
			res.headers[String(name).toLowerCase()] = value;
			return res;
		},
		header(name, value) {
			return res.setHeader(name, value);
		},
		set(name, value) {
			return res.setHeader(name, value);
		},
		json(body) {
			res.setHeader('content-type', 'application/json');
			res.body = body;
			res.finished = true;
			return res;
		},
		send(body) {
			res.body = body;
			res.finished = true;
			return res;
		},
		end(body) {
			if (body !== undefined) res.body = body;
			res.finished = true;
			return res;
		},
	};
	return res;
}

/**
 * Runs a trigger node's webhook() with one HTTP request.
 * @param {object} opts  { node, parameters, credentials, staticData, isTest,
 *                         request: { headers, rawBody, body?, query?, rawBodyPreread? } }
 * @returns {{ result, started, items, http: { status, body }, staticData, persisted }} persisted: what
 *          n8n would save to the database after this request (null: nothing); started: whether n8n would start an
 *          execution (workflowData returned); http: what the caller receives, applying n8n's rule
 *          that without noWebhookResponse the answer is 200 with webhookResponse (or "Webhook call received").
 */
async function runWebhook(opts) {
	await ensureBinaryDataService();
	const s = triggerSetup(opts);
	const req = fakeWebhookRequest(opts.request);
	const res = fakeWebhookResponse();
	s.additionalData.httpRequest = req;
	s.additionalData.httpResponse = res;
	const context = new core.WebhookContext(
		s.workflow,
		s.node,
		s.additionalData,
		opts.isTest ? 'manual' : 'webhook',
		s.webhookData,
		[],
		null,
	);
	const result = await s.nodeType.webhook.call(context);
	const started = Array.isArray(result?.workflowData);
	const http = result?.noWebhookResponse
		? { status: res.statusCode, body: res.body }
		: {
				status: 200,
				body: started
					? { message: 'Workflow was started' }
					: (result?.webhookResponse ?? { message: 'Webhook call received' }),
			};
	return {
		result,
		started,
		items: started ? result.workflowData[0].map((i) => i.json) : [],
		http,
		staticData: plainStaticData(s.workflow),
		// LiveWebhooks saves the workflow's static data after answering, only when it changed.
		persisted: s.workflow.staticData.__dataChanged === true ? plainStaticData(s.workflow) : null,
	};
}

Object.assign(module.exports, {
	runWebhook,
	runWebhookMethod,
	fakeWebhookRequest,
	fakeWebhookResponse,
});

/**
 * Runs a polling trigger's poll() the way n8n 2.40 does (defaults: no durable poll cursors).
 * - mode 'trigger': n8n-core's own PollTriggerExecutor with a PollContext wired as n8n's
 *   TriggerExecutionContextFactory wires it: static data is the workflow's (in memory); it is written
 *   to the database when the poll emits (__emit saves it before the execution starts) or, for the
 *   activation poll (`activation: true`), after activation. A poll that returns null changes only the
 *   in-memory copy; a poll that throws is recorded as a failed execution (__emitError).
 * - mode 'manual' ("Fetch Test Event"): n8n-core's WorkflowExecute in manual mode, which never saves
 *   static data.
 * @param {object} opts { node, parameters, credentials, staticData, mode: 'trigger'|'manual', activation }
 * @returns {{ status, error, emitted, items, staticData, persisted, markedChanged }} staticData: the
 *   workflow's static data in memory after the poll (what the next poll of the same process sees);
 *   persisted: what n8n wrote to the database during this poll (null when it wrote nothing);
 *   markedChanged: the poll touched static data that n8n will write at its next save.
 */
async function runPoll(opts) {
	await ensureBinaryDataService();
	const mode = opts.mode ?? 'trigger';
	const { nodeType, credentialTypes, wNode, workflowData, workflow, node } = singleNodeWorkflow(
		opts,
		{
			id: 'poll-node-under-test',
			name: 'Poll Under Test',
			workflowId: 'engine-poll-wf',
			workflowName: 'engine poll test',
			active: mode === 'trigger',
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...(opts.parameters ?? {}) },
		},
	);
	if (!nodeType.poll) throw new Error(`${opts.node} is not a polling node`);
	const executionId = String(Date.now()) + Math.floor(Math.random() * 1000);
	const hooks = new core.ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = additionalDataFor(
		createCredentialsHelper(credentialTypes, opts.credentials ?? {}),
		hooks,
		executionId,
	);

	if (mode === 'manual') {
		const runExecutionData = wf.createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: [[{ json: {} }]] }, source: null }],
			},
		});
		const run = await new core.WorkflowExecute(
			additionalData,
			'manual',
			runExecutionData,
		).processRunExecutionData(workflow);
		const task = run?.data?.resultData?.runData?.[wNode.name]?.[0];
		const error = run?.data?.resultData?.error ?? task?.error;
		const out = task?.data?.main?.[0] ?? [];
		return {
			status: error ? 'error' : 'success',
			error,
			emitted: out.length > 0,
			items: out.map((o) => o.json),
			staticData: plainStaticData(workflow),
			persisted: null,
		};
	}

	let persisted = null;
	// WorkflowStaticDataService.saveStaticData: writes only when the observable static data changed.
	const saveStaticData = () => {
		if (workflow.staticData.__dataChanged === true) {
			persisted = plainStaticData(workflow);
			workflow.staticData.__dataChanged = false;
		}
	};
	let emittedData = null;
	let emittedError = null;
	const pollContext = new core.PollContext(
		workflow,
		node,
		additionalData,
		'trigger',
		opts.activation ? 'activate' : 'update',
		(data) => {
			saveStaticData();
			emittedData = data;
		},
		(error) => {
			emittedError = error;
		},
		async () => {},
		async (poll) => await poll(),
		() => workflow.getStaticData('node', node),
	);
	const executor = Container.get(core.PollTriggerExecutor);
	const executePoll = executor.create(workflow, node, pollContext, () => true);
	let error = null;
	try {
		await executePoll(Boolean(opts.activation));
		if (opts.activation) saveStaticData(); // ActiveWorkflowManager.add saves after activation
	} catch (e) {
		error = e; // an activation poll that throws fails the activation
	}
	error ??= emittedError;
	const items = emittedData ? emittedData[0].map((i) => i.json) : [];
	return {
		status: error ? 'error' : 'success',
		error,
		emitted: Boolean(emittedData),
		items,
		staticData: plainStaticData(workflow),
		persisted,
		// Static data the poll assigned or deleted and n8n has not saved yet (it will at the next save).
		markedChanged: workflow.staticData.__dataChanged === true,
	};
}

Object.assign(module.exports, { runPoll });

/**
 * Puts a file into n8n's binary-data service (filesystem mode, as a single-instance n8n keeps it)
 * and returns the IBinaryData for an input item's `binary`: `{ json, binary: { data: await storeBinaryFile(path) } }`.
 * The node then reads it through getBinaryStream/getBinaryMetadata, as in a real n8n.
 * @param {string} filePath
 * @param {{ mimeType?: string, fileName?: string }} [opts]
 */
async function storeBinaryFile(filePath, opts = {}) {
	const service = await ensureBinaryDataService();
	return await service.copyBinaryFile(
		{ type: 'execution', workflowId: 'engine-wf', executionId: 'engine-binary-input' },
		{
			mimeType: opts.mimeType ?? 'application/octet-stream',
			fileName: opts.fileName ?? path.basename(filePath),
			data: '',
		},
		filePath,
	);
}

/** Same for a Buffer. */
async function storeBinaryBuffer(buffer, opts = {}) {
	const service = await ensureBinaryDataService();
	return await service.store(
		{ type: 'execution', workflowId: 'engine-wf', executionId: 'engine-binary-input' },
		buffer,
		{
			mimeType: opts.mimeType ?? 'application/octet-stream',
			fileName: opts.fileName ?? 'file',
			data: '',
		},
	);
}

/** Reads an output binary (filesystem-stored or in-memory) back as a Buffer. */
async function readBinary(binary) {
	const service = await ensureBinaryDataService();
	return await service.getAsBuffer(binary);
}

Object.assign(module.exports, { storeBinaryFile, storeBinaryBuffer, readBinary });
