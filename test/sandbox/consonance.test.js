'use strict';
// The Consonance emulator over real HTTP: GraphQL and REST auth, searches, keyset paging (with the
// page cap on a 20,000-product catalogue), mutations and their payload errors, supporting resources
// fetched from a loopback image server, and the control routes tests use to edit "in the UI".
// Only this emulator is started (in the sandbox's own server frame and control server), so the
// test does not depend on the Cloudinary emulator.
const http = require('node:http');
const axios = require('axios');
const sharp = require('sharp');
const { createClock } = require('../../sandbox/lib/clock');
const { startServer } = require('../../sandbox/lib/server');
const { startControlServer } = require('../../sandbox/control');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');
const { createConsonanceEmulator } = require('../../sandbox/consonance');

const KEY = 'testconsonancekey000000000000000';
const DAY = 86400000;

/** ISBN-13 with its check digit, computed here independently of the emulator. */
function withCheckDigit(first12) {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1);
	return first12 + String((10 - (sum % 10)) % 10);
}
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

let clock;
let catalogue;
let emu;
let server;
let control;
let imageServer;
let imageBase;
let jpeg;
let today;

const byId = (a, b) => a - b;
const seedProduct = (id) => catalogue.products.find((p) => p.id === id);
const seedWork = (id) => catalogue.works.find((w) => w.id === id);

async function gqlRaw(query, variables, { auth = `Bearer ${KEY}`, operationName } = {}) {
	return axios.post(
		`${server.baseUrl}/graphql`,
		{ query, variables, operationName },
		{ headers: auth ? { Authorization: auth } : {}, validateStatus: () => true },
	);
}

/** Runs a query that must succeed; returns `data`. */
async function gql(query, variables) {
	const res = await gqlRaw(query, variables);
	expect(res.status).toBe(200);
	expect(res.data.errors).toBeUndefined();
	return res.data.data;
}

async function rest(params = {}, auth = `Token token=${KEY}`, path = '/api/v4/products.json') {
	return axios.get(`${server.baseUrl}${path}`, {
		params,
		headers: auth ? { Authorization: auth } : {},
		validateStatus: () => true,
	});
}

const controlCall = (method, path, data) =>
	axios({ method, url: `${control.baseUrl}/consonance${path}`, data, validateStatus: () => true });

async function changedToday() {
	const d = await gql(
		'query($d: ISO8601Date) { products(productSearch: { changedSince: $d }) { id } ' +
			'works(workSearch: { changedSince: $d }) { id } }',
		{ d: today },
	);
	return { products: d.products.map((p) => p.id), works: d.works.map((w) => w.id) };
}

beforeAll(async () => {
	clock = createClock();
	catalogue = generateCatalogue({ today: new Date(clock.now()) });
	emu = createConsonanceEmulator({
		clock,
		catalogue,
		apiKey: KEY,
		getBaseUrl: () => server.baseUrl,
	});
	server = await startServer({
		name: 'consonance',
		handler: emu.handler,
		renderFault: emu.renderFault,
	});
	control = await startControlServer({
		sandbox: {
			consonance: emu,
			servers: { consonance: () => server, cloudinary: () => server },
			clock,
		},
		port: 0,
	});

	jpeg = await sharp({ create: { width: 320, height: 480, channels: 3, background: '#336699' } })
		.jpeg({ quality: 80 })
		.toBuffer();
	const png = await sharp({ create: { width: 40, height: 60, channels: 3, background: '#ff0000' } })
		.png()
		.toBuffer();
	imageServer = http.createServer((req, res) => {
		const body = { '/covers/front.jpg': jpeg, '/covers/not-really.jpg': png }[req.url];
		if (!body) {
			res.writeHead(404).end('missing');
			return;
		}
		res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length }).end(body);
	});
	await new Promise((r) => imageServer.listen(0, '127.0.0.1', r));
	imageBase = `http://127.0.0.1:${imageServer.address().port}`;
});

afterAll(async () => {
	await Promise.all([
		server?.close(),
		control?.close(),
		new Promise((r) => (imageServer ? imageServer.close(r) : r())),
	]);
});

beforeEach(() => {
	// Three days after the catalogue's "today", so nothing seeded counts as changed today.
	clock.set(Date.parse(`${catalogue.today}T12:00:00Z`) + 3 * DAY);
	today = isoDay(clock.now());
	emu.reset(catalogue);
	server.faults.clear();
});

describe('authentication', () => {
	const probe = '{ product(productSearch: { idEq: 5001 }) { id } }';

	test('GraphQL takes the right Bearer key and rejects a wrong, missing or Token-scheme key with 401', async () => {
		expect((await gqlRaw(probe)).data).toEqual({ data: { product: { id: 5001 } } });
		for (const auth of ['Bearer wrongkey', null, `Token token=${KEY}`]) {
			const res = await gqlRaw(probe, undefined, { auth });
			expect(res.status).toBe(401);
			expect(res.data).toEqual({ errors: [{ message: 'Unauthorized' }] });
		}
	});

	test('REST takes Token token=<key> with and without quotes and rejects others Rails-style', async () => {
		for (const auth of [`Token token=${KEY}`, `Token token="${KEY}"`]) {
			const res = await rest({ 'q[id_eq]': 5001 }, auth);
			expect(res.status).toBe(200);
			expect(res.data.products.map((p) => p.id)).toEqual([5001]);
		}
		for (const auth of ['Token token=nope', 'Token token="nope"', null]) {
			const res = await rest({}, auth);
			expect(res.status).toBe(401);
			expect(res.headers['www-authenticate']).toBe('Token realm="Application"');
			expect(res.data).toBe('HTTP Token: Access denied.\n');
		}
	});
});

describe('GraphQL queries', () => {
	test('product by id shows the seeded record with derived fields', async () => {
		const seed = seedProduct(5001);
		const work = seedWork(seed.workId);
		const { product } = await gql(`{ product(productSearch: { idEq: 5001 }) {
			id __typename fullTitle subtitle publicationDate onix21ProductFormCode onix21ProductForm { code description }
			onixPublishingStatusCode onixPublishingStatus { code description } isForSaleWorldwide notForSaleCountryCodes
			isbn { isbn10 isbn13 isbnWithDashes isbnWithSpaces } inHouseEdition { name }
			prices { amount currencyCode amountWithCurrencyCode onixPriceTypeCode onixPriceTypeQualifierCode }
			marketingTexts { variant externalText(stripHtml: true) } work { id title imprint { id name } }
		} }`);
		expect(product).toMatchObject({
			id: 5001,
			__typename: 'PhysicalBookProduct',
			fullTitle: work.title,
			subtitle: work.subtitle,
			publicationDate: seed.publicationDate,
			onix21ProductFormCode: 'BC',
			onix21ProductForm: { code: 'BC', description: 'Paperback / softback' },
			onixPublishingStatusCode: `_${seed.publishingStatus}`,
			isForSaleWorldwide: false,
			notForSaleCountryCodes: ['US', 'CA', 'PH'],
			isbn: {
				isbn13: '9781810000008',
				isbn10: '1810000009',
				isbnWithDashes: '978-1-81000-000-8',
				isbnWithSpaces: '978 1 81000 000 8',
			},
			inHouseEdition: { name: 'Paperback' },
			work: { id: 301, title: work.title, imprint: { id: 1, name: 'Harbour Lane Press' } },
		});
		expect(product.onixPublishingStatus.code).toBe(seed.publishingStatus);
		expect(product.prices).toEqual([
			{
				amount: 10.99,
				currencyCode: 'GBP',
				amountWithCurrencyCode: 'GBP 10.99',
				onixPriceTypeCode: '_02',
				onixPriceTypeQualifierCode: '_05',
			},
			{
				amount: 17.99,
				currencyCode: 'USD',
				amountWithCurrencyCode: 'USD 17.99',
				onixPriceTypeCode: '_01',
				onixPriceTypeQualifierCode: '_05',
			},
		]);
		expect(product.marketingTexts[0].externalText).not.toMatch(/<p>/);
		expect(product.marketingTexts[0].externalText).toContain(work.title.toLowerCase());
	});

	test('isbn13Eq finds one product (hyphens ignored), an unknown ISBN none; no ISBN gives isbn null', async () => {
		const d = await gql(`{
			a: product(productSearch: { isbn13Eq: "9781810000015" }) { id }
			b: product(productSearch: { isbn13Eq: "978-1-81000-001-5" }) { id }
			c: product(productSearch: { isbn13Eq: "9781810999995" }) { id }
			d: product(productSearch: { idEq: 5071 }) { id isbn { isbn13 } }
			e: products(productSearch: { isbn13Assigned: false }) { id }
		}`);
		expect(d).toEqual({
			a: { id: 5002 },
			b: { id: 5002 },
			c: null,
			d: { id: 5071, isbn: null },
			e: [{ id: 5071 }],
		});
	});

	test('isbn13In returns the matching products in id order and skips unknown ISBNs', async () => {
		const isbns = [5040, 5003, 5077].map((id) => seedProduct(id).isbn13);
		const d = await gql(
			'query($i: [String!]) { products(productSearch: { isbn13In: $i }) { id isbn { isbn13 } } }',
			{ i: [...isbns, '9781810999995'] },
		);
		expect(d.products.map((p) => p.id)).toEqual([5003, 5040, 5077]);
	});

	test('titleCont is case-insensitive and matches what the catalogue says', async () => {
		const expected = catalogue.products
			.filter((p) => seedWork(p.workId).title.toLowerCase().includes('lighthouse'))
			.map((p) => p.id);
		expect(expected.length).toBeGreaterThan(0);
		const d = await gql(
			'{ products(productSearch: { titleCont: "LIGHTHOUSE" }) { id fullTitle } }',
		);
		expect(d.products.map((p) => p.id)).toEqual(expected);
		const exact = seedWork(301).title;
		const eq = await gql('query($t: String) { products(productSearch: { titleEq: $t }) { id } }', {
			t: exact,
		});
		expect(eq.products.map((p) => p.id)).toEqual(
			catalogue.products.filter((p) => seedWork(p.workId).title === exact).map((p) => p.id),
		);
	});

	test('publication date Eq/Gt/Lt/Gteq/Lteq', async () => {
		const pivot = seedProduct(5010).publicationDate;
		const from = isoDay(Date.parse(pivot) - 120 * DAY);
		const d = await gql(
			`query($p: ISO8601Date, $f: ISO8601Date) {
				eq: products(productSearch: { publicationDateEq: $p }) { id }
				gt: products(productSearch: { publicationDateGt: $p }) { id }
				lt: products(productSearch: { publicationDateLt: $p }) { id }
				range: products(productSearch: { publicationDateGteq: $f, publicationDateLteq: $p }) { id }
			}`,
			{ p: pivot, f: from },
		);
		const ids = (fn) => catalogue.products.filter(fn).map((p) => p.id);
		expect(d.eq.map((p) => p.id)).toEqual(ids((p) => p.publicationDate === pivot));
		expect(d.eq.map((p) => p.id)).toContain(5010);
		expect(d.gt.map((p) => p.id)).toEqual(ids((p) => p.publicationDate > pivot));
		expect(d.lt.map((p) => p.id)).toEqual(ids((p) => p.publicationDate < pivot));
		expect(d.range.map((p) => p.id)).toEqual(
			ids((p) => p.publicationDate >= from && p.publicationDate <= pivot),
		);
		expect(d.eq.length + d.gt.length + d.lt.length).toBe(80);
	});

	test('onix21ProductFormCodeIn and productTypes', async () => {
		const d = await gql(`{
			forms: products(productSearch: { onix21ProductFormCodeIn: [BB, AJ] }) { id onix21ProductFormCode }
			audio: products(productSearch: { productTypes: [ElectronicAudioProduct, PhysicalAudioProduct] }) { id __typename }
		}`);
		expect(d.forms.map((p) => p.id)).toEqual(
			catalogue.products.filter((p) => ['BB', 'AJ'].includes(p.productForm)).map((p) => p.id),
		);
		expect(new Set(d.forms.map((p) => p.onix21ProductFormCode))).toEqual(new Set(['BB', 'AJ']));
		expect(d.audio.map((p) => p.id)).toEqual(
			catalogue.products.filter((p) => ['AJ', 'AC'].includes(p.productForm)).map((p) => p.id),
		);
	});

	test('priceSearch filters products by their prices, and prices(priceSearch:) filters the prices shown', async () => {
		const d = await gql(`{
			cheap: products(priceSearch: { currencyCodeIn: ["GBP"], amountLteq: 7 }) { id }
			product(productSearch: { idEq: 5001 }) { prices(priceSearch: { onixPriceTypeCodeIn: [_02] }) { currencyCode } }
		}`);
		expect(d.cheap.map((p) => p.id)).toEqual(
			catalogue.products
				.filter((p) => p.prices.some((x) => x.currencyCode === 'GBP' && x.amount <= 7))
				.map((p) => p.id),
		);
		expect(d.cheap.length).toBeGreaterThan(0);
		expect(d.product.prices).toEqual([{ currencyCode: 'GBP' }]);
	});

	test('imprintIdIn on works, and as a workSearch on products', async () => {
		const d = await gql(`{
			works(workSearch: { imprintIdIn: [2, 4] }) { id imprint { id } }
			products(workSearch: { imprintIdIn: [3] }) { id work { imprint { id } } }
		}`);
		expect(d.works.map((w) => w.id)).toEqual(
			catalogue.works.filter((w) => [2, 4].includes(w.imprintId)).map((w) => w.id),
		);
		const imprint3 = new Set(catalogue.works.filter((w) => w.imprintId === 3).map((w) => w.id));
		expect(d.products.map((p) => p.id)).toEqual(
			catalogue.products.filter((p) => imprint3.has(p.workId)).map((p) => p.id),
		);
	});

	test('work fields: contributions, series, products(productSearch), contracts by contractIdEq', async () => {
		const seriesWork = catalogue.works.find(
			(w) => w.seriesMembership && w.contributions.length === 2,
		);
		const series = catalogue.series.find((x) => x.id === seriesWork.seriesMembership.seriesId);
		const contract = catalogue.contracts[1];
		const d = await gql(
			`query($id: Int, $c: Int) {
				work(workSearch: { idEq: $id }) {
					id contributorPrettyList authorshipDescription
					contributions {
						sequenceNumber onixContributorRoleCode onixContributorRole { description }
						contributor { __typename ... on Person { personName } }
					}
					seriesMemberships { partNumber series { id name titleWithSubtitle } }
					ebooks: products(productSearch: { onix21ProductFormCodeIn: [DG] }) { id }
				}
				byContract: works(workSearch: { contractIdEq: $c }) { id }
				contract(contractSearch: { idEq: $c }) {
					contractName client { name } work { id } licensedRights { rightType authorCut }
				}
			}`,
			{ id: seriesWork.id, c: contract.id },
		);
		const names = seriesWork.contributions.map(
			(c) => catalogue.contacts.find((x) => x.id === c.contactId).personName,
		);
		expect(d.work.contributorPrettyList).toBe(`${names[0]} and ${names[1]}`);
		expect(d.work.authorshipDescription).toBe(`${names[0]}, illustrated by ${names[1]}`);
		expect(
			d.work.contributions.map((c) => [
				c.sequenceNumber,
				c.onixContributorRoleCode,
				c.contributor.personName,
			]),
		).toEqual([
			[1, 'A01', names[0]],
			[2, 'A12', names[1]],
		]);
		expect(d.work.contributions[1].onixContributorRole.description).toBe('Illustrated by');
		expect(d.work.seriesMemberships).toEqual([
			{
				partNumber: seriesWork.seriesMembership.partNumber,
				series: {
					id: series.id,
					name: series.name,
					titleWithSubtitle: `${series.name}: ${series.subtitle}`,
				},
			},
		]);
		expect(d.work.ebooks.map((p) => p.id)).toEqual(
			catalogue.products
				.filter((p) => p.workId === seriesWork.id && p.productForm === 'DG')
				.map((p) => p.id),
		);
		expect(d.byContract).toEqual([{ id: contract.workId }]);
		expect(d.contract).toMatchObject({
			contractName: contract.contractName,
			work: { id: contract.workId },
			licensedRights: [
				{ rightType: 'Print', authorCut: 7.5 },
				{ rightType: 'Ebook', authorCut: 25 },
				{ rightType: 'Audio', authorCut: 20 },
			],
		});
	});

	test('contacts, person and organisation', async () => {
		const contact = catalogue.contacts[3];
		const surname = contact.personName.split(' ')[1];
		const d = await gql(
			`query($n: String, $id: Int!) {
				contacts(contactSearch: { personNameCont: $n }) { id name ... on Person { personNameInverted } }
				person(id: $id) { id personName contributions { workId } }
				organisation(organisationSearch: { nameCont: "marlow" }) { id organisationName }
				notAPerson: person(id: 1901) { id }
			}`,
			{ n: surname.toLowerCase(), id: contact.id },
		);
		expect(d.contacts.map((c) => c.id)).toEqual(
			catalogue.contacts.filter((c) => c.personName?.includes(surname)).map((c) => c.id),
		);
		expect(d.person.personName).toBe(contact.personName);
		expect(d.person.contributions.map((c) => c.workId)).toEqual(
			catalogue.works
				.filter((w) => w.contributions.some((c) => c.contactId === contact.id))
				.map((w) => w.id),
		);
		expect(d.organisation).toEqual({
			id: 1901,
			organisationName: 'Marlow & Finch Literary Agency',
		});
		expect(d.notAPerson).toBeNull();
	});

	test('physical book dimensions in MM, CM and IN', async () => {
		const seed = catalogue.products.find((p) => p.productForm === 'BB');
		const { height, width, thickness } = seed.dimensionsMm;
		const d = await gql(
			`query($id: Int) { product(productSearch: { idEq: $id }) { ... on PhysicalBookProduct {
				hMm: productHeight wMm: productWidth(unit: MM) tMm: productThickness
				hCm: productHeight(unit: CM) wCm: productWidth(unit: CM) tCm: productThickness(unit: CM)
				hIn: productHeight(unit: IN) wIn: productWidth(unit: IN) tIn: productThickness(unit: IN)
				approximatePageCount
			} } ebook: product(productSearch: { onix21ProductFormCodeIn: [DG] }) {
				__typename ... on PhysicalBookProduct { productHeight }
			} }`,
			{ id: seed.id },
		);
		const cm = (mm) => Math.round(mm) / 10;
		const inch = (mm) => Math.round((mm / 25.4) * 100) / 100;
		expect(d.product).toEqual({
			hMm: height,
			wMm: width,
			tMm: thickness,
			hCm: cm(height),
			wCm: cm(width),
			tCm: cm(thickness),
			hIn: inch(height),
			wIn: inch(width),
			tIn: inch(thickness),
			approximatePageCount: seed.pageCount,
		});
		expect(d.ebook).toEqual({ __typename: 'ElectronicBookProduct' });
	});

	test('changedSince sees an edit made in the UI (control API) the same day, and not the next day', async () => {
		const before = await changedToday();
		expect(before).toEqual({ products: [], works: [] });

		const edit = await controlCall('post', '/products/5005', {
			publishingStatus: '04',
			publicationDate: '2027-01-01',
		});
		expect(edit.status).toBe(200);
		expect(edit.data).toMatchObject({
			id: 5005,
			publishingStatus: '04',
			publicationDate: '2027-01-01',
		});
		expect(edit.data.changedAt.slice(0, 10)).toBe(today);

		const after = await changedToday();
		expect(after).toEqual({ products: [5005], works: [seedProduct(5005).workId] });
		const p = await gql(
			'{ product(productSearch: { idEq: 5005 }) { onixPublishingStatusCode publicationDate } }',
		);
		expect(p.product).toEqual({ onixPublishingStatusCode: '_04', publicationDate: '2027-01-01' });

		const log = await controlCall('get', '/state/changes');
		expect(log.data.changes).toHaveLength(1);
		expect(log.data.changes[0]).toMatchObject({
			source: 'control',
			action: 'update',
			entity: 'product',
			id: 5005,
			fields: { publishingStatus: { from: seedProduct(5005).publishingStatus, to: '04' } },
		});

		// Day granularity: the next day, changedSince "today" no longer sees yesterday's change.
		clock.advance(DAY);
		today = isoDay(clock.now());
		expect(await changedToday()).toEqual({ products: [], works: [] });
		const yesterday = await gql(
			'query($d: ISO8601Date) { products(productSearch: { changedSince: $d }) { id } }',
			{ d: isoDay(clock.now() - DAY) },
		);
		expect(yesterday.products.map((x) => x.id)).toEqual([5005]);
	});

	test('keyset paging with `after` walks all 80 products in id order', async () => {
		const seen = [];
		let after = 0;
		let requests = 0;
		for (;;) {
			const d = await gql('query($a: Int) { products(productSearch: { after: $a }) { id } }', {
				a: after,
			});
			requests++;
			if (!d.products.length) break;
			seen.push(...d.products.map((p) => p.id));
			after = d.products.at(-1).id;
		}
		expect(seen).toEqual(catalogue.products.map((p) => p.id).sort(byId));
		expect(requests).toBe(2);
	});

	test('on a 20,000-product catalogue lists are capped at 100 and `after` pages through all of them', async () => {
		const big = generateCatalogue({
			products: 20000,
			maxCovers: 0,
			today: new Date(Date.parse(catalogue.today)),
		});
		const t0 = performance.now();
		emu.reset(big);
		const resetMs = performance.now() - t0;

		const first = await gql('{ products { id } works { id } }');
		expect(first.products).toHaveLength(100);
		expect(first.works).toHaveLength(100);

		const ids = [];
		let after = 0;
		for (;;) {
			const d = await gql('query($a: Int) { products(productSearch: { after: $a }) { id } }', {
				a: after,
			});
			if (!d.products.length) break;
			expect(d.products.length).toBeLessThanOrEqual(100);
			ids.push(...d.products.map((p) => p.id));
			after = d.products.at(-1).id;
		}
		expect(ids).toHaveLength(20000);
		expect(ids).toEqual(big.products.map((p) => p.id).sort(byId));

		// changedSince over 20,000 products, timed over HTTP (printed, not asserted).
		await controlCall('post', '/products/24000', { publishingStatus: '04' });
		const t1 = performance.now();
		const d = await gql(
			'query($d: ISO8601Date) { products(productSearch: { changedSince: $d }) { id fullTitle ' +
				'isbn { isbn13 } onixPublishingStatusCode } }',
			{ d: today },
		);
		const queryMs = performance.now() - t1;
		expect(d.products.map((p) => p.id)).toEqual([24000]);
		const seedChanged = big.products.filter((p) => p.changedAt >= big.today).length;
		const t2 = performance.now();
		const busy = await gql(
			'query($d: ISO8601Date) { products(productSearch: { changedSince: $d }) { id fullTitle ' +
				'isbn { isbn13 } work { id title } } }',
			{ d: big.today },
		);
		const busyMs = performance.now() - t2;
		expect(busy.products).toHaveLength(Math.min(100, seedChanged + 1));
		console.log(
			`Consonance emulator, 20,000 products: reset ${resetMs.toFixed(0)} ms; changedSince (1 ` +
				`match) ${queryMs.toFixed(1)} ms; changedSince (${seedChanged + 1} matches, capped at ` +
				`100) ${busyMs.toFixed(1)} ms`,
		);
	});

	test('syntax/validation errors: HTTP 200, top-level errors; variables as a string; operationName picks', async () => {
		const syntax = await gqlRaw('{ products { id ');
		expect(syntax.status).toBe(200);
		expect(syntax.data.data).toBeUndefined();
		expect(syntax.data.errors[0].message).toMatch(/Syntax Error/);

		const invalid = await gqlRaw('{ products { id noSuchField } }');
		expect(invalid.status).toBe(200);
		expect(invalid.data.errors[0].message).toMatch(/noSuchField/);

		for (const day of ['2027-02-30', '2027-13-01', '27-01-01']) {
			const badDate = await gqlRaw(
				'{ products(productSearch: { publicationDateEq: "DAY" }) { id } }'.replace('DAY', day),
			);
			expect(badDate.status).toBe(200);
			expect(badDate.data.errors[0].message).toContain(`"${day}" is not a valid ISO8601Date`);
		}

		const asString = await axios.post(
			`${server.baseUrl}/graphql`,
			{
				query:
					'query A($id: Int) { product(productSearch: { idEq: $id }) { id } } query B { ' +
					'works(workSearch: { idEq: 302 }) { id } }',
				variables: JSON.stringify({ id: 5002 }),
				operationName: 'A',
			},
			{ headers: { Authorization: `Bearer ${KEY}` } },
		);
		expect(asString.data).toEqual({ data: { product: { id: 5002 } } });
		const b = await gqlRaw(
			'query A { product { id } } query B { works(workSearch: { idEq: 302 }) { id } }',
			undefined,
			{ operationName: 'B' },
		);
		expect(b.data).toEqual({ data: { works: [{ id: 302 }] } });
	});

	test('requests are counted under the root fields they ask for', async () => {
		server.clearLog();
		await gql('{ products(productSearch: { idEq: 5001 }) { id } }');
		await gql(
			'mutation { updateProduct(input: { id: 5001, subtitle: "x" }) { errors { message } } }',
		);
		await rest();
		expect(Object.keys(server.counters()).sort()).toEqual([
			'graphql:mutation:updateProduct',
			'graphql:products',
			'rest:products',
		]);
	});
});

describe('GraphQL mutations', () => {
	const UPDATE_PRODUCT = `mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
		product {
			id isbn { isbn13 } fullTitle subtitle publicationDate plannedPublicationDate embargoDate
			onixPublishingStatusCode
		}
		errors { field message } clientMutationId } }`;

	test('updateProduct changes ISBN, dates, status and titles; the ISBN index follows', async () => {
		const newIsbn = withCheckDigit('978181999123');
		const old = seedProduct(5001).isbn13;
		const d = await gql(UPDATE_PRODUCT, {
			input: {
				id: 5001,
				isbn: newIsbn.replace(/^(\d{3})(\d)/, '$1-$2-'),
				publicationDate: '2027-05-01',
				plannedPublicationDate: '2027-04-01',
				embargoDate: '2027-04-20',
				onixPublishingStatusCode: '_03',
				subtitle: 'Revised edition',
				clientMutationId: 'abc',
			},
		});
		expect(d.updateProduct).toEqual({
			product: {
				id: 5001,
				isbn: { isbn13: newIsbn },
				fullTitle: seedWork(301).title,
				subtitle: 'Revised edition',
				publicationDate: '2027-05-01',
				plannedPublicationDate: '2027-04-01',
				embargoDate: '2027-04-20',
				onixPublishingStatusCode: '_03',
			},
			errors: [],
			clientMutationId: 'abc',
		});
		const lookups = await gql(
			'query($n: String, $o: String) { n: product(productSearch: { isbn13Eq: $n }) { id } o: ' +
				'product(productSearch: { isbn13Eq: $o }) { id } }',
			{ n: newIsbn, o: old },
		);
		expect(lookups).toEqual({ n: { id: 5001 }, o: null });
		const state = await controlCall('get', '/state/products/5001');
		expect(state.data).toMatchObject({
			isbn13: newIsbn,
			publishingStatus: '03',
			subtitle: 'Revised edition',
		});
		expect(await changedToday()).toEqual({ products: [5001], works: [301] });
	});

	test("updateProduct payload errors: bad check digit, other product's ISBN, unknown id; nothing changes", async () => {
		const good = withCheckDigit('978181999123');
		const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
		const r1 = await gql(UPDATE_PRODUCT, {
			input: { id: 5001, isbn: bad, subtitle: 'Should not stick' },
		});
		expect(r1.updateProduct.product).toBeNull();
		expect(r1.updateProduct.errors).toEqual([
			{ field: 'isbn', message: `ISBN ${bad} has an invalid check digit (expected ${good[12]})` },
		]);

		const r2 = await gql(UPDATE_PRODUCT, { input: { id: 5001, isbn: seedProduct(5002).isbn13 } });
		expect(r2.updateProduct.errors).toEqual([
			{
				field: 'isbn',
				message: `ISBN ${seedProduct(5002).isbn13} is already assigned to product 5002`,
			},
		]);

		const r3 = await gql(UPDATE_PRODUCT, { input: { id: 999999, subtitle: 'x' } });
		expect(r3.updateProduct).toEqual({
			product: null,
			errors: [{ field: 'id', message: 'Product 999999 not found' }],
			clientMutationId: null,
		});

		const r4 = await gql(UPDATE_PRODUCT, { input: { id: 5001, isbn: '12345' } });
		expect(r4.updateProduct.errors[0].field).toBe('isbn');

		const state = await controlCall('get', '/state/products/5001');
		expect(state.data.isbn13).toBe(seedProduct(5001).isbn13);
		expect(state.data.subtitle).toBeUndefined();
		expect(await changedToday()).toEqual({ products: [], works: [] });
	});

	test('updateProduct rejects a status that is not an enum value (top-level error)', async () => {
		const res = await gqlRaw(UPDATE_PRODUCT, {
			input: { id: 5001, onixPublishingStatusCode: '04' },
		});
		expect(res.status).toBe(200);
		expect(res.data.errors[0].message).toMatch(/ONIXPublishingStatusCode/);
	});

	test("updateWork changes the work (and its products' titles); nested product errors abort everything", async () => {
		const UPDATE_WORK = `mutation($input: UpdateWorkInput!) { updateWork(input: $input) {
			work { id title subtitle products { id fullTitle onixPublishingStatusCode } } errors { field message } } }`;
		const ok = await gql(UPDATE_WORK, {
			input: {
				id: 301,
				title: 'The Renamed Book',
				products: [{ id: 5002, onixPublishingStatusCode: '_04' }],
			},
		});
		expect(ok.updateWork.errors).toEqual([]);
		expect(ok.updateWork.work).toMatchObject({
			id: 301,
			title: 'The Renamed Book',
			subtitle: seedWork(301).subtitle,
		});
		expect(ok.updateWork.work.products).toEqual([
			{
				id: 5001,
				fullTitle: 'The Renamed Book',
				onixPublishingStatusCode: `_${seedProduct(5001).publishingStatus}`,
			},
			{ id: 5002, fullTitle: 'The Renamed Book', onixPublishingStatusCode: '_04' },
		]);
		const prefix = await gql(
			'{ product(productSearch: { idEq: 5001 }) { titlePrefix titleWithoutPrefix } }',
		);
		expect(prefix.product).toEqual({ titlePrefix: 'The', titleWithoutPrefix: 'Renamed Book' });
		expect(await changedToday()).toEqual({ products: [5001, 5002], works: [301] });

		const failed = await gql(UPDATE_WORK, {
			input: {
				id: 302,
				title: 'Must not stick',
				products: [
					{ id: 5003, isbn: '9781810000009' },
					{ id: 5001, subtitle: 'x' },
				],
			},
		});
		expect(failed.updateWork.work).toBeNull();
		expect(failed.updateWork.errors).toEqual([
			{
				field: 'products[0].isbn',
				message: 'ISBN 9781810000009 has an invalid check digit (expected 8)',
			},
			{ field: 'products[1].id', message: 'Product 5001 not found on work 302' },
		]);
		expect((await controlCall('get', '/state/works/302')).data.title).toBe(seedWork(302).title);

		const blank = await gql(UPDATE_WORK, { input: { id: 302, title: '' } });
		expect(blank.updateWork.errors).toEqual([{ field: 'title', message: "Title can't be blank" }]);
		const missing = await gql(UPDATE_WORK, { input: { id: 99, title: 'x' } });
		expect(missing.updateWork.errors).toEqual([{ field: 'id', message: 'Work 99 not found' }]);
	});

	describe('supporting resources', () => {
		const CREATE = `mutation($input: CreateSupportingResourceInput!) { createSupportingResource(input: $input) {
			supportingResource {
				id url imageRemoteUrl filename fileSize width height aspectRatio imageContentType isProcessing
				productIds resourceVariant status caption copyright requiredCredit createdAt work { id }
			}
			errors { field message } } }`;
		const create = async (input) => (await gql(CREATE, { input })).createSupportingResource;

		test('from a loopback URL the real file is fetched: true width, height, size and type', async () => {
			const url = `${imageBase}/covers/front.jpg`;
			const r = await create({
				workId: 301,
				imageRemoteUrl: url,
				productIds: [5001],
				resourceVariant: 'FRONT_COVER',
				status: 'APPROVED',
				caption: 'Front cover',
				copyright: '© Studio',
				requiredCredit: 'Cover by Studio',
			});
			expect(r.errors).toEqual([]);
			expect(r.supportingResource).toMatchObject({
				url,
				imageRemoteUrl: url,
				filename: 'front.jpg',
				fileSize: jpeg.length,
				width: 320,
				height: 480,
				aspectRatio: 0.6667,
				imageContentType: 'image/jpeg',
				isProcessing: false,
				productIds: [5001],
				resourceVariant: 'FRONT_COVER',
				status: 'APPROVED',
				caption: 'Front cover',
				copyright: '© Studio',
				requiredCredit: 'Cover by Studio',
				work: { id: 301 },
			});
			expect(Date.parse(r.supportingResource.createdAt)).toBe(clock.now());
			const state = await controlCall('get', '/state/works/301');
			expect(state.data.supportingResources).toHaveLength(1);
			expect(state.data.supportingResources[0]).toMatchObject({
				id: r.supportingResource.id,
				width: 320,
				height: 480,
				fileSize: jpeg.length,
			});
			expect(await changedToday()).toEqual({ products: [5001], works: [301] });
		});

		test('a non-loopback URL is recorded, never fetched; linkToAllProducts links every product of a work', async () => {
			const url =
				'https://res.cloudinary.com/demo/image/upload/v1712345678/covers/9781810000008.jpg?_a=BAM';
			const r = await create({ workId: 301, imageRemoteUrl: url, linkToAllProducts: true });
			expect(r.errors).toEqual([]);
			expect(r.supportingResource).toMatchObject({
				imageRemoteUrl: url,
				fileSize: null,
				width: null,
				height: null,
				imageContentType: null,
				isProcessing: false,
				status: 'DRAFT',
				resourceVariant: 'OTHER',
			});
			expect(r.supportingResource.productIds).toEqual(
				catalogue.products.filter((p) => p.workId === 301).map((p) => p.id),
			);
			const p = await gql(
				'{ product(productSearch: { idEq: 5002 }) { supportingResources { id imageRemoteUrl } } }',
			);
			expect(p.product.supportingResources).toEqual([
				{ id: r.supportingResource.id, imageRemoteUrl: url },
			]);
		});

		test('payload errors: not a JPG (URL, content), unreachable, unknown work, foreign product, ids+all', async () => {
			const cases = [
				[
					{ workId: 301, imageRemoteUrl: 'https://cdn.example.com/cover.png' },
					'imageRemoteUrl',
					/must be a JPG/,
				],
				[
					{ workId: 301, imageRemoteUrl: `${imageBase}/covers/not-really.jpg` },
					'imageRemoteUrl',
					/must be a JPG \(the file is png\)/,
				],
				[
					{ workId: 301, imageRemoteUrl: `${imageBase}/covers/missing.jpg` },
					'imageRemoteUrl',
					/HTTP 404/,
				],
				[
					{ workId: 999, imageRemoteUrl: 'https://cdn.example.com/c.jpg' },
					'workId',
					/^Work 999 not found$/,
				],
				[
					{ workId: 301, imageRemoteUrl: 'https://cdn.example.com/c.jpg', productIds: [5003] },
					'productIds',
					/does not belong to work 301/,
				],
				[
					{
						workId: 301,
						imageRemoteUrl: 'https://cdn.example.com/c.jpg',
						productIds: [5001],
						linkToAllProducts: true,
					},
					'linkToAllProducts',
					/not both/,
				],
			];
			for (const [input, field, message] of cases) {
				const r = await create(input);
				expect(r.supportingResource).toBeNull();
				expect(r.errors).toHaveLength(1);
				expect(r.errors[0].field).toBe(field);
				expect(r.errors[0].message).toMatch(message);
			}
			expect((await controlCall('get', '/state/summary')).data.supportingResources).toBe(0);
		});

		test('unlinkPrevious unlinks older resources of the variant from those products; newest cover first', async () => {
			const base = 'https://cdn.example.com/covers';
			const old = (
				await create({
					workId: 301,
					imageRemoteUrl: `${base}/old.jpg`,
					resourceVariant: 'FRONT_COVER',
					productIds: [5001, 5002],
				})
			).supportingResource;
			const photo = (
				await create({
					workId: 301,
					imageRemoteUrl: `${base}/author.jpg`,
					resourceVariant: 'AUTHOR_PHOTO',
					productIds: [5001],
				})
			).supportingResource;
			const kept = (
				await create({
					workId: 301,
					imageRemoteUrl: `${base}/kept.jpg`,
					resourceVariant: 'FRONT_COVER',
					productIds: [5001],
				})
			).supportingResource;
			let state = (await controlCall('get', '/state/works/301')).data.supportingResources;
			expect(state.find((r) => r.id === old.id).productIds).toEqual([5001, 5002]);

			const fresh = (
				await create({
					workId: 301,
					imageRemoteUrl: `${base}/new.jpg`,
					resourceVariant: 'FRONT_COVER',
					productIds: [5001],
					unlinkPrevious: true,
				})
			).supportingResource;
			state = (await controlCall('get', '/state/works/301')).data.supportingResources;
			const links = Object.fromEntries(state.map((r) => [r.id, r.productIds]));
			expect(links).toEqual({
				[old.id]: [5002],
				[photo.id]: [5001],
				[kept.id]: [],
				[fresh.id]: [5001],
			});

			const p = await gql(
				'{ product(productSearch: { idEq: 5001 }) { supportingResources { id resourceVariant } } }',
			);
			expect(p.product.supportingResources).toEqual([
				{ id: fresh.id, resourceVariant: 'FRONT_COVER' },
				{ id: photo.id, resourceVariant: 'AUTHOR_PHOTO' },
			]);
			const log = (await controlCall('get', '/state/changes')).data.changes.at(-1);
			expect(log).toMatchObject({
				entity: 'supportingResource',
				id: fresh.id,
				productIds: [5001],
				unlinkedProductIds: [5001],
			});
		});

		test('deleteSupportingResource removes it; deleting again is a payload error', async () => {
			const r = (
				await create({
					workId: 302,
					imageRemoteUrl: 'https://cdn.example.com/x.jpeg',
					linkToAllProducts: true,
				})
			).supportingResource;
			const DELETE =
				'mutation($id: Int!) { deleteSupportingResource(input: { id: $id }) { success ' +
				'deletedId errors { field message } } }';
			expect((await gql(DELETE, { id: r.id })).deleteSupportingResource).toEqual({
				success: true,
				deletedId: r.id,
				errors: [],
			});
			expect((await controlCall('get', '/state/works/302')).data.supportingResources).toEqual([]);
			expect((await gql(DELETE, { id: r.id })).deleteSupportingResource).toEqual({
				success: false,
				deletedId: null,
				errors: [{ field: 'id', message: `Supporting resource ${r.id} not found` }],
			});
		});
	});

	test('createMarketingText / deleteMarketingText', async () => {
		const CREATE = `mutation($input: CreateMarketingTextInput!) { createMarketingText(input: $input) {
			marketingText { id variant externalText externalTextNumberOfCharacters productIds } errors { field message } } }`;
		const r = await gql(CREATE, {
			input: {
				workId: 301,
				variant: 'SHORT_DESCRIPTION',
				externalText: '<p>Short &amp; sweet.</p>',
				productIds: [5002],
			},
		});
		expect(r.createMarketingText.errors).toEqual([]);
		const text = r.createMarketingText.marketingText;
		expect(text).toMatchObject({
			variant: 'SHORT_DESCRIPTION',
			externalText: '<p>Short &amp; sweet.</p>',
			externalTextNumberOfCharacters: 14,
			productIds: [5002],
		});
		expect(await changedToday()).toEqual({ products: [5002], works: [301] });

		const q =
			'{ a: product(productSearch: { idEq: 5001 }) { marketingTexts(variantIn: ' +
			'[SHORT_DESCRIPTION]) { id } } b: product(productSearch: { idEq: 5002 }) { ' +
			'marketingTexts { id variant } } }';
		const d = await gql(q);
		expect(d.a.marketingTexts).toEqual([]);
		expect(d.b.marketingTexts.map((t) => t.variant)).toEqual(['DESCRIPTION', 'SHORT_DESCRIPTION']);
		const restProduct = (await rest({ 'q[id_eq]': 5002 })).data.products[0];
		expect(restProduct.marketingtexts.map((t) => t.code)).toEqual(['03', '02']);

		const blank = await gql(CREATE, {
			input: { workId: 301, variant: 'REVIEW_QUOTE', externalText: ' ' },
		});
		expect(blank.createMarketingText).toEqual({
			marketingText: null,
			errors: [{ field: 'externalText', message: "External text can't be blank" }],
		});

		const DELETE =
			'mutation($id: Int!) { deleteMarketingText(input: { id: $id }) { success errors { message } } }';
		expect((await gql(DELETE, { id: text.id })).deleteMarketingText).toEqual({
			success: true,
			errors: [],
		});
		expect((await gql(q)).b.marketingTexts.map((t) => t.variant)).toEqual(['DESCRIPTION']);
		expect((await gql(DELETE, { id: text.id })).deleteMarketingText.success).toBe(false);
	});

	test('createWebLink on a work and on a product / deleteWebLink', async () => {
		const CREATE =
			'mutation($input: CreateWebLinkInput!) { createWebLink(input: $input) { webLink { id ' +
			'link role note } errors { field message } } }';
		const onWork = (
			await gql(CREATE, {
				input: { workId: 303, link: 'https://example.org/book', role: '02', note: 'Title page' },
			})
		).createWebLink;
		const onProduct = (
			await gql(CREATE, { input: { productId: 5005, link: 'https://example.org/ebook' } })
		).createWebLink;
		expect(onWork).toEqual({
			webLink: {
				id: expect.any(Number),
				link: 'https://example.org/book',
				role: '02',
				note: 'Title page',
			},
			errors: [],
		});
		expect(onProduct.errors).toEqual([]);
		const d = await gql(
			'{ work(workSearch: { idEq: 303 }) { webLinks { link } } product(productSearch: { ' +
				'idEq: 5005 }) { webLinks { id link } } }',
		);
		expect(d.work.webLinks).toEqual([{ link: 'https://example.org/book' }]);
		expect(d.product.webLinks).toEqual([
			{ id: onProduct.webLink.id, link: 'https://example.org/ebook' },
		]);

		const bad = (await gql(CREATE, { input: { workId: 303, link: 'not a url' } })).createWebLink;
		expect(bad.errors).toEqual([
			{ field: 'link', message: 'Link must be an http(s) URL, not "not a url"' },
		]);
		const both = (
			await gql(CREATE, { input: { workId: 303, productId: 5005, link: 'https://example.org' } })
		).createWebLink;
		expect(both.errors[0].message).toBe('Give either workId or productId');

		const DELETE =
			'mutation($id: Int!) { deleteWebLink(input: { id: $id }) { success errors { message } } }';
		expect((await gql(DELETE, { id: onProduct.webLink.id })).deleteWebLink).toEqual({
			success: true,
			errors: [],
		});
		expect((await controlCall('get', '/state/products/5005')).data.webLinks).toEqual([]);
	});
});

describe('REST product feed', () => {
	test('envelope, default page size 25, per_page honoured up to 100, pages beyond the end are empty', async () => {
		const p1 = await rest();
		expect(p1.status).toBe(200);
		expect(Object.keys(p1.data).sort()).toEqual([
			'current_page',
			'per_page',
			'products',
			'total_pages',
			'url',
		]);
		expect(p1.data).toMatchObject({ current_page: 1, per_page: 25, total_pages: 4 });
		expect(p1.data.url).toBe(`${server.baseUrl}/api/v4/products.json`);
		expect(p1.data.products.map((p) => p.id)).toEqual(
			catalogue.products.slice(0, 25).map((p) => p.id),
		);

		const p4 = await rest({ page: 4 });
		expect(p4.data.products.map((p) => p.id)).toEqual(
			catalogue.products.slice(75).map((p) => p.id),
		);
		expect((await rest({ page: 5 })).data.products).toEqual([]);

		const all = await rest({ per_page: 500 });
		expect(all.data).toMatchObject({ per_page: 100, total_pages: 1 });
		expect(all.data.products).toHaveLength(80);
		expect((await rest({}, `Token token=${KEY}`, '/api/products.json')).data.products).toHaveLength(
			25,
		);
	});

	test('product record keys and values', async () => {
		const seed = seedProduct(5010);
		const work = seedWork(seed.workId);
		const [p] = (await rest({ 'q[id_eq]': 5010 })).data.products;
		expect(p).toMatchObject({
			id: 5010,
			work_id: work.id,
			isbn: seed.isbn13,
			full_title: work.title,
			subtitle: work.subtitle,
			pub_date: seed.publicationDate,
			publishing_status: seed.publishingStatus,
			product_form: seed.productForm,
			in_house_edition: seed.inHouseEdition,
			imprint: catalogue.imprints.find((i) => i.id === work.imprintId).name,
			prices: [
				{
					currency_code: 'GBP',
					price_type: '02',
					price_qualifier: '05',
					price_amount: seed.prices[0].amount,
				},
				{
					currency_code: 'USD',
					price_type: '01',
					price_qualifier: '05',
					price_amount: seed.prices[1].amount,
				},
			],
		});
		expect(seed.forSaleCountryCodes).toEqual(['GB', 'IE']);
		expect(p.rights_not_available_countries).toContain('US');
		expect(p.rights_not_available_countries).not.toContain('GB');
		expect(p.rights_not_available_countries).not.toContain('IE');
		if (seed.dimensionsMm) {
			const { height, width, thickness } = seed.dimensionsMm;
			expect(p.measurements.product_dimensions_mm).toBe(`${height} × ${width} × ${thickness}`);
			expect(p.measurements.product_dimensions_in).toBe(
				[height, width, thickness].map((mm) => (mm / 25.4).toFixed(2)).join(' × '),
			);
		}
		const world = (await rest({ 'q[id_eq]': 5001 })).data.products[0];
		expect(world.rights_not_available_countries).toEqual(['US', 'CA', 'PH']);
	});

	test('q[...] filters: id, isbn (hyphens), work title, publication date (eq, range), status, updated_at', async () => {
		const ids = async (params) =>
			(await rest({ per_page: 100, ...params })).data.products.map((p) => p.id);
		const seed = seedProduct(5020);
		expect(
			await ids({ 'q[isbn_eq]': seed.isbn13.replace(/^(\d{3})(\d)(\d{5})/, '$1-$2-$3-') }),
		).toEqual([5020]);
		const word = seedWork(seed.workId).title.split(' ').at(-1);
		expect(await ids({ 'q[work_title_cont]': word.toUpperCase() })).toEqual(
			catalogue.products
				.filter((p) => seedWork(p.workId).title.toLowerCase().includes(word.toLowerCase()))
				.map((p) => p.id),
		);
		expect(await ids({ 'q[pub_date_eq]': seed.publicationDate })).toEqual(
			catalogue.products.filter((p) => p.publicationDate === seed.publicationDate).map((p) => p.id),
		);
		const lo = isoDay(Date.parse(catalogue.today) - 365 * DAY);
		expect(await ids({ 'q[pub_date_gteq]': lo, 'q[pub_date_lteq]': catalogue.today })).toEqual(
			catalogue.products
				.filter((p) => p.publicationDate >= lo && p.publicationDate <= catalogue.today)
				.map((p) => p.id),
		);
		expect(await ids({ 'q[publishing_status_eq]': '07' })).toEqual(
			catalogue.products.filter((p) => p.publishingStatus === '07').map((p) => p.id),
		);
		expect(await ids({ 'q[updated_at_gteq]': today })).toEqual([]);
		await controlCall('post', '/products/5033', { salesRightsDescription: 'World (edited)' });
		expect(await ids({ 'q[updated_at_gteq]': today })).toEqual([5033]);
		expect(await ids({ 'q[nonsense_eq]': 'x' })).toHaveLength(80);
	});

	test('"No ISBN", supporting resource style URLs, unknown routes 404', async () => {
		const [noIsbn] = (await rest({ 'q[id_eq]': 5071 })).data.products;
		expect(noIsbn.isbn).toBe('No ISBN');

		const url = 'https://cdn.example.com/covers/9781810000008.jpg';
		await gql(
			'mutation($u: String) { createSupportingResource(input: { workId: 301, imageRemoteUrl: ' +
				'$u, resourceVariant: FRONT_COVER, productIds: [5001] }) { errors { message } } }',
			{ u: url },
		);
		const [p] = (await rest({ 'q[id_eq]': 5001 })).data.products;
		expect(p.supportingresources).toHaveLength(1);
		expect(p.supportingresources[0].style_urls).toEqual([
			{ style: 'jpg_rgb_0050w', url },
			{ style: 'jpg_rgb_0650h', url },
		]);

		const missing = await rest({}, `Token token=${KEY}`, '/api/v4/works.json');
		expect(missing.status).toBe(404);
		expect(missing.data).toEqual({ status: 404, error: 'Not Found' });
	});
});

describe('injected faults in each API’s own style', () => {
	test('GraphQL 429 with Retry-After, counted under the operation’s route; REST 500 Rails-style', async () => {
		server.clearLog();
		server.faults.add({
			kind: 'status',
			status: 429,
			path: '^/graphql',
			count: 1,
			headers: { 'Retry-After': '2' },
		});
		const res = await gqlRaw('{ products(productSearch: { idEq: 5001 }) { id } }');
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBe('2');
		expect(res.data).toEqual({ errors: [{ message: '429 Too Many Requests' }] });
		expect(server.counters()['graphql:products']).toMatchObject({ count: 1, errors: 1 });
		expect((await gqlRaw('{ products(productSearch: { idEq: 5001 }) { id } }')).status).toBe(200);

		server.faults.add({ kind: 'status', status: 500, path: '^/api/', count: 1 });
		const r = await rest();
		expect(r.status).toBe(500);
		expect(r.data).toEqual({ status: 500, error: 'Internal Server Error' });
	});
	test('a fault with a body pattern hits only the matching GraphQL operation (e.g. only deletes)', async () => {
		server.faults.add({
			kind: 'status',
			status: 503,
			path: '^/graphql',
			bodyMatch: 'deleteWebLink',
		});
		expect((await gqlRaw('{ products(productSearch: { idEq: 5001 }) { id } }')).status).toBe(200);
		const refused = await gqlRaw('mutation { deleteWebLink(input: { id: 999999 }) { success } }');
		expect(refused.status).toBe(503);
		expect(
			(await gqlRaw('mutation { deleteWebLink(input: { id: 999999 }) { success } }')).status,
		).toBe(503);
		server.faults.clear();
		expect(
			(await gqlRaw('mutation { deleteWebLink(input: { id: 999999 }) { success } }')).status,
		).toBe(200);
	});
});

describe('control routes ("a user in the Consonance UI")', () => {
	test('create a product on a work; it shows in GraphQL and REST, and in changedSince', async () => {
		const created = await controlCall('post', '/products', {
			workId: 304,
			productForm: 'AJ',
			publicationDate: '2027-09-01',
		});
		expect(created.status).toBe(201);
		const id = created.data.id;
		expect(id).toBe(Math.max(...catalogue.products.map((p) => p.id)) + 1);
		expect(created.data).toMatchObject({
			workId: 304,
			typename: 'ElectronicAudioProduct',
			isbn13: null,
			publishingStatus: '02',
			publicationDate: '2027-09-01',
		});

		const d = await gql('{ work(workSearch: { idEq: 304 }) { products { id __typename } } }');
		expect(d.work.products.at(-1)).toEqual({ id, __typename: 'ElectronicAudioProduct' });
		expect((await rest({ 'q[id_eq]': id })).data.products[0].isbn).toBe('No ISBN');
		expect(await changedToday()).toEqual({ products: [id], works: [304] });

		const bad = await controlCall('post', '/products', { workId: 304, productForm: 'XX' });
		expect(bad.status).toBe(422);
		expect(bad.data.error.errors[0].field).toBe('productForm');
	});

	test('edit a work; validation errors and unknown ids; state views and summary', async () => {
		const ok = await controlCall('post', '/works/305', {
			title: 'Edited in the UI',
			marketingTier: 'Lead title',
		});
		expect(ok.status).toBe(200);
		expect(ok.data).toMatchObject({
			id: 305,
			title: 'Edited in the UI',
			marketingTier: 'Lead title',
			productIds: catalogue.products.filter((p) => p.workId === 305).map((p) => p.id),
		});
		expect((await gql('{ work(workSearch: { idEq: 305 }) { title marketingTier } }')).work).toEqual(
			{ title: 'Edited in the UI', marketingTier: 'Lead title' },
		);

		const bad = await controlCall('post', '/products/5001', {
			isbn13: '9781810000009',
			publicationDate: '2027-13-01',
			colour: 'blue',
		});
		expect(bad.status).toBe(422);
		expect(bad.data.error.errors.map((e) => e.field)).toEqual([
			'isbn13',
			'publicationDate',
			'colour',
		]);
		expect((await controlCall('post', '/products/1', { publishingStatus: '04' })).status).toBe(404);
		expect((await controlCall('get', '/state/products/1')).status).toBe(404);
		expect((await controlCall('get', '/nope')).status).toBe(404);

		const summary = await controlCall('get', '/state/summary');
		expect(summary.data).toMatchObject({
			today,
			works: 40,
			products: 80,
			productsWithoutIsbn: 1,
			imprints: 4,
			series: 3,
			contracts: catalogue.contracts.length,
			marketingTexts: 40,
			supportingResources: 0,
			changes: 1,
		});
	});

	test('reset restores the catalogue and leaves the seed object untouched', async () => {
		await gql(
			'mutation { updateProduct(input: { id: 5001, subtitle: "changed" }) { errors { message } } }',
		);
		expect(catalogue.products[0].subtitle).toBeUndefined();
		expect(catalogue.products[0].changedAt).toHaveLength(10);
		emu.reset(catalogue);
		expect(
			(await gql('{ product(productSearch: { idEq: 5001 }) { subtitle } }')).product.subtitle,
		).toBe(seedWork(301).subtitle);
		expect((await controlCall('get', '/state/changes')).data.changes).toEqual([]);
	});
});
