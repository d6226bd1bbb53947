'use strict';
// Starts the sandbox in-process for a test file and gives it the credentials our nodes use.
const axios = require('axios');
const { startSandbox } = require('../../sandbox');

/**
 * The two n8n credentials the templates, tests and demo use — named "Consonance account" and
 * "Cloudinary account" as the README asks — pointing at a sandbox (`info` is its --json line).
 */
function n8nCredentials(info) {
	return {
		consonance: {
			id: 'sandboxConsonanceCred',
			name: 'Consonance account',
			type: 'consonancePublishingApi',
			data: { baseUrl: info.consonance.baseUrl, apiKey: info.consonance.apiKey, authScheme: 'automatic' },
		},
		cloudinary: {
			id: 'sandboxCloudinaryCred',
			name: 'Cloudinary account',
			type: 'cloudinaryPublishingApi',
			data: {
				cloudName: info.cloudinary.cloudName,
				apiKey: info.cloudinary.apiKey,
				apiSecret: info.cloudinary.apiSecret,
				apiBaseUrl: info.cloudinary.apiBaseUrl,
				deliveryBaseUrl: info.cloudinary.deliveryBaseUrl,
				deliveryIncludesCloudName: true,
				signatureAlgorithm: 'sha1',
			},
		},
	};
}

async function startTestSandbox(options = {}) {
	const sandbox = await startSandbox({ consonancePort: 0, cloudinaryPort: 0, controlPort: 0, ...options });
	const info = sandbox.info();
	const control = axios.create({ baseURL: info.control.baseUrl, validateStatus: () => true });
	return {
		sandbox,
		info,
		control,
		credentials: { consonancePublishingApi: { ...n8nCredentials(info).consonance.data }, cloudinaryPublishingApi: { ...n8nCredentials(info).cloudinary.data } },
		/** Requests the emulator served since `since` (a sequence number), optionally for one service. */
		async requests(service, since = 0) {
			const res = await control.get('/requests', { params: { service, since } });
			return res.data.requests;
		},
		async lastSeq(service) {
			const all = await this.requests(service);
			return all.length ? Math.max(...all.map((r) => r.seq)) : 0;
		},
		stop: () => sandbox.stop(),
	};
}

module.exports = { startTestSandbox, n8nCredentials };
