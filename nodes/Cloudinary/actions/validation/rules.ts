import type { IDataObject } from 'n8n-workflow';
import type { RetailerSpec, SpecRule } from '../../presets/retailerSpecs';

// Pure rule evaluation: asset facts (from the Admin API's details) against retailer specs.

export interface AssetFacts {
	publicId: string;
	width?: number;
	height?: number;
	format?: string;
	bytes?: number;
	/** srgb, rgb, cmyk, gray, or undefined when Cloudinary did not say. */
	colorSpace?: string;
}

export interface RuleResult {
	spec: string;
	rule: string;
	severity: 'required' | 'recommended';
	/** null when the fact the rule needs is unknown (never counted as a failure). */
	passed: boolean | null;
	expected: string | number;
	actual: string | number | null;
	message: string;
	source?: string;
}

const FORMAT_ALIASES: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', tif: 'tiff' };

export function normaliseFormat(format: unknown): string | undefined {
	if (typeof format !== 'string' || !format) return undefined;
	const f = format.toLowerCase();
	return FORMAT_ALIASES[f] ?? f;
}

function classifySpace(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).toLowerCase();
	if (/cmyk|ycck/.test(text)) return 'cmyk';
	if (/gr[ae]y|mono|black ?is ?zero|white ?is ?zero/.test(text)) return 'gray';
	if (text === 'srgb' || /\bsrgb\b/.test(text)) return 'srgb';
	if (/rgb|ycbcr/.test(text)) return 'rgb';
	return undefined;
}

/**
 * The colour space from an Admin API details body, read defensively: the `image_metadata` object
 * (the emulator's `colorspace`; exiftool-style `ColorSpace`, `ColorMode`, `ColorSpaceData`,
 * `PhotometricInterpretation`, or four `ColorComponents` for CMYK JPEGs) or a top-level `colorspace`.
 */
export function colorSpaceOf(details: IDataObject): string | undefined {
	const meta = (details.image_metadata ?? {}) as IDataObject;
	const entries = Object.entries(meta);
	const find = (re: RegExp) => entries.find(([k]) => re.test(k))?.[1];
	const candidates = [
		find(/^colou?r_?space$/i),
		details.colorspace,
		find(/^colou?rmode$/i),
		find(/^colou?rspacedata$/i),
		find(/^photometricinterpretation$/i),
	];
	for (const c of candidates) {
		const space = classifySpace(c);
		if (space) return space;
	}
	const components = find(/^colou?rcomponents$/i);
	if (components !== undefined && Number(components) === 4) return 'cmyk';
	if (components !== undefined && Number(components) === 1) return 'gray';
	return undefined;
}

export function factsOf(details: IDataObject): AssetFacts {
	const num = (v: unknown) =>
		typeof v === 'number' && Number.isFinite(v)
			? v
			: typeof v === 'string' && /^\d+$/.test(v)
				? Number(v)
				: undefined;
	return {
		publicId: String(details.public_id ?? ''),
		width: num(details.width),
		height: num(details.height),
		format: normaliseFormat(details.format),
		bytes: num(details.bytes),
		colorSpace: colorSpaceOf(details),
	};
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024 * 1024) return `${+(bytes / 1024 ** 3).toFixed(2)} GB`;
	if (bytes >= 1024 * 1024) return `${+(bytes / 1024 ** 2).toFixed(2)} MB`;
	if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} bytes`;
}

/** width ÷ height as "1:h" text, e.g. 0.625 → "1:1.6". */
export function ratioText(widthOverHeight: number): string {
	return `1:${+(1 / widthOverHeight).toFixed(3)}`;
}

const SPACE_NAMES: Record<string, string> = {
	srgb: 'sRGB',
	rgb: 'RGB',
	cmyk: 'CMYK',
	gray: 'greyscale',
};

function evaluateRule(spec: string, rule: SpecRule, f: AssetFacts): RuleResult {
	const base = { spec, rule: rule.kind, severity: rule.severity, source: rule.source?.url };
	const v = rule.value ?? 0;
	const sides = f.width !== undefined && f.height !== undefined ? [f.width, f.height] : undefined;
	const px = (n: number) => `${n} px`;
	const unknown = (expected: string | number, what: string) => ({
		...base,
		passed: null,
		expected,
		actual: null,
		message: `${spec}: the ${what} is unknown, so "${rule.kind}" was not checked`,
	});
	switch (rule.kind) {
		case 'minShortestSide':
		case 'minLongestSide': {
			const what = rule.kind === 'minShortestSide' ? 'shortest' : 'longest';
			if (!sides) return unknown(v, 'pixel size');
			const actual = what === 'shortest' ? Math.min(...sides) : Math.max(...sides);
			return {
				...base,
				passed: actual >= v,
				expected: v,
				actual,
				message: `${spec} needs at least ${px(v)} on the ${what} side`,
			};
		}
		case 'minWidth':
		case 'minHeight': {
			const what = rule.kind === 'minWidth' ? 'width' : 'height';
			const actual = what === 'width' ? f.width : f.height;
			if (actual === undefined) return unknown(v, what);
			return {
				...base,
				passed: actual >= v,
				expected: v,
				actual,
				message: `${spec} needs a ${what} of at least ${px(v)}`,
			};
		}
		case 'maxSide': {
			if (!sides) return unknown(v, 'pixel size');
			const actual = Math.max(...sides);
			return {
				...base,
				passed: actual <= v,
				expected: v,
				actual,
				message: `${spec} allows at most ${px(v)} on any side`,
			};
		}
		case 'ratio': {
			const tolerance = rule.tolerance ?? 0;
			const expected = `${ratioText(v)}${tolerance ? ` ±${+(tolerance * 100).toFixed(2)}%` : ''}`;
			if (!sides || !f.height) return unknown(expected, 'pixel size');
			const actual = f.width! / f.height;
			const passed = Math.abs(actual - v) <= v * tolerance + 1e-9;
			return {
				...base,
				passed,
				expected,
				actual: ratioText(actual),
				message: `${spec} needs a width:height ratio of ${expected}`,
			};
		}
		case 'format': {
			const allowed = (rule.allowed ?? []).map((a) => normaliseFormat(a)!);
			const expected = allowed.join(' or ');
			if (!f.format) return unknown(expected, 'format');
			return {
				...base,
				passed: allowed.includes(f.format),
				expected,
				actual: f.format,
				message: `${spec} needs a ${allowed.map((a) => a.toUpperCase()).join(' or ')} file`,
			};
		}
		case 'colorSpace': {
			const allowed = rule.allowed ?? [];
			const expected = allowed.join(' or ');
			if (!f.colorSpace) return unknown(expected, 'colour space');
			const names = [
				...new Set(
					allowed.map((a) => (a === 'srgb' || a === 'rgb' ? 'RGB' : (SPACE_NAMES[a] ?? a))),
				),
			];
			return {
				...base,
				passed: allowed.includes(f.colorSpace),
				expected,
				actual: f.colorSpace,
				message: `${spec} needs ${names.join(' or ')} colour`,
			};
		}
		case 'maxBytes': {
			if (f.bytes === undefined) return unknown(v, 'file size');
			return {
				...base,
				passed: f.bytes <= v,
				expected: v,
				actual: f.bytes,
				message: `${spec} allows at most ${formatBytes(v)}`,
			};
		}
	}
}

export interface Evaluation {
	passed: boolean;
	rules: RuleResult[];
	failures: string[];
	warnings: string[];
	summary: string;
}

export function describeAsset(f: AssetFacts): string {
	const size =
		f.width !== undefined && f.height !== undefined
			? `${f.width} × ${f.height} px`
			: 'of unknown pixel size';
	const details = [
		f.format?.toUpperCase(),
		f.colorSpace ? (SPACE_NAMES[f.colorSpace] ?? f.colorSpace) : undefined,
		f.bytes !== undefined ? formatBytes(f.bytes) : undefined,
	].filter(Boolean);
	return `${f.publicId || 'The asset'} is ${size}${details.length ? ` (${details.join(', ')})` : ''}`;
}

export function evaluate(facts: AssetFacts, specs: RetailerSpec[]): Evaluation {
	const rules = specs.flatMap((s) => s.rules.map((r) => evaluateRule(s.name, r, facts)));
	const failures = rules
		.filter((r) => r.passed === false && r.severity === 'required')
		.map((r) => r.message);
	const warnings = rules
		.filter((r) => r.passed === false && r.severity === 'recommended')
		.map((r) => `${r.message} (recommended)`);
	const unchecked = rules.filter((r) => r.passed === null).map((r) => r.message);
	const passed = failures.length === 0;
	let summary = `${describeAsset(facts)}; `;
	summary += passed
		? `it meets the required rules of ${specs.map((s) => s.name).join(', ')}`
		: failures.join('; ');
	if (warnings.length)
		summary += `. Recommended but not met: ${warnings.map((w) => w.replace(/ \(recommended\)$/, '')).join('; ')}`;
	if (unchecked.length) summary += `. Not checked: ${unchecked.join('; ')}`;
	return { passed, rules, failures, warnings, summary: `${summary}.` };
}
