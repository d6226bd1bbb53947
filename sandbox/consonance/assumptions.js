'use strict';
// Every choice the Consonance emulator makes where Consonance's public sources (docs/api-facts.md) leave
// the real behaviour UNKNOWN. Each constant is an ASSUMPTION; the comment says what is known and
// why this value was picked. The rest of sandbox/consonance/ takes these values from here only.

module.exports = {
	// ASSUMPTION (api-facts "GraphQL conventions": the page cap is undocumented): GraphQL lists return at most
	// this many records, ordered by id ascending, so a client must page with `after: <last id>`.
	GRAPHQL_PAGE_CAP: 100,

	// ASSUMPTION (api-facts "REST product feed": the page size is undocumented): REST pages hold 25 products unless
	// `per_page` asks otherwise; `per_page` above the maximum is clamped to it.
	REST_DEFAULT_PER_PAGE: 25,
	REST_MAX_PER_PAGE: 100,

	// ASSUMPTION (api-facts "REST product feed"): an empty result still reports `total_pages: 1` (will_paginate style),
	// so a client looping page=1..total_pages makes exactly one request.
	REST_MIN_TOTAL_PAGES: 1,

	// ASSUMPTION (api-facts "REST product feed": clients strip '-', so it may be hyphenated): REST `isbn` is the 13
	// digits without hyphens; `q[isbn_eq]` accepts it with or without hyphens/spaces.
	REST_ISBN_HYPHENATED: false,

	// ASSUMPTION (api-facts "REST product feed" has a `url` key but not its meaning): `url` is the absolute URL of the
	// request that produced the page.

	// ASSUMPTION (api-facts "Authentication and hosts"): REST also accepts `Authorization: Bearer <key>` (Rails'
	// authenticate_with_http_token parses both); GraphQL accepts only `Bearer` (documented scheme).
	REST_ACCEPTS_BEARER: true,
	GRAPHQL_ACCEPTS_TOKEN_SCHEME: false,

	// ASSUMPTION (api-facts "Errors", Rails defaults): REST 401 = `WWW-Authenticate: Token realm="Application"` and
	// the plain-text body below; other REST errors (404, injected 5xx/429) are Rails'
	// PublicExceptions JSON `{"status": <code>, "error": "<reason phrase>"}`.
	REST_AUTH_REALM: 'Application',
	REST_ACCESS_DENIED_BODY: 'HTTP Token: Access denied.\n',

	// ASSUMPTION (api-facts "Errors", graphql-ruby): a bad or missing key is HTTP 401 with this GraphQL-style body.
	GRAPHQL_UNAUTHORIZED_MESSAGE: 'Unauthorized',

	// ASSUMPTION (api-facts "Errors": payload field names undocumented, examples disagree): every mutation payload is
	// `{ <object>, errors: [MutationError!]!, clientMutationId }` and MutationError is
	// `{ field, message }`; the object is null when `errors` is not empty. Delete payloads carry
	// `success: Boolean!` and the `deletedId` instead of an object.
	MUTATION_ERROR_TYPE: 'MutationError',

	// ASSUMPTION (api-facts "GraphQL conventions": enum `ONIXPublishingStatusCode`, value names unknown): like the
	// price enums (fact: `_02`, `_05`), ONIX codes are exposed as enum values with a leading underscore, for
	// `Product.onixPublishingStatusCode` and `UpdateProductInput.onixPublishingStatusCode` alike.
	// (the unmerged mutations branch of CON-GQL passes the string "04"; a real enum input would reject that.)
	ONIX_ENUM_PREFIX: '_',

	// ASSUMPTION (api-facts "GraphQL types and queries": `productTypes`, a typename list): the enum holding the product
	// typenames.
	PRODUCT_TYPENAME_ENUM: 'ProductTypename',

	// ASSUMPTION (api-facts "Records the node creates": exact enum values unknown): SupportingResourceStatus values,
	// and the status a resource gets when the input omits it.
	SUPPORTING_RESOURCE_STATUSES: ['DRAFT', 'APPROVED'],
	DEFAULT_SUPPORTING_RESOURCE_STATUS: 'DRAFT',

	// ASSUMPTION (api-facts "Records the node creates": "e.g. Front cover"): SupportingResourceVariant values and the
	// default.
	SUPPORTING_RESOURCE_VARIANTS: [
		'FRONT_COVER',
		'BACK_COVER',
		'SPINE',
		'FULL_COVER',
		'AUTHOR_PHOTO',
		'SPREAD',
		'INTERIOR',
		'PROMOTIONAL',
		'OTHER',
	],
	DEFAULT_SUPPORTING_RESOURCE_VARIANT: 'OTHER',

	// ASSUMPTION (api-facts "REST product feed": the first is the front cover for every client): a product's
	// resources are listed front covers first (newest first), then the rest by id.
	FRONT_COVER_VARIANT: 'FRONT_COVER',

	// ASSUMPTION (api-facts "Records the node creates": a JPG): the check is on the URL path's extension, then (when the
	// emulator can fetch the file, i.e. loopback hosts only) on the decoded image format.
	JPG_URL_PATTERN: /\.(jpe?g)$/i,

	// ASSUMPTION (api-facts "Records the node creates": Consonance fetches the image): a loopback URL that cannot be
	// fetched, or is not a JPEG, is reported synchronously as a payload error on `imageRemoteUrl`.
	// `resourceFileName` (presigned upload; payload field UNKNOWN) is not emulated: payload error.

	// ASSUMPTION: `aspectRatio` = width / height, rounded to 4 decimals.
	ASPECT_RATIO_DECIMALS: 4,

	// ASSUMPTION (CON-GQL: "variantIn: [SHORT_DESCRIPTION]" is the only value seen): MarketingTextVariant
	// values and the ONIX 2.1 "other text type" (list 33) code each maps to (REST `marketingtexts[].code`;
	// REST clients read "01" main description and "08" review quote). DESCRIPTION is the seed's variant.
	MARKETING_TEXT_VARIANTS: {
		MAIN_DESCRIPTION: '01',
		SHORT_DESCRIPTION: '02',
		DESCRIPTION: '03',
		TABLE_OF_CONTENTS: '04',
		REVIEW_TEXT: '07',
		REVIEW_QUOTE: '08',
		PROMOTIONAL_HEADLINE: '09',
		AUTHOR_COMMENTS: '11',
		BIOGRAPHICAL_NOTE: '13',
		EXCERPT: '23',
	},

	// ASSUMPTION: work-level records with an empty `productIds` (marketing texts, contributions)
	// apply to every product of the work. Supporting resources are different: an empty `productIds`
	// means linked to no product (that is what `unlinkPrevious` leaves behind).

	// ASSUMPTION (api-facts "GraphQL types and queries": web link mutations exist, fields unknown): a web link belongs
	// to a work (`workId`) or to one product (`productId`); `role` is free text (e.g. an ONIX list 73 code).

	// ASSUMPTION (CON-SCHEMA: `workType`, `projectStage`, `season`, `marketingTier` types unknown): they are
	// returned as their display names (String).

	// ASSUMPTION: `allowOnixExports` for seeded products (the seed does not carry it).
	DEFAULT_ALLOW_ONIX_EXPORTS: true,

	// ASSUMPTION (api-facts "GraphQL conventions": values MM|CM|IN; the enum's name unknown): name of the enum, and
	// rounding of converted lengths (decimals per unit).
	LENGTH_UNIT_ENUM: 'LengthUnit',
	LENGTH_DECIMALS: { MM: 0, CM: 1, IN: 2 },

	// ASSUMPTION (the guide's examples name fields, not their types): in details.js, the types of the
	// guide's contract, contact, organisation and production-run fields (dates as ISO8601Date, amounts
	// and percentages as Float, colour counts as Int, `country { value description }`), and their
	// seeded values, derived from each record's id.

	// ASSUMPTION (CON-SCHEMA: only `titlePrefix`/`titleWithoutPrefix` are seen): the prefix is a leading
	// English article split off the stored title.
	TITLE_PREFIXES: ['The', 'A', 'An'],
};

// What would settle each assumption above (by constant name; `comment:` entries are the
// assumptions written only as comments). docs/assumptions.md lists them; a sandbox test keeps the
// three in step. "check:live" = `npm run check:live` against a real account (docs/check-live.md).
module.exports.EVIDENCE = {
	GRAPHQL_PAGE_CAP:
		'a `products` query without `after` on an account with more products than the cap: the ' +
		'length of the answer (check:live shows one page of 5)',
	REST_DEFAULT_PER_PAGE: 'GET /api/v4/products.json without per_page: `per_page` in the envelope',
	REST_MAX_PER_PAGE: 'GET /api/v4/products.json?per_page=1000: `per_page` in the envelope',
	REST_MIN_TOTAL_PAGES:
		'a REST query matching nothing (q[isbn_eq]=0): `total_pages` in the envelope',
	REST_ISBN_HYPHENATED:
		'any REST product with an ISBN: the `isbn` string (check:live reads a feed page)',
	REST_ACCEPTS_BEARER: 'GET /api/v4/products.json with `Authorization: Bearer <key>`: 200 or 401',
	GRAPHQL_ACCEPTS_TOKEN_SCHEME: 'POST /graphql with `Authorization: Token token=<key>`: 200 or 401',
	REST_AUTH_REALM: 'GET /api/v4/products.json with a wrong key: the WWW-Authenticate header',
	REST_ACCESS_DENIED_BODY: 'GET /api/v4/products.json with a wrong key: the body',
	GRAPHQL_UNAUTHORIZED_MESSAGE: 'POST /graphql with a wrong key: status and body',
	MUTATION_ERROR_TYPE:
		'introspection: the payload types of the mutations (check:live assumption "mutation-payload")',
	ONIX_ENUM_PREFIX:
		'introspection: the values of ONIXPublishingStatusCode (check:live assumption "onix-enum-prefix")',
	PRODUCT_TYPENAME_ENUM: 'introspection: the type of ProductSearchAttributes.productTypes',
	SUPPORTING_RESOURCE_STATUSES:
		'introspection: SupportingResourceStatus (check:live assumption "supporting-resource-statuses")',
	DEFAULT_SUPPORTING_RESOURCE_STATUS:
		'createSupportingResource without status on a scratch work: the status of the answer',
	SUPPORTING_RESOURCE_VARIANTS:
		'introspection: SupportingResourceVariant (check:live assumption "supporting-resource-variants")',
	DEFAULT_SUPPORTING_RESOURCE_VARIANT:
		'createSupportingResource without resourceVariant on a scratch work: the variant of the answer',
	FRONT_COVER_VARIANT:
		'a product with a front cover and other resources: the order of `supportingResources` (REST and GraphQL)',
	JPG_URL_PATTERN:
		'createSupportingResource with a PNG URL, and with a JPG served without extension, on a scratch work',
	ASPECT_RATIO_DECIMALS: 'any supporting resource: `aspectRatio` next to `width` / `height`',
	MARKETING_TEXT_VARIANTS:
		'introspection: MarketingTextVariant; a REST product with texts: each `code` ' +
		'(check:live assumption "marketing-text-variants")',
	DEFAULT_ALLOW_ONIX_EXPORTS: 'products of a real account: `allowOnixExports`',
	LENGTH_UNIT_ENUM: 'introspection: the type of PhysicalBookProduct.productHeight(unit:)',
	LENGTH_DECIMALS:
		'a print product read with unit CM and IN: the decimals of productHeight / productWidth / productThickness',
	TITLE_PREFIXES:
		'products whose titles start with an article: `titlePrefix` / `titleWithoutPrefix` (e.g. "Les", "Der")',
	'comment:rest-url': 'any REST page: the `url` in the envelope compared with the request',
	'comment:resource-file-name':
		'introspection: the CreateSupportingResourcePayload fields (the presigned-URL field for resourceFileName)',
	'comment:empty-product-ids':
		'a work-level marketing text in the Consonance UI: its `productIds` and whether every product exports it',
	'comment:web-link-owner': 'introspection: CreateWebLinkInput (check:live assumption "web-links")',
	'comment:work-classification-strings':
		'introspection: the types of Work.workType / projectStage / season / marketingTier',
	'comment:guide-field-types':
		'introspection: the types of Contract.deliveryDates / gratisCopies / financial fields, ' +
		'Contact.addresses / phones, Organisation identifiers, Work.productionRuns',
	'comment:processing-synchronous':
		'createSupportingResource from an unreachable URL on a scratch work: a payload error ' +
		'or a resource that never finishes processing',
};
