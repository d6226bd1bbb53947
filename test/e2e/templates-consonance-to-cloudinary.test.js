'use strict';
// F2, F5 and F6 (Consonance → Cloudinary, Schedule-started) in ONE real n8n: each shipped template's
// manual test copy runs against the sandbox; the tests assert the covers' state in Cloudinary, that a
// change made in Consonance flows through to exactly that cover, and that an identical re-run writes
// nothing (full state compared, request log without Cloudinary writes).
const n8n = require('../../scripts/lib/n8n');
const { startTestSandbox } = require('../../scripts/lib/sandbox');
const { n8nCredentials } = require('../../scripts/lib/sandbox-credentials');
const { loadTemplate, manualTestCopy } = require('../../scripts/lib/templates');
const { expectReportShape } = require('../helpers/template-report');

const MINUTE = 60 * 1000;
jest.setTimeout(10 * MINUTE);

let sb;
let instance;
let catalogue;

const STATUS = { '02': 'forthcoming', '03': 'postponed', '04': 'active', '07': 'out_of_print' };

function isbnCheck(first12) {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
	return first12 + String((10 - (sum % 10)) % 10);
}

function withSettings(template, values, id) {
	const copy = manualTestCopy(template, { id });
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	for (const a of settings.parameters.assignments.assignments)
		if (a.name in values) a.value = values[a.name];
	return copy;
}

async function coverState(publicId) {
	const res = await sb.control.get(`/cloudinary/state/assets/${encodeURIComponent(publicId)}`);
	return res.data.state;
}

async function allCoverStates() {
	const res = await sb.control.get('/cloudinary/state/assets', { params: { prefix: 'covers/' } });
	return res.data.assets;
}

async function run(workflowId) {
	const execution = await instance.execute(workflowId);
	if (!execution.ok)
		throw new Error(`execution failed: ${JSON.stringify(execution.error)}\n${execution.stderr}`);
	return execution;
}

/** Every item a node output (all its runs), [] when it did not run. */
function allItems(execution, nodeName, output = 0) {
	const runs = execution.data?.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((r) => (r?.data?.main?.[output] ?? []).map((i) => i.json));
}

/** The run's one report (node Report, the last to run), in the shape every template's Report has. */
function expectOneReport(execution) {
	const reports = allItems(execution, 'Report');
	expect(reports).toHaveLength(1);
	return expectReportShape(reports[0]);
}

const WRITES = /\/(tags|context|metadata|explicit|upload|rename|destroy)$/;
async function cloudinaryWritesSince(seq) {
	const served = await sb.requests('cloudinary', seq);
	// The runs did reach Cloudinary (the cover search), so an empty answer means "no writes", not "no log".
	expect(served.some((r) => /resources\/search/.test(r.url))).toBe(true);
	return served.filter(
		(r) =>
			r.method !== 'GET' && (WRITES.test(r.url.split('?')[0]) || !/resources\/search/.test(r.url)),
	);
}

beforeAll(async () => {
	sb = await startTestSandbox({ catalogue: { products: 12 } });
	catalogue = sb.sandbox.catalogue;
	const tarball = await n8n.packPackage({});
	instance = await n8n.createN8nInstance({ packageTarball: tarball });
	const { consonance, cloudinary } = n8nCredentials(sb.info);
	const imported = await instance.importCredentials([consonance, cloudinary]);
	expect(imported.code ?? 0).toBe(0);
});

afterAll(async () => {
	await instance?.stop();
	await instance?.cleanup();
	await sb?.stop();
});

describe('F2 — put title metadata on master covers and make channel images', () => {
	let workflowId;
	let covered;
	let uncovered;

	beforeAll(async () => {
		const coverIds = new Set(catalogue.cloudinary.assets.map((a) => a.publicId));
		covered = catalogue.products.filter((p) => p.isbn13 && coverIds.has(`covers/${p.isbn13}`));
		// A new edition created in Consonance "as a user", with no master cover in Cloudinary.
		const work = catalogue.works[0];
		const created = await sb.control.post('/consonance/products', {
			workId: work.id,
			productForm: 'DG',
			isbn13: isbnCheck('978189999001'),
			publicationDate: '2027-05-01',
		});
		uncovered = created.data;
		const template = loadTemplate('F2-put-title-metadata-on-master-covers.json');
		workflowId = await instance.importWorkflow(
			withSettings(template, { lookbackDays: 36500 }, 'templateF2test01'),
		);
	});

	test('first run: metadata, context, channel images on each master cover; a coverless title is reported', async () => {
		expect(covered.length).toBeGreaterThan(3);
		const execution = await run(workflowId);
		for (const p of covered) {
			const work = catalogue.works.find((w) => w.id === p.workId);
			const imprint = catalogue.imprints.find((i) => i.id === work.imprintId);
			const state = await coverState(`covers/${p.isbn13}`);
			expect(state.metadata).toMatchObject({
				isbn: p.isbn13,
				product_id: p.id,
				work_id: work.id,
				imprint: imprint.slug,
				publication_date: p.publicationDate,
				publishing_status: STATUS[p.publishingStatus],
			});
			const territories = p.forSaleCountryCodes.length
				? p.forSaleCountryCodes.map((c) => c.toLowerCase()).sort()
				: ['world'];
			expect([...state.metadata.territories].sort()).toEqual(territories);
			expect(state.context.author).toBeTruthy();
			expect(state.context.edition).toBe(p.inHouseEdition);
			if (p.dimensionsMm)
				expect(state.context.trim_size).toBe(
					`${p.dimensionsMm.width} x ${p.dimensionsMm.height} mm`,
				);
			expect(state.tags).toContain('channel_variants_v1');
			expect(state.derived).toBeGreaterThanOrEqual(4);
		}
		const coverIds = new Set(catalogue.cloudinary.assets.map((a) => a.publicId));
		const withoutCover = catalogue.products
			.filter((p) => p.isbn13 && !coverIds.has(`covers/${p.isbn13}`))
			.map((p) => p.isbn13)
			.concat(uncovered.isbn13);
		const report = expectOneReport(execution);
		expect(report.summary.outcomes).toMatchObject({
			updated: covered.length,
			unchanged: 0,
			failed: 0,
			needsPerson: withoutCover.length,
		});
		expect(report.summary.titles).toBe(covered.length + withoutCover.length);
		expect(report.summary.problems).toBe(0);
		// One line per title without a master cover, naming its ISBN and what to do; nothing else.
		expect(report.lines).toHaveLength(withoutCover.length);
		for (const isbn of withoutCover)
			expect(report.lines).toContainEqual(
				expect.stringMatching(
					new RegExp(`^${isbn} .*no master cover "covers/${isbn}".*What to do: upload`),
				),
			);
		expect(report.lines.join('\n')).toContain(isbnCheck('978189999001'));
	});

	test('a second identical run writes nothing and changes nothing, and reports every title unchanged', async () => {
		const before = await allCoverStates();
		const seq = await sb.lastSeq('cloudinary');
		const execution = await run(workflowId);
		expect(await allCoverStates()).toEqual(before);
		expect(await cloudinaryWritesSince(seq)).toEqual([]);
		expect(expectOneReport(execution).summary.outcomes).toMatchObject({
			updated: 0,
			unchanged: covered.length,
			failed: 0,
		});
	});

	test('a write Cloudinary refuses is a line in the report with its ISBN; the next run writes it', async () => {
		const target = covered[2];
		await sb.control.post(`/consonance/products/${target.id}`, { publicationDate: '2029-03-01' });
		// Only this title's metadata differs now, so every metadata write of the run is this title's.
		const fault = await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 503,
			path: '/image/metadata',
		});
		expect(fault.status).toBe(200);
		let report;
		try {
			report = expectOneReport(await run(workflowId));
		} finally {
			await sb.control.delete('/faults');
		}
		expect(report.summary.outcomes).toMatchObject({ updated: 0, failed: 1 });
		const line = report.lines.find((l) => l.startsWith(target.isbn13));
		expect(line).toMatch(/writing its structured metadata failed \(.+\)/);
		expect(line).toContain('the next run tries again');
		expect(report.text).toContain(line);
		expect((await coverState(`covers/${target.isbn13}`)).metadata.publication_date).not.toBe(
			'2029-03-01',
		);

		const healed = expectOneReport(await run(workflowId));
		expect(healed.summary.outcomes).toMatchObject({ updated: 1, failed: 0 });
		expect(healed.lines.some((l) => l.startsWith(target.isbn13))).toBe(false);
		expect((await coverState(`covers/${target.isbn13}`)).metadata.publication_date).toBe(
			'2029-03-01',
		);
	});

	test('a publication date changed in Consonance reaches only that cover', async () => {
		const target = covered[1];
		const before = await allCoverStates();
		const edited = await sb.control.post(`/consonance/products/${target.id}`, {
			publicationDate: '2028-02-29',
		});
		expect(edited.status).toBe(200);
		await run(workflowId);
		const after = await allCoverStates();
		const changed = after.filter((a, i) => JSON.stringify(a) !== JSON.stringify(before[i]));
		expect(changed.map((a) => a.public_id)).toEqual([`covers/${target.isbn13}`]);
		const was = before.find((a) => a.public_id === `covers/${target.isbn13}`);
		expect(changed[0].metadata).toEqual({ ...was.metadata, publication_date: '2028-02-29' });
		expect({ ...changed[0], metadata: null }).toEqual({ ...was, metadata: null });
	});

	test('covers past maxCoversPerRun are reported "to be updated next run" and later runs write them', async () => {
		// Three titles get a new publication date; a budget of 2 covers a run writes them over two runs.
		const budgeted = await instance.importWorkflow(
			withSettings(
				loadTemplate('F2-put-title-metadata-on-master-covers.json'),
				{ lookbackDays: 36500, maxCoversPerRun: 2 },
				'templateF2test02',
			),
		);
		const targets = covered.slice(3, 6);
		expect(targets).toHaveLength(3);
		const dates = ['2028-03-01', '2028-03-02', '2028-03-03'];
		for (const [i, p] of targets.entries()) {
			const edited = await sb.control.post(`/consonance/products/${p.id}`, {
				publicationDate: dates[i],
			});
			expect(edited.status).toBe(200);
		}
		const written = async () => {
			const states = await Promise.all(targets.map((p) => coverState(`covers/${p.isbn13}`)));
			return states.filter((s, i) => s.metadata.publication_date === dates[i]).length;
		};
		for (const [updated, left] of [
			[2, 1],
			[1, 0],
		]) {
			const report = expectOneReport(await run(budgeted));
			expect(report.summary.outcomes).toMatchObject({
				updated,
				updatedNextRun: left,
				failed: 0,
			});
			expect(await written()).toBe(3 - left);
			if (left) expect(report.text).toMatch(/1 cover waits .*maxCoversPerRun \(2\)/);
			else expect(report.text).not.toMatch(/maxCoversPerRun/);
		}
		const seq = await sb.lastSeq('cloudinary');
		const quiet = expectOneReport(await run(budgeted));
		expect(quiet.summary.outcomes).toMatchObject({ updated: 0, updatedNextRun: 0, failed: 0 });
		expect(await cloudinaryWritesSince(seq)).toEqual([]);
	});
});

describe('F6 — organise cover assets by imprint, series, edition and status', () => {
	let workflowId;
	let covered;
	let preCreated;
	const slug = (text) =>
		String(text)
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '');
	const tagPart = (text) => slug(text).replace(/-/g, '_');

	function expectedFor(p) {
		const work = catalogue.works.find((w) => w.id === p.workId);
		const imprint = catalogue.imprints.find((i) => i.id === work.imprintId).slug;
		const series = work.seriesMembership
			? catalogue.series.find((x) => x.id === work.seriesMembership.seriesId)
			: null;
		const status = STATUS[p.publishingStatus];
		return {
			folder: `covers/${imprint}${series ? `/${slug(series.name)}` : ''}`,
			tags: [
				`imprint_${tagPart(imprint)}`,
				...(series ? [`series_${series.id}`] : []),
				`edition_${tagPart(p.inHouseEdition)}`,
				`status_${status}`,
			],
			imprint,
			status,
		};
	}

	beforeAll(async () => {
		const coverIds = new Set(catalogue.cloudinary.assets.map((a) => a.publicId));
		covered = catalogue.products.filter((p) => p.isbn13 && coverIds.has(`covers/${p.isbn13}`));
		// One folder the flow needs already exists (empty): Cloudinary will answer 409 for it.
		preCreated = expectedFor(
			covered.find((p) => expectedFor(p).folder.split('/').length === 3) ?? covered[0],
		).folder;
		const { cloudName, apiKey, apiSecret, apiBaseUrl } = sb.info.cloudinary;
		const made = await require('axios').post(
			`${apiBaseUrl}/v1_1/${cloudName}/folders/${preCreated.split('/').map(encodeURIComponent).join('/')}`,
			null,
			{ auth: { username: apiKey, password: apiSecret } },
		);
		expect(made.status).toBe(200);
		workflowId = await instance.importWorkflow(
			withSettings(
				loadTemplate('F6-organise-cover-assets-by-publishing-rules.json'),
				{ lookbackDays: 36500 },
				'templateF6test01',
			),
		);
	});

	test('first run: each cover in its imprint/series folder with rule tags, metadata; 409 folder accepted', async () => {
		const execution = await run(workflowId);
		for (const p of covered) {
			const want = expectedFor(p);
			const state = await coverState(`covers/${p.isbn13}`);
			expect(state.asset_folder).toBe(want.folder);
			for (const tag of want.tags) expect(state.tags).toContain(tag);
			expect(state.metadata).toMatchObject({
				imprint: want.imprint,
				publishing_status: want.status,
			});
		}
		// The folder made beforehand answers 409 "already exists": taken as done, not reported.
		expect(allItems(execution, 'Folders to create').map((f) => f.path)).toContain(preCreated);
		expect(allItems(execution, 'Create folder', 1).map((e) => e.error)).toEqual([
			expect.stringMatching(/already exists/i),
		]);
		const [report] = execution.items('Report').map(expectReportShape);
		expect(report.summary.outcomes.failed).toBe(0);
		expect(report.summary.outcomes.changed).toBeGreaterThan(3);
		expect(report.attention.every((a) => a.outcome === 'noCover')).toBe(true);
		expect(report.lines.every((l) => /no master cover/.test(l))).toBe(true);
		// Tags went in bulk: one Upload API call per tag, not per cover.
		const tagItems = execution.items('Add tag to covers');
		expect(tagItems.length).toBeLessThan(covered.length * 3);
	});

	test('a second identical run writes nothing and changes nothing', async () => {
		const before = await allCoverStates();
		const seq = await sb.lastSeq('cloudinary');
		await run(workflowId);
		expect(await allCoverStates()).toEqual(before);
		expect(await cloudinaryWritesSince(seq)).toEqual([]);
	});

	test("a status change in Consonance swaps that cover's status tag and metadata only", async () => {
		const target = covered.find((p) => p.publishingStatus === '04') ?? covered[0];
		const oldStatus = STATUS[target.publishingStatus];
		const newCode = target.publishingStatus === '07' ? '04' : '07';
		const before = await allCoverStates();
		const edited = await sb.control.post(`/consonance/products/${target.id}`, {
			publishingStatus: newCode,
		});
		expect(edited.status).toBe(200);
		await run(workflowId);
		const after = await allCoverStates();
		const changed = after.filter((a, i) => JSON.stringify(a) !== JSON.stringify(before[i]));
		expect(changed.map((a) => a.public_id)).toEqual([`covers/${target.isbn13}`]);
		const was = before.find((a) => a.public_id === `covers/${target.isbn13}`);
		expect(changed[0].metadata).toEqual({ ...was.metadata, publishing_status: STATUS[newCode] });
		expect([...changed[0].tags].sort()).toEqual(
			[...was.tags.filter((t) => t !== `status_${oldStatus}`), `status_${STATUS[newCode]}`].sort(),
		);
		expect(changed[0].asset_folder).toBe(was.asset_folder);
	});

	test('past maxMovesPerRun covers wait, are reported "to be filed next run", and move on later runs', async () => {
		// Three filed covers are put out of place "by a person"; a budget of 2 moves a run files them in 2.
		const { cloudName, apiKey, apiSecret, apiBaseUrl } = sb.info.cloudinary;
		expect(covered.length).toBeGreaterThanOrEqual(3);
		const misplaced = covered.slice(0, 3).map((p) => `covers/${p.isbn13}`);
		for (const id of misplaced) {
			const moved = await require('axios').post(
				`${apiBaseUrl}/v1_1/${cloudName}/resources/image/upload/${id}`,
				new URLSearchParams({ asset_folder: 'covers/unsorted' }),
				{ auth: { username: apiKey, password: apiSecret } },
			);
			expect(moved.status).toBe(200);
		}
		const budgeted = await instance.importWorkflow(
			withSettings(
				loadTemplate('F6-organise-cover-assets-by-publishing-rules.json'),
				{ lookbackDays: 36500, maxMovesPerRun: 2 },
				'templateF6test02',
			),
		);
		const stillOut = async () =>
			(await allCoverStates()).filter((a) => a.asset_folder === 'covers/unsorted').length;
		for (const [moves, left] of [
			[2, 1],
			[1, 0],
		]) {
			const execution = await run(budgeted);
			expect(allItems(execution, 'Move cover to its folder')).toHaveLength(moves);
			expect(await stillOut()).toBe(left);
			const report = expectOneReport(execution);
			expect(report.summary.outcomes).toMatchObject({ filedNextRun: left, failed: 0 });
			if (left) expect(report.text).toMatch(/maxMovesPerRun \(2\)/);
			else expect(report.text).not.toMatch(/maxMovesPerRun/);
		}
		for (const p of covered.slice(0, 3))
			expect((await coverState(`covers/${p.isbn13}`)).asset_folder).toBe(expectedFor(p).folder);
		const seq = await sb.lastSeq('cloudinary');
		await run(budgeted);
		expect(await cloudinaryWritesSince(seq)).toEqual([]);
	});
});

describe('F5 — make format variants of covers for titles going into production', () => {
	const sharp = require('sharp');
	const axios = require('axios');
	let workflowId;
	let due;
	let later;
	let missing;
	const DAY = 86400000;
	const inDays = (n) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
	const form = (p) =>
		['BB', 'BC'].includes(p.productForm) ? 'print' : p.productForm === 'DG' ? 'ebook' : 'audio';

	function expectedSize(p) {
		if (form(p) === 'ebook') return { width: 1600, height: 2560 };
		if (form(p) === 'audio') return { width: 2400, height: 2400 };
		const { width, height } = p.dimensionsMm;
		return {
			width: Math.round((width / 25.4 + 0.125) * 300),
			height: Math.round((height / 25.4 + 0.25) * 300),
			density: 300,
		};
	}

	async function measure(url) {
		const res = await axios.get(url, { responseType: 'arraybuffer' });
		const meta = await sharp(Buffer.from(res.data)).metadata();
		return { width: meta.width, height: meta.height, format: meta.format, density: meta.density };
	}

	beforeAll(async () => {
		const coverIds = new Set(
			catalogue.cloudinary.assets.filter((a) => !a.defect).map((a) => a.publicId),
		);
		const covered = catalogue.products.filter(
			(p) => p.isbn13 && coverIds.has(`covers/${p.isbn13}`),
		);
		// Editions are moved into production "as a user in Consonance": one of each kind due in 30 days,
		// every other covered edition published long ago (so only the rule decides what is made).
		const pickOne = (kind) =>
			covered.find((p) => form(p) === kind && (kind !== 'print' || p.dimensionsMm));
		due = ['print', 'ebook', 'audio'].map(pickOne).filter(Boolean);
		later =
			covered.find((p) => !due.includes(p) && form(p) === 'ebook') ??
			covered.find((p) => !due.includes(p));
		for (const p of covered) {
			const body = due.includes(p)
				? { publicationDate: inDays(30), publishingStatus: '02' }
				: { publicationDate: '2020-01-15', publishingStatus: '04' };
			const r = await sb.control.post(`/consonance/products/${p.id}`, body);
			expect(r.status).toBe(200);
		}
		for (const p of catalogue.products.filter((x) => x.isbn13 && !covered.includes(x))) {
			await sb.control.post(`/consonance/products/${p.id}`, {
				publicationDate: '2020-01-15',
				publishingStatus: '04',
			});
		}
		// A title with no master cover at all (the sandbox plants some) goes into production too.
		const anyCover = new Set(catalogue.cloudinary.assets.map((a) => a.publicId));
		missing = catalogue.products.find((p) => p.isbn13 && !anyCover.has(`covers/${p.isbn13}`));
		const moved = await sb.control.post(`/consonance/products/${missing.id}`, {
			publicationDate: inDays(20),
			publishingStatus: '02',
		});
		expect(moved.status).toBe(200);
		workflowId = await instance.importWorkflow(
			manualTestCopy(loadTemplate('F5-make-format-variants-for-titles-in-production.json'), {
				id: 'templateF5test01',
			}),
		);
	});

	test('first run: each due edition gets its format image at its TRUE size, and only those', async () => {
		expect(due.length).toBeGreaterThanOrEqual(2);
		const before = await allCoverStates();
		const execution = await run(workflowId);
		const made = [
			...allItems(execution, 'Make print jacket (300 dpi)'),
			...allItems(execution, 'Make ebook cover'),
			...allItems(execution, 'Make audio square artwork'),
		];
		expect(made.map((m) => m.publicId).sort()).toEqual(due.map((p) => `covers/${p.isbn13}`).sort());
		for (const p of due) {
			const item = made.find((m) => m.publicId === `covers/${p.isbn13}`);
			const want = expectedSize(p);
			const got = await measure(item.url);
			expect(got).toMatchObject({ ...want, format: 'jpeg' });
			const state = await coverState(`covers/${p.isbn13}`);
			expect(state.tags).toContain('format_variants_v1');
			expect(state.derived).toBeGreaterThanOrEqual(1);
		}
		const after = await allCoverStates();
		const changed = after
			.filter((a, i) => JSON.stringify(a) !== JSON.stringify(before[i]))
			.map((a) => a.public_id);
		expect(changed.sort()).toEqual(due.map((p) => `covers/${p.isbn13}`).sort());
		const report = expectOneReport(execution);
		expect(report.summary.outcomes).toMatchObject({
			made: due.length,
			unchanged: 0,
			failed: 0,
			needsPerson: 1,
		});
		expect(report.summary.titles).toBe(due.length + 1);
		expect(report.lines).toEqual([
			expect.stringMatching(
				new RegExp(
					`^${missing.isbn13} .*no master cover "covers/${missing.isbn13}".*What to do: upload`,
				),
			),
		]);
	});

	test('a second identical run writes nothing and changes nothing, and reports no failure', async () => {
		const before = await allCoverStates();
		const seq = await sb.lastSeq('cloudinary');
		const execution = await run(workflowId);
		expect(await allCoverStates()).toEqual(before);
		expect(await cloudinaryWritesSince(seq)).toEqual([]);
		expect(expectOneReport(execution).summary.outcomes).toMatchObject({
			made: 0,
			unchanged: due.length,
			failed: 0,
			needsPerson: 1,
		});
	});

	test('an edition moved into the production window in Consonance gets its variant; nothing else changes', async () => {
		const before = await allCoverStates();
		const edited = await sb.control.post(`/consonance/products/${later.id}`, {
			publicationDate: inDays(10),
			publishingStatus: '02',
		});
		expect(edited.status).toBe(200);
		// First while Cloudinary cannot make variants: the edition is a line of the report, nothing changes.
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 503,
			path: '/image/explicit',
		});
		let failedRun;
		try {
			failedRun = expectOneReport(await run(workflowId));
		} finally {
			await sb.control.delete('/faults');
		}
		expect(failedRun.summary.outcomes).toMatchObject({ made: 0, failed: 1, unchanged: due.length });
		expect(failedRun.lines).toContainEqual(
			expect.stringMatching(new RegExp(`^${later.isbn13} .*failed \\(.+\\).*next run tries again`)),
		);
		expect(await allCoverStates()).toEqual(before);

		const execution = await run(workflowId);
		expect(expectOneReport(execution).summary.outcomes).toMatchObject({ made: 1, failed: 0 });
		const after = await allCoverStates();
		const changed = after
			.filter((a, i) => JSON.stringify(a) !== JSON.stringify(before[i]))
			.map((a) => a.public_id);
		expect(changed).toEqual([`covers/${later.isbn13}`]);
		const made = [
			...allItems(execution, 'Make print jacket (300 dpi)'),
			...allItems(execution, 'Make ebook cover'),
			...allItems(execution, 'Make audio square artwork'),
		];
		expect(made).toHaveLength(1);
		expect(await measure(made[0].url)).toMatchObject({ ...expectedSize(later), format: 'jpeg' });
	});
});
