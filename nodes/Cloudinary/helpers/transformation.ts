import type { IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';

// The ONE check of what users type as a transformation string or a file format, for delivery URLs,
// downloads and eager generation alike.

const PARAM = /^\$?[a-z][a-z0-9]*_./i;
const EXAMPLE = 'c_fill,g_auto,h_2560,w_1600/q_90/f_jpg';

/**
 * Checks a transformation string's shape (`key_value` pairs, comma-joined, components joined by
 * `/`) and returns it without outer or doubled slashes; '' when empty and not required. `|` is
 * refused because it separates eager transformations.
 */
export function checkTransformation(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	required = false,
): string {
	const text = String(value ?? '');
	const components = text.trim().split('/').filter(Boolean);
	if (required && !components.length)
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			'the transformation is empty',
			`a transformation string such as ${EXAMPLE}`,
		);
	if (/[?#|\s]/.test(components.join('/').replace(/l_text:[^,/]*/g, ''))) {
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			`"${text}" contains a space, "?", "#" or "|"`,
			`a transformation string such as ${EXAMPLE}`,
		);
	}
	for (const component of components) {
		for (const part of component.split(',')) {
			if (!PARAM.test(part)) {
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					field,
					`"${part}" in "${text}" is not a transformation parameter`,
					`key_value pairs joined by commas, components joined by "/", e.g. ${EXAMPLE}`,
				);
			}
		}
	}
	return components.join('/');
}

/** A file format (extension) without its dot, lower case; undefined when empty. */
export function checkFormat(
	this: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string | undefined {
	const format = String(value ?? '')
		.trim()
		.replace(/^\./, '')
		.toLowerCase();
	if (!format) return undefined;
	if (!/^[a-z0-9]{2,5}$/.test(format))
		throw invalidFieldError(
			this.getNode(),
			itemIndex,
			field,
			`"${value}" is not a file format`,
			'an extension such as jpg, png, webp, tiff, mp4',
		);
	return format;
}
