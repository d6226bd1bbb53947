import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { compactIsbn } from '../../shared/isbn';
import { consonanceGraphql } from '../transport';

/** Products for the resource locator: by ISBN when the filter looks like one, else by title. */
export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const search: IDataObject = {};
	const text = (filter ?? '').trim();
	if (text) {
		const compact = compactIsbn(text);
		if (/^\d{10,13}X?$/.test(compact)) search.isbn13Eq = compact;
		else search.titleCont = text;
	}
	if (paginationToken) search.after = Number(paginationToken);
	const data = await consonanceGraphql.call(
		this,
		'query SearchProducts($search: ProductSearchAttributes) { products(productSearch: $search) { id fullTitle isbn { isbn13 } inHouseEdition { name } } }',
		{ search },
	);
	const products = (data.products as IDataObject[]) ?? [];
	return {
		results: products.map((p) => {
			const isbn = (p.isbn as IDataObject | null)?.isbn13;
			const edition = (p.inHouseEdition as IDataObject | null)?.name;
			return { name: `${p.fullTitle}${edition ? ` — ${edition}` : ''}${isbn ? ` (${isbn})` : ''}`, value: String(p.id) };
		}),
		paginationToken: products.length > 0 ? String(products[products.length - 1].id) : undefined,
	};
}
