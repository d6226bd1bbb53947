import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { EncodingError } from './encoding';

/** Runs one of the wire-format encoders; its EncodingError becomes an error naming the item and field. */
export function encodeForField(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	valid: string | undefined,
	encode: () => string,
): string {
	try {
		return encode();
	} catch (error) {
		if (error instanceof EncodingError)
			throw invalidFieldError(this.getNode(), itemIndex, field, error.message, valid);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}
