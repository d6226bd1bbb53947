import type { INode, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { decodeSegment } from '../../shared/urls';
import { textOf } from '../../shared/parameters';
import { encodePublicId, identifierProblem, publicIdOf } from './identifiers';

export const RESOURCE_TYPES = ['image', 'video', 'raw'] as const;
export const DELIVERY_TYPES = ['upload', 'private', 'authenticated'] as const;

/** What an asset locator says before any call: an asset ID only, or the public ID with its types. */
export type AssetReference = {
	/** Admin API path of the asset's details. */
	detailsPath: string;
	label: string;
} & (
	| { assetId: string }
	| { assetId?: undefined; publicId: string; resourceType: string; type: string; version?: string }
);

export interface DeliveryUrlParts {
	resourceType: string;
	type: string;
	publicId: string;
	/** The digits of the URL's `v<version>` segment, when it has one. */
	version?: string;
}

/** Public ID, resource type, delivery type and version from a Cloudinary delivery URL (transformations skipped). */
export function parseDeliveryUrl(url: string): DeliveryUrlParts | undefined {
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const segments = path.split('/').filter(Boolean).map(decodeSegment);
	const at = segments.findIndex(
		(s, i) =>
			(RESOURCE_TYPES as readonly string[]).includes(s) &&
			(DELIVERY_TYPES as readonly string[]).includes(segments[i + 1]),
	);
	if (at < 0) return undefined;
	let rest = segments.slice(at + 2);
	if (rest[0]?.startsWith('s--')) rest = rest.slice(1);
	const versionAt = rest.findIndex((s) => /^v\d+$/.test(s));
	const version = versionAt >= 0 ? rest[versionAt].slice(1) : undefined;
	if (versionAt >= 0) rest = rest.slice(versionAt + 1);
	else
		rest = rest.filter(
			(s) => !/^([a-z]{1,3}_[^/]*)(,[a-z]{1,3}_[^/]*)*$/.test(s) || rest.length === 1,
		);
	if (rest.length === 0) return undefined;
	const last = rest[rest.length - 1];
	rest[rest.length - 1] = segments[at] === 'raw' ? last : last.replace(/\.[a-z0-9]{2,5}$/i, '');
	return {
		resourceType: segments[at],
		type: segments[at + 1],
		publicId: rest.join('/'),
		...(version ? { version } : {}),
	};
}

/** Resource type and delivery type checked against the values the node offers. */
export function checkAssetTypes(
	node: INode,
	itemIndex: number,
	resourceType: string,
	deliveryType: string,
): void {
	if (!(RESOURCE_TYPES as readonly string[]).includes(resourceType)) {
		throw invalidFieldError(
			node,
			itemIndex,
			'Resource Type',
			`"${resourceType}" is not a resource type`,
			RESOURCE_TYPES.join(', '),
		);
	}
	if (!(DELIVERY_TYPES as readonly string[]).includes(deliveryType)) {
		throw invalidFieldError(
			node,
			itemIndex,
			'Delivery Type',
			`"${deliveryType}" is not a delivery type`,
			DELIVERY_TYPES.join(', '),
		);
	}
}

/** Reads an asset resource locator (list, public ID, asset ID or delivery URL) and validates it before any call. */
export function readAssetReference(this: IExecuteFunctions, itemIndex: number): AssetReference {
	const locator = this.getNodeParameter('asset', itemIndex) as INodeParameterResourceLocator;
	const node = this.getNode();
	const value = textOf(this, locator?.value, itemIndex, 'Asset', {
		valid: 'a public ID such as covers/9781810000008, an asset ID, or a delivery URL',
	});
	if (locator?.mode === 'assetId') {
		if (!/^[0-9a-f]{32}$/i.test(value)) {
			throw invalidFieldError(
				node,
				itemIndex,
				'Asset (By Asset ID)',
				`"${value}" is not an asset ID`,
				'the 32-character hexadecimal asset_id Cloudinary assigns, e.g. 5a6c2f0b0e6e4a1e9f3b1c2d3e4f5a6b',
			);
		}
		const assetId = value.toLowerCase();
		return { assetId, detailsPath: `resources/${assetId}`, label: `asset ID ${value}` };
	}
	let parts: DeliveryUrlParts;
	if (locator?.mode === 'url') {
		const parsed = parseDeliveryUrl(value);
		if (!parsed) {
			throw invalidFieldError(
				node,
				itemIndex,
				'Asset (By URL)',
				`"${value}" is not a Cloudinary delivery URL`,
				'a URL like https://res.cloudinary.com/<cloud>/image/upload/v1719307544/covers/9781810000008.jpg',
			);
		}
		const problem = identifierProblem(parsed.publicId, 'public ID');
		if (problem)
			throw invalidFieldError(
				node,
				itemIndex,
				'Asset (By URL)',
				problem,
				'a Cloudinary delivery URL of an asset',
			);
		parts = parsed;
	} else {
		parts = {
			publicId: publicIdOf(this, value, itemIndex, 'Asset'),
			resourceType: this.getNodeParameter('resourceType', itemIndex, 'image') as string,
			type: this.getNodeParameter('deliveryType', itemIndex, 'upload') as string,
		};
		checkAssetTypes(node, itemIndex, parts.resourceType, parts.type);
	}
	return {
		...parts,
		detailsPath: `resources/${parts.resourceType}/${parts.type}/${encodePublicId(parts.publicId)}`,
		label: `public ID ${parts.publicId}`,
	};
}
