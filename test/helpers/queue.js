'use strict';
// n8n's queue mode for the queue tier (test/queue): a private PostgreSQL cluster and a private Redis
// on free ports, then one n8n main, N workers and one webhook processor sharing them.
//
//   const { startQueueCluster } = require('./queue');
//   const cluster = await startQueueCluster({ packageTarball, workers: 2 });
//   cluster.main / cluster.workers[i] / cluster.webhook   — n8n instances (test/helpers/n8n.js)
//   cluster.postgres.query(sql) → rows (psql -At), cluster.redis, cluster.workersOf(executionId)
//   await cluster.workerRunning(executionId) → { name, worker }   (waits for a worker's log to say so)
//   await cluster.stop();
//   waitUntil(what, check, options), finishedExecutions(list), FAST_STALLED_JOB_ENV
//
// PostgreSQL and Redis come from Debian's packages (scripts/install-queue-services.sh installs them);
// their system services are not used. Facts this relies on (n8n 2.40.7, read in its dist and seen
// running here):
// - every process needs EXECUTIONS_MODE=queue, the same database, the same Redis and the same
//   N8N_ENCRYPTION_KEY; each its own N8N_PORT and task-broker port; workers a health port.
// - the package must be installed in each process's user folder: a worker without it fails the
//   execution with "Unrecognized node type".
// - a worker logs "Worker started execution <id> (job <n>)" at info level: the record of which
//   worker ran an execution (execution rows do not name the worker).
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const n8n = require('../../scripts/lib/n8n');
const { scanForSecrets, describeHits } = require('../../scripts/lib/secrets-scan');

const MINUTE = 60 * 1000;

/**
 * n8n's job-lock settings shortened, so that a dead worker's job is declared stalled after 20 s
 * instead of 60 s (pass as `env` to startQueueCluster).
 */
const FAST_STALLED_JOB_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '20000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '4000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/** The executions of `list` that have ended (whatever their status). */
const finishedExecutions = (list) =>
	list.filter((e) => !['new', 'running', 'waiting'].includes(e.status));

/** Calls `check` until it returns something truthy, and returns that; fails naming `what` after the timeout. */
async function waitUntil(what, check, { timeoutMs = 2 * MINUTE, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await n8n.sleep(intervalMs);
	}
}

const started = new Set(); // stop functions run on exit when a test run dies without cleaning up
process.on('exit', () => {
	for (const stopNow of started) stopNow();
});

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, ...opts });
	if (r.error) throw r.error;
	return r;
}

function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		: [];
	if (!versions.length)
		throw new Error('PostgreSQL is not installed: run scripts/install-queue-services.sh (as root)');
	return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** initdb refuses to run as root: the cluster belongs to the `postgres` user then. */
function asClusterOwner(args) {
	if (process.getuid?.() !== 0) return args;
	return ['runuser', '-u', 'postgres', '--', ...args];
}

/** A private PostgreSQL cluster (initdb in a temp dir, trust auth on 127.0.0.1, a free port). */
async function startPostgres({ baseDir } = {}) {
	const bin = postgresBinDir();
	const dir = await fsp.mkdtemp(path.join(baseDir || os.tmpdir(), 'pg-'));
	const dataDir = path.join(dir, 'data');
	await fsp.mkdir(dataDir);
	if (process.getuid?.() === 0) {
		// mkdtemp makes 0700 folders: the postgres user must be able to reach its own.
		if (baseDir) await fsp.chmod(baseDir, 0o711);
		run('chown', ['-R', 'postgres:postgres', dir]);
	}
	const port = await n8n.freePort();
	const exec = (args) => {
		const [cmd, ...rest] = asClusterOwner(args);
		return run(cmd, rest, { cwd: dir });
	};
	const init = exec([
		path.join(bin, 'initdb'),
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
	const opts =
		`-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c ` +
		`synchronous_commit=off -c max_connections=200`;
	const start = exec([
		path.join(bin, 'pg_ctl'),
		'-D',
		dataDir,
		'-o',
		opts,
		'-l',
		path.join(dir, 'postgres.log'),
		'-w',
		'start',
	]);
	if (start.status !== 0)
		throw new Error(
			`pg_ctl start failed: ` +
				`${start.stderr || start.stdout}\n${fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8')}`,
		);
	const stopNow = () => exec([path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', 'stop']);
	started.add(stopNow);
	const psql = (sql, database = 'n8n') => {
		const r = run(path.join(bin, 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-d',
			database,
			'-At',
			'-F',
			'\t',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			sql,
		]);
		if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
		return r.stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => line.split('\t'));
	};
	psql('CREATE DATABASE n8n', 'postgres');
	return {
		port,
		dir,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** Runs SQL in the n8n database; rows as arrays of strings. */
		query: (sql) => psql(sql),
		/**
		 * The n8n database as scan input: a data-only pg_dump of every table but execution_data
		 * (`texts`), and each execution's data parsed with `unflatten` (`values`).
		 */
		scanInput(unflatten) {
			const dump = path.join(dir, 'scan-dump.sql');
			const rows = path.join(dir, 'scan-executions.tsv');
			const connect = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'n8n'];
			const dumped = run(path.join(bin, 'pg_dump'), [
				...connect,
				'--data-only',
				'--exclude-table-data=execution_data',
				'-f',
				dump,
			]);
			if (dumped.status !== 0) throw new Error(`pg_dump failed: ${dumped.stderr}`);
			const selected = run(path.join(bin, 'psql'), [
				...connect,
				'-At',
				'-F',
				'\t',
				'-v',
				'ON_ERROR_STOP=1',
				'-o',
				rows,
				'-c',
				'SELECT "executionId", data FROM execution_data',
			]);
			if (selected.status !== 0) throw new Error(`psql failed: ${selected.stderr}`);
			const values = {};
			const texts = {
				'pg_dump of the n8n database (all but execution_data)': fs.readFileSync(dump),
			};
			for (const line of fs.readFileSync(rows, 'utf8').split('\n').filter(Boolean)) {
				const tab = line.indexOf('\t');
				const place = `PostgreSQL, execution ${line.slice(0, tab)}`;
				try {
					values[`${place} (execution data)`] = unflatten(line.slice(tab + 1));
				} catch {
					texts[`${place} (execution data, unparsed)`] = line;
				}
			}
			fs.rmSync(dump, { force: true });
			fs.rmSync(rows, { force: true });
			return { texts, values };
		},
		async stop() {
			started.delete(stopNow);
			const r = exec([path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'fast', '-w', 'stop']);
			if (r.status !== 0) stopNow();
			await fsp.rm(dir, { recursive: true, force: true });
		},
	};
}

/** A private Redis (no persistence) on a free port, as a child process of this one. */
async function startRedis({ baseDir } = {}) {
	const port = await n8n.freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const ready = await new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), 15000);
		const check = () => {
			if (/Ready to accept connections/.test(output)) {
				clearTimeout(timer);
				resolve(true);
			}
		};
		child.stdout.on('data', check);
		child.once('exit', () => resolve(false));
	});
	if (!ready) {
		child.kill('SIGKILL');
		throw new Error(
			`redis-server did not start (is it installed? scripts/install-queue-services.sh):\n${output}`,
		);
	}
	const stopNow = () => child.kill('SIGKILL');
	started.add(stopNow);
	// For scripts/stop-queue-services.sh, should this process be killed before it can stop Redis.
	if (baseDir) await fsp.writeFile(path.join(baseDir, 'redis.pid'), String(child.pid));
	return {
		port,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		async stop() {
			started.delete(stopNow);
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/**
 * Postgres + Redis + one main, `workers` workers (each `--concurrency=<concurrency>`) and one
 * webhook processor, every process with the packed package installed in its own user folder.
 * WEBHOOK_URL points at the webhook processor, so production webhooks (and the notification URL the
 * Cloudinary Trigger registers) reach it. `env` is added to every process.
 */
async function startQueueCluster({
	packageTarball,
	workers = 2,
	concurrency = 5,
	env = {},
	mainEnv = {},
} = {}) {
	const baseDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-'));
	const postgres = await startPostgres({ baseDir });
	const redis = await startRedis({ baseDir });
	const webhookPort = await n8n.freePort();
	const common = {
		...postgres.env,
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64'),
		WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
		// Runs started from the editor go to workers too (the default keeps them on the main).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_LOG_LEVEL: 'info',
		...env,
	};
	const make = async (name, command, extra = {}) =>
		await n8n.createN8nInstance({
			packageTarball,
			userFolder: path.join(baseDir, name),
			command,
			...extra,
			env: { ...common, ...(extra.env || {}) },
		});
	const healthPorts = [];
	for (let i = 0; i < workers; i++)
		healthPorts.push(await n8n.freePort([webhookPort, ...healthPorts]));
	// The package installs (npm) run side by side.
	const [main, webhook, ...workerList] = await Promise.all([
		make('main', 'start', { env: mainEnv }),
		make('webhook', 'webhook', { port: webhookPort }),
		...healthPorts.map((healthPort, i) =>
			make(`worker${i + 1}`, 'worker', {
				commandArgs: [`--concurrency=${concurrency}`],
				healthPort,
				env: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
			}),
		),
	]);
	// The main migrates the empty database; the others start once it has.
	await main.start({ timeoutMs: 180000 });
	await Promise.all([
		webhook.start({ timeoutMs: 120000 }),
		...workerList.map((w) => w.start({ timeoutMs: 120000 })),
	]);

	const cluster = {
		baseDir,
		postgres,
		redis,
		main,
		webhook,
		workers: workerList,
		env: common,
		/** Execution ids each worker logged as started: { worker1: ['12', ...], ... }. */
		startedByWorker() {
			const result = {};
			workerList.forEach((w, i) => {
				const log = fs.existsSync(w.logFile) ? fs.readFileSync(w.logFile, 'utf8') : '';
				result[`worker${i + 1}`] = [...log.matchAll(/Worker started execution (\d+) \(job/g)].map(
					(m) => m[1],
				);
			});
			return result;
		},
		/** The name of the worker whose log says it started `executionId` ('worker1' …); [] if none. */
		workersOf(executionId) {
			const byWorker = cluster.startedByWorker();
			return Object.keys(byWorker).filter((name) => byWorker[name].includes(String(executionId)));
		},
		/** The worker whose log says it started `executionId`, once one does: { name, worker }. */
		async workerRunning(executionId) {
			const name = await waitUntil(
				`a worker to start execution ${executionId}`,
				() => cluster.workersOf(executionId)[0],
				{ timeoutMs: MINUTE },
			);
			return { name, worker: workerList[Number(name.slice(-1)) - 1] };
		},
		/**
		 * The secrets scan of the shared PostgreSQL database (each process's user folder and output
		 * are scanned by its own stop(), scripts/lib/n8n.js). → { scanned, bytes, places, hits }
		 */
		scanDatabase() {
			const flatted = require(path.join(main.paths.n8nHome, 'n8n', 'node_modules', 'flatted'));
			return scanForSecrets({
				...postgres.scanInput((text) => flatted.parse(text)),
				...n8n.secretsHandedToN8n(),
			});
		},
		/**
		 * Stops every process (each scanned for secrets as it stops), scans the database, stops
		 * PostgreSQL and Redis, and then throws if any scan found a secret (the folder is kept then).
		 */
		async stop() {
			const stopped = await Promise.allSettled([
				main.stop(),
				webhook.stop(),
				...workerList.map((w) => w.stop()),
			]);
			const failures = stopped.filter((s) => s.status === 'rejected').map((s) => s.reason);
			try {
				const { hits } = cluster.scanDatabase();
				if (hits.length)
					failures.push(
						new Error(`secrets scan of the n8n database (PostgreSQL):\n${describeHits(hits)}`),
					);
			} catch (error) {
				failures.push(error);
			}
			await redis.stop();
			await postgres.stop();
			if (failures.length) throw new Error(failures.map((e) => e.message).join('\n'));
			await fsp.rm(baseDir, { recursive: true, force: true });
		},
	};
	return cluster;
}

module.exports = {
	startPostgres,
	startRedis,
	startQueueCluster,
	waitUntil,
	finishedExecutions,
	FAST_STALLED_JOB_ENV,
};
