'use strict';
// Cloudinary › Validation › Check Against Specs on 400 master covers (Apple Books + IngramSpark):
//   ours     — our node in n8n's engine (in-process runner, scripts/lib/engine.js), one input item
//              per cover: the facts come from one Search API call per 100 covers;
//   baseline — the one-call-per-asset way: the same node run once per cover (a single item makes it
//              read the asset's details, one Admin API GET each), i.e. what a "Get asset" node in a
//              loop costs, with the same rule evaluation.
// Both spend the hourly Admin API quota (default 500 calls); calls are counted by the emulator's
// request log. Wall time is measured without and with 50 ms injected latency per Admin call, the
// order of a real round trip to api.cloudinary.com. Both sides are checked to produce the same
// pass/fail verdicts.
const { runNode } = require('../scripts/lib/engine');
const { startTestSandbox } = require('../scripts/lib/sandbox');

const LATENCY_MS = 50;

async function run({ log }) {
	const sb = await startTestSandbox({ catalogue: { products: 1000 } });
	try {
		await sb.control.post('/cloudinary/rate-limit', { limit: 100000 });
		const covers = sb.sandbox.catalogue.cloudinary.assets.filter((a) =>
			a.publicId.startsWith('covers/'),
		);
		const parameters = {
			resource: 'validation',
			operation: 'validate',
			asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
			specs: ['appleBooks', 'ingramEbook'],
		};
		const items = covers.map((c) => ({ json: { publicId: c.publicId } }));

		const ours = async () => {
			const r = await runNode({
				node: 'cloudinary',
				parameters,
				credentials: sb.credentials,
				items,
			});
			if (r.error) throw new Error(r.error.message);
			return r.json.map((j) => j.passed);
		};
		const baseline = async () => {
			const verdicts = [];
			for (const item of items) {
				const r = await runNode({
					node: 'cloudinary',
					parameters,
					credentials: sb.credentials,
					items: [item],
				});
				if (r.error) throw new Error(r.error.message);
				verdicts.push(r.json[0].passed);
			}
			return verdicts;
		};
		const measure = async (fn) => {
			const since = await sb.lastSeq('cloudinary');
			const started = process.hrtime.bigint();
			const verdicts = await fn();
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const calls = (await sb.requests('cloudinary', since)).filter((r) =>
				r.route.startsWith('admin:'),
			).length;
			return { verdicts, ms, calls };
		};

		await ours(); // warm-up: load the package and n8n's engine outside the measured runs
		const o = await measure(ours);
		const b = await measure(baseline);
		if (JSON.stringify(o.verdicts) !== JSON.stringify(b.verdicts))
			throw new Error('ours and the baseline disagree on the verdicts');
		log(`${covers.length} covers, ${o.verdicts.filter((v) => !v).length} failing`);

		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'latency',
			ms: LATENCY_MS,
			path: '/v1_1/',
		});
		const ol = await measure(ours);
		const bl = await measure(baseline);
		await sb.control.delete('/faults');

		return {
			rows: [
				{
					metric: `Admin API calls for ${covers.length} covers (hourly quota: 500)`,
					ours: o.calls,
					baseline: b.calls,
					unit: 'calls',
				},
				{
					metric: 'wall time, loopback',
					ours: Math.round(o.ms),
					baseline: Math.round(b.ms),
					unit: 'ms',
				},
				{
					metric: `wall time, ${LATENCY_MS} ms per Admin call`,
					ours: Math.round(ol.ms),
					baseline: Math.round(bl.ms),
					unit: 'ms',
				},
			],
			notes: [
				`${covers.length} seeded covers (1,000-product catalogue); both sides give the same ` +
					`${o.verdicts.length} verdicts.`,
			],
		};
	} finally {
		await sb.stop();
	}
}

module.exports = {
	name: 'Cloudinary validation: one search per 100 covers vs one details call per cover',
	run,
};
