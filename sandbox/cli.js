#!/usr/bin/env node
'use strict';
// `npm run sandbox` starts both emulators until stopped; `npm run sandbox -- --json` prints one line
// of JSON with their addresses and credentials once they are ready.
// Ports: SANDBOX_CONSONANCE_PORT (default 4010), SANDBOX_CLOUDINARY_PORT (4020), SANDBOX_CONTROL_PORT (4030); 0 = any
// free port. Catalogue size: --products N (default 80). SANDBOX_CONSONANCE_RENAME="Type.field=newName,…" renames
// GraphQL fields (a deliberately different schema, for tests of npm run check:live).
const { startSandbox } = require('./index');

async function main() {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const productsIdx = args.indexOf('--products');
	const products = productsIdx >= 0 ? Number(args[productsIdx + 1]) : undefined;
	const env = process.env;
	const sandbox = await startSandbox({
		consonancePort: env.SANDBOX_CONSONANCE_PORT ?? 4010,
		cloudinaryPort: env.SANDBOX_CLOUDINARY_PORT ?? 4020,
		controlPort: env.SANDBOX_CONTROL_PORT ?? 4030,
		catalogue: products ? { products } : {},
	});
	const info = sandbox.info();
	if (json) {
		process.stdout.write(`${JSON.stringify(info)}\n`);
	} else {
		const c = sandbox.catalogue;
		console.log('Sandbox running (Ctrl+C to stop)');
		console.log(
			`  Consonance  ${info.consonance.baseUrl}/graphql   API key ${info.consonance.apiKey}`,
		);
		console.log(
			`  Cloudinary  ${info.cloudinary.apiBaseUrl}/v1_1/${info.cloudinary.cloudName}   key ${info.cloudinary.apiKey}`,
		);
		console.log(
			`  Control     ${info.control.baseUrl}   (GET /info, POST /reset, /faults, /clock ...)`,
		);
		console.log(
			`  Catalogue   ${c.imprints.length} imprints, ${c.series.length} series, ` +
				`${c.works.length} works, ${c.products.length} products, ${c.cloudinary.assets.length} ` +
				`Cloudinary assets`,
		);
	}
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
