import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readLimit } from '../../shared/listing';
import { pagingGuard } from '../../shared/paging';
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
	const guard = pagingGuard(this.getNode(), 'Cloudinary', {
		what: `list of ${options.key}`,
		cursorName: 'next_cursor',
		itemIndex,
	});
	do {
		const qs: IDataObject = {
			...(options.qs ?? {}),
			max_results: Math.min(options.pageSize, limit - out.length),
		};
		if (cursor) qs.next_cursor = cursor;
		const { body } = await cloudinaryRequest.call(this, {
			method: 'GET',
			path: options.path,
			qs,
			itemIndex,
		});
		const page = (body[options.key] as unknown[]) ?? [];
		for (const entry of page)
			out.push(
				typeof entry === 'object' && entry !== null
					? (entry as IDataObject)
					: { value: entry as string },
			);
		cursor = (body.next_cursor as string) || undefined;
		if (cursor && out.length < limit) guard.next(page, cursor);
	} while (cursor && out.length < limit);
	return out.slice(0, Number.isFinite(limit) ? limit : undefined);
}
