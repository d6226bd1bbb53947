'use strict';
// What Consonance learns about a supporting resource's `imageRemoteUrl`. The emulator fetches only
// loopback URLs (there is no network here, and it must never reach out); for those it records the
// true byte size, pixel size and format, read with sharp.
const http = require('node:http');
const https = require('node:https');
const sharp = require('sharp');

const MAX_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 15000;
const CONTENT_TYPES = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	gif: 'image/gif',
	tiff: 'image/tiff',
	svg: 'image/svg+xml',
	heif: 'image/heif',
	avif: 'image/avif',
};

function isLoopbackUrl(url) {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function download(url) {
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const req = client.get(url, { timeout: TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
			if (res.statusCode < 200 || res.statusCode >= 300) {
				res.resume();
				reject(new Error(`the image could not be downloaded (HTTP ${res.statusCode})`));
				return;
			}
			const chunks = [];
			let size = 0;
			res.on('data', (chunk) => {
				size += chunk.length;
				if (size > MAX_BYTES) req.destroy(new Error(`the image is larger than ${MAX_BYTES} bytes`));
				else chunks.push(chunk);
			});
			res.on('end', () => resolve(Buffer.concat(chunks)));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error('the image download timed out')));
		req.on('error', (e) =>
			reject(
				new Error(
					e.message.startsWith('the image')
						? e.message
						: `the image could not be downloaded (${e.message})`,
				),
			),
		);
	});
}

/**
 * `{ fileSize, width, height, format, imageContentType }` for a loopback URL; `null` for any other
 * host (not fetched). Rejects with a readable message when the file cannot be read as an image.
 */
async function inspectRemoteImage(url) {
	if (!isLoopbackUrl(url)) return null;
	const buffer = await download(url);
	let meta;
	try {
		meta = await sharp(buffer).metadata();
	} catch {
		throw new Error('the downloaded file is not an image');
	}
	return {
		fileSize: buffer.length,
		width: meta.width,
		height: meta.height,
		format: meta.format,
		imageContentType: CONTENT_TYPES[meta.format] ?? `image/${meta.format}`,
	};
}

module.exports = { inspectRemoteImage, isLoopbackUrl };
