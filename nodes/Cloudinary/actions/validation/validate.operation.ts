import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { parallelOptionsCollection, readParallelRequests } from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { listOf } from '../../../shared/parameters';
import { invalidFieldError } from '../../../shared/errors';
import { readAssetReference } from '../../helpers/assetReference';
import { fetchAssetDetails } from '../../helpers/assetTarget';
import { cloudinaryRequest } from '../../transport';
import {
	RETAILER_SPEC_OPTIONS,
	specByKey,
	type RetailerSpec,
	type SpecRule,
} from '../../presets/retailerSpecs';
import { assetLocator, deliveryTypeField } from '../common.descriptions';
import { evaluate, factsOf, normaliseFormat } from './rules';

const properties: INodeProperties[] = [
	assetLocator,
	deliveryTypeField,
	{
		displayName: 'Retailer Specs',
		name: 'specs',
		type: 'multiOptions',
		options: RETAILER_SPEC_OPTIONS,
		default: ['appleBooks'],
		description:
			"The retailers' published cover rules to check against (sources in the documentation)",
	},
	{
		displayName: 'Custom Rules',
		name: 'customRules',
		type: 'collection',
		placeholder: 'Add Rule',
		default: {},
		options: [
			{
				displayName: 'Allowed Colour Spaces',
				name: 'colorSpaces',
				type: 'multiOptions',
				options: [
					{ name: 'RGB / sRGB', value: 'rgb' },
					{ name: 'CMYK', value: 'cmyk' },
					{ name: 'Greyscale', value: 'gray' },
				],
				default: ['rgb'],
			},
			{
				displayName: 'Allowed Formats',
				name: 'formats',
				type: 'string',
				default: '',
				placeholder: 'e.g. jpg, png',
				description: 'Comma-separated file formats',
			},
			{
				displayName: 'Aspect Ratio (Width:Height)',
				name: 'ratio',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2:3, 1:1.6, 1:1',
			},
			{
				displayName: 'Aspect Ratio Tolerance (%)',
				name: 'ratioTolerance',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 50, numberPrecision: 2 },
				default: 2,
				description: 'How far the ratio may be off, in percent',
			},
			{
				displayName: 'Maximum File Size (MB)',
				name: 'maxMegabytes',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description: 'Largest allowed file, in MB (1 MB = 1,048,576 bytes)',
			},
			{
				displayName: 'Minimum Height (Px)',
				name: 'minHeight',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Minimum Longest Side (Px)',
				name: 'minLongestSide',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Minimum Shortest Side (Px)',
				name: 'minShortestSide',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
			{
				displayName: 'Minimum Width (Px)',
				name: 'minWidth',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
			},
		],
	},
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['validation'], operation: ['validate'] } },
	properties,
);

const CUSTOM_NAME = 'The custom profile';

function readCustomRules(this: IExecuteFunctions, itemIndex: number): RetailerSpec | undefined {
	const raw = this.getNodeParameter('customRules', itemIndex, {}) as IDataObject;
	const node = this.getNode();
	const rules: SpecRule[] = [];
	const pixels = (name: string, label: string, kind: SpecRule['kind']) => {
		if (raw[name] === undefined || raw[name] === '' || Number(raw[name]) === 0) return;
		const n = Number(raw[name]);
		if (!Number.isInteger(n) || n < 0)
			throw invalidFieldError(
				node,
				itemIndex,
				`Custom Rules › ${label}`,
				`${raw[name]} is not a whole number of pixels`,
				'a whole number, e.g. 1400 (0 = no rule)',
			);
		rules.push({ kind, value: n, severity: 'required' });
	};
	pixels('minShortestSide', 'Minimum Shortest Side (Px)', 'minShortestSide');
	pixels('minLongestSide', 'Minimum Longest Side (Px)', 'minLongestSide');
	pixels('minWidth', 'Minimum Width (Px)', 'minWidth');
	pixels('minHeight', 'Minimum Height (Px)', 'minHeight');
	const ratio = String(raw.ratio ?? '').trim();
	if (ratio) {
		const m = /^(\d+(?:\.\d+)?)\s*[:x×/]\s*(\d+(?:\.\d+)?)$/i.exec(ratio);
		if (!m || Number(m[1]) === 0 || Number(m[2]) === 0)
			throw invalidFieldError(
				node,
				itemIndex,
				'Custom Rules › Aspect Ratio (Width:Height)',
				`"${ratio}" is not a ratio`,
				'width:height, e.g. 2:3, 1:1.6 or 1:1',
			);
		const tolerance = raw.ratioTolerance === undefined ? 2 : Number(raw.ratioTolerance);
		if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 50)
			throw invalidFieldError(
				node,
				itemIndex,
				'Custom Rules › Aspect Ratio Tolerance (%)',
				`${raw.ratioTolerance} is out of range`,
				'0 to 50 (percent)',
			);
		rules.push({
			kind: 'ratio',
			value: Number(m[1]) / Number(m[2]),
			tolerance: tolerance / 100,
			severity: 'required',
		});
	}
	const formats = listOf(this, raw.formats, itemIndex, 'Custom Rules › Allowed Formats', {
		separator: /,/,
		required: false,
	})
		.map((f) => f.replace(/^\./, ''))
		.filter(Boolean);
	if (formats.length) {
		const bad = formats.find((f) => !/^[a-z0-9]{2,5}$/i.test(f));
		if (bad)
			throw invalidFieldError(
				node,
				itemIndex,
				'Custom Rules › Allowed Formats',
				`"${bad}" is not a file format`,
				'comma-separated extensions, e.g. jpg, png, tiff',
			);
		rules.push({
			kind: 'format',
			allowed: [...new Set(formats.map((f) => normaliseFormat(f)!))],
			severity: 'required',
		});
	}
	if (raw.colorSpaces !== undefined) {
		const spaces = raw.colorSpaces as string[];
		if (!spaces.length)
			throw invalidFieldError(
				node,
				itemIndex,
				'Custom Rules › Allowed Colour Spaces',
				'no colour space was chosen',
				'RGB / sRGB, CMYK, Greyscale (remove the rule to allow any)',
			);
		rules.push({
			kind: 'colorSpace',
			allowed: spaces.flatMap((s) => (s === 'rgb' ? ['srgb', 'rgb'] : [s])),
			severity: 'required',
		});
	}
	if (raw.maxMegabytes !== undefined && Number(raw.maxMegabytes) !== 0) {
		const mb = Number(raw.maxMegabytes);
		if (!Number.isFinite(mb) || mb < 0)
			throw invalidFieldError(
				node,
				itemIndex,
				'Custom Rules › Maximum File Size (MB)',
				`${raw.maxMegabytes} is not a size`,
				'a number of megabytes above 0 (0 = no rule)',
			);
		rules.push({ kind: 'maxBytes', value: Math.round(mb * 1024 * 1024), severity: 'required' });
	}
	return rules.length ? { key: 'custom', name: CUSTOM_NAME, rules } : undefined;
}

function readSpecs(this: IExecuteFunctions, itemIndex: number): RetailerSpec[] {
	const keys = this.getNodeParameter('specs', itemIndex, []) as string[];
	const specs: RetailerSpec[] = [];
	for (const key of keys) {
		const spec = specByKey(key);
		if (!spec)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Retailer Specs',
				`"${key}" is not a retailer spec`,
				RETAILER_SPEC_OPTIONS.map((o) => o.value).join(', '),
			);
		specs.push(spec);
	}
	const custom = readCustomRules.call(this, itemIndex);
	if (custom) specs.push(custom);
	if (!specs.length)
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			'Retailer Specs',
			'no spec and no custom rule was chosen',
			'one or more retailer specs, or a custom rule',
		);
	return specs;
}

/** How the search results are matched back to items: `<group>|<id>`, the group being the search filter. */
function searchKey(this: IExecuteFunctions, itemIndex: number): { group: string; id: string } {
	const reference = readAssetReference.call(this, itemIndex);
	if (reference.assetId !== undefined) return { group: 'asset_id', id: reference.assetId };
	return { group: `${reference.resourceType}|${reference.type}`, id: reference.publicId };
}

const SEARCH_BATCH = 100;
const quote = (text: string) => `"${text.replace(/(["\\])/g, '\\$1')}"`;

/**
 * The facts of many assets with one Search API call per 100 (instead of one details call each,
 * which would spend the hourly Admin API quota fast). The search index can lag behind writes, so an
 * asset the search does not return is read from its details by the per-item path. A failed search
 * only means every item falls back to that path, which reports its own error.
 */
async function prefetch(this: IExecuteFunctions): Promise<Map<string, IDataObject>> {
	const groups = new Map<string, Set<string>>();
	const items = this.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			readSpecs.call(this, itemIndex);
			const { group, id } = searchKey.call(this, itemIndex);
			if (!groups.has(group)) groups.set(group, new Set());
			groups.get(group)!.add(id);
		} catch {
			// The per-item pass raises the same error for this item, with continue-on-fail honoured.
		}
	}
	const found = new Map<string, IDataObject>();
	if (items.length < 2) return found;
	for (const [group, idSet] of groups) {
		const ids = [...idSet];
		for (let start = 0; start < ids.length; start += SEARCH_BATCH) {
			const batch = ids.slice(start, start + SEARCH_BATCH);
			let filter: string;
			if (group === 'asset_id') filter = batch.map((id) => `asset_id=${quote(id)}`).join(' OR ');
			else {
				const [resourceType, type] = group.split('|');
				filter =
					`resource_type=${resourceType} AND type=${type} AND ` +
					`(${batch.map((id) => `public_id=${quote(id)}`).join(' OR ')})`;
			}
			try {
				const { body } = await cloudinaryRequest.call(this, {
					method: 'POST',
					path: 'resources/search',
					body: { expression: filter, with_field: ['image_metadata'], max_results: SEARCH_BATCH },
					idempotent: true,
				});
				for (const r of (body.resources ?? []) as IDataObject[]) {
					found.set(
						group === 'asset_id'
							? `asset_id|${r.asset_id}`
							: `${r.resource_type}|${r.type}|${r.public_id}`,
						r,
					);
				}
			} catch {
				// Fall back to one details call per item (see above).
			}
		}
	}
	return found;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = readParallelRequests.call(this);
	const found = await prefetch.call(this);
	return mapItems.call(
		this,
		async (itemIndex) => {
			const specs = readSpecs.call(this, itemIndex);
			const { group, id } = searchKey.call(this, itemIndex);
			const details =
				found.get(`${group}|${id}`) ??
				(await fetchAssetDetails.call(this, itemIndex, { image_metadata: true }));
			const facts = factsOf(details);
			const result = evaluate(facts, specs);
			return {
				publicId: facts.publicId,
				passed: result.passed,
				summary: result.summary,
				failures: result.failures,
				warnings: result.warnings,
				specs: specs.map((s) => s.name),
				asset: {
					width: facts.width ?? null,
					height: facts.height ?? null,
					format: facts.format ?? null,
					bytes: facts.bytes ?? null,
					colorSpace: facts.colorSpace ?? null,
					resourceType: details.resource_type ?? null,
					type: details.type ?? null,
					version: details.version ?? null,
				},
				rules: result.rules.map((r) => ({ ...r })) as unknown as IDataObject[],
			};
		},
		{ concurrency },
	);
}
