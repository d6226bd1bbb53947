// The Consonance node's GraphQL operation inside n8n's engine, with queries written the way
// Consonance's public GraphQL guide teaches (our own queries, the guide's fields and nesting):
// a work's production runs split into items, and an organisation's identifiers with variables.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Seeded = {
	id: number;
	workId: number;
	productForm: string;
	type: string;
	organisationName: string;
};
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

const run = (parameters: Record<string, unknown>) =>
	runNode({ node: 'consonance', parameters, credentials: sb.credentials });

describe('Consonance › GraphQL with the guide’s queries', () => {
	it('a work’s production runs, one item per run, with their parts and products', async () => {
		const { products, works } = sb.sandbox.catalogue as { products: Seeded[]; works: Seeded[] };
		const work = works.find(
			(w) =>
				w.id % 3 === 0 && products.some((p) => p.workId === w.id && p.productForm.startsWith('B')),
		)!;
		const result = await run({
			resource: 'graphql',
			operation: 'query',
			query: `query Runs($workId: Int!) {
				work(workSearch: { idEq: $workId }) {
					productionRuns {
						id name deliveryDate quantities { quantity productId }
						covers { coverType products { id } } interiors { paper fsc }
					}
				}
			}`,
			variables: JSON.stringify({ workId: work.id }),
			splitPath: 'work.productionRuns',
		});
		expect(result.status).toBe('success');
		expect(result.json.map((r) => r.name)).toEqual(['First printing', 'Reprint 1']);
		const print = products
			.filter((p) => p.workId === work.id && p.productForm.startsWith('B'))
			.map((p) => p.id);
		for (const item of result.json as Array<{ quantities: Array<{ productId: number }> }>)
			expect(item.quantities.map((q) => q.productId).sort()).toEqual(print.sort());
	});

	it('an organisation’s identifiers and address', async () => {
		const org = (sb.sandbox.catalogue.contacts as Seeded[]).find((c) => c.type === 'Organisation')!;
		const result = await run({
			resource: 'graphql',
			operation: 'query',
			query:
				'query Org($name: String!) { organisation(organisationSearch: { nameEq: $name }) { id ' +
				'globalLocationNumber vatNumber organisationCountry addresses { postcode country { ' +
				'value } } } }',
			variables: JSON.stringify({ name: org.organisationName }),
		});
		expect(result.status).toBe('success');
		const answer = result.json[0].organisation as {
			id: number;
			globalLocationNumber: string;
			organisationCountry: string;
			addresses: Array<{ country: { value: string } }>;
		};
		expect(answer.id).toBe(org.id);
		expect(answer.globalLocationNumber).toMatch(/^\d{13}$/);
		expect(answer.addresses[0].country.value).toBe(answer.organisationCountry);
	});
});
