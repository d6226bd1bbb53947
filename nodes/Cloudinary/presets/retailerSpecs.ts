import type { Source } from './channels';

// Retailer cover specifications as data, each rule with the public source it comes from.
// "required" rules decide `passed`; "recommended" ones are reported but never fail an asset
// (e.g. KDP's 1.6:1 is an "ideal", not a minimum).

export type RuleKind =
	| 'minShortestSide'
	| 'minLongestSide'
	| 'minWidth'
	| 'minHeight'
	| 'maxSide'
	| 'ratio'
	| 'format'
	| 'colorSpace'
	| 'maxBytes';

export interface SpecRule {
	kind: RuleKind;
	/** Pixels, bytes, or for `ratio` the width ÷ height. */
	value?: number;
	/** `ratio` only: allowed relative deviation, e.g. 0.02 for ±2 %. */
	tolerance?: number;
	/** `format` / `colorSpace`: allowed values (lower case; jpg, png, tiff…; srgb, rgb, cmyk, gray). */
	allowed?: string[];
	severity: 'required' | 'recommended';
	source?: Source;
}

export interface RetailerSpec {
	key: string;
	name: string;
	rules: SpecRule[];
}

const KDP: Source = {
	url: 'https://kdp.amazon.com/en_US/help/topic/G6GTK3T3NUHKLEFX',
	says: 'Ideal 2560 × 1600 px (height × width), 1.6:1; minimum 1000 × 625; maximum 10000 × 10000; under 50 MB.',
};
const KDP_FORMAT: Source = {
	url: 'https://osmosio.com/kindle-publishing-essentials/cover-guidelines',
	says: 'KDP eBook covers: JPG or TIFF.',
};
const INGRAM: Source = {
	url: 'https://www.ingramspark.com/plan-your-book/ebooks/epub-guidelines',
	says: 'eBook cover: 2560 px on the longest side, at least 1600 px on the shortest; JPG; RGB.',
};
const APPLE: Source = {
	url: 'https://help.inscribedigital.com/support/solutions/articles/26000012882',
	says: 'Apple Books: at least 1400 px on the shortest side; RGB (CMYK rejected); JPEG or PNG.',
};
const APPLE_FORMAT: Source = {
	url: 'https://itunespartner.apple.com/books/support/9-prepare-book',
	says: 'Apple Books: JPEG or PNG, RGB; CMYK is rejected.',
};
const GOOGLE: Source = {
	url: 'https://support.google.com/books/partner/answer/3424254',
	says: 'Google Play Books: at least 640 px, at most 7200 px in height and width; JPEG, TIFF, PNG or PDF; under 2 GB.',
};
const ACX: Source = {
	url: 'https://web.archive.org/ (ACX cover-art FAQ, 2014)',
	says: 'Audiobook cover: square, at least 2400 × 2400 px, JPG, RGB, 24-bit, at least 72 dpi.',
};
const ACX_BYTES: Source = {
	url: 'https://beta.authorsrepublic.com/learn/blog/55',
	says: 'Audiobook cover files are typically under 5 MB.',
};

const MB = 1024 * 1024;
const RGB = ['srgb', 'rgb'];

export const RETAILER_SPECS: readonly RetailerSpec[] = [
	{
		key: 'kdpEbook',
		name: 'Amazon KDP eBook',
		rules: [
			{ kind: 'minHeight', value: 1000, severity: 'required', source: KDP },
			{ kind: 'minWidth', value: 625, severity: 'required', source: KDP },
			{ kind: 'maxSide', value: 10000, severity: 'required', source: KDP },
			{ kind: 'format', allowed: ['jpg', 'tiff'], severity: 'required', source: KDP_FORMAT },
			{ kind: 'maxBytes', value: 50 * MB, severity: 'required', source: KDP },
			{ kind: 'ratio', value: 1 / 1.6, tolerance: 0.02, severity: 'recommended', source: KDP },
			{ kind: 'minHeight', value: 2500, severity: 'recommended', source: KDP },
		],
	},
	{
		key: 'ingramEbook',
		name: 'IngramSpark eBook',
		rules: [
			{ kind: 'minLongestSide', value: 2560, severity: 'required', source: INGRAM },
			{ kind: 'minShortestSide', value: 1600, severity: 'required', source: INGRAM },
			{ kind: 'format', allowed: ['jpg'], severity: 'required', source: INGRAM },
			{ kind: 'colorSpace', allowed: RGB, severity: 'required', source: INGRAM },
		],
	},
	{
		key: 'appleBooks',
		name: 'Apple Books',
		rules: [
			{ kind: 'minShortestSide', value: 1400, severity: 'required', source: APPLE },
			{ kind: 'format', allowed: ['jpg', 'png'], severity: 'required', source: APPLE_FORMAT },
			{ kind: 'colorSpace', allowed: RGB, severity: 'required', source: APPLE_FORMAT },
		],
	},
	{
		key: 'googlePlayBooks',
		name: 'Google Play Books',
		rules: [
			{ kind: 'minShortestSide', value: 640, severity: 'required', source: GOOGLE },
			{ kind: 'maxSide', value: 7200, severity: 'required', source: GOOGLE },
			{
				kind: 'format',
				allowed: ['jpg', 'tiff', 'png', 'pdf'],
				severity: 'required',
				source: GOOGLE,
			},
			{ kind: 'maxBytes', value: 2 * 1024 * MB, severity: 'required', source: GOOGLE },
		],
	},
	{
		key: 'acxAudio',
		name: 'ACX / Audible Audiobook',
		rules: [
			{ kind: 'ratio', value: 1, tolerance: 0, severity: 'required', source: ACX },
			{ kind: 'minShortestSide', value: 2400, severity: 'required', source: ACX },
			{ kind: 'format', allowed: ['jpg'], severity: 'required', source: ACX },
			{ kind: 'colorSpace', allowed: RGB, severity: 'required', source: ACX },
			{ kind: 'maxBytes', value: 5 * MB, severity: 'recommended', source: ACX_BYTES },
		],
	},
];

export const RETAILER_SPEC_OPTIONS = RETAILER_SPECS.map((s) => ({ name: s.name, value: s.key }));

export function specByKey(key: string): RetailerSpec | undefined {
	return RETAILER_SPECS.find((s) => s.key === key);
}
