'use strict';
// Real media for the Cloudinary emulator: seed images and audio, media analysis (what an upload
// response reports), and a Cloudinary transformation engine on top of sharp, so that a delivery URL
// such as `.../c_fill,g_auto,h_1000,w_1000/v1/covers/978....jpg` returns real pixels of the right
// size, format, colour space and density.
//
// Semantics follow Cloudinary's transformation reference (docs/api-facts.md, "Transformations", and the
// copy of transformation_reference.md it cites). Where the sandbox approximates, the code says so
// with "APPROXIMATION:" and the result lists the ignored/approximated parts in `ignored`/`notes`.
// Shares no code with the nodes (sandbox/README.md).

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const sharp = require('sharp');

// ---------------------------------------------------------------------------------------------
// Errors

/** A failure that the delivery route answers with `status` and an `X-Cld-Error` header. */
class MediaError extends Error {
	constructor(message, status = 400) {
		super(message);
		this.name = 'MediaError';
		this.status = status;
	}
}

const invalidParam = (raw) => new MediaError(`Invalid transformation parameter: ${raw}`);

// ---------------------------------------------------------------------------------------------
// Formats

const IMAGE_FORMATS = new Set([
	'jpg',
	'png',
	'webp',
	'gif',
	'avif',
	'tiff',
	'bmp',
	'ico',
	'svg',
	'pdf',
	'eps',
	'psd',
	'jp2',
	'jxl',
	'heic',
	'heif',
	'wdp',
	'jxr',
	'hdp',
	'tga',
	'ai',
	'arw',
	'cr2',
	'cr3',
	'nef',
	'dng',
	'djvu',
	'ps',
	'ept',
	'eps3',
	'fxb',
	'flif',
	'glb',
	'gltf',
	'usdz',
	'indd',
	'idml',
	'jpc',
	'avifs',
]);
const VIDEO_FORMATS = new Set([
	'mp4',
	'webm',
	'mov',
	'ogv',
	'm3u8',
	'mpd',
	'flv',
	'mkv',
	'avi',
	'3gp',
	'3g2',
	'wmv',
	'm2ts',
	'mts',
	'ts',
	'mpeg',
	'mpg',
	'm4v',
]);
const AUDIO_FORMATS = new Set([
	'mp3',
	'wav',
	'aac',
	'm4a',
	'ogg',
	'oga',
	'flac',
	'aiff',
	'aif',
	'amr',
	'opus',
	'wma',
	'weba',
]);
/** What sharp can write here (sharp 0.34.5 prebuilt: no HEVC, JPEG 2000, JPEG XL, PDF or SVG output). */
const OUTPUT_FORMATS = new Set(['jpg', 'png', 'webp', 'gif', 'avif', 'tiff']);

const CONTENT_TYPES = {
	jpg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	gif: 'image/gif',
	avif: 'image/avif',
	tiff: 'image/tiff',
	bmp: 'image/bmp',
	ico: 'image/x-icon',
	svg: 'image/svg+xml',
	pdf: 'application/pdf',
	eps: 'application/postscript',
	psd: 'image/vnd.adobe.photoshop',
	jp2: 'image/jp2',
	jxl: 'image/jxl',
	heic: 'image/heic',
	heif: 'image/heif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
	ogv: 'video/ogg',
	mkv: 'video/x-matroska',
	avi: 'video/x-msvideo',
	m3u8: 'application/x-mpegURL',
	mpd: 'application/dash+xml',
	flv: 'video/x-flv',
	m4v: 'video/mp4',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	aac: 'audio/aac',
	m4a: 'audio/mp4',
	ogg: 'audio/ogg',
	oga: 'audio/ogg',
	flac: 'audio/flac',
	aiff: 'audio/aiff',
	opus: 'audio/opus',
	weba: 'audio/webm',
	json: 'application/json',
	txt: 'text/plain',
	csv: 'text/csv',
	xml: 'application/xml',
	zip: 'application/zip',
	html: 'text/html',
	css: 'text/css',
	js: 'application/javascript',
	epub: 'application/epub+zip',
	icc: 'application/vnd.iccprofile',
};

/** Cloudinary's spelling of a format or extension (jpg not jpeg, tiff not tif). */
function normaliseFormat(ext) {
	if (ext === undefined || ext === null || ext === '') return undefined;
	const e = String(ext).toLowerCase();
	if (e === 'jpeg' || e === 'jpe') return 'jpg';
	if (e === 'tif') return 'tiff';
	return e;
}

function contentTypeFor(format, resourceType) {
	const f = normaliseFormat(format);
	if (f && CONTENT_TYPES[f]) return CONTENT_TYPES[f];
	if (resourceType === 'image' && f) return `image/${f}`;
	if (resourceType === 'video' && f) return `video/${f}`;
	return 'application/octet-stream';
}

/** True when `ext` is a delivery format Cloudinary understands for this resource type. */
function isKnownDeliveryFormat(ext, resourceType = 'image') {
	const f = normaliseFormat(ext);
	if (!f) return false;
	if (resourceType === 'image') return IMAGE_FORMATS.has(f);
	if (resourceType === 'video')
		return VIDEO_FORMATS.has(f) || AUDIO_FORMATS.has(f) || IMAGE_FORMATS.has(f);
	return false;
}

// ---------------------------------------------------------------------------------------------
// Seed media

const seedCache = new Map(); // key → Promise<Buffer>
let seedCacheBytes = 0;
const SEED_CACHE_LIMIT = 512 * 1024 * 1024;
/** Bump when the cover renderer changes, so disk-cached seeds are re-rendered. */
const RENDER_VERSION = 1;

/**
 * Rendered seeds are also kept on disk (keyed by spec, renderer and sharp version), so that every
 * jest worker and every `npm run sandbox` after the first reads them instead of rendering (~0.1 s
 * per 1800×2700 cover). SANDBOX_MEDIA_CACHE=0 disables it; SANDBOX_MEDIA_CACHE_DIR moves it.
 */
function diskCacheDir() {
	if (process.env.SANDBOX_MEDIA_CACHE === '0') return undefined;
	return (
		process.env.SANDBOX_MEDIA_CACHE_DIR ||
		path.join(os.tmpdir(), 'n8n-consonance-cloudinary-sandbox-media')
	);
}

async function viaDiskCache(key, ext, render) {
	const dir = diskCacheDir();
	if (!dir) return render();
	const fonts = await fontsAvailable();
	const name = crypto
		.createHash('sha1')
		.update(
			`${RENDER_VERSION}|${sharp.versions.sharp}|${sharp.versions.vips}|fonts:${fonts}|${key}`,
		)
		.digest('hex');
	const file = path.join(dir, `${name}.${ext}`);
	try {
		return await fs.promises.readFile(file);
	} catch {
		// not cached yet
	}
	const buf = await render();
	try {
		await fs.promises.mkdir(dir, { recursive: true });
		const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
		await fs.promises.writeFile(tmp, buf);
		await fs.promises.rename(tmp, file); // atomic: parallel workers never see half a file
	} catch {
		// a read-only or full temp dir only costs speed
	}
	return buf;
}

let fontProbe;
/** Whether librsvg can draw text with the fonts on this machine (probed once per process). */
function fontsAvailable() {
	if (!fontProbe) {
		const svg =
			'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#000"/>' +
			('<text x="8" y="46" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" ' +
				'font-size="40" fill="#fff">Ag</text></svg>');
		fontProbe = sharp(Buffer.from(svg))
			.stats()
			.then((s) => s.channels[0].max > 0)
			.catch(() => false);
	}
	return fontProbe;
}

function xmlEscape(s) {
	return String(s ?? '').replace(
		/[<>&"']/g,
		(c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c],
	);
}

function hexToRgb(hex) {
	const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex ?? '').trim());
	if (!m) return { r: 40, g: 40, b: 60 };
	let h = m[1];
	if (h.length === 3)
		h = h
			.split('')
			.map((c) => c + c)
			.join('');
	return {
		r: parseInt(h.slice(0, 2), 16),
		g: parseInt(h.slice(2, 4), 16),
		b: parseInt(h.slice(4, 6), 16),
	};
}

function shade(hex, factor) {
	const { r, g, b } = hexToRgb(hex);
	const f = (v) =>
		Math.max(0, Math.min(255, Math.round(factor < 0 ? v * (1 + factor) : v + (255 - v) * factor)));
	return `#${[f(r), f(g), f(b)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Greedy word wrap by an estimated glyph width. */
function wrap(text, maxChars, maxLines) {
	const words = String(text ?? '')
		.split(/\s+/)
		.filter(Boolean);
	const lines = [];
	let cur = '';
	for (const w of words) {
		if (!cur) cur = w;
		else if ((cur + ' ' + w).length <= maxChars) cur += ' ' + w;
		else {
			lines.push(cur);
			cur = w;
		}
	}
	if (cur) lines.push(cur);
	if (lines.length > maxLines) {
		const kept = lines.slice(0, maxLines);
		kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
		return kept;
	}
	return lines;
}

/** A book-cover-looking SVG: gradient ground, a sun, bands, a frame, title and author. */
function coverSvg({ width, height, palette, label, sublabel }, withText) {
	const w = width;
	const h = height;
	const m = Math.min(w, h);
	const bg = (palette && palette[0]) || '#1d3557';
	const fg = (palette && palette[1]) || '#f1faee';
	const dark = shade(bg, -0.45);
	const parts = [];
	parts.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
	);
	parts.push(
		`<defs><linearGradient id="g" x1="0" y1="0" x2="0.35" y2="1"><stop offset="0" ` +
			`stop-color="${bg}"/><stop offset="1" stop-color="${dark}"/></linearGradient>` +
			(`<radialGradient id="s" cx="0.5" cy="0.5" r="0.5"><stop offset="0" ` +
				`stop-color="${shade(fg, 0.25)}"/><stop offset="1" ` +
				`stop-color="${fg}"/></radialGradient></defs>`),
	);
	parts.push(`<rect width="${w}" height="${h}" fill="url(#g)"/>`);
	// A sun over a horizon of bands, and a diagonal sash.
	const cx = w * 0.5;
	const cy = h * (w < h ? 0.56 : 0.5);
	parts.push(
		`<circle cx="${cx}" cy="${cy}" r="${(m * 0.2).toFixed(1)}" fill="url(#s)" opacity="0.9"/>`,
	);
	for (let i = 0; i < 4; i++) {
		const y = cy + m * (0.06 + i * 0.055);
		parts.push(
			`<rect x="0" y="${y.toFixed(1)}" width="${w}" ` +
				`height="${(m * (0.022 - i * 0.004)).toFixed(1)}" fill="${fg}" ` +
				`opacity="${(0.55 - i * 0.1).toFixed(2)}"/>`,
		);
	}
	parts.push(
		`<polygon points="0,${(h * 0.86).toFixed(1)} ${w},${(h * 0.7).toFixed(1)} ` +
			`${w},${(h * 0.74).toFixed(1)} 0,${(h * 0.9).toFixed(1)}" fill="${shade(bg, 0.25)}" ` +
			`opacity="0.6"/>`,
	);
	const inset = m * 0.03;
	parts.push(
		`<rect x="${inset.toFixed(1)}" y="${inset.toFixed(1)}" ` +
			`width="${(w - 2 * inset).toFixed(1)}" height="${(h - 2 * inset).toFixed(1)}" ` +
			`fill="none" stroke="${fg}" stroke-width="${(m * 0.006).toFixed(1)}" opacity="0.8"/>`,
	);
	if (withText) {
		let size = m * (w > h * 1.3 ? 0.11 : 0.095);
		let lines = wrap(label, Math.max(6, Math.floor((w * 0.84) / (size * 0.56))), 3);
		if (lines.length === 3) {
			size *= 0.85;
			lines = wrap(label, Math.max(6, Math.floor((w * 0.84) / (size * 0.56))), 3);
		}
		const top = h * (w > h * 1.3 ? 0.2 : 0.1) + size;
		lines.forEach((line, i) => {
			parts.push(
				`<text x="${cx}" y="${(top + i * size * 1.15).toFixed(1)}" font-family="DejaVu Serif, ` +
					`Liberation Serif, Georgia, serif" font-weight="bold" font-size="${size.toFixed(1)}" ` +
					`fill="${fg}" text-anchor="middle">${xmlEscape(line)}</text>`,
			);
		});
		if (sublabel) {
			const s2 = m * 0.045;
			parts.push(
				`<text x="${cx}" y="${(h - inset - s2 * 1.2).toFixed(1)}" font-family="DejaVu Sans, ` +
					`Liberation Sans, Arial, sans-serif" font-size="${s2.toFixed(1)}" ` +
					`letter-spacing="${(s2 * 0.12).toFixed(1)}" fill="${fg}" ` +
					`text-anchor="middle">${xmlEscape(String(sublabel).toUpperCase())}</text>`,
			);
		}
	}
	parts.push('</svg>');
	return parts.join('');
}

/** 16-bit PCM mono WAV: a gentle 440 Hz tone with a soft overtone and 50 ms fades. */
function renderWav({ seconds = 3, sampleRate = 44100, frequency = 440 } = {}) {
	const sr = Math.max(1000, Math.round(sampleRate));
	const n = Math.max(1, Math.round(Number(seconds) * sr));
	const dataSize = n * 2;
	const buf = Buffer.alloc(44 + dataSize);
	buf.write('RIFF', 0, 'ascii');
	buf.writeUInt32LE(36 + dataSize, 4);
	buf.write('WAVE', 8, 'ascii');
	buf.write('fmt ', 12, 'ascii');
	buf.writeUInt32LE(16, 16);
	buf.writeUInt16LE(1, 20); // PCM
	buf.writeUInt16LE(1, 22); // mono
	buf.writeUInt32LE(sr, 24);
	buf.writeUInt32LE(sr * 2, 28);
	buf.writeUInt16LE(2, 32);
	buf.writeUInt16LE(16, 34);
	buf.write('data', 36, 'ascii');
	buf.writeUInt32LE(dataSize, 40);
	const fade = Math.max(1, Math.round(0.05 * sr));
	for (let i = 0; i < n; i++) {
		const t = i / sr;
		const env = Math.min(1, i / fade, (n - 1 - i) / fade);
		const v =
			(Math.sin(2 * Math.PI * frequency * t) + 0.3 * Math.sin(4 * Math.PI * frequency * t)) / 1.3;
		buf.writeInt16LE(Math.round(v * env * 0.25 * 32767), 44 + i * 2);
	}
	return buf;
}

async function renderImage(spec, format) {
	const width = Math.round(Number(spec.width));
	const height = Math.round(Number(spec.height));
	if (!(width > 0 && height > 0))
		throw new Error(`renderSeedAsset: bad size ${spec.width}x${spec.height}`);
	const fmt = normaliseFormat(format) || 'jpg';
	const withText = spec.label || spec.sublabel ? await fontsAvailable() : false;
	// librsvg renders `width="W"` at 72 dpi as exactly W×H pixels (a resize "guard" would double the cost).
	let img = sharp(Buffer.from(coverSvg({ ...spec, width, height }, withText)), {
		density: 72,
	}).removeAlpha();
	const density = Number(spec.density) > 0 ? Number(spec.density) : 72;
	const cmyk = spec.colorSpace === 'cmyk';
	if (cmyk && fmt !== 'jpg' && fmt !== 'tiff')
		throw new Error(`renderSeedAsset: CMYK needs jpg or tiff, not ${fmt}`);
	// sharp writes 72 dpi by default; the profile/density pass (an ICC transform) only when needed.
	if (cmyk || density !== 72)
		img = withDensityAndProfile(img, { density, cmyk, stripProfile: !cmyk });
	switch (fmt) {
		case 'jpg':
			return img.jpeg({ quality: 90 }).toBuffer();
		case 'png':
			return img.png({ compressionLevel: 6 }).toBuffer();
		case 'webp':
			return img.webp({ quality: 90 }).toBuffer();
		case 'tiff':
			return img.tiff({ compression: 'lzw' }).toBuffer();
		case 'gif':
			return img.gif().toBuffer();
		case 'avif':
			return img.avif({ quality: 60, effort: 2 }).toBuffer();
		default:
			throw new Error(`renderSeedAsset: cannot render format ${format}`);
	}
}

/**
 * Real bytes for a seed asset spec (sandbox/seed/catalogue.js): a cover-like image at exactly
 * `image.width`×`image.height` in `format` (a real CMYK JPEG with an embedded CMYK profile when
 * `colorSpace:'cmyk'`), density 72 unless `image.density`; or, for `audio`, a PCM WAV.
 * Deterministic (same spec → same bytes) and memoised per process, so re-seeding is free.
 */
function renderSeedAsset(asset) {
	if (!asset || (!asset.image && !asset.audio))
		return Promise.reject(new Error('renderSeedAsset: asset has neither image nor audio'));
	const key = JSON.stringify(
		asset.audio ? ['audio', asset.audio] : ['image', asset.image, normaliseFormat(asset.format)],
	);
	let p = seedCache.get(key);
	if (!p) {
		p = asset.audio
			? Promise.resolve(renderWav(asset.audio))
			: viaDiskCache(key, normaliseFormat(asset.format) || 'jpg', () =>
					renderImage(asset.image, asset.format),
				);
		seedCache.set(key, p);
		p.then(
			(buf) => {
				seedCacheBytes += buf.length;
				while (seedCacheBytes > SEED_CACHE_LIMIT && seedCache.size > 1) {
					const [oldKey, oldP] = seedCache.entries().next().value;
					seedCache.delete(oldKey);
					oldP.then(
						(b) => {
							seedCacheBytes -= b.length;
						},
						() => {},
					);
				}
			},
			() => seedCache.delete(key),
		);
	}
	return p;
}

// ---------------------------------------------------------------------------------------------
// Analysis

const md5 = (buf) => crypto.createHash('md5').update(buf).digest('hex');

function mapSpace(space) {
	if (!space) return undefined;
	if (space === 'srgb' || space === 'rgb' || space === 'rgb16' || space === 'scrgb') return 'srgb';
	if (space === 'cmyk') return 'cmyk';
	if (space === 'b-w' || space === 'grey16') return 'gray';
	return space;
}

function parseWav(buf) {
	let off = 12;
	let fmt;
	let dataSize;
	while (off + 8 <= buf.length) {
		const id = buf.toString('ascii', off, off + 4);
		const size = buf.readUInt32LE(off + 4);
		const body = off + 8;
		if (id === 'fmt ' && body + 16 <= buf.length) {
			fmt = {
				audioFormat: buf.readUInt16LE(body),
				channels: buf.readUInt16LE(body + 2),
				sampleRate: buf.readUInt32LE(body + 4),
				byteRate: buf.readUInt32LE(body + 8),
				bitsPerSample: buf.readUInt16LE(body + 14),
			};
		} else if (id === 'data') {
			dataSize = Math.min(size, buf.length - body);
			break;
		}
		off = body + size + (size % 2);
	}
	if (!fmt) return undefined;
	const duration = fmt.byteRate > 0 && dataSize !== undefined ? dataSize / fmt.byteRate : undefined;
	const codec =
		fmt.audioFormat === 1
			? `pcm_s${fmt.bitsPerSample}le`
			: fmt.audioFormat === 3
				? 'pcm_f32le'
				: `wav_${fmt.audioFormat}`;
	return {
		format: 'wav',
		duration: duration === undefined ? undefined : Math.round(duration * 1e6) / 1e6,
		bitRate: fmt.byteRate * 8,
		audio: {
			codec,
			bit_rate: String(fmt.byteRate * 8),
			frequency: fmt.sampleRate,
			channels: fmt.channels,
			channel_layout:
				fmt.channels === 1 ? 'mono' : fmt.channels === 2 ? 'stereo' : `${fmt.channels} channels`,
		},
	};
}

const MP3_BITRATES = {
	1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // MPEG-1 layer III
	2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // MPEG-2/2.5 layer III
};
const MP3_RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

function parseMp3(buf) {
	let off = 0;
	if (buf.toString('ascii', 0, 3) === 'ID3' && buf.length > 10) {
		const size =
			((buf[6] & 0x7f) << 21) | ((buf[7] & 0x7f) << 14) | ((buf[8] & 0x7f) << 7) | (buf[9] & 0x7f);
		off = 10 + size + (buf[5] & 0x10 ? 10 : 0);
	}
	for (let i = off; i < Math.min(buf.length - 4, off + 65536); i++) {
		if (buf[i] !== 0xff || (buf[i + 1] & 0xe0) !== 0xe0) continue;
		const versionBits = (buf[i + 1] >> 3) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
		const layerBits = (buf[i + 1] >> 1) & 3; // 1 = layer III
		const brIdx = buf[i + 2] >> 4;
		const srIdx = (buf[i + 2] >> 2) & 3;
		if (versionBits === 1 || layerBits !== 1 || brIdx === 0 || brIdx === 15 || srIdx === 3)
			continue;
		const bitrate = MP3_BITRATES[versionBits === 3 ? 1 : 2][brIdx] * 1000;
		const sampleRate = MP3_RATES[versionBits][srIdx];
		const channels = ((buf[i + 3] >> 6) & 3) === 3 ? 1 : 2;
		const samplesPerFrame = versionBits === 3 ? 1152 : 576;
		// Xing/Info header (VBR) gives the frame count.
		let duration;
		const sideInfo = versionBits === 3 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17;
		const x = i + 4 + sideInfo;
		const tag = buf.toString('ascii', x, x + 4);
		if ((tag === 'Xing' || tag === 'Info') && buf.length >= x + 12 && buf.readUInt32BE(x + 4) & 1) {
			duration = (buf.readUInt32BE(x + 8) * samplesPerFrame) / sampleRate;
		} else {
			// APPROXIMATION: constant bit rate assumed.
			duration = ((buf.length - i) * 8) / bitrate;
		}
		return {
			format: 'mp3',
			duration: Math.round(duration * 1e6) / 1e6,
			bitRate: bitrate,
			audio: {
				codec: 'mp3',
				bit_rate: String(bitrate),
				frequency: sampleRate,
				channels,
				channel_layout: channels === 1 ? 'mono' : 'stereo',
			},
		};
	}
	return undefined;
}

/** ISO BMFF (MP4/MOV/M4A): duration from mvhd, frame size from the first visual tkhd. */
function parseIsoBmff(buf) {
	const boxes = (start, end) => {
		const out = [];
		let off = start;
		while (off + 8 <= end) {
			let size = buf.readUInt32BE(off);
			const type = buf.toString('latin1', off + 4, off + 8);
			let header = 8;
			if (size === 1 && off + 16 <= end) {
				size = Number(buf.readBigUInt64BE(off + 8));
				header = 16;
			} else if (size === 0) size = end - off;
			if (size < header || off + size > end) {
				out.push({ type, start: off + header, end: end, truncated: true });
				break;
			}
			out.push({ type, start: off + header, end: off + size });
			off += size;
		}
		return out;
	};
	const top = boxes(0, buf.length);
	const ftyp = top.find((b) => b.type === 'ftyp');
	const brand = ftyp ? buf.toString('latin1', ftyp.start, ftyp.start + 4) : '';
	const moov = top.find((b) => b.type === 'moov');
	let duration;
	let width;
	let height;
	let hasVideo = false;
	if (moov) {
		for (const b of boxes(moov.start, moov.end)) {
			if (b.type === 'mvhd') {
				const v = buf[b.start];
				const timescale = v === 1 ? buf.readUInt32BE(b.start + 20) : buf.readUInt32BE(b.start + 12);
				const dur =
					v === 1 ? Number(buf.readBigUInt64BE(b.start + 24)) : buf.readUInt32BE(b.start + 16);
				if (timescale) duration = dur / timescale;
			} else if (b.type === 'trak') {
				const tkhd = boxes(b.start, b.end).find((c) => c.type === 'tkhd');
				if (tkhd) {
					const v = buf[tkhd.start];
					const wOff = tkhd.start + (v === 1 ? 88 : 76);
					if (wOff + 8 <= tkhd.end) {
						const tw = buf.readUInt32BE(wOff) / 65536;
						const th = buf.readUInt32BE(wOff + 4) / 65536;
						if (tw > 0 && th > 0 && !hasVideo) {
							hasVideo = true;
							width = Math.round(tw);
							height = Math.round(th);
						}
					}
				}
			}
		}
	}
	const format = brand === 'qt  ' ? 'mov' : brand.startsWith('M4A') ? 'm4a' : 'mp4';
	return {
		format,
		duration: duration === undefined ? undefined : Math.round(duration * 1e6) / 1e6,
		width,
		height,
		isAudio: !hasVideo,
	};
}

function parsePdf(buf) {
	const text = buf.toString('latin1');
	const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length || 1;
	const mb = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/.exec(text);
	const width = mb ? Math.round(Number(mb[3]) - Number(mb[1])) : undefined;
	const height = mb ? Math.round(Number(mb[4]) - Number(mb[2])) : undefined;
	return { format: 'pdf', pages, width, height };
}

/**
 * What Cloudinary would report about these bytes.
 * `resourceType` is the upload's resource type ('image' | 'video' | 'raw' | 'auto'); 'raw' forces
 * raw. Otherwise the result's `resourceType` is what the bytes are — if it differs from a requested
 * 'image'/'video', the caller decides (Cloudinary answers 400 "Invalid image file").
 * @returns {Promise<{resourceType, format, width, height, bytes, colorSpace, density, pages, duration, etag,
 * hasAlpha, isAudio?, audio?, bitRate?}>}
 */
async function analyseMedia(buffer, { filename, resourceType } = {}) {
	if (!Buffer.isBuffer(buffer)) buffer = Buffer.from(buffer ?? []);
	const base = { bytes: buffer.length, etag: md5(buffer) };
	const raw = () => ({
		resourceType: 'raw',
		format: undefined,
		width: undefined,
		height: undefined,
		colorSpace: undefined,
		density: undefined,
		pages: undefined,
		duration: undefined,
		hasAlpha: undefined,
		...base,
	});
	if (resourceType === 'raw' || buffer.length < 4) return raw();
	const ascii = (a, b) => buffer.toString('latin1', a, b);
	const media = (info) => ({
		resourceType: 'video',
		width: undefined,
		height: undefined,
		colorSpace: undefined,
		density: undefined,
		pages: undefined,
		hasAlpha: undefined,
		...info,
		...base,
	});

	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') {
		const w = parseWav(buffer);
		if (w) return media({ ...w, isAudio: true });
	}
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ')
		return media({ format: 'avi', duration: undefined });
	if (ascii(4, 8) === 'ftyp') {
		const brand = ascii(8, 12);
		if (!/^(avif|avis|heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) {
			const m = parseIsoBmff(buffer);
			return media({ ...m, ...(m.isAudio ? { audio: { codec: 'aac' } } : {}) });
		}
	}
	if (buffer[0] === 0x1a && buffer[1] === 0x45 && buffer[2] === 0xdf && buffer[3] === 0xa3) {
		const head = ascii(0, Math.min(buffer.length, 64));
		return media({ format: head.includes('webm') ? 'webm' : 'mkv', duration: undefined });
	}
	if (ascii(0, 4) === 'OggS') return media({ format: 'ogg', duration: undefined, isAudio: true });
	if (ascii(0, 4) === 'fLaC') return media({ format: 'flac', duration: undefined, isAudio: true });
	if (ascii(0, 3) === 'ID3' || (buffer[0] === 0xff && (buffer[1] & 0xe6) === 0xe2)) {
		const m = parseMp3(buffer);
		if (m) return media({ ...m, isAudio: true });
	}
	if (ascii(0, 5) === '%PDF-') {
		const p = parsePdf(buffer);
		return {
			resourceType: 'image',
			colorSpace: undefined,
			density: 72,
			duration: undefined,
			hasAlpha: false,
			...p,
			...base,
		};
	}
	if (ascii(0, 2) === 'BM' && buffer.length > 26 && buffer.readUInt32LE(2) <= buffer.length + 16) {
		return {
			resourceType: 'image',
			format: 'bmp',
			width: buffer.readInt32LE(18),
			height: Math.abs(buffer.readInt32LE(22)),
			colorSpace: 'srgb',
			density: 72,
			pages: 1,
			duration: undefined,
			hasAlpha: false,
			...base,
		};
	}
	try {
		const m = await sharp(buffer, { limitInputPixels: false }).metadata();
		if (m && m.format && m.width) {
			let format = m.format === 'jpeg' ? 'jpg' : m.format;
			if (m.format === 'heif') format = m.compression === 'av1' ? 'avif' : 'heic';
			const oriented = m.autoOrient || { width: m.width, height: m.height };
			return {
				resourceType: 'image',
				format,
				width: oriented.width,
				height: m.pageHeight && m.pages > 1 ? m.pageHeight : oriented.height,
				colorSpace: mapSpace(m.space),
				density: m.density || 72,
				pages: m.pages || 1,
				duration: undefined,
				hasAlpha: !!m.hasAlpha,
				...base,
			};
		}
	} catch {
		// not an image sharp can read
	}
	void filename; // the bytes decide; a filename extension is never trusted for the type
	return raw();
}

// ---------------------------------------------------------------------------------------------
// Transformation parsing

const KNOWN_KEYS = new Set([
	'a',
	'ac',
	'af',
	'ar',
	'b',
	'bl',
	'bo',
	'br',
	'c',
	'co',
	'cs',
	'd',
	'dl',
	'dn',
	'dpr',
	'dr',
	'du',
	'e',
	'eo',
	'f',
	'fl',
	'fn',
	'fps',
	'g',
	'h',
	'if',
	'ki',
	'l',
	'o',
	'p',
	'pg',
	'q',
	'r',
	'so',
	'sp',
	't',
	'u',
	'vc',
	'vs',
	'w',
	'x',
	'y',
	'z',
]);
/** Valid Cloudinary keys this sandbox cannot emulate: an explicit 400 beats a silently wrong image. */
const UNSUPPORTED_KEYS = new Set(['if', 'fn', 'bl']);
/** Video/audio-only keys: recorded and ignored on images (as Cloudinary does for stills). */
const VIDEO_KEYS = new Set([
	'ac',
	'af',
	'br',
	'dl',
	'dr',
	'du',
	'eo',
	'fps',
	'ki',
	'so',
	'sp',
	'vc',
	'vs',
]);

const CROP_MODES = new Set([
	'scale',
	'fit',
	'limit',
	'mfit',
	'fill',
	'lfill',
	'pad',
	'lpad',
	'mpad',
	'fill_pad',
	'crop',
	'thumb',
	'auto',
	'auto_pad',
	'imagga_crop',
	'imagga_scale',
]);
const FLAGS = new Set([
	'alternate',
	'animated',
	'any_format',
	'apng',
	'attachment',
	'awebp',
	'c2pa',
	'clip',
	'clip_evenodd',
	'cutter',
	'draco',
	'force_icc',
	'force_strip',
	'getinfo',
	'group4',
	'hlsv3',
	'ignore_aspect_ratio',
	'ignore_mask_channels',
	'immutable_cache',
	'keep_attribution',
	'keep_dar',
	'keep_iptc',
	'layer_apply',
	'lossy',
	'mono',
	'no_overflow',
	'no_stream',
	'original',
	'png8',
	'png24',
	'png32',
	'preserve_transparency',
	'progressive',
	'rasterize',
	'region_relative',
	'relative',
	'replace_image',
	'sanitize',
	'splice',
	'streaming_attachment',
	'strip_profile',
	'text_disallow_overflow',
	'text_no_trim',
	'tiff8_lzw',
	'tiled',
	'truncate_ts',
	'waveform',
	'export',
]);
const COMPASS = {
	center: { x: 0, y: 0, sharp: 'centre' },
	centre: { x: 0, y: 0, sharp: 'centre' },
	north: { x: 0, y: -1, sharp: 'north' },
	south: { x: 0, y: 1, sharp: 'south' },
	east: { x: 1, y: 0, sharp: 'east' },
	west: { x: -1, y: 0, sharp: 'west' },
	north_east: { x: 1, y: -1, sharp: 'northeast' },
	north_west: { x: -1, y: -1, sharp: 'northwest' },
	south_east: { x: 1, y: 1, sharp: 'southeast' },
	south_west: { x: -1, y: 1, sharp: 'southwest' },
};
const SPECIAL_GRAVITY = new RegExp(
	'^(auto(:.*)?|faces?(:(center|auto))?|adv_faces?|adv_eyes|custom(:.*)?|ocr_text|body(:face)?|' +
		'cld-decompose_tile|region_!.+!|clipping_path_!.+!)$',
);

function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * Splits a Cloudinary transformation chain into components of `{key, value, raw}` parameters.
 * Unknown keys throw `Invalid transformation parameter: <raw>`.
 */
function parseTransformation(str) {
	const text = String(str ?? '').trim();
	if (!text) return [];
	const comps = [];
	const rawComps = text.split('/').filter(Boolean);
	for (const [i, rawComp] of rawComps.entries()) {
		// Eager/named definitions may end with the extension as its own component (`c_pad,w_300/jpg`).
		if (
			i === rawComps.length - 1 &&
			i > 0 &&
			/^[a-z0-9]+$/.test(rawComp) &&
			(IMAGE_FORMATS.has(normaliseFormat(rawComp)) ||
				VIDEO_FORMATS.has(rawComp) ||
				AUDIO_FORMATS.has(rawComp))
		) {
			comps.push({
				raw: rawComp,
				params: [{ key: 'f', value: normaliseFormat(rawComp), raw: `f_${rawComp}` }],
			});
			continue;
		}
		const params = [];
		for (const rawPart of rawComp.split(',')) {
			if (!rawPart) continue;
			if (rawPart.startsWith('$'))
				throw new MediaError(
					`Unsupported transformation parameter in the sandbox: ${rawPart} (user-defined variables)`,
				);
			const m = /^([a-z]+)_([\s\S]*)$/.exec(rawPart);
			if (!m || !KNOWN_KEYS.has(m[1])) throw invalidParam(rawPart);
			if (m[2] === '') throw invalidParam(rawPart);
			params.push({ key: m[1], value: safeDecode(m[2]), raw: rawPart });
		}
		if (params.length) comps.push({ raw: rawComp, params });
	}
	return comps;
}

/** Replaces `t_<name>[.<name>...]` by the named transformations' components. */
async function expandNamed(components, resolver, depth = 0) {
	if (depth > 8) throw new MediaError('Named transformations nested too deeply');
	const out = [];
	for (const comp of components) {
		const t = comp.params.filter((p) => p.key === 't');
		if (!t.length) {
			out.push(comp);
			continue;
		}
		for (const p of t) {
			for (const name of p.value.split('.')) {
				let def = typeof resolver === 'function' ? await resolver(name) : undefined;
				if (def && typeof def === 'object')
					def = def.transformation ?? def.info ?? def.raw_transformation;
				if (typeof def !== 'string' || !def)
					throw new MediaError(`Named transformation not found - ${name}`);
				out.push(...(await expandNamed(parseTransformation(def), resolver, depth + 1)));
			}
		}
		const rest = comp.params.filter((p) => p.key !== 't');
		if (rest.length) out.push({ raw: rest.map((p) => p.raw).join(','), params: rest });
	}
	return out;
}

const hasFlag = (comp, flag) =>
	comp.params.some(
		(p) => p.key === 'fl' && p.value.split('.').some((f) => f.split(':')[0] === flag),
	);
const isLayerStart = (comp) => comp.params.some((p) => p.key === 'l' || p.key === 'u');

/**
 * Groups a flat component list into base components and layer blocks (`l_`/`u_` … `fl_layer_apply`).
 * Layer internals never touch the base image.
 */
function groupLayers(components) {
	const out = [];
	for (let i = 0; i < components.length; i++) {
		const comp = components[i];
		if (!isLayerStart(comp)) {
			out.push({ kind: 'base', comp });
			continue;
		}
		let depth = 0;
		let end = -1;
		for (let j = i; j < components.length; j++) {
			if (isLayerStart(components[j])) depth++;
			if (hasFlag(components[j], 'layer_apply')) {
				depth--;
				if (depth === 0) {
					end = j;
					break;
				}
			}
		}
		if (end === -1) {
			out.push({ kind: 'layer', comps: [comp] });
		} else {
			out.push({ kind: 'layer', comps: components.slice(i, end + 1) });
			i = end;
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Value parsing

function parseNumber(v, raw) {
	if (!/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(v)) throw invalidParam(raw);
	return Number(v);
}

/** w_/h_/x_/y_ values: integer pixels; a decimal is relative to `ref` (w_0.5, w_1.0). */
function parseDimension(v, raw, ref, initial) {
	if (v === 'iw' || v === 'ih') return { px: initial };
	if (v === 'auto' || v.startsWith('auto:')) return undefined; // APPROXIMATION: w_auto needs client hints; ignored.
	if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw invalidParam(raw);
	if (v.includes('.')) return { px: Number(v) * ref, relative: true };
	return { px: Number(v) };
}

function parseSignedDimension(v, raw, ref) {
	if (!/^-?\d+(\.\d+)?$|^-?\.\d+$/.test(v)) throw invalidParam(raw);
	return v.includes('.') ? Number(v) * ref : Number(v);
}

function parseAspectRatio(v, raw) {
	let m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(v);
	if (m) {
		const r = Number(m[1]) / Number(m[2]);
		if (r > 0 && Number.isFinite(r)) return r;
	}
	m = /^\d+(\.\d+)?$|^\.\d+$/.exec(v);
	if (m && Number(v) > 0) return Number(v);
	throw invalidParam(raw);
}

const NAMED_TRANSPARENT = new Set(['transparent', 'none']);

/** b_/co_/bo_ colours: rgb:RGB[A]|RRGGBB[AA], a CSS colour name, transparent/none. */
function parseColour(v, raw) {
	const lc = v.toLowerCase();
	if (NAMED_TRANSPARENT.has(lc)) return { r: 0, g: 0, b: 0, alpha: 0 };
	let hex;
	const m = /^(?:rgb:|#)?([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(v);
	if (m && (lc.startsWith('rgb:') || lc.startsWith('#'))) hex = m[1];
	if (hex) {
		if (hex.length <= 4)
			hex = hex
				.split('')
				.map((c) => c + c)
				.join('');
		return {
			r: parseInt(hex.slice(0, 2), 16),
			g: parseInt(hex.slice(2, 4), 16),
			b: parseInt(hex.slice(4, 6), 16),
			alpha: hex.length === 8 ? Math.round((parseInt(hex.slice(6, 8), 16) / 255) * 1000) / 1000 : 1,
		};
	}
	if (/^[a-z]+$/.test(lc)) {
		try {
			// sharp (color-string) knows the CSS names
			sharp({ create: { width: 1, height: 1, channels: 3, background: lc } });
		} catch {
			throw invalidParam(raw);
		}
		return lc;
	}
	throw invalidParam(raw);
}

function qualityFor(v, raw) {
	const [main, sub] = v.split(':');
	if (main === 'auto') {
		// APPROXIMATION: q_auto is content-aware at Cloudinary; fixed levels here.
		const level = { best: 90, good: 80, eco: 70, low: 60 }[sub ?? 'good'];
		if (!level && sub !== undefined && sub !== 'good') throw invalidParam(raw);
		return { quality: level ?? 80, auto: true };
	}
	if (main === 'jpegmini') return { quality: 80, auto: true };
	if (!/^\d+$/.test(main) || Number(main) < 1 || Number(main) > 100) throw invalidParam(raw);
	const chroma = sub === '444' ? '4:4:4' : sub === '420' ? '4:2:0' : undefined;
	if (sub !== undefined && !chroma && !/^qmax_\d+$/.test(sub)) throw invalidParam(raw);
	return { quality: Number(main), auto: false, chroma };
}

// ---------------------------------------------------------------------------------------------
// Pixel pipeline. A state is either the original encoded buffer, a raw sRGB pixel buffer, or a
// lazy sharp pipeline (so decode+resize+encode of the common one-step chain is a single pass).

function openState(state) {
	if (state.raw) return sharp(state.raw.data, { raw: state.raw.info, limitInputPixels: false });
	if (state.lazy) throw new Error('internal: lazy state must be materialised first');
	const s = sharp(state.encoded, { limitInputPixels: false, failOn: 'none' });
	return state.autoOrient ? s.rotate() : s;
}

async function materialise(state) {
	if (state.raw) return state;
	const pipeline = state.lazy ? state.lazy() : openState(state);
	const { data, info } = await pipeline
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	return {
		...state,
		lazy: undefined,
		encoded: undefined,
		raw: { data, info: { width: info.width, height: info.height, channels: info.channels } },
		width: info.width,
		height: info.height,
		hasAlpha: info.channels === 4,
	};
}

/** A lazy step: `build(sharpInstance)` applied on top of the current state. */
async function step(state, width, height, build, { hasAlpha } = {}) {
	const src = state.lazy ? await materialise(state) : state;
	return {
		...src,
		raw: undefined,
		encoded: undefined,
		lazy: () => build(openState(src)),
		width: Math.max(1, Math.round(width)),
		height: Math.max(1, Math.round(height)),
		hasAlpha: hasAlpha ?? src.hasAlpha,
	};
}

async function runLazy(state) {
	return state.lazy ? materialise(state) : state;
}

function gravityOf(g, raw, ctx) {
	if (g === undefined) return { kind: 'compass', ...COMPASS.center, implicit: true };
	if (COMPASS[g]) return { kind: 'compass', ...COMPASS[g] };
	if (g === 'xy_center') return { kind: 'xy' };
	if (g === 'liquid') {
		ctx.notes.push('g_liquid treated as plain scaling');
		return { kind: 'compass', ...COMPASS.center };
	}
	if (SPECIAL_GRAVITY.test(g)) {
		// APPROXIMATION: g_auto (AI saliency), g_face(s) (face detection), custom/ocr/… all map to
		// sharp's attention strategy (luminance frequency, saturation, skin tones); g_auto:classic → entropy.
		const strategy = g === 'auto:classic' ? 'entropy' : 'attention';
		ctx.notes.push(`g_${g} approximated by sharp ${strategy}`);
		return { kind: 'auto', strategy };
	}
	throw invalidParam(raw);
}

function sharpPosition(grav) {
	if (grav.kind === 'auto') return sharp.strategy[grav.strategy];
	return sharp.gravity[grav.sharp] ?? 'centre';
}

/** Top-left of a `w`×`h` window inside `W`×`H` for a compass gravity plus x/y offsets. */
function placeWindow(W, H, w, h, grav, x = 0, y = 0) {
	let left;
	let top;
	if (grav.kind === 'xy') {
		left = x - w / 2;
		top = y - h / 2;
	} else {
		const dx = grav.x ?? -1;
		const dy = grav.y ?? -1;
		left = dx < 0 ? x : dx === 0 ? (W - w) / 2 + x : W - w - x;
		top = dy < 0 ? y : dy === 0 ? (H - h) / 2 + y : H - h - y;
	}
	return {
		left: Math.max(0, Math.min(W - w, Math.round(left))),
		top: Math.max(0, Math.min(H - h, Math.round(top))),
	};
}

/** Where `strategy` would centre a window of this shape (original coordinates). */
async function focalPoint(state, w, h, strategy) {
	const src = await runLazy(state);
	const W = src.width;
	const H = src.height;
	const k = Math.min(1, 256 / Math.max(w, h));
	const bw = Math.max(1, Math.round(w * k));
	const bh = Math.max(1, Math.round(h * k));
	const { info } = await openState(src)
		.resize(bw, bh, { fit: 'cover', position: sharp.strategy[strategy] })
		.raw()
		.toBuffer({ resolveWithObject: true });
	if (strategy === 'attention' && (info.attentionX || info.attentionY))
		return { x: info.attentionX, y: info.attentionY, state: src };
	const s = Math.max(bw / W, bh / H);
	const winW = bw / s;
	const winH = bh / s;
	return {
		x: -(info.cropOffsetLeft || 0) / s + winW / 2,
		y: -(info.cropOffsetTop || 0) / s + winH / 2,
		state: src,
	};
}

async function autoBackground(state, mode, ctx) {
	const src = await runLazy(state);
	const size = 64;
	// nearest-neighbour samples true pixels (a smoothing kernel would blend a frame line into its neighbours)
	const { data, info } = await openState(src)
		.resize(size, size, { fit: 'fill', kernel: 'nearest' })
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	const border = mode === undefined || mode.startsWith('border');
	const counts = new Map();
	for (let yy = 0; yy < info.height; yy++) {
		for (let xx = 0; xx < info.width; xx++) {
			if (border && yy > 0 && yy < info.height - 1 && xx > 0 && xx < info.width - 1) continue;
			const i = (yy * info.width + xx) * info.channels;
			const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
			const c = counts.get(key) || { n: 0, r: 0, g: 0, b: 0 };
			c.n++;
			c.r += data[i];
			c.g += data[i + 1];
			c.b += data[i + 2];
			counts.set(key, c);
		}
	}
	let best;
	for (const c of counts.values()) if (!best || c.n > best.n) best = c;
	let col = {
		r: Math.round(best.r / best.n),
		g: Math.round(best.g / best.n),
		b: Math.round(best.b / best.n),
		alpha: 1,
	};
	if (mode && mode.includes('contrast'))
		col = { r: 255 - col.r, g: 255 - col.g, b: 255 - col.b, alpha: 1 };
	// APPROXIMATION: b_auto picks the predominant border (or whole-image) colour by histogram;
	// gradient modes and palettes fall back to that solid colour.
	ctx.notes.push(
		`b_auto${mode ? `:${mode}` : ''} approximated by a solid ` +
			`${mode && mode.startsWith('predominant') ? 'predominant' : 'border'} colour`,
	);
	return { colour: col, state: src };
}

async function backgroundOf(params, state, ctx, fallback) {
	const b = params.b;
	if (!b) return { colour: fallback, state };
	if (b.value === 'auto' || b.value.startsWith('auto:')) {
		const mode = b.value.split(':')[1];
		return autoBackground(state, mode, ctx);
	}
	if (b.value.startsWith('blurred') || b.value.startsWith('gen_fill')) {
		ctx.notes.push(`b_${b.value} approximated by white`);
		return { colour: { r: 255, g: 255, b: 255, alpha: 1 }, state };
	}
	return { colour: parseColour(b.value, b.raw), state };
}

/** The target box of a resize component (after dpr), per Cloudinary's w/h/ar rules. */
function targetBox(params, W, H, crop, ctx) {
	const dpr = ctx.dpr;
	let w = params.w ? parseDimension(params.w.value, params.w.raw, W, ctx.initial.width) : undefined;
	let h = params.h
		? parseDimension(params.h.value, params.h.raw, H, ctx.initial.height)
		: undefined;
	const ar = params.ar ? parseAspectRatio(params.ar.value, params.ar.raw) : undefined;
	// dpr multiplies absolute sizes (relative ones already follow the input). APPROXIMATION: not for c_crop windows.
	const scale = (d) => (d ? (d.relative || crop === 'crop' ? d.px : d.px * dpr) : undefined);
	let tw = scale(w);
	let th = scale(h);
	if (ar !== undefined) {
		if (tw !== undefined && th === undefined) th = tw / ar;
		else if (th !== undefined && tw === undefined) tw = th * ar;
		else if (tw === undefined && th === undefined) {
			const padLike = crop === 'pad' || crop === 'lpad' || crop === 'mpad';
			if (padLike ? W / H > ar : W / H < ar) {
				tw = W;
				th = W / ar;
			} else {
				th = H;
				tw = H * ar;
			}
		}
	}
	const round = (v) => (v === undefined ? undefined : Math.max(1, Math.round(v)));
	return { w: round(tw), h: round(th) };
}

async function resizeStep(state, crop, params, ctx) {
	const W = state.width;
	const H = state.height;
	const { w, h } = targetBox(params, W, H, crop, ctx);
	const g = params.g
		? gravityOf(params.g.value, params.g.raw, ctx)
		: gravityOf(undefined, undefined, ctx);
	const x = params.x ? parseSignedDimension(params.x.value, params.x.raw, W) : undefined;
	const y = params.y ? parseSignedDimension(params.y.value, params.y.raw, H) : undefined;
	const ignoreAr = ctx.flags.has('ignore_aspect_ratio');
	for (const k of ['w', 'h'])
		if (params[k] && params[k].value.startsWith('auto'))
			ctx.notes.push(`${params[k].raw} ignored (needs client hints)`);
	if (w === undefined && h === undefined) return state; // nothing to do (e.g. w_auto)

	// One dimension given: the other follows the aspect ratio (fl_ignore_aspect_ratio: keeps the original).
	const follow = () => ({
		w: w ?? (ignoreAr ? W : Math.max(1, Math.round((W * h) / H))),
		h: h ?? (ignoreAr ? H : Math.max(1, Math.round((H * w) / W))),
	});
	const scaleTo = (tw, th) =>
		tw === W && th === H ? state : step(state, tw, th, (s) => s.resize(tw, th, { fit: 'fill' }));
	const fitBox = (bw, bh) => {
		const s = Math.min(bw / W, bh / H);
		return { w: Math.max(1, Math.round(W * s)), h: Math.max(1, Math.round(H * s)), s };
	};

	switch (crop) {
		case 'scale': {
			const t = follow();
			return scaleTo(t.w, t.h);
		}
		case 'fit':
		case 'limit':
		case 'mfit': {
			if (w === undefined || h === undefined) {
				const t = follow();
				const s = t.w / W;
				if (crop === 'limit' && s >= 1) return state;
				if (crop === 'mfit' && s <= 1) return state;
				return scaleTo(t.w, t.h);
			}
			const f = fitBox(w, h);
			if (crop === 'limit' && f.s >= 1) return state; // limit never upscales
			if (crop === 'mfit' && f.s <= 1) return state; // mfit never downscales
			return scaleTo(f.w, f.h);
		}
		case 'fill':
		case 'lfill':
		case 'thumb':
		case 'auto':
		case 'fill_pad':
		case 'auto_pad': {
			if (crop === 'thumb' || crop === 'auto') ctx.notes.push(`c_${crop} approximated by c_fill`);
			if (w === undefined || h === undefined) {
				const t = follow();
				if (crop === 'lfill' && t.w >= W) return state;
				return scaleTo(t.w, t.h);
			}
			const s = Math.max(w / W, h / H);
			if (crop === 'fill_pad' || crop === 'auto_pad') {
				// APPROXIMATION: Cloudinary pads when g_auto judges a fill would lose content; here:
				// pad when the fill would cut away more than 20% of either dimension.
				const keepW = w / (W * s);
				const keepH = h / (H * s);
				ctx.notes.push(`c_${crop} approximated: fill unless it would crop more than 20%, else pad`);
				if (Math.min(keepW, keepH) < 0.8) return padStep(state, 'pad', w, h, params, ctx, g);
			}
			if (crop === 'lfill' && s > 1) {
				// Never upscale: cut what exceeds the request, keep the rest at its size.
				const cw = Math.min(w, W);
				const ch = Math.min(h, H);
				if (cw === W && ch === H) return state;
				return cropWindow(state, cw, ch, g, 0, 0);
			}
			if (g.kind === 'xy' && x !== undefined && y !== undefined) {
				const sw = Math.max(w, Math.round(W * s));
				const sh = Math.max(h, Math.round(H * s));
				const win = placeWindow(sw, sh, w, h, g, x * s, y * s);
				return step(state, w, h, (p) =>
					p
						.resize(sw, sh, { fit: 'fill' })
						.extract({ left: win.left, top: win.top, width: w, height: h }),
				);
			}
			return step(state, w, h, (p) => p.resize(w, h, { fit: 'cover', position: sharpPosition(g) }));
		}
		case 'pad':
		case 'lpad':
		case 'mpad': {
			if (w === undefined || h === undefined) {
				const t = follow();
				if (crop === 'mpad') return state;
				if (crop === 'lpad' && t.w >= W) return state;
				return scaleTo(t.w, t.h);
			}
			return padStep(state, crop, w, h, params, ctx, g);
		}
		case 'crop': {
			const cw = Math.min(W, w ?? W);
			const ch = Math.min(H, h ?? H);
			let grav = g;
			if (g.implicit && (x !== undefined || y !== undefined))
				grav = { kind: 'compass', x: -1, y: -1 };
			if (grav.kind === 'auto') {
				const fp = await focalPoint(state, cw, ch, grav.strategy);
				return cropWindow(fp.state, cw, ch, { kind: 'xy' }, fp.x, fp.y);
			}
			return cropWindow(state, cw, ch, grav, x ?? 0, y ?? 0);
		}
		case 'imagga_crop':
		case 'imagga_scale':
			throw new MediaError(
				`c_${crop} requires the Imagga add-on, which the sandbox does not emulate`,
			);
		default:
			throw invalidParam(params.c.raw);
	}
}

async function cropWindow(state, cw, ch, grav, x, y) {
	const src = await runLazy(state);
	const win = placeWindow(src.width, src.height, cw, ch, grav, x, y);
	return step(src, cw, ch, (p) =>
		p.extract({ left: win.left, top: win.top, width: cw, height: ch }),
	);
}

async function padStep(state, crop, w, h, params, ctx, g) {
	const W = state.width;
	const H = state.height;
	let s = Math.min(w / W, h / H);
	if (crop === 'lpad') s = Math.min(1, s);
	if (crop === 'mpad') s = 1;
	const iw = Math.max(1, Math.round(W * s));
	const ih = Math.max(1, Math.round(H * s));
	const cw = crop === 'mpad' ? Math.max(W, w) : w;
	const ch = crop === 'mpad' ? Math.max(H, h) : h;
	if (crop === 'mpad' && cw === W && ch === H) return state;
	// Default pad colour: white. APPROXIMATION: Cloudinary's default for transparent sources is not documented.
	const bg = await backgroundOf(params, state, ctx, { r: 255, g: 255, b: 255, alpha: 1 });
	const src = bg.state;
	const grav = g.kind === 'compass' ? g : COMPASS.center;
	const pos = placeWindow(cw, ch, iw, ih, grav, 0, 0);
	const colour = bg.colour;
	const needAlpha = typeof colour === 'object' && colour.alpha < 1;
	return step(
		src,
		cw,
		ch,
		(p) => {
			let q = iw === W && ih === H ? p : p.resize(iw, ih, { fit: 'fill' });
			if (needAlpha) q = q.ensureAlpha();
			return q.extend({
				top: pos.top,
				left: pos.left,
				bottom: ch - ih - pos.top,
				right: cw - iw - pos.left,
				background: colour,
			});
		},
		{ hasAlpha: src.hasAlpha || needAlpha },
	);
}

async function angleStep(state, param, ctx) {
	let cur = state;
	for (const part of param.value.split('.')) {
		if (part === 'hflip') cur = await step(cur, cur.width, cur.height, (p) => p.flop());
		else if (part === 'vflip') cur = await step(cur, cur.width, cur.height, (p) => p.flip());
		else if (part === 'ignore' || part === 'exif' || part === 'auto')
			continue; // handled at decode
		else if (part === 'auto_left' || part === 'auto_right') ctx.ignored.push(`a_${part}`);
		else {
			const deg = parseNumber(part, param.raw);
			const norm = ((deg % 360) + 360) % 360;
			if (norm === 0) continue;
			const src = await runLazy(cur);
			const turned = norm === 90 || norm === 270;
			if (norm % 90 === 0)
				cur = await step(
					src,
					turned ? src.height : src.width,
					turned ? src.width : src.height,
					(p) => p.rotate(norm),
				);
			else {
				const rad = (norm * Math.PI) / 180;
				const nw = Math.abs(src.width * Math.cos(rad)) + Math.abs(src.height * Math.sin(rad));
				const nh = Math.abs(src.width * Math.sin(rad)) + Math.abs(src.height * Math.cos(rad));
				cur = await materialise(
					await step(
						src,
						nw,
						nh,
						(p) => p.rotate(norm, { background: { r: 0, g: 0, b: 0, alpha: 0 } }),
						{ hasAlpha: true },
					),
				);
			}
		}
	}
	return cur;
}

const SEPIA = [
	[0.393, 0.769, 0.189],
	[0.349, 0.686, 0.168],
	[0.272, 0.534, 0.131],
];

async function effectStep(state, param, ctx) {
	const [name, ...args] = param.value.split(':');
	const n = (i, def) =>
		args[i] !== undefined && /^-?\d+(\.\d+)?$/.test(args[i]) ? Number(args[i]) : def;
	const same = (build) => step(state, state.width, state.height, build);
	switch (name) {
		case 'grayscale':
		case 'greyscale':
			return same((p) => p.grayscale());
		case 'blackwhite':
			return same((p) => p.threshold(Math.round(255 * (1 - n(0, 50) / 100))));
		case 'negate':
			return same((p) => p.negate({ alpha: false }));
		case 'blur':
			return same((p) => p.blur(Math.max(0.3, n(0, 100) / 20)));
		case 'sharpen':
			return same((p) => p.sharpen({ sigma: 0.5 + n(0, 100) / 100 }));
		case 'sepia': {
			const k = Math.min(100, Math.max(0, n(0, 80))) / 100;
			const m = SEPIA.map((row, i) => row.map((v, j) => v * k + (i === j ? 1 - k : 0)));
			return same((p) => p.recomb(m));
		}
		case 'brightness':
			return same((p) => p.modulate({ brightness: Math.max(0, 1 + n(0, 80) / 100) }));
		case 'saturation':
			return same((p) => p.modulate({ saturation: Math.max(0, 1 + n(0, 80) / 100) }));
		case 'trim': {
			const src = await runLazy(state);
			const { info } = await openState(src)
				.trim({ threshold: n(0, 10) })
				.raw()
				.toBuffer({ resolveWithObject: true });
			return step(src, info.width, info.height, (p) => p.trim({ threshold: n(0, 10) }));
		}
		default:
			// The brief: unknown/unsupported effects are accepted, not applied, and recorded.
			ctx.ignored.push(param.raw);
			return state;
	}
}

async function radiusStep(state, param, ctx) {
	const src = await runLazy(state);
	const { width: W, height: H } = src;
	const first = param.value.split(':')[0];
	let shape;
	if (first === 'max')
		shape = `<ellipse cx="${W / 2}" cy="${H / 2}" rx="${W / 2}" ry="${H / 2}" fill="#fff"/>`;
	else {
		const r = parseNumber(first, param.raw) * (ctx.dpr || 1);
		shape = `<rect x="0" y="0" width="${W}" height="${H}" rx="${r}" ry="${r}" fill="#fff"/>`;
	}
	const mask = Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${shape}</svg>`,
	);
	return materialise(
		await step(src, W, H, (p) => p.ensureAlpha().composite([{ input: mask, blend: 'dest-in' }]), {
			hasAlpha: true,
		}),
	);
}

async function borderStep(state, param, ctx) {
	const m = /^(\d+)(?:px)?_solid_(.+)$/.exec(param.value);
	if (!m) throw invalidParam(param.raw);
	const bw = Math.round(Number(m[1]) * (ctx.dpr || 1));
	const colour = parseColour(m[2], param.raw);
	const needAlpha = typeof colour === 'object' && colour.alpha < 1;
	return step(
		state,
		state.width + 2 * bw,
		state.height + 2 * bw,
		(p) =>
			(needAlpha ? p.ensureAlpha() : p).extend({
				top: bw,
				bottom: bw,
				left: bw,
				right: bw,
				background: colour,
			}),
		{ hasAlpha: state.hasAlpha || needAlpha },
	);
}

async function opacityStep(state, param) {
	const o = Math.max(0, Math.min(100, parseNumber(param.value, param.raw))) / 100;
	const src = await materialise(
		await step(state, state.width, state.height, (p) => p.ensureAlpha(), { hasAlpha: true }),
	);
	return step(src, src.width, src.height, (p) => p.linear([1, 1, 1, o], [0, 0, 0, 0]), {
		hasAlpha: true,
	});
}

async function flattenStep(state, colour) {
	if (!state.hasAlpha) return state;
	return step(state, state.width, state.height, (p) => p.flatten({ background: colour }), {
		hasAlpha: false,
	});
}

function paramsObject(comp, ctx) {
	const o = {};
	for (const p of comp.params) {
		if (VIDEO_KEYS.has(p.key)) {
			ctx.ignored.push(p.raw);
			continue;
		}
		if (UNSUPPORTED_KEYS.has(p.key))
			throw new MediaError(`Unsupported transformation parameter in the sandbox: ${p.raw}`);
		o[p.key] = p;
	}
	return o;
}

async function applyComponent(state, comp, ctx) {
	const p = paramsObject(comp, ctx);
	let crop = p.c ? p.c.value : undefined;
	if (crop !== undefined && !CROP_MODES.has(crop)) throw invalidParam(p.c.raw);
	if (crop === undefined && (p.w || p.h || p.ar)) crop = 'scale'; // Cloudinary's default mode
	let cur = state;
	if (crop) cur = await resizeStep(cur, crop, p, ctx);
	if (p.a) cur = await angleStep(cur, p.a, ctx);
	if (p.e) cur = await effectStep(cur, p.e, ctx);
	if (p.r) cur = await radiusStep(cur, p.r, ctx);
	if (p.bo) cur = await borderStep(cur, p.bo, ctx);
	if (p.o) cur = await opacityStep(cur, p.o);
	if (p.b && !(crop && /pad/.test(crop))) {
		const bg = await backgroundOf(p, cur, ctx, undefined);
		if (bg.colour) cur = await flattenStep(bg.state, bg.colour);
	}
	for (const k of ['co', 'z', 'd', 'p', 'pg']) if (p[k]) ctx.ignored.push(p[k].raw);
	return cur;
}

// ---------------------------------------------------------------------------------------------
// Output

const KEEP = { exif: 0b00001, xmp: 0b00010, iptc: 0b00100, icc: 0b01000, other: 0b10000 };

/**
 * Sets density (dpi) and the colour profile without keeping the source's EXIF/IPTC/XMP.
 * sharp writes the JPEG density only alongside EXIF, and its public withMetadata() keeps all input
 * metadata, so the keep mask is narrowed directly (sharp is pinned at 0.34.5; tests cover it).
 */
function withDensityAndProfile(img, { density, cmyk, stripProfile, keepAll }) {
	let out = img.withMetadata({
		density: density > 0 ? density : 72,
		...(cmyk ? { icc: 'cmyk' } : {}),
	});
	if (!keepAll) out = out.withExif({ IFD0: {} });
	let mask = keepAll ? KEEP.exif | KEEP.xmp | KEEP.iptc | KEEP.other : KEEP.exif;
	if (!stripProfile || cmyk) mask |= KEEP.icc;
	out.options.keepMetadata = mask;
	return out;
}

function negotiate(accept, hasAlpha) {
	const a = String(accept || '').toLowerCase();
	if (/\bimage\/avif\b/.test(a)) return 'avif';
	if (/\bimage\/webp\b/.test(a)) return 'webp';
	return hasAlpha ? 'png' : 'jpg';
}

// ---------------------------------------------------------------------------------------------
// Overlays: `l_text:<font>_<size>[_<style>…]:<text>` and `l_<public_id>` (folders as `:`), either in
// one component (its w/h/c/e… transform the layer, g/x/y place it) or as a block
// `l_…/<layer transformations>/fl_layer_apply,g_…,x_…,y_…`.

const TEXT_STYLES = new Set([
	'bold',
	'italic',
	'underline',
	'strikethrough',
	'left',
	'center',
	'right',
	'justify',
	'normal',
	'thin',
	'light',
	'semibold',
	'black',
	'extrabold',
]);
const PLACEMENT_KEYS = new Set(['g', 'x', 'y', 'fl']);

function svgColour(c) {
	if (typeof c === 'string') return c;
	return `rgba(${c.r},${c.g},${c.b},${c.alpha})`;
}

async function renderTextLayer(value, raw, params) {
	const body = value.slice('text:'.length);
	const colon = body.indexOf(':');
	if (colon < 0) throw invalidParam(raw);
	const style = body.slice(0, colon).split('_');
	const text = body
		.slice(colon + 1)
		.replace(/%2C/gi, ',')
		.replace(/%2F/gi, '/');
	const family = style[0] || 'Arial';
	const size = Number(style[1]);
	if (!(size > 0)) throw invalidParam(raw);
	const opts = {
		weight: 'normal',
		italic: false,
		anchor: 'start',
		letterSpacing: 0,
		lineSpacing: 0,
		decoration: '',
	};
	for (let i = 2; i < style.length; i++) {
		const s = style[i];
		if (s === 'letter' && style[i + 1] === 'spacing') {
			opts.letterSpacing = Number(style[i + 2]) || 0;
			i += 2;
		} else if (s === 'line' && style[i + 1] === 'spacing') {
			opts.lineSpacing = Number(style[i + 2]) || 0;
			i += 2;
		} else if (s === 'bold' || s === 'black' || s === 'extrabold' || s === 'semibold')
			opts.weight = 'bold';
		else if (s === 'italic') opts.italic = true;
		else if (s === 'underline') opts.decoration = 'underline';
		else if (s === 'strikethrough') opts.decoration = 'line-through';
		else if (s === 'center') opts.anchor = 'middle';
		else if (s === 'right') opts.anchor = 'end';
		else if (!TEXT_STYLES.has(s) && !/^(stroke|antialias|hinting|font|color)/.test(s))
			throw invalidParam(raw);
	}
	const fill = params.co ? svgColour(parseColour(params.co.value, params.co.raw)) : 'black';
	const background = params.b ? parseColour(params.b.value, params.b.raw) : undefined;
	const lines = text.split('\n');
	const lh = size * 1.25 + opts.lineSpacing;
	const width = Math.ceil(
		Math.max(...lines.map((l) => l.length)) * (size * 0.62 + opts.letterSpacing) + size,
	);
	const height = Math.ceil(lines.length * lh + size * 0.5);
	const x =
		opts.anchor === 'middle' ? width / 2 : opts.anchor === 'end' ? width - size / 2 : size / 2;
	const styleAttributes =
		(opts.italic ? ' font-style="italic"' : '') +
		(opts.decoration ? ` text-decoration="${opts.decoration}"` : '') +
		(opts.letterSpacing ? ` letter-spacing="${opts.letterSpacing}"` : '');
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
		lines
			.map(
				(line, i) =>
					`<text x="${x}" y="${(size + i * lh).toFixed(1)}" ` +
					`font-family="${xmlEscape(family.replace(/-/g, ' '))}, DejaVu Sans, Liberation Sans, ` +
					`sans-serif" font-size="${size}" font-weight="${opts.weight}"${styleAttributes} ` +
					`text-anchor="${opts.anchor}" fill="${xmlEscape(fill)}">${xmlEscape(line)}</text>`,
			)
			.join('') +
		'</svg>';
	let png = await sharp(Buffer.from(svg)).png().toBuffer();
	try {
		png = await sharp(png).trim({ threshold: 1 }).png().toBuffer(); // Cloudinary trims text tightly
	} catch {
		// nothing drawn (no fonts): keep the empty box
	}
	if (background) {
		// b_ on a text layer: a box behind the text, with a little padding
		const m = await sharp(png).metadata();
		const pad = Math.round(size * 0.15);
		png = await sharp({
			create: { width: m.width + 2 * pad, height: m.height + 2 * pad, channels: 4, background },
		})
			.composite([{ input: png, left: pad, top: pad }])
			.png()
			.toBuffer();
	}
	return png;
}

async function applyLayer(state, comps, ctx, options) {
	const head = comps[0];
	const single = comps.length === 1;
	const lp = head.params.find((p) => p.key === 'l' || p.key === 'u');
	if (lp.key === 'u' || /^(fetch|video|audio|subtitles|lut):/.test(lp.value)) {
		// APPROXIMATION: underlays and fetch/video/audio/subtitle/LUT layers are not composited.
		ctx.ignored.push(`${lp.key}_${lp.value}`);
		return state;
	}
	const headParams = {};
	for (const p of head.params) headParams[p.key] = p;
	const isText = lp.value.startsWith('text:');
	let overlay;
	if (isText) overlay = await renderTextLayer(lp.value, lp.raw, headParams);
	else {
		const id = lp.value.replace(/^image:/, '').replace(/:/g, '/');
		if (typeof options.resolveOverlay !== 'function') {
			ctx.ignored.push(lp.raw);
			return state;
		}
		overlay = await options.resolveOverlay(id);
		if (!overlay) throw new MediaError(`Resource not found - ${id} (overlay ${lp.raw})`);
	}
	// The layer's own transformation chain.
	const placement = single ? head : comps[comps.length - 1];
	const relative = comps.some((c) => hasFlag(c, 'relative'));
	const src = await runLazy(state);
	const toRaw = (params) =>
		params
			.map((p) => {
				if (relative && (p.key === 'w' || p.key === 'h') && p.value.includes('.'))
					return `${p.key}_${Math.max(1, Math.round(Number(p.value) * (p.key === 'w' ? src.width : src.height)))}`;
				return p.raw;
			})
			.join(',');
	const own = head.params.filter(
		(p) =>
			p.key !== 'l' &&
			!(single && PLACEMENT_KEYS.has(p.key)) &&
			!(isText && (p.key === 'co' || p.key === 'b')) &&
			!(p.key === 'fl'),
	);
	const middle = single ? [] : comps.slice(1, -1);
	const chain = [own, ...middle.map((c) => c.params)].map(toRaw).filter(Boolean).join('/');
	if (chain)
		overlay = (await applyTransformation(overlay, chain, 'png', { ...options, accept: undefined }))
			.buffer;
	let om = await sharp(overlay).metadata();
	const pp = {};
	for (const p of placement.params) if (PLACEMENT_KEYS.has(p.key)) pp[p.key] = p;
	let grav = pp.g ? gravityOf(pp.g.value, pp.g.raw, ctx) : { kind: 'compass', ...COMPASS.center };
	if (grav.kind === 'auto') grav = { kind: 'compass', ...COMPASS.center };
	const x = pp.x ? parseSignedDimension(pp.x.value, pp.x.raw, src.width) : 0;
	const y = pp.y ? parseSignedDimension(pp.y.value, pp.y.raw, src.height) : 0;
	if (om.width > src.width || om.height > src.height) {
		// APPROXIMATION: Cloudinary grows the canvas for an overflowing layer (unless fl_no_overflow); cropped here.
		overlay = await sharp(overlay)
			.extract({
				left: 0,
				top: 0,
				width: Math.min(om.width, src.width),
				height: Math.min(om.height, src.height),
			})
			.png()
			.toBuffer();
		om = await sharp(overlay).metadata();
		ctx.notes.push(`${lp.raw} cropped to the base image`);
	}
	const pos = placeWindow(src.width, src.height, om.width, om.height, grav, x, y);
	const layerBuf = overlay;
	return materialise(
		await step(src, src.width, src.height, (p) =>
			p.composite([{ input: layerBuf, left: pos.left, top: pos.top }]),
		),
	);
}

/**
 * Applies a Cloudinary transformation chain for real.
 * @param {Buffer} buffer           the original bytes
 * @param {string} transformation   e.g. 'c_fill,g_auto,h_1000,w_1000/f_jpg,q_auto' (as in the URL; may be '')
 * @param {string} [targetFormat]   the URL's extension; f_ wins over it (Cloudinary: "f_<format> converts
 *                                  … regardless of the file extension"), else the extension, else the original format
 * @param {object} [options]
 * @param {(name:string)=>string|{transformation:string}|undefined|Promise<…>} [options.resolveNamedTransformation]
 * @param {string} [options.accept]          the request's Accept header, for f_auto
 * @param {(publicId:string)=>Buffer|undefined|Promise<…>} [options.resolveOverlay] bytes of an `l_<public_id>`
 * overlay (without it, image overlays are skipped and listed in `ignored`)
 * @returns {Promise<{buffer, width, height, format, bytes, colorSpace, density, hasAlpha, contentType, attachment,
 * immutable, ignored, notes}>}
 */
async function applyTransformation(buffer, transformation, targetFormat, options = {}) {
	if (!Buffer.isBuffer(buffer)) throw new MediaError('applyTransformation needs a Buffer', 500);
	let components = parseTransformation(transformation);
	components = await expandNamed(components, options.resolveNamedTransformation);
	const blocks = groupLayers(components);
	const ctx = { ignored: [], notes: [], flags: new Set(), dpr: 1, initial: undefined };

	// Chain-wide settings: the last f_, q_, dn_, cs_, dpr_ win; flags accumulate.
	let f;
	let q;
	let dn;
	let cs;
	let attachment;
	let autoOrient = true;
	for (const block of blocks) {
		if (block.kind === 'layer') continue; // layer internals never set chain-wide options
		for (const p of block.comp.params) {
			if (p.key === 'f') f = p;
			else if (p.key === 'q') q = p;
			else if (p.key === 'dn') dn = p;
			else if (p.key === 'cs') cs = p;
			else if (p.key === 'dpr') {
				if (p.value === 'auto') {
					ctx.notes.push('dpr_auto treated as 1.0 (no client hints)');
					ctx.dpr = 1;
				} else {
					const d = parseNumber(p.value, p.raw);
					if (!(d > 0)) throw invalidParam(p.raw);
					ctx.dpr = d;
				}
			} else if (p.key === 'fl') {
				for (const flag of p.value.split('.')) {
					const [name, arg] = flag.split(':');
					if (!FLAGS.has(name)) throw invalidParam(`fl_${flag}`);
					ctx.flags.add(name);
					if (name === 'attachment' || name === 'streaming_attachment')
						attachment = { filename: arg ? safeDecode(arg).replace(/%2E/gi, '.') : undefined };
					if (name === 'progressive' && arg === 'none') ctx.flags.delete('progressive');
				}
			} else if (p.key === 'a' && p.value.split('.').includes('ignore')) autoOrient = false;
		}
	}

	const meta = await sharp(buffer, { limitInputPixels: false, failOn: 'none' })
		.metadata()
		.catch(() => undefined);
	if (!meta || !meta.width) {
		const a = await analyseMedia(buffer, {});
		throw new MediaError(
			a.resourceType === 'video'
				? `The sandbox cannot transform ${a.format ?? 'video/audio'} files`
				: 'Cannot transform this file: not an image the sandbox can decode (sharp has no PDF, BMP or RAW input here)',
			400,
		);
	}
	const oriented =
		autoOrient && meta.autoOrient ? meta.autoOrient : { width: meta.width, height: meta.height };
	const inputFormat =
		meta.format === 'jpeg'
			? 'jpg'
			: meta.format === 'heif'
				? meta.compression === 'av1'
					? 'avif'
					: 'heic'
				: meta.format;
	if (!components.length && (normaliseFormat(targetFormat) ?? inputFormat) === inputFormat) {
		// Nothing to do: the original itself (Cloudinary serves the uploaded file untouched).
		return {
			buffer,
			width: oriented.width,
			height: oriented.height,
			format: inputFormat,
			bytes: buffer.length,
			colorSpace: mapSpace(meta.space),
			density: meta.density ?? 72,
			hasAlpha: !!meta.hasAlpha,
			contentType: contentTypeFor(inputFormat, 'image'),
			attachment: null,
			immutable: false,
			ignored: [],
			notes: ['original'],
		};
	}
	const inputCmyk = meta.space === 'cmyk';
	ctx.initial = { width: oriented.width, height: oriented.height };
	let state = {
		encoded: buffer,
		autoOrient,
		width: oriented.width,
		height: oriented.height,
		hasAlpha: !!meta.hasAlpha,
	};

	for (const block of blocks) {
		if (block.kind === 'base') state = await applyComponent(state, block.comp, ctx);
		else state = await applyLayer(state, block.comps, ctx, options);
	}

	// Output format: f_ > extension > original.
	let format;
	if (f) {
		if (f.value === 'auto' || f.value.startsWith('auto:')) {
			// APPROXIMATION: f_auto negotiates only on an explicit image/avif or image/webp in Accept;
			// otherwise JPEG (PNG for images with transparency).
			format = negotiate(options.accept, state.hasAlpha);
			ctx.notes.push(`f_auto → ${format}`);
		} else format = normaliseFormat(f.value);
	} else format = normaliseFormat(targetFormat) || inputFormat;
	if (!IMAGE_FORMATS.has(format) && !OUTPUT_FORMATS.has(format))
		throw new MediaError(`Invalid extension in transformation: ${format}`);
	if (!OUTPUT_FORMATS.has(format))
		throw new MediaError(
			`The sandbox cannot deliver images as ${format} (sharp output: ${[...OUTPUT_FORMATS].join(', ')})`,
		);
	// fl_lossy: PNG only when there is transparency
	if (format === 'png' && ctx.flags.has('lossy') && !state.hasAlpha) format = 'jpg';

	const quality = q ? qualityFor(q.value, q.raw) : { quality: 80, auto: false };
	let density;
	if (dn) {
		if (dn.value === 'idn') density = meta.density;
		else {
			const d = parseNumber(dn.value, dn.raw);
			if (!(d > 0)) throw invalidParam(dn.raw);
			density = d;
		}
	}
	// Cloudinary: without resolution metadata a derived image is normalised to 150 dpi; q_auto
	// strips DPI ("you shouldn't rely on the values") even with dn_ — emulated as 72.
	if (density === undefined) density = meta.density || 150;
	if (quality.auto) {
		if (dn)
			ctx.notes.push(
				'q_auto strips density metadata (Cloudinary): dn_ ignored; use an explicit q_<n> with dn_',
			);
		density = 72;
	}

	let cmykOut = false;
	let stripProfile = ctx.flags.has('strip_profile');
	if (cs) {
		const v = cs.value;
		if (v === 'cmyk') cmykOut = true;
		else if (v === 'keep_cmyk') cmykOut = inputCmyk;
		else if (v === 'srgb' || v === 'no_cmyk' || v === 'srgb:truecolor' || v === 'copy')
			cmykOut = false;
		else if (v === 'tinysrgb') {
			stripProfile = true;
			ctx.notes.push('cs_tinysrgb approximated: sRGB without an embedded profile');
		} else if (v.startsWith('icc:')) {
			ctx.ignored.push(cs.raw);
		} else throw invalidParam(cs.raw);
	}
	// Default: derived images of CMYK originals are delivered as sRGB (cs_keep_cmyk keeps CMYK).
	if (cmykOut && format !== 'jpg' && format !== 'tiff') {
		ctx.notes.push(`${format} cannot hold CMYK: delivered as sRGB`);
		cmykOut = false;
	}

	let img = state.lazy ? state.lazy() : openState(state);
	img = img.toColourspace('srgb');
	if (format === 'jpg' && state.hasAlpha) img = img.flatten({ background: '#ffffff' });
	const keepAll = ctx.flags.has('keep_iptc') || ctx.flags.has('keep_attribution');
	if (keepAll && !state.encoded)
		ctx.notes.push('fl_keep_iptc: the sandbox keeps metadata only when no pixel step ran');
	img = withDensityAndProfile(img, {
		density,
		cmyk: cmykOut,
		stripProfile,
		keepAll: keepAll && !!state.encoded,
	});
	const progressive = ctx.flags.has('progressive');
	switch (format) {
		case 'jpg':
			img = img.jpeg({
				quality: quality.quality,
				progressive,
				...(quality.chroma ? { chromaSubsampling: quality.chroma } : {}),
			});
			break;
		case 'png':
			img = img.png({
				compressionLevel: 6,
				progressive,
				...(ctx.flags.has('png8') ? { palette: true } : {}),
			});
			break;
		case 'webp':
			img = img.webp({ quality: quality.quality });
			break;
		case 'avif':
			img = img.avif({ quality: Math.max(1, Math.round(quality.quality * 0.75)), effort: 2 });
			break;
		case 'gif':
			img = img.gif();
			break;
		case 'tiff':
			img = img.tiff({ compression: 'lzw' });
			break;
		default:
			throw new MediaError(`The sandbox cannot deliver images as ${format}`);
	}
	let out;
	try {
		out = await img.toBuffer();
	} catch (err) {
		if (/colou?r|background|Expected/i.test(String(err.message)))
			throw new MediaError(`Invalid transformation parameter: ${err.message}`);
		throw err;
	}
	const om = await sharp(out).metadata();
	return {
		buffer: out,
		width: om.width,
		height: om.height,
		format,
		bytes: out.length,
		colorSpace: mapSpace(om.space),
		density:
			om.density ?? (format === 'jpg' || format === 'png' || format === 'tiff' ? 72 : undefined),
		hasAlpha: !!om.hasAlpha,
		contentType: CONTENT_TYPES[format],
		attachment: attachment ?? null,
		immutable: ctx.flags.has('immutable_cache'),
		ignored: ctx.ignored,
		notes: ctx.notes,
	};
}

/** Facts about a chain that the delivery route needs without running it. */
function describeTransformation(str) {
	const comps = parseTransformation(str);
	const flags = new Set();
	let attachmentName;
	let formatAuto = false;
	const others = [];
	for (const c of comps) {
		for (const p of c.params) {
			if (p.key === 'fl') {
				for (const flag of p.value.split('.')) {
					const [name, arg] = flag.split(':');
					flags.add(name);
					if (name === 'attachment' || name === 'streaming_attachment')
						attachmentName = arg ? safeDecode(arg) : attachmentName;
				}
				if (
					p.value
						.split('.')
						.some((fl) => !/^(streaming_)?attachment(:|$)|^immutable_cache$/.test(fl))
				)
					others.push(p.raw);
			} else {
				if (p.key === 'f' && p.value.startsWith('auto')) formatAuto = true;
				others.push(p.raw);
			}
		}
	}
	return {
		attachment: flags.has('attachment') || flags.has('streaming_attachment'),
		attachmentName,
		immutable: flags.has('immutable_cache'),
		formatAuto,
		/** Only delivery flags (attachment, immutable_cache): the bytes are the original's. */
		deliveryOnly: comps.length > 0 && others.length === 0,
		named: comps.some((c) => c.params.some((p) => p.key === 't')),
	};
}

module.exports = {
	renderSeedAsset,
	analyseMedia,
	applyTransformation,
	parseTransformation,
	describeTransformation,
	normaliseFormat,
	contentTypeFor,
	isKnownDeliveryFormat,
	fontsAvailable,
	renderWav,
	MediaError,
	IMAGE_FORMATS,
	VIDEO_FORMATS,
	AUDIO_FORMATS,
	OUTPUT_FORMATS,
};
