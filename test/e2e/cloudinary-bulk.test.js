'use strict';
// Cloudinary bulk and admin resources in a REAL n8n 2.40.7 (our packed tarball installed as a
// community package): one workflow, executed with `n8n execute`, that tags and sets metadata on
// 1,200 assets coming from 1,200 items (Upload API, 1000 IDs a call), makes three of them
// token-only and creates a signed URL and a ZIP of them, reads account usage and lists metadata
// fields. The test then checks what the Cloudinary emulator holds and which calls it served.
const axios = require('axios');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
const COUNT = 1200;
let sb;
let instance;

const credentialsFor = (info) => [n8nCredentials(info).cloudinary];

const cloudinaryNode = (id, name, position, parameters) => ({
	id,
	name,
	type: `${PKG}.cloudinary`,
	typeVersion: 1,
	position,
	parameters,
	credentials: { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } },
});

function bulkWorkflow() {
	const code = (id, name, position, jsCode) => ({
		id,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { jsCode },
	});
	return {
		id: 'e2eCloudinaryBulk1',
		name: 'Organise the library in bulk',
		nodes: [
			{
				id: 'b1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			code(
				'b2',
				'Assets',
				[200, 0],
				`return Array.from({ length: ${COUNT} }, (_, i) => ({ json: { public_id: 'e2e/bulk_' + ` +
					`String(i).padStart(4, '0'), imprint: 'kestrel' } }));`,
			),
			cloudinaryNode('b3', 'Tag assets', [400, 0], {
				resource: 'tag',
				operation: 'add',
				publicIds: '={{ $json.public_id }}',
				tags: ['imprint_kestrel', 'e2e_bulk'],
			}),
			cloudinaryNode('b4', 'Set metadata', [600, 0], {
				resource: 'contextMetadata',
				operation: 'setMetadata',
				publicIds: "={{ $('Assets').item.json.public_id }}",
				metadata: {
					fields: [
						{ field: 'imprint', value: "={{ $('Assets').item.json.imprint }}" },
						{ field: 'publication_date', value: '2026-09-01' },
					],
				},
			}),
			code(
				'b5',
				'Three assets',
				[200, 200],
				"return ['e2e/bulk_0000', 'e2e/bulk_0001', 'e2e/bulk_0002'].map((public_id) => ({ json: { public_id } }));",
			),
			cloudinaryNode('b6', 'Token only', [400, 200], {
				resource: 'access',
				operation: 'setAccessControl',
				publicIds: '={{ $json.public_id }}',
				access: 'token',
			}),
			cloudinaryNode('b7', 'Signed URL', [600, 200], {
				resource: 'access',
				operation: 'signedUrl',
				publicId: "={{ $('Three assets').item.json.public_id }}",
				deliveryType: 'upload',
				urlOptions: { format: 'jpg' },
			}),
			cloudinaryNode('b8', 'ZIP', [400, 400], {
				resource: 'archive',
				operation: 'create',
				publicIds: '={{ $json.public_id }}',
				output: 'url',
				archiveOptions: { targetPublicId: 'e2e/three' },
			}),
			cloudinaryNode('b9', 'Usage', [200, 600], {
				resource: 'usage',
				operation: 'report',
				date: '',
			}),
			cloudinaryNode('b10', 'Metadata fields', [400, 600], {
				resource: 'metadataField',
				operation: 'listFields',
			}),
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'Assets', type: 'main', index: 0 },
						{ node: 'Three assets', type: 'main', index: 0 },
						{ node: 'Usage', type: 'main', index: 0 },
					],
				],
			},
			Assets: { main: [[{ node: 'Tag assets', type: 'main', index: 0 }]] },
			'Tag assets': { main: [[{ node: 'Set metadata', type: 'main', index: 0 }]] },
			'Three assets': {
				main: [
					[
						{ node: 'Token only', type: 'main', index: 0 },
						{ node: 'ZIP', type: 'main', index: 0 },
					],
				],
			},
			'Token only': { main: [[{ node: 'Signed URL', type: 'main', index: 0 }]] },
			Usage: { main: [[{ node: 'Metadata fields', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const seeded = await sb.control.post('/cloudinary/seed-assets', {
		count: COUNT,
		prefix: 'e2e/bulk_',
	});
	expect(seeded.status).toBe(200);
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

const state = async (publicId) =>
	(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`)).data.state;

test('n8n execute runs the bulk, access, archive, usage and metadata-field operations on the sandbox', async () => {
	const workflowId = await instance.importWorkflow(bulkWorkflow());
	const before = await sb.lastSeq('cloudinary');
	const execution = await instance.execute(workflowId);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	// 1,200 items → 2 Upload API calls each for tags and metadata, none on the Admin API
	const served = (await sb.requests('cloudinary', before)).map((r) => r.route);
	expect(served.filter((r) => r === 'upload:tags')).toHaveLength(2);
	expect(served.filter((r) => r === 'upload:metadata')).toHaveLength(2);
	expect(served.filter((r) => r === 'upload:explicit')).toHaveLength(3);
	expect(served.filter((r) => r === 'upload:generate_archive')).toHaveLength(1);
	expect(served.filter((r) => r.startsWith('admin:')).sort()).toEqual([
		'admin:metadata_fields.list',
		'admin:usage',
	]);

	const tagged = execution.items('Tag assets');
	expect(tagged).toHaveLength(COUNT);
	expect(tagged[1199]).toMatchObject({
		public_ids: ['e2e/bulk_1199'],
		updated: ['e2e/bulk_1199'],
		success: true,
	});
	for (const id of ['e2e/bulk_0000', 'e2e/bulk_0999', 'e2e/bulk_1000', 'e2e/bulk_1199']) {
		const s = await state(id);
		expect(s.tags).toEqual(['imprint_kestrel', 'e2e_bulk']);
		expect(s.metadata).toMatchObject({ imprint: 'kestrel', publication_date: '2026-09-01' });
	}

	// token-only: the plain URL is refused, the signed URL n8n made delivers the image
	expect((await state('e2e/bulk_0001')).access_control).toEqual([{ access_type: 'token' }]);
	const c = sb.info.cloudinary;
	const plain = await axios.get(
		`${c.deliveryBaseUrl}/${c.cloudName}/image/upload/e2e/bulk_0001.jpg`,
		{ validateStatus: () => true },
	);
	expect(plain.status).toBe(401);
	const urls = execution.items('Signed URL').map((j) => j.url);
	expect(urls).toHaveLength(3);
	const signed = await axios.get(urls[1], {
		responseType: 'arraybuffer',
		validateStatus: () => true,
	});
	expect(signed.status).toBe(200);
	expect(Buffer.from(signed.data).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

	const zip = execution.items('ZIP');
	expect(zip).toHaveLength(1);
	expect(zip[0]).toMatchObject({ public_id: 'e2e/three.zip', resource_count: 3 });
	expect(
		(await sb.control.get('/cloudinary/state/assets/e2e%2Fthree.zip?resource_type=raw')).status,
	).toBe(200);

	expect(execution.items('Usage')[0]).toMatchObject({ scope: 'account' });
	expect(execution.items('Metadata fields').map((f) => f.external_id)).toEqual(
		expect.arrayContaining(['isbn', 'imprint', 'publication_date']),
	);
	expect(execution.raw).not.toContain(c.apiSecret);
});
