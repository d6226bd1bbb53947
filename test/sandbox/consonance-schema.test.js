'use strict';
// The Consonance emulator's schema as a GraphQL client sees it (in process, no HTTP: the transport is
// consonance.test.js's): a deliberately renamed field, for the tests of `npm run check:live` and of
// the node's "wrong assumption" errors.
const { createClock } = require('../../sandbox/lib/clock');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');
const { createStore } = require('../../sandbox/consonance/store');
const { createGraphqlApi } = require('../../sandbox/consonance/graphql');

function emulator(renameFields) {
	const clock = createClock();
	const store = createStore({ clock });
	const catalogue = generateCatalogue({ today: new Date(clock.now()) });
	store.load(catalogue);
	return { api: createGraphqlApi({ store, renameFields }), catalogue };
}

describe('Consonance emulator: a deliberately different schema (renameFields)', () => {
	it('renames an input field: the new name works, the old one is a validation error naming it', async () => {
		const { api, catalogue } = emulator({ 'UpdateProductInput.embargoDate': 'embargoOn' });
		const id = catalogue.products[0].id;
		const old = await api.run({
			query:
				'mutation ($i: UpdateProductInput!) { updateProduct(input: $i) { errors { message } } }',
			variables: { i: { id, embargoDate: '2027-01-01' } },
		});
		expect(old.body.errors[0].message).toMatch(
			/Field "embargoDate" is not defined by type "UpdateProductInput"\. Did you mean "embargoOn"\?/,
		);
		const renamed = await api.run({
			query:
				'mutation ($i: UpdateProductInput!) { updateProduct(input: $i) { errors { message } } }',
			variables: { i: { id, embargoOn: '2027-01-01' } },
		});
		expect(renamed.body.errors).toBeUndefined();
	});

	it('renames an interface field in every type implementing it, and keeps its resolver', async () => {
		const { api, catalogue } = emulator({ 'Product.fullTitle': 'displayTitle' });
		const product = catalogue.products[0];
		const answer = await api.run({
			query:
				`{ product(productSearch: { idEq: ${product.id} }) { displayTitle ... on ` +
				`PhysicalBookProduct { displayTitle } } }`,
		});
		expect(answer.body.errors).toBeUndefined();
		expect(answer.body.data.product.displayTitle).toEqual(expect.any(String));
		expect(answer.body.data.product.displayTitle.length).toBeGreaterThan(0);
		const old = await api.run({
			query: `{ product(productSearch: { idEq: ${product.id} }) { fullTitle } }`,
		});
		expect(old.body.errors[0].message).toMatch(
			/^Cannot query field "fullTitle" on type "Product"\./,
		);
	});

	it('renames an enum value', async () => {
		const { api } = emulator({ 'SupportingResourceVariant.FRONT_COVER': 'COVER_FRONT' });
		const values = api.schema
			.getType('SupportingResourceVariant')
			.getValues()
			.map((v) => v.name);
		expect(values).toContain('COVER_FRONT');
		expect(values).not.toContain('FRONT_COVER');
	});

	it('refuses a rename of something the schema does not have', () => {
		expect(() => emulator({ 'UpdateProductInput.noSuchField': 'x' })).toThrow(
			/Cannot rename UpdateProductInput\.noSuchField/,
		);
	});
});

describe('Consonance emulator: a query text is parsed and validated once, and answers as before', () => {
	const UPDATE =
		'mutation Run($input: UpdateProductInput!) { updateProduct(input: $input) ' +
		'{ product { id fullTitle } errors { field message } } }';

	it('the same mutation text with other variables changes each product with its own values', async () => {
		const { api, catalogue } = emulator();
		const [a, b] = catalogue.products;
		for (const [product, title] of [
			[a, 'First title'],
			[b, 'Second title'],
			[a, 'First title again'],
		]) {
			const answer = await api.run({
				query: UPDATE,
				variables: { input: { id: product.id, title } },
			});
			expect(answer.route).toBe('graphql:mutation:updateProduct');
			expect(answer.body.errors).toBeUndefined();
			expect(answer.body.data.updateProduct.product).toEqual({ id: product.id, fullTitle: title });
		}
		const read = await api.run({
			query:
				`{ a: product(productSearch: { idEq: ${a.id} }) { fullTitle } ` +
				`b: product(productSearch: { idEq: ${b.id} }) { fullTitle } }`,
		});
		expect(read.body.data).toEqual({
			a: { fullTitle: 'First title again' },
			b: { fullTitle: 'Second title' },
		});
	});

	it('an invalid or unparsable text answers its errors every time it is sent', async () => {
		const { api } = emulator();
		const invalid = '{ product(productSearch: { idEq: 1 }) { noSuchField } }';
		const unparsable = '{ product(productSearch: { idEq: 1 }) { id }';
		for (let round = 0; round < 3; round++) {
			const wrong = await api.run({ query: invalid });
			expect(wrong.body.data).toBeUndefined();
			expect(wrong.body.errors[0].message).toMatch(
				/^Cannot query field "noSuchField" on type "Product"/,
			);
			const broken = await api.run({ query: unparsable });
			expect(broken.route).toBe('graphql:invalid');
			expect(broken.body.errors[0].message).toMatch(/^Syntax Error/);
			const none = await api.run({ query: undefined });
			expect(none.body.errors[0].message).toBe('No query string was present');
		}
	});

	it('each emulator validates against its own schema (one text, a renamed field in one of them)', async () => {
		const plain = emulator();
		const renamed = emulator({ 'Product.fullTitle': 'displayTitle' });
		const query = `{ product(productSearch: { idEq: ${plain.catalogue.products[0].id} }) { fullTitle } }`;
		for (let round = 0; round < 2; round++) {
			expect((await plain.api.run({ query })).body.errors).toBeUndefined();
			expect((await renamed.api.run({ query })).body.errors[0].message).toMatch(
				/^Cannot query field "fullTitle"/,
			);
		}
	});

	it('still answers a text after more distinct texts than it keeps were sent', async () => {
		const { api, catalogue } = emulator();
		const id = catalogue.products[0].id;
		const first = `{ product(productSearch: { idEq: ${id} }) { id } }`;
		expect((await api.run({ query: first })).body.data.product.id).toBe(id);
		for (let n = 0; n < 600; n++)
			expect(
				(await api.run({ query: `{ a${n}: product(productSearch: { idEq: ${id} }) { id } }` })).body
					.errors,
			).toBeUndefined();
		expect((await api.run({ query: first })).body.data.product.id).toBe(id);
		const invalidAfter = await api.run({
			query: `{ product(productSearch: { idEq: ${id} }) { nope } }`,
		});
		expect(invalidAfter.body.errors[0].message).toMatch(/nope/);
	});
});
