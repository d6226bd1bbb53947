'use strict';
// Starts the sandbox in-process for a test file and gives it the credentials our nodes use.
const axios = require('axios');
const { startSandbox } = require('../../sandbox');

async function startTestSandbox(options = {}) {
	const sandbox = await startSandbox({ consonancePort: 0, cloudinaryPort: 0, controlPort: 0, ...options });
	const info = sandbox.info();
	const control = axios.create({ baseURL: info.control.baseUrl, validateStatus: () => true });
	return {
		sandbox,
		info,
		control,
		credentials: {
			consonanceApi: { baseUrl: info.consonance.baseUrl, apiKey: info.consonance.apiKey, authScheme: 'automatic' },
			cloudinaryApi: {
				cloudName: info.cloudinary.cloudName,
				apiKey: info.cloudinary.apiKey,
				apiSecret: info.cloudinary.apiSecret,
				apiBaseUrl: info.cloudinary.apiBaseUrl,
				deliveryBaseUrl: info.cloudinary.deliveryBaseUrl,
				deliveryIncludesCloudName: true,
				signatureAlgorithm: 'sha1',
			},
		},
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

module.exports = { startTestSandbox };
