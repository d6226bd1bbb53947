import type { INodePropertyOptions } from 'n8n-workflow';

// What the node assumes about the Consonance API where its documentation is silent
// (reference/consonance-api.md marks these UNKNOWN). Every such value the node uses is here and
// nowhere else, so that a fact learnt later changes one file. docs/consonance-node.md lists them.

/**
 * ASSUMPTION (§2.2, value names UNKNOWN): ONIX codes are GraphQL enum values with a leading
 * underscore (`_04`), as the price enums are (fact: `_02`, `_05`). Output strips it, input adds it.
 */
export const ONIX_ENUM_PREFIX = '_';

/** ASSUMPTION (§2.3, "exact enum values UNKNOWN"): SupportingResourceStatus values. */
export const SUPPORTING_RESOURCE_STATUSES: INodePropertyOptions[] = [
	{ name: 'Draft', value: 'DRAFT', description: 'Held back: not sent to retailers' },
	{ name: 'Approved', value: 'APPROVED', description: 'Ready to be sent to retailers' },
];

/** ASSUMPTION (§2.3, only "e.g. Front cover" is documented): SupportingResourceVariant values. */
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
 * ASSUMPTION (§2.2, only `SHORT_DESCRIPTION` is seen): MarketingTextVariant values, each named with
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
 * ASSUMPTION (§3.2, payload field names UNKNOWN): every mutation payload is
 * `{ <object>, errors { field message } }`, the object null when `errors` is not empty; delete
 * payloads carry `success` and `deletedId`.
 */
export const MUTATION_ERRORS_SELECTION = 'errors { field message }';

/**
 * ASSUMPTION (§3.2 CreateWebLink exists, its fields UNKNOWN): a web link belongs to a work
 * (`workId`) or one product (`productId`) and takes `link`, `role` (free text) and `note`.
 */
export const WEB_LINK_OWNER_FIELDS = { work: 'workId', product: 'productId' } as const;

/**
 * ASSUMPTION (§2.3 "must be a JPG"): Consonance fetches a supporting resource's image from its URL
 * and accepts only JPGs, judged by the URL's extension.
 */
export const SUPPORTING_RESOURCE_URL_PATTERN = /\.jpe?g$/i;

/**
 * ASSUMPTION: there is no imprint query (§2.2 lists none), so imprints for the dropdown are read
 * off the works; the list may miss an imprint that has no works yet.
 */
export const IMPRINTS_FROM_WORKS = true;

/**
 * The names the node sends that Consonance's published GraphQL guide does not show, grouped by the
 * assumption they rest on, as schema coordinates (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`).
 * `npm run check:live` reads each against the live schema (confirmed / refuted with what is there
 * instead); a GraphQL validation error naming one of them tells the user which assumption failed.
 * `absent` lists coordinates whose presence would refute the assumption.
 */
export interface SchemaAssumption {
	id: string;
	statement: string;
	coordinates: string[];
	absent?: string[];
}

const enumCoordinates = (enumName: string, options: INodePropertyOptions[]) =>
	options.map((o) => `${enumName}.${String(o.value)}`);

export const SCHEMA_ASSUMPTIONS: SchemaAssumption[] = [
	{
		id: 'onix-enum-prefix',
		statement:
			'ONIX codes are enum values with a leading underscore (publishing status _04), as the price enums are',
		coordinates: ['ONIXPublishingStatusCode._04', 'UpdateProductInput.onixPublishingStatusCode'],
	},
	{
		id: 'product-update-fields',
		statement:
			'updateProduct takes isbn, title, subtitle, publicationDate, plannedPublicationDate and embargoDate',
		coordinates: [
			'UpdateProductInput.isbn',
			'UpdateProductInput.title',
			'UpdateProductInput.subtitle',
			'UpdateProductInput.publicationDate',
			'UpdateProductInput.plannedPublicationDate',
			'UpdateProductInput.embargoDate',
		],
	},
	{
		id: 'publication-date-range',
		statement:
			'products can be filtered by a publication date range (publicationDateGteq / publicationDateLteq)',
		coordinates: [
			'ProductSearchAttributes.publicationDateGteq',
			'ProductSearchAttributes.publicationDateLteq',
		],
	},
	{
		id: 'contact-search',
		statement:
			'contacts can be found by id, by any name and by organisation name, and paged with after',
		coordinates: [
			'ContactSearchAttributes.idEq',
			'ContactSearchAttributes.nameCont',
			'ContactSearchAttributes.organisationNameCont',
			'ContactSearchAttributes.after',
		],
	},
	{
		id: 'contract-by-work',
		statement: 'a contract can be found by its work (ContractSearchAttributes.workIdEq)',
		coordinates: ['ContractSearchAttributes.workIdEq'],
	},
	{
		id: 'mutation-payload',
		statement:
			'every mutation payload is { <object>, errors { field message } }; delete payloads carry success and deletedId',
		coordinates: [
			'MutationError.field',
			'MutationError.message',
			'UpdateProductPayload.product',
			'UpdateProductPayload.errors',
			'UpdateWorkPayload.work',
			'CreateSupportingResourcePayload.supportingResource',
			'CreateMarketingTextPayload.marketingText',
			'DeleteSupportingResourcePayload.success',
			'DeleteSupportingResourcePayload.deletedId',
			'DeleteMarketingTextPayload.success',
			'DeleteMarketingTextPayload.deletedId',
		],
	},
	{
		id: 'supporting-resource-fields',
		statement:
			'a supporting resource shows its url, width, status, resourceVariant, productIds and work',
		coordinates: [
			'SupportingResource.url',
			'SupportingResource.width',
			'SupportingResource.status',
			'SupportingResource.resourceVariant',
			'SupportingResource.productIds',
			'SupportingResource.work',
			'Work.supportingResources',
		],
	},
	{
		id: 'supporting-resource-statuses',
		statement: 'SupportingResourceStatus values are DRAFT and APPROVED',
		coordinates: enumCoordinates('SupportingResourceStatus', SUPPORTING_RESOURCE_STATUSES),
	},
	{
		id: 'supporting-resource-variants',
		statement:
			'SupportingResourceVariant values are FRONT_COVER, BACK_COVER, … (SUPPORTING_RESOURCE_VARIANTS)',
		coordinates: enumCoordinates('SupportingResourceVariant', SUPPORTING_RESOURCE_VARIANTS),
	},
	{
		id: 'marketing-text-fields',
		statement:
			'createMarketingText takes workId, variant, externalText, internalText and productIds; ' +
			'a marketing text shows variant, internalText and productIds',
		coordinates: [
			'CreateMarketingTextInput.workId',
			'CreateMarketingTextInput.variant',
			'CreateMarketingTextInput.externalText',
			'CreateMarketingTextInput.internalText',
			'CreateMarketingTextInput.productIds',
			'MarketingText.variant',
			'MarketingText.internalText',
			'MarketingText.productIds',
			'Work.marketingTexts(variantIn:)',
		],
	},
	{
		id: 'marketing-text-variants',
		statement:
			'MarketingTextVariant values are MAIN_DESCRIPTION, SHORT_DESCRIPTION, … (MARKETING_TEXT_VARIANTS)',
		coordinates: enumCoordinates('MarketingTextVariant', MARKETING_TEXT_VARIANTS),
	},
	{
		id: 'web-links',
		statement:
			'createWebLink / deleteWebLink exist; a web link belongs to a work (workId) or a product (productId) ' +
			'and takes link, role and note',
		coordinates: [
			'Mutation.createWebLink',
			'Mutation.deleteWebLink',
			`CreateWebLinkInput.${WEB_LINK_OWNER_FIELDS.work}`,
			`CreateWebLinkInput.${WEB_LINK_OWNER_FIELDS.product}`,
			'CreateWebLinkInput.link',
			'CreateWebLinkInput.role',
			'CreateWebLinkInput.note',
			'CreateWebLinkPayload.webLink',
			'DeleteWebLinkPayload.success',
			'Work.webLinks',
		],
	},
	{
		id: 'work-classification',
		statement: 'a work shows workType, projectStage, season and marketingTier',
		coordinates: ['Work.workType', 'Work.projectStage', 'Work.season', 'Work.marketingTier'],
	},
	{
		id: 'no-imprint-query',
		statement:
			'there is no imprint list query, so imprints are read off the works (IMPRINTS_FROM_WORKS)',
		coordinates: ['Work.imprint'],
		absent: ['Query.imprints'],
	},
];

/**
 * Assumptions the schema cannot settle (how Consonance behaves, not what it names), with what
 * would settle each. `npm run check:live` prints them as unknown.
 */
export const BEHAVIOUR_ASSUMPTIONS: Array<{ id: string; statement: string; settledBy: string }> = [
	{
		id: 'supporting-resource-jpg-only',
		statement:
			'Consonance accepts a supporting resource only from a URL ending in .jpg/.jpeg (SUPPORTING_RESOURCE_URL_PATTERN)',
		settledBy:
			'createSupportingResource with a PNG URL on a scratch work: a payload error on imageRemoteUrl confirms it',
	},
	{
		id: 'keyset-paging',
		statement:
			'lists are ordered by id and `after` returns the records with a greater id, with a server-side page cap',
		settledBy:
			'the check:live read "keyset order" shows the IDs of one page ascending; ' +
			'the cap shows only as a page of exactly that size',
	},
];
