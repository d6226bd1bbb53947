// The service-answers matrix: EVERY operation of both nodes (the rows of the bad-input matrix, with
// their good values) facing the answers a service or a proxy in front of it can give — 400, 401,
// 403, 404, 409, an HTML error page, JSON cut off half way and an empty body on the first request,
// and (one per operation, in turn) a retryable answer: 420, 429 with its reset header as an HTTP
// date, epoch seconds or delta seconds, 500, 502, 503, a connection reset or a slow answer. Each
// ends in a clear error scoped to the item, or a correct retry, and never shows a key or secret.
import { createFixtures, rows, runRow, type Row } from '../helpers/operation-table';
import { startTestSandbox } from '../helpers/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, unknown>;
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
	['an HTML error page', { kind: 'html', status: 403 }],
	['truncated JSON', { kind: 'truncatedJson', status: 200 }],
	['an empty body', { kind: 'emptyBody', status: 200 }],
];

/** Answers that are retried (reads, and writes made safe to repeat): a correct retry or a clear error. */
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

const secrets = () => [sb.info.cloudinary.apiSecret, sb.info.consonance.apiKey];
const serviceOf = (row: Row) => (row.node === 'consonance' ? 'consonance' : 'cloudinary');
const good = (row: Row) =>
	typeof row.good === 'function' ? (row.good as () => unknown)() : row.good;

/** One row per operation (the first), so every operation meets every answer once. */
const operations = rows().filter(
	(row, i, all) => all.findIndex((r) => r.node === row.node && r.operation === row.operation) === i,
);

async function face(row: Row, fault: Json) {
	await sb.control.delete('/faults');
	const armed = await sb.control.post('/faults', { service: serviceOf(row), count: 1, ...fault });
	expect(armed.status).toBe(200);
	const before = await sb.lastSeq();
	const result = await runRow(sb, row, [good(row)]);
	const met = (await sb.requests(undefined, before)).some(
		(r: { fault?: string }) => r.fault !== undefined,
	);
	const item = (result.json[0] ?? {}) as Json;
	// Everything the run produced: output items, the node error, and the error objects n8n keeps.
	const everything = JSON.stringify({
		json: result.json,
		error: result.error,
		run: result.run?.data?.resultData,
	});
	for (const secret of secrets()) expect(everything).not.toContain(secret);
	// The API key may appear only where Cloudinary puts it in a signed URL (a download), never in an error.
	expect(
		JSON.stringify({ item: item.error === undefined ? null : item, error: result.error }),
	).not.toContain(sb.info.cloudinary.apiKey);
	expect(result.error).toBeUndefined();
	if (item.error !== undefined) {
		const message = String(item.error);
		expect(message).toMatch(/^Item 0[:,]/);
		expect(message).not.toMatch(/\[object Object\]|undefined|<html|<!DOCTYPE/i);
		expect(message.length).toBeLessThan(600);
	}
	return { item, met };
}

describe.each(operations.map((row, i) => [`${row.node} ${row.operation}`, row, i] as const))(
	'%s',
	(_name, row, index) => {
		it.each(FINAL)(
			'%s: a clear error for the item when its request meets it',
			async (_answer, fault) => {
				const { item, met } = await face(row, fault);
				if (met) expect(item.error).toBeDefined();
			},
		);

		const [retryName, retryFault] = RETRYABLE[index % RETRYABLE.length];
		it(`${retryName}: a correct retry or a clear error`, async () => {
			const { item, met } = await face(row, retryFault);
			// A read is retried and goes through; a write that is not safe to repeat fails clearly instead.
			if (met && item.error !== undefined)
				expect(String(item.error)).toMatch(/Item 0: (Cloudinary|Consonance)/);
		});
	},
);

describe('every retryable answer is met by a read and retried', () => {
	const read = () =>
		operations.find((r) => r.node === 'cloudinary' && r.operation === 'asset.get')!;
	const consonanceRead = () =>
		operations.find((r) => r.node === 'consonance' && r.operation === 'product.get')!;
	it.each(RETRYABLE)('%s', async (_answer, fault) => {
		for (const row of [read(), consonanceRead()]) {
			const { item, met } = await face(row, fault);
			expect(met).toBe(true);
			expect(item.error).toBeUndefined();
		}
	});
});
