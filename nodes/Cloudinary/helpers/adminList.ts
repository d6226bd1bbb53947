import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit } from '../../shared/listing';
import { cloudinaryRequest } from '../transport';

/**
 * Reads an Admin API list by `next_cursor` (Return All) or up to a limit. Each page is one Admin
 * call, so pages are as large as the endpoint allows (`pageSize`).
 */
export async function adminList(
	this: IExecuteFunctions,
	itemIndex: number,
	options: { path: string; key: string; qs?: IDataObject; pageSize: number },
): Promise<IDataObject[]> {
	const limit = readLimit.call(this, itemIndex) ?? Infinity;
	const out: IDataObject[] = [];
	let cursor: string | undefined;
	do {
		const qs: IDataObject = { ...(options.qs ?? {}), max_results: Math.min(options.pageSize, limit - out.length) };
		if (cursor) qs.next_cursor = cursor;
		const { body } = await cloudinaryRequest.call(this, { method: 'GET', path: options.path, qs, itemIndex });
		const page = (body[options.key] as unknown[]) ?? [];
		for (const entry of page) out.push(typeof entry === 'object' && entry !== null ? (entry as IDataObject) : { value: entry as string });
		cursor = (body.next_cursor as string) || undefined;
	} while (cursor && out.length < limit);
	return out.slice(0, Number.isFinite(limit) ? limit : undefined);
}
