// Consonance operations in the fast tier: the node from dist/ run with a mocked execution context
// (test/helpers/execution-context.ts), asserting the GraphQL requests it sends and the items it
// outputs. The same operations run against the emulator inside n8n's engine in test/engine.
import type { IDataObject } from 'n8n-workflow';
import { Consonance } from '../../dist/nodes/Consonance/Consonance.node';
import { runOperation, type FakeResponse, type SentRequest } from '../helpers/execution-context';

const nodeType = new Consonance();
const credentialType = nodeType.description.credentials![0].name;
const credentials = {
	[credentialType]: {
		baseUrl: 'https://consonance.test/',
		apiKey: 'unit-test-key',
		authScheme: 'automatic',
	},
};

const graphql = (request: SentRequest) => request.body as { query: string; variables: IDataObject };
const data = (body: IDataObject): FakeResponse => ({ statusCode: 200, body: { data: body } });

const PRODUCT = {
	__typename: 'DigitalProduct',
	id: '5001',
	fullTitle: 'The Salt Road',
	subtitle: null,
	isbn: { isbn13: '9781810000008', isbn10: '1810000009', isbnWithDashes: '978-1-81000-000-8' },
	onixPublishingStatusCode: '_04',
	onixPublishingStatus: 'Active',
	publicationDate: '2026-03-01',
	forSaleCountryCodes: ['GB', 'IE'],
	notForSaleCountryCodes: [],
	prices: [{ amount: '12.99', currencyCode: 'GBP', onixPriceTypeCode: '_02' }],
	work: {
		id: '77',
		title: 'The Salt Road',
		seriesMemberships: [{ partNumber: '2', series: { id: '9', name: 'Coast' } }],
	},
};

describe('Product › Get', () => {
	test('by ISBN with hyphens: one query filtered on the ISBN-13, the product as output', async () => {
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'isbn', value: '978-1-81000-000-8' },
			},
			respond: () => data({ product: PRODUCT }),
		});
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request).toMatchObject({
			credentialType,
			method: 'POST',
			url: 'https://consonance.test/graphql',
		});
		expect(graphql(request).query).toMatch(
			/^query ProductGet\(\$search: ProductSearchAttributes\) \{ product\(productSearch: \$search\)/,
		);
		expect(graphql(request).variables).toEqual({ search: { isbn13Eq: '9781810000008' } });
		expect(output).toHaveLength(1);
		expect(output[0]).toHaveLength(1);
		expect(output[0][0].pairedItem).toEqual({ item: 0 });
		expect(output[0][0].json).toMatchObject({
			id: 5001,
			isbn13: '9781810000008',
			isbnWithDashes: '978-1-81000-000-8',
			title: 'The Salt Road',
			productType: 'DigitalProduct',
			publicationDate: '2026-03-01',
			territories: { forSale: ['GB', 'IE'], notForSale: [], worldwide: false },
			prices: [{ amount: 12.99, currency: 'GBP', priceType: '02' }],
			work: { id: 77, title: 'The Salt Road', series: [{ id: 9, name: 'Coast', partNumber: '2' }] },
		});
		expect(JSON.stringify(output)).not.toContain('unit-test-key');
	});

	test('by ID: the ID filter, no ISBN lookup', async () => {
		const { requests } = await runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'id', value: '5001' },
			},
			respond: () => data({ product: PRODUCT }),
		});
		expect(requests.map((r) => graphql(r).variables)).toEqual([{ search: { idEq: 5001 } }]);
	});

	test('a wrong check digit fails before any call, naming the item, the field and the expected digit', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'isbn', value: '978-1-81000-000-3' },
			},
			respond: () => {
				throw new Error('no request may be sent for an invalid ISBN');
			},
		});
		await expect(run).rejects.toThrow(
			/Item 0, field "Product \(By ISBN\)".*check digit 3, but 8 was expected/,
		);
	});

	test('with Continue On Fail, a bad item becomes an error item and the others go through', async () => {
		const values = ['9781810000008', 'not-an-isbn', '9781810000008'];
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			continueOnFail: true,
			items: values.map(() => ({ json: {} })),
			parameters: (i) => ({
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'isbn', value: values[i] },
			}),
			respond: () => data({ product: PRODUCT }),
		});
		expect(requests).toHaveLength(2);
		expect(output[0].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(output[0][1].json.error).toMatch(/Item 1, field "Product \(By ISBN\)"/);
		expect(output[0][0].json.id).toBe(5001);
		expect(output[0][2].json.id).toBe(5001);
	});

	test('a product Consonance does not hold is a named error', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: {
				resource: 'product',
				operation: 'get',
				product: { __rl: true, mode: 'id', value: '404' },
			},
			respond: () => data({ product: null }),
		});
		await expect(run).rejects.toThrow(
			'Item 0, field "Product": no Consonance product has product 404',
		);
	});
});

describe('Supporting Resource › Create', () => {
	const IMAGE =
		'https://res.cloudinary.com/acme/image/upload/f_jpg/v1719307544/covers/9781810000008.jpg';
	const EXISTING = {
		id: '31',
		// The same asset version delivered with another transformation: the same source.
		imageRemoteUrl:
			'https://res.cloudinary.com/acme/image/upload/c_fill,w_600/v1719307544/covers/9781810000008.jpg',
		resourceVariant: 'FRONT_COVER',
		status: 'APPROVED',
		productIds: [5001],
		work: { id: '77' },
	};
	const parameters = (extra: IDataObject = {}) => ({
		resource: 'supportingResource',
		operation: 'create',
		work: { __rl: true, mode: 'id', value: '77' },
		imageUrl: IMAGE,
		...extra,
	});

	test('Skip If Already Attached (default): an existing resource from the same source is output, no new', async () => {
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			parameters: parameters(),
			respond: (request) => {
				expect(graphql(request).query).not.toMatch(/mutation/);
				return data({ work: { id: '77', supportingResources: [EXISTING] } });
			},
		});
		expect(requests).toHaveLength(1);
		expect(graphql(requests[0]).variables).toMatchObject({ id: 77 });
		expect(output[0][0].json).toMatchObject({
			id: 31,
			workId: 77,
			skipped: true,
			url: EXISTING.imageRemoteUrl,
			productIds: [5001],
		});
	});

	test('not attached yet: one lookup, one createSupportingResource from the fields, a racing-copy check', async () => {
		const { output, requests } = await runOperation({
			nodeType,
			credentials,
			parameters: parameters({
				status: 'APPROVED',
				options: { caption: 'Front cover', credit: 'Cover: J. Doe' },
			}),
			respond: (request) =>
				/mutation/.test(graphql(request).query)
					? data({
							createSupportingResource: {
								errors: [],
								supportingResource: {
									...EXISTING,
									id: '32',
									imageRemoteUrl: IMAGE,
									caption: 'Front cover',
								},
							},
						})
					: data({ work: { id: '77', supportingResources: [] } }),
		});
		expect(requests).toHaveLength(3);
		const mutation = graphql(requests[1]);
		expect(mutation.query).toMatch(/createSupportingResource/);
		// After the create: the work read again, for identical copies a racing run made (none here: nothing deleted).
		expect(graphql(requests[2]).query).toMatch(/work\(workSearch/);
		expect(mutation.variables).toEqual({
			input: {
				workId: 77,
				imageRemoteUrl: IMAGE,
				resourceVariant: 'FRONT_COVER',
				status: 'APPROVED',
				unlinkPrevious: true,
				linkToAllProducts: true,
				caption: 'Front cover',
				requiredCredit: 'Cover: J. Doe',
			},
		});
		expect(output[0][0].json).toMatchObject({
			id: 32,
			skipped: false,
			caption: 'Front cover',
			variant: { code: 'FRONT_COVER' },
		});
	});

	test('Skip If Already Attached off: creates without looking', async () => {
		const { requests } = await runOperation({
			nodeType,
			credentials,
			parameters: parameters({ skipIfAttached: false }),
			respond: () =>
				data({ createSupportingResource: { errors: [], supportingResource: EXISTING } }),
		});
		expect(requests.map((r) => /mutation/.test(graphql(r).query))).toEqual([true]);
	});

	test('a URL that is not a JPG is refused before any call', async () => {
		const run = runOperation({
			nodeType,
			credentials,
			parameters: parameters({
				imageUrl: 'https://res.cloudinary.com/acme/image/upload/v1/covers/x.png',
			}),
			respond: () => {
				throw new Error('no request may be sent for a PNG');
			},
		});
		await expect(run).rejects.toThrow(/Item 0, field "Image URL".*is not a JPG/);
	});

	// A racing run created the same resource (33, newer than ours, 32): ours is deleted, and a
	// delete that finds it already gone (the other run removed it) is fine. "Already gone" is what
	// the delete's answer says about its record ID (an error on `id`, raised as HTTP 404), whatever
	// the wording; an error about anything else fails the item, even if its text says "not found".
	let copiesAfterCreate: IDataObject[][] = [];
	const racing = (deleteErrors: IDataObject[]) =>
		runOperation({
			nodeType,
			credentials,
			parameters: parameters(),
			respond: (request) => {
				const { query } = graphql(request);
				if (/createSupportingResource/.test(query))
					return data({
						createSupportingResource: {
							errors: [],
							supportingResource: { ...EXISTING, id: '32', imageRemoteUrl: IMAGE },
						},
					});
				if (/deleteSupportingResource/.test(query))
					return data({ deleteSupportingResource: { errors: deleteErrors } });
				return data({ work: { id: '77', supportingResources: copiesAfterCreate.shift() ?? [] } });
			},
		});
	const copies = () => [
		[],
		[
			{ ...EXISTING, id: '32', imageRemoteUrl: IMAGE },
			{ ...EXISTING, id: '33', imageRemoteUrl: IMAGE },
		],
	];

	test('a racing copy already removed by the other run: the newest is output, whatever the message says', async () => {
		copiesAfterCreate = copies();
		const { output, requests } = await racing([
			{ field: 'id', message: 'Supporting resource 32 has already been deleted' },
		]);
		expect(requests.map((r) => graphql(r).query.match(/(create|delete)\w+|work\(/)![0])).toEqual([
			'work(',
			'createSupportingResource',
			'work(',
			'deleteSupportingResource',
		]);
		expect(graphql(requests[3]).variables).toEqual({ input: { id: 32 } });
		expect(output[0][0].json).toMatchObject({ id: 33, skipped: false });
	});

	test('a racing copy whose delete is refused otherwise fails the item, even if it says "not found"', async () => {
		copiesAfterCreate = copies();
		await expect(
			racing([{ field: 'workId', message: 'Work 77 not found in your company' }]),
		).rejects.toThrow(/Item 0: Consonance: field "workId": Work 77 not found/);
	});
});
