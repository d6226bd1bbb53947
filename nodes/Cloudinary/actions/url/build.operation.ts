import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { invalidFieldError } from '../../../shared/errors';
import { resolveAssetTarget } from '../../helpers/assetTarget';
import { checkFormat, checkTransformation } from '../../helpers/transformation';
import {
	guidedTransformation,
	presetByKey,
	PRESET_OPTIONS,
	type GuidedFields,
} from '../../presets/channels';
import { readCredentials } from '../../transport';
import {
	deliveryUrlFor,
	readDeliveryOptions,
	readPrintOptions,
} from '../../helpers/deliveryOptions';
import {
	assetLocator,
	deliveryOptionFields,
	deliveryTypeField,
	printSizeField,
	resourceTypeField,
} from '../common.descriptions';

const CROPS = [
	'fill',
	'fit',
	'limit',
	'pad',
	'lfill',
	'lpad',
	'mfit',
	'scale',
	'crop',
	'thumb',
	'auto',
];
const GRAVITIES = [
	'auto',
	'center',
	'face',
	'faces',
	'north',
	'north_east',
	'east',
	'south_east',
	'south',
	'south_west',
	'west',
	'north_west',
];
const COLOR_SPACES = ['srgb', 'tinysrgb', 'keep_cmyk', 'no_cmyk', 'cmyk'];
const title = (v: string) =>
	v
		.split('_')
		.map((w) => w[0].toUpperCase() + w.slice(1))
		.join(' ');

const properties: INodeProperties[] = [
	assetLocator,
	resourceTypeField,
	deliveryTypeField,
	{
		displayName: 'Transformation',
		name: 'transformationSource',
		type: 'options',
		options: [
			{
				name: 'Channel Preset',
				value: 'preset',
				description:
					'A ready-made size for a channel: print, eBook, audiobook, banner, social, newsletter',
			},
			{
				name: 'Guided Fields',
				value: 'guided',
				description: 'Width, height, crop, gravity, format, quality…',
			},
			{ name: 'None (Original)', value: 'none' },
			{
				name: 'Transformation String',
				value: 'string',
				description: 'A Cloudinary transformation string, used as written',
			},
		],
		default: 'preset',
	},
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		options: PRESET_OPTIONS,
		default: 'ebookCover',
		displayOptions: { show: { transformationSource: ['preset'] } },
	},
	{
		...printSizeField,
		displayOptions: { show: { transformationSource: ['preset'], preset: ['printCover'] } },
	},
	{
		displayName: 'Transformation String',
		name: 'transformation',
		type: 'string',
		default: '',
		placeholder: 'e.g. c_fill,g_auto,h_2560,w_1600/q_90/f_jpg/cs_srgb',
		displayOptions: { show: { transformationSource: ['string'] } },
	},
	{
		displayName: 'Guided Fields',
		name: 'guided',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { transformationSource: ['guided'] } },
		options: [
			{
				displayName: 'Background',
				name: 'background',
				type: 'string',
				default: '',
				placeholder: 'e.g. white, #ffffff, auto',
				description: 'Padding colour for the Pad crop modes',
			},
			{
				displayName: 'Colour Space',
				name: 'colorSpace',
				type: 'options',
				options: COLOR_SPACES.map((v) => ({
					name:
						v === 'srgb'
							? 'sRGB'
							: v === 'tinysrgb'
								? 'Tiny sRGB'
								: title(v).replace('Cmyk', 'CMYK'),
					value: v,
				})),
				default: 'srgb',
			},
			{
				displayName: 'Crop Mode',
				name: 'crop',
				type: 'options',
				options: CROPS.map((v) => ({ name: title(v), value: v })),
				default: 'fill',
			},
			{
				displayName: 'Density (DPI)',
				name: 'density',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description:
					"Dots per inch written into the image; needs an explicit quality (Cloudinary's automatic quality strips it)",
			},
			{
				displayName: 'DPR',
				name: 'dpr',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2 or auto',
				description: 'Device pixel ratio',
			},
			{
				displayName: 'Format',
				name: 'format',
				type: 'string',
				default: '',
				placeholder: 'e.g. jpg, png, webp, auto',
			},
			{
				displayName: 'Gravity',
				name: 'gravity',
				type: 'options',
				options: GRAVITIES.map((v) => ({ name: title(v), value: v })),
				default: 'auto',
			},
			{
				displayName: 'Height',
				name: 'height',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 2560,
				description: 'Height in pixels',
			},
			{
				displayName: 'Quality',
				name: 'quality',
				type: 'string',
				default: '',
				placeholder: 'e.g. 90 or auto',
				description: '1–100, or auto / auto:best / auto:good / auto:eco / auto:low',
			},
			{
				displayName: 'Width',
				name: 'width',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1600,
				description: 'Width in pixels',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...deliveryOptionFields,
			{
				displayName: 'File Extension',
				name: 'format',
				type: 'string',
				default: '',
				placeholder: 'e.g. jpg',
				description: 'The extension at the end of the URL (it also sets the delivered format)',
			} as INodeProperties,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['url'], operation: ['build'] } },
	properties,
);

function readGuided(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('guided', itemIndex, {}) as IDataObject;
	const node = this.getNode();
	const fields: GuidedFields = {};
	for (const name of ['width', 'height', 'density'] as const) {
		if (raw[name] === undefined || raw[name] === '') continue;
		const n = Number(raw[name]);
		if (!Number.isInteger(n) || n < 1)
			throw invalidFieldError(
				node,
				itemIndex,
				`Guided Fields › ${title(name)}`,
				`${raw[name]} is not a whole number above 0`,
				'a whole number of pixels (or dpi for density), e.g. 1600',
			);
		fields[name] = n;
	}
	const pick = (name: 'crop' | 'gravity' | 'colorSpace', allowed: string[], label: string) => {
		if (raw[name] === undefined || raw[name] === '') return;
		if (!allowed.includes(String(raw[name])))
			throw invalidFieldError(
				node,
				itemIndex,
				`Guided Fields › ${label}`,
				`"${raw[name]}" is not supported`,
				allowed.join(', '),
			);
		fields[name] = String(raw[name]);
	};
	pick('crop', CROPS, 'Crop Mode');
	pick('gravity', GRAVITIES, 'Gravity');
	pick('colorSpace', COLOR_SPACES, 'Colour Space');
	const quality = String(raw.quality ?? '').trim();
	if (quality) {
		if (!/^(auto(:(best|good|eco|low))?|([1-9]\d?|100))$/.test(quality))
			throw invalidFieldError(
				node,
				itemIndex,
				'Guided Fields › Quality',
				`"${quality}" is not a quality`,
				'1 to 100, auto, auto:best, auto:good, auto:eco or auto:low',
			);
		fields.quality = quality;
	}
	const dpr = String(raw.dpr ?? '').trim();
	if (dpr) {
		if (!/^(auto|\d+(\.\d+)?)$/.test(dpr) || Number(dpr) === 0)
			throw invalidFieldError(
				node,
				itemIndex,
				'Guided Fields › DPR',
				`"${dpr}" is not a device pixel ratio`,
				'a number such as 1, 2 or 2.0, or auto',
			);
		fields.dpr = dpr;
	}
	const format = String(raw.format ?? '')
		.trim()
		.toLowerCase();
	if (format) {
		if (!/^(auto|[a-z0-9]{2,5})$/.test(format))
			throw invalidFieldError(
				node,
				itemIndex,
				'Guided Fields › Format',
				`"${raw.format}" is not a format`,
				'jpg, png, webp, avif, tiff or auto',
			);
		fields.format = format;
	}
	const background = String(raw.background ?? '').trim();
	if (background) {
		if (!/^(#[0-9a-f]{3,8}|rgb:[0-9a-f]{3,8}|[a-z_]+)$/i.test(background))
			throw invalidFieldError(
				node,
				itemIndex,
				'Guided Fields › Background',
				`"${background}" is not a colour`,
				'a colour name (white), #rrggbb, rgb:rrggbb or auto',
			);
		fields.background = background;
	}
	if (fields.density !== undefined && String(fields.quality ?? '').startsWith('auto')) {
		throw invalidFieldError(
			node,
			itemIndex,
			'Guided Fields › Quality',
			'automatic quality strips the density Cloudinary writes, so Density would be lost',
			'an explicit quality such as 90 or 100 when Density is set',
		);
	}
	return guidedTransformation(fields);
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const credentials = await readCredentials.call(this);
	return mapItems.call(this, async (itemIndex) => {
		const source = this.getNodeParameter('transformationSource', itemIndex) as string;
		let transformation = '';
		let preset: string | undefined;
		let presetFormat: string | undefined;
		if (source === 'string')
			transformation = checkTransformation.call(
				this,
				itemIndex,
				'Transformation String',
				this.getNodeParameter('transformation', itemIndex, '') as string,
			);
		else if (source === 'guided') transformation = readGuided.call(this, itemIndex);
		else if (source === 'preset') {
			preset = this.getNodeParameter('preset', itemIndex) as string;
			const found = presetByKey(
				preset,
				preset === 'printCover' ? readPrintOptions.call(this, itemIndex) : {},
			);
			if (!found)
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Preset',
					`"${preset}" is not a preset`,
					PRESET_OPTIONS.map((p) => p.value).join(', '),
				);
			transformation = found.transformation;
			presetFormat = found.format || undefined;
		}
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		// A preset's format is also the URL's extension, so the URL names the same derived file as the Variant resource's.
		const format =
			checkFormat.call(this, itemIndex, 'Options › File Extension', options.format) ?? presetFormat;
		const { credentials: creds, delivery } = readDeliveryOptions.call(
			this,
			itemIndex,
			credentials,
			options,
		);
		const target = await resolveAssetTarget.call(this, itemIndex);
		const version = delivery.version ?? target.version;
		const url = deliveryUrlFor(creds, target, { transformation, format }, delivery);
		return {
			url,
			publicId: target.publicId,
			resourceType: target.resourceType,
			type: target.type,
			transformation,
			preset: preset ?? null,
			format: format ?? null,
			version: version ?? null,
			signed: delivery.signUrl,
		};
	});
}
