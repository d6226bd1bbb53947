import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { invalidFieldError } from './errors';
import { checkIsbn } from './isbn';

// The ONE typed reading of parameter values, for every operation of both nodes. Expressions can
// hand a field any type (an object, a list, a number, null) and bypass the limits the UI enforces,
// so every value is checked here, before any call: a wrong type or an out-of-range value is an
// error naming the item, the field and what would be valid; nothing is ever turned into
// "[object Object]" or a silently disabled check (NaN).

interface FieldContext {
	getNode(): INode;
}

/** How a value is named in an error: "an object", "a list", "the number 12", "null", '"abc"'. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value))
		return `a list (${value.length} ${value.length === 1 ? 'entry' : 'entries'})`;
	if (value instanceof Date)
		return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number')
		return Number.isNaN(value) ? 'NaN (not a number)' : `the number ${value}`;
	if (typeof value === 'boolean') return `${value} (true/false)`;
	const text = String(value);
	return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

function isBlank(value: unknown): boolean {
	return (
		value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
	);
}

function emptyProblem(value: unknown): string {
	return value === null ? 'no value was given (the expression gave null)' : 'no value was given';
}

export interface TextOptions {
	/** Blank (null, nothing, only spaces) is an error (default); when false it reads as ''. */
	required?: boolean;
	/** What would be valid, for the error's description. */
	valid?: string;
	maxLength?: number;
	/**
	 * Accept a whole number and read it as its digits (IDs, codes). Off by default: a number where
	 * text is expected is an error, since its text form may not be what was meant (lost leading
	 * zeros, exponent notation).
	 */
	wholeNumbers?: boolean;
	/** Keep surrounding spaces (default: trimmed). */
	keepSpaces?: boolean;
}

/** A text value: a string, never an object, list, boolean or (unless allowed) a number. */
export function textOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	options: TextOptions = {},
): string {
	const node = ctx.getNode();
	const valid = options.valid ?? 'text';
	if (isBlank(value)) {
		if (options.required === false) return '';
		throw invalidFieldError(node, itemIndex, field, emptyProblem(value), valid);
	}
	let text: string;
	if (typeof value === 'string') text = options.keepSpaces ? value : value.trim();
	else if (
		typeof value === 'number' &&
		options.wholeNumbers &&
		Number.isSafeInteger(value) &&
		value >= 0
	)
		text = String(value);
	else
		throw invalidFieldError(node, itemIndex, field, `${describeValue(value)} is not text`, valid);
	if (options.maxLength !== undefined && [...text].length > options.maxLength) {
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			`the value is ${[...text].length} characters long, more than the ${options.maxLength} allowed`,
			valid,
		);
	}
	return text;
}

export interface NumberOptions {
	min?: number;
	max?: number;
	/** Whole numbers only (default true). */
	integer?: boolean;
	/** Used when the value is blank; without it a blank value is an error. */
	fallback?: number;
	/** Unit for messages, e.g. "MB" or "seconds". */
	unit?: string;
}

function rangeText(options: NumberOptions): string {
	const unit = options.unit ? ` ${options.unit}` : '';
	const kind = options.integer === false ? 'a number' : 'a whole number';
	if (options.min !== undefined && options.max !== undefined)
		return `${kind} from ${options.min} to ${options.max}${unit}`;
	if (options.min !== undefined) return `${kind} of at least ${options.min}${unit}`;
	if (options.max !== undefined) return `${kind} of at most ${options.max}${unit}`;
	return kind;
}

/** A number: a finite number or its decimal text; never NaN, never out of range. */
export function numberOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	options: NumberOptions = {},
): number {
	const node = ctx.getNode();
	const valid = rangeText(options);
	if (isBlank(value)) {
		if (options.fallback !== undefined) return options.fallback;
		throw invalidFieldError(node, itemIndex, field, emptyProblem(value), valid);
	}
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()))
		n = Number(value.trim());
	else n = Number.NaN;
	if (!Number.isFinite(n))
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			`${describeValue(value)} is not a number`,
			valid,
		);
	if (options.integer !== false && !Number.isInteger(n))
		throw invalidFieldError(node, itemIndex, field, `${n} is not a whole number`, valid);
	if (
		(options.min !== undefined && n < options.min) ||
		(options.max !== undefined && n > options.max)
	) {
		throw invalidFieldError(node, itemIndex, field, `${n} is out of range`, valid);
	}
	return n;
}

export interface ListOptions extends Omit<TextOptions, 'required' | 'maxLength'> {
	/** At least one entry (default false). */
	required?: boolean;
	maxItems?: number;
	/** Longest entry. */
	maxLength?: number;
	/** How a text value is split (default: commas, semicolons and new lines). */
	separator?: RegExp;
	/** Each entry must be one of `values`; one that is not is refused as "<entry>" is not `isNot`. */
	oneOf?: { values: readonly string[]; isNot: string };
}

/** A list of texts from a list (an expression) or a separated text; blank entries are left out. */
export function listOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	options: ListOptions = {},
): string[] {
	const node = ctx.getNode();
	const valid = options.valid ?? 'values separated by commas, or a list';
	let entries: string[];
	if (isBlank(value)) entries = [];
	else if (Array.isArray(value)) {
		entries = value
			.filter((entry) => !isBlank(entry))
			.map((entry, i) =>
				textOf(ctx, entry, itemIndex, `${field}, entry ${i + 1}`, {
					...options,
					required: true,
					valid,
				}),
			);
	} else if (typeof value === 'string' || (typeof value === 'number' && options.wholeNumbers)) {
		entries = textOf(ctx, value, itemIndex, field, {
			...options,
			maxLength: undefined,
			valid,
		}).split(options.separator ?? /[,;\n\r]+/);
		entries = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
		if (options.maxLength !== undefined)
			entries.forEach((entry, i) =>
				textOf(ctx, entry, itemIndex, `${field}, entry ${i + 1}`, {
					maxLength: options.maxLength,
					valid,
				}),
			);
	} else {
		throw invalidFieldError(node, itemIndex, field, `${describeValue(value)} is not a list`, valid);
	}
	if (options.required && entries.length === 0)
		throw invalidFieldError(node, itemIndex, field, emptyProblem(value), valid);
	if (options.maxItems !== undefined && entries.length > options.maxItems) {
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			`${entries.length} entries were given, more than the ${options.maxItems} allowed`,
			`at most ${options.maxItems} entries`,
		);
	}
	const known = options.oneOf;
	const unknown = known && entries.find((entry) => !known.values.includes(entry));
	if (known && unknown !== undefined)
		throw invalidFieldError(
			node,
			itemIndex,
			field,
			`"${unknown}" is not ${known.isNot}`,
			known.values.join(', '),
		);
	return entries;
}

/**
 * An ISBN as text, normalised to ISBN-13. A number is taken only when its digits are the whole
 * ISBN (13 digits, or 10 for an ISBN-10 that starts with a non-zero digit and ends in a digit): an
 * ISBN-10 such as 0123456789 held as a number has lost its leading zero, and one ending in X can't
 * be a number at all.
 */
export function isbnOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	valid = 'an ISBN-13 (978… or 979…) or ISBN-10, as text, with or without hyphens',
): string {
	const node = ctx.getNode();
	if (typeof value === 'number') {
		const digits = Number.isSafeInteger(value) && value > 0 ? String(value) : '';
		if (digits.length !== 13 && digits.length !== 10) {
			throw invalidFieldError(
				node,
				itemIndex,
				field,
				`${describeValue(value)} is not an ISBN: an ISBN held as a number loses its leading ` +
					`zeros (0123456789 becomes 123456789); give it as text`,
				valid,
			);
		}
		value = digits;
	}
	const text = textOf(ctx, value, itemIndex, field, { valid });
	const isbn = checkIsbn(text);
	if (!isbn.valid) throw invalidFieldError(node, itemIndex, field, isbn.message, valid);
	return isbn.isbn13;
}

/** A boolean, or its text "true"/"false". */
export function booleanOf(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	fallback?: boolean,
): boolean {
	if (typeof value === 'boolean') return value;
	if (isBlank(value) && fallback !== undefined) return fallback;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
		return value.trim().toLowerCase() === 'true';
	throw invalidFieldError(
		ctx.getNode(),
		itemIndex,
		field,
		`${describeValue(value)} is not true or false`,
		'true or false',
	);
}

/** One of a fixed set of values (an options field fed by an expression). */
export function choiceOf<T extends string>(
	ctx: FieldContext,
	value: unknown,
	itemIndex: number,
	field: string,
	choices: readonly T[],
): T {
	const text = textOf(ctx, value, itemIndex, field, { valid: choices.join(', ') });
	if (!(choices as readonly string[]).includes(text)) {
		throw invalidFieldError(
			ctx.getNode(),
			itemIndex,
			field,
			`"${text}" is not one of the choices`,
			choices.join(', '),
		);
	}
	return text as T;
}

// The same, read straight from a parameter of the item.

export function readText(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	options: TextOptions = {},
): string {
	return textOf(
		this,
		this.getNodeParameter(name, itemIndex, '') as unknown,
		itemIndex,
		field,
		options,
	);
}

export function readNumber(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	options: NumberOptions = {},
): number {
	return numberOf(
		this,
		this.getNodeParameter(name, itemIndex, options.fallback ?? '') as unknown,
		itemIndex,
		field,
		options,
	);
}

export function readList(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	options: ListOptions = {},
): string[] {
	return listOf(
		this,
		this.getNodeParameter(name, itemIndex, '') as unknown,
		itemIndex,
		field,
		options,
	);
}

export function readIsbn(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
): string {
	return isbnOf(this, this.getNodeParameter(name, itemIndex, '') as unknown, itemIndex, field);
}

export function readBoolean(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	fallback: boolean,
): boolean {
	return booleanOf(
		this,
		this.getNodeParameter(name, itemIndex, fallback) as unknown,
		itemIndex,
		field,
		fallback,
	);
}

export function readChoice<T extends string>(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	field: string,
	choices: readonly T[],
): T {
	return choiceOf(
		this,
		this.getNodeParameter(name, itemIndex, '') as unknown,
		itemIndex,
		field,
		choices,
	);
}
