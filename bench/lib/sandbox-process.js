'use strict';
// Starts the sandbox in its own Node process (`sandbox/cli.js --json`, free ports) for a benchmark
// that measures our nodes' own throughput: the real services run on other machines, so the
// emulator's CPU must not compete with n8n's engine in the measuring process.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** CPU time (user + system) a process has used so far, in ms; undefined where /proc is not there. */
function processCpuMs(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 1/100 s on Linux
		return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
	} catch {
		return undefined;
	}
}

function startSandboxProcess({ products } = {}) {
	const args = [path.join(__dirname, '..', '..', 'sandbox', 'cli.js'), '--json'];
	if (products) args.push('--products', String(products));
	const child = spawn(process.execPath, args, {
		env: {
			...process.env,
			SANDBOX_CONSONANCE_PORT: '0',
			SANDBOX_CLOUDINARY_PORT: '0',
			SANDBOX_CONTROL_PORT: '0',
		},
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return new Promise((resolve, reject) => {
		let out = '';
		child.once('exit', (code) =>
			reject(new Error(`the sandbox process exited (${code}) before it was ready`)),
		);
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const newline = out.indexOf('\n');
			if (newline < 0) return;
			child.removeAllListeners('exit');
			child.stdout.removeAllListeners('data');
			child.stdout.resume();
			resolve({
				info: JSON.parse(out.slice(0, newline)),
				stop,
				cpuMs: () => processCpuMs(child.pid),
			});
		});
	});
}

module.exports = { startSandboxProcess };
