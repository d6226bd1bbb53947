// A Consonance account whose schema differs from what the node assumes (the emulator started with a
// renamed field and a renamed enum value): the node's error names the failed assumption, says to run
// `npm run check:live` and that the GraphQL operation works meanwhile — and the GraphQL operation
// does do the job with the account's own names.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, unknown>;
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox({
		consonance: {
			renameFields: {
				'UpdateProductInput.embargoDate': 'embargoOn',
				'SupportingResourceVariant.FRONT_COVER': 'COVER_FRONT',
			},
		},
	});
});
afterAll(async () => {
	await sb?.stop();
});

const run = (parameters: Json) =>
	runNode({ node: 'consonance', parameters, credentials: sb.credentials });
const rl = (mode: string, value: string | number) => ({ __rl: true, mode, value: String(value) });

describe('wrong assumptions announce themselves', () => {
	it('Product › Update, a field the account names otherwise: error names assumption, way out; no change', async () => {
		const product = sb.sandbox.catalogue.products[0];
		const before = (await sb.control.get(`/consonance/state/products/${product.id}`)).data;
		const result = await run({
			resource: 'product',
			operation: 'update',
			product: rl('id', product.id),
			updateFields: { embargoDate: '2027-05-01' },
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain(
			'Field "embargoDate" is not defined by type "UpdateProductInput"',
		);
		expect(result.error.message).toContain(
			'the node\'s assumption "product-update-fields" about the Consonance API does not hold for this account',
		);
		expect(result.error.description).toContain('npm run check:live');
		expect(result.error.description).toContain('GraphQL operation of the Consonance node');
		expect((await sb.control.get(`/consonance/state/products/${product.id}`)).data).toEqual(before);

		// The way out the error names: the GraphQL operation with the account's own field name.
		const workaround = await run({
			resource: 'graphql',
			operation: 'query',
			query:
				'mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { product { id ' +
				'} errors { field message } } }',
			variables: JSON.stringify({ input: { id: product.id, embargoOn: '2027-05-01' } }),
		});
		expect(workaround.status).toBe('success');
		expect(workaround.json[0]).toMatchObject({
			updateProduct: { product: { id: product.id }, errors: [] },
		});
		expect(
			(await sb.control.get(`/consonance/state/products/${product.id}`)).data.embargoDate,
		).toBe('2027-05-01');
	});

	it('a query the user wrote is not blamed on the node’s assumptions', async () => {
		const result = await run({
			resource: 'graphql',
			operation: 'query',
			query:
				'mutation ($input: UpdateProductInput!) { updateProduct(input: $input) { errors { message } } }',
			variables: JSON.stringify({ input: { id: 1, embargoDate: '2027-01-01' } }),
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain('embargoDate');
		expect(result.error.message).not.toContain('assumption');
	});

	it('Supporting Resource › List meeting an unknown variant: the error names value and assumption', async () => {
		const work = sb.sandbox.catalogue.works[0];
		const created = await run({
			resource: 'graphql',
			operation: 'query',
			query:
				'mutation ($input: CreateSupportingResourceInput!) { createSupportingResource(input: ' +
				'$input) { supportingResource { id resourceVariant } errors { message } } }',
			variables: JSON.stringify({
				input: {
					workId: work.id,
					imageRemoteUrl: 'https://example.com/covers/front.jpg',
					resourceVariant: 'COVER_FRONT',
				},
			}),
		});
		expect(created.json[0]).toMatchObject({
			createSupportingResource: {
				supportingResource: { resourceVariant: 'COVER_FRONT' },
				errors: [],
			},
		});
		const result = await run({
			resource: 'supportingResource',
			operation: 'list',
			work: rl('id', work.id),
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toContain(
			'SupportingResourceVariant "COVER_FRONT", which the node\'s assumption ' +
				'"supporting-resource-variants" does not list',
		);
		expect(result.error.description).toContain('npm run check:live');
	});
});
