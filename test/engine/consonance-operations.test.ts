// Consonance node operations inside n8n's engine against the Consonance emulator: each test checks
// what Consonance holds afterwards (control API state), not only what the node printed.
import type { INode } from 'n8n-workflow';
import { serviceError } from '../../nodes/shared/errors';
import { createOnce, sameSource } from '../../nodes/Consonance/helpers/links';
import { labelInputErrors } from '../../nodes/Consonance/helpers/mutation';
import { PRODUCT_FIELD_LABELS } from '../../nodes/Consonance/actions/product/update.operation';
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

const node: INode = {
	name: 'Consonance',
	type: 'n8n-nodes-base.consonance',
	typeVersion: 1,
	parameters: {},
	id: 'x',
	position: [0, 0],
};

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

const run = (parameters: Json, extra: Json = {}) =>
	runNode({ node: 'consonance', parameters, credentials: sb.credentials, ...extra });
const rl = (mode: string, value: string | number) => ({ __rl: true, mode, value: String(value) });
const catalogue = () =>
	sb.sandbox.catalogue as {
		products: Json[];
		works: Json[];
		contacts: Json[];
		contracts: Json[];
		imprints: Json[];
	};
const productState = async (id: number) =>
	(await sb.control.get(`/consonance/state/products/${id}`)).data;
const workState = async (id: number) =>
	(await sb.control.get(`/consonance/state/works/${id}`)).data;
const hyphenate = (isbn: string) =>
	`${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 9)}-${isbn.slice(9, 12)}-${isbn.slice(12)}`;
function toIsbn10(isbn13: string) {
	const body = isbn13.slice(3, 12);
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
	const check = (11 - (sum % 11)) % 11;
	return body + (check === 10 ? 'X' : String(check));
}
function isbn13(body12: string) {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
	return body12 + String((10 - (sum % 10)) % 10);
}
/** A work with at least two products that have ISBNs, not used by another test (each test takes its own). */
const usedWorks = new Set<number>();
function freshWork(): { work: Json; products: Json[] } {
	for (const work of catalogue().works) {
		if (usedWorks.has(work.id)) continue;
		const products = catalogue().products.filter((p) => p.workId === work.id && p.isbn13);
		if (products.length >= 2) {
			usedWorks.add(work.id);
			return { work, products };
		}
	}
	throw new Error('no unused work with two products left in the catalogue');
}

describe('Product › Search', () => {
	it('finds products by an ISBN list with hyphens, an ISBN-10 and a "No ISBN" placeholder', async () => {
		const [a, b, c] = catalogue().products.filter((p) => p.isbn13?.startsWith('978'));
		const result = await run({
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: { isbns: `${hyphenate(a.isbn13)}, ${toIsbn10(b.isbn13)}\n${c.isbn13}; No ISBN` },
		});
		expect(result.status).toBe('success');
		expect(result.json.map((p: Json) => p.isbn13).sort()).toEqual(
			[a.isbn13, b.isbn13, c.isbn13].sort(),
		);
		expect(result.json[0]).toMatchObject({
			id: expect.any(Number),
			productForm: { code: expect.any(String), description: expect.any(String) },
		});
	});

	it('filters by publication date range, product form, imprint and work, as Consonance holds them', async () => {
		const products = catalogue().products;
		const dates = products
			.map((p) => p.publicationDate)
			.filter(Boolean)
			.sort();
		const from = dates[Math.floor(dates.length / 4)];
		const to = dates[Math.floor((dates.length * 3) / 4)];
		const expected = products
			.filter(
				(p) =>
					p.publicationDate &&
					p.publicationDate >= from &&
					p.publicationDate <= to &&
					['BB', 'BC'].includes(p.productForm),
			)
			.map((p) => p.id);
		expect(expected.length).toBeGreaterThan(1);
		const result = await run({
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: { publishedFrom: from, publishedTo: `${to}T00:00:00`, productForms: ['BB', 'BC'] },
		});
		expect(result.json.map((p: Json) => p.id).sort()).toEqual(expected.sort());

		const imprint = catalogue().imprints[1];
		const imprintWorks = catalogue()
			.works.filter((w) => w.imprintId === imprint.id)
			.map((w) => w.id);
		const byImprint = await run({
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: { imprintId: imprint.id },
		});
		expect(byImprint.json.map((p: Json) => p.id).sort()).toEqual(
			products
				.filter((p) => imprintWorks.includes(p.workId))
				.map((p) => p.id)
				.sort(),
		);
		expect(byImprint.json.every((p: Json) => p.work.imprint.name === imprint.name)).toBe(true);

		const work = catalogue().works[3];
		const byWork = await run({
			resource: 'product',
			operation: 'search',
			returnAll: true,
			filters: {
				workId: String(work.id),
				titleContains: work.title.split(' ').pop().toLowerCase(),
			},
		});
		expect(byWork.json.map((p: Json) => p.id).sort()).toEqual(
			products
				.filter((p) => p.workId === work.id)
				.map((p) => p.id)
				.sort(),
		);
	});

	it('stops at the limit', async () => {
		const result = await run({
			resource: 'product',
			operation: 'search',
			returnAll: false,
			limit: 7,
		});
		expect(result.json).toHaveLength(7);
	});

	it('rejects a bad ISBN in the list naming item, field and expected digit; the other items go through', async () => {
		const [a] = catalogue().products.filter((p) => p.isbn13);
		const wrong = a.isbn13.slice(0, 12) + String((Number(a.isbn13[12]) + 1) % 10);
		const before = await sb.lastSeq('consonance');
		const result = await run(
			{
				resource: 'product',
				operation: 'search',
				returnAll: true,
				filters: { isbns: '={{ $json.isbns }}' },
			},
			{
				items: [
					{ json: { isbns: a.isbn13 } },
					{ json: { isbns: `${a.isbn13}, ${wrong}` } },
					{ json: { isbns: 'No ISBN' } },
				],
				continueOnFail: true,
			},
		);
		expect(result.json[0].isbn13).toBe(a.isbn13);
		expect(result.json[1].error).toContain('Item 1, field "ISBNs"');
		expect(result.json[1].error).toContain(`but ${a.isbn13[12]} was expected`);
		expect(result.json).toHaveLength(2); // the placeholder-only item finds nothing, and asks nothing
		expect(result.output.map((o: Json) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Item 0: its page and the empty page that ends the paging; items 1 and 2 asked nothing.
		expect(await sb.requests('consonance', before)).toHaveLength(2);
	});
});

describe('Product › Update', () => {
	it('sends only the fields set: dates, status (ONIX enum), title; an ISBN-10 given is stored as ISBN-13', async () => {
		const { products } = freshWork();
		const target = products[0];
		const before = await productState(target.id);
		const newIsbn = isbn13('978181099990');
		const result = await run({
			resource: 'product',
			operation: 'update',
			product: rl('isbn', hyphenate(target.isbn13)),
			updateFields: {
				publicationDate: '2027-09-14',
				plannedPublicationDate: '2027-09-01T00:00:00.000Z',
				publishingStatus: '04',
				title: 'The Renamed Edition',
				isbn: toIsbn10(newIsbn),
			},
		});
		expect(result.status).toBe('success');
		const after = await productState(target.id);
		expect(after).toMatchObject({
			publicationDate: '2027-09-14',
			plannedPublicationDate: '2027-09-01',
			publishingStatus: '04',
			isbn13: newIsbn,
		});
		expect(after.subtitle ?? null).toEqual(before.subtitle ?? null);
		expect(after.embargoDate ?? null).toEqual(before.embargoDate ?? null);
		expect(result.json[0]).toMatchObject({
			id: target.id,
			isbn13: newIsbn,
			publicationDate: '2027-09-14',
			publishingStatus: { code: '04', description: 'Active' },
			title: 'The Renamed Edition',
		});
		const mutation = (await sb.requests('consonance')).filter(
			(r: Json) => r.route === 'graphql:mutation:updateProduct',
		);
		expect(mutation.length).toBeGreaterThan(0);
	});

	it('bad dates, ISBNs, statuses, unknown IDs give named errors before any change; others go through', async () => {
		const { products } = freshWork();
		const [good, other] = products;
		const taken = catalogue()
			.products.filter((p) => p.isbn13)
			.pop()!; // the last work: no test changes it
		const otherBefore = await productState(other.id);
		const items = [
			{ json: { id: good.id, field: 'publicationDate', value: '2028-01-31' } },
			{ json: { id: other.id, field: 'publicationDate', value: '2028-02-30' } },
			{
				json: {
					id: other.id,
					field: 'isbn',
					value: hyphenate(other.isbn13.slice(0, 12) + String((Number(other.isbn13[12]) + 3) % 10)),
				},
			},
			{ json: { id: 999999, field: 'publicationDate', value: '2028-01-31' } },
			{ json: { id: other.id, field: 'isbn', value: taken.isbn13 } },
			{ json: { id: other.id, field: 'publishingStatus', value: '14' } },
		];
		const result = await run(
			{
				resource: 'product',
				operation: 'update',
				product: rl('id', '={{ $json.id }}'),
				updateFields: {
					publicationDate: '={{ $json.field === "publicationDate" ? $json.value : undefined }}',
					isbn: '={{ $json.field === "isbn" ? $json.value : undefined }}',
					publishingStatus: '={{ $json.field === "publishingStatus" ? $json.value : undefined }}',
				},
			},
			{ items, continueOnFail: true },
		);
		expect(result.json).toHaveLength(6);
		expect(result.json[0]).toMatchObject({ id: good.id, publicationDate: '2028-01-31' });
		expect(result.json[1].error).toBe(
			'Item 1, field "Publication Date": "2028-02-30" is not a date',
		);
		expect(result.json[2].error).toContain('Item 2, field "ISBN"');
		expect(result.json[2].error).toContain(`but ${other.isbn13[12]} was expected`);
		expect(result.json[3].error).toMatch(/^Item 3: Consonance: field "Product": .*999999/);
		expect(result.json[4].error).toMatch(/^Item 4: Consonance: field "ISBN": .*already assigned/);
		expect(result.json[5].error).toContain(
			'Item 5, field "Publishing Status": "14" is not an ONIX publishing status',
		);
		expect((await productState(good.id)).publicationDate).toBe('2028-01-31');
		expect(await productState(other.id)).toEqual(otherBefore);
	});
	it('an empty date (e.g. from an empty column) leaves the date as it is', async () => {
		const { products } = freshWork();
		const before = await productState(products[0].id);
		const result = await run({
			resource: 'product',
			operation: 'update',
			product: rl('id', products[0].id),
			updateFields: { publicationDate: '', plannedPublicationDate: '2027-05-05' },
		});
		expect(result.status).toBe('success');
		const after = await productState(products[0].id);
		expect(after.publicationDate).toBe(before.publicationDate);
		expect(after.plannedPublicationDate).toBe('2027-05-05');
	});
});

describe('Work', () => {
	it("gets a work by one of its products' ISBN, searches by title and imprint, updates only the title", async () => {
		const { work, products } = freshWork();
		const got = await run({
			resource: 'work',
			operation: 'get',
			work: rl('isbn', toIsbn10(products.find((p) => p.isbn13.startsWith('978'))!.isbn13)),
		});
		expect(got.json[0]).toMatchObject({
			id: work.id,
			title: work.title,
			imprint: { id: work.imprintId },
		});
		expect(got.json[0].products.map((p: Json) => p.id).sort()).toEqual(
			catalogue()
				.products.filter((p) => p.workId === work.id)
				.map((p) => p.id)
				.sort(),
		);

		const word = work.title.split(' ').sort((x: string, y: string) => y.length - x.length)[0];
		const found = await run({
			resource: 'work',
			operation: 'search',
			returnAll: true,
			filters: { titleContains: word.toUpperCase(), imprintId: work.imprintId },
		});
		const expected = catalogue()
			.works.filter(
				(w) => w.imprintId === work.imprintId && w.title.toLowerCase().includes(word.toLowerCase()),
			)
			.map((w) => w.id);
		expect(found.json.map((w: Json) => w.id).sort()).toEqual(expected.sort());

		const before = await workState(work.id);
		const updated = await run({
			resource: 'work',
			operation: 'update',
			work: rl('id', work.id),
			updateFields: { title: `${work.title} (Revised)` },
		});
		expect(updated.json[0].title).toBe(`${work.title} (Revised)`);
		const after = await workState(work.id);
		expect(after.title).toBe(`${work.title} (Revised)`);
		expect(after.subtitle).toEqual(before.subtitle);
	});

	it('names an unknown work', async () => {
		const result = await run({ resource: 'work', operation: 'get', work: rl('id', 987654) });
		expect(result.status).toBe('error');
		expect(result.error.message).toBe('Item 0, field "Work": no Consonance work has ID 987654');
	});
});

describe('Supporting Resource', () => {
	const cover = (version: number, transformation = 'c_fill,w_1400') =>
		`https://res.cloudinary.com/acme/image/upload/${transformation}/v${version}/covers/front%20cover.jpg`;

	it('the same cover created twice with skip on leaves one resource; a new version replaces it on all', async () => {
		const { work, products } = freshWork();
		const create = (url: string, extra: Json = {}) =>
			run({
				resource: 'supportingResource',
				operation: 'create',
				work: rl('id', work.id),
				imageUrl: url,
				variant: 'FRONT_COVER',
				status: 'APPROVED',
				linkTo: 'all',
				unlinkPrevious: true,
				skipIfAttached: true,
				options: { caption: 'Front cover', copyright: '© 2026 Acme', credit: 'Design: J. Doe' },
				...extra,
			});

		const first = await create(cover(1719307544));
		expect(first.status).toBe('success');
		expect(first.json[0]).toMatchObject({
			skipped: false,
			workId: work.id,
			variant: { code: 'FRONT_COVER', name: 'Front Cover' },
			status: { code: 'APPROVED' },
			caption: 'Front cover',
			copyright: '© 2026 Acme',
			credit: 'Design: J. Doe',
		});
		const again = await create(cover(1719307544));
		const otherRendition = await create(cover(1719307544, 'f_jpg,q_auto'));
		expect(again.json[0]).toMatchObject({ id: first.json[0].id, skipped: true });
		expect(otherRendition.json[0]).toMatchObject({ id: first.json[0].id, skipped: true });
		let state = await workState(work.id);
		expect(state.supportingResources).toHaveLength(1);
		expect(state.supportingResources[0].productIds.sort()).toEqual(state.productIds.sort());

		const next = await create(cover(1719400000));
		expect(next.json[0].skipped).toBe(false);
		state = await workState(work.id);
		expect(state.supportingResources).toHaveLength(2);
		const old = state.supportingResources.find((r: Json) => r.id === first.json[0].id);
		expect(old.productIds).toEqual([]);
		for (const p of products)
			expect((await productState(p.id)).supportingResources[0].id).toBe(next.json[0].id);
	});

	it('skip on: a create meeting a 503 is retried after checking again, lands once; skip off: sent once', async () => {
		const { work } = freshWork();
		const url = cover(1719500000);
		const params = {
			resource: 'supportingResource',
			operation: 'create',
			work: rl('id', work.id),
			imageUrl: url,
			variant: 'FRONT_COVER',
			status: 'APPROVED',
			linkTo: 'all',
			unlinkPrevious: true,
		};
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			count: 1,
			skip: 1,
			path: '/graphql',
		});
		let before = await sb.lastSeq('consonance');
		const retried = await run({ ...params, skipIfAttached: true });
		expect(retried.status).toBe('success');
		expect(retried.json[0]).toMatchObject({ skipped: false, url });
		const served = (await sb.requests('consonance', before)).map(
			(r: Json) => `${r.route} ${r.status}`,
		);
		// The last read: no identical copy created by a concurrent run (see 'under concurrency').
		expect(served).toEqual([
			'graphql:work 200',
			'graphql:mutation:createSupportingResource 503',
			'graphql:work 200',
			'graphql:mutation:createSupportingResource 200',
			'graphql:work 200',
		]);
		expect(
			(await workState(work.id)).supportingResources.filter((r: Json) => r.imageRemoteUrl === url),
		).toHaveLength(1);

		const other = cover(1719600000);
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			count: 1,
			path: '/graphql',
		});
		before = await sb.lastSeq('consonance');
		const once = await run({ ...params, imageUrl: other, skipIfAttached: false });
		expect(once.status).toBe('error');
		expect(once.error.message).toContain('HTTP 503');
		expect(
			(await sb.requests('consonance', before)).map((r: Json) => `${r.route} ${r.status}`),
		).toEqual(['graphql:mutation:createSupportingResource 503']);
		expect(
			(await workState(work.id)).supportingResources.filter(
				(r: Json) => r.imageRemoteUrl === other,
			),
		).toHaveLength(0);
	});

	it('links to chosen products (by ISBN or ID), lists with filters, and deletes', async () => {
		const { work, products } = freshWork();
		const created = await run({
			resource: 'supportingResource',
			operation: 'create',
			work: rl('isbn', products[0].isbn13),
			imageUrl: 'https://images.example.com/authors/amara-okafor.jpg',
			variant: 'AUTHOR_PHOTO',
			status: 'DRAFT',
			linkTo: 'chosen',
			products: `${hyphenate(products[1].isbn13)}, ${products[0].id}`,
			unlinkPrevious: false,
			skipIfAttached: false,
		});
		expect(created.status).toBe('success');
		expect(created.json[0].productIds.sort()).toEqual([products[0].id, products[1].id].sort());
		const listed = await run({
			resource: 'supportingResource',
			operation: 'list',
			work: rl('id', work.id),
			filters: { variants: ['AUTHOR_PHOTO'], productId: products[1].id },
		});
		expect(listed.json.map((r: Json) => r.id)).toEqual([created.json[0].id]);
		const deleted = await run({
			resource: 'supportingResource',
			operation: 'delete',
			recordId: String(created.json[0].id),
		});
		expect(deleted.json[0]).toEqual({ id: created.json[0].id, deleted: true });
		expect(
			(await workState(work.id)).supportingResources.find((r: Json) => r.id === created.json[0].id),
		).toBeUndefined();
		const again = await run({
			resource: 'supportingResource',
			operation: 'delete',
			recordId: String(created.json[0].id),
		});
		expect(again.error.message).toMatch(
			/^Item 0: Consonance: field "Supporting Resource ID": .*not found/,
		);
		expect(again.error.httpCode).toBe('404');
	});

	it('rejects a non-JPG URL before any call, and maps a foreign product to the "Products" field', async () => {
		const { work } = freshWork();
		const stranger = catalogue().products.find((p) => p.workId !== work.id)!;
		const before = await sb.lastSeq('consonance');
		const png = await run({
			resource: 'supportingResource',
			operation: 'create',
			work: rl('id', work.id),
			imageUrl: 'https://x.example/cover.png',
			variant: 'FRONT_COVER',
			status: 'DRAFT',
			linkTo: 'all',
		});
		expect(png.error.message).toContain('Item 0, field "Image URL"');
		expect(await sb.requests('consonance', before)).toHaveLength(0);
		const foreign = await run({
			resource: 'supportingResource',
			operation: 'create',
			work: rl('id', work.id),
			imageUrl: 'https://x.example/c.jpg',
			variant: 'FRONT_COVER',
			status: 'DRAFT',
			linkTo: 'chosen',
			products: String(stranger.id),
		});
		expect(foreign.error.message).toMatch(/^Item 0: Consonance: field "Products": /);
		expect((await workState(work.id)).supportingResources).toHaveLength(0);
	});
});

describe('Marketing Text and Web Link', () => {
	it('creates, lists and deletes a marketing text', async () => {
		const { work, products } = freshWork();
		const created = await run({
			resource: 'marketingText',
			operation: 'create',
			work: rl('id', work.id),
			variant: 'REVIEW_QUOTE',
			text: '“Luminous.” — The Review',
			options: { products: products[0].isbn13 },
		});
		expect(created.json[0]).toMatchObject({
			variant: { code: 'REVIEW_QUOTE' },
			text: '“Luminous.” — The Review',
			productIds: [products[0].id],
			appliesToAllProducts: false,
		});
		expect((await productState(products[0].id)).marketingTexts.map((t: Json) => t.id)).toContain(
			created.json[0].id,
		);
		expect(
			(await productState(products[1].id)).marketingTexts.map((t: Json) => t.id),
		).not.toContain(created.json[0].id);
		const listed = await run({
			resource: 'marketingText',
			operation: 'list',
			work: rl('id', work.id),
			variants: ['REVIEW_QUOTE'],
		});
		expect(listed.json.map((t: Json) => t.id)).toEqual([created.json[0].id]);
		await run({
			resource: 'marketingText',
			operation: 'delete',
			recordId: String(created.json[0].id),
		});
		expect((await workState(work.id)).marketingTexts.map((t: Json) => t.id)).not.toContain(
			created.json[0].id,
		);
	});

	it('creates a web link once (skip on), on the work and on a product, lists both and deletes', async () => {
		const { work, products } = freshWork();
		const video = 'https://res.cloudinary.com/acme/video/upload/v3/trailers/bookbinder.mp4';
		const create = (extra: Json) =>
			run({
				resource: 'webLink',
				operation: 'create',
				url: video,
				role: '42',
				note: 'Trailer',
				skipIfAttached: true,
				...extra,
			});
		const first = await create({ attachTo: 'work', work: rl('id', work.id) });
		const second = await create({
			attachTo: 'work',
			work: rl('id', work.id),
			url: 'https://res.cloudinary.com/acme/video/upload/q_auto/v3/trailers/bookbinder.webm',
		});
		expect(first.json[0]).toMatchObject({
			skipped: false,
			url: video,
			role: '42',
			note: 'Trailer',
			workId: work.id,
		});
		expect(second.json[0]).toMatchObject({ id: first.json[0].id, skipped: true });
		expect((await workState(work.id)).webLinks).toHaveLength(1);
		const onProduct = await create({
			attachTo: 'product',
			product: rl('isbn', products[1].isbn13),
		});
		expect(onProduct.json[0]).toMatchObject({ skipped: false, productId: products[1].id });
		expect((await productState(products[1].id)).webLinks).toHaveLength(1);
		const listed = await run({
			resource: 'webLink',
			operation: 'list',
			work: rl('id', work.id),
			includeProducts: true,
		});
		expect(listed.json.map((l: Json) => [l.id, l.productId])).toEqual([
			[first.json[0].id, null],
			[onProduct.json[0].id, products[1].id],
		]);
		await run({ resource: 'webLink', operation: 'delete', recordId: String(first.json[0].id) });
		expect((await workState(work.id)).webLinks).toHaveLength(0);
	});
});

describe('Contact, Contract, GraphQL', () => {
	it('searches and gets contacts, and gets a contract with its licensed rights', async () => {
		const person = catalogue().contacts.find((c) => c.type === 'Person')!;
		const last = person.keyNames as string;
		const found = await run({
			resource: 'contact',
			operation: 'search',
			returnAll: true,
			filters: { nameContains: last.toLowerCase() },
		});
		expect(found.json.map((c: Json) => c.id)).toContain(person.id);
		const got = await run({ resource: 'contact', operation: 'get', contactId: String(person.id) });
		expect(got.json[0]).toMatchObject({
			id: person.id,
			type: 'Person',
			personName: person.personName,
			emails: person.emails.map((e: Json) => e.email),
		});
		const contract = catalogue().contracts[0];
		const byId = await run({
			resource: 'contract',
			operation: 'get',
			findBy: 'id',
			contractId: String(contract.id),
		});
		expect(byId.json[0]).toMatchObject({
			id: contract.id,
			name: contract.contractName,
			work: { id: contract.workId },
			client: { id: contract.clientContactId },
		});
		expect(byId.json[0].licensedRights).toEqual(
			contract.licensedRights.map((r: Json) => ({
				id: r.id,
				rightType: r.rightType,
				authorShare: r.authorCut,
			})),
		);
		const byWork = await run({
			resource: 'contract',
			operation: 'get',
			findBy: 'work',
			workId: String(contract.workId),
		});
		expect(byWork.json[0].id).toBe(contract.id);
		const missing = await run({ resource: 'contact', operation: 'get', contactId: '424242' });
		expect(missing.error.message).toBe(
			'Item 0, field "Contact ID": no Consonance contact has ID 424242',
		);
	});

	it('runs a custom query with variables, split into items, and names GraphQL errors', async () => {
		const work = catalogue().works[0];
		const result = await run({
			resource: 'graphql',
			operation: 'query',
			query: 'query ($w: Int) { products(workSearch: { idEq: $w }) { id } }',
			variables: JSON.stringify({ w: work.id }),
			splitPath: 'products',
		});
		expect(result.json.map((p: Json) => p.id).sort()).toEqual(
			catalogue()
				.products.filter((p) => p.workId === work.id)
				.map((p) => p.id)
				.sort(),
		);
		const bad = await run({
			resource: 'graphql',
			operation: 'query',
			query: '{ products { nope } }',
			variables: '{}',
		});
		expect(bad.error.message).toMatch(/^Item 0: Consonance: GraphQL error: .*nope/);
		const badJson = await run({
			resource: 'graphql',
			operation: 'query',
			query: '{ products { id } }',
			variables: '{oops',
		});
		expect(badJson.error.message).toContain('Item 0, field "Variables": not valid JSON');
	});
});

describe('skip if already attached makes creating idempotent', () => {
	it('sameSource: equal URLs, or the same Cloudinary cloud, public ID and version', () => {
		const a = 'https://res.cloudinary.com/acme/image/upload/v12/covers/x.jpg';
		expect(
			sameSource(a, 'https://res.cloudinary.com/acme/image/upload/c_fill,w_10/v12/covers/x.png'),
		).toBe(true);
		expect(sameSource(a, 'https://res.cloudinary.com/acme/image/upload/v13/covers/x.jpg')).toBe(
			false,
		);
		expect(sameSource(a, 'https://res.cloudinary.com/other/image/upload/v12/covers/x.jpg')).toBe(
			false,
		);
		expect(sameSource(a, 'https://res.cloudinary.com/acme/image/upload/v12/covers/y.jpg')).toBe(
			false,
		);
		expect(sameSource('https://a.example/x.jpg', 'https://a.example/x.jpg')).toBe(true);
		expect(sameSource('https://a.example/x.jpg', 'https://a.example/y.jpg')).toBe(false);
	});

	it('a create whose answer was lost (503) is not repeated once the check finds it', async () => {
		const held: Json[] = [];
		let creates = 0;
		// the error the transport raises for a final 503
		const lost = serviceError(node, 'Consonance', {
			kind: 'transient',
			message: 'down',
			httpCode: 503,
		});
		const outcome = await createOnce(
			async () => held.slice(0, 1),
			async () => {
				creates++;
				held.push({ id: 1 }); // it landed, but the answer never came back
				throw lost;
			},
			true,
		);
		expect(outcome).toEqual({ record: { id: 1 }, skipped: false });
		expect(creates).toBe(1);
		await expect(
			createOnce(
				async () => [],
				async () => Promise.reject(lost),
				false,
			),
		).rejects.toBe(lost);
	});
});

describe('Skip If Already Attached under concurrency', () => {
	// Every Consonance answer is held back 400 ms, so identical creates started together all read
	// "not attached yet" before any of them creates: the race two identical notifications cause.
	const slowConsonance = () =>
		sb.control.post('/faults', {
			service: 'consonance',
			kind: 'latency',
			ms: 400,
			path: '/graphql',
		});

	it('the same cover created by three runs at once ends as one front cover, linked, every time', async () => {
		const { work, products } = freshWork();
		const previous = `https://res.cloudinary.com/acme/image/upload/f_jpg/v1700000000/covers/${products[0].isbn13}.jpg`;
		const params = {
			resource: 'supportingResource',
			operation: 'create',
			work: rl('id', work.id),
			variant: 'FRONT_COVER',
			status: 'APPROVED',
			linkTo: 'all',
			unlinkPrevious: true,
			skipIfAttached: true,
		};
		expect((await run({ ...params, imageUrl: previous })).status).toBe('success');
		for (const version of [1710000001, 1710000002, 1710000003]) {
			const url = `https://res.cloudinary.com/acme/image/upload/f_jpg/v${version}/covers/${products[0].isbn13}.jpg`;
			await slowConsonance();
			const runs = await Promise.all([1, 2, 3].map(() => run({ ...params, imageUrl: url })));
			await sb.control.delete('/faults');
			expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
			const state = await workState(work.id);
			const copies = state.supportingResources.filter((r: Json) => r.imageRemoteUrl === url);
			expect(copies).toHaveLength(1);
			expect([...copies[0].productIds].sort()).toEqual([...state.productIds].sort());
			expect(new Set(runs.map((r) => r.json[0].id))).toEqual(new Set([copies[0].id]));
			for (const p of products) {
				const fronts = (await productState(p.id)).supportingResources.filter(
					(r: Json) => r.resourceVariant === 'FRONT_COVER',
				);
				expect(fronts.map((r: Json) => r.imageRemoteUrl)).toEqual([url]);
			}
		}
	});

	it('the same web link created by two runs at the same moment ends as one link, every time', async () => {
		const { work } = freshWork();
		for (const version of [1, 2, 3]) {
			const url = `https://res.cloudinary.com/acme/video/upload/v${version}/audio-samples/race.mp3`;
			await slowConsonance();
			const runs = await Promise.all(
				[1, 2].map(() =>
					run({
						resource: 'webLink',
						operation: 'create',
						attachTo: 'work',
						work: rl('id', work.id),
						url,
						role: 'audio_sample',
						note: 'sample',
						skipIfAttached: true,
					}),
				),
			);
			await sb.control.delete('/faults');
			expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
			const links = (await workState(work.id)).webLinks.filter((l: Json) => l.link === url);
			expect(links).toHaveLength(1);
			expect(new Set(runs.map((r) => r.json[0].id))).toEqual(new Set([links[0].id]));
		}
	});

	it('a create the service refused is not retried, whatever its message says', async () => {
		let creates = 0;
		const refused = serviceError(node, 'Consonance', {
			kind: 'rejected',
			message: 'could not be reached (HTTP 503)',
			httpCode: 422,
		});
		const create = async () => {
			creates++;
			throw refused;
		};
		await expect(createOnce(async () => [], create, true)).rejects.toBe(refused);
		expect(creates).toBe(1);
	});
});

describe('GraphQL input errors name our fields', () => {
	it('turns the API’s own "invalid value at input.x" errors into the UI field names', async () => {
		const { consonance } = sb.info;
		const answer = await fetch(`${consonance.baseUrl}/graphql`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${consonance.apiKey}` },
			body: JSON.stringify({
				query:
					'mutation R($input: UpdateProductInput!) { updateProduct(input: $input) { errors { field message } } }',
				variables: {
					input: { id: 5001, publicationDate: '2026-13-01', onixPublishingStatusCode: '_14' },
				},
			}),
		}).then((r) => r.json());
		const message = answer.errors.map((e: Json) => e.message).join('; ');
		const labelled = labelInputErrors(message, PRODUCT_FIELD_LABELS);
		expect(labelled).toMatch(
			new RegExp(
				'^field "Publication Date": "2026-13-01" is not a valid ISO8601Date; ' +
					'field "Publishing Status": Value "_14" does not exist',
			),
		);
	});
});
