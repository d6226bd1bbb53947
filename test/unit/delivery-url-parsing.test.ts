import { parseDeliveryUrl } from '../../nodes/Cloudinary/helpers/assetReference';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cloudinary = require('cloudinary').v2;

describe('public ID and version from a delivery URL (URLs built by the cloudinary SDK)', () => {
	const cases: Array<[string, Record<string, unknown>, string, string]> = [
		['covers/9781810000008', { format: 'jpg', version: 1719307544 }, 'image', 'upload'],
		[
			'covers/9781810000008',
			{
				format: 'jpg',
				version: 1719307544,
				transformation: [{ width: 400, height: 600, crop: 'fill' }, { fetch_format: 'auto' }],
			},
			'image',
			'upload',
		],
		[
			'authors/amara-okafor',
			{ format: 'png', type: 'authenticated', sign_url: true, version: 3 },
			'image',
			'authenticated',
		],
		['sample', { format: 'jpg' }, 'image', 'upload'],
		[
			'audio-samples/9781810000015-sample',
			{ resource_type: 'video', format: 'wav', version: 9 },
			'video',
			'upload',
		],
		['my folder/ä b', { format: 'jpg', version: 12 }, 'image', 'upload'],
	];
	it.each(cases)('%s with %j', (publicId, options, resourceType, type) => {
		const url = cloudinary.url(publicId, {
			cloud_name: 'demo',
			api_secret: 'abcd',
			secure: true,
			...options,
		});
		// the version is kept, so a URL built again from the parts names the same file
		const version = options.version === undefined ? undefined : String(options.version);
		expect(parseDeliveryUrl(url)).toEqual({
			publicId,
			resourceType,
			type,
			...(version ? { version } : {}),
		});
	});

	it('rejects URLs that are not delivery URLs', () => {
		expect(parseDeliveryUrl('https://example.com/some/page')).toBeUndefined();
		expect(parseDeliveryUrl('not a url')).toBeUndefined();
	});
});
