'use strict';
// Byte containers for asset originals, upload parts and archives. Small payloads stay in memory;
// anything over SPILL_THRESHOLD goes to temp files so that a 1 GiB upload never sits in memory.
// A Blob may consist of several segments (the parts of a chunked upload are kept as they arrived
// and read back in order, so assembling a large file costs no copy).
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');

const SPILL_THRESHOLD = 4 * 1024 * 1024;
const FILE_WRITE_BATCH = 1024 * 1024;

const CRC_TABLE = (() => {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
})();

/** Incremental CRC-32 (the ZIP polynomial). */
function crc32Update(crc, buf) {
	let c = crc ^ 0xffffffff;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function tempName(dir) {
	return path.join(dir, `${Date.now().toString(36)}-${crypto.randomBytes(6).toString('hex')}.bin`);
}

class Blob {
	/** @param {Array<{buffer?: Buffer, path?: string, size: number}>} segments */
	constructor(segments, { md5 } = {}) {
		this.segments = segments;
		this.size = segments.reduce((s, seg) => s + seg.size, 0);
		this._md5 = md5;
		this._crc = undefined;
	}

	static fromBuffer(buffer) {
		return new Blob([{ buffer, size: buffer.length }]);
	}

	/** Stores a Buffer in a temp file when it is large (so it is not retained in memory). */
	static async store(buffer, dir, threshold = SPILL_THRESHOLD) {
		if (!dir || buffer.length <= threshold) return Blob.fromBuffer(buffer);
		const file = tempName(dir);
		await fsp.writeFile(file, buffer);
		return new Blob([{ path: file, size: buffer.length }]);
	}

	get inMemory() {
		return this.segments.every((s) => s.buffer);
	}

	async read() {
		const parts = [];
		for (const seg of this.segments) parts.push(seg.buffer ?? (await fsp.readFile(seg.path)));
		return parts.length === 1 ? parts[0] : Buffer.concat(parts);
	}

	/** The first `n` bytes (for format sniffing of files too large to analyse whole). */
	async readHead(n) {
		const out = [];
		let need = n;
		for (const seg of this.segments) {
			if (need <= 0) break;
			if (seg.buffer) {
				out.push(seg.buffer.subarray(0, need));
				need -= Math.min(need, seg.buffer.length);
			} else {
				const fh = await fsp.open(seg.path, 'r');
				try {
					const len = Math.min(need, seg.size);
					const buf = Buffer.alloc(len);
					await fh.read(buf, 0, len, 0);
					out.push(buf);
					need -= len;
				} finally {
					await fh.close();
				}
			}
		}
		return Buffer.concat(out);
	}

	stream() {
		const segments = this.segments;
		async function* gen() {
			for (const seg of segments) {
				if (seg.buffer) yield seg.buffer;
				else
					for await (const chunk of fs.createReadStream(seg.path, { highWaterMark: 1024 * 1024 }))
						yield chunk;
			}
		}
		return Readable.from(gen(), { objectMode: false });
	}

	async md5() {
		if (this._md5) return this._md5;
		const h = crypto.createHash('md5');
		for await (const chunk of this.stream()) h.update(chunk);
		this._md5 = h.digest('hex');
		return this._md5;
	}

	async crc32() {
		if (this._crc !== undefined) return this._crc;
		let crc = 0;
		for await (const chunk of this.stream()) crc = crc32Update(crc, chunk);
		this._crc = crc;
		return crc;
	}

	dispose() {
		for (const seg of this.segments) if (seg.path) fs.rm(seg.path, { force: true }, () => {});
		this.segments = [];
	}
}

/** Collects streamed bytes: memory first, a temp file once past `threshold`. Hashes MD5 as it goes. */
class BlobWriter {
	constructor(dir, threshold = SPILL_THRESHOLD) {
		this.dir = dir;
		this.threshold = threshold;
		this.chunks = [];
		this.pending = 0;
		this.size = 0;
		this.hash = crypto.createHash('md5');
		this.fh = null;
		this.file = null;
	}

	async write(chunk) {
		if (!chunk.length) return;
		this.hash.update(chunk);
		this.size += chunk.length;
		this.chunks.push(chunk);
		this.pending += chunk.length;
		if (!this.fh && this.dir && this.size > this.threshold) {
			this.file = tempName(this.dir);
			this.fh = await fsp.open(this.file, 'w');
		}
		if (this.fh && this.pending >= FILE_WRITE_BATCH) await this._flush();
	}

	async _flush() {
		if (!this.fh || !this.pending) return;
		const buf =
			this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.pending);
		this.chunks = [];
		this.pending = 0;
		await this.fh.write(buf);
	}

	async end() {
		const md5 = this.hash.digest('hex');
		if (this.fh) {
			await this._flush();
			await this.fh.close();
			this.fh = null;
			return new Blob([{ path: this.file, size: this.size }], { md5 });
		}
		const buffer =
			this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.pending);
		this.chunks = [];
		return new Blob([{ buffer, size: buffer.length }], { md5 });
	}

	async abort() {
		if (this.fh) {
			await this.fh.close().catch(() => {});
			this.fh = null;
		}
		if (this.file) await fsp.rm(this.file, { force: true });
		this.chunks = [];
	}
}

module.exports = { Blob, BlobWriter, crc32Update, SPILL_THRESHOLD };
