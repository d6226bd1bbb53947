'use strict';
// Cloudinary › Asset › Upload of a large binary kept in n8n's filesystem binary storage:
//   ours     — our node in n8n's engine (in-process runner, scripts/lib/engine.js): the binary is
//              streamed with getBinaryStream into one reusable chunk buffer and sent in 20 MB chunks;
//   baseline — the whole-buffer way (what the official Cloudinary node does): the binary read fully
//              (getBinaryDataBuffer ≙ BinaryDataService.getAsBuffer), a multipart body built around
//              it, and one POST through axios (the client under n8n's request helper), redirects on.
// Each variant runs in its own child process started with --expose-gc, so its memory baseline is
// clean; the child samples RSS every 10 ms and reads the kernel's peak (VmHWM, reset through
// /proc/self/clear_refs just before the upload). Both upload to the Cloudinary emulator on loopback,
// and the parent checks the emulator then holds exactly the file's bytes and MD5.
// Temporary files live in one folder under the OS temp dir, removed at the end.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MiB = 1024 * 1024;
const SIZES = (process.env.BENCH_UPLOAD_SIZES_MIB || '200,1024').split(',').map(Number);

// ------------------------------------------------------------------ child side

function procStatus(key) {
	const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
		fs.readFileSync('/proc/self/status', 'utf8'),
	);
	return m ? Number(m[1]) * 1024 : null;
}

async function child(variant, file, publicId, credentialsJson) {
	const credentials = JSON.parse(credentialsJson);
	const engine = require('../scripts/lib/engine');
	const binary = await engine.storeBinaryFile(file, {
		mimeType: 'application/octet-stream',
		fileName: path.basename(file),
	});
	let work;
	if (variant === 'ours') {
		// Warm-up: load the package, n8n's engine and HTTP code paths outside the measured window
		// (the baseline likewise has axios loaded before it is measured).
		const tiny = path.join(path.dirname(file), `${variant}-warmup.bin`);
		fs.writeFileSync(tiny, crypto.randomBytes(1024));
		const warm = await engine.runNode({
			node: 'cloudinary',
			parameters: {
				resource: 'asset',
				operation: 'upload',
				source: 'binary',
				binaryPropertyName: 'data',
				uploadResourceType: 'raw',
				publicId: `${publicId}-warmup`,
				options: {},
			},
			credentials,
			items: [{ json: {}, binary: { data: await engine.storeBinaryFile(tiny) } }],
		});
		fs.rmSync(tiny, { force: true });
		if (warm.error) throw new Error(warm.error.message);
		work = async () => {
			const r = await engine.runNode({
				node: 'cloudinary',
				parameters: {
					resource: 'asset',
					operation: 'upload',
					source: 'binary',
					binaryPropertyName: 'data',
					uploadResourceType: 'raw',
					publicId,
					options: {},
				},
				credentials,
				items: [{ json: {}, binary: { data: binary } }],
			});
			if (r.error) throw new Error(r.error.message);
			return { bytes: r.json[0].bytes, md5: r.json[0].md5, requests: r.json[0].requests };
		};
	} else {
		const axios = require('axios');
		const c = credentials.cloudinaryPublishingApi;
		work = async () => {
			const buffer = await engine.readBinary(binary);
			const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
			const head = Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="public_id"\r\n\r\n${publicId}\r\n` +
					(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
						`filename="${path.basename(file)}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
			);
			const body = Buffer.concat([head, buffer, Buffer.from(`\r\n--${boundary}--\r\n`)]);
			const res = await axios.post(`${c.apiBaseUrl}/v1_1/${c.cloudName}/raw/upload`, body, {
				auth: { username: c.apiKey, password: c.apiSecret },
				headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
				maxBodyLength: Infinity,
				maxContentLength: Infinity,
				timeout: 600000,
			});
			return { bytes: res.data.bytes, md5: res.data.etag, requests: 1 };
		};
	}
	global.gc();
	global.gc();
	await new Promise((r) => setTimeout(r, 100));
	const baseline = process.memoryUsage.rss();
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
	} catch {
		/* not permitted: VmHWM then covers the whole process life, which only makes the figure larger */
	}
	let peak = baseline;
	const timer = setInterval(() => {
		const r = process.memoryUsage.rss();
		if (r > peak) peak = r;
	}, 10);
	const t0 = process.hrtime.bigint();
	const result = await work();
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	clearInterval(timer);
	const hwm = procStatus('VmHWM') ?? 0;
	const rise = Math.max(peak, hwm) - baseline;
	process.stdout.write(
		`${JSON.stringify({ variant, ms, baseline, peakSampled: peak, hwm, rise, ...result })}\n`,
	);
}

// ------------------------------------------------------------------ parent side

function runChild(args, env) {
	return new Promise((resolve, reject) => {
		const p = spawn(process.execPath, ['--expose-gc', __filename, '--child', ...args], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		p.stdout.on('data', (d) => (out += d));
		p.stderr.on('data', (d) => (err += d));
		p.on('close', (code) => {
			const line = out
				.trim()
				.split('\n')
				.filter((l) => l.startsWith('{'))
				.pop();
			if (code !== 0 || !line)
				return reject(new Error(`child ${args[0]} exited ${code}: ${err.slice(-2000)}`));
			resolve(JSON.parse(line));
		});
	});
}

async function makeFile(file, bytes) {
	const md5 = crypto.createHash('md5');
	const fd = fs.openSync(file, 'w');
	const block = 8 * MiB;
	for (let written = 0; written < bytes; written += block) {
		const chunk = crypto.randomBytes(Math.min(block, bytes - written));
		md5.update(chunk);
		fs.writeSync(fd, chunk);
	}
	fs.closeSync(fd);
	return md5.digest('hex');
}

async function run({ log }) {
	const { startTestSandbox } = require('../scripts/lib/sandbox');
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cld-upload-'));
	const sb = await startTestSandbox();
	const rows = [];
	const notes = [];
	try {
		for (const sizeMiB of SIZES) {
			const file = path.join(root, `upload-${sizeMiB}MiB.bin`);
			const md5 = await makeFile(file, sizeMiB * MiB);
			const results = {};
			for (const variant of ['ours', 'baseline']) {
				const tmp = fs.mkdtempSync(path.join(root, `${variant}-`));
				const publicId = `bench/${variant}-${sizeMiB}`;
				log(`${sizeMiB} MiB, ${variant}…`);
				const r = await runChild([variant, file, publicId, JSON.stringify(sb.credentials)], {
					TMPDIR: tmp,
					N8N_USER_FOLDER: tmp,
				});
				const state = await sb.control.get(
					`/cloudinary/state/assets/${encodeURIComponent(publicId)}`,
					{ params: { resource_type: 'raw' } },
				);
				if (state.status !== 200 || state.data.bytes !== sizeMiB * MiB || state.data.etag !== md5) {
					throw new Error(
						`${variant} ${sizeMiB} MiB: the emulator holds ${state.data?.bytes} bytes / ` +
							`${state.data?.etag}, expected ${sizeMiB * MiB} / ${md5}`,
					);
				}
				await sb.sandbox.cloudinary.reset();
				fs.rmSync(tmp, { recursive: true, force: true });
				results[variant] = r;
				log(
					`  rise ${(r.rise / MiB).toFixed(1)} MiB, ${(sizeMiB / (r.ms / 1000)).toFixed(1)} ` +
						`MiB/s, ${r.requests} request(s)`,
				);
			}
			fs.rmSync(file, { force: true });
			const { ours, baseline } = results;
			rows.push(
				{
					metric: `${sizeMiB} MiB: peak memory rise`,
					ours: Math.round((ours.rise / MiB) * 10) / 10,
					baseline: Math.round((baseline.rise / MiB) * 10) / 10,
					unit: 'MiB',
				},
				{
					metric: `${sizeMiB} MiB: throughput`,
					ours: Math.round((sizeMiB / (ours.ms / 1000)) * 10) / 10,
					baseline: Math.round((sizeMiB / (baseline.ms / 1000)) * 10) / 10,
					unit: 'MiB/s',
				},
				{
					metric: `${sizeMiB} MiB: HTTP requests`,
					ours: ours.requests,
					baseline: baseline.requests,
					unit: 'requests',
				},
			);
		}
		notes.push(
			'Peak memory rise = max(RSS sampled every 10 ms, VmHWM) − RSS after gc before the ' +
				'upload, each variant in its own child process; target for ours: under 64 MiB at any ' +
				'size.',
		);
		notes.push(
			"Both variants read the same file from n8n's filesystem binary storage and upload to " +
				"the Cloudinary emulator on loopback (plain HTTP), which then holds exactly the file's " +
				'bytes and MD5 (checked).',
		);
	} finally {
		await sb.stop();
		fs.rmSync(root, { recursive: true, force: true });
	}
	return { rows, notes };
}

module.exports = { name: 'Cloudinary upload: streamed chunks vs whole buffer', run };

if (require.main === module && process.argv[2] === '--child') {
	child(process.argv[3], process.argv[4], process.argv[5], process.argv[6]).then(
		() => process.exit(0),
		(e) => {
			console.error(e);
			process.exit(2);
		},
	);
}
