import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { checkIsbn } from '../../shared/isbn';

export interface ProductReference {
	/** The GraphQL productSearch filter that finds exactly this product. */
	search: IDataObject;
	/** How the user named it, for messages ("product 5001", "ISBN 9781810000008"). */
	label: string;
}

/** Reads a product resource locator (from list, by ID or by ISBN) and validates it before any call. */
export function readProductReference(this: IExecuteFunctions, parameterName: string, itemIndex: number, fieldLabel = 'Product'): ProductReference {
	const locator = this.getNodeParameter(parameterName, itemIndex) as INodeParameterResourceLocator;
	const value = String(locator?.value ?? '').trim();
	if (locator?.mode === 'isbn') {
		const isbn = checkIsbn(value);
		if (!isbn.valid) {
			throw invalidFieldError(this.getNode(), itemIndex, `${fieldLabel} (By ISBN)`, isbn.message, 'an ISBN-13 (978… or 979…) or ISBN-10, with or without hyphens');
		}
		return { search: { isbn13Eq: isbn.isbn13 }, label: `ISBN ${isbn.isbn13}` };
	}
	if (!/^\d+$/.test(value)) {
		throw invalidFieldError(this.getNode(), itemIndex, `${fieldLabel} (By ID)`, value ? `"${value}" is not a Consonance product ID` : 'no product was given', 'a whole number such as 5001, or switch the field to "By ISBN"');
	}
	return { search: { idEq: Number(value) }, label: `product ${value}` };
}
