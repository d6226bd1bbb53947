import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { serviceError } from '../../shared/errors';
import { consonanceGraphql } from '../transport';
import { MUTATION_ERRORS_SELECTION } from './assumptions';
import { uiField } from './fieldLabels';

export { labelInputErrors } from './fieldLabels';

export interface MutationOptions {
	itemIndex: number;
	/** Consonance input field → the field's label in our UI, for error messages. */
	fieldLabels?: Record<string, string>;
	idempotent?: boolean;
}

/**
 * Runs `mutation { name(input: $input) { selection errors { field message } } }` and returns the
 * payload. Payload errors (Consonance's validation) become one error naming the item and the field.
 */
export async function runMutation(
	this: IExecuteFunctions,
	name: string,
	inputType: string,
	input: IDataObject,
	selection: string,
	options: MutationOptions,
): Promise<IDataObject> {
	const labels = options.fieldLabels ?? {};
	// GraphQL's own input errors name the field as the UI labels it (the transport relabels them)
	const data = await consonanceGraphql.call(
		this,
		`mutation Run($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${MUTATION_ERRORS_SELECTION} } }`,
		{ input },
		{ itemIndex: options.itemIndex, idempotent: options.idempotent ?? false, fieldLabels: labels },
	);
	const payload = (data[name] as IDataObject | null) ?? {};
	const errors =
		(payload.errors as Array<{ field?: string | null; message?: string }> | undefined) ?? [];
	if (errors.length > 0) {
		const message = errors
			.map((e) => {
				const field = uiField(e.field, labels);
				return field ? `field "${field}": ${e.message}` : String(e.message);
			})
			.join('; ');
		throw serviceError(this.getNode(), 'Consonance', {
			kind: 'rejected',
			message,
			httpCode: 422,
			itemIndex: options.itemIndex,
			description: 'Consonance did not accept the change; nothing was saved for this item.',
		});
	}
	return payload;
}
