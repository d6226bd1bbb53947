import type { INodePropertyOptions } from 'n8n-workflow';

// What the node assumes about the Consonance API where its documentation is silent
// (docs/api-facts.md, "Consonance", says which facts are documented). Every such value the node uses is here and
// nowhere else, so that a fact learnt later changes one file. docs/consonance-node.md lists them.

/**
 * ASSUMPTION (value names undocumented): ONIX codes are GraphQL enum values with a leading
 * underscore (`_04`), as the price enums are (fact: `_02`, `_05`). Output strips it, input adds it.
 */
export const ONIX_ENUM_PREFIX = '_';

/** ASSUMPTION (the enum values are undocumented): SupportingResourceStatus values. */
export const SUPPORTING_RESOURCE_STATUSES: INodePropertyOptions[] = [
	{ name: 'Draft', value: 'DRAFT', description: 'Held back: not sent to retailers' },
	{ name: 'Approved', value: 'APPROVED', description: 'Ready to be sent to retailers' },
];

/** ASSUMPTION (only "e.g. Front cover" is documented): SupportingResourceVariant values. */
export const SUPPORTING_RESOURCE_VARIANTS: INodePropertyOptions[] = [
	{ name: 'Front Cover', value: 'FRONT_COVER' },
	{ name: 'Back Cover', value: 'BACK_COVER' },
	{ name: 'Spine', value: 'SPINE' },
	{ name: 'Full Cover', value: 'FULL_COVER' },
	{ name: 'Author Photo', value: 'AUTHOR_PHOTO' },
	{ name: 'Spread', value: 'SPREAD' },
	{ name: 'Interior', value: 'INTERIOR' },
	{ name: 'Promotional', value: 'PROMOTIONAL' },
	{ name: 'Other', value: 'OTHER' },
];

/**
 * ASSUMPTION (only `SHORT_DESCRIPTION` is seen in the guide): MarketingTextVariant values, each named with
 * the ONIX 2.1 list 33 text type it is exported as.
 */
export const MARKETING_TEXT_VARIANTS: INodePropertyOptions[] = [
	{ name: 'Main Description (01)', value: 'MAIN_DESCRIPTION' },
	{ name: 'Short Description (02)', value: 'SHORT_DESCRIPTION' },
	{ name: 'Description (03)', value: 'DESCRIPTION' },
	{ name: 'Table of Contents (04)', value: 'TABLE_OF_CONTENTS' },
	{ name: 'Review Text (07)', value: 'REVIEW_TEXT' },
	{ name: 'Review Quote (08)', value: 'REVIEW_QUOTE' },
	{ name: 'Promotional Headline (09)', value: 'PROMOTIONAL_HEADLINE' },
	{ name: 'Author Comments (11)', value: 'AUTHOR_COMMENTS' },
	{ name: 'Biographical Note (13)', value: 'BIOGRAPHICAL_NOTE' },
	{ name: 'Excerpt (23)', value: 'EXCERPT' },
];

/**
 * ASSUMPTION (payload field names undocumented): every mutation payload is
 * `{ <object>, errors { field message } }`, the object null when `errors` is not empty; delete
 * payloads carry `success` and `deletedId`.
 */
export const MUTATION_ERRORS_SELECTION = 'errors { field message }';

/**
 * ASSUMPTION (a CreateWebLink mutation exists, its fields are undocumented): a web link belongs to a work
 * (`workId`) or one product (`productId`) and takes `link`, `role` (free text) and `note`.
 */
export const WEB_LINK_OWNER_FIELDS = { work: 'workId', product: 'productId' } as const;

/**
 * ASSUMPTION (the guide says "must be a JPG"): Consonance fetches a supporting resource's image from its URL
 * and accepts only JPGs, judged by the URL's extension.
 */
export const SUPPORTING_RESOURCE_URL_PATTERN = /\.jpe?g$/i;

