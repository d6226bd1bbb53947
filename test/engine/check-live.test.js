// `npm run check:live` (scripts/check-live) pointed at the sandbox's emulators, as a publisher
// would point it at the real services: it passes (reads and --write), it reports a schema that
// differs from ours (a renamed field) as a refuted assumption naming the field, it only says what it
// would check when there are no credentials, and it never prints or writes a key or secret.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startTestSandbox } = require('../../scripts/lib/sandbox');

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'check-live', 'index.js');
const NODE = require(path.join(ROOT, 'dist/nodes/Consonance/Consonance.node.js'));

let tmp;
beforeAll(() => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-live-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the command with only the given variables (none of the caller's credentials leak in). */
function checkLive(args, env) {
	const report = path.join(tmp, `report-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[SCRIPT, '--report', report, ...args],
			{
				cwd: tmp,
				env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR ?? os.tmpdir(), ...env },
				timeout: 120000,
				maxBuffer: 16 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
				const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
				resolve({
					code,
					stdout,
					stderr,
					reportText: text,
					report: text ? JSON.parse(text) : undefined,
				});
			},
		);
	});
}

const consonanceEnv = (info) => ({
	CONSONANCE_BASE_URL: info.consonance.baseUrl,
	CONSONANCE_API_KEY: info.consonance.apiKey,
});
const cloudinaryEnv = (info) => ({
	CLOUDINARY_CLOUD_NAME: info.cloudinary.cloudName,
	CLOUDINARY_API_KEY: info.cloudinary.apiKey,
	CLOUDINARY_API_SECRET: info.cloudinary.apiSecret,
	CLOUDINARY_API_BASE_URL: info.cloudinary.apiBaseUrl,
});
const byName = (report, name) => report.checks.find((c) => c.name === name);

describe('npm run check:live', () => {
	it('without credentials says what it would check, checks nothing and exits 0', async () => {
		const run = await checkLive([], {});
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/No credentials were given/);
		expect(run.report.checks.length).toBeGreaterThan(3);
		expect(
			run.report.checks.every(
				(c) => c.result === 'skipped' && /CONSONANCE_API_KEY|CLOUDINARY_API_SECRET/.test(c.detail),
			),
		).toBe(true);
	});

	describe('against the emulators', () => {
		let sb;
		beforeAll(async () => {
			sb = await startTestSandbox();
		});
		afterAll(async () => {
			await sb?.stop();
		});

		it('passes read-only and with --write, validates every operation, cleans up, and never shows the key', async () => {
			const work = sb.sandbox.catalogue.works[0];
			const counts = async () => {
				const { supportingResources, marketingTexts, webLinks } = (
					await sb.control.get('/consonance/state/summary')
				).data;
				return { supportingResources, marketingTexts, webLinks };
			};
			const before = await counts();
			for (const count of Object.values(before)) expect(count).toEqual(expect.any(Number));
			const triggersBefore = (await sb.control.get('/cloudinary/triggers')).data;
			const run = await checkLive(
				['--write', '--scratch-work', String(work.id), '--scratch-folder', 'check-live/scratch'],
				{ ...consonanceEnv(sb.info), ...cloudinaryEnv(sb.info) },
			);
			expect(run.stderr).toBe('');
			expect(
				run.report.checks.filter((c) => c.result === 'fail' || c.result === 'refuted'),
			).toEqual([]);
			expect(run.code).toBe(0);

			// Every resource/operation pair of the node (except the free-form GraphQL one) was validated.
			const properties = new NODE.Consonance().description.properties;
			const resources = properties
				.find((p) => p.name === 'resource')
				.options.map((o) => o.value)
				.filter((r) => r !== 'graphql' && r !== 'productFeed');
			for (const resource of resources) {
				const operations = properties
					.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes(resource))
					.options.map((o) => o.value);
				for (const operation of operations)
					expect(byName(run.report, `schema: ${resource}.${operation}`)).toMatchObject({
						result: 'pass',
					});
			}
			expect(byName(run.report, 'schema: trigger.poll')).toMatchObject({ result: 'pass' });
			expect(
				run.report.checks.filter(
					(c) => c.name.startsWith('assumption:') && c.result === 'confirmed',
				).length,
			).toBeGreaterThan(10);
			for (const name of [
				'read: product search page',
				'read: product by ISBN',
				'read: work',
				'read: REST product feed page',
			])
				expect(byName(run.report, name)).toMatchObject({ result: 'pass' });
			for (const what of ['supporting resource', 'marketing text', 'web link']) {
				expect(byName(run.report, `write: create ${what}`)).toMatchObject({ result: 'pass' });
				expect(byName(run.report, `write: delete ${what}`)).toMatchObject({ result: 'pass' });
			}
			// Consonance holds what it held before: everything created was deleted.
			expect(await counts()).toEqual(before);

			// Cloudinary: every call made, each live answer with the emulator's shape, nothing left behind.
			const cloudinaryChecks = run.report.checks.filter((c) => c.area === 'cloudinary');
			expect(cloudinaryChecks.map((c) => c.name)).toEqual([
				'ping',
				'rate-limit headers',
				'search',
				'metadata fields the templates use',
				'trigger list',
				'signed upload',
				'chunked upload above the chunk size',
				'bulk tag',
				'bulk context',
				'bulk metadata',
				'explicit + eager',
				'trigger registration',
				'trigger removal',
				'clean-up: image',
				'clean-up: raw',
			]);
			expect(cloudinaryChecks.filter((c) => c.result !== 'pass')).toEqual([]);
			expect(byName(run.report, 'metadata fields the templates use').detail).toMatch(
				/all present: .*isbn/,
			);
			const assets = (await sb.control.get('/cloudinary/state/assets')).data;
			expect(JSON.stringify(assets)).not.toContain('check-live/scratch');
			expect((await sb.control.get('/cloudinary/triggers')).data).toEqual(triggersBefore);

			const secrets = [
				sb.info.consonance.apiKey,
				sb.info.cloudinary.apiKey,
				sb.info.cloudinary.apiSecret,
			];
			for (const text of [run.stdout, run.stderr, run.reportText]) {
				for (const secret of secrets) expect(text).not.toContain(secret);
			}
		});

		it('--write without a scratch work writes nothing and says why', async () => {
			const seq = await sb.lastSeq('consonance');
			const run = await checkLive(['--write'], consonanceEnv(sb.info));
			expect(byName(run.report, 'write: supporting resource')).toMatchObject({
				result: 'skipped',
				detail: expect.stringMatching(/--scratch-work/),
			});
			const sent = await sb.requests('consonance', seq);
			expect(sent.filter((r) => /mutation/.test(r.route ?? ''))).toEqual([]);
		});
	});

	it('reports a renamed field as a refuted assumption naming the field and what the schema has instead', async () => {
		const sb = await startTestSandbox({
			consonance: { renameFields: { 'UpdateProductInput.embargoDate': 'embargoOn' } },
		});
		try {
			const run = await checkLive([], consonanceEnv(sb.info));
			expect(run.code).toBe(1);
			const assumption = byName(run.report, 'assumption: product-update-fields');
			expect(assumption.result).toBe('refuted');
			expect(assumption.detail).toContain(
				'no field UpdateProductInput.embargoDate (schema has: embargoOn)',
			);
			expect(byName(run.report, 'schema: product.update')).toMatchObject({
				result: 'fail',
				detail: expect.stringContaining('embargoDate'),
			});
			// Only what the rename touches is refuted.
			expect(run.report.checks.filter((c) => c.result === 'refuted').map((c) => c.name)).toEqual([
				'assumption: product-update-fields',
			]);
			expect(run.stdout).toMatch(/assumption: product-update-fields\s+REFUTED/);
			expect(run.stdout).not.toContain(sb.info.consonance.apiKey);
		} finally {
			await sb.stop();
		}
	});
});
