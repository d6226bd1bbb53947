'use strict';
// Starts the sandbox: a Consonance emulator, a Cloudinary emulator and a control API, all on
// loopback, sharing one clock and one seeded catalogue. Used by the tests, the benchmarks and the demo.
const { createClock } = require('./lib/clock');
const { startServer } = require('./lib/server');
const { generateCatalogue } = require('./seed/catalogue');
const { createConsonanceEmulator } = require('./consonance');
const { createCloudinaryEmulator } = require('./cloudinary');
const { startControlServer } = require('./control');

const DEFAULTS = {
	consonanceApiKey: 'sandboxconsonancekey0000000000000',
	cloudName: 'sandbox-publisher',
	cloudinaryApiKey: '614335564976464',
	cloudinaryApiSecret: 'sandbox-api-secret-do-not-use-in-prod',
};

function portFrom(value, fallback) {
	if (value === undefined || value === null || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535)
		throw new Error(`Invalid port "${value}": use 0 (any free port) or 1-65535`);
	return n;
}

/** `Type.field=newName,Type.other=name2` → `{ 'Type.field': 'newName', … }`. */
function renamesFrom(text) {
	if (!text) return undefined;
	return Object.fromEntries(
		text.split(',').map((pair) => {
			const [from, to] = pair.split('=').map((s) => s.trim());
			if (!from || !to)
				throw new Error(`SANDBOX_CONSONANCE_RENAME: "${pair}" is not Type.field=newName`);
			return [from, to];
		}),
	);
}

/**
 * @param {object} [options]
 * @param {number} [options.consonancePort] default SANDBOX_CONSONANCE_PORT or 0 (a free port)
 * @param {number} [options.cloudinaryPort] default SANDBOX_CLOUDINARY_PORT or 0
 * @param {number} [options.controlPort]    default SANDBOX_CONTROL_PORT or 0
 * @param {object} [options.catalogue]      options for generateCatalogue ({ products, seed })
 * @param {object} [options.consonance]     { renameFields: { 'Type.field': 'newName' } } — a deliberately
 *   different GraphQL schema (default from SANDBOX_CONSONANCE_RENAME="Type.field=newName,…")
 */
async function startSandbox(options = {}) {
	const env = process.env;
	const clock = createClock();
	const settings = { ...DEFAULTS, ...options };
	let catalogueOptions = { ...(options.catalogue ?? {}) };
	let catalogue = generateCatalogue({ ...catalogueOptions, today: new Date(clock.now()) });

	let consonanceServer;
	let cloudinaryServer;
	const consonance = createConsonanceEmulator({
		clock,
		catalogue,
		apiKey: settings.consonanceApiKey,
		getBaseUrl: () => consonanceServer.baseUrl,
		renameFields: options.consonance?.renameFields ?? renamesFrom(env.SANDBOX_CONSONANCE_RENAME),
	});
	const cloudinary = await createCloudinaryEmulator({
		clock,
		catalogue,
		cloudName: settings.cloudName,
		apiKey: settings.cloudinaryApiKey,
		apiSecret: settings.cloudinaryApiSecret,
		getBaseUrl: () => cloudinaryServer.baseUrl,
	});

	consonanceServer = await startServer({
		name: 'consonance',
		port: portFrom(options.consonancePort ?? env.SANDBOX_CONSONANCE_PORT, 0),
		handler: consonance.handler,
		renderFault: consonance.renderFault,
	});
	cloudinaryServer = await startServer({
		name: 'cloudinary',
		port: portFrom(options.cloudinaryPort ?? env.SANDBOX_CLOUDINARY_PORT, 0),
		handler: cloudinary.handler,
		renderFault: cloudinary.renderFault,
	});

	const info = () => ({
		consonance: { baseUrl: consonanceServer.baseUrl, apiKey: settings.consonanceApiKey },
		cloudinary: {
			cloudName: settings.cloudName,
			apiKey: settings.cloudinaryApiKey,
			apiSecret: settings.cloudinaryApiSecret,
			apiBaseUrl: cloudinaryServer.baseUrl,
			deliveryBaseUrl: cloudinaryServer.baseUrl,
		},
		control: { baseUrl: controlServer.baseUrl },
	});

	const sandbox = {
		clock,
		get catalogue() {
			return catalogue;
		},
		consonance,
		cloudinary,
		servers: { consonance: () => consonanceServer, cloudinary: () => cloudinaryServer },
		info,
		/** Re-seed both emulators (optionally with another catalogue size) and clear logs, faults and clock. */
		async reset(newCatalogueOptions) {
			if (newCatalogueOptions) catalogueOptions = { ...catalogueOptions, ...newCatalogueOptions };
			clock.reset();
			catalogue = generateCatalogue({ ...catalogueOptions, today: new Date(clock.now()) });
			await consonance.reset(catalogue);
			await cloudinary.reset(catalogue);
			for (const s of [consonanceServer, cloudinaryServer]) {
				s.clearLog();
				s.faults.clear();
			}
			return {
				products: catalogue.products.length,
				works: catalogue.works.length,
				assets: catalogue.cloudinary.assets.length,
			};
		},
		async stop() {
			await Promise.all([
				consonanceServer.close(),
				cloudinaryServer.close(),
				controlServer.close(),
			]);
			await cloudinary.close?.();
		},
	};

	const controlServer = await startControlServer({
		sandbox,
		port: portFrom(options.controlPort ?? env.SANDBOX_CONTROL_PORT, 0),
	});
	return sandbox;
}

module.exports = { startSandbox, DEFAULTS };
