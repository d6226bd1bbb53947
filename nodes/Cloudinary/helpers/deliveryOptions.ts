import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import type { AssetTarget } from './assetTarget';
import { buildDeliveryUrl } from './deliveryUrl';
import type { CloudinaryCredentials } from '../transport';
import type { PrintOptions } from '../presets/channels';

// What the URL, Variant and Access operations read alike: the print size, and the delivery options
// turned into a delivery URL by one function.

export function readPrintOptions(this: IExecuteFunctions, itemIndex: number): PrintOptions {
	const raw = this.getNodeParameter('printSize', itemIndex, {}) as IDataObject;
	const factor = raw.unit === 'mm' ? 1 / 25.4 : 1;
	const read = (name: string, label: string, fallback: number, min: number) => {
		const value = raw[name] === undefined || raw[name] === '' ? fallback : Number(raw[name]);
		if (!Number.isFinite(value) || value < min)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				`Print Size › ${label}`,
				`${raw[name]} is not a usable size`,
				`a number of ${raw.unit === 'mm' ? 'millimetres' : 'inches'}${min > 0 ? ' above 0' : ', 0 or more'}`,
			);
		return value * factor;
	};
	const mm = raw.unit === 'mm';
	return {
		trimWidth: read('trimWidth', 'Trim Width', mm ? 152.4 : 6, 0.01),
		trimHeight: read('trimHeight', 'Trim Height', mm ? 228.6 : 9, 0.01),
		bleed: read('bleed', 'Bleed', mm ? 3.175 : 0.125, 0),
		spine: read('spine', 'Spine Width', 0, 0) || undefined,
	};
}

export interface DeliveryOptions {
	signUrl: boolean;
	longSignature: boolean;
	forceVersion: boolean;
	version?: string;
}

/** Reads the delivery options collection and applies its CDN overrides to the credential. */
export function readDeliveryOptions(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CloudinaryCredentials,
	options: IDataObject,
): { credentials: CloudinaryCredentials; delivery: DeliveryOptions } {
	const node = this.getNode();
	let { deliveryBaseUrl, deliveryIncludesCloudName } = credentials;
	if (typeof options.deliveryBaseUrl === 'string' && options.deliveryBaseUrl.trim()) {
		const base = options.deliveryBaseUrl.trim().replace(/\/+$/, '');
		if (!/^https?:\/\/[^/\s]+/i.test(base))
			throw invalidFieldError(
				node,
				itemIndex,
				'Options › Delivery Base URL',
				`"${base}" is not a URL`,
				'https://<host>, e.g. https://images.example-publisher.com',
			);
		deliveryBaseUrl = base;
	}
	if (options.includeCloudName === 'yes') deliveryIncludesCloudName = true;
	if (options.includeCloudName === 'no') deliveryIncludesCloudName = false;
	let version: string | undefined;
	if (options.version !== undefined && String(options.version).trim() !== '') {
		version = String(options.version).trim().replace(/^v/, '');
		if (!/^\d+$/.test(version))
			throw invalidFieldError(
				node,
				itemIndex,
				'Options › Version',
				`"${options.version}" is not a version`,
				"the digits of the asset's version, e.g. 1719307544",
			);
	}
	return {
		credentials: { ...credentials, deliveryBaseUrl, deliveryIncludesCloudName },
		delivery: {
			signUrl: options.signUrl === true,
			longSignature: options.longSignature === true,
			forceVersion: options.forceVersion !== false,
			version,
		},
	};
}

/** The delivery URL of one (asset, transformation, format) under the item's delivery options. */
export function deliveryUrlFor(
	credentials: CloudinaryCredentials,
	target: Pick<AssetTarget, 'publicId' | 'resourceType' | 'type' | 'version'>,
	variant: { transformation?: string; format?: string },
	delivery: DeliveryOptions,
): string {
	return buildDeliveryUrl(credentials, {
		publicId: target.publicId,
		resourceType: target.resourceType,
		type: target.type,
		transformation: variant.transformation || undefined,
		format: variant.format || undefined,
		version: delivery.version ?? target.version,
		signUrl: delivery.signUrl,
		longSignature: delivery.longSignature,
		forceVersion: delivery.forceVersion,
	});
}
