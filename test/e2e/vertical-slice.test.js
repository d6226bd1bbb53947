'use strict';
// The first vertical slice in a REAL n8n 2.40.7: our `npm pack` tarball installed as a community
// package, credentials "Consonance account" and "Cloudinary account" imported with n8n's CLI and
// pointing at the sandbox, a workflow (Manual Trigger → Consonance Product Get by ISBN → Cloudinary
// Asset Get of that title's master cover) imported and executed with `n8n execute`; then the running
// n8n is asked for our node types and tests both credentials.
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

test('n8n execute runs Consonance › Product › Get and Cloudinary › Asset › Get against the sandbox', async () => {
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
