// ISBN handling used wherever a node accepts an ISBN: hyphens, spaces and an "ISBN" prefix are
// allowed, ISBN-10 is converted to ISBN-13, a wrong check digit is rejected naming the expected one,
// and the "No ISBN" placeholders Consonance uses are recognised.

export type IsbnCheck =
	| { valid: true; isbn13: string; isbn10: string | null; convertedFromIsbn10: boolean }
	| {
			valid: false;
			reason: 'empty' | 'placeholder' | 'characters' | 'length' | 'prefix' | 'checkDigit';
			message: string;
			expectedCheckDigit?: string;
	  };

const PLACEHOLDERS = new Set(['noisbn', 'none', 'n/a', 'na', 'tbc', 'tba', '-', 'null']);

export function isbn13CheckDigit(first12: string): string {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
	return String((10 - (sum % 10)) % 10);
}

export function isbn10CheckDigit(first9: string): string {
	let sum = 0;
	for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
	const check = (11 - (sum % 11)) % 11;
	return check === 10 ? 'X' : String(check);
}

/** Removes separators and an optional "ISBN", "ISBN-13:" or "ISBN-10:" label. */
export function compactIsbn(input: string): string {
	return input
		.trim()
		.replace(/^isbn(?:[-\s]?1[03])?\s*:?\s*/i, '')
		.replace(/[\s\-\u2010-\u2015\u00a0.]/g, '')
		.toUpperCase();
}

export function checkIsbn(input: unknown): IsbnCheck {
	const raw = input === null || input === undefined ? '' : String(input);
	if (raw.trim() === '') return { valid: false, reason: 'empty', message: 'No ISBN was given' };
	if (PLACEHOLDERS.has(raw.trim().toLowerCase().replace(/\s+/g, ''))) {
		return {
			valid: false,
			reason: 'placeholder',
			message: `"${raw.trim()}" is a placeholder, not an ISBN: this product has no ISBN assigned yet`,
		};
	}
	const isbn = compactIsbn(raw);
	if (!/^\d{9}[\dX]$|^\d{13}$/.test(isbn)) {
		if (/[^\dX]/.test(isbn) || /X./.test(isbn)) {
			return {
				valid: false,
				reason: 'characters',
				message: `"${raw}" is not an ISBN: only digits, hyphens and spaces (and a final X in an ISBN-10) are allowed`,
			};
		}
		return {
			valid: false,
			reason: 'length',
			message:
				`"${raw}" is not an ISBN: it has ${isbn.length} characters, an ISBN has 13 digits (or ` +
				`10 for an ISBN-10)`,
		};
	}
	if (isbn.length === 10) {
		const expected = isbn10CheckDigit(isbn.slice(0, 9));
		if (expected !== isbn[9]) {
			return {
				valid: false,
				reason: 'checkDigit',
				expectedCheckDigit: expected,
				message: `ISBN-10 "${raw}" has check digit ${isbn[9]}, but ${expected} was expected`,
			};
		}
		const body = `978${isbn.slice(0, 9)}`;
		return {
			valid: true,
			isbn13: body + isbn13CheckDigit(body),
			isbn10: isbn,
			convertedFromIsbn10: true,
		};
	}
	if (!isbn.startsWith('978') && !isbn.startsWith('979')) {
		return {
			valid: false,
			reason: 'prefix',
			message: `"${raw}" is not an ISBN-13: it must start with 978 or 979`,
		};
	}
	const expected = isbn13CheckDigit(isbn.slice(0, 12));
	if (expected !== isbn[12]) {
		return {
			valid: false,
			reason: 'checkDigit',
			expectedCheckDigit: expected,
			message: `ISBN "${raw}" has check digit ${isbn[12]}, but ${expected} was expected`,
		};
	}
	const isbn10 = isbn.startsWith('978')
		? isbn.slice(3, 12) + isbn10CheckDigit(isbn.slice(3, 12))
		: null;
	return { valid: true, isbn13: isbn, isbn10, convertedFromIsbn10: false };
}
