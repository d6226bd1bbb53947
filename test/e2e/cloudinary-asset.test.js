'use strict';
// Cloudinary › Asset in a REAL n8n 2.40.7 (our packed tarball installed as a community package):
// an HTTP Request node fetches a cover image from the sandbox's delivery CDN as a binary file, our
// node uploads it (streamed from n8n's binary storage), gets it back and finds it by search; the
// sandbox must then hold exactly the fetched bytes with the tags and context the workflow set.
const crypto = require('node:crypto');
const axios = require('axios');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
const CRED = { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } };
let sb;
let instance;

const credentialsFor = (info) => [n8nCredentials(info).cloudinary];

function workflow(sourceUrl) {
	const node = (id, name, x, parameters, extra = {}) => ({
		id,
		name,
		type: `${PKG}.cloudinary`,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: CRED,
		...extra,
	});
	return {
		id: 'e2eCloudinaryAsset1',
		name: 'Fetch a cover, upload it, get it, find it',
		nodes: [
			{
				id: 'b1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b2',
				name: 'Fetch cover',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: {
					method: 'GET',
					url: sourceUrl,
					options: { response: { response: { responseFormat: 'file' } } },
				},
			},
			node('b3', 'Upload cover', 400, {
				resource: 'asset',
				operation: 'upload',
				source: 'binary',
				binaryPropertyName: 'data',
				uploadResourceType: 'image',
				publicId: 'e2e/uploads/fetched-cover',
				options: {
					tags: 'e2e-upload, cover',
					context: { entry: [{ key: 'source', value: 'http-request' }] },
				},
			}),
			node('b4', 'Get cover', 600, {
				resource: 'asset',
				operation: 'get',
				asset: { __rl: true, mode: 'id', value: '={{ $json.public_id }}' },
				resourceType: 'image',
				deliveryType: 'upload',
				options: { versions: true },
			}),
			node(
				'b5',
				'Find cover',
				800,
				{
					resource: 'asset',
					operation: 'search',
					mode: 'builder',
					conditions: { condition: [{ field: 'tag', value: 'e2e-upload' }] },
					returnAll: true,
				},
				{ executeOnce: true },
			),
		],
		connections: {
			Start: { main: [[{ node: 'Fetch cover', type: 'main', index: 0 }]] },
			'Fetch cover': { main: [[{ node: 'Upload cover', type: 'main', index: 0 }]] },
			'Upload cover': { main: [[{ node: 'Get cover', type: 'main', index: 0 }]] },
			'Get cover': { main: [[{ node: 'Find cover', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
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

test('HTTP Request → Cloudinary Upload → Get → Search in a real n8n', async () => {
	const seeded = sb.sandbox.catalogue.cloudinary.assets.find(
		(a) => a.resourceType === 'image' && !a.defect && a.publicId.startsWith('covers/'),
	);
	const source = (
		await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(seeded.publicId)}`)
	).data;
	const fetched = await axios.get(source.url, { responseType: 'arraybuffer' });
	const md5 = crypto.createHash('md5').update(Buffer.from(fetched.data)).digest('hex');

	const workflowId = await instance.importWorkflow(workflow(source.url));
	const execution = await instance.execute(workflowId);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	const uploaded = execution.items('Upload cover');
	expect(uploaded).toHaveLength(1);
	expect(uploaded[0]).toMatchObject({
		public_id: 'e2e/uploads/fetched-cover',
		md5,
		width: source.width,
		height: source.height,
		requests: 1,
	});
	expect(uploaded[0].api_key).toBeUndefined();

	const got = execution.items('Get cover');
	expect(got[0]).toMatchObject({ public_id: 'e2e/uploads/fetched-cover', md5, versionCount: 1 });

	const found = execution.items('Find cover');
	expect(found.map((r) => r.public_id)).toEqual(['e2e/uploads/fetched-cover']);

	const state = (await sb.control.get('/cloudinary/state/assets/e2e%2Fuploads%2Ffetched-cover'))
		.data;
	expect(state.etag).toBe(md5);
	expect(state.state.tags).toEqual(['e2e-upload', 'cover']);
	expect(state.state.context).toEqual({ source: 'http-request' });
});
