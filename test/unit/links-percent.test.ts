// "Skip If Already Attached" reads back the URLs already stored on a title; one of them holding a
// malformed percent sequence (a bare "%", "%zz") must not break the comparison of the others.
import { cloudinaryVersion, sameSource } from '../../nodes/Consonance/helpers/links';
import { parseDeliveryUrl } from '../../nodes/Cloudinary/helpers/assetReference';

describe('malformed percent sequences in stored URLs', () => {
	const ours = 'https://res.cloudinary.com/acme/image/upload/v12/covers/9781810000008.jpg';
	it.each([
		'https://res.cloudinary.com/acme/image/upload/v12/covers/100%.jpg',
		'https://example.com/a%zz/b%',
		'https://res.cloudinary.com/acme/image/upload/v1/%E0%A4%A.jpg',
	])('%s is compared without throwing', (stored) => {
		expect(() => sameSource(stored, ours)).not.toThrow();
		expect(sameSource(stored, ours)).toBe(false);
		expect(sameSource(stored, stored)).toBe(true);
		expect(() => parseDeliveryUrl(stored)).not.toThrow();
	});
	it('keeps a malformed segment as it is and still matches the same version of the same asset', () => {
		expect(
			cloudinaryVersion('https://res.cloudinary.com/acme/image/upload/w_10/v12/covers/100%.jpg'),
		).toEqual({ cloud: 'res.cloudinary.com/acme', publicId: 'covers/100%', version: '12' });
		expect(
			sameSource(
				'https://res.cloudinary.com/acme/image/upload/w_10/v12/covers/100%.jpg',
				'https://res.cloudinary.com/acme/image/upload/v12/covers/100%.png',
			),
		).toBe(true);
		expect(
			sameSource(
				'https://res.cloudinary.com/acme/image/upload/v12/my%20covers/x.jpg',
				'https://res.cloudinary.com/acme/image/upload/c_fill/v12/my covers/x.png',
			),
		).toBe(true);
	});
});
