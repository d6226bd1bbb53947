// Failures reach the right output: Archive's failed items go to the error output under "Continue
// (using error output)" and carry their error under "Continue"; a batch that fails part way says
// exactly which items' changes were applied (bulk tags in calls of 1000, Delete by IDs in calls of
// 100): nothing reported failed that was applied, nothing reported done that was not confirmed.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, unknown>;
let sb: TestSandbox;
const COVER = 'covers/9781810000008';

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
});

async function run(
	parameters: Json,
	items: Json[],
	onError: 'continueRegularOutput' | 'continueErrorOutput',
) {
	const result = await runNode({
		node: 'cloudinary',
		parameters,
		credentials: sb.credentials,
		items: items.map((json) => ({ json })),
		settings: { onError },
	});
	const main = result.run?.data?.resultData?.runData?.['Node Under Test']?.[0]?.data?.main ?? [];
	return {
		...result,
		success: (main[0] ?? []) as Array<{ json: Json }>,
		errors: (main[1] ?? []) as Array<{ json: Json }>,
	};
}
const stored = async (publicId: string) =>
	(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`)).data;

describe('Archive', () => {
	const archive = {
		resource: 'archive',
		operation: 'create',
		publicIds: '={{ $json.ids }}',
		output: 'url',
	};
	it('sends a failed item to the error output, and carries the error under Continue', async () => {
		const bad = await run(archive, [{ ids: COVER }, { ids: 'zq7/../x' }], 'continueErrorOutput');
		expect(bad.error).toBeUndefined();
		expect(bad.success).toHaveLength(1);
		expect(bad.success[0].json.error).toBeUndefined();
		expect(bad.errors.map((o) => o.json.error)).toEqual([
			expect.stringMatching(/^Item 1, field "Public IDs": "zq7\/..\/x" has a "." or ".." segment/),
		]);

		// A failure of the archive call itself: each contributing item fails, in the error output.
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			path: 'generate_archive',
			count: 1,
			message: 'Invalid archive',
		});
		const failed = await run(
			archive,
			[{ ids: COVER }, { ids: 'covers/9781810000015' }],
			'continueErrorOutput',
		);
		expect(failed.success).toEqual([]);
		expect(failed.errors.map((o) => o.json.error)).toEqual([
			'Item 0: Cloudinary: answered HTTP 400 Bad Request: Invalid archive',
			'Item 0: Cloudinary: answered HTTP 400 Bad Request: Invalid archive',
		]);

		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			path: 'generate_archive',
			count: 1,
			message: 'Invalid archive',
		});
		const regular = await run(archive, [{ ids: COVER }], 'continueRegularOutput');
		expect(regular.success).toEqual([
			{
				json: expect.objectContaining({
					error: 'Item 0: Cloudinary: answered HTTP 400 Bad Request: Invalid archive',
					public_ids: [COVER],
				}),
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('a batch that fails part way', () => {
	it("bulk tags in calls of 1000: applied IDs are reported updated, the failed call's IDs not confirmed", async () => {
		const fake = (n: number, from = 0) =>
			Array.from({ length: n }, (_, i) => `tests/none/${from + i}`);
		const item0 = [COVER, ...fake(1199)]; // 1000 in the first call, 200 in the second
		const item1 = ['covers/9781810000015']; // only in the second call
		const item2 = ['covers/9781810000022']; // also in the second call (IDs are sent in item order)
		// The second tags call fails (after the first succeeded), every retry too.
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 503,
			path: '/image/tags',
			skip: 1,
			count: 20,
		});
		// Under "Continue" the error items carry the lists (n8n keeps only the error in the error output).
		const result = await run(
			{ resource: 'tag', operation: 'add', publicIds: '={{ $json.ids }}', tags: ['partial'] },
			[{ ids: item0 }, { ids: item1 }, { ids: item2 }],
			'continueRegularOutput',
		);
		const [e0, e1, e2] = result.success.map((o) => o.json);
		expect(e0.updated).toEqual([COVER]);
		expect(e0.not_confirmed).toHaveLength(200);
		expect((e0.not_updated as string[]).length).toBe(999); // in the first call, unknown to Cloudinary
		// Each item's error keeps the status of the failed call (Cloudinary's own words for a 5xx say none).
		const failedCall = 'Cloudinary: answered HTTP 503 Service Unavailable: General Error';
		expect(e0.error).toMatch(
			new RegExp(`^Item 0: ${failedCall} \\(1 of this item's 1200 public IDs were updated`),
		);
		expect(e1).toMatchObject({
			updated: [],
			not_confirmed: item1,
			error: expect.stringMatching(new RegExp(`^Item 1: ${failedCall} \\(0 of this item's 1 `)),
		});
		expect(e2).toMatchObject({
			updated: [],
			not_confirmed: item2,
			error: expect.stringMatching(new RegExp(`^Item 2: ${failedCall} \\(0 of this item's 1 `)),
		});
		// What the service holds matches what was reported.
		expect((await stored(COVER)).tags).toContain('partial');
		expect((await stored('covers/9781810000015')).tags).not.toContain('partial');
	});

	it('Delete by IDs in calls of 100: the deleted ones are listed, the rest not confirmed', async () => {
		const png =
			'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ' +
			'DwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
		const first = 'tests/partial/first';
		const last = 'tests/partial/last';
		for (const publicId of [first, last]) {
			const up = await runNode({
				node: 'cloudinary',
				parameters: {
					resource: 'asset',
					operation: 'upload',
					source: 'url',
					fileUrl: png,
					publicId,
				},
				credentials: sb.credentials,
			});
			expect(up.error).toBeUndefined();
		}
		const ids = [first, ...Array.from({ length: 148 }, (_, i) => `tests/partial/none-${i}`), last];
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 500,
			method: 'DELETE',
			path: '/resources/image/upload$',
			skip: 1,
			count: 20,
		});
		const result = await run(
			{ resource: 'asset', operation: 'delete', deleteBy: 'ids', publicIds: '={{ $json.ids }}' },
			[{ ids }],
			'continueRegularOutput',
		);
		const [error] = result.success.map((o) => o.json);
		expect(error.deleted).toEqual([first]);
		expect(error.notFound).toHaveLength(99);
		expect(error.notDeleted).toEqual(ids.slice(100));
		expect(error.error).toMatch(
			/^Item 0: Cloudinary: answered HTTP 500 Internal Server Error: General Error \(100 of 150 public IDs were/,
		);

		// Under "Continue (using error output)" the item reaches the error output, the counts in its
		// message and the lists in the error's description.
		await sb.control.delete('/faults');
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			method: 'DELETE',
			path: '/resources/image/upload$',
			skip: 1,
			count: 1,
			message: 'Bad batch',
		});
		const routed = await run(
			{ resource: 'asset', operation: 'delete', deleteBy: 'ids', publicIds: '={{ $json.ids }}' },
			[{ ids }],
			'continueErrorOutput',
		);
		expect(routed.success).toEqual([]);
		expect(routed.errors.map((o) => o.json.error)).toEqual([
			expect.stringMatching(
				/^Item 0: Cloudinary: answered HTTP 400 Bad Request: Bad batch \(100 of 150 public IDs were handled before/,
			),
		]);
		expect(
			String((routed.errors[0] as { error?: { description?: string } }).error?.description),
		).toContain(`notDeleted: ${ids.slice(100, 120).join(', ')}, … (50 in all)`);
		expect(
			(
				await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(first)}`, {
					validateStatus: () => true,
				})
			).status,
		).toBe(404);
		expect((await stored(last)).public_id).toBe(last);
	});
});
