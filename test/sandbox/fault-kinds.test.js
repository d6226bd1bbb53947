'use strict';
// The sandbox's fault injection over real HTTP, through the control API as tests use it: an HTML
// error page, a truncated JSON answer, an empty body, and rate-limit reset headers in each format a
// service or proxy may use (HTTP date, Unix epoch seconds, delta seconds).
const axios = require('axios');
const { startTestSandbox } = require('../../scripts/lib/sandbox');

let sb;
beforeAll(async () => {
	sb = await startTestSandbox({ products: 20 });
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

const cloudinaryGet = (path) =>
	axios.get(`${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}/${path}`, {
		auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
		validateStatus: () => true,
		responseType: 'text',
		transformResponse: (x) => x,
	});
const arm = async (fault) => {
	const res = await sb.control.post('/faults', {
		service: 'cloudinary',
		path: '/resources/image$',
		count: 1,
		...fault,
	});
	expect(res.status).toBe(200);
};

describe('fault kinds', () => {
	it('html: a proxy error page, then the real answer', async () => {
		await arm({ kind: 'html', status: 503 });
		const page = await cloudinaryGet('resources/image');
		expect(page.status).toBe(503);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		expect(page.data).toContain('<title>503 Service Unavailable</title>');
		expect((await cloudinaryGet('resources/image')).status).toBe(200);
	});

	it('truncatedJson: half a JSON document with a consistent length, which does not parse', async () => {
		await arm({
			kind: 'truncatedJson',
			body: { resources: [{ public_id: 'covers/x' }], next_cursor: 'abc' },
		});
		const res = await cloudinaryGet('resources/image');
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.data));
		expect(JSON.stringify({ resources: [{ public_id: 'covers/x' }], next_cursor: 'abc' })).toMatch(
			new RegExp(`^${res.data.replace(/[\\[\]{}.*+?^$()|]/g, '\\$&')}`),
		);
		expect(() => JSON.parse(res.data)).toThrow();
	});

	it('emptyBody: the status with nothing after it', async () => {
		await arm({ kind: 'emptyBody', status: 502 });
		const res = await cloudinaryGet('resources/image');
		expect(res.status).toBe(502);
		expect(res.data).toBe('');
	});

	it.each([
		['httpDate', 'x-featureratelimit-reset', (v) => Date.parse(v)],
		['epochSeconds', 'x-featureratelimit-reset', (v) => Number(v) * 1000],
		['deltaSeconds', 'retry-after', (v) => Date.now() + Number(v) * 1000],
	])('status with resetFormat %s', async (resetFormat, header, toMs) => {
		await arm({ kind: 'status', status: 429, resetFormat, resetInSeconds: 30 });
		const res = await cloudinaryGet('resources/image');
		expect(res.status).toBe(429);
		const at = toMs(res.headers[header]);
		expect(at).toBeGreaterThan(Date.now() + 25000);
		expect(at).toBeLessThan(Date.now() + 35000);
	});

	it('a reset header under another name, and refusals of unknown kinds and formats', async () => {
		await arm({
			kind: 'status',
			status: 420,
			resetFormat: 'epochSeconds',
			resetHeader: 'X-RateLimit-Reset',
			resetInSeconds: 5,
		});
		const res = await cloudinaryGet('resources/image');
		expect(res.status).toBe(420);
		expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
		expect(
			(await sb.control.post('/faults', { service: 'cloudinary', kind: 'teapot' })).status,
		).toBe(400);
		expect(
			(
				await sb.control.post('/faults', {
					service: 'cloudinary',
					kind: 'status',
					resetFormat: 'fortnights',
				})
			).status,
		).toBe(400);
	});

	it('a probability fault with a seed picks the same requests on every run; another seed, others', async () => {
		const pattern = async (seed) => {
			await sb.control.delete('/faults');
			await arm({ kind: 'status', status: 503, probability: 0.5, seed, count: undefined });
			const statuses = [];
			for (let i = 0; i < 24; i += 1)
				statuses.push((await cloudinaryGet('resources/image')).status);
			return statuses.map((s) => (s === 503 ? 'x' : '.')).join('');
		};
		const first = await pattern(42);
		expect(first).toMatch(/x/);
		expect(first).toMatch(/\./);
		expect(await pattern(42)).toBe(first);
		expect(await pattern(7)).not.toBe(first);
		const refused = await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			probability: 0.5,
			seed: 'forty-two',
		});
		expect(refused.status).toBe(400);
	});

	it('a bodyMatch fault that does not match leaves the Cloudinary request body whole', async () => {
		const listed = JSON.parse((await cloudinaryGet('resources/image?max_results=1')).data);
		const publicId = listed.resources[0].public_id;
		await arm({
			path: '/image/tags$',
			bodyMatch: 'never-in-this-body',
			kind: 'status',
			status: 503,
		});
		const { cloudinary } = sb.info;
		const auth = { username: cloudinary.apiKey, password: cloudinary.apiSecret };
		const url = `${cloudinary.apiBaseUrl}/v1_1/${cloudinary.cloudName}/image/tags`;
		const form = new URLSearchParams({ command: 'add', tag: 'body_kept_form' });
		form.append('public_ids[]', publicId);
		const asForm = await axios.post(url, form, { auth, validateStatus: () => true });
		expect([asForm.status, asForm.data]).toEqual([200, { public_ids: [publicId] }]);
		const multipart = new FormData();
		multipart.append('command', 'add');
		multipart.append('tag', 'body_kept_multipart');
		multipart.append('public_ids[]', publicId);
		const asMultipart = await axios.post(url, multipart, { auth, validateStatus: () => true });
		expect([asMultipart.status, asMultipart.data]).toEqual([200, { public_ids: [publicId] }]);

		const after = JSON.parse((await cloudinaryGet(`resources/image/upload/${publicId}`)).data);
		expect(after.tags).toEqual(expect.arrayContaining(['body_kept_form', 'body_kept_multipart']));
	});
});
