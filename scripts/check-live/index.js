#!/usr/bin/env node
'use strict';
// `npm run check:live`: checks this package against the real Consonance and Cloudinary accounts
// named by environment variables (docs/check-live.md). Read-only unless --write is given.
// Prints a table of checks and writes a JSON report (secrets removed); exits 1 when a check failed
// or an assumption was refuted, 0 otherwise (also when there are no credentials: it then only
// says what it would check).
const fs = require('node:fs');
const path = require('node:path');
const { createReport } = require('./report');
const { checkConsonance } = require('./consonance');
const { checkCloudinary } = require('./cloudinary');

const USAGE =
	'Usage: npm run check:live -- [--write] [--scratch-work <work id>] [--scratch-folder <folder>] ' +
	`[--isbn <isbn>] [--image-url <jpg url>] [--report <file>]

Environment:
  CONSONANCE_BASE_URL     the address you log in at, e.g. https://web.consonance.app
  CONSONANCE_API_KEY      your Consonance API key
  CONSONANCE_AUTH_SCHEME  optional: automatic (default), bearer or token
  CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY, CLOUDINARY_API_SECRET   your Cloudinary product environment
  CLOUDINARY_API_BASE_URL optional: default https://api.cloudinary.com (e.g. https://api-eu.cloudinary.com)`;

function parseArgs(argv) {
	const options = {
		write: false,
		report: 'check-live-report.json',
		imageUrl: 'https://res.cloudinary.com/demo/image/upload/sample.jpg',
	};
	const value = (i, name) => {
		if (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))
			throw new Error(`${name} needs a value`);
		return argv[i + 1];
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--write') options.write = true;
		else if (arg === '--scratch-work') options.scratchWork = value(i++, arg);
		else if (arg === '--scratch-folder') options.scratchFolder = value(i++, arg);
		else if (arg === '--isbn') options.isbn = value(i++, arg);
		else if (arg === '--image-url') options.imageUrl = value(i++, arg);
		else if (arg === '--report') options.report = value(i++, arg);
		else if (arg === '--help' || arg === '-h') options.help = true;
		else throw new Error(`Unknown argument ${arg}`);
	}
	if (options.scratchFolder !== undefined && !/^[\w-]+(\/[\w-]+)*$/.test(options.scratchFolder)) {
		throw new Error(
			`--scratch-folder must be a folder path such as check-live/scratch, not "${options.scratchFolder}"`,
		);
	}
	if (options.scratchWork !== undefined && !/^\d+$/.test(options.scratchWork))
		throw new Error(
			`--scratch-work must be a Consonance work ID (a whole number), not "${options.scratchWork}"`,
		);
	return options;
}

function readEnv(env = process.env) {
	return {
		consonance: {
			baseUrl: env.CONSONANCE_BASE_URL,
			apiKey: env.CONSONANCE_API_KEY,
			authScheme: env.CONSONANCE_AUTH_SCHEME,
		},
		cloudinary: {
			cloudName: env.CLOUDINARY_CLOUD_NAME,
			apiKey: env.CLOUDINARY_API_KEY,
			apiSecret: env.CLOUDINARY_API_SECRET,
			apiBaseUrl: env.CLOUDINARY_API_BASE_URL,
		},
	};
}

async function main(argv = process.argv.slice(2), env = process.env) {
	let options;
	try {
		options = parseArgs(argv);
	} catch (error) {
		console.error(`${error.message}\n\n${USAGE}`);
		return 2;
	}
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	const settings = readEnv(env);
	const { consonance, cloudinary } = settings;
	const report = createReport({
		secrets: [consonance.apiKey, cloudinary.apiKey, cloudinary.apiSecret],
	});
	const dist = path.join(__dirname, '..', '..', 'dist');
	if (!fs.existsSync(path.join(dist, 'nodes'))) {
		console.error('dist/ is missing: run `npm run build` first.');
		return 2;
	}
	const started = Date.now();
	await checkConsonance(report, consonance, { ...options, dist });
	await checkCloudinary(report, cloudinary, { ...options, dist });
	const anyCredentials = Boolean(consonance.apiKey || cloudinary.apiKey);
	console.log(report.table());
	const summary = report.summary();
	const reportFile = path.resolve(options.report);
	const record = {
		tool: 'n8n-nodes-consonance-cloudinary check:live',
		ranAt: new Date(started).toISOString(),
		write: options.write,
		targets: { consonance: consonance.baseUrl ?? null, cloudinary: cloudinary.cloudName ?? null },
		summary,
		checks: report.checks,
	};
	fs.writeFileSync(reportFile, `${JSON.stringify(report.clean(record), null, 2)}\n`);
	console.log(
		`\n${Object.entries(summary)
			.map(([k, v]) => `${v} ${k}`)
			.join(', ')}. Report: ${reportFile}`,
	);
	if (!anyCredentials) {
		console.log(
			'No credentials were given, so nothing was checked: the table lists what would be. See docs/check-live.md.',
		);
		return 0;
	}
	return report.failed().length ? 1 : 0;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(`check:live stopped: ${error.message}`);
			process.exit(2);
		},
	);
}

module.exports = { main, parseArgs };
