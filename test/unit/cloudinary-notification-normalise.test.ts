// Normalising Cloudinary notifications into items, and the trigger's filters. Payloads follow the
// shapes in docs/api-facts.md ("Notifications"), including both readings of the context payload.
import {
	matchesFilters,
	normaliseNotification,
	type NotificationItem,
} from '../../nodes/Cloudinary/trigger/normalise';

const envelope = {
	timestamp: '2026-11-26T10:00:00+00:00',
	request_id: 'a1b2c3',
	notification_context: {
		triggered_at: '2026-11-26T10:00:00.123Z',
		triggered_by: { source: 'api', id: '123' },
	},
	signature_key: '123',
};

const upload = {
	notification_type: 'upload',
	...envelope,
	asset_id: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
	public_id: 'covers/9781810000008',
	version: 1764150000,
	version_id: 'x',
	format: 'jpg',
	resource_type: 'image',
	type: 'upload',
	secure_url: 'https://res.cloudinary.com/demo/image/upload/v1764150000/covers/9781810000008.jpg',
	url: 'http://res.cloudinary.com/demo/image/upload/v1764150000/covers/9781810000008.jpg',
	asset_folder: 'covers',
	display_name: '9781810000008',
	tags: ['front-cover', 'lighthouse'],
	context: { custom: { isbn: '9781810000008' } },
	moderation: [{ kind: 'manual', status: 'pending' }],
};

describe('normaliseNotification', () => {
	it('turns an upload into one item with the asset fields and the raw payload', () => {
		const [item, ...rest] = normaliseNotification(upload);
		expect(rest).toHaveLength(0);
		expect(item).toMatchObject({
			eventType: 'upload',
			publicId: 'covers/9781810000008',
			assetId: upload.asset_id,
			version: 1764150000,
			secureUrl: upload.secure_url,
			resourceType: 'image',
			deliveryType: 'upload',
			format: 'jpg',
			folder: 'covers',
			assetFolder: 'covers',
			tags: ['front-cover', 'lighthouse'],
			context: { isbn: '9781810000008' },
			moderationStatus: 'pending',
			timestamp: '2026-11-26T10:00:00.000Z',
			notificationId: 'a1b2c3',
			changes: null,
		});
		expect(item.raw).toBe(upload);
	});

	it('reads an old-style upload notification without notification_type, timed by the header', () => {
		const { notification_type: _t, timestamp: _ts, notification_context: _c, ...bare } = upload;
		const [item] = normaliseNotification(bare, 1764150000);
		expect(item.eventType).toBe('upload');
		expect(item.timestamp).toBe(new Date(1764150000 * 1000).toISOString());
	});

	it('reads a moderation decision', () => {
		const [item] = normaliseNotification({
			notification_type: 'moderation',
			...envelope,
			asset_id: 'a',
			public_id: 'covers/x',
			resource_type: 'image',
			type: 'upload',
			moderation_status: 'approved',
			moderation_kind: 'manual',
			version: 5,
			secure_url: 'https://x/y.jpg',
		});
		expect(item).toMatchObject({
			eventType: 'moderation',
			publicId: 'covers/x',
			moderationStatus: 'approved',
			version: 5,
			secureUrl: 'https://x/y.jpg',
		});
	});

	it('emits one item per deleted asset (resources as an array)', () => {
		const items = normaliseNotification({
			notification_type: 'delete',
			...envelope,
			resources: [
				{
					resource_type: 'image',
					type: 'upload',
					asset_id: 'a1',
					public_id: 'covers/one',
					version: 1,
				},
				{
					resource_type: 'video',
					type: 'upload',
					asset_id: 'a2',
					public_id: 'trailers/two',
					version: 2,
				},
			],
		});
		expect(items.map((i) => [i.eventType, i.publicId, i.assetId, i.resourceType])).toEqual([
			['delete', 'covers/one', 'a1', 'image'],
			['delete', 'trailers/two', 'a2', 'video'],
		]);
		// Each item's raw payload keeps only its own asset (a bulk delete of 1000 must not copy 1000 × 1000 entries).
		expect(items[1].raw).toMatchObject({
			notification_type: 'delete',
			request_id: 'a1b2c3',
			resources: [{ public_id: 'trailers/two' }],
		});
		expect((items[1].raw.resources as unknown[]).length).toBe(1);
	});

	it('reads tag changes per asset', () => {
		const items = normaliseNotification({
			notification_type: 'resource_tags_changed',
			...envelope,
			resources: [
				{
					public_id: 'covers/one',
					type: 'upload',
					resource_type: 'image',
					added: ['approved'],
					removed: ['draft'],
					updated: [],
				},
				{
					public_id: 'covers/two',
					type: 'upload',
					resource_type: 'image',
					added: ['approved'],
					removed: [],
				},
			],
		});
		expect(items).toHaveLength(2);
		expect(items[0].changes).toEqual({ added: ['approved'], removed: ['draft'], updated: [] });
		expect(items[1].changes).toEqual({ added: ['approved'], removed: [], updated: [] });
	});

	it('reads context changes keyed by public ID, as {name, value} arrays and as maps (docs/api-facts.md)', () => {
		const asPairs = normaliseNotification({
			notification_type: 'resource_context_changed',
			...envelope,
			resources: {
				'covers/one': {
					asset_id: 'a1',
					resource_type: 'image',
					type: 'upload',
					added: [{ name: 'isbn', value: '9781810000008' }],
					removed: [{ name: 'old' }],
					updated: [],
				},
			},
		});
		const asMaps = normaliseNotification({
			notification_type: 'resource_context_changed',
			...envelope,
			resources: {
				'covers/one': {
					asset_id: 'a1',
					resource_type: 'image',
					type: 'upload',
					added: { isbn: '9781810000008' },
					removed: { old: null },
					updated: {},
				},
			},
		});
		expect(asPairs[0].raw.resources).toEqual({
			'covers/one': expect.objectContaining({ asset_id: 'a1' }),
		});
		for (const [item] of [asPairs, asMaps]) {
			expect(item).toMatchObject({
				eventType: 'resource_context_changed',
				publicId: 'covers/one',
				assetId: 'a1',
				changes: { added: { isbn: '9781810000008' }, removed: { old: null }, updated: {} },
			});
		}
	});

	it('reads metadata, access-control, move, display-name, rename, eager and error notifications', () => {
		const md = normaliseNotification({
			notification_type: 'resource_metadata_changed',
			resources: { 'covers/a': { asset_id: 'a', added: [{ external_id: 'isbn', value: '978' }] } },
		})[0];
		expect(md).toMatchObject({ publicId: 'covers/a', changes: { added: { isbn: '978' } } });
		const ac = normaliseNotification({
			notification_type: 'access_control_changed',
			resources: {
				'covers/a': { access_control: [{ access_type: 'token' }], previous_access_control: [] },
			},
		})[0];
		expect(ac.changes).toEqual({
			accessControl: [{ access_type: 'token' }],
			previousAccessControl: [],
		});
		const mv = normaliseNotification({
			notification_type: 'move',
			resources: { 'covers/a': { from_asset_folder: 'inbox', to_asset_folder: 'covers' } },
		})[0];
		expect(mv).toMatchObject({
			assetFolder: 'covers',
			changes: { fromAssetFolder: 'inbox', toAssetFolder: 'covers' },
		});
		const dn = normaliseNotification({
			notification_type: 'resource_display_name_changed',
			resources: { 'covers/a': { new_display_name: 'New', old_display_name: 'Old' } },
		})[0];
		expect(dn).toMatchObject({ displayName: 'New', changes: { from: 'Old', to: 'New' } });
		const rn = normaliseNotification({
			notification_type: 'rename',
			from_public_id: 'inbox/a',
			to_public_id: 'covers/a',
			resource_type: 'image',
			type: 'upload',
		})[0];
		expect(rn).toMatchObject({
			publicId: 'covers/a',
			previousPublicId: 'inbox/a',
			folder: 'covers',
		});
		const eg = normaliseNotification({
			notification_type: 'eager',
			batch_id: 'b1',
			public_id: 'covers/a',
			eager: [{ transformation: 'w_100', secure_url: 'https://x' }],
		})[0];
		expect(eg).toMatchObject({
			publicId: 'covers/a',
			changes: { batchId: 'b1', derived: [{ transformation: 'w_100', secure_url: 'https://x' }] },
		});
		const er = normaliseNotification({
			notification_type: 'error',
			batch_id: 'b2',
			error: { message: 'Invalid image file' },
		})[0];
		expect(er).toMatchObject({
			eventType: 'error',
			publicId: null,
			changes: { batchId: 'b2', error: 'Invalid image file' },
		});
	});

	it('never throws on odd shapes', () => {
		const odd = [
			{},
			{ notification_type: 'delete', resources: null },
			{ notification_type: 'delete', resources: [1, 'x', null] },
			{ resources: { a: 'not an object' } },
			{ tags: 'a, b', context: 'x', metadata: [1], version: 'n/a', timestamp: 'not a date' },
		];
		for (const payload of odd) expect(() => normaliseNotification(payload as never)).not.toThrow();
		expect(
			normaliseNotification({ notification_type: 'delete', resources: [1, 'x', null] } as never),
		).toEqual([]);
		expect(normaliseNotification({ tags: 'a, b', version: 'n/a' } as never)[0]).toMatchObject({
			eventType: 'unknown',
			tags: ['a', 'b'],
			version: null,
		});
	});
});

describe('matchesFilters', () => {
	const [item] = normaliseNotification(upload);
	const tagChange = normaliseNotification({
		notification_type: 'resource_tags_changed',
		resources: [{ public_id: 'misc/x', resource_type: 'image', added: ['approved'], removed: [] }],
	})[0];
	const cases: Array<[string, NotificationItem, Parameters<typeof matchesFilters>[1], boolean]> = [
		['no filters', item, {}, true],
		['event chosen', item, { events: ['upload', 'delete'] }, true],
		['event not chosen', item, { events: ['delete'] }, false],
		['"all" events', item, { events: ['all'] }, true],
		['public ID prefix', item, { folder: 'covers/97818' }, true],
		['folder with slash', item, { folder: 'covers/' }, true],
		['other folder', item, { folder: 'trailers/' }, false],
		['tag present', item, { tags: ['nope', 'front-cover'] }, true],
		['tag absent', item, { tags: ['back-cover'] }, false],
		['tag added by a change', tagChange, { tags: ['approved'] }, true],
		['resource type', item, { resourceTypes: ['image'] }, true],
		['other resource type', item, { resourceTypes: ['video', 'raw'] }, false],
		['moderation status', item, { moderationStatuses: ['pending'] }, true],
		['other moderation status', item, { moderationStatuses: ['approved'] }, false],
		['no moderation at all', tagChange, { moderationStatuses: ['approved'] }, false],
		[
			'all filters together',
			item,
			{
				events: ['upload'],
				folder: 'covers',
				tags: ['lighthouse'],
				resourceTypes: ['image'],
				moderationStatuses: ['pending'],
			},
			true,
		],
		[
			'one of several fails',
			item,
			{ events: ['upload'], folder: 'covers', tags: ['lighthouse'], resourceTypes: ['video'] },
			false,
		],
	];
	it.each(cases)('%s', (_name, it_, filters, expected) => {
		expect(matchesFilters(it_, filters)).toBe(expected);
	});
});
