import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';
import { isNotFound } from '../../shared/errors';
import { cloudinaryRequest } from '../transport';
import { readAssetReference, type AssetReference } from './assetReference';

// The ONE resolver of the asset an operation acts on, as the Upload API and delivery URLs need it
// (public ID + resource type + delivery type, and the version when known). A locator by asset ID
// costs one Admin API call to learn the rest; public IDs and delivery URLs cost none.

export interface AssetTarget {
	publicId: string;
	resourceType: string;
	type: string;
	version?: string;
	label: string;
}

export async function resolveAssetTarget(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<AssetTarget> {
	const reference = readAssetReference.call(this, itemIndex);
	if (reference.assetId === undefined) {
		const { publicId, resourceType, type, version } = reference;
		return {
			publicId,
			resourceType,
			type,
			...(version ? { version } : {}),
			label: reference.label,
		};
	}
	const details = await fetchAssetDetails.call(this, itemIndex, { max_results: 1 }, reference);
	return {
		publicId: String(details.public_id),
		resourceType: String(details.resource_type),
		type: String(details.type),
		...(details.version === undefined || details.version === null
			? {}
			: { version: String(details.version) }),
		label: reference.label,
	};
}

/** The asset's Admin API details; a missing asset becomes an error naming the item and the Asset field. */
export async function fetchAssetDetails(
	this: IExecuteFunctions,
	itemIndex: number,
	qs: IDataObject,
	known?: AssetReference,
): Promise<IDataObject> {
	const reference = known ?? readAssetReference.call(this, itemIndex);
	try {
		const { body } = await cloudinaryRequest.call(this, {
			method: 'GET',
			path: reference.detailsPath,
			qs,
			itemIndex,
		});
		return body;
	} catch (error) {
		throw notFoundOr.call(this, error, itemIndex, reference);
	}
}

/**
 * A 404 becomes an error naming the item and the Asset field; anything else stays a service error.
 * `kind` is what the operation expected ("image" where only images make sense).
 */
export function notFoundOr(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	subject: { label: string },
	kind: 'asset' | 'image' = 'asset',
): Error {
	if (isNotFound(error)) {
		return new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}, field "Asset": Cloudinary has no ${kind} with ${subject.label}`,
			{
				itemIndex,
				description:
					`Check the public ID (it includes folders, e.g. covers/9781810000008, and no file ` +
					`extension)${kind === 'asset' ? ', the resource type' : ''} and the delivery type.`,
			},
		);
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(this.getNode(), error as JsonObject);
}
