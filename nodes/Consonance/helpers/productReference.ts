import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeParameterResourceLocator,
} from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { isbnOf, textOf } from '../../shared/parameters';
import { consonanceGraphql } from '../transport';

export interface ProductReference {
	/** The GraphQL productSearch filter that finds exactly this product. */
	search: IDataObject;
	/** How the user named it, for messages ("product 5001", "ISBN 9781810000008"). */
	label: string;
}

/** Reads a product resource locator (from list, by ID or by ISBN) and validates it before any call. */
export function readProductReference(
	this: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	fieldLabel = 'Product',
): ProductReference {
	const locator = this.getNodeParameter(parameterName, itemIndex) as INodeParameterResourceLocator;
	const raw: unknown = locator && typeof locator === 'object' ? locator.value : locator;
	if (locator?.mode === 'isbn') {
		const isbn13 = isbnOf(this, raw, itemIndex, `${fieldLabel} (By ISBN)`);
		return { search: { isbn13Eq: isbn13 }, label: `ISBN ${isbn13}` };
	}
	const value = textOf(this, raw, itemIndex, `${fieldLabel} (By ID)`, {
		wholeNumbers: true,
		valid: 'a whole number such as 5001, or switch the field to "By ISBN"',
	});
	if (!/^\d{1,15}$/.test(value)) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			`${fieldLabel} (By ID)`,
			value ? `"${value}" is not a Consonance product ID` : 'no product was given',
			'a whole number such as 5001, or switch the field to "By ISBN"',
		);
	}
	return { search: { idEq: Number(value) }, label: `product ${value}` };
}

/** The product's ID: as given, or looked up by ISBN (one read); a missing product is a named error. */
export async function resolveProductId(
	this: IExecuteFunctions,
	reference: ProductReference,
	itemIndex: number,
	fieldLabel = 'Product',
): Promise<number> {
	if (typeof reference.search.idEq === 'number') return reference.search.idEq;
	const data = await consonanceGraphql.call(
		this,
		'query ProductId($search: ProductSearchAttributes) { product(productSearch: $search) { id } }',
		{ search: reference.search },
		{ itemIndex },
	);
	const product = data.product as IDataObject | null;
	if (!product)
		throw notFoundError(
			this.getNode(),
			itemIndex,
			fieldLabel,
			`no Consonance product has ${reference.label}`,
		);
	return Number(product.id);
}

/** "Item N, field "X": no … has …" for a record Consonance does not hold. */
export function notFoundError(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
): NodeOperationError {
	return new NodeOperationError(node, `Item ${itemIndex}, field "${field}": ${problem}`, {
		itemIndex,
		description: 'Check the ID or ISBN, or search for the record first.',
	});
}
