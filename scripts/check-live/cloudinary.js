'use strict';
// The Cloudinary half of `npm run check:live`: the same calls are made against the real account and
// against an in-process Cloudinary emulator (the sandbox's), and each live answer is compared with
// the shape the emulator gives for the same call — the emulator is what every test of this package
// trusts, so a difference is what a publisher should report. Read-only unless --write with
// --scratch-folder, and then everything created is removed again.
const path = require('node:path');
const fs = require('node:fs');
const sharp = require('sharp');

const AREA = 'cloudinary';

const PLAN = [
	'ping (Admin API, Basic auth)',
	'rate-limit headers on an Admin API answer',
	'a search (POST resources/search)',
	'the structured metadata fields the workflow templates use',
	'the trigger (webhook) list',
	'with --write --scratch-folder <folder>: a signed upload, a chunked upload above the chunk size, bulk tag /' +
		' context / metadata, explicit with an eager transformation, a trigger registration and removal, clean-up',
];

/** A value's shape: object keys (two levels deep), the first element of a list, or the type. */
function shapeOf(value, depth = 2) {
	if (Array.isArray(value)) return value.length ? [shapeOf(value[0], depth)] : [];
	if (value && typeof value === 'object') {
		if (depth === 0) return 'object';
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((k) => [k, shapeOf(value[k], depth - 1)]),
		);
	}
	return value === null ? 'null' : typeof value;
}

/** The keys (as paths) the emulator's answer has and the live one lacks, and the other way round. */
function compareShapes(live, emulated, prefix = '') {
	const missing = [];
	const extra = [];
	const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
	if (Array.isArray(live) && Array.isArray(emulated)) {
		if (live.length && emulated.length) return compareShapes(live[0], emulated[0], `${prefix}[]`);
		return { missing, extra };
	}
	if (!isObject(live) || !isObject(emulated)) return { missing, extra };
	for (const key of Object.keys(emulated)) {
		if (!(key in live)) missing.push(`${prefix}${key}`);
		else {
			const inner = compareShapes(live[key], emulated[key], `${prefix}${key}.`);
			missing.push(...inner.missing);
			extra.push(...inner.extra);
		}
	}
	for (const key of Object.keys(live)) if (!(key in emulated)) extra.push(`${prefix}${key}`);
	return { missing, extra };
}

/**
 * A minimal Cloudinary client over fetch: Admin API with Basic auth, Upload API signed with the
 * node's own signing code.
 */
function createClient(target, dist) {
	const { signParameters } = require(path.join(dist, 'nodes/Cloudinary/transport/signing.js'));
	const base = `${target.apiBaseUrl.replace(/\/+$/, '')}/v1_1/${encodeURIComponent(target.cloudName)}`;
	const authorization = `Basic ${Buffer.from(`${target.apiKey}:${target.apiSecret}`).toString('base64')}`;
	const answer = async (response) => {
		const text = await response.text();
		let body;
		try {
			body = JSON.parse(text);
		} catch {
			body = { rawBody: text.slice(0, 200) };
		}
		return { status: response.status, headers: Object.fromEntries(response.headers), body };
	};
	return {
		async admin(method, route, body) {
			const response = await fetch(`${base}/${route}`, {
				method,
				headers: {
					Authorization: authorization,
					...(body ? { 'Content-Type': 'application/json' } : {}),
				},
				body: body ? JSON.stringify(body) : undefined,
				signal: AbortSignal.timeout(60000),
			});
			return answer(response);
		},
		/** A signed Upload API call (multipart); `file` is a Blob and `headers` extra request headers. */
		async upload(resourceType, action, params, { file, filename, headers = {} } = {}) {
			const signed = { ...params, timestamp: Math.floor(Date.now() / 1000) };
			const form = new FormData();
			for (const [k, v] of Object.entries(signed))
				form.append(k, Array.isArray(v) ? v.join(',') : String(v));
			form.append('api_key', target.apiKey);
			form.append('signature', signParameters(signed, target.apiSecret, 'sha1'));
			if (file) form.append('file', file, filename ?? 'file');
			const response = await fetch(`${base}/${resourceType}/${action}`, {
				method: 'POST',
				body: form,
				headers,
				signal: AbortSignal.timeout(120000),
			});
			return answer(response);
		},
	};
}

/** The metadata field external IDs the shipped workflow templates refer to (of those the sandbox seeds). */
function templateMetadataFields(catalogue) {
	const dir = path.join(__dirname, '..', '..', 'workflows-templates');
	const text = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
		.join('\n');
	return catalogue.cloudinary.metadataFields
		.map((f) => f.external_id)
		.filter((id) => new RegExp(`\\b${id}\\b`).test(text));
}

/** The calls, in order; each returns `{ answer }` (the HTTP answer to compare) or `{ skip: reason }`. */
function steps({ write, folder, metadataFields }) {
	const run = `check-live-${Date.now().toString(36)}`;
	const state = {};
	const list = [
		{ name: 'ping', call: (c) => c.admin('GET', 'ping') },
		{
			name: 'rate-limit headers',
			call: (c) => c.admin('GET', 'resources/image?max_results=1'),
			check: (a) => {
				const names = [
					'x-featureratelimit-limit',
					'x-featureratelimit-remaining',
					'x-featureratelimit-reset',
				];
				const missing = names.filter((n) => a.headers[n] === undefined);
				return {
					ok: !missing.length,
					detail: missing.length
						? `missing ${missing.join(', ')}`
						: names.map((n) => a.headers[n]).join(' / '),
				};
			},
			noShape: true,
		},
		{
			name: 'search',
			call: (c) =>
				c.admin('POST', 'resources/search', { expression: 'resource_type:image', max_results: 1 }),
		},
		{
			name: 'metadata fields the templates use',
			call: (c) => c.admin('GET', 'metadata_fields'),
			check: (a) => {
				const have = new Set((a.body.metadata_fields ?? []).map((f) => f.external_id));
				const missing = metadataFields.filter((id) => !have.has(id));
				return {
					ok: !missing.length,
					detail: missing.length
						? `missing ${missing.join(', ')}`
						: `all present: ${metadataFields.join(', ')}`,
				};
			},
		},
		{ name: 'trigger list', call: (c) => c.admin('GET', 'triggers') },
	];
	if (!write) return list;
	const jpeg = () =>
		sharp({ create: { width: 64, height: 96, channels: 3, background: '#336699' } })
			.jpeg()
			.toBuffer();
	list.push(
		{
			name: 'signed upload',
			call: async (c) => {
				const a = await c.upload(
					'image',
					'upload',
					{ public_id: `${folder}/${run}-cover`, tags: 'check-live' },
					{ file: new Blob([await jpeg()], { type: 'image/jpeg' }), filename: 'cover.jpg' },
				);
				state.publicId = a.body.public_id;
				return a;
			},
		},
		{
			name: 'chunked upload above the chunk size',
			call: async (c) => {
				const chunkSize = 5 * 1024 * 1024; // Cloudinary's smallest chunk (the node's MIN_CHUNK_SIZE)
				const data = Buffer.alloc(chunkSize + 4096, 7);
				const uploadId = `${run}-${Math.random().toString(16).slice(2)}`;
				let last;
				for (let start = 0; start < data.length; start += chunkSize) {
					const end = Math.min(start + chunkSize, data.length) - 1;
					last = await c.upload(
						'raw',
						'upload',
						{ public_id: `${folder}/${run}-chunked.bin` },
						{
							file: new Blob([data.subarray(start, end + 1)]),
							filename: 'chunked.bin',
							headers: {
								'X-Unique-Upload-Id': uploadId,
								'Content-Range': `bytes ${start}-${end}/${data.length}`,
							},
						},
					);
					if (last.status >= 300) return last;
				}
				state.rawId = last.body.public_id;
				return last;
			},
			check: (a) => ({
				ok: a.body.bytes === 5 * 1024 * 1024 + 4096,
				detail: `${a.body.bytes} bytes in 2 chunks`,
			}),
		},
		{
			name: 'bulk tag',
			call: (c) =>
				c.upload('image', 'tags', {
					command: 'add',
					tag: 'check-live-bulk',
					public_ids: [state.publicId],
				}),
		},
		{
			name: 'bulk context',
			call: (c) =>
				c.upload('image', 'context', {
					command: 'add',
					context: 'check_live=1',
					public_ids: [state.publicId],
				}),
		},
		{
			name: 'bulk metadata',
			call: (c) =>
				metadataFields.includes('isbn')
					? c.upload('image', 'metadata', {
							metadata: 'isbn=9781810000008',
							public_ids: [state.publicId],
						})
					: { skip: 'the account has no isbn field' },
		},
		{
			name: 'explicit + eager',
			call: (c) =>
				c.upload('image', 'explicit', {
					public_id: state.publicId,
					type: 'upload',
					eager: 'c_scale,w_32',
				}),
		},
		{
			name: 'trigger registration',
			call: async (c) => {
				const a = await c.admin('POST', 'triggers', {
					uri: `https://example.com/check-live/${run}`,
					event_type: 'upload',
				});
				state.triggerId = a.body.id;
				return a;
			},
		},
		{
			name: 'trigger removal',
			call: (c) => c.admin('DELETE', `triggers/${encodeURIComponent(state.triggerId)}`),
		},
		{
			name: 'clean-up: image',
			call: (c) => c.upload('image', 'destroy', { public_id: state.publicId, invalidate: 'true' }),
			check: (a) => ({ ok: a.body.result === 'ok', detail: `result ${a.body.result}` }),
		},
		{
			name: 'clean-up: raw',
			call: (c) => c.upload('raw', 'destroy', { public_id: state.rawId }),
			check: (a) => ({ ok: a.body.result === 'ok', detail: `result ${a.body.result}` }),
		},
	);
	return list;
}

async function runSteps(client, plan) {
	const answers = [];
	for (const step of plan) {
		try {
			const a = await step.call(client);
			if (a.skip) {
				answers.push(a);
				continue;
			}
			if (a.status >= 300) {
				answers.push({
					answer: a,
					problem: `HTTP ${a.status}: ${JSON.stringify(a.body).slice(0, 160)}`,
				});
				continue;
			}
			const checked = step.check?.(a) ?? { ok: true, detail: '' };
			answers.push({
				answer: a,
				problem: checked.ok ? '' : checked.detail,
				detail: checked.detail,
			});
		} catch (error) {
			answers.push({ problem: error.message });
		}
	}
	return answers;
}

/**
 * @param {object} env     { cloudName, apiKey, apiSecret, apiBaseUrl }
 * @param {object} options { write, scratchFolder, dist }
 */
async function checkCloudinary(report, env, options) {
	if (!env.cloudName || !env.apiKey || !env.apiSecret) {
		for (const step of PLAN)
			report.add(
				AREA,
				step,
				'skipped',
				'set CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET',
			);
		return;
	}
	const write = options.write && Boolean(options.scratchFolder);
	if (options.write && !options.scratchFolder)
		report.add(AREA, 'write checks', 'skipped', '--write needs --scratch-folder <folder>');
	if (!options.write)
		report.add(
			AREA,
			'write checks',
			'skipped',
			'read-only run (add --write --scratch-folder <folder>)',
		);
	const { startSandbox } = require('../../sandbox');
	const sandbox = await startSandbox({ consonancePort: 0, cloudinaryPort: 0, controlPort: 0 });
	try {
		const emulator = sandbox.info().cloudinary;
		const metadataFields = templateMetadataFields(sandbox.catalogue);
		const plan = steps({ write, folder: options.scratchFolder, metadataFields });
		const emulated = await runSteps(
			createClient(emulator, options.dist),
			steps({ write, folder: options.scratchFolder, metadataFields }),
		);
		const live = await runSteps(
			createClient(
				{ ...env, apiBaseUrl: env.apiBaseUrl || 'https://api.cloudinary.com' },
				options.dist,
			),
			plan,
		);
		plan.forEach((step, i) => {
			const l = live[i];
			const e = emulated[i];
			if (l.skip) return report.add(AREA, step.name, 'skipped', l.skip);
			if (l.problem) return report.add(AREA, step.name, 'fail', l.problem);
			if (step.noShape || !e?.answer) return report.add(AREA, step.name, 'pass', l.detail ?? '');
			const { missing, extra } = compareShapes(l.answer.body, e.answer.body);
			const detail = [
				l.detail,
				missing.length
					? `live lacks what the emulator gives: ${missing.slice(0, 6).join(', ')}`
					: 'same shape as the emulator',
				extra.length ? `live also has: ${extra.slice(0, 6).join(', ')}` : '',
			];
			report.add(
				AREA,
				step.name,
				missing.length ? 'fail' : 'pass',
				detail.filter(Boolean).join('; '),
				{ live: shapeOf(l.answer.body), emulator: shapeOf(e.answer.body) },
			);
		});
	} finally {
		await sandbox.stop();
	}
}

module.exports = { checkCloudinary, compareShapes, shapeOf, PLAN };
