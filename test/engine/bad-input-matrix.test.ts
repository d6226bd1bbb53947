// The bad-input matrix: EVERY operation of both nodes (enumerated from the node descriptions, so a
// new operation without a row fails this test) driven through an expression with the inputs a user
// or an upstream node can produce — empty, null, an object, a list, a number where text is
// expected, "." and ".." segments, slashes, percent sequences, "?" and "#", oversize values, an
// ISBN-10 that lost its leading zero, NaN. For each: the error names the item and the field, the
// sandbox receives no request for the bad item, and a good item in the same run goes through.
import { notificationSignature } from '../../nodes/Cloudinary/transport/signing';
import { runWebhook } from '../../scripts/lib/engine';
import {
	BAD,
	createFixtures,
	describedOperations,
	leakedSecrets,
	outputsOf,
	rows,
	runRow,
} from '../helpers/operation-table';
import { startTestSandbox } from '../../scripts/lib/sandbox';

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

describe('the matrix covers every operation', () => {
	it.each(['consonance', 'cloudinary'])(
		'%s: a row for every operation in the description',
		(node) => {
			const covered = new Set(
				rows()
					.filter((r) => r.node === node)
					.map((r) => r.operation),
			);
			const missing = describedOperations(node).filter((op) => !covered.has(op));
			expect(missing).toEqual([]);
		},
	);
});

describe.each(
	rows().map(
		(row) => [`${row.node} ${row.operation} › ${row.field || '(no typed input)'}`, row] as const,
	),
)('%s', (_name, row) => {
	const good = () => (typeof row.good === 'function' ? (row.good as () => unknown)() : row.good);

	if (row.noTypedInput) {
		it(`has no typed input (${row.noTypedInput}) and runs`, async () => {
			const result = await runRow(sb, row, [good()]);
			expect(result.error).toBeUndefined();
			expect(result.json[0]?.error).toBeUndefined();
			expect(leakedSecrets(sb, row, result)).toEqual([]);
		});
		return;
	}

	it.each(row.kinds)('%s: the error names item and field, and no request is sent', async (kind) => {
		const before = await sb.lastSeq();
		const result = await runRow(sb, row, [BAD[kind]]);
		const sent = await sb.requests(undefined, before);
		expect(result.json[0]?.error).toMatch(
			new RegExp(`^Item 0, field "${row.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
		);
		expect(String(result.json[0]?.error)).not.toContain('[object Object]');
		expect(leakedSecrets(sb, row, result)).toEqual([]);
		expect(sent.map((r: { method: string; url: string }) => `${r.method} ${r.url}`)).toEqual([]);
	});

	it('a good item in the same run as every bad one goes through; the bad ones reach the error output', async () => {
		const values = [good(), ...row.kinds.map((kind) => BAD[kind])];
		const before = await sb.lastSeq();
		const result = await runRow(sb, row, values, true);
		expect(result.error).toBeUndefined();
		expect(result.output.filter((o: { json: Json }) => o.json.error !== undefined)).toEqual([]);
		const goodOut = outputsOf(result.output, 0);
		if (
			row.operation.endsWith('search') ||
			row.operation.endsWith('list') ||
			row.operation.endsWith('List') ||
			row.operation.endsWith('listFolders')
		) {
			expect(goodOut.every((o) => o.json.error === undefined)).toBe(true);
		} else {
			expect(goodOut.length).toBeGreaterThan(0);
			expect(goodOut[0].json.error).toBeUndefined();
		}
		row.kinds.forEach((_kind, i) => {
			expect(outputsOf(result.output, i + 1)).toEqual([]);
			const errors = outputsOf(result.errorOutput, i + 1).map((o) => String(o.json.error));
			expect(errors).toEqual([
				expect.stringMatching(
					new RegExp(`^Item ${i + 1}, field "${row.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
				),
			]);
		});
		expect(leakedSecrets(sb, row, result)).toEqual([]);
		// No request carried a bad value's marker.
		const sent = await sb.requests(undefined, before);
		expect(sent.filter((r: { url: string }) => /zq7/.test(decodeURIComponentSafe(r.url)))).toEqual(
			[],
		);
	});
});

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

// The Cloudinary Trigger's replay limits come from the same typed reading: a maximum age that an
// expression turns into NaN or text must not switch the age check off.
describe('Cloudinary Trigger › Maximum Notification Age from an expression', () => {
	const dayOld = async () => {
		const rawBody = JSON.stringify({
			notification_type: 'upload',
			public_id: 'covers/9781810000008',
			resource_type: 'image',
			type: 'upload',
			version: 1,
		});
		const timestamp = String(Math.floor(Date.now() / 1000) - 86400);
		const signature = notificationSignature(
			Buffer.from(rawBody),
			timestamp,
			sb.credentials.cloudinaryPublishingApi.apiSecret,
			'sha1',
		);
		return { headers: { 'x-cld-timestamp': timestamp, 'x-cld-signature': signature }, rawBody };
	};
	const deliver = async (maxAgeSeconds: unknown) =>
		runWebhook({
			node: 'cloudinaryTrigger',
			parameters: { registration: 'manual', events: ['all'], options: { maxAgeSeconds } },
			credentials: sb.credentials,
			request: await dayOld(),
		});
	it.each([
		['NaN', '={{ Number("seven days") }}', 'NaN (not a number) is not a number'],
		['text', '={{ "a week" }}', '"a week" is not a number'],
		['below the minimum', 5, '5 is out of range'],
	])(
		'%s: a day-old notification is refused and the field named',
		async (_name, maxAgeSeconds, problem) => {
			const result = await deliver(maxAgeSeconds);
			expect(result.started).toBe(false);
			expect(result.http.status).toBe(500);
			expect((result.http.body as { error: { message: string } }).error.message).toContain(
				`field "Options › Maximum Notification Age (Seconds)": ${problem}`,
			);
		},
	);
	it('with a valid maximum age, the age check still applies (401) and a long enough one accepts it', async () => {
		expect((await deliver(3600)).http.status).toBe(401);
		expect((await deliver(2 * 86400)).started).toBe(true);
	});
});
