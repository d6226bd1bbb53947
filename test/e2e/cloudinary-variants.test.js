'use strict';
// Variants and validation in a REAL n8n 2.40.7 (our packed package installed as a community
// package): Manual Trigger → Code (three master covers: a good one, a too-small one, a CMYK one)
// → Cloudinary › Validation (Apple Books + IngramSpark eBook) → Cloudinary › Variant › Create
// (Eager) with two channel presets. The sandbox is then asked what it holds, and the variant URLs
// are fetched and measured with sharp.
const axios = require('axios');
const sharp = require('sharp');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
let sb;
let instance;

const cloudinaryCredential = (info) => n8nCredentials(info).cloudinary;

function workflow(publicIds) {
	const cred = { cloudinaryPublishingApi: { id: null, name: 'Cloudinary account' } };
	return {
		id: 'e2eCloudinaryVariants1',
		name: 'Validate covers and make channel variants',
		nodes: [
			{
				id: 'v1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'v2',
				name: 'Covers',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(publicIds)}.map((publicId) => ({ json: { publicId } }));`,
				},
			},
			{
				id: 'v3',
				name: 'Validate covers',
				type: `${PKG}.cloudinary`,
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'validation',
					operation: 'validate',
					asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
					specs: ['appleBooks', 'ingramEbook'],
				},
				credentials: cred,
			},
			{
				id: 'v4',
				name: 'Make variants',
				type: `${PKG}.cloudinary`,
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					resource: 'variant',
					operation: 'materialize',
					asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
					presets: ['ebookCover', 'socialPortrait'],
				},
				credentials: cred,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Covers', type: 'main', index: 0 }]] },
			Covers: { main: [[{ node: 'Validate covers', type: 'main', index: 0 }]] },
			'Validate covers': { main: [[{ node: 'Make variants', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const imported = await instance.importCredentials([cloudinaryCredential(sb.info)]);
	expect(imported.code ?? 0).toBe(0);
});

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

test('n8n validates seeded covers against retailer specs and derives channel variants with eager', async () => {
	const covers = sb.sandbox.catalogue.cloudinary.assets.filter((a) =>
		a.publicId.startsWith('covers/'),
	);
	const picked = [
		covers.find((a) => !a.defect && a.tags.includes('ebook')),
		covers.find((a) => a.defect === 'too-small'),
		covers.find((a) => a.defect === 'cmyk'),
	];
	const derivedBefore = [];
	for (const c of picked)
		derivedBefore.push(
			(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(c.publicId)}`)).data
				.derived.length,
		);

	const workflowId = await instance.importWorkflow(workflow(picked.map((c) => c.publicId)));
	const before = await sb.lastSeq('cloudinary');
	const execution = await instance.execute(workflowId);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	const checks = execution.items('Validate covers');
	expect(checks.map((c) => [c.publicId, c.passed])).toEqual([
		[picked[0].publicId, true],
		[picked[1].publicId, false],
		[picked[2].publicId, false],
	]);
	expect(checks[1].failures).toEqual([
		'Apple Books needs at least 1400 px on the shortest side',
		'IngramSpark eBook needs at least 2560 px on the longest side',
		'IngramSpark eBook needs at least 1600 px on the shortest side',
	]);
	expect(checks[2].failures).toEqual([
		'Apple Books needs RGB colour',
		'IngramSpark eBook needs RGB colour',
	]);
	expect(checks[1].summary).toContain(`${picked[1].publicId} is 500 × 750 px`);

	// One search for the three covers' facts, then one explicit call per master.
	const routes = (await sb.requests('cloudinary', before)).map((r) => r.route);
	expect(routes.filter((r) => r === 'admin:search')).toHaveLength(1);
	expect(routes.filter((r) => /explicit/.test(r))).toHaveLength(3);

	const variants = execution.items('Make variants');
	expect(variants.map((v) => [v.publicId, v.preset])).toEqual(
		picked.flatMap((c) => [
			[c.publicId, 'ebookCover'],
			[c.publicId, 'socialPortrait'],
		]),
	);
	// What the sandbox holds: two new derived files per master.
	for (const [i, c] of picked.entries()) {
		const state = (
			await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(c.publicId)}`)
		).data;
		expect(state.derived.length).toBe(derivedBefore[i] + 2);
	}
	// The URLs deliver what the presets promise, as sRGB JPEGs even from the CMYK master.
	for (const v of variants) {
		const res = await axios.get(v.url, { responseType: 'arraybuffer' });
		const meta = await sharp(Buffer.from(res.data)).metadata();
		expect([v.preset, meta.width, meta.height, meta.format, meta.space]).toEqual([
			v.preset,
			v.expectedWidth,
			v.expectedHeight,
			'jpeg',
			'srgb',
		]);
		expect(v.derived).toMatchObject({
			width: v.expectedWidth,
			height: v.expectedHeight,
			format: 'jpg',
		});
	}
});
