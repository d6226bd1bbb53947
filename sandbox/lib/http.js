'use strict';
// Small HTTP helpers shared by the sandbox servers (never by the shipped nodes).

/** Reads the whole request body (up to `limit` bytes) into a Buffer. */
function readBody(req, limit = 256 * 1024 * 1024) {
	if (req.sandboxBody) return Promise.resolve(req.sandboxBody);
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(
					Object.assign(new Error(`Request body larger than ${limit} bytes`), { status: 413 }),
				);
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			req.sandboxBody = Buffer.concat(chunks);
			resolve(req.sandboxBody);
		});
		req.on('error', reject);
	});
}

function sendJson(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

function sendText(res, status, text, headers = {}) {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

module.exports = { readBody, sendJson, sendText };
