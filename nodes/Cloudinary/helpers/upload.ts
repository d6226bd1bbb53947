import { randomBytes } from 'node:crypto';
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { cloudinaryRequest, type FormValue } from '../transport';

// Streamed, chunked upload of an n8n binary (docs/api-facts.md, "Chunked upload"). The file is never held whole in
// memory: n8n's binary stream is read into ONE reusable buffer of `chunkSize` bytes laid out as
// multipart preamble + chunk + closing boundary, and each chunk is POSTed to /<rt>/upload with
// X-Unique-Upload-Id and Content-Range. A file no larger than one chunk goes in a single request.
// A failed non-final chunk is retried with the same upload id and range (the server replaces that
// part); the final chunk, which creates the asset, is retried only when the caller says the upload
// is idempotent (a public ID given and overwrite on).

export const MIN_CHUNK_SIZE = 5 * 1024 * 1024;
export const DEFAULT_CHUNK_SIZE = 20 * 1024 * 1024;
/** The largest chunk the node sends (the UI's limit, enforced at run time too): one chunk is held in memory. */
export const MAX_CHUNK_SIZE = 100 * 1024 * 1024;

export interface UploadCall {
	resourceType: string;
	fields: Record<string, FormValue>;
	itemIndex: number;
	chunkSize: number;
	/** The whole upload may be repeated: public ID given and overwrite on. */
	idempotent: boolean;
}

export interface UploadResult {
	body: IDataObject;
	requests: number;
	bytes: number;
}

function quoted(s: string): string {
	return s.replace(/[\r\n]/g, ' ').replace(/"/g, '%22');
}

/** The multipart text around the file bytes: every field, then the file part's header; and the closing boundary. */
export function multipartFrame(
	fields: Record<string, FormValue>,
	fileName: string,
	mimeType: string,
	boundary: string,
): { head: Buffer; tail: Buffer } {
	let head = '';
	const field = (name: string, value: string) => {
		head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
	};
	for (const [key, value] of Object.entries(fields)) {
		if (value === null || value === undefined || value === '') continue;
		if (Array.isArray(value)) for (const v of value) field(`${key}[]`, String(v));
		else field(key, typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value));
	}
	head +=
		`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
		`filename="${quoted(fileName || 'file')}"\r\nContent-Type: ` +
		`${mimeType || 'application/octet-stream'}\r\n\r\n`;
	return { head: Buffer.from(head, 'utf8'), tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8') };
}

async function* oneBuffer(buffer: Buffer): AsyncIterable<Buffer> {
	yield buffer;
}

/**
 * Uploads the binary `binaryPropertyName` of the item. Binaries kept by n8n's binary-data service
 * (filesystem / S3 / database modes: they have an `id`) are streamed; legacy in-memory binaries
 * (base64 inside the item, no `id`) are already in memory and are sent from that buffer.
 */
export async function uploadBinary(
	this: IExecuteFunctions,
	binary: IBinaryData,
	binaryPropertyName: string,
	call: UploadCall,
): Promise<UploadResult> {
	let total: number;
	let source: AsyncIterable<Buffer>;
	if (binary.id) {
		const meta = await this.helpers.getBinaryMetadata(binary.id);
		total = Number(meta.fileSize ?? binary.bytes);
		if (!Number.isSafeInteger(total) || total < 0)
			throw new Error('n8n does not know the size of this binary');
		source = (await this.helpers.getBinaryStream(
			binary.id,
			Math.min(call.chunkSize, 4 * 1024 * 1024),
		)) as unknown as AsyncIterable<Buffer>;
	} else {
		const buffer = await this.helpers.getBinaryDataBuffer(call.itemIndex, binaryPropertyName);
		total = buffer.length;
		source = oneBuffer(buffer);
	}
	return await uploadStream.call(
		this,
		source,
		total,
		binary.fileName ?? 'file',
		binary.mimeType,
		call,
	);
}

export async function uploadStream(
	this: IExecuteFunctions,
	source: AsyncIterable<Buffer>,
	total: number,
	fileName: string,
	mimeType: string,
	call: UploadCall,
): Promise<UploadResult> {
	const boundary = `----n8nCloudinary${randomBytes(12).toString('hex')}`;
	const { head, tail } = multipartFrame(call.fields, fileName, mimeType, boundary);
	const chunked = total > call.chunkSize;
	const capacity = Math.min(call.chunkSize, Math.max(total, 0));
	const frame = Buffer.allocUnsafe(head.length + capacity + tail.length);
	head.copy(frame, 0);
	const uploadId = randomBytes(16).toString('hex');
	const path = `${encodeURIComponent(call.resourceType)}/upload`;

	let start = 0;
	let filled = 0;
	let requests = 0;
	let last: IDataObject = {};

	const send = async (final: boolean) => {
		tail.copy(frame, head.length + filled);
		const body = frame.subarray(0, head.length + filled + tail.length);
		const headers: Record<string, string> = {};
		if (chunked) {
			headers['X-Unique-Upload-Id'] = uploadId;
			headers['Content-Range'] = `bytes ${start}-${start + filled - 1}/${total}`;
		}
		requests++;
		const { body: answer } = await cloudinaryRequest.call(this, {
			method: 'POST',
			path,
			raw: { body, contentType: `multipart/form-data; boundary=${boundary}` },
			headers,
			itemIndex: call.itemIndex,
			idempotent: final ? call.idempotent : true,
			timeoutMs: 300000,
		});
		last = answer;
		start += filled;
		filled = 0;
	};

	for await (const piece of source) {
		let offset = 0;
		while (offset < piece.length) {
			if (start + filled >= total)
				throw new Error(`the binary holds more bytes than its recorded size (${total})`);
			const n = Math.min(piece.length - offset, capacity - filled, total - start - filled);
			piece.copy(frame, head.length + filled, offset, offset + n);
			filled += n;
			offset += n;
			if (filled === capacity && start + filled < total) await send(false);
		}
	}
	if (start + filled !== total)
		throw new Error(`the binary ended after ${start + filled} of ${total} bytes`);
	await send(true);
	if (last.done === false || !last.public_id) {
		throw new Error(
			`Cloudinary did not complete the upload after the last chunk (it reports ` +
				`${String(last.bytes ?? '?')} of ${total} bytes)`,
		);
	}
	return { body: last, requests, bytes: total };
}
