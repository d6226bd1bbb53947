// Consonance › Product › Get inside n8n's engine, against the Consonance emulator on loopback.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

const getProduct = (
	product: { mode: string; value: string },
	extra: Record<string, unknown> = {},
) => ({
	resource: 'product',
	operation: 'get',
	product: { __rl: true, ...product },
	...extra,
});

function hyphenate(isbn: string) {
	return `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 9)}-${isbn.slice(9, 12)}-${isbn.slice(12)}`;
}

function toIsbn10(isbn13: string) {
	const body = isbn13.slice(3, 12);
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
	const check = (11 - (sum % 11)) % 11;
	return body + (check === 10 ? 'X' : String(check));
}

describe('Consonance › Product › Get', () => {
	it('gets a product by ID with friendly output matching what Consonance holds', async () => {
		const seeded = sb.sandbox.catalogue.products.find(
			(p: { productForm: string; isbn13: string | null }) => p.productForm === 'BC' && p.isbn13,
		);
		const work = sb.sandbox.catalogue.works.find((w: { id: number }) => w.id === seeded.workId);
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'id', value: String(seeded.id) }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(1);
		const out = result.json[0];
		expect(out).toMatchObject({
			id: seeded.id,
			isbn13: seeded.isbn13,
			title: expect.stringContaining(work.title.replace(/^(The|A|An) /, '')),
			productForm: { code: 'BC', description: expect.any(String) },
			edition: 'Paperback',
			publicationDate: seeded.publicationDate,
			publishingStatus: { code: seeded.publishingStatus, description: expect.any(String) },
			territories: {
				forSale: seeded.forSaleCountryCodes,
				notForSale: seeded.notForSaleCountryCodes,
			},
			dimensions: {
				unit: 'mm',
				height: seeded.dimensionsMm.height,
				width: seeded.dimensionsMm.width,
				thickness: seeded.dimensionsMm.thickness,
			},
			work: { id: work.id, imprint: { id: work.imprintId } },
		});
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('gets a product by hyphenated ISBN-13 and by ISBN-10, converting it', async () => {
		const seeded = sb.sandbox.catalogue.products.find((p: { isbn13: string | null }) =>
			p.isbn13?.startsWith('978'),
		);
		for (const value of [
			hyphenate(seeded.isbn13),
			toIsbn10(seeded.isbn13),
			` ISBN ${seeded.isbn13} `,
		]) {
			const result = await runNode({
				node: 'consonance',
				parameters: getProduct({ mode: 'isbn', value }),
				credentials: sb.credentials,
			});
			expect(result.status).toBe('success');
			expect(result.json[0]).toMatchObject({ id: seeded.id, isbn13: seeded.isbn13 });
		}
	});

	it('reports dimensions in inches when asked', async () => {
		const seeded = sb.sandbox.catalogue.products.find(
			(p: { dimensionsMm: unknown }) => p.dimensionsMm,
		);
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct(
				{ mode: 'id', value: String(seeded.id) },
				{ options: { dimensionUnit: 'IN' } },
			),
			credentials: sb.credentials,
		});
		expect(result.json[0].dimensions).toEqual({
			unit: 'in',
			height: Math.round((seeded.dimensionsMm.height / 25.4) * 100) / 100,
			width: Math.round((seeded.dimensionsMm.width / 25.4) * 100) / 100,
			thickness: Math.round((seeded.dimensionsMm.thickness / 25.4) * 100) / 100,
		});
	});

	it('Output Fields: Get and Search return only the parts chosen, same values, asking for less', async () => {
		const bytesOut = async () => {
			const counters = (await sb.control.get('/counters')).data.consonance as Record<
				string,
				{ bytesOut: number }
			>;
			return Object.values(counters).reduce((sum, c) => sum + c.bytesOut, 0);
		};
		const search = async (options: Record<string, unknown>) => {
			const before = await bytesOut();
			const result = await runNode({
				node: 'consonance',
				parameters: {
					resource: 'product',
					operation: 'search',
					returnAll: false,
					limit: 40,
					options,
				},
				credentials: sb.credentials,
			});
			expect(result.error).toBeUndefined();
			return { json: result.json, bytes: (await bytesOut()) - before };
		};
		const full = await search({});
		const narrow = await search({ outputFields: ['title', 'work', 'webLinks'] });
		expect(narrow.json).toHaveLength(40);
		expect(narrow.json).toEqual(
			full.json.map((p: Record<string, unknown>) => ({
				id: p.id,
				isbn13: p.isbn13,
				title: p.title,
				work: p.work,
				webLinks: p.webLinks,
			})),
		);
		expect(narrow.bytes).toBeLessThan(full.bytes * 0.6);

		const seeded = sb.sandbox.catalogue.products.find(
			(p: { dimensionsMm: unknown }) => p.dimensionsMm,
		);
		const got = await runNode({
			node: 'consonance',
			parameters: getProduct(
				{ mode: 'id', value: String(seeded.id) },
				{ options: { dimensionUnit: 'CM', outputFields: ['dimensions', 'pageCount'] } },
			),
			credentials: sb.credentials,
		});
		expect(Object.keys(got.json[0]).sort()).toEqual(['dimensions', 'id', 'isbn13', 'pageCount']);
		expect(got.json[0].dimensions).toMatchObject({ unit: 'cm' });

		const before = await sb.lastSeq('consonance');
		const bad = await runNode({
			node: 'consonance',
			parameters: getProduct(
				{ mode: 'id', value: String(seeded.id) },
				{ options: { outputFields: ['title', 'royalties'] } },
			),
			credentials: sb.credentials,
		});
		expect(bad.error.message).toContain(
			'Item 0, field "Options › Output Fields": "royalties" is not a part of a product',
		);
		expect(await sb.requests('consonance', before)).toHaveLength(0);
	});

	it('rejects a wrong check digit before any call, naming the item, the field and the expected digit', async () => {
		const seeded = sb.sandbox.catalogue.products.find((p: { isbn13: string | null }) => p.isbn13);
		const wrong = seeded.isbn13.slice(0, 12) + String((Number(seeded.isbn13[12]) + 1) % 10);
		const before = await sb.lastSeq('consonance');
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'isbn', value: wrong }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain('Item 0, field "Product (By ISBN)"');
		expect(result.error.message).toContain(`but ${seeded.isbn13[12]} was expected`);
		expect(await sb.requests('consonance', before)).toHaveLength(0);
	});

	it('with Continue On Fail, bad items become error items, others go through, each paired with its input', async () => {
		const [a, b] = sb.sandbox.catalogue.products.filter((p: { isbn13: string | null }) => p.isbn13);
		const items = [
			{ json: { isbn: a.isbn13 } },
			{ json: { isbn: '978-0-306-40615-3' } },
			{ json: { isbn: '9780306406157' } }, // valid, but no such product in this catalogue
			{ json: { isbn: 'No ISBN' } },
			{ json: { isbn: hyphenate(b.isbn13) } },
		];
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'isbn', value: '={{ $json.isbn }}' }),
			credentials: sb.credentials,
			items,
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(result.output.map((o: { pairedItem: unknown }) => o.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(result.json[0].isbn13).toBe(a.isbn13);
		expect(result.json[1].error).toContain('but 7 was expected');
		expect(result.json[2].error).toContain('no Consonance product has ISBN 9780306406157');
		expect(result.json[3].error).toContain('placeholder');
		expect(result.json[4].isbn13).toBe(b.isbn13);
	});

	it('with "Continue (using error output)", failed items go to the error output, good ones to main', async () => {
		const [a] = sb.sandbox.catalogue.products.filter((p: { isbn13: string | null }) => p.isbn13);
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'isbn', value: '={{ $json.isbn }}' }),
			credentials: sb.credentials,
			items: [{ json: { isbn: '978-0-306-40615-3' } }, { json: { isbn: a.isbn13 } }],
			settings: { onError: 'continueErrorOutput' },
		});
		expect(result.status).toBe('success');
		const [main, errors] = result.run.data.resultData.runData['Node Under Test'][0].data.main;
		expect(main.map((o: { json: { isbn13: string } }) => o.json.isbn13)).toEqual([a.isbn13]);
		expect(errors).toHaveLength(1);
		expect(errors[0].json.error).toContain('but 7 was expected');
	});

	it('says the key was rejected on a wrong key, and never shows the key', async () => {
		const wrongKey = 'wrongkey-0123456789abcdefghijklmn';
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'id', value: '5001' }),
			credentials: {
				consonancePublishingApi: { ...sb.credentials.consonancePublishingApi, apiKey: wrongKey },
			},
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toMatch(/API key was rejected \(HTTP 401\)/);
		const everything = JSON.stringify({
			error: result.error,
			message: result.error.message,
			description: result.error.description,
			stack: result.error.stack,
			run: result.run,
		});
		expect(everything).not.toContain(wrongKey);
		expect(everything).not.toContain(sb.credentials.consonancePublishingApi.apiKey);
	});

	it('retries a read through a 503 and a connection reset, and succeeds', async () => {
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			count: 1,
			path: '/graphql',
		});
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'reset',
			count: 1,
			path: '/graphql',
		});
		const before = await sb.lastSeq('consonance');
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'id', value: '5001' }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		expect(result.json[0].id).toBe(5001);
		const served = await sb.requests('consonance', before);
		expect(served.map((r: { status: number; fault?: string }) => r.fault ?? r.status)).toEqual([
			'status',
			'reset',
			200,
		]);
	});

	it('gives up after bounded retries on a persistent 500 with a clear message', async () => {
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 500,
			path: '/graphql',
		});
		const before = await sb.lastSeq('consonance');
		const result = await runNode({
			node: 'consonance',
			parameters: getProduct({ mode: 'id', value: '5001' }),
			credentials: sb.credentials,
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain('Consonance: the request failed (HTTP 500)');
		expect(await sb.requests('consonance', before)).toHaveLength(4);
	});
});
