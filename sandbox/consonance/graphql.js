'use strict';
// The Consonance GraphQL API (`POST /graphql`) as a real graphql-js schema: the types, searches and
// mutations of docs/api-facts.md ("GraphQL types and queries"), graphql-ruby conventions (plain
// lists, `mutationName(input: {...}) { <object> errors { field message } }`, ONIX codes as
// `_`-prefixed enum values). Transport and auth are index.js's; state and validation are store.js's.
const { buildSchema, parse, print, validate, execute, GraphQLError, Kind } = require('graphql');
const { isEnumType, isInterfaceType, isObjectType, isScalarType } = require('graphql');
const A = require('./assumptions');
const codes = require('./codes');
const { parseConditions, matches } = require('./search');
const details = require('./details');
const {
	isIsoDate,
	isbnForms,
	splitTitle,
	convertLength,
	inHouseFormat,
	nameCode,
	prettyList,
	authorship,
	stripHtml,
} = require('./format');

// ---- schema (SDL generated where types share fields, so each field list is written once)

const onixEnumValues = (list) =>
	Object.fromEntries(
		Object.keys(list)
			.sort()
			.map((code) => [`${A.ONIX_ENUM_PREFIX}${code}`, code]),
	);
const ONIX_ENUMS = {
	ONIXPublishingStatusCode: onixEnumValues(codes.PUBLISHING_STATUSES),
	ONIXPriceTypeCode: onixEnumValues(codes.PRICE_TYPES),
	ONIXPriceTypeQualifierCode: onixEnumValues(codes.PRICE_QUALIFIERS),
};
const enumSdl = (name, values) => `enum ${name} {\n  ${values.join('\n  ')}\n}`;
const DATE_PREDICATES = ['Eq', 'Gt', 'Lt', 'Gteq', 'Lteq'];

const PRODUCT_FIELDS = `
  id: Int!
  fullTitle: String
  titlePrefix: String
  titleWithoutPrefix: String
  subtitle: String
  authorshipDescription: String
  productAuthorshipDescription: String
  isbn: ISBN
  asin: String
  publicationDate: ISO8601Date
  plannedPublicationDate: ISO8601Date
  embargoDate: ISO8601Date
  onix21ProductFormCode: ONIX21ProductFormCode
  onix21ProductForm: OnixCode
  onixPublishingStatusCode: ONIXPublishingStatusCode
  onixPublishingStatus: OnixCode
  inHouseEdition: InHouseEdition
  inHouseFormat: InHouseFormat
  forSaleCountryCodes: [String!]!
  notForSaleCountryCodes: [String!]!
  salesRightsDescription: String
  isForSaleWorldwide: Boolean!
  prices(priceSearch: PriceSearchAttributes): [Price!]!
  marketingTexts(variantIn: [MarketingTextVariant!]): [MarketingText!]!
  supportingResources: [SupportingResource!]!
  webLinks: [WebLink!]!
  contributions: [Contribution!]!
  work: Work!
  allowOnixExports: Boolean!`;

const PHYSICAL_BOOK_FIELDS = `
  productHeight(unit: ${A.LENGTH_UNIT_ENUM} = MM): Float
  productWidth(unit: ${A.LENGTH_UNIT_ENUM} = MM): Float
  productThickness(unit: ${A.LENGTH_UNIT_ENUM} = MM): Float
  approximatePageCount: Int
  productionPageCount: Int
  mainContentPageCount: Int
  frontMatterPageCount: Int
  backMatterPageCount: Int
  totalNumberedPages: Int
  contentPageCount: Int
  totalUnnumberedInsertPageCount: Int
  wordCount: Int`;

const CONTACT_FIELDS = `
  id: Int!
  name: String
  keyNames: String
  personName: String
  personNameInverted: String
  organisationName: String
  biographicalNote: String
  isni: String
  emails: [Email!]!
  contributions: [Contribution!]!
  gender: String
  genderClarification: String
  inhouseCustomerId: String
  inhouseSupplierId: String
  notes: [Note!]!
  addresses: [Address!]!
  phones: [Phone!]!`;

// Person-only and organisation-only fields (the guide's people/*.md examples).
const PERSON_FIELDS = `
  professionalAffiliations: [ProfessionalAffiliation!]!
  qualificationsAndHonoursAfterNames: String
  roleFulfillments: [RoleFulfillment!]!`;
const ORGANISATION_FIELDS = `
  dunsNumber: String
  globalLocationNumber: String
  organisationCountry: String
  ringgoldId: String
  standardAddressNumber: String
  vatNumber: String`;

// Mutations: the payload's object field, and how the input reaches the store.
const PRODUCT_INPUT_NAMES = {
	isbn: 'isbn13',
	title: 'title',
	subtitle: 'subtitle',
	publicationDate: 'publicationDate',
	plannedPublicationDate: 'plannedPublicationDate',
	embargoDate: 'embargoDate',
	onixPublishingStatusCode: 'publishingStatus',
};
const WORK_INPUT_NAMES = { title: 'title', subtitle: 'subtitle' };
const toStored = (input, names) =>
	Object.fromEntries(
		Object.entries(names)
			.filter(([api]) => input[api] !== undefined)
			.map(([api, stored]) => [stored, input[api]]),
	);
const STORED_TO_INPUT = Object.fromEntries(
	Object.entries(PRODUCT_INPUT_NAMES).map(([api, stored]) => [stored, api]),
);
const DELETED = 'success: Boolean!\n  deletedId: Int';

const MUTATIONS = {
	updateProduct: {
		returns: 'product: Product',
		run: (input, store, source) =>
			store.updateProduct(input.id, toStored(input, PRODUCT_INPUT_NAMES), source),
	},
	updateWork: {
		returns: 'work: Work',
		run: (input, store, source) =>
			store.updateWork(
				input.id,
				toStored(input, WORK_INPUT_NAMES),
				input.products?.map((p) => ({ id: p.id, changes: toStored(p, PRODUCT_INPUT_NAMES) })),
				source,
			),
	},
	createSupportingResource: {
		returns: 'supportingResource: SupportingResource',
		run: (input, store, source) => store.createSupportingResource(input, source),
	},
	deleteSupportingResource: {
		returns: DELETED,
		run: (input, store, source) => store.deleteSupportingResource(input.id, source),
	},
	createMarketingText: {
		returns: 'marketingText: MarketingText',
		run: (input, store, source) => store.createMarketingText(input, source),
	},
	deleteMarketingText: {
		returns: DELETED,
		run: (input, store, source) => store.deleteMarketingText(input.id, source),
	},
	createWebLink: {
		returns: 'webLink: WebLink',
		run: (input, store, source) => store.createWebLink(input, source),
	},
	deleteWebLink: {
		returns: DELETED,
		run: (input, store, source) => store.deleteWebLink(input.id, source),
	},
};
const capitalise = (s) => s[0].toUpperCase() + s.slice(1);

const productTypeSdl = (t) =>
	`type ${t} implements Product {${PRODUCT_FIELDS}${t === 'PhysicalBookProduct' ? PHYSICAL_BOOK_FIELDS : ''}\n}`;
const DELETE_INPUTS = [
	'DeleteSupportingResourceInput',
	'DeleteMarketingTextInput',
	'DeleteWebLinkInput',
];

const SDL = `
scalar ISO8601Date
scalar ISO8601DateTime

${enumSdl('ONIX21ProductFormCode', Object.keys(codes.PRODUCT_FORMS))}
${Object.entries(ONIX_ENUMS)
	.map(([name, values]) => enumSdl(name, Object.keys(values)))
	.join('\n')}
${enumSdl('ONIXContributorRoleCode', Object.keys(codes.CONTRIBUTOR_ROLES))}
${enumSdl(A.PRODUCT_TYPENAME_ENUM, codes.PRODUCT_TYPENAMES)}
${enumSdl(A.LENGTH_UNIT_ENUM, ['MM', 'CM', 'IN'])}
${enumSdl('SupportingResourceStatus', A.SUPPORTING_RESOURCE_STATUSES)}
${enumSdl('SupportingResourceVariant', A.SUPPORTING_RESOURCE_VARIANTS)}
${enumSdl('MarketingTextVariant', Object.keys(A.MARKETING_TEXT_VARIANTS))}

input ProductSearchAttributes {
  after: Int
  idEq: Int
  idIn: [Int!]
  isbn13Eq: String
  isbn13In: [String!]
  isbn13Assigned: Boolean
  titleEq: String
  titleCont: String
  ${DATE_PREDICATES.map((p) => `publicationDate${p}: ISO8601Date`).join('\n  ')}
  onix21ProductFormCodeIn: [ONIX21ProductFormCode!]
  changedSince: ISO8601Date
  productTypes: [${A.PRODUCT_TYPENAME_ENUM}!]
}

input WorkSearchAttributes {
  after: Int
  idEq: Int
  idIn: [Int!]
  contractIdEq: Int
  changedSince: ISO8601Date
  titleEq: String
  titleCont: String
  subtitleEq: String
  subtitleCont: String
  subtitlePresent: Boolean
  imprintIdIn: [Int!]
}

input PriceSearchAttributes {
  currencyCodeIn: [String!]
  onixPriceTypeCodeIn: [ONIXPriceTypeCode!]
  onixPriceTypeQualifierCodeIn: [ONIXPriceTypeQualifierCode!]
  amountLteq: Float
  amountGteq: Float
}

input ContactSearchAttributes {
  after: Int
  idEq: Int
  nameCont: String
  personNameCont: String
  organisationNameCont: String
}

input OrganisationSearchAttributes {
  idEq: Int
  nameEq: String
  nameCont: String
}

input ContractSearchAttributes {
  idEq: Int
  workIdEq: Int
}

type ISBN {
  isbn10: String
  isbn13: String!
  isbnWithDashes: String!
  isbnWithSpaces: String!
}

type OnixCode {
  code: String!
  description: String!
  notes: String
  isDeprecated: Boolean!
}

type InHouseEdition {
  name: String!
  code: String!
}

type InHouseFormat {
  name: String!
  code: String!
}

type Price {
  id: ID!
  amount: Float!
  currencyCode: String!
  amountWithCurrencyCode: String!
  onixPriceTypeCode: ONIXPriceTypeCode!
  onixPriceTypeQualifierCode: ONIXPriceTypeQualifierCode!
}

interface Product {${PRODUCT_FIELDS}
}
${codes.PRODUCT_TYPENAMES.map(productTypeSdl).join('\n')}

type Imprint {
  id: Int!
  name: String!
}

type Series {
  id: Int!
  name: String!
  subtitle: String
  titleWithSubtitle: String!
  printIssn: String
  onlineIssn: String
}

type SeriesMembership {
  partNumber: Int
  yearOfAnnual: Int
  series: Series!
}

type SupportingResource {
  id: Int!
  url: String
  caption: String
  copyright: String
  copyrightHolder: String
  requiredCredit: String
  createdAt: ISO8601DateTime!
  filename: String
  fileSize: Int
  height: Int
  width: Int
  aspectRatio: Float
  imageContentType: String
  imageRemoteUrl: String
  isProcessing: Boolean!
  productIds: [Int!]!
  resourceVariant: SupportingResourceVariant
  status: SupportingResourceStatus
  work: Work
}

type MarketingText {
  id: Int!
  variant: MarketingTextVariant!
  externalText(stripHtml: Boolean = false): String
  externalTextNumberOfCharacters: Int
  internalText: String
  productIds: [Int!]!
}

type WebLink {
  id: Int!
  link: String!
  role: String
  note: String
}

type Contribution {
  id: Int!
  workId: Int!
  contributor: Contact!
  onixContributorRoleCode: ONIXContributorRoleCode!
  onixContributorRole: OnixCode!
  sequenceNumber: Int
  productIds: [Int!]!
}

type Email {
  email: String!
}

interface Contact {${CONTACT_FIELDS}
}
type Person implements Contact {${CONTACT_FIELDS}${PERSON_FIELDS}
}
type Organisation implements Contact {${CONTACT_FIELDS}${ORGANISATION_FIELDS}
}

type Note {
  id: Int!
  noteText: String
}

type Country {
  value: String!
  description: String!
}

type Address {
  id: Int!
  addressLine1: String
  addressLine2: String
  addressLine3: String
  building: String
  careOf: String
  country: Country
  departmentName: String
  organisationName: String
  postOfficeBox: String
  postcode: String
  subBuilding: String
}

type Phone {
  id: Int!
  phoneNumber: String!
  phoneType: String
}

type ProfessionalAffiliation {
  id: Int!
  affiliation: String!
}

type RoleFulfillment {
  id: Int!
  role: String!
  organization: String
}

type DeliveryDate {
  id: Int!
  dateDue: ISO8601Date
  deliverableType: String
  deliveryRequirement: String
  percentageOfTotal: Float
  slippedDate: ISO8601Date
}

type GratisCopy {
  id: Int!
  note: String
  numberOfCopies: Int!
  sendOn: ISO8601Date
  sentOn: ISO8601Date
  productId: Int
}

type ProductionQuantity {
  id: Int!
  quantity: Int!
  name: String
  description: String
  receivedQuantity: Int
  productId: Int
}

type ProductionBinding {
  id: Int!
  widthOfBoard: Float
  pageBindingMethod: String
  trimmingMethod: String
  endpapers: String
  caseSpineStyle: String
  description: String
  bindingInstructions: String
  productIds: [Int!]!
  products: [Product!]!
}

type ProductionCover {
  id: Int!
  paper: String
  coverType: String
  coverColoursOutside: Int
  coverColoursOutsideDescription: String
  coverNotes: String
  productIds: [Int!]!
  products: [Product!]!
}

type ProductionEmbellishment {
  id: Int!
  name: String!
  description: String
  productIds: [Int!]!
  products: [Product!]!
}

type ProductionFinish {
  id: Int!
  name: String!
  description: String
  productIds: [Int!]!
  products: [Product!]!
}

type ProductionInterior {
  id: Int!
  paper: String
  textColour: Int
  textColourDescription: String
  textPrintInstructions: String
  fsc: Boolean
  productIds: [Int!]!
  products: [Product!]!
}

type ProductionRun {
  id: Int!
  name: String!
  deliveryDate: ISO8601Date
  productIds: [Int!]!
  quantities: [ProductionQuantity!]!
  bindings: [ProductionBinding!]!
  covers: [ProductionCover!]!
  embellishments: [ProductionEmbellishment!]!
  finishes: [ProductionFinish!]!
  interiors: [ProductionInterior!]!
}

type LicensedRight {
  id: Int!
  rightType: String!
  authorCut: Float
}

type Contract {
  id: Int!
  contractName: String
  description: String
  client: Contact
  work: Work
  signedDate: ISO8601Date
  term: String
  terminatedDate: ISO8601Date
  terminationReason: String
  licensedRights: [LicensedRight!]!
  msDeliveryDate: ISO8601Date
  revisedMsDeliveryDate: ISO8601Date
  actualMsDeliveryDate: ISO8601Date
  msProofsDate: ISO8601Date
  pubBeforeDate: ISO8601Date
  deliveryDates: [DeliveryDate!]!
  gratisCopies: [GratisCopy!]!
  flatFeeValue: Float
  guaranteedRoyaltyValue: Float
  authorDiscount: Float
  remainderRate: Float
  remainderRateOverCost: Float
}

type Work {
  id: Int!
  title: String!
  subtitle: String
  contributorPrettyList: String
  authorshipDescription: String
  contributions: [Contribution!]!
  products(productSearch: ProductSearchAttributes): [Product!]!
  supportingResources: [SupportingResource!]!
  marketingTexts(variantIn: [MarketingTextVariant!]): [MarketingText!]!
  webLinks: [WebLink!]!
  seriesMemberships: [SeriesMembership!]!
  imprint: Imprint
  workType: String
  projectStage: String
  season: String
  marketingTier: String
  inHouseWorkReference: String
  identifyingDoi: String
  productionRuns: [ProductionRun!]!
}

type Query {
  products(
    productSearch: ProductSearchAttributes
    workSearch: WorkSearchAttributes
    priceSearch: PriceSearchAttributes
  ): [Product!]!
  product(productSearch: ProductSearchAttributes): Product
  works(workSearch: WorkSearchAttributes, productSearch: ProductSearchAttributes): [Work!]!
  work(workSearch: WorkSearchAttributes): Work
  contacts(contactSearch: ContactSearchAttributes): [Contact!]!
  person(id: Int!): Person
  organisation(organisationSearch: OrganisationSearchAttributes): Organisation
  contract(contractSearch: ContractSearchAttributes): Contract
}

type ${A.MUTATION_ERROR_TYPE} {
  field: String
  message: String!
}

input UpdateProductInput {
  id: Int!
  isbn: String
  title: String
  subtitle: String
  publicationDate: ISO8601Date
  plannedPublicationDate: ISO8601Date
  embargoDate: ISO8601Date
  onixPublishingStatusCode: ONIXPublishingStatusCode
  clientMutationId: String
}

input UpdateWorkInput {
  id: Int!
  title: String
  subtitle: String
  products: [UpdateProductInput!]
  clientMutationId: String
}

input CreateSupportingResourceInput {
  workId: Int!
  imageRemoteUrl: String
  resourceFileName: String
  caption: String
  copyright: String
  requiredCredit: String
  status: SupportingResourceStatus
  resourceVariant: SupportingResourceVariant
  productIds: [Int!]
  linkToAllProducts: Boolean
  unlinkPrevious: Boolean
  clientMutationId: String
}

input CreateMarketingTextInput {
  workId: Int!
  variant: MarketingTextVariant!
  externalText: String!
  internalText: String
  productIds: [Int!]
  clientMutationId: String
}

input CreateWebLinkInput {
  workId: Int
  productId: Int
  link: String!
  role: String
  note: String
  clientMutationId: String
}

${DELETE_INPUTS.map((n) => `input ${n} {\n  id: Int!\n  clientMutationId: String\n}`).join('\n')}

${Object.entries(MUTATIONS)
	.map(
		([name, m]) =>
			`type ${capitalise(name)}Payload {\n  ${m.returns}\n  errors: ` +
			`[${A.MUTATION_ERROR_TYPE}!]!\n  clientMutationId: String\n}`,
	)
	.join('\n')}

type Mutation {
  ${Object.keys(MUTATIONS)
		.map((name) => `${name}(input: ${capitalise(name)}Input!): ${capitalise(name)}Payload`)
		.join('\n  ')}
}
`;

// ---- searches: GraphQL search inputs → store conditions (search.js)

const SEARCHES = {
	product: {
		kind: 'product',
		names: { onix21ProductFormCode: 'productForm' },
		keys: {
			after: ['id', 'gt'],
			changedSince: ['changedDate', 'gteq'],
			productTypes: ['typename', 'in'],
			isbn13Assigned: ['isbn13', 'present'],
		},
	},
	work: { kind: 'work', keys: { after: ['id', 'gt'], changedSince: ['changedDate', 'gteq'] } },
	price: {
		kind: 'price',
		names: { onixPriceTypeCode: 'priceType', onixPriceTypeQualifierCode: 'qualifier' },
	},
	contact: { kind: 'contact', keys: { after: ['id', 'gt'] } },
	organisation: { kind: 'contact', names: { name: 'organisationName' } },
	contract: { kind: 'contract' },
};

function conditions(store, search, input, fixed = {}) {
	const { kind, ...options } = SEARCHES[search];
	return parseConditions(
		{ ...input, ...fixed },
		{ attributes: store.attributes[kind], ...options },
	);
}

const cap = { limit: A.GRAPHQL_PAGE_CAP };
const first = (list) => list[0] ?? null;
const byVariant = (texts, variantIn) =>
	variantIn ? texts.filter((t) => variantIn.includes(t.variant)) : texts;

const PRODUCTION_PARTS = ['Binding', 'Cover', 'Embellishment', 'Finish', 'Interior'].map(
	(part) => `Production${part}`,
);

/** Resolvers for `names`, each read off the object `derive(record, store)` returns (details.js). */
const fromDetails = (names, derive) =>
	Object.fromEntries(
		names.map((name) => [name, (record, _, { store }) => derive(record, store)[name]]),
	);

// ---- resolvers (an interface's resolvers serve every type implementing it)

const resolvers = {
	ISO8601Date: scalar('ISO8601Date', isIsoDate),
	ISO8601DateTime: scalar(
		'ISO8601DateTime',
		(v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
	),
	...ONIX_ENUMS,

	Query: {
		products: (_, { productSearch, workSearch, priceSearch }, { store }) =>
			store.findProducts(
				{
					product: conditions(store, 'product', productSearch),
					work: conditions(store, 'work', workSearch),
					price: conditions(store, 'price', priceSearch),
				},
				cap,
			),
		product: (_, { productSearch }, { store }) =>
			first(
				store.findProducts({ product: conditions(store, 'product', productSearch) }, { limit: 1 }),
			),
		works: (_, { workSearch, productSearch }, { store }) =>
			store.findWorks(
				{
					work: conditions(store, 'work', workSearch),
					product: conditions(store, 'product', productSearch),
				},
				cap,
			),
		work: (_, { workSearch }, { store }) =>
			first(store.findWorks({ work: conditions(store, 'work', workSearch) }, { limit: 1 })),
		contacts: (_, { contactSearch }, { store }) =>
			store.findContacts(conditions(store, 'contact', contactSearch), cap),
		person: (_, { id }, { store }) => {
			const contact = store.contact(id);
			return contact?.type === 'Person' ? contact : null;
		},
		organisation: (_, { organisationSearch }, { store }) =>
			first(
				store.findContacts(
					conditions(store, 'organisation', organisationSearch, { typeEq: 'Organisation' }),
					{ limit: 1 },
				),
			),
		contract: (_, { contractSearch }, { store }) =>
			first(store.findContracts(conditions(store, 'contract', contractSearch), { limit: 1 })),
	},

	Mutation: Object.fromEntries(
		Object.entries(MUTATIONS).map(([name, m]) => [
			name,
			async (_, { input }, { store }) => {
				const { clientMutationId, ...rest } = input;
				const result = await m.run(rest, store, 'graphql');
				// `success` is only part of the delete payloads; the others ignore it.
				return {
					success: result.errors.length === 0,
					...result,
					errors: result.errors.map(apiError),
					clientMutationId: clientMutationId ?? null,
				};
			},
		]),
	),

	Product: {
		__resolveType: (p) => p.typename,
		fullTitle: (p, _, { store }) => store.productTitle(p),
		titlePrefix: (p, _, { store }) => splitTitle(store.productTitle(p)).prefix,
		titleWithoutPrefix: (p, _, { store }) => splitTitle(store.productTitle(p)).withoutPrefix,
		subtitle: (p, _, { store }) => store.productSubtitle(p),
		authorshipDescription: (p, _, { store }) => authorship(store.contributionsOf(store.workOf(p))),
		productAuthorshipDescription: (p, _, { store }) =>
			authorship(store.contributionsOf(store.workOf(p), p)),
		isbn: (p) => isbnForms(p.isbn13),
		onix21ProductFormCode: (p) => p.productForm,
		onix21ProductForm: (p) => codes.onixCode(codes.PRODUCT_FORMS, p.productForm),
		onixPublishingStatusCode: (p) => p.publishingStatus,
		onixPublishingStatus: (p) => codes.onixCode(codes.PUBLISHING_STATUSES, p.publishingStatus),
		inHouseEdition: (p) => nameCode(p.inHouseEdition),
		inHouseFormat: (p) => inHouseFormat(p.dimensionsMm),
		isForSaleWorldwide: (p) =>
			p.forSaleCountryCodes.length === 0 && p.notForSaleCountryCodes.length === 0,
		prices: (p, { priceSearch }, { store }) => {
			const c = conditions(store, 'price', priceSearch);
			return c.length ? p.prices.filter((price) => matches(price, c)) : p.prices;
		},
		marketingTexts: (p, { variantIn }, { store }) =>
			byVariant(store.marketingTextsForProduct(p), variantIn),
		supportingResources: (p, _, { store }) => store.resourcesForProduct(p),
		contributions: (p, _, { store }) => store.contributionsOf(store.workOf(p), p),
		work: (p, _, { store }) => store.workOf(p),
	},
	PhysicalBookProduct: {
		productHeight: (p, { unit }) => convertLength(p.dimensionsMm?.height, unit),
		productWidth: (p, { unit }) => convertLength(p.dimensionsMm?.width, unit),
		productThickness: (p, { unit }) => convertLength(p.dimensionsMm?.thickness, unit),
		approximatePageCount: (p) => p.pageCount,
		mainContentPageCount: (p) => p.pageCount,
		totalNumberedPages: (p) => p.pageCount,
	},
	Price: {
		id: (p) => `${p.currencyCode}-${p.priceType}-${p.qualifier}`,
		amountWithCurrencyCode: (p) => `${p.currencyCode} ${p.amount.toFixed(2)}`,
		onixPriceTypeCode: (p) => p.priceType,
		onixPriceTypeQualifierCode: (p) => p.qualifier,
	},
	Work: {
		contributorPrettyList: (w, _, { store }) =>
			prettyList(store.contributionsOf(w).map((c) => c.name)),
		authorshipDescription: (w, _, { store }) => authorship(store.contributionsOf(w)),
		contributions: (w, _, { store }) => store.contributionsOf(w),
		products: (w, { productSearch }, { store }) =>
			store.findProducts(
				{ product: conditions(store, 'product', productSearch) },
				{ ...cap, within: store.productsOfWork(w.id) },
			),
		marketingTexts: (w, { variantIn }) => byVariant(w.marketingTexts, variantIn),
		seriesMemberships: (w, _, { store }) =>
			w.seriesMembership
				? [{ ...w.seriesMembership, series: store.series(w.seriesMembership.seriesId) }]
				: [],
		imprint: (w, _, { store }) => store.imprint(w.imprintId),
		inHouseWorkReference: (w) => details.workIdentifiers(w).inHouseWorkReference,
		identifyingDoi: (w) => details.workIdentifiers(w).identifyingDoi,
		productionRuns: (w, _, { store }) =>
			details.productionRuns(
				w,
				store.productsOfWork(w.id).filter((p) => p.productForm?.startsWith('B')),
			),
	},
	...Object.fromEntries(
		PRODUCTION_PARTS.map((t) => [
			t,
			{
				products: (x, _, { store }) => x.productIds.map((id) => store.product(id)).filter(Boolean),
			},
		]),
	),
	Series: {
		titleWithSubtitle: (x) => (x.subtitle ? `${x.name}: ${x.subtitle}` : x.name),
	},
	SupportingResource: {
		work: (r, _, { store }) => store.work(r.workId),
	},
	MarketingText: {
		externalText: (t, { stripHtml: strip }) => (strip ? stripHtml(t.externalText) : t.externalText),
		externalTextNumberOfCharacters: (t) => stripHtml(t.externalText)?.length ?? 0,
	},
	Contribution: {
		contributor: (c, _, { store }) => store.contact(c.contactId),
		onixContributorRoleCode: (c) => c.roleCode,
		onixContributorRole: (c) => codes.onixCode(codes.CONTRIBUTOR_ROLES, c.roleCode),
	},
	Contact: {
		__resolveType: (c) => c.type,
		name: (c, _, { store }) => store.contactName(c),
		emails: (c) => c.emails ?? [],
		contributions: (c, _, { store }) => store.contributionsOfContact(c.id),
		...fromDetails(
			[
				'gender',
				'genderClarification',
				'inhouseCustomerId',
				'inhouseSupplierId',
				'notes',
				'addresses',
				'phones',
			],
			(c) => details.contactDetails(c),
		),
	},
	Person: fromDetails(
		['professionalAffiliations', 'qualificationsAndHonoursAfterNames', 'roleFulfillments'],
		(c) => details.contactDetails(c),
	),
	Organisation: fromDetails(
		[
			'dunsNumber',
			'globalLocationNumber',
			'organisationCountry',
			'ringgoldId',
			'standardAddressNumber',
			'vatNumber',
		],
		(c) => details.contactDetails(c),
	),
	Contract: {
		client: (c, _, { store }) => store.contact(c.clientContactId),
		work: (c, _, { store }) => store.work(c.workId),
		...fromDetails(
			[
				'terminationReason',
				'msDeliveryDate',
				'revisedMsDeliveryDate',
				'actualMsDeliveryDate',
				'msProofsDate',
				'pubBeforeDate',
				'deliveryDates',
				'gratisCopies',
				'flatFeeValue',
				'guaranteedRoyaltyValue',
				'authorDiscount',
				'remainderRate',
				'remainderRateOverCost',
			],
			(c, store) =>
				details.contractDetails(
					c,
					store.productsOfWork(c.workId).map((p) => p.id),
				),
		),
	},
};

/** A mutation error with the input's field names (`isbn`, `products[0].isbn`), not the store's. */
function apiError({ field, message, productIndex }) {
	const name = STORED_TO_INPUT[field] ?? field;
	return {
		field: productIndex === undefined ? name : `products[${productIndex}].${name}`,
		message,
	};
}

function scalar(name, isValid) {
	const parseValue = (v) => {
		if (!isValid(v)) throw new GraphQLError(`${JSON.stringify(v)} is not a valid ${name}`);
		return v;
	};
	return {
		serialize: (v) => v,
		parseValue,
		parseLiteral: (ast) => parseValue(ast.kind === Kind.STRING ? ast.value : undefined),
	};
}

/**
 * The SDL with some fields, input fields or enum values renamed (`{ 'UpdateProductInput.embargoDate':
 * 'embargoOn' }`; an interface's rename applies to its implementations too): a deliberately different
 * schema, so tests can show how the node and `npm run check:live` meet a schema that is not the one
 * they assume.
 */
function renamedSdl(sdl, renames) {
	const entries = Object.entries(renames ?? {});
	if (entries.length === 0) return sdl;
	const document = parse(sdl);
	const byType = new Map();
	for (const [coordinate, to] of entries) {
		const [typeName, member] = coordinate.split('.');
		if (!typeName || !member || !/^[_A-Za-z]\w*$/.test(to)) {
			throw new Error(
				`Cannot rename "${coordinate}" to "${to}": use Type.member and a GraphQL name`,
			);
		}
		byType.set(typeName, { ...(byType.get(typeName) ?? {}), [member]: to });
	}
	const applied = new Set();
	const definitions = document.definitions.map((def) => {
		const names = [def.name?.value, ...(def.interfaces ?? []).map((i) => i.name.value)];
		const map = Object.assign({}, ...names.map((n) => byType.get(n) ?? {}));
		const rename = (list) =>
			list?.map((f) => {
				if (!(f.name.value in map)) return f;
				applied.add(`${names.find((n) => byType.get(n)?.[f.name.value])}.${f.name.value}`);
				return { ...f, name: { ...f.name, value: map[f.name.value] } };
			});
		if (def.fields) return { ...def, fields: rename(def.fields) };
		if (def.values) return { ...def, values: rename(def.values) };
		return def;
	});
	const unknown = entries.map(([c]) => c).filter((c) => !applied.has(c));
	if (unknown.length) {
		throw new Error(
			`Cannot rename ${unknown.join(', ')}: no such field or value in the emulator's schema`,
		);
	}
	return print({ ...document, definitions });
}

/** Attaches the resolver map above to the SDL schema (what graphql-tools would do). */
function buildExecutableSchema(renames = {}) {
	const schema = buildSchema(renamedSdl(SDL, renames));
	const renamedName = (type, name) => {
		const owners = [type.name, ...(type.getInterfaces?.() ?? []).map((i) => i.name)];
		return owners.map((o) => renames[`${o}.${name}`]).find(Boolean) ?? name;
	};
	const attach = (type, fields) => {
		for (const [name, resolve] of Object.entries(fields)) {
			if (name.startsWith('__')) continue;
			const field = type.getFields()[renamedName(type, name)];
			if (!field) throw new Error(`Resolver for unknown field ${type.name}.${name}`);
			field.resolve = resolve;
		}
	};
	for (const [typeName, value] of Object.entries(resolvers)) {
		const type = schema.getType(typeName);
		if (!type) throw new Error(`Resolvers for unknown type ${typeName}`);
		if (isScalarType(type)) Object.assign(type, value);
		else if (isEnumType(type)) {
			for (const [name, internal] of Object.entries(value)) {
				type.getValue(renames[`${typeName}.${name}`] ?? name).value = internal;
			}
		} else if (isInterfaceType(type)) {
			type.resolveType = value.__resolveType;
			for (const impl of schema.getImplementations(type).objects) attach(impl, value);
		} else if (isObjectType(type)) attach(type, value);
	}
	// A renamed mutation input field still reaches the store under its usual name.
	for (const field of Object.values(schema.getMutationType().getFields())) {
		const inputType = field.args[0]?.type.ofType?.name;
		const back = Object.fromEntries(
			Object.entries(renames)
				.filter(([coordinate]) => coordinate.startsWith(`${inputType}.`))
				.map(([coordinate, to]) => [to, coordinate.split('.')[1]]),
		);
		if (Object.keys(back).length === 0) continue;
		const resolve = field.resolve;
		field.resolve = (source, args, context, info) => {
			const input = Object.fromEntries(
				Object.entries(args.input).map(([k, v]) => [back[k] ?? k, v]),
			);
			return resolve(source, { ...args, input }, context, info);
		};
	}
	// A renamed enum value still stands for what the store holds: answers carry the new name.
	for (const [coordinate, to] of Object.entries(renames)) {
		const [typeName, from] = coordinate.split('.');
		const type = schema.getType(typeName);
		if (isEnumType(type) && !resolvers[typeName]) type.getValue(to).value = from;
	}
	return schema;
}

/** `graphql:<root fields>` or `graphql:mutation:<root fields>` (following fragments): the route name for counters. */
function routeName(document, operationName) {
	const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
	const op = operationName
		? operations.find((o) => o.name?.value === operationName)
		: operations[0];
	if (!op) return 'graphql:unknown';
	const fragments = new Map(
		document.definitions
			.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
			.map((f) => [f.name.value, f]),
	);
	const names = new Set();
	const walk = (selectionSet, seen) => {
		for (const sel of selectionSet.selections) {
			if (sel.kind === Kind.FIELD) names.add(sel.name.value);
			else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, seen);
			else if (
				sel.kind === Kind.FRAGMENT_SPREAD &&
				!seen.has(sel.name.value) &&
				fragments.has(sel.name.value)
			)
				walk(fragments.get(sel.name.value).selectionSet, new Set([...seen, sel.name.value]));
		}
	};
	walk(op.selectionSet, new Set());
	return `graphql:${op.operation === 'mutation' ? 'mutation:' : ''}${[...names].join('+')}`;
}

/** How many distinct query texts keep their parsed and validated document. */
const CHECKED_QUERIES_KEPT = 500;

function parseRequest(query) {
	if (typeof query !== 'string' || !query.trim())
		return { error: { message: 'No query string was present' } };
	try {
		return { document: parse(query) };
	} catch (error) {
		return { error };
	}
}

/** `renameFields`: see renamedSdl (sandbox option `consonance.renameFields`, env SANDBOX_CONSONANCE_RENAME). */
function createGraphqlApi({ store, renameFields }) {
	const schema = buildExecutableSchema(renameFields);

	// A client sends the same few query texts over and over (one mutation per item); parsing and
	// validating each again was most of the emulator's CPU per request (docs/concurrency.md), so a
	// query text is parsed and validated once. The schema never changes after creation.
	const checked = new Map();
	function checkedDocument(query) {
		if (typeof query !== 'string') return parseRequest(query);
		let entry = checked.get(query);
		if (!entry) {
			const { document, error } = parseRequest(query);
			entry = error ? { error } : { document, validationErrors: validate(schema, document) };
			if (checked.size >= CHECKED_QUERIES_KEPT) checked.delete(checked.keys().next().value);
			checked.set(query, entry);
		}
		return entry;
	}

	/** Runs one request body; returns `{ route, body }` (always HTTP 200, graphql-ruby style). */
	async function run({ query, variables, operationName }) {
		const { document, error, validationErrors } = checkedDocument(query);
		if (error) return { route: 'graphql:invalid', body: { errors: [error] } };
		const route = routeName(document, operationName);
		if (validationErrors.length)
			return { route, body: { errors: validationErrors.map((e) => e.toJSON()) } };
		const result = await execute({
			schema,
			document,
			variableValues: variables ?? undefined,
			operationName: operationName ?? undefined,
			contextValue: { store },
		});
		return { route, body: result };
	}

	/** The route name of a request without running it (for injected faults). */
	function routeOf({ query, operationName }) {
		const { document } = parseRequest(query);
		return document ? routeName(document, operationName) : 'graphql:invalid';
	}

	return { run, routeOf, schema };
}

module.exports = { createGraphqlApi };
