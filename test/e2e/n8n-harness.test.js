'use strict';
// Self-test of the real-n8n library (scripts/lib/n8n.js) with n8n's core nodes: a real n8n 2.x
// process, its CLI (import, execute) and its REST API (login, node types, credential test,
// activation, executions). Our package is installed too when dist/ is built; when it is not, the
// one test that needs it is reported as skipped (never passed silently).
// Run: npx jest --selectProjects e2e test/e2e/n8n-harness
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const axios = require('axios');
const n8n = require('../../scripts/lib/n8n');

const repoRoot = n8n.REPO_ROOT;
const pkg = require(path.join(repoRoot, 'package.json'));
const declaredFiles = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
const withPackage =
	declaredFiles.length > 0 && declaredFiles.every((f) => fs.existsSync(path.join(repoRoot, f)));
// npm test always builds first; run by hand without dist/, the package test fails and says why.
const testWithPackage = test;

const MINUTE = 60 * 1000;
const timings = {};
async function timed(label, fn) {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		timings[label] = Date.now() - t0;
	}
}

// A stand-in HTTP service: GET /user answers 200 for "Authorization: token good-token", 401 otherwise.
function startStub() {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
		res.setHeader('content-type', 'application/json');
		if (req.url === '/user' && req.headers.authorization === 'token good-token') {
			res.end(JSON.stringify({ login: 'harness', id: 1 }));
		} else {
			res.statusCode = 401;
			res.end(JSON.stringify({ message: 'Bad credentials' }));
		}
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () =>
			resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}` }),
		);
	});
}

const manualSet = {
	name: 'Harness: Manual Trigger to Set',
	nodes: [
		{
			id: 'n1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'n2',
			name: 'Set greeting',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'a1', name: 'greeting', value: 'hello from n8n', type: 'string' },
						{ id: 'a2', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Set greeting', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

const httpWithCredential = (url) => ({
	name: 'Harness: credential resolved by name',
	nodes: [
		{
			id: 'h1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'h2',
			name: 'Call stub',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [220, 0],
			parameters: {
				method: 'GET',
				url: `${url}/user`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'githubApi',
				options: {},
			},
			// the way our templates reference credentials: by name, id null
			credentials: { githubApi: { id: null, name: 'Harness GitHub' } },
		},
	],
	connections: { Start: { main: [[{ node: 'Call stub', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

const webhookFlow = {
	name: 'Harness: webhook',
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6f1c7a52-3c1e-4a38-9d2e-000000000001',
			parameters: { path: 'harness-hook', httpMethod: 'POST', options: {} },
		},
		{
			id: 'w2',
			name: 'Double',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'd1', name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' },
					],
				},
				options: {},
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Double', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe('real n8n harness (core nodes)', () => {
	let instance;
	let stub;
	let tarball;
	let manualId;

	beforeAll(async () => {
		const paths = await timed('installCheck', () => n8n.installN8n({ inherit: true }));
		timings.n8nVersion = paths.n8nVersion;
		if (withPackage) tarball = await timed('pack', () => n8n.packPackage({ repoRoot }));
		stub = await startStub();
		instance = await timed('createInstance', () =>
			n8n.createN8nInstance({ packageTarball: tarball }),
		);
	}, 40 * MINUTE);

	afterAll(async () => {
		if (instance) await timed('cleanup', () => instance.cleanup());
		if (stub) stub.server.close();
		if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
		const rows = Object.entries({ ...timings, ...(instance?.timings ?? {}) }).map(
			([k, v]) => `  ${k.padEnd(22)} ${typeof v === 'number' ? `${v} ms` : v}`,
		);
		console.log(
			`n8n harness timings (package ${withPackage ? 'installed' : 'NOT built, not installed'}):\n${rows.join('\n')}`,
		);
	}, 2 * MINUTE);

	test('each instance has its own user folder, N8N_PORT and runner broker port', () => {
		expect(fs.existsSync(path.join(instance.userFolder, '.n8n', 'nodes'))).toBe(true);
		expect(instance.port).not.toBe(instance.brokerPort);
		expect(instance.brokerPort).not.toBe(5679);
		expect(instance.env.N8N_RUNNERS_BROKER_PORT).toBe(String(instance.brokerPort));
	});

	test(
		'imports Manual Trigger → Set and executes it with the CLI',
		async () => {
			manualId = await timed('importWorkflow', () => instance.importWorkflow(manualSet));
			expect(manualId).toMatch(/^[0-9A-Za-z]{16}$/);
			const result = await timed('executeCli', () => instance.execute(manualId));
			expect(result.error).toBeUndefined();
			expect({ ok: result.ok, status: result.status }).toEqual({
				ok: true,
				status: 'success',
				...(result.ok ? {} : { log: result.raw + result.stderr }),
			});
			// exit 0, or n8n's own CLI crashing in its shutdown after the run was stored (see execute())
			expect(result.code === 0 || result.exitSignal === 'SIGSEGV').toBe(true);
			expect(result.data.mode).toBe('cli');
			expect(result.data.data.resultData.lastNodeExecuted).toBe('Set greeting');
			expect(result.items('Set greeting')).toEqual([{ greeting: 'hello from n8n', answer: 42 }]);
		},
		5 * MINUTE,
	);

	test(
		'a failing execution is reported with its node and message',
		async () => {
			const id = await instance.importWorkflow({
				name: 'Harness: failing',
				nodes: [
					{
						id: 'f1',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'f2',
						name: 'Fail',
						type: 'n8n-nodes-base.stopAndError',
						typeVersion: 1,
						position: [220, 0],
						parameters: { errorMessage: 'stopped on purpose }' },
					},
				],
				connections: { Start: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] } },
			});
			const result = await instance.execute(id);
			expect(result.ok).toBe(false);
			expect(result.code).not.toBe(0);
			expect(result.status).toBe('error');
			expect(result.error).toMatchObject({ node: 'Fail', message: 'stopped on purpose }' });
		},
		5 * MINUTE,
	);

	test(
		'a credential referenced by name (id null) resolves and authenticates a CLI execution',
		async () => {
			await timed('importCredentials', () =>
				instance.importCredentials([
					{
						name: 'Harness GitHub',
						type: 'githubApi',
						data: { server: stub.url, user: 'harness', accessToken: 'good-token' },
					},
				]),
			);
			const id = await instance.importWorkflow(httpWithCredential(stub.url));
			stub.requests.length = 0;
			const result = await instance.execute(id);
			expect(result.error).toBeUndefined();
			expect(result.items('Call stub')).toEqual([{ login: 'harness', id: 1 }]);
			expect(stub.requests).toEqual([
				{ method: 'GET', url: '/user', authorization: 'token good-token' },
			]);
		},
		5 * MINUTE,
	);

	test(
		'starts, becomes healthy and logs the env-created owner in',
		async () => {
			await timed('startToHealthy', () => instance.start());
			const health = await axios.get(`${instance.baseUrl}/healthz/readiness`);
			expect(health.status).toBe(200);
			const me = await timed('login', () => instance.login());
			expect(me).toMatchObject({ email: instance.owner.email, isOwner: true });
			expect(fs.readFileSync(instance.logFile, 'utf8')).toContain('==== n8n start');
		},
		3 * MINUTE,
	);

	test('lists node types over REST', async () => {
		const all = await timed('nodeTypes', () => instance.nodeTypes({ all: true }));
		expect(all).toEqual(
			expect.arrayContaining([
				'n8n-nodes-base.set',
				'n8n-nodes-base.manualTrigger',
				'n8n-nodes-base.webhook',
			]),
		);
		const [set] = await instance.nodeTypeDescriptions([
			{ name: 'n8n-nodes-base.set', version: 3.4 },
		]);
		expect(set).toMatchObject({ displayName: 'Edit Fields (Set)' }); // descriptions carry the short name ('set')
		const unauthenticated = await axios.get(`${instance.baseUrl}/types/nodes.json`, {
			validateStatus: () => true,
		});
		expect(unauthenticated.status).toBe(401);
	});

	testWithPackage('loads our package from .n8n/nodes: its node and credential types', async () => {
		if (!withPackage) throw new Error('dist/ is not built: run `npm run build` first');
		expect(instance.installedPackage).toMatchObject({ name: pkg.name, version: pkg.version });
		const ours = await instance.nodeTypes();
		// every node file package.json declares must appear as <package name>.<node name>
		for (const file of pkg.n8n.nodes) {
			const mod = require(path.join(repoRoot, file));
			const NodeClass = Object.values(mod).find((v) => typeof v === 'function');
			const { name } = new NodeClass().description;
			expect(ours).toContain(`${pkg.name}.${name}`);
		}
		const credentialTypes = await instance.credentialTypes();
		expect(credentialTypes).toEqual(
			expect.arrayContaining(['consonancePublishingApi', 'cloudinaryPublishingApi']),
		);
	});

	test('tests credentials over REST like the editor does', async () => {
		const stored = await timed('credentialTest', () =>
			instance.testCredential({ name: 'Harness GitHub' }),
		);
		expect(stored).toMatchObject({ status: 'OK' });
		const wrong = await instance.testCredential({
			name: 'Harness GitHub',
			data: { accessToken: 'wrong' },
		});
		expect(wrong.status).toBe('Error');
		const unsaved = await instance.testCredential({
			type: 'githubApi',
			data: { server: stub.url, user: 'x', accessToken: 'good-token' },
		});
		expect(unsaved).toMatchObject({ status: 'OK' });
		expect(stub.requests.filter((r) => r.url === '/user').map((r) => r.authorization)).toEqual(
			expect.arrayContaining(['token good-token', 'token wrong']),
		);
	});

	test(
		'activates a webhook workflow, receives a call, lists the execution, deactivates',
		async () => {
			const id = await instance.importWorkflow(webhookFlow);
			const activated = await timed('activate', () => instance.activateWorkflow(id));
			expect(activated.active).toBe(true);
			expect(activated.publication).toMatchObject({ status: 'published' });
			const call = await axios.post(
				`${instance.webhookBaseUrl.replace('localhost', '127.0.0.1')}/harness-hook`,
				{ n: 21 },
			);
			expect(call.status).toBe(200);
			const executions = await instance.waitForExecutions(id, (list) =>
				list.some((e) => e.status === 'success'),
			);
			expect(executions[0]).toMatchObject({ workflowId: id, mode: 'webhook', status: 'success' });
			const execution = await instance.execution(executions[0].id);
			expect(execution.data.resultData.runData.Double[0].data.main[0][0].json).toEqual({
				doubled: 42,
			});
			const deactivated = await timed('deactivate', () => instance.deactivateWorkflow(id));
			expect(deactivated.active).toBe(false);
			const after = await axios.post(
				`${instance.baseUrl}/webhook/harness-hook`,
				{ n: 1 },
				{ validateStatus: () => true },
			);
			expect(after.status).toBe(404);
			// the CLI execution of the first test is in the list too
			const cliRuns = await instance.executions({ workflowId: manualId });
			expect(cliRuns.map((e) => e.mode)).toContain('cli');
		},
		3 * MINUTE,
	);

	test(
		'the CLI still executes while the server runs (own broker port per CLI call)',
		async () => {
			const result = await instance.execute(manualId);
			expect(result.ok).toBe(true);
		},
		5 * MINUTE,
	);

	test(
		'a second instance runs alongside on other ports',
		async () => {
			const second = await n8n.createN8nInstance({});
			try {
				expect([second.port, second.brokerPort]).not.toContain(instance.port);
				expect([second.port, second.brokerPort]).not.toContain(instance.brokerPort);
				await timed('secondStartToHealthy', () => second.start());
				expect((await axios.get(`${second.baseUrl}/healthz`)).status).toBe(200);
				expect((await axios.get(`${instance.baseUrl}/healthz`)).status).toBe(200);
			} finally {
				await second.cleanup();
			}
			expect(fs.existsSync(second.userFolder)).toBe(false);
		},
		3 * MINUTE,
	);

	test(
		'stop ends n8n and its task runner',
		async () => {
			const pid = instance.pid;
			await timed('stop', () => instance.stop());
			expect(() => process.kill(-pid, 0)).toThrow(); // no process left in its group
			const down = await axios
				.get(`${instance.baseUrl}/healthz`, { validateStatus: () => true, timeout: 2000 })
				.catch((e) => e);
			expect(down).toBeInstanceOf(Error);
		},
		2 * MINUTE,
	);
});
