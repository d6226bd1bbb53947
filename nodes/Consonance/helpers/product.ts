import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { numberOrNull, onixCode, seriesOutput } from './outputValues';

// What a product looks like in our output, and the GraphQL selection that feeds it: one place,
// used by every operation that returns products.

export const DIMENSION_UNITS = ['MM', 'CM', 'IN'] as const;
export type DimensionUnit = (typeof DIMENSION_UNITS)[number];

/** The Dimension Unit option of a product operation, checked. */
export function readDimensionUnit(this: IExecuteFunctions, itemIndex: number): DimensionUnit {
	const unit = ((this.getNodeParameter('options.dimensionUnit', itemIndex, 'MM') as string) ||
		'MM') as DimensionUnit;
	if (!DIMENSION_UNITS.includes(unit))
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			'Dimension Unit',
			`"${unit}" is not a unit`,
			'MM, CM, IN',
		);
	return unit;
}

/** The GraphQL selection for a product. The unit is an enum literal from a fixed list, never user text. */
export function productSelection(unit: DimensionUnit = 'MM'): string {
	if (!DIMENSION_UNITS.includes(unit)) throw new Error(`Unknown dimension unit ${unit}`);
	return `
		__typename
		id
		isbn { isbn13 isbn10 isbnWithDashes }
		fullTitle
		subtitle
		authorshipDescription
		publicationDate
		plannedPublicationDate
		onix21ProductFormCode
		onix21ProductForm { code description }
		onixPublishingStatusCode
		onixPublishingStatus { code description }
		inHouseEdition { name code }
		forSaleCountryCodes
		notForSaleCountryCodes
		salesRightsDescription
		isForSaleWorldwide
		prices { amount currencyCode onixPriceTypeCode onixPriceTypeQualifierCode }
		webLinks { id link role note }
		work { id title subtitle imprint { id name } seriesMemberships { partNumber series { id name } } }
		... on PhysicalBookProduct {
			productHeight(unit: ${unit})
			productWidth(unit: ${unit})
			productThickness(unit: ${unit})
			approximatePageCount
		}`;
}

function codeAndDescription(code: unknown, described: unknown): IDataObject | null {
	const plain = onixCode(code ?? (described as IDataObject | null)?.code);
	if (plain === null) return null;
	return {
		code: plain,
		description: ((described as IDataObject | null)?.description as string) ?? null,
	};
}

/** A product as the node outputs it: ISBN at the top level, units on dimensions, descriptions with codes. */
export function toProductOutput(product: IDataObject, unit: DimensionUnit = 'MM'): IDataObject {
	const isbn = (product.isbn as IDataObject | null) ?? null;
	const work = (product.work as IDataObject | null) ?? null;
	const hasDimensions = product.productHeight !== undefined || product.productWidth !== undefined;
	const forSale = (product.forSaleCountryCodes as string[] | null) ?? [];
	const notForSale = (product.notForSaleCountryCodes as string[] | null) ?? [];
	return {
		id: Number(product.id),
		isbn13: (isbn?.isbn13 as string) ?? null,
		isbn10: (isbn?.isbn10 as string) ?? null,
		isbnWithDashes: (isbn?.isbnWithDashes as string) ?? null,
		title: product.fullTitle ?? null,
		subtitle: product.subtitle ?? null,
		authorship: product.authorshipDescription ?? null,
		productType: product.__typename ?? null,
		productForm: codeAndDescription(product.onix21ProductFormCode, product.onix21ProductForm),
		edition: ((product.inHouseEdition as IDataObject | null)?.name as string) ?? null,
		publicationDate: product.publicationDate ?? null,
		plannedPublicationDate: product.plannedPublicationDate ?? null,
		publishingStatus: codeAndDescription(
			product.onixPublishingStatusCode,
			product.onixPublishingStatus,
		),
		territories: {
			forSale: forSale,
			notForSale: notForSale,
			worldwide: product.isForSaleWorldwide ?? (forSale.length === 0 && notForSale.length === 0),
			description: product.salesRightsDescription ?? null,
		},
		dimensions: hasDimensions
			? {
					unit: unit.toLowerCase(),
					height: numberOrNull(product.productHeight),
					width: numberOrNull(product.productWidth),
					thickness: numberOrNull(product.productThickness),
				}
			: null,
		pageCount: numberOrNull(product.approximatePageCount),
		prices: ((product.prices as IDataObject[] | null) ?? []).map((price) => ({
			amount: numberOrNull(price.amount),
			currency: price.currencyCode ?? null,
			priceType: onixCode(price.onixPriceTypeCode),
			priceQualifier: onixCode(price.onixPriceTypeQualifierCode),
		})),
		webLinks: (product.webLinks as IDataObject[] | null) ?? [],
		work: work
			? {
					id: Number(work.id),
					title: work.title ?? null,
					subtitle: work.subtitle ?? null,
					imprint: work.imprint ?? null,
					series: seriesOutput(work),
				}
			: null,
	};
}
