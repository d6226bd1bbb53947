// A failed Cloudinary call's message leads with the HTTP status in words, because Cloudinary's own
// words for a 5xx ("General Error") do not say it was one: the templates' reports read the status to
// tell an outage (wait for the next run) from a refusal (correct something), scripts/template-report.js.
// The node from dist/ runs with a mocked execution context (test/helpers/execution-context.ts).
import { Cloudinary } from '../../dist/nodes/Cloudinary/Cloudinary.node';
import { statusInWords } from '../../dist/nodes/shared/http';
import { runOperation, type FakeResponse } from '../helpers/execution-context';

jest.setTimeout(30000); // a 5xx is retried with backoff (0.5 + 1 + 2 s) before it is final

const nodeType = new Cloudinary();
const credentialType = nodeType.description.credentials![0].name;
const API_KEY = '614335564976464';
const API_SECRET = 'unit-test-secret-abcdef';
const credentials = {
	[credentialType]: {
		cloudName: 'demo-cloud',
		apiKey: API_KEY,
		apiSecret: API_SECRET,
		apiBaseUrl: 'https://api.cloudinary.test/',
		deliveryBaseUrl: 'https://res.cloudinary.test',
		deliveryIncludesCloudName: true,
		signatureAlgorithm: 'sha1',
	},
};
const BASIC = Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');

/** Tag › Add of `ids` per item under "Continue", every call answered by `respond`; each item's json. */
async function addTags(ids: string[][], respond: (callIndex: number) => FakeResponse) {
	const { output } = await runOperation({
		nodeType,
		credentials,
		continueOnFail: true,
		items: ids.map(() => ({ json: {} })),
		parameters: (i) => ({
			resource: 'tag',
			operation: 'add',
			publicIds: ids[i].join(', '),
			tags: ['approved'],
		}),
		respond: (_request, callIndex) => respond(callIndex),
	});
	return output[0].map((item) => item.json);
}

describe('statusInWords', () => {
	test('the number and its standard reason; Cloudinary’s 420 is its rate limit', () => {
		expect([400, 401, 404, 420, 429, 500, 502, 503, 504, 599].map((s) => statusInWords(s))).toEqual(
			[
				'HTTP 400 Bad Request',
				'HTTP 401 Unauthorized',
				'HTTP 404 Not Found',
				'HTTP 420 Rate Limited',
				'HTTP 429 Too Many Requests',
				'HTTP 500 Internal Server Error',
				'HTTP 502 Bad Gateway',
				'HTTP 503 Service Unavailable',
				'HTTP 504 Gateway Timeout',
				'HTTP 599',
			],
		);
	});
});

describe('a Cloudinary error names the status it answered', () => {
	test('a 5xx with Cloudinary’s own "General Error": the status comes first, then its words', async () => {
		const [item] = await addTags([['covers/9781810000008']], () => ({
			statusCode: 503,
			body: { error: { message: 'General Error' } },
		}));
		expect(item.error).toMatch(
			/^Item 0: Cloudinary: answered HTTP 503 Service Unavailable: General Error( \(|$)/,
		);
	});

	test('a refusal keeps Cloudinary’s message after the status', async () => {
		const [item] = await addTags([['covers/9781810000008']], () => ({
			statusCode: 400,
			body: { error: { message: 'Invalid tag' } },
		}));
		expect(item.error).toMatch(/^Item 0: Cloudinary: answered HTTP 400 Bad Request: Invalid tag/);
	});

	test('an answer that is not JSON (a proxy’s page) says the status and what came back', async () => {
		const [item] = await addTags([['covers/9781810000008']], () => ({
			statusCode: 502,
			body: '<html><title>Bad gateway</title></html>',
		}));
		expect(item.error).toMatch(
			/^Item 0: Cloudinary: answered HTTP 502 Bad Gateway with an HTML page \("Bad gateway"\)/,
		);
	});

	test('no secret, key or Basic auth header echoed by the service reaches the message', async () => {
		const echo = `upstream failed for Basic ${BASIC} (${API_KEY}:${API_SECRET})`;
		for (const body of [{ error: { message: echo } }, `<html><title>${echo}</title></html>`]) {
			const [item] = await addTags([['covers/9781810000008']], () => ({ statusCode: 500, body }));
			const message = String(item.error);
			expect(message).toMatch(/^Item 0: Cloudinary: answered HTTP 500 Internal Server Error/);
			for (const secret of [API_SECRET, API_KEY, BASIC]) expect(message).not.toContain(secret);
			expect(message).toContain('[redacted]');
		}
	});

	test('a bulk call that fails after an earlier one went through: every item keeps the status', async () => {
		// 1000 IDs a tags call: item 0's first 1000 go in the first call (answered), the rest and
		// item 1's in the second (503 every time).
		const many = Array.from({ length: 1001 }, (_, i) => `covers/bulk-${i}`);
		const items = await addTags([many, ['covers/9781810000008']], (callIndex) =>
			callIndex === 0
				? { body: { public_ids: many.slice(0, 1000) } }
				: { statusCode: 503, body: { error: { message: 'General Error' } } },
		);
		const failedCall = 'Cloudinary: answered HTTP 503 Service Unavailable: General Error';
		expect(items.map((i) => i.error)).toEqual([
			`Item 0: ${failedCall} (1000 of this item's 1001 public IDs were updated ("updated"); ` +
				`the call for 1 ("not_confirmed") failed)`,
			`Item 1: ${failedCall} (0 of this item's 1 public IDs were updated ("updated"); ` +
				`the call for 1 ("not_confirmed") failed)`,
		]);
		expect(items.map((i) => (i.not_confirmed as string[]).length)).toEqual([1, 1]);
	});
});
