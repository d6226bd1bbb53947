'use strict';
// A minimal store-only ZIP writer (no compression, no ZIP64: archives must stay under 4 GiB) for
// generate_archive. Entries are streamed from their blobs; CRC-32s are computed before each
// local header is written, so no data descriptors are needed.
const fs = require('node:fs');
const { once } = require('node:events');
const { fail } = require('./errors');

const LIMIT = 0xffffffff;

function dosDateTime(ms) {
	const d = new Date(ms);
	const time =
		(d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
	const date =
		((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) |
		((d.getUTCMonth() + 1) << 5) |
		d.getUTCDate();
	return { time, date };
}

/**
 * @param {Array<{name: string, blob: import('./blob').Blob, mtime?: number}>} entries
 * @param {string} outPath file to write
 * @returns {Promise<{size: number, files: number}>}
 */
async function writeZip(entries, outPath) {
	const total = entries.reduce(
		(s, e) => s + e.blob.size + 30 + Buffer.byteLength(e.name) + 46 + Buffer.byteLength(e.name),
		22,
	);
	if (total > LIMIT || entries.length > 0xffff)
		throw fail(400, 'Archive too large for the sandbox (over 4 GiB or 65,535 files)');
	const out = fs.createWriteStream(outPath);
	let offset = 0;
	const write = async (buf) => {
		offset += buf.length;
		if (!out.write(buf)) await once(out, 'drain');
	};
	const central = [];
	try {
		for (const e of entries) {
			const name = Buffer.from(e.name, 'utf8');
			const crc = await e.blob.crc32();
			const size = e.blob.size;
			const { time, date } = dosDateTime(e.mtime ?? Date.now());
			const local = Buffer.alloc(30);
			local.writeUInt32LE(0x04034b50, 0);
			local.writeUInt16LE(10, 4); // version needed
			local.writeUInt16LE(0x0800, 6); // UTF-8 names
			local.writeUInt16LE(0, 8); // stored
			local.writeUInt16LE(time, 10);
			local.writeUInt16LE(date, 12);
			local.writeUInt32LE(crc, 14);
			local.writeUInt32LE(size, 18);
			local.writeUInt32LE(size, 22);
			local.writeUInt16LE(name.length, 26);
			local.writeUInt16LE(0, 28);
			const headerOffset = offset;
			await write(local);
			await write(name);
			for await (const chunk of e.blob.stream()) await write(chunk);
			const cd = Buffer.alloc(46);
			cd.writeUInt32LE(0x02014b50, 0);
			cd.writeUInt16LE(20, 4); // made by
			cd.writeUInt16LE(10, 6);
			cd.writeUInt16LE(0x0800, 8);
			cd.writeUInt16LE(0, 10);
			cd.writeUInt16LE(time, 12);
			cd.writeUInt16LE(date, 14);
			cd.writeUInt32LE(crc, 16);
			cd.writeUInt32LE(size, 20);
			cd.writeUInt32LE(size, 24);
			cd.writeUInt16LE(name.length, 28);
			cd.writeUInt32LE(headerOffset, 42);
			central.push(Buffer.concat([cd, name]));
		}
		const cdStart = offset;
		for (const c of central) await write(c);
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(entries.length, 8);
		end.writeUInt16LE(entries.length, 10);
		end.writeUInt32LE(offset - cdStart, 12);
		end.writeUInt32LE(cdStart, 16);
		await write(end);
		out.end();
		await once(out, 'finish');
		return { size: offset, files: entries.length };
	} catch (error) {
		out.destroy();
		fs.rm(outPath, { force: true }, () => {});
		throw error;
	}
}

module.exports = { writeZip };
