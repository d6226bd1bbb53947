'use strict';
// Cloudinary bulk tagging + structured metadata on 5,000 assets:
//   ours     — our node in n8n's engine (in-process runner, scripts/lib/engine.js): Tag › Add and
//              Context / Metadata › Set Metadata with one input item per asset; the node collects
//              the IDs of all items and sends them to the Upload API 1000 at a time;
//   baseline — what naive connectors do: one Admin API update (POST /resources/image/upload/<id>)
//              per asset for the tags, and one per asset for the metadata, sequentially (as n8n
//              runs items), through axios with keep-alive (lighter than the engine, so it is not
//              handicapped).
// Calls are counted by the emulator (per-route counters); both sides are checked to have really
// tagged every asset (sampled through the control API). Wall time is measured without and with
// 50 ms injected latency per request (control POST /faults). The baseline's latency run is
// measured on BENCH_BULK_BASELINE_SAMPLE assets per pass (default 250) and scaled to 5,000: the
// full run would take ~10 minutes; the per-call time is flat, so the scaling is linear.
const http = require('node:http');
const axios = require('axios');
const { startSandbox } = require('../sandbox');

const COUNT = Number(process.env.BENCH_BULK_COUNT || 5000);
const SAMPLE = Number(process.env.BENCH_BULK_BASELINE_SAMPLE || 250);
const LATENCY_MS = 50;
const TAGS = ['imprint_kestrel', 'autumn_2026'];
const METADATA = { imprint: 'kestrel', publication_date: '2026-09-01' };

function idsFor(prefix, count) {
	const width = String(count - 1).length;
	return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(width, '0')}`);
}

async function main({ log }) {
	const engine = require('../scripts/lib/engine');
	const sandbox = await startSandbox({ consonancePort: 0, cloudinaryPort: 0, controlPort: 0 });
	const info = sandbox.info();
	const control = axios.create({ baseURL: info.control.baseUrl, validateStatus: () => true });
	const c = info.cloudinary;
	const credentials = {
		cloudinaryPublishingApi: {
			cloudName: c.cloudName,
			apiKey: c.apiKey,
			apiSecret: c.apiSecret,
			apiBaseUrl: c.apiBaseUrl,
			deliveryBaseUrl: c.deliveryBaseUrl,
			deliveryIncludesCloudName: true,
			signatureAlgorithm: 'sha1',
		},
	};
	const adminClient = axios.create({
		baseURL: `${c.apiBaseUrl}/v1_1/${c.cloudName}/`,
		auth: { username: c.apiKey, password: c.apiSecret },
		httpAgent: new http.Agent({ keepAlive: true }),
		validateStatus: () => true,
	});

	async function counts() {
		const res = await control.get('/counters');
		let all = 0;
		let admin = 0;
		for (const [route, v] of Object.entries(res.data.cloudinary)) {
			all += v.count;
			if (route.startsWith('admin:')) admin += v.count;
		}
		return { all, admin };
	}
	async function seed(prefix, count) {
		const started = Date.now();
		const res = await control.post('/cloudinary/seed-assets', { count, prefix });
		if (res.status !== 200) throw new Error(`seeding failed: ${JSON.stringify(res.data)}`);
		log(`seeded ${count} assets (${prefix}…) in ${Date.now() - started} ms`);
		return idsFor(prefix, count);
	}
	async function verify(ids, label) {
		for (const i of [0, Math.floor(ids.length / 2), ids.length - 1]) {
			const res = await control.get(`/cloudinary/state/assets/${encodeURIComponent(ids[i])}`);
			const s = res.data.state;
			if (
				!TAGS.every((t) => s.tags.includes(t)) ||
				s.metadata.imprint !== METADATA.imprint ||
				s.metadata.publication_date !== METADATA.publication_date
			) {
				throw new Error(`${label}: ${ids[i]} was not tagged/updated: ${JSON.stringify(s)}`);
			}
		}
	}
	const latency = (on) =>
		on
			? control.post('/faults', { service: 'cloudinary', kind: 'latency', ms: LATENCY_MS })
			: control.delete('/faults');

	async function ours(ids) {
		const items = ids.map((id) => ({ json: { public_id: id } }));
		const before = await counts();
		const started = process.hrtime.bigint();
		const tag = await engine.runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'tag',
				operation: 'add',
				publicIds: '={{ $json.public_id }}',
				tags: TAGS,
			},
			credentials,
			items,
		});
		if (tag.error) throw new Error(tag.error.message);
		const meta = await engine.runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'contextMetadata',
				operation: 'setMetadata',
				publicIds: '={{ $json.public_id }}',
				metadata: { fields: Object.entries(METADATA).map(([field, value]) => ({ field, value })) },
			},
			credentials,
			items,
		});
		if (meta.error) throw new Error(meta.error.message);
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const after = await counts();
		if (tag.json.some((j) => !j.success) || meta.json.some((j) => !j.success))
			throw new Error('ours: some items were not updated');
		return { seconds, calls: after.all - before.all, admin: after.admin - before.admin };
	}

	async function baseline(ids) {
		const before = await counts();
		const started = process.hrtime.bigint();
		const metadata = Object.entries(METADATA)
			.map(([k, v]) => `${k}=${v}`)
			.join('|');
		for (const id of ids) {
			const res = await adminClient.post(
				`resources/image/upload/${encodeURIComponent(id)}`,
				new URLSearchParams({ tags: TAGS.join(',') }).toString(),
			);
			if (res.status !== 200)
				throw new Error(`baseline tag ${id}: ${res.status} ${JSON.stringify(res.data)}`);
		}
		for (const id of ids) {
			const res = await adminClient.post(
				`resources/image/upload/${encodeURIComponent(id)}`,
				new URLSearchParams({ metadata }).toString(),
			);
			if (res.status !== 200)
				throw new Error(`baseline metadata ${id}: ${res.status} ${JSON.stringify(res.data)}`);
		}
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const after = await counts();
		return { seconds, calls: after.all - before.all, admin: after.admin - before.admin };
	}

	try {
		// The baseline would hit the Admin API's hourly quota (500–2,000 calls) long before 10,000
		// calls: lift it so that it can finish at all (noted in the output).
		await control.post('/cloudinary/rate-limit', { limit: 1000000 });
		// warm-up: load the package and the engine outside the measured runs
		await ours(await seed('bench/warm_', 1000));

		const oursFast = await ours(await seed('bench/ours_', COUNT));
		await verify(idsFor('bench/ours_', COUNT), 'ours');
		log(
			`ours, no latency: ${oursFast.calls} calls (${oursFast.admin} Admin) in ${oursFast.seconds.toFixed(2)} s`,
		);

		const baseFast = await baseline(await seed('bench/base_', COUNT));
		await verify(idsFor('bench/base_', COUNT), 'baseline');
		log(
			`baseline, no latency: ${baseFast.calls} calls (${baseFast.admin} Admin) in ${baseFast.seconds.toFixed(2)} s`,
		);

		await latency(true);
		const oursSlow = await ours(await seed('bench/ours_lat_', COUNT));
		await verify(idsFor('bench/ours_lat_', COUNT), 'ours (latency)');
		log(`ours, ${LATENCY_MS} ms latency: ${oursSlow.seconds.toFixed(2)} s`);
		const sampleIds = await seed('bench/base_lat_', Math.min(SAMPLE, COUNT));
		const baseSample = await baseline(sampleIds);
		await verify(sampleIds, 'baseline (latency)');
		const baseSlowSeconds = (baseSample.seconds * COUNT) / sampleIds.length;
		log(
			`baseline, ${LATENCY_MS} ms latency: ${sampleIds.length} assets in ` +
				`${baseSample.seconds.toFixed(2)} s → ${baseSlowSeconds.toFixed(1)} s for ${COUNT}`,
		);
		await latency(false);

		return {
			rows: [
				{
					metric: `API calls, tag + metadata on ${COUNT} assets`,
					ours: oursFast.calls,
					baseline: baseFast.calls,
					unit: 'calls',
				},
				{
					metric: 'of which Admin API (rate-limited) calls',
					ours: oursFast.admin,
					baseline: baseFast.admin,
					unit: 'calls',
				},
				{
					metric: 'Admin quota used at 2,000 calls/hour',
					ours: oursFast.admin / 2000,
					baseline: baseFast.admin / 2000,
					unit: 'hours',
				},
				{
					metric: 'wall time, no injected latency',
					ours: Number(oursFast.seconds.toFixed(2)),
					baseline: Number(baseFast.seconds.toFixed(2)),
					unit: 's',
				},
				{
					metric: `wall time, ${LATENCY_MS} ms latency per request`,
					ours: Number(oursSlow.seconds.toFixed(2)),
					baseline: Number(baseSlowSeconds.toFixed(1)),
					unit: 's',
				},
			],
			notes: [
				`ours runs in n8n's engine (WorkflowExecute, package from dist/), ${COUNT} input items ` +
					`per operation; first, middle and last asset checked to hold the tags and metadata ` +
					`afterwards, on both sides`,
				`baseline = one Admin API update per asset per change (${COUNT * 2} calls), ` +
					`sequential; its Admin quota was lifted for the run — with a real 2,000/hour quota it ` +
					`would need ${(baseFast.admin / 2000).toFixed(1)} hours`,
				`baseline latency figure measured on ${sampleIds.length} assets (${baseSample.calls} ` +
					`calls, ${baseSample.seconds.toFixed(1)} s) and scaled to ${COUNT}; set ` +
					`BENCH_BULK_BASELINE_SAMPLE=${COUNT} to measure it in full`,
			],
		};
	} finally {
		await control.delete('/faults');
		await sandbox.stop();
	}
}

module.exports = { name: 'cloudinary-bulk', run: main };
