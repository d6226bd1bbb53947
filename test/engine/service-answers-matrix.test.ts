// The service-answers matrix: EVERY operation of both nodes (the rows of the bad-input matrix, with
// their good values) facing the answers a service or a proxy in front of it can give — 400, 401,
// 403, 404, 409, an HTML error page, JSON cut off half way and an empty body on the first request
// (half of them under "Continue", half under "Continue (using error output)"), and (one per
// operation, in turn) a retryable answer: 420, 429 with its reset header as an HTTP date, epoch
// seconds or delta seconds, 500, 502, 503, a connection reset or a slow answer. Each ends in a clear
// error scoped to the item, on the right output, or a correct retry, and never shows a key or secret.
// Then: a read and a write facing every retryable answer, a download cut short, and a batch that
// fails part way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runNode } from '../../scripts/lib/engine';
import {
	COVER,
	createFixtures,
	describedOperations,
	ids,
	leakedSecrets,
	outputsOf,
	PNG_1PX,
	rl,
	rows,
	runRow,
	type Row,
} from '../helpers/operation-table';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, unknown>;
type Sent = { seq: number; method: string; url: string; route: string; fault?: string };
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
	await createFixtures(sb);
}, 300000);
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

/** Answers that are not retried: the item must fail with a clear error when its request met one. */
const FINAL: Array<[string, Json]> = [
	['400', { kind: 'status', status: 400, message: 'Bad request from the matrix' }],
	['401', { kind: 'status', status: 401, message: 'Invalid credentials' }],
	['403', { kind: 'status', status: 403, message: 'Forbidden' }],
	['404', { kind: 'status', status: 404, message: 'Not found' }],
	['409', { kind: 'status', status: 409, message: 'Conflict' }],
	// a service or proxy repeating the credentials it was sent (face() writes the message)
	['a 400 that echoes the credentials', { kind: 'status', status: 400, echoCredentials: true }],
	['an HTML error page', { kind: 'html', status: 403 }],
	['truncated JSON', { kind: 'truncatedJson', status: 200 }],
	['an empty body', { kind: 'emptyBody', status: 200 }],
];

/** Its failures name the HTTP status only: the REST feed's error bodies carry no GraphQL `errors`. */
const WITHOUT_SERVICE_MESSAGE = new Set(['consonance productFeed.list']);

/** Answers that are retried (reads, and writes made safe to repeat). */
const RETRYABLE: Array<[string, Json]> = [
	['420', { kind: 'status', status: 420, resetFormat: 'httpDate', resetInSeconds: 1 }],
	[
		'429 (reset as an HTTP date)',
		{ kind: 'status', status: 429, resetFormat: 'httpDate', resetInSeconds: 1 },
	],
	[
		'429 (reset as epoch seconds)',
		{ kind: 'status', status: 429, resetFormat: 'epochSeconds', resetInSeconds: 1 },
	],
	[
		'429 (reset as delta seconds)',
		{ kind: 'status', status: 429, resetFormat: 'deltaSeconds', resetInSeconds: 1 },
	],
	['500', { kind: 'status', status: 500 }],
	['502', { kind: 'status', status: 502 }],
	['503', { kind: 'status', status: 503 }],
	['a connection reset', { kind: 'reset' }],
	['a slow answer', { kind: 'latency', ms: 1500 }],
];

/**
 * Operations whose change is sent once and never repeated automatically (repeating it could do it
 * twice): a retryable answer to that request fails the item, clearly. Every other operation must
 * go through after one retryable answer.
 */
const TRIED_ONCE = new Set([
	'consonance supportingResource.delete',
	'consonance marketingText.create',
	'consonance marketingText.delete',
	'consonance webLink.delete',
	'cloudinary asset.rename',
	'cloudinary metadataField.createField',
	'cloudinary metadataField.deleteField',
	'cloudinary metadataField.deleteValues',
	'cloudinary metadataField.setValues',
	'cloudinary metadataField.updateField',
	'cloudinary folder.createFolder',
	'cloudinary folder.deleteFolder',
	'cloudinary folder.renameFolder',
	'cloudinary archive.create',
]);

/** The credentials each service is sent, as its answer might repeat them. */
const echoOf = (service: 'consonance' | 'cloudinary') => {
	const { apiKey, apiSecret } = sb.info.cloudinary;
	return service === 'consonance'
		? `Bearer ${sb.info.consonance.apiKey}`
		: `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')} (${apiKey}:${apiSecret})`;
};
const serviceOf = (row: Row) => (row.node === 'consonance' ? 'consonance' : 'cloudinary');
const SERVICE_NAME = { consonance: 'Consonance', cloudinary: 'Cloudinary' };
const good = (row: Row) =>
	typeof row.good === 'function' ? (row.good as () => unknown)() : row.good;
const nameOf = (row: Row) => `${row.node} ${row.operation}`;
/**
 * "Item 0: Cloudinary: …", or for a thing the service says does not exist "Item 0, field "Asset":
 * Cloudinary has no …".
 */
const scoped = (row: Row) =>
	new RegExp(`^Item 0(: ${SERVICE_NAME[row.node]}: |, field "[^"]+": ${SERVICE_NAME[row.node]} )`);

/** One row per operation (the first), so every operation meets every answer once. */
const operations = rows().filter(
	(row, i, all) => all.findIndex((r) => r.node === row.node && r.operation === row.operation) === i,
);

/** Runs the row's good item with the fault armed once; checks what must hold whatever happened. */
async function face(row: Row, { echoCredentials, ...fault }: Json, errorOutput = false) {
	await sb.control.delete('/faults');
	if (echoCredentials) fault.message = `rejected: ${echoOf(serviceOf(row))}`;
	const armed = await sb.control.post('/faults', { service: serviceOf(row), count: 1, ...fault });
	expect(armed.status).toBe(200);
	const before = await sb.lastSeq();
	const result = await runRow(sb, row, [good(row)], errorOutput);
	const sent = (await sb.requests(undefined, before)) as Sent[];
	const met = sent.some((r) => r.fault !== undefined);
	// Under "Continue" a failed item is an output item with `error`; under "Continue (using error
	// output)" it is in the error output and nowhere else.
	const failed = errorOutput
		? outputsOf(result.errorOutput, 0)
		: outputsOf(result.output, 0).filter((o) => o.json.error !== undefined);
	if (errorOutput) expect(result.output.filter((o: { json: Json }) => o.json.error)).toEqual([]);
	// Everything the run produced (output items, the node error, the error objects n8n keeps): no
	// key or secret, and the API key only where a Cloudinary notification carries it.
	expect(leakedSecrets(sb, row, result)).toEqual([]);
	expect(result.error).toBeUndefined();
	expect(failed.length).toBeLessThanOrEqual(1);
	const error = failed.length ? String(failed[0].json.error) : undefined;
	if (error !== undefined) {
		expect(error).toMatch(new RegExp(`^Item 0[:,] `));
		expect(error).not.toMatch(/\[object Object\]|undefined|<html|<!DOCTYPE|The connection to/i);
		expect(error.length).toBeLessThan(600);
		if (errorOutput) expect(outputsOf(result.output, 0)).toEqual([]);
	}
	return { error, met, sent, result };
}

describe('the matrix drives every operation', () => {
	it.each(['consonance', 'cloudinary'])('%s', (node) => {
		const driven = operations.filter((r) => r.node === node).map((r) => r.operation);
		expect(driven.sort()).toEqual(describedOperations(node).sort());
		for (const name of TRIED_ONCE) expect(operations.map(nameOf)).toContain(name);
	});
});

describe.each(operations.map((row, i) => [nameOf(row), row, i] as const))(
	'%s',
	(_name, row, index) => {
		it.each(
			FINAL.map(([answer, fault], i) => {
				const errorOutput = (i + index) % 2 === 1;
				const where = errorOutput ? 'on the error output' : 'under Continue';
				return [`${answer}: a clear error for the item, ${where}`, fault, errorOutput] as const;
			}),
		)('%s', async (_title, fault, errorOutput) => {
			const { error, met } = await face(row, fault, errorOutput);
			if (met) expect(error).toMatch(scoped(row));
			else expect(error).toBeUndefined();
			// the echoed credentials reached the message, taken out (face() checked no secret is left)
			if (met && fault.echoCredentials && !WITHOUT_SERVICE_MESSAGE.has(nameOf(row)))
				expect(error).toContain('[redacted]');
		});

		const [retryName, retryFault] = RETRYABLE[index % RETRYABLE.length];
		const orClearError = TRIED_ONCE.has(nameOf(row))
			? ', or a clear error (a change not repeated)'
			: '';
		it(`${retryName}: retried and done${orClearError}`, async () => {
			const { error, met } = await face(row, retryFault);
			if (!met || !TRIED_ONCE.has(nameOf(row)) || retryFault.kind === 'latency')
				expect(error).toBeUndefined();
			else if (error !== undefined) expect(error).toMatch(scoped(row));
		});
	},
);

describe('every retryable answer', () => {
	const find = (name: string) => operations.find((r) => nameOf(r) === name)!;
	it.each(RETRYABLE)('%s: a read is retried and goes through', async (_answer, fault) => {
		for (const row of [find('cloudinary asset.get'), find('consonance product.get')]) {
			const { error, met, sent } = await face(row, fault);
			expect(met).toBe(true);
			expect(error).toBeUndefined();
			if (fault.kind !== 'latency') expect(sent.length).toBeGreaterThanOrEqual(2);
		}
	});

	// A delete of a record the first attempt may have removed is not sent again: the item fails,
	// names itself and the service, and says the change was not repeated.
	it.each(RETRYABLE.filter(([, f]) => f.kind !== 'latency'))(
		'%s: a change that is not safe to repeat is sent once and fails clearly',
		async (_answer, fault) => {
			const row = find('consonance webLink.delete');
			const { error, met, sent } = await face(row, { ...fault, path: '/graphql' });
			expect(met).toBe(true);
			expect(sent).toHaveLength(1);
			expect(error).toMatch(/^Item 0: Consonance: /);
			if (fault.kind === 'reset') expect(error).toMatch(/could not be reached after 1 attempt/);
		},
	);

	it('a reset on Supporting Resource › Delete names the item under both error settings', async () => {
		const row = find('consonance supportingResource.delete');
		for (const errorOutput of [false, true]) {
			const { error, result } = await face(row, { kind: 'reset' }, errorOutput);
			expect(error).toBe('Item 0: Consonance: could not be reached after 1 attempt (ECONNRESET)');
			const failed = errorOutput
				? outputsOf(result.errorOutput, 0)[0].json
				: outputsOf(result.output, 0)[0].json;
			if (!errorOutput) expect(failed.errorDescription).toMatch(/was not repeated automatically/);
		}
		// The record is still there (the reset came before the change), and a good run deletes it.
		const again = await runRow(sb, row, [ids.supportingResource]);
		expect(again.json[0]).toMatchObject({ id: Number(ids.supportingResource), deleted: true });
	});
});

describe('Asset › Download: an answer that is not the whole file is an error, never a file', () => {
	let server: Server;
	let answer: (res: import('node:http').ServerResponse) => void;
	beforeAll(async () => {
		server = createServer((_req, res) => answer(res));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	});
	afterAll(async () => {
		await new Promise((r) => server.close(r));
	});
	// A transformed variant comes from the delivery host: here a loopback server playing a CDN.
	const download = () =>
		runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'download',
				asset: rl('id', COVER),
				binaryPropertyName: 'data',
				options: { transformation: 'w_10' },
			},
			credentials: {
				...sb.credentials,
				cloudinaryPublishingApi: {
					...sb.credentials.cloudinaryPublishingApi,
					deliveryBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
				},
			},
			continueOnFail: true,
		});
	it.each([
		[
			'fewer bytes than announced, then the connection closed',
			(res: import('node:http').ServerResponse) => {
				res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '1000' });
				res.write(Buffer.alloc(10, 1));
				setTimeout(() => res.socket?.destroy(), 50);
			},
			/^Item 0: Cloudinary: the download was cut off/,
		],
		[
			'an empty body',
			(res: import('node:http').ServerResponse) => {
				res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '0' });
				res.end();
			},
			/^Item 0: Cloudinary: the download answered with an empty body; no file was saved$/,
		],
		[
			'an HTML page with status 200',
			(res: import('node:http').ServerResponse) => {
				const page = '<html><head><title>Captive portal</title></head></html>';
				res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': page.length });
				res.end(page);
			},
			/^Item 0: Cloudinary: the download answered an HTML page \("Captive portal"\)/,
		],
	])('%s', async (_name, serve, expected) => {
		answer = serve;
		const result = await download();
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(result.output[0].binary).toBeUndefined();
		expect(result.json[0].error).toMatch(expected);
	});
	it('the whole file is saved', async () => {
		answer = (res) => {
			res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '10' });
			res.end(Buffer.alloc(10, 1));
		};
		const result = await download();
		expect(result.json[0].error).toBeUndefined();
		expect(result.json[0].bytes).toBe(10);
	});
});

describe('Access › Set Access Control: a batch that fails part way', () => {
	const setAccess = (publicIds: string[], errorOutput = false) =>
		runRow(
			sb,
			{ ...operations.find((r) => nameOf(r) === 'cloudinary access.setAccessControl')! },
			[publicIds],
			errorOutput,
		);

	it('reports exactly which assets were changed: calls go 5 at a time, the 6th fails', async () => {
		const publicIds = Array.from({ length: 7 }, (_, i) => `tests/partial-access/${i}`);
		for (const publicId of publicIds) {
			const up = await runNode({
				node: 'cloudinary',
				parameters: {
					resource: 'asset',
					operation: 'upload',
					source: 'url',
					fileUrl: PNG_1PX,
					publicId,
				},
				credentials: sb.credentials,
			});
			expect(up.error).toBeUndefined();
		}
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			path: '/image/explicit',
			skip: 5,
			count: 1,
			message: 'Refused by the matrix',
		});
		const before = await sb.lastSeq('cloudinary');
		const result = await setAccess(publicIds);
		expect(result.error).toBeUndefined();
		const item = result.json[0];
		const sent = ((await sb.requests('cloudinary', before)) as Sent[]).filter((r) =>
			r.url.includes('/image/explicit'),
		);
		expect(sent).toHaveLength(7);
		// The 6th call failed; the 7th ran with it and went through.
		const failedId = publicIds[5];
		expect(item.error).toMatch(
			/^Item 0: Cloudinary: answered HTTP 400 Bad Request: Refused by the matrix \(6 of this item's 7 public IDs/,
		);
		expect(item.updated).toEqual(publicIds.filter((id) => id !== failedId));
		expect(item.not_confirmed).toEqual([failedId]);
		// What Cloudinary holds matches what was reported.
		for (const id of publicIds) {
			const stored = (await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(id)}`))
				.data;
			expect(Boolean(stored.access_control)).toBe(id !== failedId);
		}
	});

	it("Cloudinary's own 404 for an unknown asset is reported in not_updated; any other 404 fails the item", async () => {
		const known = await setAccess([COVER, 'tests/matrix/never-existed']);
		expect(known.json[0]).toMatchObject({
			updated: [COVER],
			not_updated: ['tests/matrix/never-existed'],
			success: false,
		});
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 404,
			path: '/image/explicit',
			count: 1,
			message: 'Not found',
		});
		const routed = await setAccess([COVER], true);
		expect(routed.output).toEqual([]);
		expect(outputsOf(routed.errorOutput, 0).map((o) => o.json.error)).toEqual([
			expect.stringMatching(/^Item 0: Cloudinary: answered HTTP 404 Not Found: Not found /),
		]);
	});
});
