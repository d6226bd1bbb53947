'use strict';
// The secrets scan itself (scripts/lib/secrets-scan.js): it must find what it is there to find, or
// every "no secret anywhere" assertion built on it would pass vacuously.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
	needlesOfCredentials,
	scanForSecrets,
	apiKeyOutsideNotifications,
} = require('../../scripts/lib/secrets-scan');

const KEY = '614335564976464';
const SECRET = 'sandbox-api-secret-do-not-use-in-prod';
const CONSONANCE_KEY = 'sandboxconsonancekey0000000000000';
const needles = needlesOfCredentials([
	{ type: 'consonancePublishingApi', data: { apiKey: CONSONANCE_KEY } },
	{ type: 'cloudinaryPublishingApi', data: { apiKey: KEY, apiSecret: SECRET } },
	{ type: 'githubApi', data: { accessToken: 'not-ours-to-police' } },
	{ type: 'cloudinaryPublishingApi', data: { apiSecret: 'short' } },
]);

let dir;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-scan-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the needles: both secrets and Basic auth allowed nowhere, the API key apart, nothing else', () => {
	expect(Object.values(needles.secrets).sort()).toEqual(
		[CONSONANCE_KEY, SECRET, Buffer.from(`${KEY}:${SECRET}`).toString('base64')].sort(),
	);
	expect(Object.values(needles.apiKeys)).toEqual([KEY]);
});

test('finds each secret in any file of a folder, also across the 8 MB read boundary', () => {
	fs.mkdirSync(path.join(dir, '.n8n'));
	fs.writeFileSync(path.join(dir, 'n8n.log'), `error: Bearer ${CONSONANCE_KEY}\n`);
	const big = Buffer.alloc(8 * 1024 * 1024 + 100, 'x');
	big.write(SECRET, 8 * 1024 * 1024 - 10); // straddles the first chunk's end
	fs.writeFileSync(path.join(dir, '.n8n', 'database.sqlite'), big);
	const result = scanForSecrets({ folders: [dir], ...needles });
	expect(result.hits.map((h) => [path.relative(dir, h.place), h.secret.split(' ')[0]])).toEqual(
		expect.arrayContaining([
			['n8n.log', 'Consonance'],
			[path.join('.n8n', 'database.sqlite'), 'Cloudinary'],
		]),
	);
	expect(result.hits).toHaveLength(2);
	expect(result.bytes).toBeGreaterThan(8 * 1024 * 1024);
});

test('the API key: forbidden in logs and texts, not searched in SQLite files (their rows are)', () => {
	fs.writeFileSync(path.join(dir, 'n8n.log'), `Unknown API key ${KEY}`);
	fs.writeFileSync(path.join(dir, 'database.sqlite'), `... ${KEY} ...`);
	const result = scanForSecrets({ folders: [dir], texts: { stdout: `key=${KEY}` }, ...needles });
	expect(result.hits.map((h) => path.basename(h.place))).toEqual(['n8n.log', 'stdout']);
});

test('the API key is allowed only where Cloudinary puts it: notifications (raw), created_by/uploaded_by', () => {
	const notification = {
		signature_key: KEY,
		api_key: KEY,
		notification_context: { triggered_by: { source: 'api', id: KEY } },
	};
	const run = {
		Trigger: [{ json: { publicId: 'covers/x', raw: notification } }],
		Next: [{ json: { raw: notification, note: `api_key=${KEY}` } }],
		Upload: [{ json: { error: `Cloudinary: Unknown API key ${KEY}`, api_key: KEY } }],
		Search: [{ json: { created_by: { access_key: KEY }, uploaded_by: { access_key: KEY } } }],
	};
	expect(apiKeyOutsideNotifications(run, KEY).sort()).toEqual([
		'Next.0.json.note',
		'Upload.0.json.api_key',
		'Upload.0.json.error',
	]);
	const result = scanForSecrets({ values: { execution: run }, ...needles });
	expect(result.hits.map((h) => h.place)).toEqual([
		'execution at Next.0.json.note',
		'execution at Upload.0.json.error',
		'execution at Upload.0.json.api_key',
	]);
	// the secrets stay forbidden even there
	const leaked = { Trigger: [{ json: { raw: { signature_key: SECRET } } }] };
	expect(scanForSecrets({ values: { execution: leaked }, ...needles }).hits).toHaveLength(1);
});
