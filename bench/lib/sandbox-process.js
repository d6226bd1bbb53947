'use strict';
// Starts the sandbox in its own Node process (`sandbox/cli.js --json`, free ports) for a benchmark
// that measures our nodes' own throughput: the real services run on other machines, so the
// emulator's CPU must not compete with n8n's engine in the measuring process.
const { spawn } = require('node:child_process');
const path = require('node:path');

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
			resolve({ info: JSON.parse(out.slice(0, newline)), stop });
		});
	});
}

module.exports = { startSandboxProcess };
