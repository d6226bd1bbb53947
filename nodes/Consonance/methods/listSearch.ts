import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { checkIsbn, compactIsbn } from '../../shared/isbn';

/** The ISBN-13 a picker filter names (hyphens allowed, ISBN-10 converted), if it looks like an ISBN. */
function isbnFilter(text: string): string | undefined {
	if (!/^\d{9,12}[\dX]$/.test(compactIsbn(text))) return undefined;
	const isbn = checkIsbn(text);
	return isbn.valid ? isbn.isbn13 : compactIsbn(text);
}
import { consonanceGraphql } from '../transport';

/** Products for the resource locator: by ISBN when the filter looks like one, else by title. */
export async function searchProducts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const search: IDataObject = {};
	const text = (filter ?? '').trim();
	if (text) {
		const isbn = isbnFilter(text);
		if (isbn) search.isbn13Eq = isbn;
		else search.titleCont = text;
	}
	if (paginationToken) search.after = Number(paginationToken);
	const data = await consonanceGraphql.call(
		this,
		'query SearchProducts($search: ProductSearchAttributes) { products(productSearch: ' +
			'$search) { id fullTitle isbn { isbn13 } inHouseEdition { name } } }',
		{ search },
	);
	const products = (data.products as IDataObject[]) ?? [];
	return {
		results: products.map((p) => {
			const isbn = (p.isbn as IDataObject | null)?.isbn13;
			const edition = (p.inHouseEdition as IDataObject | null)?.name;
			return {
				name: `${p.fullTitle}${edition ? ` — ${edition}` : ''}${isbn ? ` (${isbn})` : ''}`,
				value: String(p.id),
			};
		}),
		paginationToken: products.length > 0 ? String(products[products.length - 1].id) : undefined,
	};
}

/** Works for the resource locator: by title; an ISBN finds the work of that product. */
export async function searchWorks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim();
	const isbn = text ? isbnFilter(text) : undefined;
	const search: IDataObject = isbn || !text ? {} : { titleCont: text };
	if (paginationToken) search.after = Number(paginationToken);
	const data = await consonanceGraphql.call(
		this,
		'query SearchWorks($search: WorkSearchAttributes, $products: ProductSearchAttributes) ' +
			'{ works(workSearch: $search, productSearch: $products) { id title subtitle imprint { ' +
			'name } } }',
		{ search, products: isbn ? { isbn13Eq: isbn } : null },
	);
	const works = (data.works as IDataObject[]) ?? [];
	return {
		results: works.map((w) => {
			const imprint = (w.imprint as IDataObject | null)?.name;
			return {
				name: `${w.title}${w.subtitle ? `: ${w.subtitle}` : ''}${imprint ? ` (${imprint})` : ''}`,
				value: String(w.id),
			};
		}),
		paginationToken: works.length > 0 ? String(works[works.length - 1].id) : undefined,
	};
}
