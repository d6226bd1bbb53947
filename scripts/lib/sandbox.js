'use strict';
// Starts the sandbox in-process for a test file and gives it the credentials our nodes use.
const axios = require('axios');
const { startSandbox } = require('../../sandbox');
const { n8nCredentials } = require('./sandbox-credentials');

async function startTestSandbox(options = {}) {
	const sandbox = await startSandbox({
		consonancePort: 0,
		cloudinaryPort: 0,
		controlPort: 0,
		...options,
	});
	const info = sandbox.info();
	const control = axios.create({ baseURL: info.control.baseUrl, validateStatus: () => true });
	return {
		sandbox,
		info,
		control,
		credentials: {
			consonancePublishingApi: { ...n8nCredentials(info).consonance.data },
			cloudinaryPublishingApi: { ...n8nCredentials(info).cloudinary.data },
		},
		/** Requests the emulator served since `since` (a sequence number), optionally for one service. */
		async requests(service, since = 0) {
			const res = await control.get('/requests', { params: { service, since } });
			return res.data.requests;
		},
		/** A Cloudinary API call as a person or another tool would make it (HTTP Basic auth); the response. */
		cloudinaryPost(path, form) {
			const { cloudinary } = info;
			return axios.post(
				`${cloudinary.apiBaseUrl}/v1_1/${cloudinary.cloudName}/${path}`,
				new URLSearchParams(form).toString(),
				{
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					auth: { username: cloudinary.apiKey, password: cloudinary.apiSecret },
					validateStatus: () => true,
				},
			);
		},
		async lastSeq(service) {
			const all = await this.requests(service);
			return all.length ? Math.max(...all.map((r) => r.seq)) : 0;
		},
		stop: () => sandbox.stop(),
	};
}

module.exports = { startTestSandbox };
