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
