// The one typed reading of parameter values (nodes/shared/parameters.ts) and the one check of
// Cloudinary identifiers (nodes/Cloudinary/helpers/identifiers.ts): every wrong type, empty value,
// out-of-range number, dot segment and escape is an error naming the item and the field.
import type { INode } from 'n8n-workflow';
import {
	booleanOf,
	choiceOf,
	describeValue,
	isbnOf,
	listOf,
	numberOf,
	textOf,
} from '../../nodes/shared/parameters';
import {
	encodeFolderPath,
	encodePublicId,
	folderPathOf,
	identifierProblem,
	prefixOf,
	publicIdOf,
} from '../../nodes/Cloudinary/helpers/identifiers';

const ctx = {
	getNode: () =>
		({
			name: 'Test',
			type: 'test',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}) as unknown as INode,
};
const message = (fn: () => unknown): string => {
	try {
		fn();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected an error');
};

describe('textOf', () => {
	it.each([
		[{ a: 1 }, 'an object is not text'],
		[['a'], 'a list (1 entry) is not text'],
		[42, 'the number 42 is not text'],
		[true, 'true (true/false) is not text'],
		[null, 'no value was given (the expression gave null)'],
		[undefined, 'no value was given'],
		['   ', 'no value was given'],
	])('refuses %j naming item and field', (value, problem) => {
		expect(message(() => textOf(ctx, value, 3, 'Title'))).toBe(`Item 3, field "Title": ${problem}`);
	});
	it('reads text, whole numbers only where allowed, and enforces a maximum length', () => {
		expect(textOf(ctx, '  a b  ', 0, 'F')).toBe('a b');
		expect(textOf(ctx, '  a b  ', 0, 'F', { keepSpaces: true })).toBe('  a b  ');
		expect(textOf(ctx, null, 0, 'F', { required: false })).toBe('');
		expect(textOf(ctx, 5001, 0, 'F', { wholeNumbers: true })).toBe('5001');
		expect(message(() => textOf(ctx, 1.5, 0, 'F', { wholeNumbers: true }))).toBe(
			'Item 0, field "F": the number 1.5 is not text',
		);
		expect(message(() => textOf(ctx, 'ü'.repeat(6), 0, 'F', { maxLength: 5 }))).toBe(
			'Item 0, field "F": the value is 6 characters long, more than the 5 allowed',
		);
	});
});

describe('numberOf', () => {
	it.each([
		[Number.NaN, 'NaN (not a number) is not a number'],
		['abc', '"abc" is not a number'],
		['12abc', '"12abc" is not a number'],
		[{}, 'an object is not a number'],
		[[5], 'a list (1 entry) is not a number'],
		[true, 'true (true/false) is not a number'],
		[Infinity, 'the number Infinity is not a number'],
		[null, 'no value was given (the expression gave null)'],
		[2.5, '2.5 is not a whole number'],
		[4, '4 is out of range'],
		[101, '101 is out of range'],
		['150', '150 is out of range'],
	])('refuses %j', (value, problem) => {
		expect(message(() => numberOf(ctx, value, 1, 'Chunk Size (MB)', { min: 5, max: 100 }))).toBe(
			`Item 1, field "Chunk Size (MB)": ${problem}`,
		);
	});
	it('reads numbers and their text, and the fallback for blank values', () => {
		expect(numberOf(ctx, ' 20 ', 0, 'F', { min: 5, max: 100 })).toBe(20);
		expect(numberOf(ctx, 5.5, 0, 'F', { integer: false })).toBe(5.5);
		expect(numberOf(ctx, '', 0, 'F', { fallback: 7 })).toBe(7);
		expect(numberOf(ctx, undefined, 0, 'F', { fallback: 7 })).toBe(7);
	});
});

describe('listOf, booleanOf, choiceOf', () => {
	it('reads lists from text or a list, refusing objects inside', () => {
		expect(listOf(ctx, 'a, b;\nc', 0, 'Tags')).toEqual(['a', 'b', 'c']);
		expect(listOf(ctx, ['a', '', null, 'b'], 0, 'Tags')).toEqual(['a', 'b']);
		expect(message(() => listOf(ctx, ['a', { x: 1 }], 2, 'Tags'))).toBe(
			'Item 2, field "Tags, entry 2": an object is not text',
		);
		expect(message(() => listOf(ctx, { x: 1 }, 2, 'Tags'))).toBe(
			'Item 2, field "Tags": an object is not a list',
		);
		expect(message(() => listOf(ctx, 'a,b,c', 0, 'Tags', { maxItems: 2 }))).toBe(
			'Item 0, field "Tags": 3 entries were given, more than the 2 allowed',
		);
		expect(message(() => listOf(ctx, '', 0, 'Tags', { required: true }))).toBe(
			'Item 0, field "Tags": no value was given',
		);
		const oneOf = { values: ['BB', 'BC'], isNot: 'an ONIX product form' };
		expect(listOf(ctx, ['BC', 'BB'], 0, 'Forms', { oneOf })).toEqual(['BC', 'BB']);
		expect(message(() => listOf(ctx, 'BC, XX, YY', 1, 'Forms', { oneOf }))).toBe(
			'Item 1, field "Forms": "XX" is not an ONIX product form',
		);
	});
	it('reads booleans and choices', () => {
		expect(booleanOf(ctx, 'TRUE', 0, 'F')).toBe(true);
		expect(booleanOf(ctx, undefined, 0, 'F', false)).toBe(false);
		expect(message(() => booleanOf(ctx, 'yes', 0, 'F'))).toBe(
			'Item 0, field "F": "yes" is not true or false',
		);
		expect(choiceOf(ctx, 'work', 0, 'Attach To', ['work', 'product'])).toBe('work');
		expect(message(() => choiceOf(ctx, { a: 1 }, 0, 'Attach To', ['work', 'product']))).toBe(
			'Item 0, field "Attach To": an object is not text',
		);
	});
	it('names values shortly', () => {
		expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`);
		expect(describeValue(new Date(Number.NaN))).toBe('the date Invalid Date');
	});
});

describe('isbnOf', () => {
	it('takes ISBNs as text, and numbers only when they hold every digit', () => {
		expect(isbnOf(ctx, '0-12-345678-9', 0, 'ISBN')).toBe('9780123456786');
		expect(isbnOf(ctx, 9781810000008, 0, 'ISBN')).toBe('9781810000008');
		expect(isbnOf(ctx, 1843560283, 0, 'ISBN')).toBe('9781843560289');
	});
	it('refuses an ISBN-10 that lost its leading zero as a number, naming item and field', () => {
		// 0123456789 as a number is 123456789
		expect(message(() => isbnOf(ctx, 123456789, 4, 'ISBN'))).toBe(
			'Item 4, field "ISBN": the number 123456789 is not an ISBN: an ISBN held as a number ' +
				'loses its leading zeros (0123456789 becomes 123456789); give it as text',
		);
		expect(message(() => isbnOf(ctx, { isbn: '978' }, 4, 'ISBN'))).toBe(
			'Item 4, field "ISBN": an object is not text',
		);
		expect(message(() => isbnOf(ctx, 9.781810000008e12 + 0.5, 4, 'ISBN'))).toContain(
			'is not an ISBN',
		);
	});
});

describe('Cloudinary identifiers', () => {
	it.each([
		['..', 'has a "." or ".." segment'],
		['a/b/..', 'has a "." or ".." segment'],
		['a/./b', 'has a "." or ".." segment'],
		['/a', 'starts or ends with "/"'],
		['a/', 'starts or ends with "/"'],
		['a//b', 'has an empty folder name'],
		['a?b', 'contains "?"'],
		['a#b', 'contains "#"'],
		['100%', 'contains "%"'],
		['a%2e%2e', 'contains "%"'],
		['a\nb', 'contains control character U+000A'],
		['a/ b', 'starts or ends with a space'],
		['x'.repeat(256), 'is 256 characters long, more than the 255 Cloudinary allows'],
	])('refuses %j', (value, problem) => {
		expect(identifierProblem(value, 'public ID')).toContain(problem);
		expect(message(() => publicIdOf(ctx, value, 2, 'Public ID'))).toMatch(
			/^Item 2, field "Public ID": /,
		);
		expect(message(() => folderPathOf(ctx, value, 2, 'Folder'))).toMatch(
			/^Item 2, field "Folder": /,
		);
	});
	it('accepts spaces inside, unicode and 255 characters, and encodes them as one segment or as folders', () => {
		for (const id of ['my folder/ä b', 'covers/日本語', 'x'.repeat(255), 'a.b/c..d'])
			expect(identifierProblem(id, 'public ID')).toBeUndefined();
		expect(encodePublicId('my folder/ä b')).toBe('my%20folder%2F%C3%A4%20b');
		expect(encodeFolderPath('my folder/ä b')).toBe('my%20folder/%C3%A4%20b');
		// A prefix may end in "/", but its segments are checked all the same.
		expect(prefixOf(ctx, 'covers/', 0, 'Prefix')).toBe('covers/');
		expect(message(() => prefixOf(ctx, 'covers/../', 0, 'Prefix'))).toContain(
			'has a "." or ".." segment',
		);
		expect(message(() => publicIdOf(ctx, 12, 0, 'Public ID'))).toBe(
			'Item 0, field "Public ID": the number 12 is not text',
		);
	});
});
