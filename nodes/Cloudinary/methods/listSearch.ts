import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { cloudinaryRequest } from '../transport';

/** Assets for the resource locator, newest first, filtered by public ID prefix (Search API). */
export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim().replace(/["\\]/g, '');
	const body: IDataObject = { max_results: 50, sort_by: [{ created_at: 'desc' }] };
	if (text) body.expression = `public_id:"${text}"*`;
	if (paginationToken) body.next_cursor = paginationToken;
	const { body: result } = await cloudinaryRequest.call(this, {
		method: 'POST',
		path: 'resources/search',
		body,
		idempotent: true,
	});
	const resources = (result.resources as IDataObject[]) ?? [];
	return {
		results: resources.map((r) => ({
			name: `${r.public_id}${r.format ? `.${r.format}` : ''} (${r.resource_type})`,
			value: String(r.public_id),
			url: r.secure_url as string,
		})),
		paginationToken: (result.next_cursor as string) ?? undefined,
	};
}
