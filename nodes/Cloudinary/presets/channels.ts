import { transformationComponent } from '../helpers/deliveryUrl';

// Channel presets as data: every number carries its source. A preset is a Cloudinary
// transformation string plus the size and format the delivered image will have.
// Two Cloudinary facts shape the strings: `q_auto` strips density, so the 300-dpi print preset
// uses an explicit `q_<n>` with `dn_300`; and derived images of CMYK originals are delivered as
// sRGB unless `cs_keep_cmyk` is given, which only the print preset wants.

export interface Source {
	url: string;
	says: string;
}

export interface ChannelPreset {
	key: string;
	name: string;
	description: string;
	width: number;
	height: number;
	format: string;
	transformation: string;
	sources: Source[];
}

export interface GuidedFields {
	width?: number;
	height?: number;
	crop?: string;
	gravity?: string;
	format?: string;
	quality?: string | number;
	dpr?: string | number;
	colorSpace?: string;
	density?: number;
	background?: string;
}

/**
 * One transformation component from guided fields, with the SDK's parameter codes and its
 * alphabetical order (`#rrggbb` backgrounds become `rgb:rrggbb`, as the SDK writes them).
 */
export function guidedTransformation(fields: GuidedFields): string {
	return transformationComponent({
		w: fields.width,
		h: fields.height,
		c: fields.crop,
		g: fields.gravity,
		f: fields.format,
		q: fields.quality,
		dpr: fields.dpr,
		cs: fields.colorSpace,
		dn: fields.density,
		b: fields.background?.replace(/^#/, 'rgb:'),
	});
}

/** A fill-crop to an exact box, then quality, format and colour space as separate components. */
function fillChain(
	width: number,
	height: number,
	quality: number,
	format: string,
	colorSpace: string,
	extra: string[] = [],
): string {
	return [
		guidedTransformation({ width, height, crop: 'fill', gravity: 'auto' }),
		`q_${quality}`,
		`f_${format}`,
		`cs_${colorSpace}`,
		...extra,
	].join('/');
}

export const PRINT_DPI = 300;
export const DEFAULT_BLEED_INCHES = 0.125;
const PRINT_SOURCES: Source[] = [
	{
		url: 'https://www.5dollarbaby.com/design/ingram-spark-cover-file-requirements',
		says:
			'IngramSpark/Lightning Source covers: 300 ppi at output size, 0.125" bleed, 0.25" safe ' +
			'zone, CMYK (third-party summary of help.ingramspark.com 209072806).',
	},
	{
		url: 'https://cloudinary.com/documentation/transformation_reference',
		says:
			'dn_<dpi> sets the delivered density; q_auto strips it, so print uses an explicit ' +
			'q_<n>; cs_keep_cmyk keeps CMYK originals CMYK.',
	},
];

export interface PrintSize {
	width: number;
	height: number;
	formula: string;
}

/**
 * Pixel size of a print cover at 300 dpi. With a spine width the full jacket (back + spine + front,
 * bleed all round): width = (2 × trim width + spine + 2 × bleed) × 300, height = (trim height +
 * 2 × bleed) × 300. Without a spine, the front cover only (bleed on the outer edge, top and bottom):
 * width = (trim width + bleed) × 300, height = (trim height + 2 × bleed) × 300. Rounded to whole px.
 */
export function printCoverSize(
	trimWidthIn: number,
	trimHeightIn: number,
	bleedIn = DEFAULT_BLEED_INCHES,
	spineIn?: number,
): PrintSize {
	const height = Math.round((trimHeightIn + 2 * bleedIn) * PRINT_DPI);
	if (spineIn !== undefined && spineIn > 0) {
		return {
			width: Math.round((2 * trimWidthIn + spineIn + 2 * bleedIn) * PRINT_DPI),
			height,
			formula:
				`full jacket: (2 × ${trimWidthIn} + ${spineIn} + 2 × ${bleedIn}) in × (${trimHeightIn} ` +
				`+ 2 × ${bleedIn}) in at ${PRINT_DPI} dpi`,
		};
	}
	return {
		width: Math.round((trimWidthIn + bleedIn) * PRINT_DPI),
		height,
		formula:
			`front cover: (${trimWidthIn} + ${bleedIn}) in × (${trimHeightIn} + 2 × ${bleedIn}) in ` +
			`at ${PRINT_DPI} dpi`,
	};
}

export function printPreset(
	trimWidthIn = 6,
	trimHeightIn = 9,
	bleedIn = DEFAULT_BLEED_INCHES,
	spineIn?: number,
): ChannelPreset {
	const size = printCoverSize(trimWidthIn, trimHeightIn, bleedIn, spineIn);
	return {
		key: 'printCover',
		name: 'Print Cover (300 DPI)',
		description:
			`${size.formula} = ${size.width} × ${size.height} px; JPEG quality 100, 300 dpi, CMYK ` +
			`kept when the master is CMYK`,
		width: size.width,
		height: size.height,
		format: 'jpg',
		transformation: [
			guidedTransformation({
				width: size.width,
				height: size.height,
				crop: 'fill',
				gravity: 'auto',
			}),
			'q_100',
			'f_jpg',
			'dn_300',
			'cs_keep_cmyk',
		].join('/'),
		sources: PRINT_SOURCES,
	};
}

const FIXED_PRESETS: ChannelPreset[] = [
	{
		key: 'ebookCover',
		name: 'eBook Cover (1600 × 2560)',
		description:
			'KDP ideal marketing cover, height:width 1.6:1; also meets IngramSpark (2560 longest, ' +
			'≥ 1600 shortest) and Apple Books (≥ 1400 shortest); sRGB JPEG',
		width: 1600,
		height: 2560,
		format: 'jpg',
		transformation: fillChain(1600, 2560, 90, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://kdp.amazon.com/en_US/help/topic/G6GTK3T3NUHKLEFX',
				says: 'Ideal 2560 × 1600 px (height × width), ratio 1.6:1; minimum 1000 × 625; JPG or TIFF.',
			},
			{
				url: 'https://www.ingramspark.com/plan-your-book/ebooks/epub-guidelines',
				says: 'eBook cover 2560 px on the longest side, at least 1600 px on the shortest; JPG, RGB.',
			},
			{
				url: 'https://help.inscribedigital.com/support/solutions/articles/26000012882',
				says: 'Apple Books: at least 1400 px on the shortest side; RGB.',
			},
		],
	},
	{
		key: 'audioSquare',
		name: 'Audiobook Square (2400 × 2400)',
		description: 'ACX/Audible storefront art: square, at least 2400 × 2400, RGB JPEG',
		width: 2400,
		height: 2400,
		format: 'jpg',
		transformation: fillChain(2400, 2400, 90, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://web.archive.org/ (ACX cover-art FAQ, 2014)',
				says: 'Square 1:1, at least 2400 × 2400 px, JPG, RGB, 24-bit, at least 72 dpi.',
			},
			{
				url: 'https://beta.authorsrepublic.com/learn/blog/55',
				says: 'Audiobook cover square, at least 2400 × 2400, JPG, RGB; typically under 5 MB.',
			},
		],
	},
	{
		key: 'retailerBanner',
		name: 'Retailer Banner (1920 × 640)',
		description:
			'Wide 3:1 web/retailer banner; an assumption (no retailer source found), adjust with a custom preset',
		width: 1920,
		height: 640,
		format: 'jpg',
		transformation: fillChain(1920, 640, 85, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://example.invalid/assumption',
				says: 'ASSUMPTION: no published retailer banner size was found; 1920 × 640 (3:1) is a house default.',
			},
		],
	},
	{
		key: 'socialSquare',
		name: 'Social Square (1080 × 1080)',
		description: 'Instagram square post, 1:1',
		width: 1080,
		height: 1080,
		format: 'jpg',
		transformation: fillChain(1080, 1080, 85, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://www.pixexact.com/blog/instagram-post-size-guide',
				says: 'Square posts 1:1 at 1080 × 1080 px (third-party guide).',
			},
		],
	},
	{
		key: 'socialPortrait',
		name: 'Social Portrait (1080 × 1350)',
		description: 'Instagram portrait post, 4:5',
		width: 1080,
		height: 1350,
		format: 'jpg',
		transformation: fillChain(1080, 1350, 85, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://www.pixexact.com/blog/instagram-post-size-guide',
				says: 'Portrait posts 4:5 at 1080 × 1350 px (third-party guide).',
			},
		],
	},
	{
		key: 'socialLink',
		name: 'Social Link Card (1200 × 630)',
		description: 'Open Graph link preview (Facebook, LinkedIn, Slack), 1.91:1',
		width: 1200,
		height: 630,
		format: 'jpg',
		transformation: fillChain(1200, 630, 85, 'jpg', 'srgb'),
		sources: [
			{
				url: 'https://useqrkit.com/tools/og-image-size-dimensions-guide',
				says: 'Recommended og:image 1200 × 630 px, 1.91:1 (third-party guide).',
			},
		],
	},
	{
		key: 'newsletter',
		name: 'Newsletter Image (1200 wide)',
		description:
			'Fits a 600 px email column at 2× for high-density screens; height follows the cover (fit, never upscaled)',
		width: 1200,
		height: 0,
		format: 'jpg',
		transformation: [
			guidedTransformation({ width: 1200, crop: 'limit' }),
			'q_85',
			'f_jpg',
			'cs_srgb',
		].join('/'),
		sources: [
			{
				url: 'https://example.invalid/assumption',
				says:
					'ASSUMPTION: email templates are commonly 600 px wide; the image is delivered at 2× ' +
					'(1200 px) and limited, not upscaled.',
			},
		],
	},
];

export const CHANNEL_PRESETS: readonly ChannelPreset[] = FIXED_PRESETS;

export const PRESET_OPTIONS = [
	{
		name: 'Print Cover (300 DPI, From Trim Size)',
		value: 'printCover',
		description: 'Front cover (or full jacket with a spine width) at 300 dpi with bleed',
	},
	...FIXED_PRESETS.map((p) => ({ name: p.name, value: p.key, description: p.description })),
];

export interface PrintOptions {
	trimWidth?: number;
	trimHeight?: number;
	bleed?: number;
	spine?: number;
}

export function presetByKey(key: string, print: PrintOptions = {}): ChannelPreset | undefined {
	if (key === 'printCover')
		return printPreset(print.trimWidth, print.trimHeight, print.bleed, print.spine);
	return FIXED_PRESETS.find((p) => p.key === key);
}

/** A user-defined preset: the expected size and format are read from the string where it says so. */
export function customPreset(name: string, transformation: string): ChannelPreset {
	const params = new Map<string, string>();
	for (const component of transformation.split('/')) {
		for (const pair of component.split(',')) {
			const at = pair.indexOf('_');
			if (at > 0) params.set(pair.slice(0, at), pair.slice(at + 1));
		}
	}
	const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : 0);
	return {
		key: `custom:${name}`,
		name,
		description: 'Custom preset',
		width: num(params.get('w')),
		height: num(params.get('h')),
		format: params.get('f') ?? '',
		transformation,
		sources: [],
	};
}
