// Channel presets and retailer specs as data: the print-size formula, the strings each preset
// produces, and the rule evaluation behind the Validation resource.
import {
	CHANNEL_PRESETS,
	customPreset,
	guidedTransformation,
	presetByKey,
	printCoverSize,
	printPreset,
	PRESET_OPTIONS,
} from '../../nodes/Cloudinary/presets/channels';
import { RETAILER_SPECS, specByKey } from '../../nodes/Cloudinary/presets/retailerSpecs';
import {
	colorSpaceOf,
	evaluate,
	factsOf,
	ratioText,
} from '../../nodes/Cloudinary/actions/validation/rules';

describe('print cover size', () => {
	it.each([
		// trim w, trim h, bleed, spine → px (300 dpi)
		[6, 9, 0.125, undefined, Math.round(6.125 * 300), Math.round(9.25 * 300)],
		[5.5, 8.5, 0.125, undefined, Math.round(5.625 * 300), Math.round(8.75 * 300)],
		[6, 9, 0.125, 0.75, Math.round((12 + 0.75 + 0.25) * 300), Math.round(9.25 * 300)],
		[5.06, 7.81, 0, undefined, Math.round(5.06 * 300), Math.round(7.81 * 300)],
	])('trim %p × %p in, bleed %p, spine %p → %p × %p px', (w, h, bleed, spine, width, height) => {
		const size = printCoverSize(w, h, bleed, spine);
		expect(size).toMatchObject({ width, height });
		expect(size.formula).toContain('300 dpi');
	});

	it('builds a 300-dpi preset with an explicit quality, never q_auto (which strips density)', () => {
		const preset = printPreset(6, 9);
		expect(preset.transformation).toBe(
			'c_fill,g_auto,h_2775,w_1838/q_100/f_jpg/dn_300/cs_keep_cmyk',
		);
		expect(preset.transformation).not.toMatch(/q_auto/);
		expect([preset.width, preset.height]).toEqual([1838, 2775]);
		expect(
			presetByKey('printCover', { trimWidth: 5, trimHeight: 8, bleed: 0.125, spine: 0.5 }),
		).toMatchObject({ width: Math.round((10 + 0.5 + 0.25) * 300), height: Math.round(8.25 * 300) });
	});
});

describe('channel presets', () => {
	it('every preset has a source, a sized fill crop matching its width/height and an explicit format', () => {
		for (const p of CHANNEL_PRESETS) {
			expect(p.sources.length).toBeGreaterThan(0);
			for (const s of p.sources) expect(s.says.length).toBeGreaterThan(10);
			expect(p.transformation).toContain(`w_${p.width}`);
			if (p.height) expect(p.transformation).toContain(`h_${p.height}`);
			expect(p.transformation).toContain(`f_${p.format}`);
			expect(p.transformation).not.toMatch(/q_auto/);
			expect(p.transformation).toContain('cs_srgb');
		}
		expect(presetByKey('ebookCover')!.transformation).toBe(
			'c_fill,g_auto,h_2560,w_1600/q_90/f_jpg/cs_srgb',
		);
		expect(PRESET_OPTIONS.map((o) => o.value)).toEqual([
			'printCover',
			...CHANNEL_PRESETS.map((p) => p.key),
		]);
	});

	it('the social crops are 1080×1080, 1080×1350 and 1200×630', () => {
		expect(
			['socialSquare', 'socialPortrait', 'socialLink'].map((k) => [
				presetByKey(k)!.width,
				presetByKey(k)!.height,
			]),
		).toEqual([
			[1080, 1080],
			[1080, 1350],
			[1200, 630],
		]);
	});

	it('a custom preset reads its expected size and format from the string', () => {
		expect(customPreset('Thumb', 'c_fill,g_auto,h_600,w_400/q_85/f_png')).toMatchObject({
			key: 'custom:Thumb',
			width: 400,
			height: 600,
			format: 'png',
		});
		expect(customPreset('Half', 'w_0.5')).toMatchObject({ width: 0, height: 0, format: '' });
	});

	it('guided fields map #rrggbb backgrounds like the SDK', () => {
		expect(
			guidedTransformation({ width: 400, height: 300, crop: 'pad', background: '#ff0000' }),
		).toBe('b_rgb:ff0000,c_pad,h_300,w_400');
	});
});

describe('retailer specs', () => {
	it('every rule carries a source', () => {
		for (const s of RETAILER_SPECS) for (const r of s.rules) expect(r.source?.url).toBeTruthy();
	});

	const cover = (over: Record<string, unknown> = {}) =>
		factsOf({
			public_id: 'covers/x',
			width: 1800,
			height: 2700,
			format: 'jpg',
			bytes: 900000,
			image_metadata: { colorspace: 'srgb' },
			...over,
		});

	it('a good print-ratio cover passes Apple, Google, IngramSpark and KDP (KDP ratio only as a recommendation)', () => {
		const result = evaluate(
			cover(),
			['appleBooks', 'googlePlayBooks', 'ingramEbook', 'kdpEbook'].map((k) => specByKey(k)!),
		);
		expect(result.passed).toBe(true);
		expect(result.failures).toEqual([]);
		expect(result.warnings).toEqual([
			'Amazon KDP eBook needs a width:height ratio of 1:1.6 ±2% (recommended)',
		]);
	});

	it('names each failed rule with expected and actual values and one sentence', () => {
		const result = evaluate(cover({ width: 500, height: 750 }), [specByKey('appleBooks')!]);
		expect(result.passed).toBe(false);
		expect(
			result.rules
				.filter((r) => r.passed === false)
				.map((r) => ({ rule: r.rule, expected: r.expected, actual: r.actual })),
		).toEqual([{ rule: 'minShortestSide', expected: 1400, actual: 500 }]);
		expect(result.summary).toBe(
			'covers/x is 500 × 750 px (JPG, sRGB, 878.9 KB); Apple Books needs at least 1400 px on the shortest side.',
		);
	});

	it('ACX needs a square, RGB JPEG of at least 2400 px', () => {
		const r = evaluate(
			cover({ width: 2400, height: 2401, format: 'png', image_metadata: { ColorSpace: 'CMYK' } }),
			[specByKey('acxAudio')!],
		);
		expect(r.rules.filter((x) => x.passed === false).map((x) => x.rule)).toEqual([
			'ratio',
			'format',
			'colorSpace',
		]);
		expect(ratioText(1 / 1.6)).toBe('1:1.6');
	});

	it('an unknown colour space is reported as not checked, not as a failure', () => {
		const r = evaluate(cover({ image_metadata: {} }), [specByKey('ingramEbook')!]);
		expect(r.passed).toBe(true);
		expect(r.rules.find((x) => x.rule === 'colorSpace')).toMatchObject({
			passed: null,
			actual: null,
		});
		expect(r.summary).toContain('Not checked');
	});

	it.each([
		[{ image_metadata: { colorspace: 'cmyk' } }, 'cmyk'],
		[{ image_metadata: { ColorSpace: 'sRGB' } }, 'srgb'],
		[{ image_metadata: { ColorMode: 'CMYK' } }, 'cmyk'],
		[{ image_metadata: { PhotometricInterpretation: 'RGB' } }, 'rgb'],
		[{ image_metadata: { ColorComponents: '4' } }, 'cmyk'],
		[{ image_metadata: { ColorSpace: 'Gray' } }, 'gray'],
		[{ colorspace: 'CMYK' }, 'cmyk'],
		[{ image_metadata: { ColorSpace: 'Uncalibrated' } }, undefined],
		[{}, undefined],
	])('reads the colour space from %p', (details, expected) => {
		expect(colorSpaceOf(details)).toBe(expected);
	});
});
