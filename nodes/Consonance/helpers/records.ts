import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import { knownEnumValue } from './assumptionErrors';
import {
	MARKETING_TEXT_VARIANTS,
	SUPPORTING_RESOURCE_STATUSES,
	SUPPORTING_RESOURCE_VARIANTS,
} from './assumptions';
import { PRODUCT_FORMS, PUBLISHING_STATUSES } from './codes';
import { numberOrNull, onixCode, seriesOutput } from './outputValues';

// What works, supporting resources, marketing texts, web links, contacts and contracts look like in
// our output, and the GraphQL selections that feed them: one place, used by every operation.

const codeAndName = (option: INodePropertyOptions | null) =>
	option ? { code: option.value, name: option.name } : null;

export const workSelection =
	`
	id title subtitle contributorPrettyList authorshipDescription
	imprint { id name }
	seriesMemberships { partNumber series { id name } }
	workType projectStage season marketingTier
	products { id isbn { isbn13 } onix21ProductFormCode inHouseEdition { name } ` +
	'publicationDate onixPublishingStatusCode }';

export function toWorkOutput(work: IDataObject): IDataObject {
	return {
		id: Number(work.id),
		title: work.title ?? null,
		subtitle: work.subtitle ?? null,
		authorship: work.authorshipDescription ?? null,
		contributors: work.contributorPrettyList ?? null,
		imprint: work.imprint ?? null,
		series: seriesOutput(work),
		workType: work.workType ?? null,
		projectStage: work.projectStage ?? null,
		season: work.season ?? null,
		marketingTier: work.marketingTier ?? null,
		products: ((work.products as IDataObject[] | null) ?? []).map((p) => {
			const form = onixCode(p.onix21ProductFormCode);
			const status = onixCode(p.onixPublishingStatusCode);
			return {
				id: Number(p.id),
				isbn13: ((p.isbn as IDataObject | null)?.isbn13 as string) ?? null,
				productForm: form ? { code: form, description: PRODUCT_FORMS[form] ?? null } : null,
				edition: ((p.inHouseEdition as IDataObject | null)?.name as string) ?? null,
				publicationDate: p.publicationDate ?? null,
				publishingStatus: status
					? { code: status, description: PUBLISHING_STATUSES[status] ?? null }
					: null,
			};
		}),
	};
}

export const supportingResourceSelection = `
	id url imageRemoteUrl caption copyright requiredCredit createdAt filename fileSize width height
	aspectRatio imageContentType isProcessing productIds resourceVariant status work { id }`;

export function toSupportingResourceOutput(
	resource: IDataObject,
	extra: IDataObject = {},
): IDataObject {
	return {
		id: Number(resource.id),
		workId: numberOrNull((resource.work as IDataObject | null)?.id),
		variant: codeAndName(
			knownEnumValue(
				resource.resourceVariant,
				'SupportingResourceVariant',
				'supporting-resource-variants',
				SUPPORTING_RESOURCE_VARIANTS,
			),
		),
		status: codeAndName(
			knownEnumValue(
				resource.status,
				'SupportingResourceStatus',
				'supporting-resource-statuses',
				SUPPORTING_RESOURCE_STATUSES,
			),
		),
		url: resource.imageRemoteUrl ?? resource.url ?? null,
		caption: resource.caption ?? null,
		copyright: resource.copyright ?? null,
		credit: resource.requiredCredit ?? null,
		productIds: (resource.productIds as number[] | null) ?? [],
		image: {
			filename: resource.filename ?? null,
			width: numberOrNull(resource.width),
			height: numberOrNull(resource.height),
			aspectRatio: numberOrNull(resource.aspectRatio),
			fileSizeBytes: numberOrNull(resource.fileSize),
			contentType: resource.imageContentType ?? null,
		},
		isProcessing: resource.isProcessing ?? false,
		createdAt: resource.createdAt ?? null,
		...extra,
	};
}

export const marketingTextSelection =
	'id variant externalText internalText externalTextNumberOfCharacters productIds';

export function toMarketingTextOutput(text: IDataObject, workId: number): IDataObject {
	const productIds = (text.productIds as number[] | null) ?? [];
	return {
		id: Number(text.id),
		workId,
		variant: codeAndName(
			knownEnumValue(
				text.variant,
				'MarketingTextVariant',
				'marketing-text-variants',
				MARKETING_TEXT_VARIANTS,
			),
		),
		text: text.externalText ?? null,
		characters: numberOrNull(text.externalTextNumberOfCharacters),
		internalText: text.internalText ?? null,
		productIds,
		appliesToAllProducts: productIds.length === 0,
	};
}

export const webLinkSelection = 'id link role note';

export function toWebLinkOutput(
	link: IDataObject,
	owner: { workId?: number; productId?: number },
	extra: IDataObject = {},
): IDataObject {
	return {
		id: Number(link.id),
		url: link.link ?? null,
		role: link.role ?? null,
		note: link.note ?? null,
		workId: owner.workId ?? null,
		productId: owner.productId ?? null,
		...extra,
	};
}

export const contactSelection =
	'__typename id name keyNames personName personNameInverted organisationName biographicalNote isni emails { email }';

export function toContactOutput(contact: IDataObject): IDataObject {
	return {
		id: Number(contact.id),
		type: contact.__typename ?? null,
		name: contact.name ?? null,
		personName: contact.personName ?? null,
		personNameInverted: contact.personNameInverted ?? null,
		organisationName: contact.organisationName ?? null,
		keyNames: contact.keyNames ?? null,
		isni: contact.isni ?? null,
		emails: ((contact.emails as IDataObject[] | null) ?? []).map((e) => e.email),
		biographicalNote: contact.biographicalNote ?? null,
	};
}

export const contractSelection = `
	id contractName description signedDate term terminatedDate
	client { __typename id name }
	work { id title }
	licensedRights { id rightType authorCut }`;

export function toContractOutput(contract: IDataObject): IDataObject {
	const client = contract.client as IDataObject | null;
	const work = contract.work as IDataObject | null;
	return {
		id: Number(contract.id),
		name: contract.contractName ?? null,
		description: contract.description ?? null,
		client: client
			? { id: Number(client.id), type: client.__typename ?? null, name: client.name ?? null }
			: null,
		work: work ? { id: Number(work.id), title: work.title ?? null } : null,
		signedDate: contract.signedDate ?? null,
		term: contract.term ?? null,
		terminatedDate: contract.terminatedDate ?? null,
		// A licensed right is a right type with the author's share of its income, not a territory grant.
		licensedRights: ((contract.licensedRights as IDataObject[] | null) ?? []).map((r) => ({
			id: Number(r.id),
			rightType: r.rightType ?? null,
			authorShare: numberOrNull(r.authorCut),
		})),
	};
}
