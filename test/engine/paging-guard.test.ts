// Every paging loop stops with a clear error, instead of looping until memory runs out, when the
// service ignores its paging argument (the sandbox's `paging` fault in `replay` mode answers every
// page with the first one) or repeats a cursor (`repeat-cursor`). Inside n8n's engine, against the
// emulators on loopback; each test also counts the requests, to show the loop stopped at once.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: TestSandbox;
let tags: string[];

beforeAll(async () => {
	sb = await startTestSandbox();
	expect((await sb.control.post('/reset', { products: 250 })).status).toBe(200);
	// One asset with 1,200 tags: the Admin tag list has three pages of 500.
	tags = Array.from({ length: 1200 }, (_, i) => `paging-${String(i).padStart(4, '0')}`);
	expect(
		(await sb.control.post('/cloudinary/seed-assets', { count: 1, prefix: 'paging/a_', tags }))
			.status,
	).toBe(200);
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

const errorText = (result: Json) =>
	`${result.error?.message ?? ''} ${result.error?.description ?? ''}`;
/** Requests to a path since `before`, whoever answered them (the emulator or the replaying fault). */
const requestsTo = async (service: string, before: number, path: string) =>
	(await sb.requests(service, before)).filter((r: Json) => r.url.startsWith(path));
const tagList = { resource: 'tag', operation: 'list', returnAll: true, prefix: 'paging-' };

describe('paging loops stop on a service that ignores or repeats its cursor', () => {
	it('without a fault, the listings read every page (the control case)', async () => {
		const list = await runNode({
			node: 'cloudinary',
			parameters: tagList,
			credentials: sb.credentials,
		});
		expect(list.status).toBe('success');
		expect(list.json.map((t: Json) => t.tag ?? t.value ?? t.name)).toEqual(
			expect.arrayContaining(tags),
		);
		const products = await runNode({
			node: 'consonance',
			parameters: { resource: 'product', operation: 'search', returnAll: true },
			credentials: sb.credentials,
		});
		expect(products.json.length).toBeGreaterThanOrEqual(250);
	});

	const cloud = () => `/v1_1/${sb.info.cloudinary.cloudName}`;
	const search = {
		resource: 'asset',
		operation: 'search',
		mode: 'expression',
		// a few assets: the emulator renders every image a search returns the first time it does
		expression: 'asset_folder:authors',
		returnAll: true,
	};
	// what the loop reads; the fault; the node; the error; the path whose requests are counted (2 each)
	const cases: Array<{
		what: string;
		fault: Json;
		node: 'consonance' | 'cloudinary';
		parameters: Json;
		error: RegExp;
		counted: () => string;
	}> = [
		{
			what: 'Consonance keyset paging: a service ignoring `after` (same page again) stops after the second page',
			fault: { service: 'consonance', mode: 'replay', path: '/graphql' },
			node: 'consonance',
			parameters: { resource: 'product', operation: 'search', returnAll: true },
			error:
				/products \(keyset paging\): page 2 repeats page 1 exactly, so the service seems to ignore "after"; stopped/,
			counted: () => '/graphql',
		},
		{
			what: 'Consonance REST product feed: a service ignoring `page` stops after the second page',
			fault: { service: 'consonance', mode: 'replay', path: '/api/v4/products' },
			node: 'consonance',
			parameters: { resource: 'productFeed', operation: 'list', returnAll: true },
			error: /product feed: page 2 repeats page 1 exactly, so the service seems to ignore "page"/,
			counted: () => '/api/v4/products',
		},
		{
			what: 'Cloudinary search: a service ignoring `next_cursor` stops after the second page',
			fault: { service: 'cloudinary', mode: 'replay', cursor: 'c-1', path: '/resources/search' },
			node: 'cloudinary',
			parameters: search,
			error:
				/Cloudinary: search: page 2 repeats page 1 exactly, so the service seems to ignore "next_cursor"/,
			counted: () => `${cloud()}/resources/search`,
		},
		{
			what: 'Cloudinary Admin list (tags): a service ignoring `next_cursor` stops after the second page',
			fault: { service: 'cloudinary', mode: 'replay', path: '/tags/image' },
			node: 'cloudinary',
			parameters: tagList,
			error: /list of tags: page 2 repeats page 1 exactly/,
			counted: () => `${cloud()}/tags/image`,
		},
		{
			what: 'Cloudinary Admin list (tags): a repeated `next_cursor` (new results, same cursor) stops at once',
			fault: { service: 'cloudinary', mode: 'repeat-cursor', path: '/tags/image' },
			node: 'cloudinary',
			parameters: tagList,
			error:
				/list of tags: the service sent the same "next_cursor" \(.+\) a second time, after page 2; stopped/,
			counted: () => `${cloud()}/tags/image`,
		},
	];

	it.each(cases)('$what', async ({ fault, node, parameters, error, counted }) => {
		await sb.control.post('/faults', { kind: 'paging', ...fault });
		const before = await sb.lastSeq(fault.service);
		const result = await runNode({ node, parameters, credentials: sb.credentials });
		expect(result.status).toBe('error');
		expect(errorText(result)).toMatch(error);
		expect(await requestsTo(fault.service, before, counted())).toHaveLength(2);
	});

	it('Cloudinary delete by prefix: a repeated `next_cursor` stops the delete loop', async () => {
		await sb.control.post('/cloudinary/seed-assets', { count: 2100, prefix: 'doomed/b_' });
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'paging',
			mode: 'repeat-cursor',
			path: '/resources/image/upload',
			method: 'DELETE',
		});
		const result = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'asset', operation: 'delete', deleteBy: 'prefix', prefix: 'doomed/' },
			credentials: sb.credentials,
		});
		expect(result.status).toBe('error');
		expect(errorText(result)).toMatch(/delete: the service sent the same "next_cursor"/);
	});
});
