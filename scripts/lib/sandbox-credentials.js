'use strict';
// The two n8n credentials that point our nodes at a running sandbox, shared by the tests
// (scripts/lib/sandbox.js, test/e2e) and the demo (scripts/demo.js).

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
			data: {
				baseUrl: info.consonance.baseUrl,
				apiKey: info.consonance.apiKey,
				authScheme: 'automatic',
			},
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

module.exports = { n8nCredentials };
