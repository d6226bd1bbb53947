'use strict';
// The Cloudinary emulator's route tables (sandbox/cloudinary/router.js): each route named once per
// table, every request logged under its route's name (also when authentication refuses it), and
// a path known for another method answered 404 under that route's name.
const axios = require('axios');
const { startServer } = require('../../sandbox/lib/server');
const { createClock } = require('../../sandbox/lib/clock');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');
const { createCloudinaryEmulator } = require('../../sandbox/cloudinary');
const { createRouter } = require('../../sandbox/cloudinary/router');

const CLOUD = 'routes-cloud';
const KEY = '614335564976464';
const SECRET = 'routes-test-secret';
let emulator;
let server;

beforeAll(async () => {
	const clock = createClock();
	emulator = await createCloudinaryEmulator({
		clock,
		catalogue: generateCatalogue({ today: new Date(clock.now()) }),
		cloudName: CLOUD,
		apiKey: KEY,
		apiSecret: SECRET,
		getBaseUrl: () => server.baseUrl,
	});
	server = await startServer({
		name: 'cloudinary',
		port: 0,
		handler: emulator.handler,
		renderFault: emulator.renderFault,
	});
});
afterAll(async () => {
	await server?.close();
	await emulator?.close();
});

const call = (method, path, auth = { username: KEY, password: SECRET }) =>
	axios({
		method,
		url: `${server.baseUrl}/v1_1/${CLOUD}/${path}`,
		auth: auth ?? undefined,
		validateStatus: () => true,
	});
const loggedRoutes = (since) => server.requests(since).map((r) => r.route);

test('every route of a table has its own name, method and path', () => {
	for (const [table, routes] of Object.entries(emulator.routes)) {
		const keys = routes.map((r) => `${r.name} ${[r.method].flat().join(',')} ${r.path}`);
		expect({ table, duplicates: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({
			table,
			duplicates: [],
		});
		expect(routes.length).toBeGreaterThan(5);
	}
	const adminNames = emulator.routes.admin.map((r) => r.name);
	expect(adminNames.filter((n, i) => adminNames.indexOf(n) !== i)).toEqual([]);
});

test('requests are logged under their route, refused ones included', async () => {
	const before = server.requests().length ? Math.max(...server.requests().map((r) => r.seq)) : 0;
	const assets = (
		await axios.get(`${server.baseUrl.replace(/\/$/, '')}/v1_1/${CLOUD}/resources/image`, {
			auth: { username: KEY, password: SECRET },
		})
	).data.resources;
	const publicId = assets[0].public_id;
	expect((await call('GET', `resources/image/upload/${encodeURIComponent(publicId)}`)).status).toBe(
		200,
	);
	expect(
		(
			await call('GET', `resources/image/upload/${encodeURIComponent(publicId)}`, {
				username: KEY,
				password: 'wrong',
			})
		).status,
	).toBe(401);
	expect((await call('GET', 'resources/image/upload', null)).status).toBe(401);
	expect((await call('POST', 'ping')).status).toBe(404);
	expect((await call('GET', 'resources/picture/upload')).data.error.message).toBe(
		'Resource not found - picture/upload',
	);
	expect((await call('GET', 'image/tags')).status).toBe(404);
	expect(loggedRoutes(before)).toEqual([
		'admin:resources.list',
		'admin:resources.details',
		'admin:resources.details',
		'admin:resources.by_ids', // named before the request is read: the first route for GET resources/:rt/:type
		'admin:ping',
		'admin:resources.unknown',
		'upload:tags',
	]);
});

test('the router: bindings, optional and rest segments, checks, `when`, and paths known for another method', () => {
	const router = createRouter(
		[
			{ name: 'one', method: 'GET', path: 'a/:x', run: () => 1 },
			{ name: 'rest', method: ['GET', 'PUT'], path: 'b/:rt/*id', run: () => 2 },
			{ name: 'maybe', method: 'GET', path: 'c/:y?', when: (p) => p.pick, run: () => 3 },
			{ name: 'fallback', method: 'GET', path: 'c/:y?', run: () => 4 },
		],
		{ where: { rt: (v) => v === 'image' } },
	);
	expect(router.find('GET', ['a', '1'])).toMatchObject({
		route: { name: 'one' },
		bindings: { x: '1' },
	});
	expect(router.find('GET', ['a', '1', '2'])).toBeUndefined();
	expect(router.find('PUT', ['b', 'image', 'covers', 'x'])).toMatchObject({
		route: { name: 'rest' },
		bindings: { rt: 'image', id: 'covers/x' },
	});
	expect(router.find('GET', ['b', 'video', 'x'])).toBeUndefined();
	expect(router.find('GET', ['b', 'image'])).toBeUndefined();
	expect(router.find('GET', ['c'], { pick: true })).toMatchObject({
		route: { name: 'maybe' },
		bindings: {},
	});
	expect(router.find('GET', ['c', 'z'], { pick: false })).toMatchObject({
		route: { name: 'fallback' },
		bindings: { y: 'z' },
	});
	expect(router.find('GET', ['c'])).toMatchObject({ route: { name: 'maybe' } }); // unparsed: `when` not checked
	expect(router.find('DELETE', ['a', '1'])).toEqual({
		pathOnly: expect.objectContaining({ name: 'one' }),
	});
});
