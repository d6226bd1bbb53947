import { CloudinaryPublishingApi } from '../../credentials/CloudinaryPublishingApi.credentials';
import { ConsonancePublishingApi } from '../../credentials/ConsonancePublishingApi.credentials';
import { parseBaseUrl } from '../../nodes/shared/baseUrl';

describe('base URL check', () => {
	it.each([
		['https://api.cloudinary.com', 'https://api.cloudinary.com'],
		['https://api-eu.cloudinary.com/', 'https://api-eu.cloudinary.com'],
		['https://api-ap.cloudinary.com', 'https://api-ap.cloudinary.com'],
		['https://images.example-publisher.com:8443', 'https://images.example-publisher.com:8443'],
		['  https://WEB.Consonance.app  ', 'https://web.consonance.app'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
		['http://127.45.3.2:80/', 'http://127.45.3.2'],
		['http://localhost:4010', 'http://localhost:4010'],
		['http://[::1]:4010', 'http://[::1]:4010'],
	])('accepts %s', (value, origin) => {
		expect(parseBaseUrl(value)).toEqual({ origin });
	});

	it.each([
		['http://api.cloudinary.com', /plain http/],
		['http://10.0.0.5:4010', /plain http/],
		['http://127.0.0.1.evil.example', /plain http/],
		['http://localhost.evil.example', /plain http/],
		['https://api.cloudinary.com/v1_1', /has a path/],
		['https://api.cloudinary.com/v1_1/', /has a path/],
		['https://api.cloudinary.com?x=1', /query/],
		['https://api.cloudinary.com/?', /query/],
		['https://api.cloudinary.com#a', /fragment/],
		['https://key:secret@api.cloudinary.com', /user info/],
		['https://key@api.cloudinary.com', /user info/],
		['https://api.cloudinary.com\\@evil.example', /backslash/],
		['https://api.cloudinary .com', /space/],
		['ftp://api.cloudinary.com', /scheme is ftp/],
		['javascript:alert(1)', /scheme/],
		['api.cloudinary.com', /not a URL/],
		['https:/api.cloudinary.com', /no host/],
		['', /empty/],
		[42, /number, not text/],
		[null, /null/],
	])('refuses %s', (value, problem) => {
		const parsed = parseBaseUrl(value);
		expect(parsed).toEqual({ problem: expect.stringMatching(problem) });
		expect(JSON.stringify(parsed)).not.toContain('secret');
	});
});

describe('the credentials add their key only to requests for their own host', () => {
	const cloudinary = {
		cloudName: 'demo',
		apiKey: '614335564976464',
		apiSecret: 'not-a-real-secret',
		apiBaseUrl: 'https://api-eu.cloudinary.com',
	};
	const consonance = {
		baseUrl: 'https://web.consonance.app',
		apiKey: 'k'.repeat(32),
		authScheme: 'automatic',
	};

	it('Cloudinary: Basic auth on its API host, refused elsewhere (and on the Test request)', async () => {
		const authenticate = new CloudinaryPublishingApi().authenticate;
		const ok = await authenticate(cloudinary, {
			url: 'https://api-eu.cloudinary.com/v1_1/demo/ping',
		});
		expect(ok.auth).toEqual({ username: cloudinary.apiKey, password: cloudinary.apiSecret });
		await expect(
			authenticate(cloudinary, { url: 'https://api.cloudinary.com/v1_1/demo/ping' }),
		).rejects.toThrow(/only to https:\/\/api-eu\.cloudinary\.com/);
		await expect(
			authenticate(
				{ ...cloudinary, apiBaseUrl: 'http://api-eu.cloudinary.com' },
				{ baseURL: 'http://api-eu.cloudinary.com/v1_1/demo', url: '/ping' },
			),
		).rejects.toThrow(/API Base URL is not allowed: plain http/);
		const blank = await authenticate(
			{ ...cloudinary, apiBaseUrl: '' },
			{ url: 'https://api.cloudinary.com/v1_1/demo/ping' },
		);
		expect(blank.auth?.username).toBe(cloudinary.apiKey);
	});

	it('Consonance: Bearer on its host, refused elsewhere', async () => {
		const authenticate = new ConsonancePublishingApi().authenticate;
		const ok = await authenticate(consonance, { url: 'https://web.consonance.app/graphql' });
		expect(ok.headers?.Authorization).toBe(`Bearer ${consonance.apiKey}`);
		await expect(authenticate(consonance, { url: 'https://evil.example/graphql' })).rejects.toThrow(
			/only to https:\/\/web\.consonance\.app/,
		);
		await expect(
			authenticate(
				{ ...consonance, baseUrl: 'https://web.consonance.app/api' },
				{ baseURL: 'https://web.consonance.app/api', url: '/graphql' },
			),
		).rejects.toThrow(/has a path/);
	});
});
