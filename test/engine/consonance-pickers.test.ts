// The pickers behind the resource locators and dropdowns (products, works, imprints), run against the
// Consonance emulator with a load-options context that applies our credential as n8n does.
import { ConsonancePublishingApi } from '../../credentials/ConsonancePublishingApi.credentials';
import { searchProducts, searchWorks } from '../../nodes/Consonance/methods/listSearch';
import { getImprints } from '../../nodes/Consonance/methods/loadOptions';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

function loadOptionsContext(): any {
	// eslint-disable-line @typescript-eslint/no-explicit-any
	const credentials = sb.credentials.consonancePublishingApi;
	const credentialType = new ConsonancePublishingApi();
	return {
		getNode: () => ({
			name: 'Consonance',
			type: 'consonance',
			typeVersion: 1,
			parameters: {},
			id: 'n',
			position: [0, 0],
		}),
		getCredentials: async () => credentials,
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: Json) {
				const authed = await (credentialType.authenticate as (c: Json, o: Json) => Promise<Json>)(
					credentials,
					options,
				);
				const response = await fetch(authed.url, {
					method: authed.method,
					headers: authed.headers,
					body: authed.body ? JSON.stringify(authed.body) : undefined,
				});
				return {
					statusCode: response.status,
					headers: Object.fromEntries(response.headers),
					body: await response.json(),
				};
			},
		},
	};
}

describe('Consonance pickers', () => {
	it('searchWorks finds works by title, by the ISBN of an edition, and pages by ID', async () => {
		const work = sb.sandbox.catalogue.works[5];
		const word = work.title.split(' ').sort((a: string, b: string) => b.length - a.length)[0];
		const byTitle = await searchWorks.call(loadOptionsContext(), word.toLowerCase());
		expect(byTitle.results.map((r) => r.value)).toContain(String(work.id));
		const product = sb.sandbox.catalogue.products.find(
			(p: Json) => p.workId === work.id && p.isbn13,
		);
		const byIsbn = await searchWorks.call(
			loadOptionsContext(),
			`${product.isbn13.slice(0, 3)}-${product.isbn13.slice(3)}`,
		);
		expect(byIsbn.results.map((r) => r.value)).toEqual([String(work.id)]);
		const firstPage = await searchWorks.call(loadOptionsContext(), '');
		const next = await searchWorks.call(loadOptionsContext(), '', firstPage.paginationToken);
		const firstIds = firstPage.results.map((r) => Number(r.value));
		expect(next.results.every((r) => Number(r.value) > Math.max(...firstIds))).toBe(true);
	});

	it('searchProducts finds a product by ISBN-13 or by ISBN-10', async () => {
		const product = sb.sandbox.catalogue.products.find((p: Json) => p.isbn13?.startsWith('978'));
		const found = await searchProducts.call(loadOptionsContext(), product.isbn13);
		expect(found.results.map((r) => r.value)).toEqual([String(product.id)]);
		const body = product.isbn13.slice(3, 12);
		let sum = 0;
		for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
		const check = (11 - (sum % 11)) % 11;
		const byIsbn10 = await searchProducts.call(
			loadOptionsContext(),
			body + (check === 10 ? 'X' : String(check)),
		);
		expect(byIsbn10.results.map((r) => r.value)).toEqual([String(product.id)]);
	});

	it('getImprints lists the imprints that have works, by name', async () => {
		const withWorks = new Set(sb.sandbox.catalogue.works.map((w: Json) => w.imprintId));
		const expected = sb.sandbox.catalogue.imprints
			.filter((i: Json) => withWorks.has(i.id))
			.map((i: Json) => ({ name: i.name, value: i.id }));
		const imprints = await getImprints.call(loadOptionsContext());
		expect(imprints).toEqual(expected.sort((a: Json, b: Json) => a.name.localeCompare(b.name)));
	});
});
