import {
	encodeContext,
	encodeMetadata,
	EncodingError,
} from '../../nodes/Cloudinary/helpers/encoding';

// Context and structured metadata on the wire, compared with the official SDK's
// `utils.encode_context` where the two should agree, and read back by the emulator's decoder.
// They differ on one point on purpose: a literal backslash. Cloudinary's OpenAPI spec (context
// parameter: "a literal = or | inside a value must be escaped with a prepending backslash, and a
// literal backslash must be doubled"; docs/api-facts.md) wants it doubled; the SDK's
// escapeMetadataValue escapes only `=` and `|`, so `a\|b` from the SDK would read as `a|b`.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('cloudinary').v2.utils;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codec = require('../../sandbox/cloudinary/codec');

const texts = [
	'plain',
	'a=b',
	'x|y',
	'both = and | in one',
	'==||',
	'trailing=',
	'|leading',
	'Title: The North Quay (2nd ed.)',
	'ünïcødé – “quotes” ’',
	'',
];

describe('encodeContext / encodeMetadata against the SDK', () => {
	it.each(texts)('a text value %j', (value) => {
		const obj = { isbn: '9781810000008', note: value };
		expect(encodeContext(obj)).toBe(sdk.encode_context(obj));
		expect(encodeMetadata(obj)).toBe(sdk.encode_context(obj));
	});

	it('whole numbers', () => {
		const obj = { pages: 320, edition: 2 };
		expect(encodeContext(obj)).toBe(sdk.encode_context(obj));
		expect(encodeMetadata(obj)).toBe(sdk.encode_context(obj));
	});

	it('set (multi-select) metadata values', () => {
		for (const list of [['GB', 'US'], ['a=b', 'c|d'], [], ['one']]) {
			const obj = { territories: list, imprint: 'north-quay' };
			expect(encodeMetadata(obj)).toBe(sdk.encode_context(obj));
		}
	});

	it('doubles a literal backslash, which the SDK does not (the spec asks for it)', () => {
		expect(encodeContext({ path: 'C:\\covers\\a|b' })).toBe('path=C:\\\\covers\\\\a\\|b');
		expect(sdk.encode_context({ path: 'C:\\covers\\a|b' })).toBe('path=C:\\covers\\a\\|b');
		// with no backslash in the value the two are the same again
		expect(encodeContext({ path: 'C:/covers/a|b' })).toBe(
			sdk.encode_context({ path: 'C:/covers/a|b' }),
		);
	});

	it('refuses keys Cloudinary could not split', () => {
		expect(() => encodeContext({ 'a=b': 'x' })).toThrow(EncodingError);
		expect(() => encodeContext({ 'a|b': 'x' })).toThrow(EncodingError);
		expect(() => encodeContext({ ' ': 'x' })).toThrow(EncodingError);
	});
});

describe('what we encode, the emulator decodes to the same values', () => {
	const tricky = [...texts.filter(Boolean), 'C:\\covers\\', 'a\\=b', 'end\\', '\\|', 'x\\\\y'];

	it.each(tricky)('context value %j', (value) => {
		expect(codec.parseContext(encodeContext({ note: value, isbn: '9781810000008' }))).toEqual({
			note: value,
			isbn: '9781810000008',
		});
	});

	it.each(tricky)('metadata value %j, alone and in a set', (value) => {
		expect(codec.parseMetadata(encodeMetadata({ imprint: value }))).toEqual({ imprint: value });
		expect(codec.parseMetadata(encodeMetadata({ territories: [value, 'GB'] }))).toEqual({
			territories: [value, 'GB'],
		});
	});
});
