import { NodeApiError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { serviceError } from '../../shared/errors';
import { consonanceGraphql } from '../transport';
import { MUTATION_ERRORS_SELECTION } from './assumptions';

export interface MutationOptions {
	itemIndex: number;
	/** Consonance input field → the field's label in our UI, for error messages. */
	fieldLabels?: Record<string, string>;
	idempotent?: boolean;
}

/** Consonance's input field name (`publicationDate`, `products[0].isbn`) as our UI calls it. */
function uiField(field: string | null | undefined, labels: Record<string, string>): string | undefined {
	if (!field) return undefined;
	const base = field.replace(/^.*\./, '');
	return labels[field] ?? labels[base] ?? field;
}

/**
 * GraphQL's own input errors (`Variable "$input" got invalid value "x" at "input.publicationDate"; …`)
 * with the field as our UI labels it: `field "Publication Date": "x" is not a valid …`.
 */
export function labelInputErrors(message: string, labels: Record<string, string>): string {
	return message.replace(/Variable "\$input" got invalid value (.*?) at "input\.([^"]+)"; /g, (_, _value: string, field: string) => `field "${uiField(field, labels)}": `);
}

/**
 * Runs `mutation { name(input: $input) { selection errors { field message } } }` and returns the
 * payload. Payload errors (Consonance's validation) become one error naming the item and the field.
 */
export async function runMutation(this: IExecuteFunctions, name: string, inputType: string, input: IDataObject, selection: string, options: MutationOptions): Promise<IDataObject> {
	const labels = options.fieldLabels ?? {};
	const data = await consonanceGraphql
		.call(
			this,
			`mutation Run($input: ${inputType}!) { ${name}(input: $input) { ${selection} ${MUTATION_ERRORS_SELECTION} } }`,
			{ input },
			{ itemIndex: options.itemIndex, idempotent: options.idempotent ?? false },
		)
		.catch((error: unknown) => {
			if (!(error instanceof NodeApiError) || !/GraphQL error: /.test(error.message)) throw error;
			const message = labelInputErrors(error.message.replace(/^Item \d+: Consonance: /, ''), labels);
			throw serviceError(this.getNode(), 'Consonance', {
				message,
				httpCode: error.httpCode ?? undefined,
				description: error.description ?? undefined, // e.g. which assumption failed and what to run
				itemIndex: options.itemIndex,
			});
		});
	const payload = (data[name] as IDataObject | null) ?? {};
	const errors = (payload.errors as Array<{ field?: string | null; message?: string }> | undefined) ?? [];
	if (errors.length > 0) {
		const message = errors
			.map((e) => {
				const field = uiField(e.field, labels);
				return field ? `field "${field}": ${e.message}` : String(e.message);
			})
			.join('; ');
		throw serviceError(this.getNode(), 'Consonance', { message, httpCode: 422, itemIndex: options.itemIndex, description: 'Consonance did not accept the change; nothing was saved for this item.' });
	}
	return payload;
}
