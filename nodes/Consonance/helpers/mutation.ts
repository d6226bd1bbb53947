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
	/**
	 * The input field that names the record the mutation acts on (a delete's `id`): a payload error
	 * on that field means no such record, and is raised as not found (HTTP 404).
	 */
	recordField?: string;
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
		const missing =
			options.recordField !== undefined && errors.some((e) => e.field === options.recordField);
		throw serviceError(this.getNode(), 'Consonance', {
			kind: 'rejected',
			message,
			httpCode: missing ? 404 : 422,
			itemIndex: options.itemIndex,
			description: 'Consonance did not accept the change; nothing was saved for this item.',
		});
	}
	return payload;
}
