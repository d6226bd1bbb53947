// Five projects, all run by `npm test` (scripts/test.sh): unit (pure logic), sandbox (the emulators,
// with the official cloudinary SDK as the oracle), engine (n8n's WorkflowExecute in-process, dist/
// loaded), e2e (a real n8n process with the packed package installed) and queue (n8n's queue mode:
// main, workers and a webhook processor on a real PostgreSQL and Redis).
const tsJest = [
	'ts-jest',
	{
		tsconfig: {
			module: 'commonjs',
			target: 'es2022',
			esModuleInterop: true,
			allowJs: true,
			isolatedModules: true,
		},
	},
];
// .tmp holds n8n user folders (each with its installed-nodes package.json) while tests run.
const base = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/.tmp/', '<rootDir>/.cache/'],
};
module.exports = {
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.[jt]s'] },
		{ ...base, displayName: 'sandbox', testMatch: ['<rootDir>/test/sandbox/**/*.test.[jt]s'] },
		{ ...base, displayName: 'engine', testMatch: ['<rootDir>/test/engine/**/*.test.[jt]s'] },
		{ ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.[jt]s'] },
		{ ...base, displayName: 'queue', testMatch: ['<rootDir>/test/queue/**/*.test.[jt]s'] },
	],
	testTimeout: 60000,
	globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
};
