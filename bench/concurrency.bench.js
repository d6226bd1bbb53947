'use strict';
// Per-item calls that cannot be batched, sequential vs "Parallel Requests" (docs/concurrency.md):
// Consonance › Product › Update (distinct products), Cloudinary › Access › Set Access Control and
// Cloudinary › Set Context with a value per asset (one call each, as in template F2) on
// BENCH_CONCURRENCY_COUNT items (default 400) with 50 ms injected latency per request, in n8n's engine
// (scripts/lib/engine.js). The sandbox runs in its own process (bench/lib/sandbox-process.js); each
// run also logs the CPU per item of n8n's engine process and of the sandbox process.
//   ours     — Parallel Requests 8 (the default);
//   baseline — Parallel Requests 1, the sequential loop n8n nodes run, measured in the same run.
const axios = require('axios');
const { generateCatalogue } = require('../sandbox/seed/catalogue');
const { startSandboxProcess } = require('./lib/sandbox-process');
const { n8nCredentials } = require('../scripts/lib/sandbox-credentials');

const COUNT = Number(process.env.BENCH_CONCURRENCY_COUNT || 400);
const PARALLEL = Number(process.env.BENCH_CONCURRENCY_PARALLEL || 8);
const LATENCY_MS = 50;

async function run({ log }) {
	const engine = require('../scripts/lib/engine');
	const sandbox = await startSandboxProcess({ products: COUNT });
	const info = sandbox.info;
	const control = axios.create({ baseURL: info.control.baseUrl, validateStatus: () => true });
	const creds = n8nCredentials(info);
	const credentials = {
		consonancePublishingApi: { ...creds.consonance.data },
		cloudinaryPublishingApi: { ...creds.cloudinary.data },
	};
	const rows = [];
	try {
		// the seed is deterministic: the same product IDs as the sandbox process seeded
		const products = generateCatalogue({ products: COUNT, today: new Date() }).products;
		const productItems = Array.from({ length: COUNT }, (_, i) => ({
			json: { id: products[i % products.length].id, title: `Bench ${i}` },
		}));
		// distinct products only, so that no two items wait for each other (same-record ordering)
		const distinct = productItems.slice(0, Math.min(COUNT, products.length));
		const seeded = await control.post('/cloudinary/seed-assets', {
			count: COUNT,
			prefix: 'bench/acl_',
		});
		if (seeded.status !== 200) throw new Error(`seeding failed: ${JSON.stringify(seeded.data)}`);
		const width = String(COUNT - 1).length;
		const assetItems = Array.from({ length: COUNT }, (_, i) => ({
			json: { publicId: `bench/acl_${String(i).padStart(width, '0')}` },
		}));
		await control.post('/faults', { service: 'consonance', kind: 'latency', ms: LATENCY_MS });
		await control.post('/faults', { service: 'cloudinary', kind: 'latency', ms: LATENCY_MS });

		// CPU per item of each process: where the time goes when the gain falls short (docs/concurrency.md)
		const cpuMs = () => {
			const own = process.cpuUsage();
			return { engine: (own.user + own.system) / 1000, sandbox: sandbox.cpuMs() };
		};
		async function timed(label, opts) {
			const cpuBefore = cpuMs();
			const started = process.hrtime.bigint();
			const result = await engine.runNode({ credentials, ...opts });
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			const cpuAfter = cpuMs();
			if (result.error) throw new Error(`${label}: ${result.error.message}`);
			const failed = result.json.filter((j) => j.error || j.success === false).length;
			if (failed) throw new Error(`${label}: ${failed} items failed`);
			const perItem = (side) =>
				cpuAfter[side] === undefined
					? '?'
					: `${((cpuAfter[side] - cpuBefore[side]) / opts.items.length).toFixed(1)} ms`;
			log(
				`${label}: ${opts.items.length} items in ${seconds.toFixed(2)} s ` +
					`(CPU per item: n8n's engine ${perItem('engine')}, sandbox ${perItem('sandbox')})`,
			);
			return opts.items.length / seconds;
		}
		const update = (parallelRequests) => ({
			node: 'consonance',
			parameters: {
				resource: 'product',
				operation: 'update',
				product: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				updateFields: { title: '={{ $json.title }}' },
				options: { parallelRequests },
			},
			items: distinct,
		});
		const acl = (parallelRequests) => ({
			node: 'cloudinary',
			parameters: {
				resource: 'access',
				operation: 'setAccessControl',
				publicIds: '={{ $json.publicId }}',
				access: 'token',
				options: { parallelRequests },
			},
			items: assetItems,
		});
		const context = (parallelRequests) => ({
			node: 'cloudinary',
			parameters: {
				resource: 'contextMetadata',
				operation: 'setContext',
				publicIds: '={{ $json.publicId }}',
				context: { pairs: [{ key: 'isbn', value: '={{ $json.isbn }}' }] },
				options: { parallelRequests },
			},
			items: assetItems.map((item, i) => ({ json: { ...item.json, isbn: `97818100${i}` } })),
		});
		// warm-up: the first run of each node loads n8n's engine and the node; not measured
		await engine.runNode({ credentials, ...update(1), items: distinct.slice(0, 2) });
		await engine.runNode({ credentials, ...acl(1), items: assetItems.slice(0, 2) });
		rows.push({
			metric: `Consonance product update, ${distinct.length} items, ${LATENCY_MS} ms latency`,
			ours: await timed(`update ×${PARALLEL}`, update(PARALLEL)),
			baseline: await timed('update ×1', update(1)),
			unit: 'items/s',
		});
		rows.push({
			metric: `Cloudinary set access control, ${COUNT} assets, ${LATENCY_MS} ms latency`,
			ours: await timed(`access control ×${PARALLEL}`, acl(PARALLEL)),
			baseline: await timed('access control ×1', acl(1)),
			unit: 'items/s',
		});
		rows.push({
			metric: `Cloudinary set context, a value per asset, ${COUNT} assets, ${LATENCY_MS} ms latency`,
			ours: await timed(`set context ×${PARALLEL}`, context(PARALLEL)),
			baseline: await timed('set context ×1', context(1)),
			unit: 'items/s',
		});
	} finally {
		await sandbox.stop();
	}
	const notes = rows.map(
		(r) =>
			`${r.metric}: ${(r.ours / r.baseline).toFixed(1)}× the items per second of the sequential loop`,
	);
	return { rows, notes };
}

module.exports = { name: 'Bounded concurrency (Parallel Requests)', run };
