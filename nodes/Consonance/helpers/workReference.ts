import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { isbnOf, textOf } from '../../shared/parameters';
import { consonanceGraphql } from '../transport';
import { notFoundError } from './productReference';

/**
 * Reads a work resource locator (from list, by ID, or by the ISBN of any of its products) and
 * returns the work's ID; validated before any call, a missing work is a named error.
 */
export async function resolveWorkId(
	this: IExecuteFunctions,
	parameterName: string,
	itemIndex: number,
	fieldLabel = 'Work',
): Promise<number> {
	const locator = this.getNodeParameter(parameterName, itemIndex) as INodeParameterResourceLocator;
	const raw: unknown = locator && typeof locator === 'object' ? locator.value : locator;
	if (locator?.mode === 'isbn') {
		const isbn = {
			isbn13: isbnOf(
				this,
				raw,
				itemIndex,
				`${fieldLabel} (By Product ISBN)`,
				'the ISBN-13 or ISBN-10 of any product of the work, as text',
			),
		};
		const data = await consonanceGraphql.call(
			this,
			'query WorkOfIsbn($isbn: String) { product(productSearch: { isbn13Eq: $isbn }) { work { id } } }',
			{ isbn: isbn.isbn13 },
			{ itemIndex },
		);
		const work = (data.product as IDataObject | null)?.work as IDataObject | undefined;
		if (!work)
			throw notFoundError(
				this.getNode(),
				itemIndex,
				fieldLabel,
				`no Consonance product has ISBN ${isbn.isbn13}`,
			);
		return Number(work.id);
	}
	const value = textOf(this, raw, itemIndex, `${fieldLabel} (By ID)`, {
		wholeNumbers: true,
		valid: 'a whole number such as 1001, or switch the field to "By Product ISBN"',
	});
	if (!/^\d{1,15}$/.test(value)) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			`${fieldLabel} (By ID)`,
			value ? `"${value}" is not a Consonance work ID` : 'no work was given',
			'a whole number such as 1001, or switch the field to "By Product ISBN"',
		);
	}
	return Number(value);
}

/** One work with the selection given, or a named error when Consonance has none with that ID. */
export async function fetchWork(
	this: IExecuteFunctions,
	workId: number,
	selection: string,
	itemIndex: number,
): Promise<IDataObject> {
	const data = await consonanceGraphql.call(
		this,
		`query WorkGet($id: Int) { work(workSearch: { idEq: $id }) { ${selection} } }`,
		{ id: workId },
		{ itemIndex },
	);
	if (!data.work)
		throw notFoundError(this.getNode(), itemIndex, 'Work', `no Consonance work has ID ${workId}`);
	return data.work as IDataObject;
}
