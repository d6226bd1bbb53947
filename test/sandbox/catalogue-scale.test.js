'use strict';
// A whole publisher's catalogue in the sandbox: 20,000 titles, each with its master cover in the
// Cloudinary emulator (a few forthcoming ones without, on purpose), seeded through the control
// API's /reset; the planted cover defects keep their mix at any size; the covers' bytes are real
// images (shared by most covers) with the right size per format; and the free plan's Admin API quota
// (500 calls an hour) still holds.
const axios = require('axios');
const sharp = require('sharp');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');

jest.setTimeout(5 * 60 * 1000);

let sb;
beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: 80 } });
});
afterAll(async () => {
	await sb?.stop();
});

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});

test('the 80-title catalogue the other tiers use is unchanged: same covers and same five planted defects', () => {
	const { cloudinary, products } = generateCatalogue({
		products: 80,
		today: new Date('2026-12-01'),
	});
	const covers = cloudinary.assets.filter((a) => a.publicId.startsWith('covers/'));
	expect(covers.length).toBeGreaterThan(70);
	expect(covers.length).toBeLessThan(products.length);
	expect(covers.filter((c) => c.defect).map((c) => c.defect)).toEqual([
		'too-small',
		'cmyk',
		'wrong-ratio',
		'png-master',
		'too-small',
	]);
	// Each of these covers has its own picture (title on it).
	expect(new Set(covers.map((c) => JSON.stringify(c.image))).size).toBe(covers.length);
});

test('20,000 titles: a master cover for each title that should have one, 5 defects per 400, few images', () => {
	const { cloudinary, products } = generateCatalogue({
		products: 20000,
		today: new Date('2026-12-01'),
	});
	expect(products).toHaveLength(20000);
	const covers = cloudinary.assets.filter((a) => a.publicId.startsWith('covers/'));
	const withIsbn = products.filter((p) => p.isbn13);
	const coveredIsbns = new Set(covers.map((c) => c.publicId.slice('covers/'.length)));
	const uncovered = withIsbn.filter((p) => !coveredIsbns.has(p.isbn13));
	// Only forthcoming titles lack a cover, and only some of them (the realistic gap F7 reports).
	expect(uncovered.length).toBeGreaterThan(0);
	expect(uncovered.every((p) => p.publishingStatus === '02')).toBe(true);
	expect(covers.length).toBeGreaterThan(withIsbn.length * 0.9);
	// Unique ISBNs, one cover each.
	expect(coveredIsbns.size).toBe(covers.length);
	const defects = covers.filter((c) => c.defect);
	const expected =
		Math.floor(covers.length / 400) * 5 +
		[2, 5, 8, 11, 14].filter((i) => i < covers.length % 400).length;
	expect(defects).toHaveLength(expected);
	expect(new Set(defects.map((d) => d.defect))).toEqual(
		new Set(['too-small', 'cmyk', 'wrong-ratio', 'png-master']),
	);
	expect(new Set(covers.map((c) => JSON.stringify(c.image))).size).toBeLessThan(120);
});

test('seeded via the control API in seconds; covers listed, served, described with real bytes; quota', async () => {
	const cpu0 = process.cpuUsage();
	const started = Date.now();
	const reset = await sb.control.post('/reset', { products: 20000 });
	const resetMs = Date.now() - started;
	const cpu = process.cpuUsage(cpu0);
	expect(reset.status).toBe(200);
	expect(reset.data.products).toBe(20000);
	const catalogue = sb.sandbox.catalogue;
	const covers = catalogue.cloudinary.assets.filter((a) => a.publicId.startsWith('covers/'));
	expect(reset.data.assets).toBe(catalogue.cloudinary.assets.length);
	console.log(
		`sandbox /reset to 20,000 titles and ${covers.length.toLocaleString('en-GB')} covers: ` +
			`${resetMs} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
	);

	// Consonance knows all 20,000 products.
	const count = await axios.post(
		`${sb.info.consonance.baseUrl}/graphql`,
		{ query: '{ products(first: 1) { totalCount } }' },
		{
			headers: { Authorization: `Bearer ${sb.info.consonance.apiKey}` },
			validateStatus: () => true,
		},
	);
	if (count.data?.data?.products?.totalCount !== undefined)
		expect(count.data.data.products.totalCount).toBe(20000);

	// A search for master covers pages through all of them (500 a page = one Admin call per page).
	let cursor;
	let seen = 0;
	let calls = 0;
	do {
		const res = await axios.post(
			`${api()}/resources/search`,
			{
				expression: 'tags=master AND folder:covers/*',
				max_results: 500,
				...(cursor ? { next_cursor: cursor } : {}),
			},
			basic(),
		);
		expect(res.status).toBe(200);
		calls++;
		seen += res.data.resources.length;
		cursor = res.data.next_cursor;
	} while (cursor);
	expect(seen).toBe(covers.length);
	expect(calls).toBe(Math.ceil(covers.length / 500));

	// The last cover and a planted defect far down the list have real bytes of the right kind.
	const last = covers[covers.length - 1];
	const delivered = await axios.get(
		`${sb.info.cloudinary.deliveryBaseUrl}/${sb.info.cloudinary.cloudName}/image/upload/` +
			`${last.publicId}.${last.format}`,
		{ responseType: 'arraybuffer', validateStatus: () => true },
	);
	expect(delivered.status).toBe(200);
	const meta = await sharp(Buffer.from(delivered.data)).metadata();
	expect([meta.width, meta.height]).toEqual([last.image.width, last.image.height]);
	const cmyk = covers.filter((c) => c.defect === 'cmyk').pop();
	const details = await axios.get(`${api()}/resources/image/upload/${cmyk.publicId}`, {
		...basic(),
		params: { colors: false },
	});
	expect(details.status).toBe(200);
	expect(details.data.bytes).toBeGreaterThan(1000);
	const cmykBytes = await axios.get(details.data.secure_url ?? details.data.url, {
		responseType: 'arraybuffer',
	});
	expect((await sharp(Buffer.from(cmykBytes.data)).metadata()).space).toBe('cmyk');

	// The Admin API quota is the free plan's, as at any size: the pages above counted, 500 an hour, then 420.
	const usedSoFar = calls + 1;
	const next = await axios.get(`${api()}/resources/image`, {
		...basic(),
		params: { max_results: 1 },
	});
	expect(next.headers['x-featureratelimit-limit']).toBe('500');
	expect(Number(next.headers['x-featureratelimit-remaining'])).toBe(500 - usedSoFar - 1);
	const quota = await sb.control.post('/cloudinary/rate-limit', { used: 499 });
	expect(quota.status).toBe(200);
	expect(
		(await axios.get(`${api()}/resources/image`, { ...basic(), params: { max_results: 1 } }))
			.status,
	).toBe(200);
	const blocked = await axios.get(`${api()}/resources/image`, {
		...basic(),
		params: { max_results: 1 },
	});
	expect(blocked.status).toBe(420);
	expect(blocked.data.error.message).toMatch(
		/^Rate Limit Exceeded\. Limit of 500 api operations reached/,
	);
});
