'use strict';
// The emulator pieces the bulk operations rely on, checked with the official SDK as the client
// (independently of our node): lightweight seeding (POST /cloudinary/seed-assets) stores assets
// like catalogue seeds, and delivery accepts the SDK's own __cld_token__ once a token key is set.
const axios = require('axios');
const { startTestSandbox } = require('../../scripts/lib/sandbox');

const cloudinary = require('cloudinary').v2;

const KEY = '00112233445566778899aabbccddeeff';
let sb;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

test('seed-assets stores real, deliverable assets and refuses duplicates', async () => {
	const res = await sb.control.post('/cloudinary/seed-assets', {
		count: 12,
		prefix: 'seedtest/a_',
		tags: ['x'],
	});
	expect(res.data).toEqual({ created: 12, first: 'seedtest/a_00', last: 'seedtest/a_11' });
	const listed = await sb.control.get('/cloudinary/state/assets', {
		params: { prefix: 'seedtest/' },
	});
	expect(listed.data.assets).toHaveLength(12);
	expect(listed.data.assets[3]).toMatchObject({
		public_id: 'seedtest/a_03',
		resource_type: 'image',
		type: 'upload',
		format: 'jpg',
		tags: ['x'],
		asset_folder: 'seedtest',
	});
	const c = sb.info.cloudinary;
	const img = await axios.get(
		`${c.deliveryBaseUrl}/${c.cloudName}/image/upload/seedtest/a_03.jpg`,
		{ responseType: 'arraybuffer' },
	);
	expect(Buffer.from(img.data).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
	expect(
		(await sb.control.post('/cloudinary/seed-assets', { count: 12, prefix: 'seedtest/a_' })).status,
	).toBe(409);
	expect((await sb.control.post('/cloudinary/seed-assets', { count: 0 })).status).toBe(400);
});

test('delivery accepts the SDK token for an authenticated asset only once a token key is set, with it', async () => {
	await sb.control.post('/cloudinary/seed-assets', { count: 1, prefix: 'tokentest/a_' });
	const c = sb.info.cloudinary;
	// make the asset token-only through the Admin API
	const admin = axios.create({
		baseURL: `${c.apiBaseUrl}/v1_1/${c.cloudName}/`,
		auth: { username: c.apiKey, password: c.apiSecret },
	});
	await admin.post(
		'resources/image/upload/tokentest%2Fa_0',
		new URLSearchParams({ access_control: JSON.stringify([{ access_type: 'token' }]) }).toString(),
	);
	const now = Math.floor(Date.parse((await sb.control.get('/clock')).data.now) / 1000);
	const url = (key) =>
		cloudinary
			.url('tokentest/a_0', {
				cloud_name: c.cloudName,
				secure: false,
				format: 'jpg',
				sign_url: true,
				urlAnalytics: false,
				auth_token: { key, start_time: now - 10, duration: 300 },
			})
			.replace(/^https?:\/\/res\.cloudinary\.com/, c.deliveryBaseUrl);
	const status = async (u) => (await axios.get(u, { validateStatus: () => true })).status;
	expect(await status(url(KEY))).toBe(401); // no key configured: token auth off
	expect((await sb.control.post('/cloudinary/settings', { tokenKey: KEY })).data.tokenKey).toBe(
		KEY,
	);
	expect(await status(url(KEY))).toBe(200);
	expect(await status(url('ffeeddccbbaa99887766554433221100'))).toBe(401);
	expect((await sb.control.post('/cloudinary/settings', { tokenKey: 'not-hex' })).status).toBe(400);
	await sb.control.post('/cloudinary/settings', { tokenKey: null });
	expect(await status(url(KEY))).toBe(401);
});
