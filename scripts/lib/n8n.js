'use strict';
// The real-n8n tier: a small library around a REAL n8n 2.x process (pinned in scripts/versions.sh),
// used by the e2e tests (test/e2e) and the demo (scripts/demo.js, scripts/demo.sh).
//
//   const n8n = require('./scripts/lib/n8n');
//   await n8n.installN8n();                                   // no-op when the cache is complete
//   const tgz = await n8n.packPackage({ repoRoot });          // dist/ must be built first (or build: true)
//   const inst = await n8n.createN8nInstance({ packageTarball: tgz });
//   await inst.importCredentials([{ name: 'Consonance account', type: 'consonancePublishingApi', data: {...} }]);
//   const id = await inst.importWorkflow(workflowJson);
//   const run = await inst.execute(id);                       // { ok, status, data, items(node), raw }
//   await inst.start(); await inst.login();                   // REST session as the env-made owner
//   await inst.nodeTypes(); await inst.testCredential({...}); await inst.activateWorkflow(id);
//   await inst.stop(); await inst.cleanup();
//
// Facts this relies on (read in n8n 2.40.7's dist and checked against a running instance):
// - `n8n execute --id=<id> --rawOutput` prints the IRun as pretty JSON through n8n's *logger at
//   info level* (BaseCommand.log = logger.info), mixed with other log lines on stdout. With
//   N8N_LOG_LEVEL=warn the result is not printed at all, so `execute` always runs at info level.
//   A failed execution prints the same JSON (after "Execution was NOT successful") and exits 1.
// - The internal JS task runner is spawned as plain `node` from PATH, so Node 24's bin directory
//   goes first on PATH; the runner broker port (default 5679) must differ per instance.
// - The owner is created by `n8n start` (not by the import/execute commands) from
//   N8N_INSTANCE_OWNER_*; CLI imports before that land in the shell owner's personal project, which
//   becomes the owner's project, so imported workflows and credentials are visible after login.
// - REST: node types `POST /rest/node-types` {nodeInfos:[{name,version}]} (descriptions of named
//   types) and `GET /types/nodes.json` (the full list; needs the auth cookie, 401 without);
//   credential test `POST /rest/credentials/test` {credentials:{id,name,type,data}};
//   activation `POST /rest/workflows/:id/activate` {versionId} and `/deactivate` {}; activation is
//   asynchronous in 2.x (publication outbox): `GET /rest/workflows/:id/publication-status` says
//   when the triggers are live, and activateWorkflow() waits for it.
// - Readiness: /healthz answers as soon as the port is open, and while migrations run every path
//   answers 200 "n8n is starting up"; only /healthz/readiness means the REST API is there.
// - `n8n execute` and the other CLI commands start their own task broker: each CLI call gets its
//   own broker port, or it fails while the server of the same instance is running.
const { spawn } = require('node:child_process');
const { Agent: NodeHttpAgent } = require('node:http');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const axios = require('axios');
const bcrypt = require('bcryptjs');
const { needlesOfCredentials, scanForSecrets, describeHits } = require('./secrets-scan');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = require(path.join(REPO_ROOT, 'package.json')).name;

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Owner-Passw0rd',
	firstName: 'Test',
	lastName: 'Owner',
};

// ---------------------------------------------------------------------------------------------
// small utilities

/** An execution n8n has stopped working on (whatever its outcome). */
const isFinished = (execution) => !['new', 'running', 'waiting'].includes(execution.status);

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command; resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(cmd, args, { cwd, env, input, timeoutMs = 10 * 60 * 1000, inherit = false } = {}) {
	return new Promise((resolve, reject) => {
		// Output goes to files, not pipes: Node writes to a file synchronously, while a large write to
		// a pipe is queued and lost when the CLI calls process.exit (a big `execute --rawOutput` result
		// came back cut off mid-JSON on a loaded machine).
		const outputDir = inherit ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-run-'));
		const outFd = outputDir ? fs.openSync(path.join(outputDir, 'stdout'), 'w') : 'inherit';
		const errFd = outputDir ? fs.openSync(path.join(outputDir, 'stderr'), 'w') : 'inherit';
		let child;
		try {
			child = spawn(cmd, args, {
				cwd,
				env: env || process.env,
				stdio: [input === undefined ? 'ignore' : 'pipe', outFd, errFd],
				detached: true, // own process group, so a timeout can kill n8n and its task runner together
			});
		} finally {
			if (outputDir) {
				fs.closeSync(outFd);
				fs.closeSync(errFd);
			}
		}
		let stdout = '';
		let stderr = '';
		const collect = () => {
			if (!outputDir) return;
			stdout = fs.readFileSync(path.join(outputDir, 'stdout'), 'utf8');
			stderr = fs.readFileSync(path.join(outputDir, 'stderr'), 'utf8');
			fs.rmSync(outputDir, { recursive: true, force: true });
		};
		if (input !== undefined) child.stdin.end(input);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			collect();
			if (timedOut) stderr += `\n[n8n helper] killed after ${timeoutMs} ms`;
			resolve({ code: code === null ? (signal ? 128 : 1) : code, signal, stdout, stderr });
		});
	});
}

function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** A free TCP port on 127.0.0.1 (listen on 0, read the port, close). `exclude` avoids repeats. */
async function freePort(exclude = []) {
	for (let attempt = 0; attempt < 20; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (!exclude.includes(port)) return port;
	}
	throw new Error('could not find a free port');
}

async function portIsFree(port) {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
	});
}

function tail(text, lines = 40) {
	return String(text).split('\n').slice(-lines).join('\n');
}

function randomId(length = 16) {
	// n8n ids are nanoid-like alphanumerics (<= 21 chars accepted by the CLI).
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = crypto.randomBytes(length);
	let id = '';
	for (let i = 0; i < length; i++) id += alphabet[bytes[i] % alphabet.length];
	return id;
}

/** A stable 16-character id derived from a string (e.g. a template file name): re-imports upsert. */
function stableId(text) {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	const bytes = crypto.createHash('sha256').update(String(text)).digest();
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[bytes[i] % alphabet.length];
	return id;
}

// The credentials this process handed to n8n (importCredentials, testCredential): every instance is
// scanned for their secrets when it stops (a jest test file has its own copy of this module).
const handedCredentials = [];

// n8n processes started by start(): killed when this process exits without stopping them
// (a crashed test run, a broken pipe), so no n8n keeps its ports after its owner is gone.
const liveGroups = new Set();
process.on('exit', () => {
	for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

// ---------------------------------------------------------------------------------------------
// install

let pathsCache;
/** Paths from scripts/versions.sh (the one place that pins n8n and Node 24). */
async function n8nPaths() {
	if (pathsCache) return pathsCache;
	const script = path.join(REPO_ROOT, 'scripts', 'versions.sh');
	const { code, stdout, stderr } = await run('bash', [
		'-c',
		`. "${script}"; printf '%s\\n' "$N8N_VERSION" "$NODE24_VERSION" "$N8N_CACHE_ROOT" ` +
			`"$N8N_HOME" "$NODE24_DIR" "$NODE24_BIN" "$N8N_BIN"`,
	]);
	if (code !== 0) throw new Error(`cannot read ${script}: ${stderr}`);
	const [n8nVersion, node24Version, cacheRoot, n8nHome, node24Dir, nodeBin, n8nBin] = stdout
		.trim()
		.split('\n');
	pathsCache = { n8nVersion, node24Version, cacheRoot, n8nHome, node24Dir, nodeBin, n8nBin };
	return pathsCache;
}

/** pids of install-n8n.sh runs started outside this library (e.g. by hand, or by CI directly). */
function otherInstallerPids() {
	const pids = [];
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
	} catch {
		return pids;
	}
	for (const pid of entries) {
		if (Number(pid) === process.pid) continue;
		try {
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (cmd.some((arg) => arg.endsWith('install-n8n.sh'))) pids.push(Number(pid));
		} catch {
			// gone, or not ours to read
		}
	}
	return pids;
}

function installComplete(p) {
	return (
		fs.existsSync(path.join(p.n8nHome, '.complete')) &&
		fs.existsSync(p.nodeBin) &&
		fs.existsSync(p.n8nBin)
	);
}

/**
 * Makes sure the pinned n8n and Node 24 are installed (scripts/install-n8n.sh; ≈ 5 min, 2.8 GB the
 * first time, a file check afterwards). A lock directory next to the cache keeps two callers (jest
 * workers, a demo) from installing at once: the second waits for the first; an install-n8n.sh
 * started by other means is waited for too (checked every 30 s), never started a second time.
 * Returns { nodeBin, n8nBin, n8nHome, n8nVersion, ... }.
 */
async function installN8n({ log = () => {}, inherit = false, timeoutMs = 30 * 60 * 1000 } = {}) {
	const p = await n8nPaths();
	if (installComplete(p)) return p;
	await fsp.mkdir(p.cacheRoot, { recursive: true });
	const lock = `${p.n8nHome}.lock`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (installComplete(p)) return p;
		const others = otherInstallerPids();
		if (others.length) {
			if (Date.now() > deadline)
				throw new Error(`timed out waiting for install-n8n.sh (pid ${others.join(', ')})`);
			log(`install-n8n.sh is already running (pid ${others.join(', ')}); waiting for it`);
			await sleep(30000);
			continue;
		}
		try {
			await fsp.mkdir(lock);
			await fsp.writeFile(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(await fsp.readFile(path.join(lock, 'pid'), 'utf8').catch(() => '0'));
			if (pid && !isAlive(pid)) {
				await fsp.rm(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline)
				throw new Error(`timed out waiting for another n8n install (${lock})`);
			log(`another process (pid ${pid}) is installing n8n; waiting`);
			await sleep(5000);
		}
	}
	try {
		if (installComplete(p)) return p;
		log(`installing n8n ${p.n8nVersion} with Node ${p.node24Version} into ${p.n8nHome}`);
		const result = await run('bash', [path.join(REPO_ROOT, 'scripts', 'install-n8n.sh')], {
			cwd: REPO_ROOT,
			inherit,
			timeoutMs,
		});
		if (result.code !== 0 || !installComplete(p)) {
			throw new Error(
				`scripts/install-n8n.sh failed (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`,
			);
		}
		return p;
	} finally {
		await fsp.rm(lock, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------
// pack

/**
 * `npm pack` of the repository into a temp folder; returns the .tgz path.
 * Decision: packing never builds implicitly. The project's .npmrc sets ignore-scripts=true (so
 * `prepack` would not run anyway) and we pass --ignore-scripts explicitly; the caller builds first
 * (`npm run build`), or passes { build: true } to have `npm run build` run here. Packing without
 * the dist/ files named in package.json "n8n" throws, because such a tarball would install a
 * package that n8n cannot load.
 */
async function packPackage({ repoRoot = REPO_ROOT, build = false, destination } = {}) {
	const pkg = JSON.parse(await fsp.readFile(path.join(repoRoot, 'package.json'), 'utf8'));
	if (build) {
		const b = await run('npm', ['run', 'build'], { cwd: repoRoot });
		if (b.code !== 0) throw new Error(`npm run build failed:\n${tail(b.stdout + b.stderr)}`);
	}
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((f) => !fs.existsSync(path.join(repoRoot, f)));
	if (!fs.existsSync(path.join(repoRoot, 'dist')) || missing.length) {
		throw new Error(
			`cannot pack ${pkg.name}: build it first (npm run build). Missing: ` +
				`${missing.length ? missing.join(', ') : 'dist/'}`,
		);
	}
	const dest = destination || (await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-pack-')));
	await fsp.mkdir(dest, { recursive: true });
	const r = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
		cwd: repoRoot,
	});
	if (r.code !== 0) throw new Error(`npm pack failed:\n${tail(r.stdout + r.stderr)}`);
	let filename;
	try {
		filename = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0].filename;
	} catch {
		filename = `${pkg.name}-${pkg.version}.tgz`;
	}
	const tgz = path.join(dest, path.basename(filename));
	if (!fs.existsSync(tgz)) throw new Error(`npm pack did not produce ${tgz}:\n${r.stdout}`);
	return tgz;
}

// ---------------------------------------------------------------------------------------------
// execute output

/**
 * Parses the stdout of `n8n execute --rawOutput`: log lines, then the IRun as 2-space-indented JSON
 * starting with a line "{" and ending with a line "}". Returns the parsed object or undefined.
 */
function parseExecuteOutput(text) {
	return splitExecuteOutput(text).data;
}

/** The IRun `execute --rawOutput` printed ({ data }) and the other lines of its output ({ rest }). */
function splitExecuteOutput(text) {
	const lines = String(text).split(/\r?\n/);
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== '}') continue;
			try {
				const data = JSON.parse(lines.slice(start, end + 1).join('\n'));
				return { data, rest: [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n') };
			} catch {
				// a "}" line inside a string value; try the next one
			}
		}
	}
	return { data: undefined, rest: String(text) };
}

/** json of the items a node produced: runItems(run, 'Set') → [{...}, ...] (last run, output 0). */
function runItems(execution, nodeName, { output = 0, run: runIndex } = {}) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs.length) return undefined;
	const r = runs[runIndex ?? runs.length - 1];
	return (r?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** Drops the start-up lines every CLI command prints, to leave what explains a failure. */
function withoutNoise(text) {
	return String(text)
		.split('\n')
		.filter((l) => !/Task Broker ready|Python task runner|^\[license SDK\]/.test(l))
		.join('\n')
		.trim();
}

function executionError(execution) {
	const error = execution?.data?.resultData?.error;
	if (!error) return undefined;
	return {
		message: error.message,
		description: error.description,
		node: error.node?.name,
		name: error.name,
	};
}

// ---------------------------------------------------------------------------------------------
// instance

/**
 * A fresh n8n user folder with (optionally) our tarball installed as a community package.
 * Options: port / brokerPort (free ports when omitted), userFolder (a temp dir when omitted;
 * an existing folder is reused, which keeps its database), packageTarball, env (extra/overriding
 * variables), owner ({ email, password, firstName, lastName }), listenAddress (127.0.0.1 unless
 * given; '' = n8n's default, all interfaces), publicHost (host used in N8N_HOST / WEBHOOK_URL),
 * command ('start' | 'worker' | 'webhook', for queue mode: see test/helpers/queue.js), commandArgs,
 * healthPort (where a worker answers /healthz/readiness: its QUEUE_HEALTH_CHECK_PORT).
 */
async function createN8nInstance(options = {}) {
	const paths = await installN8n();
	const command = options.command || 'start';
	const commandArgs = options.commandArgs || [];
	if (!['start', 'worker', 'webhook'].includes(command))
		throw new Error(`unknown n8n command ${command}`);
	const port = options.port || (await freePort());
	const brokerPort = options.brokerPort || (await freePort([port]));
	if (port === brokerPort) throw new Error('N8N_PORT and N8N_RUNNERS_BROKER_PORT must differ');
	const createdFolder = !options.userFolder;
	const userFolder = options.userFolder
		? path.resolve(options.userFolder)
		: await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
	const dotN8n = path.join(userFolder, '.n8n');
	const nodesDir = path.join(dotN8n, 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	const owner = { ...DEFAULT_OWNER, ...(options.owner || {}) };
	const ownerHash = bcrypt.hashSync(owner.password, 10);
	const listenAddress = options.listenAddress ?? '127.0.0.1';
	const publicHost =
		options.publicHost ||
		(listenAddress && listenAddress !== '0.0.0.0' && listenAddress !== '::'
			? listenAddress
			: 'localhost');
	const listensOnOneAddress =
		listenAddress && listenAddress !== '0.0.0.0' && listenAddress !== '::';
	const baseUrl = `http://${listensOnOneAddress ? listenAddress : '127.0.0.1'}:${port}`;
	const logFile = path.join(userFolder, 'n8n.log');
	const healthPort = options.healthPort || port;
	const timings = {};

	// Install the tarball the way n8n's community-package installer lays it out.
	let installedPackage;
	if (options.packageTarball) {
		const t0 = Date.now();
		const pj = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(pj))
			await fsp.writeFile(pj, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
		const inTarball = await run('tar', [
			'-xzOf',
			path.resolve(options.packageTarball),
			'package/package.json',
		]);
		if (inTarball.code !== 0)
			throw new Error(
				`${options.packageTarball} is not an npm package tarball: ${inTarball.stderr}`,
			);
		const { name } = JSON.parse(inTarball.stdout);
		const dir = path.join(nodesDir, 'node_modules', name);
		// a reused user folder: drop the old copy so the tarball's files are what n8n loads
		await fsp.rm(dir, { recursive: true, force: true });
		const r = await run(
			'npm',
			[
				'install',
				'--legacy-peer-deps',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				path.resolve(options.packageTarball),
			],
			{ cwd: nodesDir },
		);
		if (r.code !== 0)
			throw new Error(
				`npm install of ${options.packageTarball} failed:\n${tail(r.stdout + r.stderr)}`,
			);
		const pkgJson = JSON.parse(await fsp.readFile(path.join(dir, 'package.json'), 'utf8'));
		installedPackage = { name: pkgJson.name, version: pkgJson.version, dir, n8n: pkgJson.n8n };
		timings.packageInstallMs = Date.now() - t0;
	}

	const env = {
		...process.env,
		PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_HOST: publicHost,
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://${publicHost}:${port}/`,
		N8N_EDITOR_BASE_URL: `http://${publicHost}:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: ownerHash,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		...(listenAddress ? { N8N_LISTEN_ADDRESS: listenAddress } : {}),
		...(options.env || {}),
	};
	// Variables the parent process may carry that would point this instance elsewhere.
	for (const key of [
		'N8N_CONFIG_FILES',
		'DB_POSTGRESDB_HOST',
		'EXECUTIONS_MODE',
		'QUEUE_BULL_REDIS_HOST',
	]) {
		if (!(options.env && key in options.env)) delete env[key];
	}

	let child = null;
	let exitInfo = null;
	let recent = [];
	// Set when an n8n process of this instance ran since the last secrets scan (see stop()).
	let scanPending = false;
	// Secrets found in what the CLI commands printed (scanned as each returns, then dropped).
	const outputHits = [];
	const scanCliOutput = (args, r) => {
		const { secrets, apiKeys } = needlesOfCredentials(handedCredentials);
		const place = `the output of \`n8n ${args[0]}\``;
		const texts = {};
		const values = {};
		for (const [stream, text] of [
			['stdout', r.stdout],
			['stderr', r.stderr],
		]) {
			const { data, rest } = args[0] === 'execute' ? splitExecuteOutput(text) : { rest: text };
			texts[`${place} (${stream})`] = rest;
			if (data) values[`the execution ${place} printed (${stream})`] = data;
		}
		outputHits.push(...scanForSecrets({ texts, values, secrets, apiKeys }).hits);
	};
	let cookie = null;
	let browserId = null;
	const http = axios.create({
		baseURL: baseUrl,
		validateStatus: () => true,
		timeout: 60000,
		maxRedirects: 0,
		// No kept-alive sockets: when the event loop was busy for a while (the secrets scan reads
		// synchronously), a reused socket the server had closed meanwhile failed with "socket hang up".
		httpAgent: new NodeHttpAgent({ keepAlive: false }),
	});

	const instance = {
		command,
		port,
		brokerPort,
		baseUrl,
		editorUrl: `http://${publicHost}:${port}`,
		webhookBaseUrl: `http://${publicHost}:${port}/webhook`,
		userFolder,
		logFile,
		env,
		owner,
		paths,
		installedPackage,
		timings,
		/** pid of the running `n8n start` (undefined when not started). */
		get pid() {
			return child?.pid;
		},
		/** true while the `n8n start` process runs. */
		get running() {
			return !!child && !exitInfo;
		},

		/**
		 * n8n CLI with this instance's environment: { code, stdout, stderr }. Commands such as
		 * `execute` start their own task broker, so each call gets a fresh broker port: with the
		 * server's port it would fail ("Task Broker's port … is already in use") while start()ed.
		 */
		async cli(args, { input, env: extraEnv, timeoutMs = 5 * 60 * 1000 } = {}) {
			const cliBrokerPort = await freePort([port, brokerPort]);
			scanPending = true;
			const r = await run(paths.nodeBin, [paths.n8nBin, ...args], {
				cwd: userFolder,
				env: { ...env, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort), ...(extraEnv || {}) },
				input,
				timeoutMs,
			});
			scanCliOutput(args, r);
			return r;
		},

		/** Imports credentials (decrypted data accepted): [{ id?, name, type, data }] → ids. */
		async importCredentials(credentials) {
			const list = (Array.isArray(credentials) ? credentials : [credentials]).map((c) => ({
				id: c.id || randomId(),
				name: c.name,
				type: c.type,
				data: c.data,
				isManaged: false,
			}));
			handedCredentials.push(...list);
			const file = path.join(userFolder, `credentials-${randomId(6)}.json`);
			await fsp.writeFile(file, JSON.stringify(list, null, 2), { mode: 0o600 });
			try {
				const r = await instance.cli(['import:credentials', `--input=${file}`]);
				if (r.code !== 0)
					throw new Error(
						`n8n import:credentials failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`,
					);
			} finally {
				await fsp.rm(file, { force: true });
			}
			return list.map((c) => c.id);
		},

		/** Imports one workflow (an id is assigned when missing) → id. */
		async importWorkflow(workflow) {
			return (await instance.importWorkflows([workflow]))[0];
		},

		/**
		 * Imports several workflows with one CLI call (≈ 4 s however many) → ids. A workflow without
		 * an id gets a random one; an existing id is updated in place (upsert). Imported inactive.
		 */
		async importWorkflows(workflows) {
			const list = workflows.map((workflow) => {
				const wf = { ...workflow };
				if (!wf.id) wf.id = randomId();
				if (wf.active === undefined) wf.active = false;
				if (!wf.settings) wf.settings = { executionOrder: 'v1' };
				return wf;
			});
			const file = path.join(userFolder, `workflows-${randomId(6)}.json`);
			await fsp.writeFile(file, JSON.stringify(list, null, 2));
			try {
				const r = await instance.cli(['import:workflow', `--input=${file}`]);
				if (r.code !== 0)
					throw new Error(
						`n8n import:workflow failed (exit ${r.code}):\n${tail(r.stdout + r.stderr)}`,
					);
			} finally {
				await fsp.rm(file, { force: true });
			}
			return list.map((wf) => wf.id);
		},

		/**
		 * `n8n execute --id=<id> --rawOutput` (the workflow needs a Manual Trigger). Returns
		 * { ok, status, data, error, items(nodeName), code, exitSignal, raw, stderr }: data is the IRun
		 * ({ data: { resultData: { runData, lastNodeExecuted, error? } }, status, mode: 'cli', ... }).
		 */
		async execute(workflowId, { env: extraEnv, timeoutMs } = {}) {
			// The result is printed through the logger at info level: warn would swallow it.
			const r = await instance.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
				env: { N8N_LOG_LEVEL: 'info', ...(extraEnv || {}) },
				timeoutMs,
			});
			const data = parseExecuteOutput(r.stdout) ?? parseExecuteOutput(r.stderr);
			const status = data?.status;
			// n8n 2.40.7's CLI sometimes dies of SIGSEGV while shutting down, after the finished
			// execution was stored and printed (seen on 3 of 4 runs of a Manual Trigger → No Op
			// workflow, with no package installed). The printed, finished IRun is then the result;
			// `exitSignal` says what happened. Any other signal, or no finished IRun, is a failure.
			const crashedAfterFinishing = r.signal === 'SIGSEGV' && data?.finished === true;
			return {
				ok:
					(r.code === 0 || crashedAfterFinishing) &&
					!!data &&
					status === 'success' &&
					!data.data?.resultData?.error,
				exitSignal: r.signal ?? undefined,
				status,
				data,
				error:
					executionError(data) ??
					(data ? undefined : { message: tail(withoutNoise(r.stdout + r.stderr), 15) }),
				items: (nodeName, opts) => runItems(data, nodeName, opts),
				code: r.code,
				raw: r.stdout,
				stderr: r.stderr,
			};
		},

		/**
		 * `n8n <command>` in the background (`start` unless options.command says `worker` or
		 * `webhook`). Resolves when the process is ready: for `start`, /healthz/readiness and
		 * /rest/settings answer; for a worker or webhook processor, /healthz/readiness on its
		 * health port (options.healthPort; N8N_PORT for `webhook`).
		 */
		async start({ timeoutMs = 90000 } = {}) {
			if (child && !exitInfo) return instance;
			const t0 = Date.now();
			exitInfo = null;
			recent = [];
			cookie = null;
			scanPending = true;
			const out = fs.createWriteStream(logFile, { flags: 'a' });
			out.write(
				`\n==== n8n ${command} ${new Date().toISOString()} port ${port} broker ${brokerPort}\n`,
			);
			child = spawn(paths.nodeBin, [paths.n8nBin, command, ...commandArgs], {
				cwd: userFolder,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true, // process group: stop() also reaches the task runner
			});
			const collect = (d) => {
				out.write(d);
				recent.push(...String(d).split('\n').filter(Boolean));
				if (recent.length > 200) recent = recent.slice(-100);
			};
			child.stdout.on('data', collect);
			child.stderr.on('data', collect);
			const started = child;
			liveGroups.add(started.pid);
			child.on('exit', (code, signal) => {
				liveGroups.delete(started.pid);
				if (started === child) exitInfo = { code, signal };
				out.end(`==== n8n exited code ${code} signal ${signal}\n`);
			});
			// /healthz answers as soon as the port is open; until the database is migrated every other
			// path answers 200 "n8n is starting up. Please wait", and the REST controllers come later
			// still. /healthz/readiness turns 200 only once the server has started completely.
			const deadline = t0 + timeoutMs;
			let healthy = false;
			while (Date.now() < deadline) {
				if (exitInfo) break;
				try {
					if (command !== 'start') {
						const ready = await axios.get(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
							timeout: 2000,
							validateStatus: () => true,
						});
						if (ready.status === 200) {
							timings.startMs = Date.now() - t0;
							return instance;
						}
					} else if (!healthy) {
						const h = await http.get('/healthz', { timeout: 2000 });
						healthy = h.status === 200;
						if (healthy) timings.healthzMs = Date.now() - t0;
					}
					if (command === 'start' && healthy) {
						const ready = await http.get('/healthz/readiness', { timeout: 5000 });
						const settings =
							ready.status === 200 ? await http.get('/rest/settings', { timeout: 5000 }) : null;
						if (
							settings?.status === 200 &&
							typeof settings.data === 'object' &&
							settings.data?.data
						) {
							timings.startMs = Date.now() - t0;
							return instance;
						}
					}
				} catch {
					// not listening yet
				}
				await sleep(250);
			}
			const why = exitInfo
				? `exited (code ${exitInfo.code}, signal ${exitInfo.signal})`
				: `not healthy after ${timeoutMs} ms`;
			if (!exitInfo) await instance.stop();
			throw new Error(
				`n8n ${why} on port ${port}. Last log lines (${logFile}):\n${recent.slice(-40).join('\n')}`,
			);
		},

		/** Kills the process group at once (SIGKILL by default): a crash, with no graceful shutdown. */
		async kill(signal = 'SIGKILL') {
			const c = child;
			if (!c) return;
			child = null;
			cookie = null;
			if (c.exitCode === null && c.signalCode === null) {
				const exited = new Promise((resolve) => c.once('exit', resolve));
				killGroup(c.pid, signal);
				await exited;
			}
		},

		/** Last lines n8n printed since start(). */
		recentLog(lines = 40) {
			return recent.slice(-lines).join('\n');
		},

		/**
		 * Stops n8n and its task runner (SIGTERM to the process group, SIGKILL after 15 s), then, when
		 * an n8n process of this instance ran since the last scan, runs the secrets scan and throws
		 * if a secret of a credential handed to n8n is anywhere (assertNoSecrets()).
		 */
		async stop({ graceMs = 15000 } = {}) {
			const c = child;
			child = null;
			cookie = null;
			if (c && c.exitCode === null && c.signalCode === null) {
				const exited = new Promise((resolve) => c.once('exit', resolve));
				killGroup(c.pid, 'SIGTERM');
				const t = setTimeout(() => killGroup(c.pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(t);
			}
			// the task runner may outlive its parent for a moment
			if (c) killGroup(c.pid, 'SIGKILL');
			if (scanPending) await instance.assertNoSecrets();
		},

		/**
		 * The secrets scan (scripts/lib/secrets-scan.js) for the credentials handed to n8n: every file
		 * of the user folder (n8n.log with the server's stdout and stderr, database.sqlite and its WAL,
		 * the event log, the installed package), every row of database.sqlite (execution data parsed,
		 * so the Cloudinary API key is allowed only where Cloudinary itself puts it) and what
		 * every CLI command printed. Run it with n8n stopped. → { scanned, bytes, places, hits, ms }
		 */
		async secretsScan() {
			const t0 = Date.now();
			const { secrets, apiKeys } = needlesOfCredentials(handedCredentials);
			if (!Object.keys(secrets).length && !Object.keys(apiKeys).length)
				return { scanned: 0, bytes: 0, places: [], hits: [], ms: 0 };
			const database = path.join(dotN8n, 'database.sqlite');
			const rows = fs.existsSync(database)
				? await sqliteRows(database, paths)
				: { texts: {}, values: {} };
			const result = scanForSecrets({ folders: [userFolder], ...rows, secrets, apiKeys });
			result.hits.unshift(...outputHits);
			result.ms = Date.now() - t0;
			timings.secretsScanMs = result.ms;
			return result;
		},

		/** secretsScan(), throwing an error that lists every hit; resolves the scan's figures. */
		async assertNoSecrets() {
			scanPending = false;
			const result = await instance.secretsScan();
			if (result.hits.length)
				throw new Error(
					`secrets scan: a key or secret our credentials handed to n8n is in what n8n left ` +
						`(user folder ${userFolder} kept):\n${describeHits(result.hits)}`,
				);
			return result;
		},

		async cleanup() {
			await instance.stop();
			if (createdFolder || options.removeUserFolder)
				await fsp.rm(userFolder, { recursive: true, force: true });
		},

		/** REST session as the owner (cookie n8n-auth). */
		async login(email = owner.email, password = owner.password) {
			browserId = browserId || randomId(20);
			const r = await http.post(
				'/rest/login',
				{ emailOrLdapLoginId: email, password },
				{ headers: { 'browser-id': browserId } },
			);
			if (r.status !== 200)
				throw new Error(`login failed: HTTP ${r.status} ${JSON.stringify(r.data)}`);
			const setCookie = r.headers['set-cookie'] || [];
			const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
			if (!auth)
				throw new Error(`login answered without an n8n-auth cookie: ${JSON.stringify(setCookie)}`);
			cookie = auth;
			return r.data.data;
		},

		/** Raw REST call with the session: returns the axios response (any status). */
		async request(method, urlPath, body, { headers = {}, ...rest } = {}) {
			if (!cookie) await instance.login();
			return await http.request({
				method,
				url: urlPath,
				data: body,
				headers: { cookie, 'browser-id': browserId, ...headers },
				...rest,
			});
		},

		/** REST call under /rest with the session; unwraps { data } and throws on HTTP >= 400. */
		async rest(method, urlPath, body, opts) {
			const url = urlPath.startsWith('/rest')
				? urlPath
				: `/rest${urlPath.startsWith('/') ? '' : '/'}${urlPath}`;
			const r = await instance.request(method, url, body, opts);
			if (r.status >= 400) {
				const msg =
					typeof r.data === 'object' ? r.data.message || JSON.stringify(r.data) : String(r.data);
				const error = new Error(`${method.toUpperCase()} ${url} → HTTP ${r.status}: ${msg}`);
				error.status = r.status;
				error.response = r.data;
				throw error;
			}
			return r.data && typeof r.data === 'object' && 'data' in r.data ? r.data.data : r.data;
		},

		/** Public-API key (X-N8N-API-KEY) with every scope the owner may grant. */
		async createApiKey(label = `e2e ${randomId(6)}`) {
			const scopes = await instance.rest('GET', '/api-keys/scopes');
			const key = await instance.rest('POST', '/api-keys', { label, scopes, expiresAt: null });
			return key.rawApiKey || key.apiKey;
		},

		/**
		 * Installed node types. With no argument: the names of the types our package provides
		 * (read from /types/nodes.json, the list the editor loads; it needs the session cookie).
		 * { all: true } returns every type name; { full: true } the descriptions.
		 */
		async nodeTypes({
			all = false,
			full = false,
			prefix = `${installedPackage?.name ?? PACKAGE_NAME}.`,
		} = {}) {
			const r = await instance.request('GET', '/types/nodes.json');
			if (r.status !== 200 || !Array.isArray(r.data))
				throw new Error(`GET /types/nodes.json → HTTP ${r.status}`);
			const list = all ? r.data : r.data.filter((t) => t.name.startsWith(prefix));
			return full ? list : [...new Set(list.map((t) => t.name))];
		},

		/** Descriptions of named node types via POST /rest/node-types (what the canvas asks for). */
		async nodeTypeDescriptions(nodeInfos) {
			return await instance.rest('POST', '/node-types', { nodeInfos });
		},

		/** Credential types the instance knows (names). */
		async credentialTypes() {
			const r = await instance.request('GET', '/types/credentials.json');
			if (r.status !== 200 || !Array.isArray(r.data))
				throw new Error(`GET /types/credentials.json → HTTP ${r.status}`);
			return r.data.map((t) => t.name);
		},

		/** Stored credentials visible to the owner: [{ id, name, type, ... }]. */
		async credentials() {
			return await instance.rest('GET', '/credentials');
		},

		/**
		 * The editor's "Test" button: POST /rest/credentials/test { credentials: { id, name, type, data } }.
		 * - { id } or { name[, type] } of a stored credential: like the UI, sends the stored data as
		 *   GET /rest/credentials/:id?includeData=true returns it (secrets redacted; n8n puts the real
		 *   values back before testing). Any `data` given overrides single fields.
		 * - { type, data } without id: tests unsaved data (id '', allowed for the owner).
		 * Resolves { status: 'OK' | 'Error', message }.
		 */
		async testCredential(credential) {
			let { id, name, type, data } = credential;
			if (!id && name) {
				const stored = (await instance.credentials()).find(
					(c) => c.name === name && (!type || c.type === type),
				);
				if (stored) id = stored.id;
				else if (!type || !data) throw new Error(`no stored credential named ${name}`);
			}
			if (id) {
				const stored = await instance.rest('GET', `/credentials/${id}`, undefined, {
					params: { includeData: true },
				});
				type = type || stored.type;
				name = name || stored.name;
				data = { ...(stored.data || {}), ...(data || {}) };
			}
			if (credential.data) handedCredentials.push({ type, data: credential.data });
			const body = {
				credentials: { id: id || '', name: name || '', type, ...(data ? { data } : {}) },
			};
			return await instance.rest('POST', '/credentials/test', body);
		},

		async workflow(id) {
			return await instance.rest('GET', `/workflows/${id}`);
		},

		/** GET /rest/workflows/:id/publication-status → { status, liveVersionId, pendingVersionId, triggers }. */
		async publicationStatus(id) {
			return await instance.rest('GET', `/workflows/${id}/publication-status`);
		},

		/**
		 * The publication status once no publication of the workflow is in flight. A (re)started main
		 * re-publishes its active workflows in the background (n8n 2.x's publication outbox, reason
		 * "startup"): right after start the status reads 'in_progress' for a while.
		 */
		async settledPublicationStatus(id, { timeoutMs = 180000 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const pub = await instance.publicationStatus(id);
				if (pub.status !== 'in_progress' && !pub.pendingVersionId) return pub;
				if (Date.now() > deadline)
					throw new Error(
						`workflow ${id} publication still in flight after ${timeoutMs} ms: ${JSON.stringify(pub)}`,
					);
				await sleep(500);
			}
		},

		/**
		 * Publishes (activates) the current version: POST /rest/workflows/:id/activate { versionId }.
		 * In 2.x the triggers are set up asynchronously (a publication outbox): the call returns at
		 * once with active: true, and a webhook answers 404 until the outbox has run. With wait (the
		 * default) this polls the publication status until the version is live and throws, naming
		 * each trigger's error, when n8n could not activate a trigger ('failed' / 'partial').
		 * Resolves the workflow with `publication` added.
		 */
		async activateWorkflow(id, { wait = true, timeoutMs = 60000, throwOnFailure = true } = {}) {
			const wf = await instance.workflow(id);
			const activated = await instance.rest('POST', `/workflows/${id}/activate`, {
				versionId: wf.versionId,
			});
			if (!wait) return activated;
			const deadline = Date.now() + timeoutMs;
			let pub;
			for (;;) {
				pub = await instance.publicationStatus(id);
				const settled = pub.status !== 'in_progress' && !pub.pendingVersionId;
				if (
					settled &&
					(pub.liveVersionId === wf.versionId ||
						pub.status === 'failed' ||
						pub.status === 'partial')
				)
					break;
				if (Date.now() > deadline)
					throw new Error(
						`workflow ${id} not published after ${timeoutMs} ms: ${JSON.stringify(pub)}`,
					);
				await sleep(200);
			}
			if (throwOnFailure && pub.status !== 'published') {
				const reasons = (pub.triggers || [])
					.filter((t) => t.status === 'failed')
					.map((t) => `${t.nodeId}: ${t.errorMessage}`);
				const error = new Error(`workflow ${id} publication ${pub.status}: ${reasons.join('; ')}`);
				error.publication = pub;
				throw error;
			}
			return { ...activated, publication: pub };
		},

		/**
		 * The editor's "Execute workflow" from a trigger node: POST /rest/workflows/:id/run
		 * { triggerToStartFrom: { name } } (a Schedule Trigger emits at once). Runs the saved workflow;
		 * in queue mode with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true a worker runs it. → executionId.
		 */
		async runWorkflow(id, triggerName) {
			const result = await instance.rest('POST', `/workflows/${id}/run`, {
				triggerToStartFrom: { name: triggerName },
			});
			if (!result?.executionId)
				throw new Error(`workflow ${id} did not start: ${JSON.stringify(result)}`);
			return String(result.executionId);
		},

		/** POST /rest/workflows/:id/deactivate {}; with wait, until no trigger of it is live. */
		async deactivateWorkflow(id, { wait = true, timeoutMs = 60000 } = {}) {
			const result = await instance.rest('POST', `/workflows/${id}/deactivate`, {});
			if (!wait) return result;
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const pub = await instance.publicationStatus(id);
				if (pub.status !== 'in_progress' && !pub.liveVersionId)
					return { ...result, publication: pub };
				if (Date.now() > deadline)
					throw new Error(
						`workflow ${id} still live after ${timeoutMs} ms: ${JSON.stringify(pub)}`,
					);
				await sleep(200);
			}
		},

		/**
		 * Executions, newest first: GET /rest/executions?filter={"workflowId":…}&limit=…
		 * → [{ id, workflowId, status, mode, startedAt, stoppedAt, ... }].
		 */
		async executions({ workflowId, status, limit = 50 } = {}) {
			const filter = {};
			if (workflowId) filter.workflowId = workflowId;
			if (status) filter.status = Array.isArray(status) ? status : [status];
			const r = await instance.rest('GET', '/executions', undefined, {
				params: { filter: JSON.stringify(filter), limit },
			});
			return r.results;
		},

		/** One execution with its data (the IRun in `data`, flattened): GET /rest/executions/:id. */
		async execution(id) {
			const e = await instance.rest('GET', `/executions/${id}`);
			if (e && typeof e.data === 'string') {
				try {
					e.data = unflattenExecutionData(e.data, paths);
				} catch {
					// leave as received
				}
			}
			return e;
		},

		/** Waits until the execution has finished (polling; a read that fails is tried again); returns it. */
		async waitForExecution(id, { timeoutMs = 2 * 60000, intervalMs = 500 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const execution = await instance.execution(id).catch(() => null);
				if (execution && isFinished(execution)) return execution;
				if (Date.now() > deadline)
					throw new Error(`execution ${id} did not finish in ${timeoutMs} ms`);
				await sleep(intervalMs);
			}
		},

		/** Waits until `predicate(executions)` holds (polling), returns the executions. */
		async waitForExecutions(
			workflowId,
			predicate = (list) => list.length > 0,
			{ timeoutMs = 30000, intervalMs = 500 } = {},
		) {
			const deadline = Date.now() + timeoutMs;
			let list = [];
			while (Date.now() < deadline) {
				list = await instance.executions({ workflowId });
				if (predicate(list)) return list;
				await sleep(intervalMs);
			}
			throw new Error(
				`executions of ${workflowId} did not reach the expected state in ${timeoutMs} ms: ` +
					`${JSON.stringify(list.map((e) => e.status))}`,
			);
		},
	};
	return instance;
}

/**
 * Every row of an SQLite database (read with n8n's Node 24 and scripts/lib/sqlite-rows.js) as scan
 * input: execution data parsed (flatted) into `values`, every other column and row into `texts`.
 */
async function sqliteRows(database, paths) {
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-rows-'));
	try {
		const file = path.join(dir, 'rows.jsonl');
		const r = await run(paths.nodeBin, [
			'--no-warnings',
			path.join(__dirname, 'sqlite-rows.js'),
			database,
			file,
		]);
		if (r.code !== 0) throw new Error(`cannot read ${database}: ${tail(r.stdout + r.stderr)}`);
		const texts = {};
		const values = {};
		const lines = (await fsp.readFile(file, 'utf8')).split('\n').filter(Boolean);
		lines.forEach((line, i) => {
			const { table, row } = JSON.parse(line);
			if (table !== 'execution_data' || typeof row.data !== 'string') {
				texts[`${database}, table ${table}, row ${i}`] = line;
				return;
			}
			const { data, ...rest } = row;
			const place = `${database}, execution ${row.executionId}`;
			texts[`${place} (other columns)`] = JSON.stringify(rest);
			try {
				values[`${place} (execution data)`] = unflattenExecutionData(data, paths);
			} catch {
				texts[`${place} (execution data, unparsed)`] = data;
			}
		});
		return { texts, values };
	} finally {
		await fsp.rm(dir, { recursive: true, force: true });
	}
}

/** n8n sends execution data "flatted" (the `flatted` package): parse it with n8n's own copy. */
function unflattenExecutionData(text, paths) {
	const flatted = require(path.join(paths.n8nHome, 'n8n', 'node_modules', 'flatted'));
	return flatted.parse(text);
}

/** The needles (scripts/lib/secrets-scan.js) for every credential this process handed to n8n. */
function secretsHandedToN8n() {
	return needlesOfCredentials(handedCredentials);
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	DEFAULT_OWNER,
	n8nPaths,
	installN8n,
	packPackage,
	createN8nInstance,
	parseExecuteOutput,
	runItems,
	freePort,
	portIsFree,
	randomId,
	stableId,
	sleep,
	isFinished,
	secretsHandedToN8n,
};
