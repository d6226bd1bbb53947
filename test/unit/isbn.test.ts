import {
	checkIsbn,
	compactIsbn,
	isbn10CheckDigit,
	isbn13CheckDigit,
} from '../../nodes/shared/isbn';

describe('ISBN rules', () => {
	it('accepts a valid ISBN-13 with hyphens, spaces or an ISBN label', () => {
		for (const input of [
			'978-0-306-40615-7',
			'978 0 306 40615 7',
			'ISBN 978-0-306-40615-7',
			'ISBN-13: 9780306406157',
			' 9780306406157 ',
		]) {
			const result = checkIsbn(input);
			expect(result).toEqual({
				valid: true,
				isbn13: '9780306406157',
				isbn10: '0306406152',
				convertedFromIsbn10: false,
			});
		}
	});

	it('converts ISBN-10 (including an X check digit) to ISBN-13', () => {
		expect(checkIsbn('0-306-40615-2')).toEqual({
			valid: true,
			isbn13: '9780306406157',
			isbn10: '0306406152',
			convertedFromIsbn10: true,
		});
		const withX = checkIsbn('0-8044-2957-X');
		expect(withX.valid && withX.isbn13).toBe('9780804429573');
		expect(checkIsbn('080442957x').valid).toBe(true);
	});

	it('rejects a wrong ISBN-13 check digit and names the expected digit', () => {
		const result = checkIsbn('978-0-306-40615-3');
		expect(result.valid).toBe(false);
		if (!result.valid) {
			expect(result.reason).toBe('checkDigit');
			expect(result.expectedCheckDigit).toBe('7');
			expect(result.message).toBe('ISBN "978-0-306-40615-3" has check digit 3, but 7 was expected');
		}
	});

	it('rejects a wrong ISBN-10 check digit and names the expected digit', () => {
		const result = checkIsbn('0306406153');
		expect(result).toMatchObject({ valid: false, reason: 'checkDigit', expectedCheckDigit: '2' });
	});

	it('recognises "No ISBN" placeholders, wrong lengths, letters and prefixes', () => {
		expect(checkIsbn('No ISBN')).toMatchObject({ valid: false, reason: 'placeholder' });
		expect(checkIsbn('TBC')).toMatchObject({ valid: false, reason: 'placeholder' });
		expect(checkIsbn('')).toMatchObject({ valid: false, reason: 'empty' });
		expect(checkIsbn(undefined)).toMatchObject({ valid: false, reason: 'empty' });
		expect(checkIsbn('97803064061')).toMatchObject({ valid: false, reason: 'length' });
		expect(checkIsbn('97803064061X7')).toMatchObject({ valid: false, reason: 'characters' });
		expect(checkIsbn('1230306406157')).toMatchObject({ valid: false, reason: 'prefix' });
	});

	it('computes check digits that agree with an independent brute-force check on many generated ISBNs', () => {
		// Independent rule: a valid ISBN-13's weighted sum is divisible by 10; an ISBN-10's by 11.
		for (let n = 0; n < 2000; n++) {
			const body12 = `978${String(100000000 + n * 7919).slice(-9)}`;
			const full13 = body12 + isbn13CheckDigit(body12);
			const sum13 = [...full13].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
			expect(sum13 % 10).toBe(0);
			const body9 = body12.slice(3);
			const check10 = isbn10CheckDigit(body9);
			const sum10 =
				[...body9].reduce((s, d, i) => s + Number(d) * (10 - i), 0) +
				(check10 === 'X' ? 10 : Number(check10));
			expect(sum10 % 11).toBe(0);
			const converted = checkIsbn(body9 + check10);
			expect(converted.valid && converted.isbn13).toBe(full13);
		}
	});

	it('compacts separators of every kind', () => {
		expect(compactIsbn('978\u20110\u2013306 40615.7')).toBe('9780306406157');
	});
});
