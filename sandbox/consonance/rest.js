'use strict';
// The legacy Consonance REST product feed (`GET /api/v4/products.json`, also the unversioned
// `/api/products.json`): Rails-style page envelope, snake_case product records (docs/api-facts.md, "REST product
// feed"), Ransack `q[...]` filters. Auth and transport are index.js's; state is store.js's.
const A = require('./assumptions');
const codes = require('./codes');
const { parseConditions } = require('./search');
const { dimensionsText, inHouseFormat, authorship, isbnForms } = require('./format');

const PRODUCTS_PATH = /^\/api(\/v4)?\/products\.json$/;
const STYLES = ['jpg_rgb_0050w', 'jpg_rgb_0650h'];
// REST attribute names (q[<name>_<predicate>]) → store attributes. Facts: id, isbn, work_title,
// pub_date; labelled extensions (ASSUMPTIONS, sandbox/consonance/assumptions.js): publishing_status, updated_at.
const REST_ATTRIBUTES = {
	id: 'id',
	isbn: 'isbn13',
	work_title: 'workTitle',
	pub_date: 'publicationDate',
	publishing_status: 'publishingStatus',
	updated_at: 'changedAt',
	work_id: 'workId',
};

function pageNumber(value, fallback) {
	const n = Number.parseInt(value, 10);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** `q[isbn_eq]=...&q[pub_date_gteq]=...` → `{ isbn_eq: '...', pub_date_gteq: '...' }` (repeated `q[x_in][]` → list). */
function ransackParams(searchParams) {
	const q = {};
	for (const [key, value] of searchParams) {
		const m = /^q\[([a-z0-9_]+)\](\[\])?$/.exec(key);
		if (!m) continue;
		if (m[2]) (q[m[1]] ??= []).push(value);
		else q[m[1]] = value;
	}
	return q;
}

function createRestApi({ store }) {
	function restProduct(p) {
		const work = store.workOf(p);
		const imprint = store.imprint(work.imprintId);
		const siblings = store.productsOfWork(work.id).filter((o) => o.id !== p.id && o.isbn13);
		const notAvailable = p.forSaleCountryCodes.length
			? codes.COUNTRY_CODES.filter((c) => !p.forSaleCountryCodes.includes(c))
			: p.notForSaleCountryCodes;
		const contributions = store.contributionsOf(work, p);
		return {
			id: p.id,
			work_id: work.id,
			isbn: p.isbn13
				? A.REST_ISBN_HYPHENATED
					? isbnForms(p.isbn13).isbnWithDashes
					: p.isbn13
				: 'No ISBN',
			product_doi: null,
			work_doi: null,
			in_house_work_reference: null,
			publishers_url: null,
			weblinks: [...work.webLinks, ...p.webLinks].map((l) => ({
				id: l.id,
				url: l.link,
				role: l.role,
				note: l.note,
			})),
			full_title: store.productTitle(p),
			subtitle: store.productSubtitle(p),
			authorship: authorship(contributions),
			pub_date: p.publicationDate,
			publishing_status: p.publishingStatus,
			out_of_print_date: null,
			product_form: p.productForm,
			in_house_format: inHouseFormat(p.dimensionsMm)?.name ?? null,
			in_house_edition: p.inHouseEdition,
			edition_type_codes: [],
			edition_statement: null,
			edition_number: null,
			work_type_name: work.workType ?? null,
			season_name: work.season ?? null,
			marketing_tier_name: work.marketingTier ?? null,
			project_stage_name: work.projectStage ?? null,
			imprint: imprint?.name ?? null,
			series_ids: work.seriesMembership ? [work.seriesMembership.seriesId] : [],
			extents: {
				page_count: p.pageCount,
				main_content_page_count: p.pageCount,
				number_of_words: null,
				front_matter_page_count: null,
				back_matter_page_count: null,
				total_numbered_pages: p.pageCount,
			},
			measurements: {
				product_dimensions_mm: dimensionsText(p.dimensionsMm, 'MM'),
				product_dimensions_in: dimensionsText(p.dimensionsMm, 'IN'),
			},
			prices: p.prices.map((pr) => ({
				currency_code: pr.currencyCode,
				price_type: pr.priceType,
				price_qualifier: pr.qualifier,
				price_amount: pr.amount,
			})),
			marketingtexts: store
				.marketingTextsForProduct(p)
				.map((t) => ({ id: t.id, code: t.onixCode, external_text: t.externalText })),
			supportingresources: store.resourcesForProduct(p).map((r) => ({
				id: r.id,
				caption: r.caption,
				resource_variant: r.resourceVariant,
				// The style renditions point at the stored original (the emulator renders no variants).
				style_urls: STYLES.map((style) => ({ style, url: r.imageRemoteUrl })),
			})),
			rights_not_available_countries: notAvailable,
			all_related_products: siblings.map((o) => ({ relation_code: '06', isbn: o.isbn13 })),
			updated_at: p.changedAt, // not in the reference's key list: shown because q[updated_at_gteq] filters on it
		};
	}

	/** Serves a request to a REST path (see `matches`); returns `{ route, status, body }`. */
	function handle(method, url) {
		if (method !== 'GET')
			return { route: 'rest:products', status: 404, body: { status: 404, error: 'Not Found' } };
		const conditions = parseConditions(ransackParams(url.searchParams), {
			attributes: store.attributes.product,
			style: 'snake',
			names: REST_ATTRIBUTES,
			onlyNamed: true,
			ignoreUnknown: true,
		});
		const all = store.findProducts({ product: conditions });
		const perPage = Math.min(
			pageNumber(url.searchParams.get('per_page'), A.REST_DEFAULT_PER_PAGE),
			A.REST_MAX_PER_PAGE,
		);
		const page = pageNumber(url.searchParams.get('page'), 1);
		return {
			route: 'rest:products',
			status: 200,
			body: {
				current_page: page,
				per_page: perPage,
				total_pages: Math.max(Math.ceil(all.length / perPage), A.REST_MIN_TOTAL_PAGES),
				url: url.href,
				products: all.slice((page - 1) * perPage, page * perPage).map(restProduct),
			},
		};
	}

	return { matches: (pathname) => PRODUCTS_PATH.test(pathname), handle };
}

module.exports = { createRestApi };
