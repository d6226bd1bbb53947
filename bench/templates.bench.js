'use strict';
// The schedule-started templates (F2, F3, F5, F6, F7, F8) on a whole catalogue, in a REAL n8n 2.40.7
// (one process, the packed package installed; each template's manual test copy run in `n8n start` as
// the editor's "Execute workflow" runs it, or with `--via execute` by `n8n execute`),
// against the sandbox seeded with N titles, each with its master cover, and 50 ms of latency on every
// Consonance and Cloudinary request. For each template and size, first run and second run (nothing
// changed in between): wall time; Consonance requests; Cloudinary Admin and Upload API calls; writes
// (Consonance mutations, Cloudinary Upload API calls and Admin updates); the n8n process tree's peak
// RSS above the same process idle; the size of the execution n8n saved.
// The Admin API quota is lifted while measuring so that a run that would pass 500 calls still
// finishes and says by how much; the goal is ≤ 400 Admin calls for a first run at 20,000 titles.
//
// The baseline (per-title calls where ours batch) is counted from the same run's items, not executed:
// every asset a Cloudinary search or validation found would be one Admin `resources` get, every asset
// a bulk Tag / Context / Metadata node changed one Admin `update`, every product a Consonance search
// returned one product query. Each node's execution time is printed to show where a run's time goes,
// and the JSON size of the largest nodes' output to show where the saved run's bytes go.
// Figures are written to bench/results/templates-<time>.json after every measured run, so an
// interrupted run keeps what it measured.
//
//   npm run bench -- templates                      sizes 2000 and 20000
//   npm run bench -- templates --titles 2000        one size (or BENCH_TEMPLATE_SIZES=2000,20000)
//   npm run bench -- templates --templates F2,F6    some templates (or BENCH_TEMPLATES=F2,F6)
//   npm run bench -- templates --via execute       `n8n execute` (which prints the whole run at the end)
//   npm run bench -- templates --runs 4            more runs after the second (a template with a
//       budget per run, F2, F3, F6, F8, reaches its steady state after a few runs on a whole catalogue)
//   npm run bench -- templates --heap-mib 1024 --runner-heap-mib 512
//       n8n's V8 heap capped as a self-hoster caps it (NODE_OPTIONS=--max-old-space-size for the n8n
//       process, N8N_RUNNERS_MAX_OLD_SPACE_SIZE for its task runner; docs/templates-at-scale.md)
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const n8n = require('../scripts/lib/n8n');
const { startTestSandbox } = require('../scripts/lib/sandbox');
const { n8nCredentials } = require('../scripts/lib/sandbox-credentials');
const { loadTemplate, manualTestCopy } = require('../scripts/lib/templates');

const path = require('node:path');

/** `--name value` from the command line, else the environment variable, else the default. */
function option(name, envName, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return (at > 0 ? process.argv[at + 1] : undefined) ?? process.env[envName] ?? fallback;
}

const SIZES = option('titles', 'BENCH_TEMPLATE_SIZES', '2000,20000').split(',').map(Number);
const LATENCY_MS = 50;
const TEMPLATES = {
	F2: 'F2-put-title-metadata-on-master-covers.json',
	F3: 'F3-apply-sales-rights-to-cover-access.json',
	F5: 'F5-make-format-variants-for-titles-in-production.json',
	F6: 'F6-organise-cover-assets-by-publishing-rules.json',
	F7: 'F7-alert-missing-or-off-spec-covers-before-publication.json',
	F8: 'F8-summarise-cover-media-metrics-in-consonance.json',
};
const ONLY = option('templates', 'BENCH_TEMPLATES', Object.keys(TEMPLATES).join(',')).split(',');
const MiB = 1024 * 1024;
const RUNS = Number(option('runs', 'BENCH_TEMPLATE_RUNS', '2'));
if (!Number.isInteger(RUNS) || RUNS < 2) throw new Error('--runs is a whole number, 2 or more');
/** The runs of each template: first, second, then run3, run4, … */
const RUN_NAMES = Array.from({ length: RUNS }, (_, i) => ['first', 'second'][i] ?? `run${i + 1}`);
const VIA = option('via', 'BENCH_TEMPLATES_VIA', 'start');
if (!['start', 'execute'].includes(VIA)) throw new Error(`--via is start or execute, not ${VIA}`);
const HEAP_MIB = option('heap-mib', 'BENCH_N8N_HEAP_MIB', '');
const RUNNER_HEAP_MIB = option('runner-heap-mib', 'BENCH_RUNNER_HEAP_MIB', '');
/** The environment that caps n8n's heaps, when asked (n8n's own defaults otherwise). */
const HEAP_ENV = {
	...(HEAP_MIB ? { NODE_OPTIONS: `--max-old-space-size=${Number(HEAP_MIB)}` } : {}),
	...(RUNNER_HEAP_MIB ? { N8N_RUNNERS_MAX_OLD_SPACE_SIZE: String(Number(RUNNER_HEAP_MIB)) } : {}),
};

/** RSS of a process and all its descendants (the task runner runs Code nodes), in bytes. */
function treeRss(rootPid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			// gone
		}
	}
	let total = 0;
	const stack = [rootPid];
	while (stack.length) {
		const pid = stack.pop();
		try {
			const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (m) total += Number(m[1]) * 1024;
		} catch {
			// gone
		}
		stack.push(...(children.get(pid) ?? []));
	}
	return total;
}

/** The execution n8n saved last → { bytes (as stored), status, data (IRunExecutionData) }. */
async function savedExecution(instance) {
	const file = path.join(instance.userFolder, 'latest-execution.txt');
	const reader = spawn(
		instance.paths.nodeBin,
		[
			'--no-warnings',
			path.join(__dirname, 'lib', 'latest-execution.js'),
			path.join(instance.userFolder, '.n8n', 'database.sqlite'),
			file,
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let out = '';
	reader.stdout.on('data', (d) => (out += d));
	await new Promise((resolve) => reader.on('close', resolve));
	const { bytes = 0, status } = JSON.parse(out || '{}');
	if (bytes <= 2) return { bytes, status };
	const flatted = require(path.join(instance.paths.n8nHome, 'n8n', 'node_modules', 'flatted'));
	const data = flatted.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
	return { bytes, status, data };
}

/**
 * `n8n execute --id --rawOutput` sampling the process tree's RSS every 100 ms → { ms, peakRss,
 * savedBytes, ok, error }.
 */
async function execute(instance, workflowId) {
	const brokerPort = await n8n.freePort([instance.port, instance.brokerPort]);
	const started = Date.now();
	const child = spawn(
		instance.paths.nodeBin,
		[instance.paths.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{
			cwd: instance.userFolder,
			env: { ...instance.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'info' },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let stdout = '';
	let stderr = '';
	// only the ends are kept (for an error message): the saved execution is read from the database
	child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-4000)));
	child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
	let peakRss = 0;
	const timer = setInterval(() => {
		peakRss = Math.max(peakRss, treeRss(child.pid));
	}, 100);
	const [code, signal] = await new Promise((resolve) =>
		child.on('close', (c, s) => resolve([c, s])),
	);
	clearInterval(timer);
	const ms = Date.now() - started;
	const saved = await savedExecution(instance);
	const status =
		saved.data?.resultData?.error?.message ??
		(saved.status && saved.status !== 'success' ? `execution ${saved.status}` : undefined);
	// n8n 2.40.7's CLI sometimes dies of SIGSEGV after finishing the run (scripts/lib/n8n.js), and its
	// printed copy of a large run can be cut short: the saved execution is what counts.
	const error =
		status ??
		(saved.data
			? undefined
			: `no saved execution (exit ${code ?? signal}): ${(stderr || stdout).slice(-500)}`);
	return {
		ms,
		peakRss,
		savedBytes: saved.bytes,
		ok: !!saved.data && !error,
		error,
		exit: code ?? signal,
		data: saved.data ? { data: saved.data } : undefined,
	};
}

/**
 * One run as a schedule makes it in production: a freshly started `n8n start` (idle for 3 s), the
 * workflow run as the editor's "Execute workflow" runs it (POST /rest/workflows/:id/run: the same
 * engine, saved the same way), the n8n process tree's RSS sampled every 100 ms until the execution
 * is saved, then n8n stopped. Polls the executions list (no run data), so the polling adds nothing.
 * → { ms, peakRss, idleRss, savedBytes, ok, error, data }.
 */
async function runInServer(instance, workflowId) {
	await instance.start();
	await instance.login();
	await n8n.sleep(3000);
	const idleRss = treeRss(instance.pid);
	let peakRss = idleRss;
	const timer = setInterval(() => {
		peakRss = Math.max(peakRss, treeRss(instance.pid));
	}, 100);
	const started = Date.now();
	let error;
	try {
		const id = await instance.runWorkflow(workflowId, 'Run now (test copy)');
		for (;;) {
			const [latest] = await instance.executions({ workflowId, limit: 1 });
			if (latest && String(latest.id) === id && n8n.isFinished(latest)) break;
			if (!instance.running) throw new Error('n8n exited during the run');
			await n8n.sleep(1000);
		}
	} catch (e) {
		error = e.message;
	}
	clearInterval(timer);
	const ms = Date.now() - started;
	await instance.stop();
	const saved = await savedExecution(instance);
	error ??=
		saved.data?.resultData?.error?.message ??
		(saved.status !== 'success' ? `execution ${saved.status}` : undefined);
	return {
		ms,
		peakRss,
		idleRss,
		savedBytes: saved.bytes,
		ok: !!saved.data && !error,
		error,
		data: saved.data ? { data: saved.data } : undefined,
	};
}

function diffCounters(before, after) {
	const out = {
		consonance: 0,
		consonanceWrites: 0,
		admin: 0,
		adminWrites: 0,
		upload: 0,
		routes: {},
	};
	for (const [route, c] of Object.entries(after.consonance)) {
		const n = c.count - (before.consonance[route]?.count ?? 0);
		if (route === 'not-found') continue;
		if (n) out.routes[route] = n;
		out.consonance += n;
		if (route.startsWith('graphql:mutation:')) out.consonanceWrites += n;
	}
	for (const [route, c] of Object.entries(after.cloudinary)) {
		const n = c.count - (before.cloudinary[route]?.count ?? 0);
		if (n) out.routes[route] = n;
		if (route.startsWith('admin:')) {
			out.admin += n;
			if (
				/\.(update|update_access_mode|update_by_asset_id|delete\w*|create|rename|restore\w*)$/.test(
					route,
				)
			)
				out.adminWrites += n;
		} else if (route.startsWith('upload:')) out.upload += n;
	}
	out.writes = out.consonanceWrites + out.adminWrites + out.upload;
	return out;
}

/**
 * Items a node produced over all its runs and outputs; a bulk item counts once per public ID it
 * carries (a Code node may group many covers into one item per tag).
 */
function itemsOut(runs) {
	const weight = (item) =>
		Array.isArray(item?.json?.public_ids) ? Math.max(1, item.json.public_ids.length) : 1;
	return (runs ?? []).reduce(
		(sum, r) =>
			sum +
			(r.data?.main ?? []).reduce(
				(s, out) => s + (out ?? []).reduce((n, item) => n + weight(item), 0),
				0,
			),
		0,
	);
}

const CLOUDINARY = 'n8n-nodes-consonance-cloudinary.cloudinary';
const CONSONANCE = 'n8n-nodes-consonance-cloudinary.consonance';
/** A node that batches, and what the per-title baseline would send for each of its items. */
function perTitleEquivalent(node) {
	const p = node.parameters ?? {};
	if (node.type === CLOUDINARY && p.resource === 'asset' && p.operation === 'search')
		return 'admin';
	if (node.type === CLOUDINARY && p.resource === 'validation') return 'admin';
	if (node.type === CLOUDINARY && (p.resource === 'tag' || p.resource === 'contextMetadata'))
		return 'adminUpdate';
	if (node.type === CONSONANCE && p.resource === 'product' && p.operation === 'search')
		return 'consonance';
	return undefined;
}

/**
 * The same run with per-title calls where ours batch, counted from its items: ours minus the calls
 * of the batching routes, plus one call per item of every batching node.
 */
function baselineCalls(workflow, data, calls) {
	const runData = data?.data?.resultData?.runData ?? {};
	const perItem = { admin: 0, adminUpdate: 0, consonance: 0 };
	for (const node of workflow.nodes) {
		const kind = perTitleEquivalent(node);
		if (kind) perItem[kind] += itemsOut(runData[node.name]);
	}
	const r = calls.routes;
	const batchedUpload =
		(r['upload:tags'] ?? 0) + (r['upload:context'] ?? 0) + (r['upload:metadata'] ?? 0);
	return {
		consonance: calls.consonance - (r['graphql:products'] ?? 0) + perItem.consonance,
		admin: calls.admin - (r['admin:search'] ?? 0) + perItem.admin + perItem.adminUpdate,
		adminWrites: calls.adminWrites + perItem.adminUpdate,
		upload: calls.upload - batchedUpload,
	};
}

/** The slowest nodes of a run: "name 12.3 s, …". */
function slowestNodes(data, count = 3) {
	const runData = data?.data?.resultData?.runData ?? {};
	return Object.entries(runData)
		.map(([name, runs]) => [name, runs.reduce((s, r) => s + (r.executionTime ?? 0), 0)])
		.sort((a, b) => b[1] - a[1])
		.slice(0, count)
		.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
		.join(', ');
}

/** The nodes whose output takes most of the saved run: "name 4.1 MiB, …" (JSON size of their runs). */
function largestNodes(data, count = 4) {
	const runData = data?.data?.resultData?.runData ?? {};
	return Object.entries(runData)
		.map(([name, runs]) => [name, JSON.stringify(runs).length])
		.sort((a, b) => b[1] - a[1])
		.slice(0, count)
		.map(([name, bytes]) => `${name} ${(bytes / MiB).toFixed(1)} MiB`)
		.join(', ');
}

function testCopy(key, sb) {
	const copy = manualTestCopy(loadTemplate(TEMPLATES[key]), { id: `bench${key}templ001` });
	const settings = copy.nodes.find((n) => n.name === 'Settings');
	for (const a of settings?.parameters.assignments.assignments ?? []) {
		if (a.name === 'lookbackDays') a.value = 36500; // the whole catalogue, as on a first run
		if (a.name === 'alertUrl') a.value = `${sb.info.control.baseUrl}/sink/bench-f7`;
	}
	return copy;
}

async function run({ log }) {
	const rows = [];
	const notes = [];
	const tarball = await n8n.packPackage({});
	const results = {};
	const outDir = path.join(__dirname, 'results');
	fs.mkdirSync(outDir, { recursive: true });
	const partialFile = path.join(
		outDir,
		`templates-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
	);
	log(`figures are written to ${path.relative(process.cwd(), partialFile)} as they are measured`);
	for (const size of SIZES) {
		const t0 = Date.now();
		const sb = await startTestSandbox({ catalogue: { products: size } });
		const covers = sb.sandbox.catalogue.cloudinary.assets.filter((a) =>
			a.publicId.startsWith('covers/'),
		).length;
		log(`${size} titles, ${covers} covers: sandbox ready in ${Date.now() - t0} ms`);
		log(VIA === 'execute' ? 'each run: n8n execute' : 'each run: in a freshly started n8n start');
		if (Object.keys(HEAP_ENV).length) log(`n8n heap caps: ${JSON.stringify(HEAP_ENV)}`);
		await sb.control.post('/cloudinary/rate-limit', { limit: 1000000 });
		for (const service of ['consonance', 'cloudinary'])
			await sb.control.post('/faults', { service, kind: 'latency', ms: LATENCY_MS });
		const instance = await n8n.createN8nInstance({ packageTarball: tarball, env: HEAP_ENV });
		try {
			const { consonance, cloudinary } = n8nCredentials(sb.info);
			await instance.importCredentials([consonance, cloudinary]);
			const idle = manualTestCopy(
				{
					name: 'idle',
					nodes: [
						{
							id: 's',
							name: 'Schedule',
							type: 'n8n-nodes-base.scheduleTrigger',
							typeVersion: 1.2,
							position: [0, 0],
							parameters: {},
						},
					],
					connections: {},
				},
				{ id: 'benchIdleWorkflow1' },
			);
			const keys = ONLY.filter((k) => TEMPLATES[k]);
			const workflows = Object.fromEntries(keys.map((k) => [k, testCopy(k, sb)]));
			await instance.importWorkflows([idle, ...Object.values(workflows)]);
			const baseline = VIA === 'execute' ? await execute(instance, 'benchIdleWorkflow1') : null;
			if (baseline) log(`idle n8n execute: ${(baseline.peakRss / MiB).toFixed(0)} MiB peak RSS`);
			for (const key of keys) {
				for (const which of RUN_NAMES) {
					const before = (await sb.control.get('/counters')).data;
					const r =
						VIA === 'execute'
							? await execute(instance, `bench${key}templ001`)
							: await runInServer(instance, `bench${key}templ001`);
					const calls = diffCounters(before, (await sb.control.get('/counters')).data);
					const idleRss = baseline?.peakRss ?? r.idleRss;
					const rise = Math.max(0, r.peakRss - idleRss);
					const baselineRun = baselineCalls(workflows[key], r.data, calls);
					const entry = {
						...calls,
						ms: r.ms,
						rssRiseMiB: rise / MiB,
						idleRssMiB: idleRss / MiB,
						savedMiB: r.savedBytes / MiB,
						ok: r.ok,
						error: r.error,
						baseline: baselineRun,
						slowestNodes: slowestNodes(r.data),
						largestNodes: largestNodes(r.data),
					};
					(results[`${key} ${size}`] ??= {})[which] = entry;
					fs.writeFileSync(
						partialFile,
						JSON.stringify(
							{ at: new Date().toISOString(), via: VIA, heapCaps: HEAP_ENV, results },
							null,
							2,
						),
					);
					log(
						`${key} ${size} ${which}: ${r.ok ? 'ok' : `FAILED ${r.error}`} ` +
							`${(r.ms / 1000).toFixed(1)} s; Consonance ${calls.consonance}; Admin ${calls.admin}; ` +
							`Upload ${calls.upload}; writes ${calls.writes}; ` +
							`RSS +${(rise / MiB).toFixed(0)} MiB (idle ${entry.idleRssMiB.toFixed(0)}); ` +
							`saved ${(r.savedBytes / MiB).toFixed(2)} MiB; calls ${JSON.stringify(calls.routes)}`,
					);
					log(
						`  per-title baseline (counted): Consonance ${baselineRun.consonance}; ` +
							`Admin ${baselineRun.admin} (${baselineRun.adminWrites} writes); Upload ${baselineRun.upload}`,
					);
					log(`  slowest nodes: ${entry.slowestNodes}`);
					log(`  largest outputs: ${entry.largestNodes}`);
				}
			}
		} finally {
			await instance.cleanup();
			await sb.stop();
		}
	}
	for (const [label, runs] of Object.entries(results)) {
		const { first } = runs;
		const failed = (r) => (r.ok ? undefined : `FAILED: ${r.error}`);
		rows.push({
			metric: `${label} first run: wall time`,
			ours: first.ms / 1000,
			unit: 's',
			note: failed(first),
		});
		rows.push({
			metric: `${label} first run: Consonance requests`,
			ours: first.consonance,
			baseline: first.baseline.consonance,
			unit: 'requests',
		});
		rows.push({
			metric: `${label} first run: Cloudinary Admin calls`,
			ours: first.admin,
			baseline: first.baseline.admin,
			unit: 'calls',
		});
		rows.push({
			metric: `${label} first run: Cloudinary Upload calls`,
			ours: first.upload,
			baseline: first.baseline.upload,
			unit: 'calls',
		});
		rows.push({ metric: `${label} first run: peak RSS rise`, ours: first.rssRiseMiB, unit: 'MiB' });
		rows.push({ metric: `${label} first run: saved execution`, ours: first.savedMiB, unit: 'MiB' });
		if (first.admin > 400)
			notes.push(
				`${label}: first run made ${first.admin} Admin calls, ${first.admin - 400} over the ` +
					`goal of 400 (free plan quota 500/hour)`,
			);
		if (first.rssRiseMiB > 1024)
			notes.push(`${label}: peak RSS rise ${first.rssRiseMiB.toFixed(0)} MiB, over the 1 GiB goal`);
		if (first.savedMiB > 50)
			notes.push(`${label}: saved execution ${first.savedMiB.toFixed(1)} MiB, over the 50 MB goal`);
		for (const which of RUN_NAMES.slice(1)) {
			const r = runs[which];
			if (!r) continue;
			rows.push({
				metric: `${label} ${which} run: wall time`,
				ours: r.ms / 1000,
				unit: 's',
				note: failed(r),
			});
			rows.push({
				metric: `${label} ${which} run: Admin calls`,
				ours: r.admin,
				baseline: r.baseline.admin,
				unit: 'calls',
			});
			rows.push({ metric: `${label} ${which} run: writes`, ours: r.writes, unit: 'calls' });
			rows.push({
				metric: `${label} ${which} run: peak RSS rise`,
				ours: r.rssRiseMiB,
				unit: 'MiB',
			});
			rows.push({
				metric: `${label} ${which} run: saved execution`,
				ours: r.savedMiB,
				unit: 'MiB',
			});
		}
		const lastName = RUN_NAMES.filter((n) => runs[n]).at(-1);
		const last = runs[lastName];
		if (lastName !== 'first' && last.writes > 0)
			notes.push(
				`${label}: the ${lastName} (last) run wrote ${last.writes} times (goal: none once a ` +
					'budgeted template has done its first pass; --runs adds runs)',
			);
	}
	notes.push(
		`${LATENCY_MS} ms latency on every request; Admin quota lifted while measuring; ` +
			'baseline = the same run with per-title calls where ours batch, counted from its items (not executed)',
	);
	return { rows, notes, results };
}

module.exports = { name: 'templates', run };
if (require.main === module) {
	run({ log: console.log }).then(
		(r) => console.log(JSON.stringify(r.results, null, 2)),
		(e) => {
			console.error(e);
			process.exit(1);
		},
	);
}
