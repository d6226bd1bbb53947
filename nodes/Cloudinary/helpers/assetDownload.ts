import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { redact, serviceError } from '../../shared/errors';
import { cloudinaryRequest, readCredentials, readSmall } from '../transport';
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

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const v = headers?.[name] ?? headers?.[name.toLowerCase()];
	return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
}

export async function downloadOriginal(this: IExecuteFunctions, target: AssetTarget, itemIndex: number): Promise<DownloadedStream> {
	const credentials = await readCredentials.call(this);
	const params: Record<string, string | number> = { public_id: target.publicId, type: target.type, timestamp: Math.floor(Date.now() / 1000) };
	const signature = signParameters(params, credentials.apiSecret, credentials.signatureAlgorithm);
	const { stream, headers } = await cloudinaryRequest.call(this, {
		method: 'GET',
		path: `${encodeURIComponent(target.resourceType)}/download`,
		qs: { ...params, api_key: credentials.apiKey, signature },
		encoding: 'stream',
		itemIndex,
		timeoutMs: 300000,
	});
	return { stream: stream!, contentType: header(headers as IDataObject, 'content-type') };
}

export async function downloadTransformed(this: IExecuteFunctions, target: AssetTarget, transformation: string, format: string | undefined, itemIndex: number): Promise<DownloadedStream> {
	const credentials = await readCredentials.call(this);
	const url = buildDeliveryUrl(credentials, {
		publicId: target.publicId,
		resourceType: target.resourceType,
		type: target.type,
		transformation: transformation || undefined,
		format: format || undefined,
		signUrl: target.type !== 'upload',
	});
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 300000,
		})) as { statusCode: number; headers: IDataObject; body: unknown };
	} catch (error) {
		throw serviceError(this.getNode(), 'Cloudinary', { message: `delivery request failed: ${redact((error as Error).message, [credentials.apiSecret])}`, itemIndex });
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		await readSmall(response.body as AsyncIterable<Buffer>);
		const why = header(response.headers, 'x-cld-error') ?? `HTTP ${response.statusCode}`;
		throw serviceError(this.getNode(), 'Cloudinary', {
			message: `the variant could not be delivered: ${why}`,
			httpCode: response.statusCode,
			description: response.statusCode === 404 ? 'Check the asset and the transformation string.' : undefined,
			itemIndex,
		});
	}
	return { stream: response.body as AsyncIterable<Buffer>, contentType: header(response.headers, 'content-type'), url };
}
