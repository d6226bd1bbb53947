'use strict';
// The first vertical slice in a REAL n8n 2.40.7: our `npm pack` tarball installed as a community
// package, credentials "Consonance account" and "Cloudinary account" imported with n8n's CLI and
// pointing at the sandbox, a workflow (Manual Trigger → Consonance Product Get by ISBN → Cloudinary
// Asset Get of that title's master cover) imported and executed with `n8n execute`; then the running
// n8n is asked for our node types and tests both credentials.
const path = require('node:path');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
let sb;
let instance;
let coverProduct;

function hyphenate(isbn) {
	return `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 9)}-${isbn.slice(9, 12)}-${isbn.slice(12)}`;
}

function credentialsFor(info) {
	const { consonance, cloudinary } = n8nCredentials(info);
	return [consonance, cloudinary];
}

function sliceWorkflow(isbns) {
	return {
		id: 'e2eVerticalSlice1',
		name: 'Look up a title and its master cover',
		nodes: [
			{
				id: 'a1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'ISBNs to check',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(isbns)}.map((isbn) => ({ json: { isbn } }));`,
				},
			},
			{
				id: 'a3',
				name: 'Get title from Consonance',
				type: `${PKG}.consonance`,
				typeVersion: 1,
				position: [400, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'product',
					operation: 'get',
					product: { __rl: true, mode: 'isbn', value: '={{ $json.isbn }}' },
				},
				credentials: { consonancePublishingApi: { id: null, name: 'Consonance account' } },
			},
			{
				id: 'a4',
				name: 'Get master cover from Cloudinary',
				type: `${PKG}.cloudinary`,
				typeVersion: 1,
				position: [600, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'asset',
					operation: 'get',
					asset: { __rl: true, mode: 'id', value: '=covers/{{ $json.isbn13 }}' },
					resourceType: 'image',
					deliveryType: 'upload',
				},
				credentials: { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'ISBNs to check', type: 'main', index: 0 }]] },
			'ISBNs to check': { main: [[{ node: 'Get title from Consonance', type: 'main', index: 0 }]] },
			'Get title from Consonance': {
				main: [[{ node: 'Get master cover from Cloudinary', type: 'main', index: 0 }]],
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const cover = sb.sandbox.catalogue.cloudinary.assets.find(
		(a) => a.publicId.startsWith('covers/') && !a.defect,
	);
	coverProduct = {
		isbn13: cover.links.isbn13,
		productId: cover.links.productId,
		width: cover.image.width,
		height: cover.image.height,
	};
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const imported = await instance.importCredentials(credentialsFor(sb.info));
	expect(imported.code ?? 0).toBe(0);
});

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

test('n8n execute runs Consonance › Product › Get and Cloudinary › Asset › Get on the sandbox', async () => {
	const workflowId = await instance.importWorkflow(
		sliceWorkflow([hyphenate(coverProduct.isbn13), '978-0-306-40615-3']),
	);
	const before = await sb.lastSeq();
	const execution = await instance.execute(workflowId);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	const titles = execution.items('Get title from Consonance');
	expect(titles).toHaveLength(2);
	expect(titles[0]).toMatchObject({ id: coverProduct.productId, isbn13: coverProduct.isbn13 });
	expect(titles[1].error).toContain('but 7 was expected');

	const covers = execution.items('Get master cover from Cloudinary');
	expect(covers[0]).toMatchObject({
		public_id: `covers/${coverProduct.isbn13}`,
		width: coverProduct.width,
		height: coverProduct.height,
		format: 'jpg',
	});
	expect(covers[0].md5).toMatch(/^[0-9a-f]{32}$/);
	// The bad ISBN never reached Consonance; its error item went on to a lookup of "covers/", which
	// the asset reference check refuses before any call, naming the item and the field.
	expect(covers[1].error).toBe('Item 1, field "Asset": "covers/" starts or ends with "/"');

	const served = await sb.requests(undefined, before);
	const graphql = served.filter((r) => r.service === 'consonance');
	const admin = served.filter((r) => r.service === 'cloudinary');
	expect(graphql).toHaveLength(1);
	expect(graphql[0].status).toBe(200);
	expect(admin.map((r) => r.status)).toEqual([200]);

	// No secret in what n8n recorded.
	expect(execution.raw).not.toContain(sb.info.cloudinary.apiSecret);
	expect(execution.raw).not.toContain(sb.info.consonance.apiKey);
});

test("the running n8n lists our node types and accepts our credentials' tests", async () => {
	await instance.start();
	await instance.login();
	const types = await instance.nodeTypes();
	expect(types).toEqual(expect.arrayContaining([`${PKG}.consonance`, `${PKG}.cloudinary`]));

	const [consonance, cloudinary] = credentialsFor(sb.info);
	expect(await instance.testCredential({ ...consonance, id: '' })).toMatchObject({ status: 'OK' });
	expect(await instance.testCredential({ ...cloudinary, id: '' })).toMatchObject({ status: 'OK' });

	const badConsonance = await instance.testCredential({
		...consonance,
		id: '',
		data: { ...consonance.data, apiKey: 'not-the-right-key-0000000000000000' },
	});
	expect(badConsonance.status).toBe('Error');
	expect(JSON.stringify(badConsonance)).not.toContain('not-the-right-key');
	const badCloudinary = await instance.testCredential({
		...cloudinary,
		id: '',
		data: { ...cloudinary.data, apiSecret: 'wrong-secret-xyz' },
	});
	expect(badCloudinary.status).toBe('Error');
	expect(JSON.stringify(badCloudinary)).not.toContain('wrong-secret-xyz');
});

// Issue 9, "Proof": both action nodes meet a rejected key, a rejected key and secret, a 500 whose
// message echoes every credential, and bad input — on the error output and as plain failures, in
// the CLI and in the running server — and n8n keeps none of the keys or secrets: the harness scans
// this n8n's user folder (n8n.log, database.sqlite row by row with its execution data, the event
// log) and every CLI output when it stops (scripts/lib/n8n.js, scripts/lib/secrets-scan.js).
describe('failures leave no key or secret in what n8n keeps', () => {
	const WRONG_CONSONANCE_KEY = 'wrongconsonancekey-e2e-5f3a9c1d7b';
	const WRONG_CLOUDINARY = {
		apiKey: '271828182845904',
		apiSecret: 'wrong-cloudinary-secret-e2e-8d41',
	};
	const executionIds = [];
	let isbn;

	const consonanceGet = (name, value, { credential = 'Consonance account', onError } = {}) => ({
		id: `c-${name}`,
		name,
		type: `${PKG}.consonance`,
		typeVersion: 1,
		position: [400, 0],
		...(onError ? { onError } : {}),
		parameters: {
			resource: 'product',
			operation: 'get',
			product: { __rl: true, mode: 'isbn', value },
		},
		credentials: { consonancePublishingApi: { id: null, name: credential } },
	});
	const cloudinaryGet = (name, publicId, { credential = 'Cloudinary account', onError } = {}) => ({
		id: `d-${name}`,
		name,
		type: `${PKG}.cloudinary`,
		typeVersion: 1,
		position: [400, 200],
		...(onError ? { onError } : {}),
		parameters: {
			resource: 'asset',
			operation: 'get',
			asset: { __rl: true, mode: 'id', value: publicId },
			resourceType: 'image',
			deliveryType: 'upload',
		},
		credentials: { cloudinaryPublishingApi: { id: null, name: credential } },
	});
	/** Manual Trigger → each node side by side. */
	const workflow = (name, nodes) => ({
		name,
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...nodes,
		],
		connections: {
			Start: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
		},
		settings: { executionOrder: 'v1' },
	});
	const errorOutput = (data, node) =>
		(data.resultData.runData[node]?.[0]?.data?.main?.[1] ?? []).map((item) => item.json);
	/** Runs a workflow in the running n8n (server process, so its log is involved); the finished execution. */
	async function runInServer(workflowId) {
		const id = await instance.runWorkflow(workflowId, 'Start');
		executionIds.push(id);
		return instance.waitForExecution(id, { timeoutMs: 2 * MINUTE });
	}
	// A 500 whose message repeats the service's own credentials, as a misconfigured proxy might.
	const echoingFault = (service) => {
		const { apiKey, apiSecret } = sb.info.cloudinary;
		const basic = Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
		const echo =
			service === 'consonance'
				? `Bearer ${sb.info.consonance.apiKey}`
				: `Basic ${basic} (${apiKey}:${apiSecret})`;
		return {
			service,
			kind: 'status',
			status: 500,
			count: 100,
			message: `upstream failed for ${echo}`,
		};
	};
	/** Runs `during` with the services answering 500 echoing their credentials. */
	async function withEchoingFaults(services, during) {
		await sb.control.delete('/faults');
		for (const service of services)
			expect((await sb.control.post('/faults', echoingFault(service))).status).toBe(200);
		try {
			return await during();
		} finally {
			await sb.control.delete('/faults');
		}
	}

	beforeAll(async () => {
		isbn = coverProduct.isbn13;
		await instance.importCredentials([
			{
				name: 'Consonance wrong key',
				type: 'consonancePublishingApi',
				data: { ...n8nCredentials(sb.info).consonance.data, apiKey: WRONG_CONSONANCE_KEY },
			},
			{
				name: 'Cloudinary wrong key',
				type: 'cloudinaryPublishingApi',
				data: { ...n8nCredentials(sb.info).cloudinary.data, ...WRONG_CLOUDINARY },
			},
		]);
		if (!instance.running) await instance.start();
	});

	test('on the error output (CLI): rejected keys and bad input are error items', async () => {
		const id = await instance.importWorkflow(
			workflow('Failures on the error output', [
				consonanceGet('Wrong Consonance key', isbn, {
					credential: 'Consonance wrong key',
					onError: 'continueErrorOutput',
				}),
				cloudinaryGet('Wrong Cloudinary key and secret', `covers/${isbn}`, {
					credential: 'Cloudinary wrong key',
					onError: 'continueErrorOutput',
				}),
				consonanceGet('Bad ISBN', '978-0-306-40615-4', { onError: 'continueErrorOutput' }),
				cloudinaryGet('Bad public ID', 'covers/../x', { onError: 'continueErrorOutput' }),
			]),
		);
		const run = await instance.execute(id);
		expect(run.status).toBe('success');
		const errors = (node) => errorOutput(run.data.data, node).map((j) => j.error);
		expect(errors('Wrong Consonance key')).toEqual([
			expect.stringMatching(/API key was rejected \(HTTP 401\)/),
		]);
		expect(errors('Wrong Cloudinary key and secret')).toEqual([
			expect.stringMatching(/HTTP 401|Unknown API key/),
		]);
		expect(errors('Bad ISBN')).toEqual([
			expect.stringMatching(/^Item 0, field "Product \(By ISBN\)"/),
		]);
		expect(errors('Bad public ID')).toEqual([expect.stringMatching(/^Item 0, field "Asset"/)]);
	});

	test('on the error output (server): a 500 that echoes the credentials is an error item', async () => {
		const id = await instance.importWorkflow(
			workflow('A 500 on the error output', [
				consonanceGet('Consonance 500', isbn, { onError: 'continueErrorOutput' }),
				cloudinaryGet('Cloudinary 500', `covers/${isbn}`, { onError: 'continueErrorOutput' }),
			]),
		);
		const e = await withEchoingFaults(['consonance', 'cloudinary'], () => runInServer(id));
		expect(e.status).toBe('success');
		expect(errorOutput(e.data, 'Consonance 500').map((j) => j.error)).toEqual([
			expect.stringMatching(
				/^Item 0: Consonance: the request failed \(HTTP 500\): upstream failed for Bearer \[redacted\]$/,
			),
		]);
		expect(errorOutput(e.data, 'Cloudinary 500').map((j) => j.error)).toEqual([
			expect.stringMatching(
				new RegExp(
					'^Item 0: Cloudinary: answered HTTP 500 Internal Server Error: ' +
						'upstream failed for Basic \\[redacted\\] \\(\\[redacted\\]:\\[redacted\\]\\)$',
				),
			),
		]);
	});

	test.each([
		[
			'a rejected Consonance key',
			() => consonanceGet('Get', isbn, { credential: 'Consonance wrong key' }),
			false,
		],
		[
			'a rejected Cloudinary key and secret',
			() => cloudinaryGet('Get', `covers/${isbn}`, { credential: 'Cloudinary wrong key' }),
			false,
		],
		['a Consonance 500 echoing the credentials', () => consonanceGet('Get', isbn), 'consonance'],
		[
			'a Cloudinary 500 echoing the credentials',
			() => cloudinaryGet('Get', `covers/${isbn}`),
			'cloudinary',
		],
		['a bad public ID', () => cloudinaryGet('Get', 'covers/%zz'), false],
	])('a plain failure (server): %s fails the execution', async (_name, node, fault) => {
		const id = await instance.importWorkflow(workflow('A plain failure', [node()]));
		const e = await withEchoingFaults(fault ? [fault] : [], () => runInServer(id));
		expect(e.status).toBe('error');
		expect(e.data.resultData.error.message).toEqual(expect.any(String));
	});

	test('the scan of n8n stopped: its database rows, log and CLI outputs carry none of the secrets', async () => {
		await instance.stop(); // scans, and throws naming every hit
		const scan = await instance.secretsScan();
		expect(scan.hits).toEqual([]);
		// not vacuous: the failed executions' data were among what was read and searched
		for (const id of executionIds)
			expect(scan.places).toContain(
				`${path.join(instance.userFolder, '.n8n', 'database.sqlite')}, execution ${id} (execution data)`,
			);
		expect(scan.places).toContain(instance.logFile);
	});
});
