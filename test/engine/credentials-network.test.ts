// Where the credentials may go, inside n8n's engine against the emulators on loopback: base URLs
// are checked before anything is sent, redirects never carry a key or secret to another host (a
// second loopback server records what reaches it), and a cancelled execution stops retrying.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let sb: TestSandbox;

/** A loopback server that records every request's method, URL and headers. */
let recorder: {
	url: string;
	requests: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders }>;
	server: http.Server;
};

beforeAll(async () => {
	sb = await startTestSandbox();
	const requests: typeof recorder.requests = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, headers: req.headers });
		req.resume();
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('{"data":{"products":[]},"resources":[]}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	recorder = {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		server,
	};
});
afterAll(async () => {
	await sb?.stop();
	recorder?.server.closeAllConnections();
	await new Promise((resolve) => recorder?.server.close(resolve));
});
afterEach(async () => {
	await sb.control.delete('/faults');
	recorder.requests.length = 0;
});

const productSearch = { resource: 'product', operation: 'search', returnAll: false, limit: 5 };
const assetGet = (publicId: string) => ({
	resource: 'asset',
	operation: 'get',
	asset: { __rl: true, mode: 'id', value: publicId },
});
const seededImage = () =>
	sb.sandbox.catalogue.cloudinary.assets.find((a: Json) => !a.defect && a.resourceType === 'image');

function consonanceWith(baseUrl: string) {
	return {
		...sb.credentials,
		consonancePublishingApi: { ...sb.credentials.consonancePublishingApi, baseUrl },
	};
}
function cloudinaryWith(fields: Json) {
	return {
		...sb.credentials,
		cloudinaryPublishingApi: { ...sb.credentials.cloudinaryPublishingApi, ...fields },
	};
}
function errorText(result: Json): string {
	return `${result.error?.message ?? ''} ${result.error?.description ?? ''}`;
}

describe('base URLs are checked before any key or secret is sent', () => {
	const consonanceCases = (base: string) => [
		[
			'plain http to a host that is not loopback',
			'http://consonance.example.com',
			/plain http:\/\/ is accepted only for a loopback host/,
		],
		['a path', `${base}/graphql`, /has a path \(\/graphql\)/],
		['a query', `${base}/?key=1`, /has a query/],
		['user info', base.replace('http://', 'http://someone:hunter2@'), /user name or password/],
		['a fragment', `${base}#x`, /has a fragment/],
		['another scheme', base.replace('http://', 'ftp://'), /scheme is ftp/],
	];

	it('Consonance: each bad Base URL is refused with a clear message and the emulator sees no request', async () => {
		const base = sb.info.consonance.baseUrl;
		for (const [, baseUrl, problem] of consonanceCases(base)) {
			const before = await sb.lastSeq();
			const result = await runNode({
				node: 'consonance',
				parameters: productSearch,
				credentials: consonanceWith(baseUrl as string),
			});
			expect(result.status).toBe('error');
			expect(errorText(result)).toMatch(/The Consonance credential's Base URL is not allowed/);
			expect(errorText(result)).toMatch(problem as RegExp);
			expect(errorText(result)).not.toContain('hunter2');
			expect(await sb.requests(undefined, before)).toEqual([]);
		}
	});

	it('Cloudinary: a bad API or Delivery Base URL is refused and the emulator sees no request', async () => {
		const base = sb.info.cloudinary.apiBaseUrl;
		const cases: Array<[Json, RegExp]> = [
			[{ apiBaseUrl: `${base}/v1_1` }, /API Base URL is not allowed: it has a path \(\/v1_1\)/],
			[{ apiBaseUrl: 'http://api.cloudinary.com' }, /API Base URL is not allowed: plain http/],
			[{ apiBaseUrl: `${base}?cloud=x` }, /API Base URL is not allowed: it has a query/],
			[
				{ deliveryBaseUrl: 'http://images.example-publisher.com' },
				/Delivery Base URL is not allowed: plain http/,
			],
		];
		for (const [fields, message] of cases) {
			const before = await sb.lastSeq();
			const result = await runNode({
				node: 'cloudinary',
				parameters: assetGet(seededImage().publicId),
				credentials: cloudinaryWith(fields),
			});
			expect(result.status).toBe('error');
			expect(errorText(result)).toMatch(message);
			expect(await sb.requests(undefined, before)).toEqual([]);
		}
	});

	it('a trailing slash is fine, and the loopback sandbox over http keeps working', async () => {
		const consonance = await runNode({
			node: 'consonance',
			parameters: productSearch,
			credentials: consonanceWith(`${sb.info.consonance.baseUrl}/`),
		});
		expect(consonance.status).toBe('success');
		expect(consonance.json).toHaveLength(5);
		const cloudinary = await runNode({
			node: 'cloudinary',
			parameters: assetGet(seededImage().publicId),
			credentials: cloudinaryWith({
				apiBaseUrl: `${sb.info.cloudinary.apiBaseUrl}/`,
				deliveryBaseUrl: `${sb.info.cloudinary.deliveryBaseUrl}/`,
			}),
		});
		expect(cloudinary.status).toBe('success');
		expect(cloudinary.json[0].public_id).toBe(seededImage().publicId);
	});
});

describe('no credentials on a redirect to another host', () => {
	it.each([301, 302, 303, 307, 308])(
		'Consonance GraphQL answering %i to another loopback server: the Bearer key does not reach it',
		async (status) => {
			await sb.control.post('/faults', {
				service: 'consonance',
				kind: 'redirect',
				status,
				location: `${recorder.url}/graphql`,
				path: '/graphql',
			});
			const result = await runNode({
				node: 'consonance',
				parameters: productSearch,
				credentials: sb.credentials,
			});
			expect(recorder.requests.filter((r) => r.headers.authorization)).toEqual([]);
			expect(result.status).toBe('error');
			expect(errorText(result)).toMatch(
				/redirect to another host \(http:\/\/127\.0\.0\.1:\d+\); it was not followed/,
			);
			expect(JSON.stringify(recorder.requests)).not.toContain(sb.info.consonance.apiKey);
		},
	);

	it('Consonance REST feed answering 302: the Token key does not reach the other host', async () => {
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'redirect',
			status: 302,
			location: `${recorder.url}/api/v4/products.json`,
			path: '/api/v4/',
		});
		const result = await runNode({
			node: 'consonance',
			parameters: { resource: 'productFeed', operation: 'list', returnAll: false, limit: 5 },
			credentials: sb.credentials,
		});
		expect(recorder.requests.filter((r) => r.headers.authorization)).toEqual([]);
		expect(result.status).toBe('error');
	});

	it.each([302, 307])(
		'Cloudinary Admin API answering %i to another loopback server: no Basic auth reaches it',
		async (status) => {
			await sb.control.post('/faults', {
				service: 'cloudinary',
				kind: 'redirect',
				status,
				location: `${recorder.url}/v1_1/elsewhere/resources/image`,
				path: '/resources/',
			});
			const result = await runNode({
				node: 'cloudinary',
				parameters: assetGet(seededImage().publicId),
				credentials: sb.credentials,
			});
			expect(recorder.requests.filter((r) => r.headers.authorization)).toEqual([]);
			expect(result.status).toBe('error');
			expect(errorText(result)).toMatch(/redirect to another host/);
			const { apiKey, apiSecret } = sb.info.cloudinary;
			expect(JSON.stringify(recorder.requests)).not.toContain(apiKey);
			expect(JSON.stringify(recorder.requests)).not.toContain(apiSecret);
		},
	);

	it("a redirect on the credential's own host is followed with the credential", async () => {
		const before = await sb.lastSeq('consonance');
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'redirect',
			status: 307,
			location: `${sb.info.consonance.baseUrl}/graphql`,
			path: '/graphql',
			count: 1,
		});
		const result = await runNode({
			node: 'consonance',
			parameters: productSearch,
			credentials: sb.credentials,
		});
		expect(result.status).toBe('success');
		expect(result.json).toHaveLength(5);
		const seen = await sb.requests('consonance', before);
		expect(seen.map((r: Json) => r.status)).toEqual([307, 200]);
	});
});

describe('retries stop when the execution is cancelled', () => {
	it('a read waiting out a 55 s Retry-After ends when the execution is cancelled, with no second attempt', async () => {
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			headers: { 'Retry-After': '55' },
			path: '/graphql',
		});
		const before = await sb.lastSeq('consonance');
		// Without the cancel signal the node would sleep 55 s and try again (four attempts): past this test's timeout.
		const result = await runNode({
			node: 'consonance',
			parameters: productSearch,
			credentials: sb.credentials,
			cancelAfterMs: 2000,
		});
		expect(result.status).toBe('error');
		const seen = await sb.requests('consonance', before);
		expect(seen).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await sb.requests('consonance', before)).toHaveLength(1);
	}, 40000);
});
