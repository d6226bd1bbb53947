'use strict';
// Templates F1 (link approved covers) and F4 (link title media) in a REAL n8n 2.40.7, started the way
// a user runs them: imported as shipped, published (activated), and driven by real uploads and
// moderation decisions in the Cloudinary emulator, whose signed notifications reach n8n's webhook.
// Asserts the end state in Consonance and Cloudinary, then re-drives the same events and asserts
// that nothing changed.
const axios = require('axios');
const sharp = require('sharp');
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const { loadTemplate } = require('../../scripts/lib/templates');
const { expectReportShape } = require('../helpers/template-report');

const MINUTE = 60 * 1000;
jest.setTimeout(10 * MINUTE);
// n8n needs longer than its usual 90 s to start on a loaded machine (2 cores shared by many runs).
const START_TIMEOUT = 5 * MINUTE;

let sb;
let instance;
const ids = {};

const api = () => `${sb.info.cloudinary.apiBaseUrl}/v1_1/${sb.info.cloudinary.cloudName}`;
const basic = () => ({
	auth: { username: sb.info.cloudinary.apiKey, password: sb.info.cloudinary.apiSecret },
	validateStatus: () => true,
});
const form = { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
const delivery = (type, rest) =>
	`${sb.info.cloudinary.deliveryBaseUrl}/${sb.info.cloudinary.cloudName}/${type}/upload/${rest}`;

async function image(format, color) {
	const img = sharp({ create: { width: 40, height: 60, channels: 3, background: color } });
	return (format === 'png' ? img.png() : img.jpeg()).toBuffer();
}

async function upload(resourceType, dataUri, fields) {
	const body = new URLSearchParams({ file: dataUri, ...fields });
	const res = await axios.post(`${api()}/${resourceType}/upload`, body.toString(), {
		...form,
		...basic(),
	});
	expect([res.status, res.data.error]).toEqual([200, undefined]);
	return res.data;
}

async function moderate(publicId, status) {
	const res = await axios.post(
		`${api()}/resources/image/upload/${encodeURIComponent(publicId)}`,
		new URLSearchParams({ moderation_status: status }).toString(),
		{ ...form, ...basic() },
	);
	expect(res.status).toBe(200);
}

async function asset(publicId) {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	expect(res.status).toBe(200);
	return res.data;
}

async function product(isbn) {
	const res = await axios.post(
		`${sb.info.consonance.baseUrl}/graphql`,
		{ query: `{ product(productSearch: { isbn13Eq: "${isbn}" }) { id work { id } } }` },
		{ headers: { Authorization: `Bearer ${sb.info.consonance.apiKey}` } },
	);
	const p = res.data.data.product;
	return { productId: Number(p.id), workId: Number(p.work.id) };
}

const productState = async (id) => (await sb.control.get(`/consonance/state/products/${id}`)).data;
const workState = async (id) => (await sb.control.get(`/consonance/state/works/${id}`)).data;
const summary = async () => (await sb.control.get('/consonance/state/summary')).data;

/**
 * The cover events (F1) or uploaded files (F4) of one execution: its one Report item, in the shape every
 * template's Report has, lists them in `events`.
 */
function eventsOf(runs) {
	const items = runs.flatMap((r) => (r.data?.main ?? []).flat().filter(Boolean));
	expect(items).toHaveLength(1);
	return expectReportShape(items[0].json).events;
}

/** Waits for the workflow's n-th finished execution and returns the items of `nodeName` (all runs). */
async function nthExecution(workflowId, n, nodeName) {
	const list = await instance.waitForExecutions(
		workflowId,
		(l) => l.filter((e) => e.status !== 'running' && e.status !== 'new').length >= n,
		{ timeoutMs: 60000 },
	);
	const finished = list.filter((e) => e.status !== 'running' && e.status !== 'new');
	expect(finished).toHaveLength(n);
	const execution = await instance.execution(finished[0].id);
	expect(execution.status).toBe('success');
	const runs = execution.data.resultData.runData[nodeName] ?? [];
	return eventsOf(runs);
}

/** The delivered notification about `publicId` of `eventType` (the last one). */
async function lastDelivery(eventType, publicId, hook = ids.f1Hook) {
	const { data } = await sb.control.get('/cloudinary/notifications');
	const hits = data.notifications.filter(
		(n) => n.eventType === eventType && n.body.includes(`"${publicId}"`) && n.url.includes(hook),
	);
	expect(hits.length).toBeGreaterThan(0);
	return hits[hits.length - 1];
}

async function deliveredBody(eventType, publicId, hook = ids.f1Hook) {
	return JSON.parse((await lastDelivery(eventType, publicId, hook)).body);
}

/**
 * The last notification of `publicId` delivered again, as Cloudinary delivers a notification again:
 * the same body under a later X-Cld-Timestamp. (Sent within the same second it would carry the same
 * signature: an exact replay, which the trigger acknowledges and runs nothing for.)
 */
async function deliverAgain(eventType, publicId, hook = ids.f1Hook) {
	const last = await lastDelivery(eventType, publicId, hook);
	const { data } = await sb.control.post('/cloudinary/notify', {
		eventType,
		body: JSON.parse(last.body),
		timestamp: last.timestamp + 1,
	});
	expect(data.sent.find((s) => s.url.includes(hook)).status).toBe(200);
}

beforeAll(async () => {
	sb = await startTestSandbox();
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const creds = n8nCredentials(sb.info);
	expect((await instance.importCredentials([creds.consonance, creds.cloudinary])).code ?? 0).toBe(
		0,
	);
	const f1 = loadTemplate('F1-link-approved-covers-to-consonance.json');
	ids.f1Hook = f1.nodes.find((n) => n.webhookId).webhookId;
	ids.f1 = await instance.importWorkflow({ ...f1, id: 'tplF1covers00001' });
	const f4 = loadTemplate('F4-link-title-media-to-consonance.json');
	ids.f4Hook = f4.nodes.find((n) => n.webhookId).webhookId;
	ids.f4 = await instance.importWorkflow({ ...f4, id: 'tplF4media000001' });
	await instance.start({ timeoutMs: START_TIMEOUT });
	await instance.login();
}, 20 * MINUTE);

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

describe('F1 Link approved covers to Consonance titles', () => {
	const ISBN = '9781810000053'; // seeded as a pending cover
	let title;
	let firstUrl;
	let currentUrl;

	test("publishing registers the trigger; an approved cover's versioned JPG is the cover, IDs saved", async () => {
		await instance.activateWorkflow(ids.f1);
		const { data } = await sb.control.get('/cloudinary/triggers');
		expect(
			data.triggers
				.filter((t) => t.uri.includes(ids.f1Hook))
				.map((t) => t.event_type)
				.sort(),
		).toEqual(['moderation', 'upload']);

		title = await product(ISBN);
		const before = await summary();
		expect((await productState(title.productId)).supportingResources).toEqual([]);
		expect((await asset(`covers/${ISBN}`)).moderation_status).toBe('pending');

		await moderate(`covers/${ISBN}`, 'approved');
		const report = await nthExecution(ids.f1, 1, 'Report');
		const cover = await asset(`covers/${ISBN}`);
		firstUrl = delivery('image', `f_jpg/v${cover.version}/covers/${ISBN}.jpg`);
		expect(report).toEqual([
			expect.objectContaining({
				outcome: 'linked',
				publicId: `covers/${ISBN}`,
				isbn: ISBN,
				workId: title.workId,
				productIds: [title.productId],
				url: firstUrl,
			}),
		]);

		const linked = (await productState(title.productId)).supportingResources;
		expect(linked).toHaveLength(1);
		expect(linked[0]).toMatchObject({
			resourceVariant: 'FRONT_COVER',
			imageRemoteUrl: firstUrl,
			productIds: [title.productId],
		});
		expect((await summary()).supportingResources).toBe(before.supportingResources + 1);
		expect(cover.metadata).toMatchObject({
			work_id: title.workId,
			product_id: title.productId,
			isbn: ISBN,
		});
	});

	test('the same approval delivered again changes nothing', async () => {
		const before = {
			summary: await summary(),
			work: await workState(title.workId),
			asset: await asset(`covers/${ISBN}`),
		};
		await deliverAgain('moderation', `covers/${ISBN}`);
		const report = await nthExecution(ids.f1, 2, 'Report');
		expect(report).toEqual([expect.objectContaining({ outcome: 'alreadyLinked', url: firstUrl })]);
		expect(await summary()).toEqual(before.summary);
		expect(await workState(title.workId)).toEqual(before.work);
		const after = await asset(`covers/${ISBN}`);
		expect([after.version, after.metadata]).toEqual([before.asset.version, before.asset.metadata]);
	});

	test('an upload that asked for no moderation is not linked by default: nothing written anywhere', async () => {
		const before = {
			summary: await summary(),
			work: await workState(title.workId),
			metadata: (await asset(`covers/${ISBN}`)).metadata,
		};
		const png = await image('png', { r: 250, g: 250, b: 0 });
		await upload('image', `data:image/png;base64,${png.toString('base64')}`, {
			public_id: `covers/${ISBN}`,
			overwrite: 'true',
		});
		const report = await nthExecution(ids.f1, 3, 'Report');
		expect(report).toEqual([
			expect.objectContaining({ outcome: 'notModerated', publicId: `covers/${ISBN}` }),
		]);
		expect(report[0].message).toMatch(/without moderation: not linked/);
		expect(await summary()).toEqual(before.summary);
		expect(await workState(title.workId)).toEqual(before.work);
		expect(
			(await productState(title.productId)).supportingResources.map((r) => r.imageRemoteUrl),
		).toEqual([firstUrl]);
		expect((await asset(`covers/${ISBN}`)).metadata).toEqual(before.metadata);
	});

	test('a new PNG version approved in moderation replaces the cover with a JPG URL, unlinks the old one', async () => {
		const png = await image('png', { r: 200, g: 40, b: 40 });
		const up = await upload('image', `data:image/png;base64,${png.toString('base64')}`, {
			public_id: `covers/${ISBN}`,
			overwrite: 'true',
			invalidate: 'true',
			moderation: 'manual',
		});
		expect(up.format).toBe('png');
		expect(await nthExecution(ids.f1, 4, 'Report')).toEqual([
			expect.objectContaining({ outcome: 'waiting' }),
		]);
		await moderate(`covers/${ISBN}`, 'approved');
		const report = await nthExecution(ids.f1, 5, 'Report');
		const newUrl = delivery('image', `f_jpg/v${up.version}/covers/${ISBN}.jpg`);
		expect(newUrl).not.toBe(firstUrl);
		expect(report).toEqual([expect.objectContaining({ outcome: 'linked', url: newUrl })]);

		const linked = (await productState(title.productId)).supportingResources.filter(
			(r) => r.resourceVariant === 'FRONT_COVER',
		);
		expect(linked.map((r) => [r.imageRemoteUrl, r.status])).toEqual([[newUrl, 'APPROVED']]);
		const all = (await workState(title.workId)).supportingResources;
		expect(all.find((r) => r.imageRemoteUrl === firstUrl).productIds).not.toContain(
			title.productId,
		);
		// Consonance read the delivered image: a real JPG.
		expect(all.find((r) => r.imageRemoteUrl === newUrl)).toMatchObject({
			imageContentType: 'image/jpeg',
		});
		currentUrl = newUrl;
	});

	test('a new cover Consonance cannot attach leaves the current cover linked, and the report says why', async () => {
		const jpg = await image('jpg', { r: 0, g: 90, b: 200 });
		const up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: `covers/${ISBN}`,
			overwrite: 'true',
			moderation: 'manual',
		});
		expect(await nthExecution(ids.f1, 6, 'Report')).toEqual([
			expect.objectContaining({ outcome: 'waiting' }),
		]);
		const before = await summary();
		// Consonance fetches the new cover from Cloudinary's delivery: make that fetch fail.
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 500,
			path: `/v${up.version}/covers/${ISBN}\\.jpg`,
		});
		try {
			await moderate(`covers/${ISBN}`, 'approved');
			const report = await nthExecution(ids.f1, 7, 'Report');
			expect(report).toEqual([
				expect.objectContaining({ outcome: 'failed', publicId: `covers/${ISBN}` }),
			]);
			expect(report[0].message).toMatch(/Image/i);
		} finally {
			await sb.control.delete('/faults');
		}
		expect(await summary()).toEqual(before);
		const linked = (await productState(title.productId)).supportingResources.filter(
			(r) => r.resourceVariant === 'FRONT_COVER',
		);
		expect(linked.map((r) => [r.imageRemoteUrl, r.status])).toEqual([[currentUrl, 'APPROVED']]);
	});

	test('an isbn in the context disagreeing with the file name is reported; context never picks the title', async () => {
		const other = '9781810000084';
		const target = await product('9781810000008');
		const stranger = await product(other);
		const before = {
			summary: await summary(),
			work: await workState(target.workId),
			stranger: await workState(stranger.workId),
		};
		const jpg = await image('jpg', { r: 90, g: 0, b: 90 });
		const up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'covers/9781810000008',
			overwrite: 'true',
			moderation: 'manual',
			context: `isbn=${other}`,
		});
		const reported = await nthExecution(ids.f1, 8, 'Report');
		expect(reported).toEqual([
			expect.objectContaining({ outcome: 'mismatch', isbn: '9781810000008' }),
		]);
		expect(reported[0].message).toContain(other);
		expect(await summary()).toEqual(before.summary);
		expect(await workState(target.workId)).toEqual(before.work);

		// Approved: it becomes the cover of the file name's title, never of the title the context names.
		await moderate('covers/9781810000008', 'approved');
		const report = await nthExecution(ids.f1, 9, 'Report');
		const url = delivery('image', `f_jpg/v${up.version}/covers/9781810000008.jpg`);
		expect(report).toEqual([
			expect.objectContaining({
				outcome: 'linked',
				isbn: '9781810000008',
				productIds: [target.productId],
				url,
			}),
		]);
		expect(await workState(stranger.workId)).toEqual(before.stranger);
	});

	test('an ISBN with no title and a rejected cover are reported and write nothing', async () => {
		const before = await summary();
		const jpg = await image('jpg', { r: 20, g: 20, b: 20 });
		await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'covers/9780000000002',
			moderation: 'manual',
		});
		expect(await nthExecution(ids.f1, 10, 'Report')).toEqual([
			expect.objectContaining({ outcome: 'waiting' }),
		]);
		await moderate('covers/9780000000002', 'approved');
		const noTitle = await nthExecution(ids.f1, 11, 'Report');
		expect(noTitle).toEqual([
			expect.objectContaining({ outcome: 'noTitle', isbn: '9780000000002' }),
		]);
		expect(noTitle[0].message).toContain('9780000000002');
		expect((await asset('covers/9780000000002')).metadata ?? {}).not.toHaveProperty('work_id');

		const rejectedIsbn = '9781810000121'; // seeded as pending
		const rejectedTitle = await product(rejectedIsbn);
		await moderate(`covers/${rejectedIsbn}`, 'rejected');
		const rejected = await nthExecution(ids.f1, 12, 'Report');
		expect(rejected).toEqual([
			expect.objectContaining({ outcome: 'rejected', publicId: `covers/${rejectedIsbn}` }),
		]);
		expect((await productState(rejectedTitle.productId)).supportingResources).toEqual([]);
		expect((await asset(`covers/${rejectedIsbn}`)).metadata).not.toHaveProperty('work_id');
		expect(await summary()).toEqual(before);
	});
});

describe('F4 Link title media to Consonance', () => {
	const BOOK_ISBN = '9781810000008';
	const AUDIO_ISBN = '9781810000084'; // the seeded audiobook edition
	const uploaded = {};
	let book;
	let audio;

	test('an author photo, event graphic and audiobook sample with context are linked to their titles', async () => {
		await instance.activateWorkflow(ids.f4);
		book = await product(BOOK_ISBN);
		audio = await product(AUDIO_ISBN);
		const before = await summary();

		const jpg = await image('jpg', { r: 120, g: 90, b: 60 });
		uploaded.photo = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'authors/e2e-new-author',
			context: `isbn=${BOOK_ISBN}|asset_role=author_photo|credit=Photo © E2E Studio`,
		});
		let report = await nthExecution(ids.f4, 1, 'Report');
		const photoUrl = delivery(
			'image',
			`f_jpg/v${uploaded.photo.version}/authors/e2e-new-author.jpg`,
		);
		expect(report).toEqual([
			expect.objectContaining({
				outcome: 'linked',
				publicId: 'authors/e2e-new-author',
				workId: book.workId,
				url: photoUrl,
			}),
		]);

		const png = await image('png', { r: 10, g: 160, b: 90 });
		uploaded.event = await upload('image', `data:image/png;base64,${png.toString('base64')}`, {
			public_id: 'events/e2e-signing',
			context: `isbn=${BOOK_ISBN}|work_id=${book.workId}|usage=event_graphic|milestone=signing`,
		});
		report = await nthExecution(ids.f4, 2, 'Report');
		const eventUrl = delivery('image', `f_jpg/v${uploaded.event.version}/events/e2e-signing.jpg`);
		expect(report).toEqual([
			expect.objectContaining({ outcome: 'linked', workId: book.workId, url: eventUrl }),
		]);

		const seeded = await axios.get(delivery('video', `audio-samples/${AUDIO_ISBN}-sample.wav`), {
			responseType: 'arraybuffer',
		});
		expect(seeded.status).toBe(200);
		uploaded.audio = await upload(
			'video',
			`data:audio/wav;base64,${Buffer.from(seeded.data).toString('base64')}`,
			{
				public_id: `audio-samples/${AUDIO_ISBN}-chapter-one`,
				context: `isbn=${AUDIO_ISBN}|asset_role=audio_sample|milestone=launch`,
			},
		);
		report = await nthExecution(ids.f4, 3, 'Report');
		expect(report).toEqual([
			expect.objectContaining({
				outcome: 'linked',
				productId: audio.productId,
				url: uploaded.audio.secure_url,
			}),
		]);

		// Consonance: two supporting resources on the work, linked to all its editions; one web link on the audiobook.
		const work = await workState(book.workId);
		const resources = work.supportingResources.filter((r) =>
			[photoUrl, eventUrl].includes(r.imageRemoteUrl),
		);
		expect(resources.map((r) => [r.resourceVariant, r.imageRemoteUrl])).toEqual(
			expect.arrayContaining([
				['AUTHOR_PHOTO', photoUrl],
				['PROMOTIONAL', eventUrl],
			]),
		);
		expect(resources).toHaveLength(2);
		for (const r of resources)
			expect([...r.productIds].sort()).toEqual([...work.productIds].sort());
		expect(resources.find((r) => r.resourceVariant === 'AUTHOR_PHOTO')).toMatchObject({
			requiredCredit: 'Photo © E2E Studio',
		});
		expect(resources.find((r) => r.resourceVariant === 'PROMOTIONAL')).toMatchObject({
			imageContentType: 'image/jpeg',
		});
		const links = (await productState(audio.productId)).webLinks.filter(
			(l) => l.link === uploaded.audio.secure_url,
		);
		expect(links).toEqual([
			expect.objectContaining({ role: 'audio_sample', note: 'audio sample · launch' }),
		]);
		expect(
			(await workState(audio.workId)).webLinks.filter((l) => l.link === uploaded.audio.secure_url),
		).toEqual([]);
		const after = await summary();
		expect([after.supportingResources, after.webLinks]).toEqual([
			before.supportingResources + 2,
			before.webLinks + 1,
		]);

		// Cloudinary: the assets carry the title.
		expect((await asset('authors/e2e-new-author')).context.custom).toMatchObject({
			work_id: String(book.workId),
			product_id: String(book.productId),
			asset_role: 'author_photo',
			title: work.title,
		});
		expect((await asset('events/e2e-signing')).context.custom).toMatchObject({
			work_id: String(book.workId),
			product_id: String(book.productId),
			milestone: 'signing',
			title: work.title,
		});
		expect((await asset(`audio-samples/${AUDIO_ISBN}-chapter-one`)).context.custom).toMatchObject({
			work_id: String(audio.workId),
			product_id: String(audio.productId),
		});
	});

	test('the same uploads delivered again change nothing; a file naming no known title is reported', async () => {
		const before = {
			summary: await summary(),
			work: await workState(book.workId),
			audio: await productState(audio.productId),
			photo: await asset('authors/e2e-new-author'),
		};
		let n = 3;
		for (const publicId of [
			'authors/e2e-new-author',
			'events/e2e-signing',
			`audio-samples/${AUDIO_ISBN}-chapter-one`,
		]) {
			await deliverAgain('upload', publicId, ids.f4Hook);
			n += 1;
			expect(await nthExecution(ids.f4, n, 'Report')).toEqual([
				expect.objectContaining({ outcome: 'alreadyLinked', publicId }),
			]);
		}
		expect(await summary()).toEqual(before.summary);
		expect(await workState(book.workId)).toEqual(before.work);
		expect(await productState(audio.productId)).toEqual(before.audio);
		expect((await asset('authors/e2e-new-author')).context).toEqual(before.photo.context);

		const jpg = await image('jpg', { r: 1, g: 2, b: 3 });
		await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'authors/e2e-unknown',
			context: 'isbn=9780000000002|asset_role=author_photo',
		});
		const report = await nthExecution(ids.f4, n + 1, 'Report');
		expect(report).toEqual([
			expect.objectContaining({ outcome: 'noTitle', publicId: 'authors/e2e-unknown' }),
		]);
		expect(report[0].message).toContain('9780000000002');
		expect(await summary()).toEqual(before.summary);
		expect((await asset('authors/e2e-unknown')).context.custom).not.toHaveProperty('work_id');
	});

	test("an uploader's work_id decides nothing alone, and one that does not own the isbn is a mismatch", async () => {
		expect(audio.workId).not.toBe(book.workId);
		const before = {
			summary: await summary(),
			book: await workState(book.workId),
			audio: await workState(audio.workId),
		};
		const n = (await instance.waitForExecutions(ids.f4, () => true, { timeoutMs: 1000 })).filter(
			(e) => e.status !== 'running' && e.status !== 'new',
		).length;
		const jpg = await image('jpg', { r: 4, g: 5, b: 6 });
		await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'authors/e2e-work-id-only',
			context: `work_id=${book.workId}|asset_role=author_photo`,
		});
		const alone = await nthExecution(ids.f4, n + 1, 'Report');
		expect(alone).toEqual([
			expect.objectContaining({ outcome: 'unconfirmed', publicId: 'authors/e2e-work-id-only' }),
		]);
		expect(alone[0].message).toMatch(/isbn/);

		await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
			public_id: 'authors/e2e-wrong-work',
			context: `isbn=${BOOK_ISBN}|work_id=${audio.workId}|asset_role=author_photo`,
		});
		const mismatch = await nthExecution(ids.f4, n + 2, 'Report');
		expect(mismatch).toEqual([
			expect.objectContaining({ outcome: 'mismatch', publicId: 'authors/e2e-wrong-work' }),
		]);
		expect(mismatch[0].message).toContain(String(audio.workId));

		expect(await summary()).toEqual(before.summary);
		expect(await workState(book.workId)).toEqual(before.book);
		expect(await workState(audio.workId)).toEqual(before.audio);
		for (const id of ['authors/e2e-work-id-only', 'authors/e2e-wrong-work'])
			expect((await asset(id)).context.custom).not.toHaveProperty('title');
	});
});

/** The events listed by the one Report item of a finished execution. */
async function reportOf(executionId) {
	const execution = await instance.execution(executionId);
	expect(execution.status).toBe('success');
	return eventsOf(execution.data.resultData.runData.Report ?? []);
}

/** Does `action`, then waits for `count` new finished executions of the workflow; their Reports. */
async function runsAfter(workflowId, count, action) {
	const before = new Set((await instance.executions({ workflowId })).map((e) => e.id));
	await action();
	const list = await instance.waitForExecutions(
		workflowId,
		(l) => l.filter((e) => n8n.isFinished(e) && !before.has(e.id)).length >= count,
		{ timeoutMs: 3 * MINUTE, intervalMs: 1000 },
	);
	const fresh = list.filter((e) => n8n.isFinished(e) && !before.has(e.id));
	expect(fresh).toHaveLength(count);
	return (await Promise.all(fresh.map((e) => reportOf(e.id)))).flat();
}

async function consonance(query) {
	const res = await axios.post(
		`${sb.info.consonance.baseUrl}/graphql`,
		{ query },
		{ headers: { Authorization: `Bearer ${sb.info.consonance.apiKey}` } },
	);
	expect(res.data.errors).toBeUndefined();
	return res.data.data;
}

/** Sends the delivered notification `body` again, twice at the same moment; both reach n8n. */
async function deliverTwiceAtOnce(eventType, body, hook) {
	const sent = await Promise.all(
		[1, 2].map(() => sb.control.post('/cloudinary/notify', { eventType, body })),
	);
	for (const { data } of sent) expect(data.sent.find((s) => s.url.includes(hook)).status).toBe(200);
}

describe('F1 and F4: two identical notifications at the same moment make one record', () => {
	const ROUNDS = 5;

	test('F1: the same approval delivered twice at once, five times over, leaves one front cover each time', async () => {
		const ISBN = '9781810000060';
		const title = await product(ISBN);
		const jpg = await image('jpg', { r: 90, g: 20, b: 200 });
		let up;
		const waiting = await runsAfter(ids.f1, 1, async () => {
			up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
				public_id: `covers/${ISBN}`,
				overwrite: 'true',
				moderation: 'manual',
			});
		});
		expect(waiting).toEqual([expect.objectContaining({ outcome: 'waiting' })]);
		const url = delivery('image', `f_jpg/v${up.version}/covers/${ISBN}.jpg`);
		const first = await runsAfter(ids.f1, 1, () => moderate(`covers/${ISBN}`, 'approved'));
		expect(first).toEqual([expect.objectContaining({ outcome: 'linked', url })]);
		const body = await deliveredBody('moderation', `covers/${ISBN}`);
		const withUrl = async () =>
			(await workState(title.workId)).supportingResources.filter((r) => r.imageRemoteUrl === url);

		for (let round = 0; round < ROUNDS; round++) {
			// Not linked any more (as if the approval had just come in): both copies race to link it.
			for (const r of await withUrl())
				await consonance(
					`mutation { deleteSupportingResource(input: { id: ${r.id} }) { success } }`,
				);
			expect(await withUrl()).toEqual([]);
			const reports = await runsAfter(ids.f1, 2, () =>
				deliverTwiceAtOnce('moderation', body, ids.f1Hook),
			);
			expect(reports).toHaveLength(2);
			for (const r of reports) expect(['linked', 'alreadyLinked']).toContain(r.outcome);
			const linked = await withUrl();
			expect(linked).toHaveLength(1);
			expect(linked[0]).toMatchObject({
				resourceVariant: 'FRONT_COVER',
				productIds: [title.productId],
			});
		}
	});

	test('F4: the same upload delivered twice at once, five times over, leaves one web link each time', async () => {
		const AUDIO_ISBN = '9781810000084';
		const audio = await product(AUDIO_ISBN);
		const publicId = `audio-samples/${AUDIO_ISBN}-chapter-one`; // linked by the F4 test above
		const body = await deliveredBody('upload', publicId, ids.f4Hook);
		const url = body.secure_url;
		const withUrl = async () =>
			(await productState(audio.productId)).webLinks.filter((l) => l.link === url);
		expect(await withUrl()).toHaveLength(1);

		for (let round = 0; round < ROUNDS; round++) {
			for (const l of await withUrl())
				await consonance(`mutation { deleteWebLink(input: { id: ${l.id} }) { success } }`);
			expect(await withUrl()).toEqual([]);
			const reports = await runsAfter(ids.f4, 2, () =>
				deliverTwiceAtOnce('upload', body, ids.f4Hook),
			);
			expect(reports).toHaveLength(2);
			for (const r of reports) expect(['linked', 'alreadyLinked']).toContain(r.outcome);
			expect(await withUrl()).toEqual([
				expect.objectContaining({ role: 'audio_sample', note: 'audio sample · launch' }),
			]);
		}
	});
});

describe('F1 and F4 heal what they missed (their nightly path)', () => {
	const NIGHTLY = {
		f1: 'Every night: find approved covers not linked yet',
		f4: 'Every night: find media not linked yet',
	};

	/** Runs the workflow's nightly (healing) path now, from its Schedule Trigger; its Report items. */
	async function heal(workflowId, trigger) {
		const executionId = await instance.runWorkflow(workflowId, trigger);
		await instance.waitForExecution(executionId, { timeoutMs: 4 * MINUTE, intervalMs: 1000 });
		return reportOf(executionId);
	}

	async function lastSeq() {
		const { data } = await sb.control.get('/requests');
		return data.requests.reduce((max, r) => Math.max(max, r.seq), 0);
	}

	/** Writes either emulator served after request `since`: Consonance mutations, Cloudinary calls other than reads. */
	async function writesSince(since) {
		const { data } = await sb.control.get(`/requests?since=${since}`);
		return data.requests
			.filter((r) =>
				r.service === 'consonance'
					? String(r.route).startsWith('graphql:mutation')
					: r.method !== 'GET' && !/\/resources\/search/.test(r.url),
			)
			.map((r) => `${r.service} ${r.method} ${r.url} ${r.route ?? ''}`);
	}

	const frontCovers = async (productId) =>
		(await productState(productId)).supportingResources.filter(
			(r) => r.resourceVariant === 'FRONT_COVER',
		);

	test('what was approved or uploaded while n8n was down, or failed, is linked once by the healing run', async () => {
		const coverIsbns = ['9781810000015', '9781810000022', '9781810000039'];
		const titles = await Promise.all(coverIsbns.map(product));
		const photoTitle = await product('9781810000046');
		// Stopped while published: Cloudinary still sends the notifications, and nobody answers.
		await instance.stop();

		const covers = [];
		for (const [i, isbn] of coverIsbns.entries()) {
			const jpg = await image('jpg', { r: 30 * i, g: 100, b: 160 });
			const up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
				public_id: `covers/${isbn}`,
				overwrite: 'true',
				moderation: 'manual',
			});
			await moderate(`covers/${isbn}`, 'approved');
			covers.push(delivery('image', `f_jpg/v${up.version}/covers/${isbn}.jpg`));
		}
		const photos = [];
		for (const name of ['e2e-heal-a', 'e2e-heal-b']) {
			const jpg = await image('jpg', {
				r: 200,
				g: name.length * 10,
				b: name.endsWith('a') ? 20 : 90,
			});
			const up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
				public_id: `authors/${name}`,
				context: 'isbn=9781810000046|asset_role=author_photo',
			});
			photos.push(delivery('image', `f_jpg/v${up.version}/authors/${name}.jpg`));
		}
		await n8n.sleep(2000); // notifications are sent asynchronously
		const { data: sent } = await sb.control.get('/cloudinary/notifications');
		const lost = sent.notifications.filter(
			(n) =>
				n.body.includes('"authors/e2e-heal-') ||
				coverIsbns.some((isbn) => n.body.includes(`"covers/${isbn}"`)),
		);
		expect(lost.length).toBeGreaterThanOrEqual(5);
		expect(lost.filter((n) => n.status === 200)).toEqual([]);
		for (const [i, t] of titles.entries())
			expect((await frontCovers(t.productId)).map((r) => r.imageRemoteUrl)).not.toContain(
				covers[i],
			);

		await instance.start({ timeoutMs: START_TIMEOUT });
		await instance.login();
		for (const id of [ids.f1, ids.f4]) {
			const pub = await instance.publicationStatus(id);
			if (!pub.liveVersionId) await instance.activateWorkflow(id);
		}

		const f1Report = await heal(ids.f1, NIGHTLY.f1);
		const f4Report = await heal(ids.f4, NIGHTLY.f4);
		for (const [i, t] of titles.entries()) {
			expect((await frontCovers(t.productId)).map((r) => r.imageRemoteUrl)).toEqual([covers[i]]);
			expect(f1Report).toContainEqual(
				expect.objectContaining({
					outcome: 'linked',
					publicId: `covers/${coverIsbns[i]}`,
					url: covers[i],
				}),
			);
		}
		const work = await workState(photoTitle.workId);
		for (const url of photos)
			expect(work.supportingResources.filter((r) => r.imageRemoteUrl === url)).toHaveLength(1);
		expect(
			f4Report.filter((r) => r.outcome === 'linked' && r.publicId.startsWith('authors/e2e-heal-')),
		).toHaveLength(2);
		expect(f1Report.filter((r) => r.outcome === 'failed')).toEqual([]);
		expect(f4Report.filter((r) => r.outcome === 'failed')).toEqual([]);

		// Consonance is down while a cover is approved: the instant run fails, the next healing run links it.
		const lateIsbn = '9781810000053';
		const late = await product(lateIsbn);
		const jpg = await image('jpg', { r: 250, g: 10, b: 10 });
		let up;
		await runsAfter(ids.f1, 1, async () => {
			up = await upload('image', `data:image/jpeg;base64,${jpg.toString('base64')}`, {
				public_id: `covers/${lateIsbn}`,
				overwrite: 'true',
				moderation: 'manual',
			});
		});
		const lateUrl = delivery('image', `f_jpg/v${up.version}/covers/${lateIsbn}.jpg`);
		await sb.control.post('/faults', {
			service: 'consonance',
			kind: 'status',
			status: 503,
			path: '/graphql',
		});
		let instant;
		try {
			instant = await runsAfter(ids.f1, 1, () => moderate(`covers/${lateIsbn}`, 'approved'));
		} finally {
			await sb.control.delete('/faults');
		}
		expect(instant).toEqual([
			expect.objectContaining({ outcome: 'failed', publicId: `covers/${lateIsbn}` }),
		]);
		expect((await frontCovers(late.productId)).map((r) => r.imageRemoteUrl)).not.toContain(lateUrl);

		const healed = await heal(ids.f1, NIGHTLY.f1);
		expect(healed.filter((r) => r.outcome === 'linked')).toEqual([
			expect.objectContaining({ publicId: `covers/${lateIsbn}`, url: lateUrl }),
		]);
		expect((await frontCovers(late.productId)).map((r) => r.imageRemoteUrl)).toEqual([lateUrl]);
		expect(
			(await workState(late.workId)).supportingResources.filter(
				(r) => r.imageRemoteUrl === lateUrl,
			),
		).toHaveLength(1);

		// A third healing run of each writes nothing to either service.
		const since = await lastSeq();
		const f1Again = await heal(ids.f1, NIGHTLY.f1);
		const f4Again = await heal(ids.f4, NIGHTLY.f4);
		expect(f1Again.filter((r) => r.outcome === 'linked' || r.outcome === 'failed')).toEqual([]);
		expect(f4Again.filter((r) => r.outcome === 'linked' || r.outcome === 'failed')).toEqual([]);
		expect(f1Again.filter((r) => r.outcome === 'alreadyLinked').length).toBeGreaterThanOrEqual(4);
		expect(f4Again.filter((r) => r.outcome === 'alreadyLinked').length).toBeGreaterThanOrEqual(2);
		expect(await writesSince(since)).toEqual([]);
	});
});
