import type { IDataObject } from 'n8n-workflow';

// One output shape for every operation that returns an asset: Cloudinary's own fields unchanged,
// plus a few friendly ones (md5, pixels, colour space, colours, counts). The API key Cloudinary
// echoes in Upload API answers (uploads, archives) is dropped.

/** An Upload API answer without the API key Cloudinary echoes in it. */
export function withoutApiKey(body: IDataObject): IDataObject {
	const out: IDataObject = { ...body };
	delete out.api_key;
	return out;
}

export function friendlyAsset(body: IDataObject, extra: IDataObject = {}): IDataObject {
	const out = withoutApiKey(body);
	if (body.etag !== undefined) out.md5 = body.etag;
	const width = Number(body.width);
	const height = Number(body.height);
	if (Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0) {
		out.pixels = width * height;
		out.megapixels = Math.round((width * height) / 10000) / 100;
	}
	const imageMetadata = body.image_metadata as IDataObject | undefined;
	const colorSpace = imageMetadata?.colorspace ?? imageMetadata?.ColorSpace ?? body.colorspace;
	if (colorSpace !== undefined) out.colorSpace = colorSpace;
	if (Array.isArray(body.colors)) {
		out.predominantColors = (body.colors as unknown[][]).map(([hex, share]) => ({ hex, share }));
	}
	if (Array.isArray(body.derived)) out.derivedCount = body.derived.length;
	if (Array.isArray(body.versions)) out.versionCount = body.versions.length;
	return { ...out, ...extra };
}
