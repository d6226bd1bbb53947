// Consonance names input fields as its API does (`publicationDate`, `products[0].isbn`); errors
// name them as our UI labels them.

/** Consonance's input field name as our UI calls it. */
export function uiField(
	field: string | null | undefined,
	labels: Record<string, string>,
): string | undefined {
	if (!field) return undefined;
	const base = field.replace(/^.*\./, '');
	return labels[field] ?? labels[base] ?? field;
}

/**
 * GraphQL's own input errors (`Variable "$input" got invalid value "x" at "input.publicationDate"; …`)
 * with the field as our UI labels it: `field "Publication Date": "x" is not a valid …`.
 */
export function labelInputErrors(message: string, labels: Record<string, string>): string {
	return message.replace(
		/Variable "\$input" got invalid value (.*?) at "input\.([^"]+)"; /g,
		(_, _value: string, field: string) => `field "${uiField(field, labels)}": `,
	);
}
