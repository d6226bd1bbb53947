// Cloudinary › Tag and Context / Metadata bulk operations inside n8n's engine, against the emulator:
// the IDs of all items go out in Upload API calls of up to 1000, results come back per item.
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
	await sb.control.post('/cloudinary/rate-limit', { limit: 500, status: 420, used: 0 });
});

interface StoredState {
	tags: string[];
	context: Record<string, string>;
	metadata: Record<string, unknown>;
}

async function state(publicId: string): Promise<StoredState> {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	expect(res.status).toBe(200);
	return res.data.state;
}

async function seed(prefix: string, count: number, tags: string[] = []): Promise<string[]> {
	const res = await sb.control.post('/cloudinary/seed-assets', { count, prefix, tags });
	expect(res.status).toBe(200);
	const width = String(count - 1).length;
	return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(width, '0')}`);
}

const itemsOf = (ids: string[]) => ids.map((id) => ({ json: { public_id: id } }));

async function callsSince(since: number) {
	const all = await sb.requests('cloudinary', since);
	return {
		all,
		routes: all.map((r: { route: string }) => r.route),
		admin: all.filter((r: { route: string }) => r.route.startsWith('admin:')),
	};
}

const tagParams = (
	operation: string,
	tags: string[] = [],
	extra: Record<string, unknown> = {},
) => ({ resource: 'tag', operation, publicIds: '={{ $json.public_id }}', tags, ...extra });

describe('Cloudinary › Tag (bulk, Upload API)', () => {
	it('tags 2,500 assets from 2,500 items in 3 Upload API calls and no Admin call, and reports per item', async () => {
		const ids = await seed('bulk/tag_', 2500);
		const since = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', ['imprint_harbour', 'autumn_2026']),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(result.status).toBe('success');

		const calls = await callsSince(since);
		expect(calls.routes).toEqual(['upload:tags', 'upload:tags', 'upload:tags']);
		expect(calls.admin).toHaveLength(0);

		expect(result.json).toHaveLength(2500);
		expect(result.output.map((o: { pairedItem: { item: number } }) => o.pairedItem.item)).toEqual(
			ids.map((_, i) => i),
		);
		expect(result.json[1234]).toMatchObject({
			public_ids: [ids[1234]],
			updated: [ids[1234]],
			not_updated: [],
			success: true,
			command: 'add',
			tags: ['imprint_harbour', 'autumn_2026'],
		});
		for (const i of [0, 999, 1000, 1999, 2000, 2499]) {
			expect((await state(ids[i])).tags).toEqual(['imprint_harbour', 'autumn_2026']);
		}
	});

	it('collects list fields across items, groups items by own tags, reports unknown IDs in that item only', async () => {
		const ids = await seed('bulk/group_', 6, ['keep']);
		const since = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', ['={{ $json.imprint }}']),
			credentials: sb.credentials,
			items: [
				{ json: { public_id: [ids[0], ids[1]], imprint: 'harbour' } },
				{ json: { public_id: `${ids[2]}, ${ids[3]}`, imprint: 'harbour' } },
				{ json: { public_id: [ids[4], 'bulk/does_not_exist'], imprint: 'lantern' } },
				{ json: { public_id: ids[5], imprint: 'lantern' } },
			],
		});
		expect(result.status).toBe('success');
		const calls = await callsSince(since);
		expect(calls.routes).toEqual(['upload:tags', 'upload:tags']); // one per distinct tag set
		expect(result.json[0]).toMatchObject({
			updated: [ids[0], ids[1]],
			not_updated: [],
			success: true,
		});
		expect(result.json[1]).toMatchObject({ updated: [ids[2], ids[3]], success: true });
		expect(result.json[2]).toMatchObject({
			updated: [ids[4]],
			not_updated: ['bulk/does_not_exist'],
			success: false,
		});
		expect(result.json[2].message).toContain('Cloudinary did not update 1 of 2 public IDs');
		expect(result.json[3]).toMatchObject({ updated: [ids[5]], success: true });
		expect((await state(ids[3])).tags).toEqual(['keep', 'harbour']);
		expect((await state(ids[5])).tags).toEqual(['keep', 'lantern']);
	});

	it('removes, replaces and removes all tags, as the stored assets show', async () => {
		const ids = await seed('bulk/edit_', 3, ['a', 'b', 'c']);
		const run = (operation: string, tags: string[] = []) =>
			runNode({
				node: 'cloudinary',
				parameters: tagParams(operation, tags),
				credentials: sb.credentials,
				items: itemsOf(ids),
			});
		expect((await run('remove', ['b'])).status).toBe('success');
		expect((await state(ids[0])).tags).toEqual(['a', 'c']);
		expect((await run('replace', ['x', 'y'])).status).toBe('success');
		expect((await state(ids[1])).tags).toEqual(['x', 'y']);
		const cleared = await run('removeAll');
		expect(cleared.json[2]).toMatchObject({ command: 'remove_all', updated: [ids[2]] });
		for (const id of ids) expect((await state(id)).tags).toEqual([]);
	});

	it('splits calls so that tags × IDs stays within 10,000', async () => {
		const ids = await seed('bulk/many_tags_', 900);
		const tags = Array.from({ length: 20 }, (_, i) => `t${i}`);
		const since = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', tags),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(result.status).toBe('success');
		// 20 tags → at most 500 IDs a call
		expect((await callsSince(since)).routes).toEqual(['upload:tags', 'upload:tags']);
		expect((await state(ids[899])).tags).toHaveLength(20);
	});

	it('refuses a tag with a comma, naming the item and field, before any call', async () => {
		const ids = await seed('bulk/comma_', 2);
		const since = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', ['={{ $json.tag }}']),
			credentials: sb.credentials,
			items: [
				{ json: { public_id: ids[0], tag: 'fine' } },
				{ json: { public_id: ids[1], tag: 'harbour, lantern' } },
			],
		});
		expect(result.status).toBe('error');
		expect(result.error.message).toBe(
			'Item 1, field "Tags": "harbour, lantern" contains a comma, which Cloudinary does not allow in a tag',
		);
		expect(await sb.requests('cloudinary', since)).toHaveLength(0);
		expect((await state(ids[0])).tags).toEqual([]);
	});

	it('with Continue On Fail, an item without IDs gets its error and the others are tagged', async () => {
		const ids = await seed('bulk/cof_', 2);
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', ['ok']),
			credentials: sb.credentials,
			items: [
				{ json: { public_id: ids[0] } },
				{ json: { public_id: '' } },
				{ json: { public_id: 'bad#id' } },
				{ json: { public_id: ids[1] } },
			],
			continueOnFail: true,
		});
		expect(result.json[1].error).toBe('Item 1, field "Public IDs": no value was given');
		expect(result.json[2].error).toContain(
			'Item 2, field "Public IDs": "bad#id" contains "#", which Cloudinary does not allow in a public ID',
		);
		expect(result.json[0].updated).toEqual([ids[0]]);
		expect(result.json[3].updated).toEqual([ids[1]]);
		expect(result.output.map((o: { pairedItem: { item: number } }) => o.pairedItem.item)).toEqual([
			0, 1, 2, 3,
		]);
		expect((await state(ids[1])).tags).toEqual(['ok']);
	});

	it('keeps tagging when the Admin API quota is used up (the Upload API is not rate-limited)', async () => {
		const ids = await seed('bulk/quota_', 3);
		await sb.control.post('/cloudinary/rate-limit', { limit: 5, remaining: 0 });
		const result = await runNode({
			node: 'cloudinary',
			parameters: tagParams('add', ['quota_free']),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(result.status).toBe('success');
		expect((await state(ids[2])).tags).toEqual(['quota_free']);
	});

	it('lists the tags in use by prefix, all pages by cursor', async () => {
		await seed('bulk/list_', 3, ['zz_list_1', 'zz_list_2', 'zz_list_3']);
		const since = await sb.lastSeq('cloudinary');
		const all = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'tag', operation: 'list', prefix: 'zz_list_', returnAll: true },
			credentials: sb.credentials,
		});
		expect(all.json.map((j: { tag: string }) => j.tag)).toEqual([
			'zz_list_1',
			'zz_list_2',
			'zz_list_3',
		]);
		const limited = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'tag', operation: 'list', returnAll: false, limit: 2 },
			credentials: sb.credentials,
		});
		expect(limited.json).toHaveLength(2);
		const calls = await callsSince(since);
		expect(calls.routes.every((r: string) => r === 'admin:tags')).toBe(true);
	});
});

describe('Cloudinary › Context / Metadata (bulk, Upload API)', () => {
	const cm = (operation: string, extra: Record<string, unknown>) => ({
		resource: 'contextMetadata',
		operation,
		publicIds: '={{ $json.public_id }}',
		...extra,
	});

	it('sets context per item (values from each item) and removes keys and all context', async () => {
		const ids = await seed('bulk/ctx_', 4);
		const since = await sb.lastSeq('cloudinary');
		const set = await runNode({
			node: 'cloudinary',
			parameters: cm('setContext', {
				context: {
					pairs: [
						{ key: 'campaign', value: 'autumn|launch' },
						{ key: 'isbn', value: '={{ $json.isbn }}' },
					],
				},
			}),
			credentials: sb.credentials,
			items: ids.map((id, i) => ({ json: { public_id: id, isbn: `97818100000${i}` } })),
		});
		expect(set.status).toBe('success');
		expect((await callsSince(since)).routes).toEqual([
			'upload:context',
			'upload:context',
			'upload:context',
			'upload:context',
		]);
		expect(set.json[2]).toMatchObject({
			operation: 'set',
			context: { campaign: 'autumn|launch', isbn: '978181000002' },
			updated: [ids[2]],
		});
		expect((await state(ids[2])).context).toEqual({
			campaign: 'autumn|launch',
			isbn: '978181000002',
		});

		const removed = await runNode({
			node: 'cloudinary',
			parameters: cm('removeContext', { contextKeys: ['campaign'] }),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(removed.json[0]).toMatchObject({ operation: 'remove_keys', removed_keys: ['campaign'] });
		expect((await state(ids[0])).context).toEqual({ isbn: '978181000000' });

		const since2 = await sb.lastSeq('cloudinary');
		await runNode({
			node: 'cloudinary',
			parameters: cm('removeAllContext', {}),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect((await callsSince(since2)).routes).toEqual(['upload:context']);
		expect((await state(ids[3])).context).toEqual({});
	});

	it('sets and clears structured metadata on many assets in one call', async () => {
		const ids = await seed('bulk/meta_', 1500);
		const since = await sb.lastSeq('cloudinary');
		const set = await runNode({
			node: 'cloudinary',
			parameters: cm('setMetadata', {
				metadata: {
					fields: [
						{ field: 'imprint', value: 'harbour-lane' },
						{ field: 'publication_date', value: '2026-09-01' },
						{ field: 'territories', value: '["gb","ie"]' },
					],
				},
			}),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(set.status).toBe('success');
		const calls = await callsSince(since);
		expect(calls.routes).toEqual(['upload:metadata', 'upload:metadata']);
		expect(calls.admin).toHaveLength(0);
		expect(set.json[7]).toMatchObject({
			operation: 'set',
			metadata: {
				imprint: 'harbour-lane',
				publication_date: '2026-09-01',
				territories: ['gb', 'ie'],
			},
			updated: [ids[7]],
		});
		expect((await state(ids[1499])).metadata).toMatchObject({
			imprint: 'harbour-lane',
			publication_date: '2026-09-01',
			territories: ['gb', 'ie'],
		});

		await runNode({
			node: 'cloudinary',
			parameters: cm('clearMetadata', { metadataFields: ['territories'] }),
			credentials: sb.credentials,
			items: itemsOf(ids.slice(0, 2)),
		});
		const after = (await state(ids[0])).metadata;
		expect(after.territories).toBeUndefined();
		expect(after.imprint).toBe('harbour-lane');
	});

	it('with Continue On Fail, a rejected call fails only the items whose IDs it carried', async () => {
		const ids = await seed('bulk/meta_cof_', 3);
		const result = await runNode({
			node: 'cloudinary',
			parameters: cm('setMetadata', {
				metadata: { fields: [{ field: 'imprint', value: '={{ $json.imprint }}' }] },
			}),
			credentials: sb.credentials,
			items: [
				{ json: { public_id: ids[0], imprint: 'kestrel' } },
				{ json: { public_id: ids[1], imprint: 'no-such-imprint' } },
				{ json: { public_id: ids[2], imprint: 'kestrel' } },
			],
			continueOnFail: true,
		});
		expect(result.json[0]).toMatchObject({ updated: [ids[0]], success: true });
		expect(result.json[1].error).toContain('Invalid metadata value for field imprint');
		expect(result.json[2]).toMatchObject({ updated: [ids[2]], success: true });
		expect((await state(ids[0])).metadata.imprint).toBe('kestrel');
		expect((await state(ids[1])).metadata.imprint).toBeUndefined();
	});

	it("checks external IDs and dates before any call, passes Cloudinary's message for an unknown field", async () => {
		const ids = await seed('bulk/meta_bad_', 1);
		const since = await sb.lastSeq('cloudinary');
		const badDate = await runNode({
			node: 'cloudinary',
			parameters: cm('setMetadata', {
				metadata: { fields: [{ field: 'publication_date', value: '2026-02-30' }] },
			}),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(badDate.error.message).toBe(
			'Item 0, field "Metadata › publication_date": 2026-02-30 is not a real date',
		);
		const badId = await runNode({
			node: 'cloudinary',
			parameters: cm('setMetadata', { metadata: { fields: [{ field: 'pub date', value: 'x' }] } }),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(badId.error.message).toBe(
			'Item 0, field "Metadata": "pub date" is not a metadata field external ID',
		);
		expect(await sb.requests('cloudinary', since)).toHaveLength(0);

		const unknown = await runNode({
			node: 'cloudinary',
			parameters: cm('setMetadata', {
				metadata: { fields: [{ field: 'no_such_field', value: 'x' }] },
			}),
			credentials: sb.credentials,
			items: itemsOf(ids),
		});
		expect(unknown.status).toBe('error');
		expect(unknown.error.message).toContain(
			'The following metadata fields do not exist: ["no_such_field"]',
		);
	});
});
