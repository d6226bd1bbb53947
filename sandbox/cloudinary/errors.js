'use strict';
// The one error type of the Cloudinary emulator. Every failure is answered as
// {"error":{"message":"..."}} with a meaningful status (docs/api-facts.md, "Errors and rate limits"), plus whatever
// headers the route adds (rate-limit headers on Admin routes, X-Request-Id everywhere).

class CloudinaryError extends Error {
	constructor(status, message, headers = {}) {
		super(message);
		this.status = status;
		this.headers = headers;
	}
}

/** Shorthand: `throw fail(404, 'Resource not found - x')`. */
function fail(status, message, headers) {
	return new CloudinaryError(status, message, headers);
}

const notFound = (id) => fail(404, `Resource not found - ${id}`);
const missing = (name) => fail(400, `Missing required parameter - ${name}`);

module.exports = { CloudinaryError, fail, notFound, missing };
