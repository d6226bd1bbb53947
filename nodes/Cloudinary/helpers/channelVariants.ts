import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { customPreset, presetByKey, PRESET_OPTIONS, type ChannelPreset } from '../presets/channels';
import { resolveAssetTarget, type AssetTarget } from './assetTarget';
import { readDeliveryOptions, readPrintOptions, type DeliveryOptions } from './deliveryOptions';
import { checkTransformation } from './transformation';
import type { CloudinaryCredentials } from '../transport';

// What both Variant operations read: one master image, the chosen channel presets plus custom ones,
// each turned into a transformation with its expected size and format.

function readPresets(this: IExecuteFunctions, itemIndex: number): ChannelPreset[] {
	const keys = this.getNodeParameter('presets', itemIndex, []) as string[];
	const custom = ((this.getNodeParameter('customPresets', itemIndex, {}) as IDataObject).preset ??
		[]) as IDataObject[];
	const node = this.getNode();
	const print = keys.includes('printCover') ? readPrintOptions.call(this, itemIndex) : {};
	const presets: ChannelPreset[] = [];
	for (const key of keys) {
		const preset = presetByKey(key, print);
		if (!preset)
			throw invalidFieldError(
				node,
				itemIndex,
				'Presets',
				`"${key}" is not a preset`,
				PRESET_OPTIONS.map((p) => p.value).join(', '),
			);
		presets.push(preset);
	}
	custom.forEach((c, i) => {
		const name = String(c.name ?? '').trim();
		if (!name)
			throw invalidFieldError(
				node,
				itemIndex,
				`Custom Presets › Preset ${i + 1} › Name`,
				'the name is empty',
				'a name for the variant, e.g. Bookshop Thumbnail',
			);
		const transformation = checkTransformation.call(
			this,
			itemIndex,
			`Custom Presets › ${name} › Transformation`,
			c.transformation,
			true,
		);
		presets.push(customPreset(name, transformation));
	});
	if (!presets.length)
		throw invalidFieldError(
			node,
			itemIndex,
			'Presets',
			'no preset was chosen',
			'one or more presets, or a custom preset',
		);
	return presets;
}

async function readImageTarget(this: IExecuteFunctions, itemIndex: number): Promise<AssetTarget> {
	const target = await resolveAssetTarget.call(this, itemIndex);
	if (target.resourceType !== 'image') {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			'Asset',
			`${target.publicId} is a ${target.resourceType} asset; channel presets are image transformations`,
			'an image asset, e.g. a master cover',
		);
	}
	return target;
}

/**
 * What one item asks of either Variant operation: presets, delivery options (with the CDN overrides
 * applied to the credential) and the master image.
 */
export async function readVariantRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CloudinaryCredentials,
): Promise<{
	presets: ChannelPreset[];
	credentials: CloudinaryCredentials;
	delivery: DeliveryOptions;
	target: AssetTarget;
}> {
	const presets = readPresets.call(this, itemIndex);
	const options = readDeliveryOptions.call(
		this,
		itemIndex,
		credentials,
		this.getNodeParameter('options', itemIndex, {}) as IDataObject,
	);
	const target = await readImageTarget.call(this, itemIndex);
	return { presets, ...options, target };
}

/** The output row for one (asset, preset). */
export function variantRow(
	target: Pick<AssetTarget, 'publicId'>,
	preset: ChannelPreset,
	url: string,
): IDataObject {
	return {
		publicId: target.publicId,
		preset: preset.key,
		presetName: preset.name,
		url,
		transformation: preset.transformation,
		expectedWidth: preset.width || null,
		expectedHeight: preset.height || null,
		expectedFormat: preset.format || null,
	};
}
