import type { IExecuteFunctions } from 'n8n-workflow';
import { readHeader } from '../../shared/http';
import { cloudinaryDelivery, cloudinaryRequest, readCredentials } from '../transport';
import { signParameters } from '../transport/signing';
import { buildDeliveryUrl } from './deliveryUrl';
import type { AssetTarget } from './assetTarget';

// Downloads as streams (never buffered): the original through the Upload API's `download` action
// (byte-identical, any delivery type), a transformed variant from its delivery URL (signed when the
// asset is private or authenticated). The delivery host may be a CDN or custom domain, so no
// credential is sent there; the URL signature is what grants access.

export interface DownloadedStream {
	stream: AsyncIterable<Buffer>;
	contentType?: string;
	url?: string;
}

export async function downloadOriginal(
	this: IExecuteFunctions,
	target: AssetTarget,
	itemIndex: number,
): Promise<DownloadedStream> {
	const credentials = await readCredentials.call(this);
	const params: Record<string, string | number> = {
		public_id: target.publicId,
		type: target.type,
		timestamp: Math.floor(Date.now() / 1000),
	};
	const signature = signParameters(params, credentials.apiSecret, credentials.signatureAlgorithm);
	const { stream, headers } = await cloudinaryRequest.call(this, {
		method: 'GET',
		path: `${encodeURIComponent(target.resourceType)}/download`,
		qs: { ...params, api_key: credentials.apiKey, signature },
		encoding: 'stream',
		itemIndex,
		timeoutMs: 300000,
	});
	return { stream: stream!, contentType: readHeader(headers, 'content-type') };
}

export async function downloadTransformed(
	this: IExecuteFunctions,
	target: AssetTarget,
	transformation: string,
	format: string | undefined,
	itemIndex: number,
): Promise<DownloadedStream> {
	const credentials = await readCredentials.call(this);
	const url = buildDeliveryUrl(credentials, {
		publicId: target.publicId,
		resourceType: target.resourceType,
		type: target.type,
		transformation: transformation || undefined,
		format: format || undefined,
		signUrl: target.type !== 'upload',
	});
	const { stream, contentType } = await cloudinaryDelivery.call(this, url, itemIndex);
	return { stream, contentType, url };
}
