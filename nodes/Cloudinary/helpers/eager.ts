import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { cloudinaryUploadApi } from '../transport';
import { invalidFieldError } from '../../shared/errors';
import { notFoundOr, type AssetTarget } from './assetTarget';
import { checkFormat, checkTransformation } from './transformation';

// Eager generation: one Upload API `explicit` call per asset carrying every variant as
// `<transformation>[/<extension>]`, the form a delivery URL with that extension asks for, so the URL
// is served from the derived file. Deriving the same variants again yields the same files, so the
// call is retried like a read.

export interface EagerVariant {
	transformation: string;
	format?: string;
}

export interface EagerOptions {
	/** Let Cloudinary derive in the background (the answer lists them as processing). */
	async?: boolean;
	/** Purge cached copies of variants that already existed. */
	invalidate?: boolean;
	/** What a 404 says is missing. */
	kind?: 'asset' | 'image';
}

/** The `eager` parameter: `<transformation>[/<extension>]` joined by `|`. */
export function eagerParam(variants: EagerVariant[]): string {
	return variants.map((v) => [v.transformation, v.format].filter(Boolean).join('/')).join('|');
}

/** Reads an `eager` list as users write it (`c_fill,w_600,h_900|c_fill,w_1400,h_1400/png`), each entry checked. */
export function readEagerList(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): EagerVariant[] {
	return String(value ?? '')
		.split('|')
		.map((entry) => entry.trim().replace(/^\/+|\/+$/g, ''))
		.map((entry, i) => {
			const steps = entry.split('/');
			// a last step that is only an extension (no `_`) is the format (docs/api-facts.md, "Wire formats")
			const format =
				steps.length > 1 && !steps[steps.length - 1].includes('_')
					? checkFormat.call(this, itemIndex, `${field}, entry ${i + 1}`, steps.pop())
					: undefined;
			const transformation = checkTransformation.call(
				this,
				itemIndex,
				`${field}, entry ${i + 1}`,
				steps.join('/'),
			);
			if (!transformation && !format)
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					`${field}, entry ${i + 1}`,
					'the entry is empty',
					'transformations separated by |, e.g. c_fill,w_600,h_900|c_fill,w_1400,h_1400/png',
				);
			return { transformation, format };
		});
}

/**
 * Derives the variants now; returns the asset as Cloudinary reports it and its derived entries, in
 * the variants' order.
 */
export async function deriveEager(
	this: IExecuteFunctions,
	itemIndex: number,
	target: Pick<AssetTarget, 'publicId' | 'resourceType' | 'type' | 'label'>,
	variants: EagerVariant[],
	options: EagerOptions = {},
): Promise<{ asset: IDataObject; derived: IDataObject[] }> {
	const eager = eagerParam(variants);
	try {
		const { body } = await cloudinaryUploadApi.call(
			this,
			target.resourceType,
			'explicit',
			{
				public_id: target.publicId,
				type: target.type,
				eager,
				eager_async: options.async ? true : undefined,
				invalidate: options.invalidate ? true : undefined,
			},
			{ itemIndex, idempotent: true },
		);
		return { asset: body, derived: (body.eager ?? []) as IDataObject[] };
	} catch (error) {
		throw notFoundOr.call(this, error, itemIndex, target, options.kind);
	}
}
