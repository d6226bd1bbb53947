import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { serviceError } from '../../shared/errors';
import { describeRawBody, plainLength, readHeader } from '../../shared/http';
import { cloudinaryDelivery, cloudinaryRequest, readCredentials, readSmall } from '../transport';
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

/**
 * Stores the downloaded file as the item's binary data, checked: an empty answer, fewer bytes than
 * the Content-Length announced, a connection cut half way, or a JSON or HTML page where an image or
 * video was expected (a proxy's or gateway's answer) is an error for the item, never a saved file.
 */
export async function saveDownload(
	this: IExecuteFunctions,
	downloaded: DownloadedStream & { contentLength?: string },
	resourceType: string,
	fileName: string,
	mimeType: string,
	itemIndex: number,
): Promise<IBinaryData> {
	const fail = (message: string) =>
		serviceError(this.getNode(), 'Cloudinary', {
			kind: 'invalidAnswer',
			message: `the download ${message}; no file was saved`,
			description: 'Nothing was changed; run the node again.',
			itemIndex,
		});
	const expected = downloaded.contentLength === undefined ? NaN : Number(downloaded.contentLength);
	if (
		(resourceType === 'image' || resourceType === 'video') &&
		/^(application\/json|text\/html)$/i.test(mimeType)
	) {
		const text = await readSmall(downloaded.stream);
		throw fail(`answered ${describeRawBody(text)} instead of the ${resourceType}`);
	}
	if (expected === 0) throw fail('answered with an empty body');
	let binary: IBinaryData;
	try {
		binary = await this.helpers.prepareBinaryData(downloaded.stream as never, fileName, mimeType);
	} catch (error) {
		throw fail(`was cut off (${(error as Error).message})`);
	}
	const received = binary.bytes ?? NaN;
	if (received === 0) throw fail('answered with an empty body');
	if (Number.isFinite(expected) && Number.isFinite(received) && received !== expected)
		throw fail(`was cut off: ${received} of the ${expected} bytes announced arrived`);
	return binary;
}

export async function downloadOriginal(
	this: IExecuteFunctions,
	target: AssetTarget,
	itemIndex: number,
): Promise<DownloadedStream & { contentLength?: string }> {
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
	return {
		stream: stream!,
		contentType: readHeader(headers, 'content-type'),
		contentLength: plainLength(headers),
	};
}

export async function downloadTransformed(
	this: IExecuteFunctions,
	target: AssetTarget,
	transformation: string,
	format: string | undefined,
	itemIndex: number,
): Promise<DownloadedStream & { contentLength?: string }> {
	const credentials = await readCredentials.call(this);
	const url = buildDeliveryUrl(credentials, {
		publicId: target.publicId,
		resourceType: target.resourceType,
		type: target.type,
		transformation: transformation || undefined,
		format: format || undefined,
		signUrl: target.type !== 'upload',
	});
	const { stream, contentType, contentLength } = await cloudinaryDelivery.call(
		this,
		url,
		itemIndex,
	);
	return { stream, contentType, contentLength, url };
}
