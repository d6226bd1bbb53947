'use strict';
// Real media for the Cloudinary emulator: seed rendering, media analysis, the transformation engine
// (true pixel sizes, formats, colour spaces, densities) and the delivery route over real HTTP, with
// the official cloudinary SDK as the oracle for delivery URLs, signatures and tokens.
const http = require('node:http');
const crypto = require('node:crypto');
const axios = require('axios');
const sharp = require('sharp');
const cloudinary = require('cloudinary').v2;

const {
	renderSeedAsset,
	analyseMedia,
	applyTransformation,
	renderWav,
} = require('../../sandbox/cloudinary/media');
const { createDeliveryHandler, signDeliveryPath } = require('../../sandbox/cloudinary/delivery');
const { generateCatalogue } = require('../../sandbox/seed/catalogue');

const CLOUD = 'sandbox-cloud';
const SECRET = 'sandbox-secret-abc';
const TOKEN_KEY = '00112233ff99aabb';

const md5 = (b) => crypto.createHash('md5').update(b).digest('hex');
const BASE_IMAGE = {
	width: 1800,
	height: 2700,
	colorSpace: 'srgb',
	palette: ['#1d3557', '#e63946'],
	label: 'The Quiet Lighthouse',
	sublabel: 'Amara Okafor',
};
const coverSpec = (over = {}) => ({
	publicId: 'covers/9781800000001',
	resourceType: 'image',
	type: 'upload',
	format: over.format ?? 'jpg',
	image: { ...BASE_IMAGE, ...(over.image || {}) },
});

/** An SVG test card: four coloured quadrants (red TL, green TR, blue BL, yellow BR). */
async function quadrants(w, h, format = 'png') {
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
		(`<rect x="0" y="0" width="${w / 2}" height="${h / 2}" fill="#ff0000"/><rect ` +
			`x="${w / 2}" y="0" width="${w / 2}" height="${h / 2}" fill="#00ff00"/>`) +
		(`<rect x="0" y="${h / 2}" width="${w / 2}" height="${h / 2}" fill="#0000ff"/><rect ` +
			`x="${w / 2}" y="${h / 2}" width="${w / 2}" height="${h / 2}" fill="#ffff00"/></svg>`);
	const s = sharp(Buffer.from(svg)).removeAlpha();
	return format === 'png' ? s.png().toBuffer() : s.jpeg({ quality: 95 }).toBuffer();
}

async function pixel(buffer, x, y) {
	const { data, info } = await sharp(buffer)
		.removeAlpha()
		.toColourspace('srgb')
		.raw()
		.toBuffer({ resolveWithObject: true });
	const i = (y * info.width + x) * info.channels;
	return [data[i], data[i + 1], data[i + 2]];
}

const near = (actual, expected, tol = 40) =>
	actual.every((v, i) => Math.abs(v - expected[i]) <= tol);

let master; // 1800×2700 sRGB JPEG
let cmykMaster; // 1800×2700 CMYK JPEG

beforeAll(async () => {
	master = await renderSeedAsset(coverSpec());
	cmykMaster = await renderSeedAsset(
		coverSpec({ image: { colorSpace: 'cmyk', label: 'A CMYK master' } }),
	);
});

describe('renderSeedAsset', () => {
	test('an sRGB JPEG cover at exactly the requested size, 72 dpi', async () => {
		const m = await sharp(master).metadata();
		expect([m.format, m.width, m.height, m.space, m.channels, m.density]).toEqual([
			'jpeg',
			1800,
			2700,
			'srgb',
			3,
			72,
		]);
		// Not a flat fill: the cover has a gradient, shapes and (with fonts) text.
		const stats = await sharp(master).stats();
		expect(stats.channels[0].stdev).toBeGreaterThan(10);
	});

	test('CMYK covers are real 4-channel CMYK JPEGs', async () => {
		const m = await sharp(cmykMaster).metadata();
		expect([m.format, m.space, m.channels, m.width, m.height]).toEqual([
			'jpeg',
			'cmyk',
			4,
			1800,
			2700,
		]);
		expect(m.icc).toBeDefined(); // with an embedded CMYK profile, as print files have
	});

	test('PNG and landscape specs', async () => {
		const png = await renderSeedAsset({
			format: 'png',
			image: {
				width: 1920,
				height: 1080,
				colorSpace: 'srgb',
				palette: ['#264653', '#e9c46a'],
				label: 'Launch evening',
			},
		});
		const m = await sharp(png).metadata();
		expect([m.format, m.width, m.height, m.hasAlpha]).toEqual(['png', 1920, 1080, false]);
	});

	test('deterministic: the same spec gives the same bytes; a different palette does not', async () => {
		const a = await renderSeedAsset(
			coverSpec({ image: { width: 300, height: 450, label: 'Same' } }),
		);
		const b = await renderSeedAsset(
			JSON.parse(JSON.stringify(coverSpec({ image: { width: 300, height: 450, label: 'Same' } }))),
		);
		const c = await renderSeedAsset(
			coverSpec({
				image: { width: 300, height: 450, label: 'Same', palette: ['#ffffff', '#000000'] },
			}),
		);
		expect(md5(a)).toBe(md5(b));
		expect(md5(c)).not.toBe(md5(a));
	});

	test('audio specs give a valid PCM WAV of the given length', async () => {
		const wav = await renderSeedAsset({
			format: 'wav',
			resourceType: 'video',
			audio: { seconds: 3, sampleRate: 8000 },
		});
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
		expect(wav.readUInt32LE(24)).toBe(8000);
		expect(wav.length).toBe(44 + 3 * 8000 * 2);
		const samples = Array.from({ length: 200 }, (_, i) =>
			Math.abs(wav.readInt16LE(44 + (4000 + i) * 2)),
		);
		expect(Math.max(...samples)).toBeGreaterThan(3000); // a tone, not silence
	});

	test('every asset of the default seed catalogue renders to its spec', async () => {
		const assets = generateCatalogue({ today: new Date('2026-11-26T00:00:00Z') }).cloudinary.assets;
		expect(assets.length).toBeGreaterThan(50);
		const buffers = await Promise.all(assets.map((a) => renderSeedAsset(a)));
		for (const [i, a] of assets.entries()) {
			const info = await analyseMedia(buffers[i], { resourceType: a.resourceType });
			if (a.audio) {
				expect([info.resourceType, info.format, info.duration]).toEqual([
					'video',
					'wav',
					a.audio.seconds,
				]);
			} else {
				expect([a.publicId, info.width, info.height, info.format, info.colorSpace]).toEqual([
					a.publicId,
					a.image.width,
					a.image.height,
					a.format,
					a.image.colorSpace,
				]);
			}
		}
	}, 120000);
});

describe('analyseMedia', () => {
	test('JPEG: true size, format jpg, sRGB, density, MD5 etag', async () => {
		const info = await analyseMedia(master, { filename: 'cover.jpg', resourceType: 'image' });
		expect(info).toMatchObject({
			resourceType: 'image',
			format: 'jpg',
			width: 1800,
			height: 2700,
			colorSpace: 'srgb',
			density: 72,
			pages: 1,
			hasAlpha: false,
			bytes: master.length,
			etag: md5(master),
		});
		expect(info.duration).toBeUndefined();
	});

	test('PNG with transparency and a declared 300 dpi', async () => {
		const png = await sharp({
			create: {
				width: 640,
				height: 480,
				channels: 4,
				background: { r: 10, g: 20, b: 30, alpha: 0.5 },
			},
		})
			.withMetadata({ density: 300 })
			.png()
			.toBuffer();
		const info = await analyseMedia(png, { resourceType: 'auto' });
		expect(info).toMatchObject({
			resourceType: 'image',
			format: 'png',
			width: 640,
			height: 480,
			hasAlpha: true,
			density: 300,
			colorSpace: 'srgb',
		});
	});

	test('CMYK JPEG reports cmyk', async () => {
		const info = await analyseMedia(cmykMaster, {});
		expect([info.format, info.colorSpace, info.width, info.height]).toEqual([
			'jpg',
			'cmyk',
			1800,
			2700,
		]);
	});

	test('WAV: resource type video, duration, audio facts', async () => {
		const wav = renderWav({ seconds: 2.5, sampleRate: 22050 });
		const info = await analyseMedia(wav, { resourceType: 'auto' });
		expect(info).toMatchObject({
			resourceType: 'video',
			format: 'wav',
			duration: 2.5,
			isAudio: true,
			bytes: wav.length,
			etag: md5(wav),
		});
		expect(info.audio).toMatchObject({ frequency: 22050, channels: 1, codec: 'pcm_s16le' });
		expect(info.width).toBeUndefined();
	});

	test('MP3 and MP4 are recognised by their bytes', async () => {
		// 100 MPEG-1 layer III frames, 128 kbit/s, 44.1 kHz (417 bytes each).
		const frame = Buffer.alloc(417);
		frame.set([0xff, 0xfb, 0x90, 0x64]);
		const mp3 = Buffer.concat(Array.from({ length: 100 }, () => frame));
		const a = await analyseMedia(mp3, {});
		expect([a.resourceType, a.format]).toEqual(['video', 'mp3']);
		expect(a.duration).toBeCloseTo((100 * 1152) / 44100, 1);

		const box = (type, ...payload) => {
			const body = Buffer.concat(payload);
			const head = Buffer.alloc(8);
			head.writeUInt32BE(8 + body.length);
			head.write(type, 4, 'latin1');
			return Buffer.concat([head, body]);
		};
		const mvhd = Buffer.alloc(100);
		mvhd.writeUInt32BE(1000, 12); // timescale
		mvhd.writeUInt32BE(2500, 16); // duration → 2.5 s
		const tkhd = Buffer.alloc(84);
		tkhd.writeUInt32BE(640 * 65536, 76);
		tkhd.writeUInt32BE(360 * 65536, 80);
		const mp4 = Buffer.concat([
			box('ftyp', Buffer.from('isom\0\0\0\0isomavc1', 'latin1')),
			box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd))),
			box('mdat', Buffer.alloc(64)),
		]);
		const v = await analyseMedia(mp4, { resourceType: 'video' });
		expect(v).toMatchObject({
			resourceType: 'video',
			format: 'mp4',
			duration: 2.5,
			width: 640,
			height: 360,
			isAudio: false,
		});
	});

	test('PDF is an image with pages; anything else is raw', async () => {
		const pdf = Buffer.from(
			'%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj\n2 0 obj ' +
				'<</Type /Page /MediaBox [0 0 612 792]>> endobj\n3 0 obj <</Type /Page /MediaBox [0 0 ' +
				'612 792]>> endobj\n%%EOF',
		);
		expect(await analyseMedia(pdf, {})).toMatchObject({
			resourceType: 'image',
			format: 'pdf',
			pages: 2,
			width: 612,
			height: 792,
		});
		const csv = Buffer.from('isbn,title\n9781800000001,The Quiet Lighthouse\n');
		const raw = await analyseMedia(csv, { filename: 'titles.csv', resourceType: 'auto' });
		expect(raw).toMatchObject({ resourceType: 'raw', bytes: csv.length, etag: md5(csv) });
		expect(raw.format).toBeUndefined();
		expect(raw.width).toBeUndefined();
		// resource_type raw wins even for image bytes
		expect((await analyseMedia(master, { resourceType: 'raw' })).resourceType).toBe('raw');
	});
});

describe('applyTransformation (1800×2700 master)', () => {
	const run = (t, ext = 'jpg', opts) => applyTransformation(master, t, ext, opts);
	const dims = async (r) => {
		const m = await sharp(r.buffer).metadata();
		expect([m.width, m.height]).toEqual([r.width, r.height]); // the reported size is the true size
		return [m.width, m.height];
	};

	test.each([
		['c_fill,w_1000,h_1000', [1000, 1000]],
		['c_limit,w_5000', [1800, 2700]], // limit never upscales
		['c_limit,w_900,h_900', [600, 900]],
		['c_limit,w_4000,h_4000', [1800, 2700]],
		['c_fit,w_500,h_500', [333, 500]],
		['c_fit,w_3600,h_3600', [2400, 3600]], // fit does upscale
		['c_mfit,w_500,h_500', [1800, 2700]], // mfit never downscales
		['c_mfit,w_3600,h_3600', [2400, 3600]],
		['c_pad,w_800,h_800,b_white', [800, 800]],
		['c_lpad,w_4000,h_3000', [4000, 3000]], // padded to the box, image not upscaled
		['c_mpad,w_2000,h_3000', [2000, 3000]],
		['c_mpad,w_100,h_100', [1800, 2700]],
		['c_scale,w_900', [900, 1350]],
		['c_scale,w_300,h_300', [300, 300]], // both dimensions distort
		['c_scale,h_900,fl_ignore_aspect_ratio', [1800, 900]],
		['w_0.5', [900, 1350]], // default mode scale; a decimal is relative
		['ar_16:9,c_fill,w_1600', [1600, 900]],
		['ar_1.0,c_fill', [1800, 1800]],
		['ar_1:1,c_pad,b_black', [2700, 2700]],
		['c_crop,w_500,h_400', [500, 400]],
		['c_crop,w_5000,h_400', [1800, 400]],
		['c_crop,g_auto,w_600,h_600', [600, 600]],
		['c_thumb,g_face,w_300,h_300', [300, 300]],
		['c_lfill,w_900,h_900', [900, 900]],
		['c_lfill,w_3000,h_3000', [1800, 2700]], // lfill never upscales
		['c_fill_pad,g_auto,b_auto,w_1600,h_400', [1600, 400]],
		['c_auto,g_auto,ar_16:9,w_800', [800, 450]],
		['dpr_2.0,w_100', [200, 300]],
		['c_scale,h_150/dpr_2.0', [200, 300]], // dpr multiplies the whole chain
		['c_fill,w_1000,h_1000/c_scale,w_0.5', [500, 500]], // chained components
		['a_90', [2700, 1800]],
		['bo_10px_solid_black', [1820, 2720]],
	])('%s → %j', async (t, expected) => {
		const r = await run(t);
		expect(await dims(r)).toEqual(expected);
		expect(r.format).toBe('jpg');
		expect(r.bytes).toBe(r.buffer.length);
	});

	test('c_pad pads with the requested background (corner pixels)', async () => {
		const white = await run('c_pad,w_800,h_800,b_white');
		expect(near(await pixel(white.buffer, 2, 2), [255, 255, 255], 8)).toBe(true);
		const red = await run('c_pad,w_800,h_800,b_rgb:ff0000', 'png');
		expect(near(await pixel(red.buffer, 2, 400), [255, 0, 0], 8)).toBe(true);
		// the image itself is centred: 533×800 inside 800×800, so x=400 is cover art, not padding
		expect(near(await pixel(red.buffer, 400, 400), [255, 0, 0], 8)).toBe(false);
		const north = await run('c_pad,w_800,h_800,b_rgb:00ff00,g_west', 'png');
		expect(near(await pixel(north.buffer, 790, 400), [0, 255, 0], 8)).toBe(true); // image on the left, pad right
		expect(near(await pixel(north.buffer, 10, 400), [0, 255, 0], 8)).toBe(false);
	});

	test('gravity decides what c_fill and c_crop keep (quadrant card)', async () => {
		const card = await quadrants(400, 400);
		const fillNorth = await applyTransformation(card, 'c_fill,g_north,w_400,h_100', 'png');
		expect(near(await pixel(fillNorth.buffer, 20, 50), [255, 0, 0])).toBe(true);
		const fillSouth = await applyTransformation(card, 'c_fill,g_south,w_400,h_100', 'png');
		expect(near(await pixel(fillSouth.buffer, 20, 50), [0, 0, 255])).toBe(true);
		const se = await applyTransformation(card, 'c_crop,g_south_east,w_100,h_100', 'png');
		expect(near(await pixel(se.buffer, 50, 50), [255, 255, 0])).toBe(true);
		// x counts inwards from the east edge
		const east = await applyTransformation(card, 'c_crop,g_north_east,w_100,h_100,x_250', 'png');
		expect(near(await pixel(east.buffer, 50, 50), [255, 0, 0])).toBe(true);
		// top-left origin without gravity
		const xy = await applyTransformation(card, 'c_crop,w_100,h_100,x_250,y_20', 'png');
		expect(near(await pixel(xy.buffer, 50, 50), [0, 255, 0])).toBe(true);
		const rel = await applyTransformation(card, 'c_crop,w_0.25,h_0.25,x_0.0,y_0.75', 'png');
		expect([rel.width, rel.height]).toEqual([100, 100]);
		expect(near(await pixel(rel.buffer, 50, 50), [0, 0, 255])).toBe(true);
		const scaled = await applyTransformation(card, 'c_scale,w_40', 'png');
		expect(near(await pixel(scaled.buffer, 35, 35), [255, 255, 0])).toBe(true);
	});

	test('colour space: CMYK masters become sRGB by default and with cs_srgb; cs_keep_cmyk keeps CMYK', async () => {
		const def = await applyTransformation(cmykMaster, 'c_scale,w_600', 'jpg');
		const srgb = await applyTransformation(cmykMaster, 'cs_srgb', 'jpg');
		const keep = await applyTransformation(cmykMaster, 'c_scale,w_600/cs_keep_cmyk', 'jpg');
		for (const [r, space, channels] of [
			[def, 'srgb', 3],
			[srgb, 'srgb', 3],
			[keep, 'cmyk', 4],
		]) {
			const m = await sharp(r.buffer).metadata();
			expect([m.space, m.channels, r.colorSpace]).toEqual([space, channels, space]);
		}
		const toCmyk = await run('cs_cmyk');
		expect((await sharp(toCmyk.buffer).metadata()).space).toBe('cmyk');
	});

	test('dn_ writes the density into the file (also a CMYK print jacket); q_auto strips it, as Cloudinary', async () => {
		const jacket = await run('c_limit,w_1800/dn_300,q_90');
		expect((await sharp(jacket.buffer).metadata()).density).toBe(300);
		expect(jacket.density).toBe(300);
		const cmyk300 = await applyTransformation(cmykMaster, 'cs_keep_cmyk,dn_300,q_95', 'jpg');
		const m = await sharp(cmyk300.buffer).metadata();
		expect([m.space, m.density]).toEqual(['cmyk', 300]);
		const png300 = await run('dn_300', 'png');
		expect((await sharp(png300.buffer).metadata()).density).toBe(300);
		const auto = await run('dn_300,q_auto');
		expect((await sharp(auto.buffer).metadata()).density).toBe(72);
		expect(auto.notes.join(' ')).toMatch(/q_auto strips density/);
	});

	test('formats: f_png, the extension, f_ beats the extension, f_auto by Accept', async () => {
		const png = await run('f_png', 'jpg');
		expect([(await sharp(png.buffer).metadata()).format, png.format, png.contentType]).toEqual([
			'png',
			'png',
			'image/png',
		]);
		const ext = await run('c_scale,w_200', 'webp');
		expect((await sharp(ext.buffer).metadata()).format).toBe('webp');
		const plain = await run('', 'png');
		expect((await sharp(plain.buffer).metadata()).format).toBe('png');
		const original = await run('', 'jpg');
		expect(original.buffer).toBe(master); // nothing to do: the original itself
		const autoJpg = await run('c_scale,w_200/f_auto', 'jpg', { accept: 'application/json, */*' });
		expect(autoJpg.format).toBe('jpg');
		const autoAvif = await run('c_scale,w_200/f_auto', 'jpg', {
			accept: 'image/avif,image/webp,*/*',
		});
		expect([autoAvif.format, (await sharp(autoAvif.buffer).metadata()).format]).toEqual([
			'avif',
			'heif',
		]);
		await expect(run('f_pdf')).rejects.toMatchObject({ status: 400 });
	});

	test('quality: q_50 is smaller than q_90; fl_progressive is progressive', async () => {
		const q50 = await run('c_scale,w_900/q_50');
		const q90 = await run('c_scale,w_900/q_90');
		expect(q50.bytes).toBeLessThan(q90.bytes * 0.8);
		const prog = await run('c_scale,w_600/fl_progressive');
		expect((await sharp(prog.buffer).metadata()).isProgressive).toBe(true);
	});

	test('named transformations via the resolver; unknown names fail', async () => {
		const resolve = (name) =>
			({
				jacket_ebook: 'c_fill,g_auto,h_2560,w_1600/f_jpg,q_90',
				square: { transformation: 'ar_1:1,c_pad,b_white,w_1000' },
				with_ext: 'c_scale,w_100/png',
			})[name];
		const withExt = await run('t_with_ext', 'jpg', { resolveNamedTransformation: resolve });
		expect([withExt.width, withExt.format]).toEqual([100, 'png']);
		const ebook = await run('t_jacket_ebook', 'jpg', { resolveNamedTransformation: resolve });
		expect([ebook.width, ebook.height]).toEqual([1600, 2560]);
		const sq = await run('t_square', 'jpg', {
			resolveNamedTransformation: async (n) => resolve(n),
		});
		expect([sq.width, sq.height]).toEqual([1000, 1000]);
		await expect(
			run('t_nope', 'jpg', { resolveNamedTransformation: resolve }),
		).rejects.toMatchObject({ status: 400, message: 'Named transformation not found - nope' });
	});

	test('unknown parameters and bad values are 400 errors', async () => {
		await expect(run('zz_1')).rejects.toMatchObject({
			status: 400,
			message: 'Invalid transformation parameter: zz_1',
		});
		await expect(run('c_fill,w_100,h_100,qq_3')).rejects.toMatchObject({
			status: 400,
			message: 'Invalid transformation parameter: qq_3',
		});
		await expect(run('c_bogus,w_10')).rejects.toMatchObject({
			status: 400,
			message: 'Invalid transformation parameter: c_bogus',
		});
		await expect(run('w_abc')).rejects.toMatchObject({ status: 400 });
		await expect(run('fl_nonsense')).rejects.toMatchObject({ status: 400 });
		await expect(run('c_pad,w_10,h_10,b_notacolour')).rejects.toMatchObject({ status: 400 });
	});

	test('effects: known ones apply, unknown ones are recorded; layer transformations never touch the base', async () => {
		const grey = await run('c_scale,w_200/e_grayscale', 'png');
		const [r, g, b] = await pixel(grey.buffer, 100, 150);
		expect(Math.abs(r - g) + Math.abs(g - b)).toBeLessThan(3);
		const odd = await run('e_vectorize:3/c_scale,w_100');
		expect(odd.ignored).toContain('e_vectorize:3');
		expect([odd.width, odd.height]).toEqual([100, 150]);
		// the c_scale,w_10 belongs to the overlay, not to the base image
		const layered = await run('l_text:Arial_60:Hello/c_scale,w_10/fl_layer_apply,g_south');
		expect([layered.width, layered.height]).toEqual([1800, 2700]);
		expect(layered.ignored).toEqual([]);
		// underlays are not composited
		expect((await run('u_logo/c_scale,w_10/fl_layer_apply')).ignored).toEqual(['u_logo']);
	});

	test('overlays: image layers (resolver) and text layers are composited where gravity and x/y say', async () => {
		const card = await quadrants(400, 400);
		const badge = await sharp({
			create: { width: 50, height: 50, channels: 3, background: '#ff00ff' },
		})
			.png()
			.toBuffer();
		const resolveOverlay = (id) => (id === 'badges/new' ? badge : undefined);
		const nw = await applyTransformation(card, 'l_badges:new,g_north_west,x_10,y_10', 'png', {
			resolveOverlay,
		});
		expect([nw.width, nw.height]).toEqual([400, 400]);
		expect(near(await pixel(nw.buffer, 30, 30), [255, 0, 255], 8)).toBe(true);
		expect(near(await pixel(nw.buffer, 5, 5), [255, 0, 0], 8)).toBe(true); // outside the offset: still the card
		const rel = await applyTransformation(
			card,
			'l_badges:new/c_scale,fl_relative,w_0.5/fl_layer_apply,g_south_east',
			'png',
			{ resolveOverlay },
		);
		expect(near(await pixel(rel.buffer, 390, 390), [255, 0, 255], 8)).toBe(true);
		expect(near(await pixel(rel.buffer, 205, 205), [255, 0, 255], 8)).toBe(true); // 200 px wide: half the base
		expect(near(await pixel(rel.buffer, 150, 150), [255, 0, 0], 8)).toBe(true);
		const text = await applyTransformation(
			card,
			'l_text:Arial_40_bold:NEW,co_white,b_rgb:0000ff,g_north_east,x_5,y_5',
			'png',
		);
		expect(near(await pixel(text.buffer, 400 - 5 - 2, 5 + 2), [0, 0, 255], 8)).toBe(true);
		// what the SDK writes: a double-escaped comma and slash in the text, fl_relative in the layer component
		const sdkText = cloudinary.utils.generate_transformation_string({
			transformation: [
				{ crop: 'fill', width: 400, height: 400 },
				{
					overlay: {
						font_family: 'Arial',
						font_size: 40,
						font_weight: 'bold',
						text: 'Out now, 50%/off',
					},
					color: 'white',
					gravity: 'south',
					y: 10,
				},
			],
		});
		expect(sdkText).toContain('%252C');
		const banner = await applyTransformation(card, sdkText, 'png');
		const { data, info } = await sharp(banner.buffer)
			.removeAlpha()
			.raw()
			.toBuffer({ resolveWithObject: true });
		let white = 0;
		for (let yy = 300; yy < 400; yy++)
			for (let xx = 0; xx < 400; xx++) {
				const i = (yy * info.width + xx) * 3;
				if (data[i] > 200 && data[i + 1] > 200 && data[i + 2] > 200) white++;
			}
		expect(white).toBeGreaterThan(200); // white text at the bottom (the card there is blue and yellow)
		const sdkLogo = cloudinary.utils.generate_transformation_string({
			transformation: [
				{ overlay: 'badges:new', width: 0.25, flags: 'relative' },
				{ flags: 'layer_apply', gravity: 'north_east' },
			],
		});
		const logo = await applyTransformation(card, sdkLogo, 'png', { resolveOverlay });
		expect(near(await pixel(logo.buffer, 395, 5), [255, 0, 255], 8)).toBe(true);
		expect(near(await pixel(logo.buffer, 295, 5), [0, 255, 0], 8)).toBe(true); // 100 px wide: a quarter of the base
		await expect(
			applyTransformation(card, 'l_badges:missing', 'png', { resolveOverlay }),
		).rejects.toMatchObject({ status: 400 });
		await expect(applyTransformation(card, 'l_text:Arial:no size', 'png')).rejects.toMatchObject({
			status: 400,
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Delivery over real HTTP

function fakeStore() {
	const assets = new Map();
	const derived = [];
	let getBytesCalls = 0;
	return {
		derived,
		get getBytesCalls() {
			return getBytesCalls;
		},
		add(asset, bytes) {
			assets.set(
				`${asset.resource_type ?? asset.resourceType}|${asset.type}|${asset.public_id ?? asset.publicId}`,
				{ ...asset, _bytes: bytes, bytes: bytes.length },
			);
		},
		findByPublicId(rt, type, id) {
			return assets.get(`${rt}|${type}|${id}`);
		},
		async getBytes(asset) {
			getBytesCalls++;
			return asset._bytes;
		},
		recordDerived(asset, info) {
			derived.push({ public_id: asset.public_id, ...info });
		},
	};
}

describe('delivery handler over HTTP', () => {
	let server;
	let base;
	let store;
	let handler;
	const clock = {
		t: Date.parse('2026-11-26T12:00:00Z'),
		now() {
			return this.t;
		},
	};
	let wav;

	const get = (path, headers = {}) =>
		axios.get(`${base}${path}`, {
			responseType: 'arraybuffer',
			validateStatus: () => true,
			headers,
			decompress: false,
		});
	/** The SDK's URL for this cloud, re-pointed at the emulator (path + query, including ?_a=…). */
	const sdk = (publicId, options) => {
		const u = new URL(
			cloudinary.url(publicId, { cloud_name: CLOUD, api_secret: SECRET, ...options }),
		);
		expect(u.pathname.startsWith(`/${CLOUD}/`)).toBe(true);
		return u.pathname + u.search;
	};

	beforeAll(async () => {
		cloudinary.config({ cloud_name: CLOUD, api_key: '123456789012345', api_secret: SECRET });
		store = fakeStore();
		wav = renderWav({ seconds: 1, sampleRate: 8000 });
		const v = 1764158400;
		store.add(
			{
				public_id: 'covers/9781800000001',
				resource_type: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
			},
			master,
		);
		store.add(
			{
				public_id: 'covers/cmyk-master',
				resource_type: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
			},
			cmykMaster,
		);
		store.add(
			{
				public_id: 'restricted/jacket',
				resource_type: 'image',
				type: 'authenticated',
				format: 'jpg',
				version: v,
			},
			master,
		);
		store.add(
			{
				public_id: 'private/jacket',
				resource_type: 'image',
				type: 'private',
				format: 'jpg',
				version: v,
			},
			master,
		);
		store.add(
			{
				public_id: 'embargo/cover',
				resource_type: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
				access_control: [
					{ access_type: 'anonymous', start: '2027-01-01T00:00:00Z', end: '2027-02-01T00:00:00Z' },
				],
			},
			master,
		);
		store.add(
			{
				public_id: 'tokened/cover',
				resource_type: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
				access_control: JSON.stringify([{ access_type: 'token' }]),
			},
			master,
		);
		store.add(
			{
				public_id: 'my folder/ä b',
				resource_type: 'image',
				type: 'upload',
				format: 'png',
				version: v,
			},
			await quadrants(200, 100),
		);
		store.add(
			{
				public_id: 'my_folder/card',
				resource_type: 'image',
				type: 'upload',
				format: 'png',
				version: v,
			},
			await quadrants(100, 100),
		);
		store.add(
			{
				public_id: 'audio-samples/9781800000002-sample',
				resource_type: 'video',
				type: 'upload',
				format: 'wav',
				version: v,
			},
			wav,
		);
		store.add(
			{ public_id: 'docs/titles.csv', resource_type: 'raw', type: 'upload', version: v },
			Buffer.from('isbn,title\n'),
		);
		// the emulator's store keeps camelCase records; both spellings must work
		store.add(
			{
				publicId: 'camel/cover',
				resourceType: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
				accessControl: [{ access_type: 'anonymous', end: '2020-01-01T00:00:00Z' }],
			},
			master,
		);
		store.add(
			{
				publicId: 'camel/mode',
				resource_type: 'image',
				type: 'upload',
				format: 'jpg',
				version: v,
				accessMode: 'authenticated',
			},
			master,
		);
		handler = createDeliveryHandler({
			store,
			cloudName: CLOUD,
			apiSecret: SECRET,
			clock,
			tokenKey: TOKEN_KEY,
			resolveNamedTransformation: (name) =>
				name === 'ebook_cover' ? 'c_fill,g_auto,h_2560,w_1600/q_90' : undefined,
		});
		server = http.createServer(handler);
		await new Promise((r) => server.listen(0, '127.0.0.1', r));
		base = `http://127.0.0.1:${server.address().port}`;
	});
	afterAll(() => new Promise((r) => server.close(r)));

	test('the original is served byte-identical with Cloudinary-like headers (SDK URL, ?_a= ignored)', async () => {
		const path = sdk('covers/9781800000001', { format: 'jpg', version: 1764158400 });
		expect(path).toMatch(/\?_a=/);
		const res = await get(path);
		expect(res.status).toBe(200);
		expect(Buffer.from(res.data).equals(master)).toBe(true);
		expect(res.headers['content-type']).toBe('image/jpeg');
		expect(Number(res.headers['content-length'])).toBe(master.length);
		expect(res.headers.etag).toBe(`"${md5(master)}"`);
		expect(res.headers['cache-control']).toBe('public, max-age=2592000');
		// no version, and a stale version: still the current bytes (see ASSUMPTIONS in delivery.js)
		expect(
			Buffer.from((await get(`/${CLOUD}/image/upload/covers/9781800000001.jpg`)).data).equals(
				master,
			),
		).toBe(true);
		expect((await get(`/${CLOUD}/image/upload/v1/covers/9781800000001.jpg`)).status).toBe(200);
		expect(
			(await get(`/${CLOUD}/image/upload/v1/covers/9781800000001`)).headers['content-type'],
		).toBe('image/jpeg');
		const head = await axios.head(`${base}${path}`, { validateStatus: () => true });
		expect([head.status, Number(head.headers['content-length'])]).toEqual([200, master.length]);
		expect(store.derived).toHaveLength(0);
	});

	test('transformed variants have their true size and format, are cached and recorded once', async () => {
		const path = sdk('covers/9781800000001', {
			format: 'jpg',
			version: 1764158400,
			transformation: [{ crop: 'fill', gravity: 'auto', width: 1000, height: 1000 }],
		});
		expect(path).toContain('/c_fill,g_auto,h_1000,w_1000/v1764158400/');
		const calls = store.getBytesCalls;
		const a = await get(path);
		expect(a.status).toBe(200);
		const m = await sharp(Buffer.from(a.data)).metadata();
		expect([m.format, m.width, m.height]).toEqual(['jpeg', 1000, 1000]);
		const b = await get(path);
		expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
		expect(store.getBytesCalls).toBe(calls + 1); // the second request came from the cache
		expect(handler.cacheStats().hits).toBeGreaterThanOrEqual(1);
		expect(store.derived.filter((d) => d.transformation === 'c_fill,g_auto,h_1000,w_1000')).toEqual(
			[
				{
					public_id: 'covers/9781800000001',
					transformation: 'c_fill,g_auto,h_1000,w_1000',
					format: 'jpg',
					bytes: a.data.byteLength,
					width: 1000,
					height: 1000,
				},
			],
		);

		const png = await get(
			sdk('covers/9781800000001', {
				transformation: [{ crop: 'scale', width: 300 }],
				fetch_format: 'png',
			}),
		);
		expect(png.headers['content-type']).toBe('image/png');
		expect((await sharp(Buffer.from(png.data)).metadata()).width).toBe(300);

		const ext = await get(
			`/${CLOUD}/image/upload/c_limit,w_600/v1764158400/covers/9781800000001.webp`,
		);
		expect([
			ext.headers['content-type'],
			(await sharp(Buffer.from(ext.data)).metadata()).width,
		]).toEqual(['image/webp', 600]);

		const print = await get(
			sdk('covers/cmyk-master', {
				format: 'jpg',
				transformation: [
					{ crop: 'limit', width: 1800 },
					{ color_space: 'keep_cmyk', density: 300, quality: 95 },
				],
			}),
		);
		const pm = await sharp(Buffer.from(print.data)).metadata();
		expect([pm.space, pm.density, pm.width]).toEqual(['cmyk', 300, 1800]);

		const named = await get(`/${CLOUD}/image/upload/t_ebook_cover/covers/9781800000001.jpg`);
		const nm = await sharp(Buffer.from(named.data)).metadata();
		expect([nm.width, nm.height]).toEqual([1600, 2560]);

		const overlay = await get(
			`/${CLOUD}/image/upload/c_fill,w_400,h_400/l_my_folder:card,g_north_west/covers/9781800000001.png`,
		);
		expect(overlay.status).toBe(200);
		expect(near(await pixel(Buffer.from(overlay.data), 10, 10), [255, 0, 0], 8)).toBe(true); // the card's red quadrant
		expect(near(await pixel(Buffer.from(overlay.data), 60, 10), [0, 255, 0], 8)).toBe(true);

		const auto = await get(`/${CLOUD}/image/upload/c_scale,w_200/f_auto/covers/9781800000001.jpg`, {
			Accept: 'image/avif,image/webp,*/*',
		});
		expect([auto.headers['content-type'], auto.headers.vary]).toEqual(['image/avif', 'Accept']);
	});

	test('folders with spaces, non-ASCII and underscores resolve', async () => {
		const path = sdk('my folder/ä b', { format: 'png' });
		expect(path).toContain('my%20folder/%C3%A4%20b.png');
		expect((await get(path)).status).toBe(200);
		const signed = sdk('my folder/ä b', {
			format: 'png',
			sign_url: true,
			transformation: [{ width: 50, crop: 'scale' }],
		});
		const res = await get(signed);
		expect(res.status).toBe(200);
		expect((await sharp(Buffer.from(res.data)).metadata()).width).toBe(50);
		// `my_folder` is not a transformation
		expect((await get(`/${CLOUD}/image/upload/my_folder/card.png`)).status).toBe(200);
	});

	test('404 and 400 carry X-Cld-Error', async () => {
		const missing = await get(`/${CLOUD}/image/upload/v1/covers/nope.jpg`);
		expect(missing.status).toBe(404);
		expect(missing.headers['x-cld-error']).toBe('Resource not found - covers/nope');
		const bad = await get(`/${CLOUD}/image/upload/zz_1/covers/9781800000001.jpg`);
		expect(bad.status).toBe(400);
		expect(bad.headers['x-cld-error']).toBe('Invalid transformation parameter: zz_1');
		expect((await get(`/other-cloud/image/upload/covers/9781800000001.jpg`)).status).toBe(404);
		expect(
			(await get(`/${CLOUD}/image/upload/t_unknown_named/covers/9781800000001.jpg`)).headers[
				'x-cld-error'
			],
		).toBe('Named transformation not found - unknown_named');
	});

	test('signed URLs: our verification accepts exactly what the SDK signs', async () => {
		// the reference vectors (secret abcd) and the SDK agree with our signer
		expect(signDeliveryPath('c_scale,w_100', 'sample.jpg', 'abcd')).toBe('s--__qjBcC6--');
		expect(signDeliveryPath('', 'sample.jpg', 'abcd', { long: true })).toBe(
			's--ZpqZj1Oc4nbeNu4FrlHDZCbYtTcdr4st--',
		);
		const cases = [
			{ format: 'jpg' },
			{ format: 'jpg', version: 1764158400 },
			{
				format: 'jpg',
				transformation: [{ crop: 'fill', width: 200, height: 300 }, { quality: 'auto' }],
			},
			{ format: 'jpg', long_url_signature: true },
			{
				format: 'png',
				transformation: [{ crop: 'pad', width: 100, height: 100, background: 'rgb:ff0000' }],
			},
		];
		for (const opts of cases) {
			const path = sdk('restricted/jacket', { type: 'authenticated', sign_url: true, ...opts });
			const sig = /\/(s--[A-Za-z0-9_-]+--)\//.exec(path)[1];
			const res = await get(path);
			expect([path, res.status]).toEqual([path, 200]);
			// one changed character → 401
			const altered = path.replace(
				sig,
				sig.slice(0, 3) + (sig[3] === 'A' ? 'B' : 'A') + sig.slice(4),
			);
			const r401 = await get(altered);
			expect(r401.status).toBe(401);
			expect(r401.headers['x-cld-error']).toMatch(/signature/i);
		}
		// a signature for another public id or transformation does not transfer
		const other = sdk('covers/9781800000001', {
			type: 'authenticated',
			sign_url: true,
			format: 'jpg',
		});
		const moved = other.replace('covers/9781800000001', 'restricted/jacket');
		expect((await get(moved)).status).toBe(401);
		const t = sdk('restricted/jacket', {
			type: 'authenticated',
			sign_url: true,
			format: 'jpg',
			transformation: [{ width: 100, crop: 'scale' }],
		});
		expect((await get(t.replace('c_scale,w_100', 'c_scale,w_101'))).status).toBe(401);
	});

	test('authenticated without a signature is 401; private originals need one, derived do not', async () => {
		const unsigned = await get(`/${CLOUD}/image/authenticated/v1/restricted/jacket.jpg`);
		expect(unsigned.status).toBe(401);
		expect(unsigned.headers['x-cld-error']).toBeTruthy();
		expect(
			(await get(`/${CLOUD}/image/authenticated/c_scale,w_100/restricted/jacket.jpg`)).status,
		).toBe(401);
		expect((await get(`/${CLOUD}/image/private/v1/private/jacket.jpg`)).status).toBe(401);
		expect(
			(await get(sdk('private/jacket', { type: 'private', sign_url: true, format: 'jpg' }))).status,
		).toBe(200);
		expect((await get(`/${CLOUD}/image/private/c_scale,w_100/v1/private/jacket.jpg`)).status).toBe(
			200,
		);
		expect((await get(`/${CLOUD}/image/private/fl_attachment/v1/private/jacket.jpg`)).status).toBe(
			401,
		); // still the original's bytes
		// the asset is not public under `upload`
		expect((await get(`/${CLOUD}/image/upload/v1/restricted/jacket.jpg`)).status).toBe(404);
	});

	test('token auth (SDK auth_token, url and acl forms) opens authenticated assets until it expires', async () => {
		const now = Math.floor(clock.now() / 1000);
		const withUrl = sdk('restricted/jacket', {
			type: 'authenticated',
			sign_url: true,
			format: 'jpg',
			auth_token: { key: TOKEN_KEY, start_time: now - 10, duration: 300 },
		});
		expect(withUrl).toContain('__cld_token__=');
		expect((await get(withUrl)).status).toBe(200);
		const withAcl = sdk('restricted/jacket', {
			type: 'authenticated',
			sign_url: true,
			format: 'jpg',
			auth_token: {
				key: TOKEN_KEY,
				start_time: now - 10,
				duration: 300,
				acl: '/image/authenticated/*',
			},
		});
		expect((await get(withAcl)).status).toBe(200);
		const otherKey = sdk('restricted/jacket', {
			type: 'authenticated',
			sign_url: true,
			format: 'jpg',
			auth_token: { key: 'abcdef012345', start_time: now - 10, duration: 300 },
		});
		expect((await get(otherKey)).status).toBe(401);
		const saved = clock.t;
		clock.t += 600 * 1000;
		try {
			const expired = await get(withUrl);
			expect(expired.status).toBe(401);
			expect(expired.headers['x-cld-error']).toMatch(/expired/);
		} finally {
			clock.t = saved;
		}
	});

	test('access_control: an anonymous window opens and closes with the clock; token rules need a token', async () => {
		const path = `/${CLOUD}/image/upload/v1/embargo/cover.jpg`;
		const saved = clock.t;
		try {
			clock.t = Date.parse('2026-12-31T23:59:59Z');
			const before = await get(path);
			expect(before.status).toBe(401);
			expect(before.headers['x-cld-error']).toMatch(/restricted/);
			clock.t = Date.parse('2027-01-15T00:00:00Z');
			expect((await get(path)).status).toBe(200);
			clock.t = Date.parse('2027-02-01T00:00:00Z'); // the end itself is still inside
			expect((await get(path)).status).toBe(200);
			clock.t = Date.parse('2027-02-01T00:00:01Z');
			expect((await get(path)).status).toBe(401);
		} finally {
			clock.t = saved;
		}
		expect((await get(`/${CLOUD}/image/upload/v1/tokened/cover.jpg`)).status).toBe(401);
		// camelCase accessControl, window over
		expect((await get(`/${CLOUD}/image/upload/v1/camel/cover.jpg`)).status).toBe(401);
		expect((await get(`/${CLOUD}/image/upload/v1/camel/mode.jpg`)).status).toBe(401); // accessMode authenticated
		expect((await get(sdk('camel/mode', { sign_url: true, format: 'jpg' }))).status).toBe(200);
		expect((await get(sdk('tokened/cover', { sign_url: true, format: 'jpg' }))).status).toBe(200);
		const now = Math.floor(clock.now() / 1000);
		expect(
			(
				await get(
					sdk('tokened/cover', {
						sign_url: true,
						format: 'jpg',
						auth_token: { key: TOKEN_KEY, start_time: now, duration: 60 },
					}),
				)
			).status,
		).toBe(200);
	});

	test('fl_attachment downloads: original bytes for the flag alone, a named file for a variant', async () => {
		const res = await get(`/${CLOUD}/image/upload/fl_attachment/v1/covers/9781800000001.jpg`);
		expect(res.status).toBe(200);
		expect(res.headers['content-disposition']).toBe('attachment; filename="9781800000001.jpg"');
		expect(Buffer.from(res.data).equals(master)).toBe(true);
		const named = await get(
			sdk('covers/9781800000001', {
				format: 'jpg',
				flags: 'attachment:front_cover',
				transformation: [{ width: 120, crop: 'scale' }],
			}),
		);
		expect(named.headers['content-disposition']).toBe('attachment; filename="front_cover.jpg"');
		expect((await sharp(Buffer.from(named.data)).metadata()).width).toBe(120);
		expect(
			(await get(`/${CLOUD}/image/upload/c_scale,w_100/covers/9781800000001.jpg`)).headers[
				'content-disposition'
			],
		).toBeUndefined();
	});

	test('audio and raw originals, ranges, conditional requests', async () => {
		const a = await get(`/${CLOUD}/video/upload/v1/audio-samples/9781800000002-sample.wav`);
		expect([a.status, a.headers['content-type']]).toEqual([200, 'audio/wav']);
		expect(Buffer.from(a.data).equals(wav)).toBe(true);
		const part = await get(`/${CLOUD}/video/upload/v1/audio-samples/9781800000002-sample.wav`, {
			Range: 'bytes=0-43',
		});
		expect([part.status, part.headers['content-range'], part.data.byteLength]).toEqual([
			206,
			`bytes 0-43/${wav.length}`,
			44,
		]);
		expect(
			(await get(`/${CLOUD}/video/upload/du_1/audio-samples/9781800000002-sample.wav`)).status,
		).toBe(400);
		const csv = await get(`/${CLOUD}/raw/upload/v1/docs/titles.csv`);
		expect([csv.status, csv.headers['content-type'], Buffer.from(csv.data).toString()]).toEqual([
			200,
			'text/csv',
			'isbn,title\n',
		]);
		const again = await get(`/${CLOUD}/image/upload/v1/covers/9781800000001.jpg`, {
			'If-None-Match': `"${md5(master)}"`,
		});
		expect(again.status).toBe(304);
	});
});
