import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { listOf } from '../../shared/parameters';
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

/**
 * The parts of a product the node can output (its top-level keys besides `id` and `isbn13`, which
 * always come), each with the GraphQL it needs. Asking for fewer parts makes a large search lighter:
 * fewer bytes from Consonance and smaller items for n8n to hold.
 */
const PRODUCT_PARTS: Record<string, { name: string; selection: (unit: DimensionUnit) => string }> =
	{
		authorship: { name: 'Authorship', selection: () => 'authorshipDescription' },
		dimensions: {
			name: 'Dimensions',
			selection: (unit) =>
				`... on PhysicalBookProduct { productHeight(unit: ${unit}) productWidth(unit: ${unit}) ` +
				`productThickness(unit: ${unit}) }`,
		},
		edition: { name: 'Edition', selection: () => 'inHouseEdition { name code }' },
		isbn10: { name: 'ISBN-10', selection: () => '' },
		isbnWithDashes: { name: 'ISBN With Dashes', selection: () => '' },
		pageCount: {
			name: 'Page Count',
			selection: () => '... on PhysicalBookProduct { approximatePageCount }',
		},
		plannedPublicationDate: {
			name: 'Planned Publication Date',
			selection: () => 'plannedPublicationDate',
		},
		prices: {
			name: 'Prices',
			selection: () =>
				'prices { amount currencyCode onixPriceTypeCode onixPriceTypeQualifierCode }',
		},
		productForm: {
			name: 'Product Form',
			selection: () => 'onix21ProductFormCode onix21ProductForm { code description }',
		},
		productType: { name: 'Product Type', selection: () => '' },
		publicationDate: { name: 'Publication Date', selection: () => 'publicationDate' },
		publishingStatus: {
			name: 'Publishing Status',
			selection: () => 'onixPublishingStatusCode onixPublishingStatus { code description }',
		},
		subtitle: { name: 'Subtitle', selection: () => 'subtitle' },
		territories: {
			name: 'Territories',
			selection: () =>
				'forSaleCountryCodes notForSaleCountryCodes salesRightsDescription isForSaleWorldwide',
		},
		title: { name: 'Title', selection: () => 'fullTitle' },
		webLinks: { name: 'Web Links', selection: () => 'webLinks { id link role note }' },
		work: {
			name: 'Work (Imprint, Series)',
			selection: () =>
				'work { id title subtitle imprint { id name } seriesMemberships { partNumber series { id name } } }',
		},
	};

export const PRODUCT_PART_OPTIONS = Object.entries(PRODUCT_PARTS).map(([value, { name }]) => ({
	name,
	value,
}));

/**
 * The GraphQL selection for a product: every part, or only the parts named. The unit is an enum
 * literal from a fixed list, never user text.
 */
export function productSelection(unit: DimensionUnit = 'MM', parts?: readonly string[]): string {
	if (!DIMENSION_UNITS.includes(unit)) throw new Error(`Unknown dimension unit ${unit}`);
	const wanted = parts?.length ? parts : Object.keys(PRODUCT_PARTS);
	return [
		'__typename id isbn { isbn13 isbn10 isbnWithDashes }',
		...wanted.map((part) => PRODUCT_PARTS[part].selection(unit)).filter(Boolean),
	].join(' ');
}

/** What a product operation outputs: its selection and how a product becomes an output item. */
export interface ProductView {
	selection: string;
	output(product: IDataObject): IDataObject;
}

/** The Options of a product operation (Dimension Unit, Output Fields), checked, as a view. */
export function readProductView(this: IExecuteFunctions, itemIndex: number): ProductView {
	const unit = readDimensionUnit.call(this, itemIndex);
	const parts = listOf(
		this,
		this.getNodeParameter('options.outputFields', itemIndex, []),
		itemIndex,
		'Options › Output Fields',
		{ oneOf: { values: Object.keys(PRODUCT_PARTS), isNot: 'a part of a product' } },
	);
	return {
		selection: productSelection(unit, parts),
		output: (product) => {
			const full = toProductOutput(product, unit);
			if (!parts.length) return full;
			const keep = new Set(['id', 'isbn13', ...parts]);
			return Object.fromEntries(Object.entries(full).filter(([key]) => keep.has(key)));
		},
	};
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
