// Cloudinary › Metadata Field, Folder, Usage, Access and Archive inside n8n's engine, against the
// emulator. State is checked through the emulator's control API, the Admin API itself, and the
// delivery CDN (a URL that should open must return real bytes; a tampered one must not).
import axios from 'axios';
import { readBinary, runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;
const TOKEN_KEY = '4a5b6c7d8e9f00112233445566778899';

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});
afterEach(async () => {
	await sb.control.delete('/faults');
	await sb.control.post('/clock', { reset: true });
	await sb.control.post('/cloudinary/rate-limit', { reset: true });
});

const creds = () => ({
	...sb.credentials,
	cloudinaryPublishingApi: { ...sb.credentials.cloudinaryPublishingApi, authTokenKey: TOKEN_KEY },
});

function admin() {
	const c = sb.credentials.cloudinaryPublishingApi;
	return axios.create({
		baseURL: `${c.apiBaseUrl}/v1_1/${c.cloudName}/`,
		auth: { username: c.apiKey, password: c.apiSecret },
		validateStatus: () => true,
	});
}

async function seed(prefix: string, count: number): Promise<string[]> {
	const res = await sb.control.post('/cloudinary/seed-assets', { count, prefix });
	expect(res.status).toBe(200);
	return Array.from(
		{ length: count },
		(_, i) => `${prefix}${String(i).padStart(String(count - 1).length, '0')}`,
	);
}

const get = (url: string) =>
	axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true });
const isJpeg = (data: ArrayBuffer) =>
	Buffer.from(data)
		.subarray(0, 3)
		.equals(Buffer.from([0xff, 0xd8, 0xff]));

describe('Cloudinary › Metadata Field', () => {
	const mf = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'metadataField',
		operation,
		...extra,
	});
	const field = (id: string) => ({ __rl: true, mode: 'id', value: id });

	it('creates, reads, updates, sets and deactivates list values, deletes a field, as the Admin API shows', async () => {
		const created = await runNode({
			node: 'cloudinary',
			parameters: mf('createField', {
				label: 'Print run',
				fieldType: 'enum',
				externalId: 'print_run',
				values: { value: [{ externalId: 'small', label: 'Small' }, { label: 'Large' }] },
				fieldOptions: { mandatory: false },
			}),
			credentials: sb.credentials,
		});
		expect(created.status).toBe('success');
		expect(created.json[0]).toMatchObject({
			external_id: 'print_run',
			label: 'Print run',
			type: 'enum',
		});
		let stored = (await admin().get('metadata_fields/print_run')).data;
		expect(stored.datasource.values.map((v: { value: string }) => v.value)).toEqual([
			'Small',
			'Large',
		]);

		await runNode({
			node: 'cloudinary',
			parameters: mf('updateField', {
				metadataField: field('print_run'),
				fieldOptions: { label: 'Print run size', defaultValue: 'small' },
			}),
			credentials: sb.credentials,
		});
		stored = (await admin().get('metadata_fields/print_run')).data;
		expect(stored).toMatchObject({ label: 'Print run size', default_value: 'small' });

		await runNode({
			node: 'cloudinary',
			parameters: mf('setValues', {
				metadataField: field('print_run'),
				values: { value: [{ externalId: 'medium', label: 'Medium' }] },
			}),
			credentials: sb.credentials,
		});
		await runNode({
			node: 'cloudinary',
			parameters: mf('deleteValues', { metadataField: field('print_run'), valueIds: ['medium'] }),
			credentials: sb.credentials,
		});
		stored = (await admin().get('metadata_fields/print_run')).data;
		expect(
			stored.datasource.values.find((v: { external_id: string }) => v.external_id === 'medium'),
		).toMatchObject({ value: 'Medium', state: 'inactive' });

		const got = await runNode({
			node: 'cloudinary',
			parameters: mf('getField', { metadataField: field('print_run') }),
			credentials: sb.credentials,
		});
		expect(got.json[0].label).toBe('Print run size');
		const list = await runNode({
			node: 'cloudinary',
			parameters: mf('listFields'),
			credentials: sb.credentials,
		});
		expect(list.json.map((f: { external_id: string }) => f.external_id)).toEqual(
			expect.arrayContaining(['isbn', 'imprint', 'print_run']),
		);

		const deleted = await runNode({
			node: 'cloudinary',
			parameters: mf('deleteField', { metadataField: field('print_run') }),
			credentials: sb.credentials,
		});
		expect(deleted.json[0]).toMatchObject({ external_id: 'print_run', deleted: true });
		expect((await admin().get('metadata_fields/print_run')).status).toBe(404);
		// external IDs are permanent
		const again = await runNode({
			node: 'cloudinary',
			parameters: mf('createField', {
				label: 'Again',
				fieldType: 'string',
				externalId: 'print_run',
			}),
			credentials: sb.credentials,
		});
		expect(again.error.message).toContain('external id print_run already exists');
	});

	it('checks types, dates and external IDs before any call', async () => {
		const since = await sb.lastSeq('cloudinary');
		const badDate = await runNode({
			node: 'cloudinary',
			parameters: mf('createField', {
				label: 'Embargo',
				fieldType: 'date',
				fieldOptions: { defaultValue: '2026-13-01' },
			}),
			credentials: sb.credentials,
		});
		expect(badDate.error.message).toBe('Item 0, field "Default Value": "2026-13-01" is not a date');
		const noValues = await runNode({
			node: 'cloudinary',
			parameters: mf('createField', { label: 'Format', fieldType: 'set' }),
			credentials: sb.credentials,
		});
		expect(noValues.error.message).toBe('Item 0, field "List Values": no value was given');
		const badId = await runNode({
			node: 'cloudinary',
			parameters: mf('getField', { metadataField: field('not an id') }),
			credentials: sb.credentials,
		});
		expect(badId.error.message).toBe(
			'Item 0, field "Metadata Field": "not an id" is not a metadata field external ID',
		);
		expect(await sb.requests('cloudinary', since)).toHaveLength(0);
		const missing = await runNode({
			node: 'cloudinary',
			parameters: mf('getField', { metadataField: field('nope') }),
			credentials: sb.credentials,
		});
		expect(missing.error.message).toBe(
			'Item 0, field "Metadata Field": Cloudinary has no metadata field "nope"',
		);
	});
});

describe('Cloudinary › Folder', () => {
	const folder = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'folder',
		operation,
		...extra,
	});

	it('creates, lists, renames and deletes folders', async () => {
		expect(
			(
				await runNode({
					node: 'cloudinary',
					parameters: folder('createFolder', { path: 'exports/harbour' }),
					credentials: sb.credentials,
				})
			).status,
		).toBe('success');
		const root = await runNode({
			node: 'cloudinary',
			parameters: folder('listFolders', { path: '', returnAll: true }),
			credentials: sb.credentials,
		});
		expect(root.json.map((f: { path: string }) => f.path)).toEqual(
			expect.arrayContaining(['covers', 'exports']),
		);
		const sub = await runNode({
			node: 'cloudinary',
			parameters: folder('listFolders', { path: 'exports', returnAll: true }),
			credentials: sb.credentials,
		});
		expect(sub.json).toEqual([
			expect.objectContaining({ name: 'harbour', path: 'exports/harbour' }),
		]);

		await runNode({
			node: 'cloudinary',
			parameters: folder('renameFolder', {
				path: 'exports/harbour',
				toPath: 'exports/harbour-lane',
			}),
			credentials: sb.credentials,
		});
		expect(
			(await admin().get('folders/exports')).data.folders.map((f: { path: string }) => f.path),
		).toEqual(['exports/harbour-lane']);

		const deleted = await runNode({
			node: 'cloudinary',
			parameters: folder('deleteFolder', { path: 'exports/harbour-lane' }),
			credentials: sb.credentials,
		});
		expect(deleted.json[0].deleted).toEqual(['exports/harbour-lane']);
		expect((await admin().get('folders/exports')).data.folders).toEqual([]);

		const missing = await runNode({
			node: 'cloudinary',
			parameters: folder('deleteFolder', { path: 'exports/nowhere' }),
			credentials: sb.credentials,
		});
		expect(missing.error.message).toBe(
			'Item 0, field "Folder Path": Cloudinary has no folder "exports/nowhere"',
		);
		const bad = await runNode({
			node: 'cloudinary',
			parameters: folder('createFolder', { path: 'a//b' }),
			credentials: sb.credentials,
		});
		expect(bad.error.message).toBe(
			'Item 0, field "Folder Path": "a//b" has an empty folder name ("//")',
		);
	});
});

describe('Cloudinary › Usage', () => {
	it('reports usage, current or for a day, labelled as account-level', async () => {
		const now = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'usage', operation: 'report', date: '' },
			credentials: sb.credentials,
		});
		expect(now.json[0]).toMatchObject({ scope: 'account' });
		expect(now.json[0].scope_note).toContain('Account-level');
		const fromApi = (await admin().get('usage')).data;
		// storage moves while seeded originals are rendered in the background; counts and the plan do not
		expect(now.json[0]).toMatchObject({
			plan: fromApi.plan,
			resources: fromApi.resources,
			objects: fromApi.objects,
			credits: { limit: fromApi.credits.limit },
		});
		expect(now.json[0].storage.usage).toBeGreaterThan(0);

		const yesterday = new Date(Date.parse((await sb.control.get('/clock')).data.now) - 86400e3)
			.toISOString()
			.slice(0, 10);
		const day = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'usage', operation: 'report', date: yesterday },
			credentials: sb.credentials,
		});
		expect(day.json[0]).toMatchObject({ scope: 'account', date: yesterday });
		const bad = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'usage', operation: 'report', date: '01/11/2026' },
			credentials: sb.credentials,
		});
		expect(bad.error.message).toBe('Item 0, field "Date": "01/11/2026" is not a date');
	});

	it('says when the Admin API quota resets', async () => {
		const hour = 3600e3;
		await sb.control.post('/clock', {
			now: Math.floor((Date.now() + 2 * hour) / hour) * hour + 60e3,
		});
		await sb.control.post('/cloudinary/rate-limit', { limit: 5, remaining: 0 });
		const result = await runNode({
			node: 'cloudinary',
			parameters: { resource: 'usage', operation: 'report', date: '' },
			credentials: sb.credentials,
		});
		expect(result.error.message).toContain('Rate Limit Exceeded');
		expect(result.error.description).toMatch(
			/the quota resets at \d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z/,
		);
	});
});

describe('Cloudinary › Access', () => {
	const access = (operation: string, extra: Record<string, unknown> = {}) => ({
		resource: 'access',
		operation,
		publicIds: '={{ $json.public_id }}',
		publicId: '={{ $json.public_id }}',
		...extra,
	});

	it('makes assets token-only: plain URL refused, signed and expiring URLs serve bytes, tampered refused', async () => {
		await sb.control.post('/cloudinary/settings', { tokenKey: TOKEN_KEY });
		const ids = await seed('access/tok_', 3);
		const since = await sb.lastSeq('cloudinary');
		const set = await runNode({
			node: 'cloudinary',
			parameters: access('setAccessControl', { access: 'token' }),
			credentials: creds(),
			items: ids.map((id) => ({ json: { public_id: id } })),
		});
		expect(set.json[1]).toMatchObject({
			updated: [ids[1]],
			access_control: [{ access_type: 'token' }],
		});
		const calls = await sb.requests('cloudinary', since);
		expect(calls.map((r: { route: string }) => r.route)).toEqual([
			'upload:explicit',
			'upload:explicit',
			'upload:explicit',
		]);
		expect(
			(await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(ids[0])}`)).data.state
				.access_control,
		).toEqual([{ access_type: 'token' }]);

		const base =
			`${sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl}/` +
			`${sb.credentials.cloudinaryPublishingApi.cloudName}/image/upload/${ids[0]}.jpg`;
		expect((await get(base)).status).toBe(401);

		const signed = await runNode({
			node: 'cloudinary',
			parameters: access('signedUrl', {
				deliveryType: 'upload',
				urlOptions: { format: 'jpg', transformation: 'c_scale,w_30' },
			}),
			credentials: creds(),
			items: [{ json: { public_id: ids[0] } }],
		});
		const signedUrl: string = signed.json[0].url;
		expect(signedUrl).toMatch(
			/\/image\/upload\/s--[A-Za-z0-9_-]{8}--\/c_scale,w_30\/v1\/access\/tok_0\.jpg$/,
		);
		const ok = await get(signedUrl);
		expect(ok.status).toBe(200);
		expect(isJpeg(ok.data)).toBe(true);
		expect((await get(signedUrl.replace('c_scale,w_30', 'c_scale,w_31'))).status).toBe(401);

		const expiring = await runNode({
			node: 'cloudinary',
			parameters: access('expiringUrl', {
				deliveryType: 'upload',
				expiresIn: 600,
				urlOptions: { format: 'jpg' },
			}),
			credentials: creds(),
			items: [{ json: { public_id: ids[1] } }],
		});
		const tokenUrl: string = expiring.json[0].url;
		expect(tokenUrl).toContain('?__cld_token__=st=');
		const tokOk = await get(tokenUrl);
		expect(tokOk.status).toBe(200);
		expect(isJpeg(tokOk.data)).toBe(true);
		expect(Buffer.from(tokOk.data).length).toBeGreaterThan(100);
		const tampered = tokenUrl.replace(
			/hmac=([0-9a-f])/,
			(_m, c) => `hmac=${c === 'a' ? 'b' : 'a'}`,
		);
		expect((await get(tampered)).status).toBe(401);
		expect((await get(tokenUrl.replace('tok_1', 'tok_2'))).status).toBe(401); // bound to one URL
		await sb.control.post('/clock', { advanceMs: 700e3 });
		expect((await get(tokenUrl)).status).toBe(401); // expired
	});

	it('opens assets only inside a time window, and makes them public again', async () => {
		const ids = await seed('access/win_', 1);
		const url =
			`${sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl}/` +
			`${sb.credentials.cloudinaryPublishingApi.cloudName}/image/upload/${ids[0]}.jpg`;
		const now = Date.parse((await sb.control.get('/clock')).data.now);
		await runNode({
			node: 'cloudinary',
			parameters: access('setAccessControl', {
				access: 'window',
				start: new Date(now + 86400e3).toISOString(),
			}),
			credentials: sb.credentials,
			items: [{ json: { public_id: ids[0] } }],
		});
		expect((await get(url)).status).toBe(401);
		await sb.control.post('/clock', { advanceMs: 2 * 86400e3 });
		expect((await get(url)).status).toBe(200);
		await runNode({
			node: 'cloudinary',
			parameters: access('setAccessControl', {
				access: 'window',
				end: new Date(now).toISOString(),
			}),
			credentials: sb.credentials,
			items: [{ json: { public_id: ids[0] } }],
		});
		expect((await get(url)).status).toBe(401);
		await runNode({
			node: 'cloudinary',
			parameters: access('setAccessControl', { access: 'public' }),
			credentials: sb.credentials,
			items: [{ json: { public_id: ids[0] } }],
		});
		expect((await get(url)).status).toBe(200);

		const bad = await runNode({
			node: 'cloudinary',
			parameters: access('setAccessControl', {
				access: 'window',
				start: '2026-10-01T00:00:00Z',
				end: '2026-09-01T00:00:00Z',
			}),
			credentials: sb.credentials,
			items: [{ json: { public_id: ids[0] } }],
		});
		expect(bad.error.message).toMatch(/^Item 0, field "End": the access rule ends/);
	});

	it('sets the access mode of many assets in bulk Admin calls and says when the quota resets', async () => {
		const ids = await seed('access/mode_', 150);
		const since = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: access('setAccessMode', { accessMode: 'authenticated' }),
			credentials: sb.credentials,
			items: [...ids, 'access/unknown'].map((id) => ({ json: { public_id: id } })),
		});
		expect(result.json[149]).toMatchObject({ access_mode: 'authenticated', updated: [ids[149]] });
		expect(result.json[150]).toMatchObject({
			updated: [],
			not_updated: ['access/unknown'],
			success: false,
		});
		expect((await sb.requests('cloudinary', since)).map((r: { route: string }) => r.route)).toEqual(
			['admin:resources.update_access_mode', 'admin:resources.update_access_mode'],
		);
		const url =
			`${sb.credentials.cloudinaryPublishingApi.deliveryBaseUrl}/` +
			`${sb.credentials.cloudinaryPublishingApi.cloudName}/image/upload/${ids[3]}.jpg`;
		expect((await get(url)).status).toBe(401);
		expect(
			(await admin().get(`resources/image/upload/${encodeURIComponent(ids[3])}`)).data.access_mode,
		).toBe('authenticated');

		const hour = 3600e3;
		await sb.control.post('/clock', {
			now: Math.floor((Date.now() + 2 * hour) / hour) * hour + 60e3,
		});
		await sb.control.post('/cloudinary/rate-limit', { limit: 5, remaining: 0, status: 429 });
		const limited = await runNode({
			node: 'cloudinary',
			parameters: access('setAccessMode', { accessMode: 'public' }),
			credentials: sb.credentials,
			items: [{ json: { public_id: ids[0] } }],
			continueOnFail: true,
		});
		expect(limited.json[0].error).toContain('Rate Limit Exceeded');
		expect(limited.json[0].errorDescription).toMatch(
			/quota resets at \d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z/,
		);
	});

	it('asks for the token key in the credential for an expiring URL', async () => {
		const result = await runNode({
			node: 'cloudinary',
			parameters: access('expiringUrl', {}),
			credentials: sb.credentials,
			items: [{ json: { public_id: 'x' } }],
		});
		expect(result.error.message).toBe(
			'Item 0, field "Credential › Token Auth Key": the Cloudinary credential has no token key',
		);
	});
});

describe('Cloudinary › Archive', () => {
	const archive = (extra: Record<string, unknown>) => ({
		resource: 'archive',
		operation: 'create',
		publicIds: '={{ $json.public_id }}',
		...extra,
	});

	it('creates one ZIP in Cloudinary from the IDs of all items and returns its URL', async () => {
		const ids = await seed('archive/url_', 4);
		const result = await runNode({
			node: 'cloudinary',
			parameters: archive({
				output: 'url',
				archiveOptions: { targetPublicId: 'exports/url-test' },
			}),
			credentials: sb.credentials,
			items: [
				{ json: { public_id: [ids[0], ids[1]] } },
				{ json: { public_id: ids[2] } },
				{ json: { public_id: ids[3] } },
			],
		});
		expect(result.status).toBe('success');
		expect(result.output).toHaveLength(1);
		expect(result.output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.json[0]).toMatchObject({
			resource_count: 4,
			file_count: 4,
			public_id: 'exports/url-test.zip',
			requested_count: 4,
		});
		const stored = await sb.control.get(
			'/cloudinary/state/assets/exports%2Furl-test.zip?resource_type=raw',
		);
		expect(stored.status).toBe(200);
		const zip = await get(result.json[0].url);
		expect(zip.status).toBe(200);
		const bytes = Buffer.from(zip.data);
		expect(bytes.subarray(0, 2).toString()).toBe('PK');
		for (const id of ids) expect(bytes.includes(Buffer.from(`${id}.jpg`))).toBe(true);
	});

	it('downloads the ZIP into binary data, and refuses more than 1000 IDs before any call', async () => {
		const ids = await seed('archive/bin_', 3);
		const result = await runNode({
			node: 'cloudinary',
			parameters: archive({
				output: 'binary',
				binaryPropertyName: 'zip',
				archiveOptions: { flattenFolders: true },
			}),
			credentials: sb.credentials,
			items: ids.map((id) => ({ json: { public_id: id } })),
		});
		expect(result.status).toBe('success');
		const binary = result.output[0].binary.zip;
		expect(binary).toMatchObject({ mimeType: 'application/zip', fileName: 'archive.zip' });
		const bytes: Buffer = await readBinary(binary);
		expect(bytes.subarray(0, 2).toString()).toBe('PK');
		expect(bytes.includes(Buffer.from('bin_1.jpg'))).toBe(true);
		expect(bytes.includes(Buffer.from('archive/bin_1.jpg'))).toBe(false);

		const missing = await runNode({
			node: 'cloudinary',
			parameters: archive({ output: 'binary' }),
			credentials: sb.credentials,
			items: [{ json: { public_id: 'archive/none' } }],
		});
		expect(missing.error.message).toContain('Resource not found - archive/none');

		const since = await sb.lastSeq('cloudinary');
		const tooMany = await runNode({
			node: 'cloudinary',
			parameters: archive({ output: 'url' }),
			credentials: sb.credentials,
			items: Array.from({ length: 1001 }, (_, i) => ({ json: { public_id: `x/${i}` } })),
		});
		expect(tooMany.error.message).toBe(
			'Item 0, field "Public IDs": the items name 1001 public IDs; one archive holds at most 1000',
		);
		expect(await sb.requests('cloudinary', since)).toHaveLength(0);
	});
});
