#!/usr/bin/env node
'use strict';
// `npm run demo` (scripts/demo.sh installs and builds, then runs this): the sandbox emulators, a
// real n8n with our packed package installed as a community package, the two credentials
// ("Consonance account", "Cloudinary account") pointing at the sandbox, every template from
// workflows-templates/ imported, and an owner created without clicks. Runs until Ctrl+C.
//
// Environment:
//   DEMO_N8N_PORT      n8n's port (default 5678)
//   DEMO_N8N_EMAIL     owner login (default demo@example.com)
//   DEMO_N8N_PASSWORD  owner password (default Demo-Passw0rd)
//   DEMO_RESET=1       start from an empty n8n user folder (default: keep .cache/demo-n8n, so
//                      workflows you made survive; credentials and templates are re-imported
//                      under fixed ids, which updates them in place)
//   SANDBOX_CONSONANCE_PORT / SANDBOX_CLOUDINARY_PORT / SANDBOX_CONTROL_PORT  (see sandbox/cli.js)
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const n8n = require('./lib/n8n');
const { n8nCredentials } = require('./lib/sandbox-credentials');

const root = n8n.REPO_ROOT;
const cacheDir = path.join(root, '.cache');
const userFolder = path.join(cacheDir, 'demo-n8n');
const packDir = path.join(cacheDir, 'demo-pack');
const port = Number(process.env.DEMO_N8N_PORT || 5678);
const owner = {
	email: process.env.DEMO_N8N_EMAIL || 'demo@example.com',
	password: process.env.DEMO_N8N_PASSWORD || 'Demo-Passw0rd',
	firstName: 'Demo',
	lastName: 'User',
};

const say = (...args) => console.log('[demo]', ...args);

/** Starts `node sandbox/cli.js --json`; resolves { child, info } once it printed its JSON line. */
function startSandbox(logFile) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(root, 'sandbox', 'cli.js'), '--json'], {
			cwd: root,
			env: process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // Ctrl+C reaches only the demo, which stops n8n first, then the sandbox
		});
		process.on('exit', () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		});
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		let buffer = '';
		let errors = '';
		let done = false;
		const timer = setTimeout(
			() => finish(new Error('the sandbox printed no JSON line within 60 s')),
			60000,
		);
		function finish(error, info) {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (error) {
				child.kill('SIGTERM');
				reject(
					new Error(`${error.message}\n${(errors || buffer).split('\n').slice(-20).join('\n')}`),
				);
			} else resolve({ child, info });
		}
		child.stdout.on('data', (d) => {
			log.write(d);
			if (done) return;
			buffer += d;
			for (const line of buffer.split('\n')) {
				const text = line.trim();
				if (!text.startsWith('{')) continue;
				try {
					const info = JSON.parse(text);
					if (info.consonance && info.cloudinary) return finish(null, info);
				} catch {
					// a partial line; wait for more
				}
			}
		});
		child.stderr.on('data', (d) => {
			log.write(d);
			errors += d;
		});
		child.on('error', (error) => finish(error));
		child.on('exit', (code, signal) =>
			finish(new Error(`the sandbox exited (code ${code}, signal ${signal}) before it was ready`)),
		);
	});
}

function readTemplates() {
	const dir = path.join(root, 'workflows-templates');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			// a fixed id per file, so running the demo again updates the template instead of adding a copy
			if (!workflow.id) workflow.id = n8n.stableId(`template:${file}`);
			workflow.active = false;
			return { file, workflow };
		});
}

async function main() {
	const t0 = Date.now();
	if (!(await n8n.portIsFree(port))) {
		throw new Error(
			`port ${port} is in use: stop what runs there or choose another with DEMO_N8N_PORT=<port> npm run demo`,
		);
	}
	if (process.env.DEMO_RESET === '1') fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });

	const paths = await n8n.installN8n({ inherit: true, log: say });
	say(`n8n ${paths.n8nVersion} on Node ${paths.node24Version}`);

	say('starting the sandbox (Consonance and Cloudinary emulators)');
	const sandboxLog = path.join(userFolder, 'sandbox.log');
	const { child: sandbox, info } = await startSandbox(sandboxLog);
	let instance;
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the sandbox');
		try {
			if (instance) await instance.stop();
		} finally {
			if (sandbox.exitCode === null && sandbox.signalCode === null) {
				const exited = new Promise((resolve) => sandbox.once('exit', resolve));
				sandbox.kill('SIGTERM');
				await Promise.race([exited, n8n.sleep(5000)]);
			}
			process.exit(code);
		}
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));
	sandbox.on('exit', (code, signal) => {
		if (!stopping) {
			console.error(
				`[demo] the sandbox stopped (code ${code}, signal ${signal}); see ${sandboxLog}`,
			);
			stopAll(1);
		}
	});

	try {
		say('packing the package (dist/ must be built: npm run build)');
		fs.rmSync(packDir, { recursive: true, force: true });
		const tarball = await n8n.packPackage({ repoRoot: root, destination: packDir });

		say(`installing ${path.basename(tarball)} into ${path.relative(root, userFolder)}/.n8n/nodes`);
		instance = await n8n.createN8nInstance({
			port,
			userFolder,
			packageTarball: tarball,
			owner,
			listenAddress: '', // n8n's default: all interfaces, so both localhost and 127.0.0.1 work
			publicHost: 'localhost',
		});

		const { consonance, cloudinary } = n8nCredentials(info);
		say('importing the credentials "Consonance account" and "Cloudinary account"');
		await instance.importCredentials([
			{ ...consonance, id: n8n.stableId('demo:consonance-account') },
			{ ...cloudinary, id: n8n.stableId('demo:cloudinary-account') },
		]);

		const templates = readTemplates();
		if (templates.length) {
			say(
				`importing ${templates.length} workflow template(s): ${templates.map((t) => t.file).join(', ')}`,
			);
			await instance.importWorkflows(templates.map((t) => t.workflow));
		} else {
			say('no workflows-templates/*.json yet: nothing to import');
		}

		say(`starting n8n on port ${port}`);
		await instance.start({ timeoutMs: 120000 });
	} catch (error) {
		console.error(`[demo] ${error.message}`);
		await stopAll(1);
		return;
	}

	const line = '-'.repeat(72);
	console.log(`\n${line}`);
	console.log(
		`  n8n ${paths.n8nVersion} is ready (set up in ${Math.round((Date.now() - t0) / 1000)} s)`,
	);
	console.log(`  Open      ${instance.editorUrl}`);
	console.log(`  Log in    ${owner.email}  /  ${owner.password}`);
	console.log(
		`  Sandbox   Consonance  ${info.consonance.baseUrl}   (API key ${info.consonance.apiKey})`,
	);
	console.log(
		`            Cloudinary  ${info.cloudinary.apiBaseUrl}  cloud ` +
			`"${info.cloudinary.cloudName}", key ${info.cloudinary.apiKey}`,
	);
	if (info.cloudinary.deliveryBaseUrl)
		console.log(`            Delivery    ${info.cloudinary.deliveryBaseUrl}`);
	if (info.control?.baseUrl) console.log(`            Control     ${info.control.baseUrl}`);
	console.log(
		`  Logs      ${path.relative(root, instance.logFile)}, ${path.relative(root, sandboxLog)}`,
	);
	console.log('  Credentials "Consonance account" and "Cloudinary account" point at the sandbox.');
	console.log(`  Ctrl+C stops everything.`);
	console.log(`${line}\n`);

	// n8n stopping on its own ends the demo too
	const watch = setInterval(() => {
		if (!stopping && !instance.running) {
			clearInterval(watch);
			console.error(`[demo] n8n stopped unexpectedly. Last lines:\n${instance.recentLog(30)}`);
			stopAll(1);
		}
	}, 1000);
}

main().catch((error) => {
	console.error(`[demo] ${error.stack || error.message}`);
	process.exit(1);
});
