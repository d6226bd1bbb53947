'use strict';
// The Consonance node's operations in a REAL n8n 2.40.7 (our packed tarball installed as a community
// package): one workflow, one `n8n execute`, running Product Search → Get → Update, Supporting
// Resource Create twice with "skip if already attached" (one resource), Web Link Create, and a
// custom GraphQL query; then the sandbox's state is checked.
const axios = require('axios');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');

const MINUTE = 60 * 1000;
jest.setTimeout(6 * MINUTE);

const PKG = 'n8n-nodes-consonance-cloudinary';
let sb;
let instance;

const consonanceNode = (id, name, x, parameters, extra = {}) => ({
	id,
	name,
	type: `${PKG}.consonance`,
	typeVersion: 1,
	position: [x, 0],
	parameters,
	credentials: { consonancePublishingApi: { id: null, name: 'Consonance account' } },
	...extra,
});

function workflow({ isbns, coverUrl, trailerUrl }) {
	const chain = [
		consonanceNode('c1', 'Search products', 200, {
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: { isbns: isbns.join(', ') },
		}),
		consonanceNode('c2', 'Get product', 400, {
			resource: 'product',
			operation: 'get',
			product: { __rl: true, mode: 'isbn', value: '={{ $json.isbn13 }}' },
			options: { dimensionUnit: 'CM' },
		}),
		consonanceNode('c3', 'Update product', 600, {
			resource: 'product',
			operation: 'update',
			product: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			updateFields: { publishingStatus: '04', publicationDate: '2027-10-01' },
		}),
		consonanceNode(
			'c4',
			'Attach cover',
			800,
			{
				resource: 'supportingResource',
				operation: 'create',
				work: { __rl: true, mode: 'isbn', value: '={{ $json.isbn13 }}' },
				imageUrl: coverUrl,
				variant: 'FRONT_COVER',
				status: 'APPROVED',
				linkTo: 'all',
				unlinkPrevious: true,
				skipIfAttached: true,
				options: { caption: 'Front cover' },
			},
			{ executeOnce: true },
		),
		consonanceNode(
			'c5',
			'Attach cover again',
			1000,
			{
				resource: 'supportingResource',
				operation: 'create',
				work: { __rl: true, mode: 'id', value: '={{ $json.workId }}' },
				imageUrl: coverUrl.replace('/image/upload/', '/image/upload/c_fill,w_600/'),
				variant: 'FRONT_COVER',
				status: 'APPROVED',
				linkTo: 'all',
				unlinkPrevious: true,
				skipIfAttached: true,
			},
			{ executeOnce: true },
		),
		consonanceNode(
			'c6',
			'Link trailer',
			1200,
			{
				resource: 'webLink',
				operation: 'create',
				attachTo: 'work',
				work: { __rl: true, mode: 'id', value: '={{ $json.workId }}' },
				url: trailerUrl,
				role: 'Trailer',
				note: 'Book trailer',
				skipIfAttached: true,
			},
			{ executeOnce: true },
		),
		consonanceNode(
			'c7',
			'Custom GraphQL',
			1400,
			{
				resource: 'graphql',
				operation: 'query',
				query:
					'query ($w: Int) { work(workSearch: { idEq: $w }) { supportingResources { id width ' +
					'height productIds } webLinks { id link } } }',
				variables: '={{ JSON.stringify({ w: $json.workId }) }}',
				splitPath: 'work.supportingResources',
			},
			{ executeOnce: true },
		),
	];
	const connections = { Start: { main: [[{ node: chain[0].name, type: 'main', index: 0 }]] } };
	for (let i = 0; i < chain.length - 1; i++)
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id: 'e2eConsonanceOps1',
		name: 'Consonance operations',
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...chain,
		],
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

beforeAll(async () => {
	sb = await startTestSandbox();
	instance = await n8n.createN8nInstance({ packageTarball: await n8n.packPackage({}) });
	const { info } = sb;
	const imported = await instance.importCredentials([n8nCredentials(info).consonance]);
	expect(imported.code ?? 0).toBe(0);
});

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

test('one n8n execute: search, get, update, cover attached once, trailer linked, custom GraphQL', async () => {
	const { catalogue } = sb.sandbox;
	const cover = catalogue.cloudinary.assets.find(
		(a) => a.publicId.startsWith('covers/') && !a.defect,
	);
	const workId = cover.links.workId;
	const products = catalogue.products.filter((p) => p.workId === workId && p.isbn13);
	expect(products.length).toBeGreaterThanOrEqual(2);
	const { cloudinary } = sb.info;
	// The asset's real version, from the Cloudinary emulator's Admin API: the versioned delivery URL F1 attaches.
	const asset = await axios.get(
		`${cloudinary.apiBaseUrl}/v1_1/${cloudinary.cloudName}/resources/image/upload/${cover.publicId}`,
		{ auth: { username: cloudinary.apiKey, password: cloudinary.apiSecret } },
	);
	const coverUrl =
		`${cloudinary.deliveryBaseUrl}/${cloudinary.cloudName}/image/upload/` +
		`v${asset.data.version}/${cover.publicId}.jpg`;
	const trailerUrl = `https://res.cloudinary.com/${cloudinary.cloudName}/video/upload/v7/trailers/${workId}.mp4`;
	const isbns = products.map((p) => `${p.isbn13.slice(0, 3)}-${p.isbn13.slice(3)}`);

	const id = await instance.importWorkflow(workflow({ isbns, coverUrl, trailerUrl }));
	const execution = await instance.execute(id);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);

	expect(
		execution
			.items('Search products')
			.map((p) => p.id)
			.sort(),
	).toEqual(products.map((p) => p.id).sort());
	const got = execution.items('Get product');
	expect(got.every((p) => p.dimensions === null || p.dimensions.unit === 'cm')).toBe(true);
	expect(execution.items('Update product').map((p) => p.publishingStatus)).toEqual(
		products.map(() => ({ code: '04', description: 'Active' })),
	);
	const [first] = execution.items('Attach cover');
	const [second] = execution.items('Attach cover again');
	expect(first).toMatchObject({
		skipped: false,
		workId,
		variant: { code: 'FRONT_COVER' },
		image: { width: cover.image.width, height: cover.image.height },
	});
	expect(second).toMatchObject({ id: first.id, skipped: true });
	expect(execution.items('Link trailer')[0]).toMatchObject({
		skipped: false,
		url: trailerUrl,
		workId,
	});
	expect(execution.items('Custom GraphQL')).toEqual([
		{
			id: first.id,
			width: cover.image.width,
			height: cover.image.height,
			productIds: expect.any(Array),
		},
	]);

	// What Consonance now holds.
	for (const p of products) {
		const state = (await sb.control.get(`/consonance/state/products/${p.id}`)).data;
		expect(state).toMatchObject({ publishingStatus: '04', publicationDate: '2027-10-01' });
		expect(state.supportingResources[0]).toMatchObject({
			id: first.id,
			imageRemoteUrl: coverUrl,
			status: 'APPROVED',
		});
	}
	const work = (await sb.control.get(`/consonance/state/works/${workId}`)).data;
	expect(work.supportingResources.filter((r) => r.imageRemoteUrl === coverUrl)).toHaveLength(1);
	expect(work.webLinks).toEqual([
		expect.objectContaining({ link: trailerUrl, role: 'Trailer', note: 'Book trailer' }),
	]);
	expect(execution.raw).not.toContain(sb.info.consonance.apiKey);
});
