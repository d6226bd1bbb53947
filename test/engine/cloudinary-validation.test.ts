// Cloudinary › Validation inside n8n's engine, against the emulator's seeded covers, some of which
// fail on purpose (too small, CMYK, wrong ratio, PNG master). The facts each rule sees are the
// emulator's own (Admin API details), cross-checked against the delivered original's bytes.
import axios from 'axios';
import sharp from 'sharp';
import { runNode } from '../../scripts/lib/engine';
import { startTestSandbox } from '../../scripts/lib/sandbox';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
let sb: TestSandbox;

interface SeededAsset {
	publicId: string;
	defect: string | null;
	resourceType: string;
	format: string;
	tags: string[];
	image: { width: number; height: number; colorSpace: string };
}
const covers = () =>
	(sb.sandbox.catalogue.cloudinary.assets as SeededAsset[]).filter(
		(a) => a.resourceType === 'image' && a.publicId.startsWith('covers/'),
	);
const isAudio = (a: SeededAsset) => a.image.width === a.image.height && !a.defect;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb?.stop();
});

interface RuleOut {
	spec: string;
	rule: string;
	passed: boolean | null;
	expected: unknown;
	actual: unknown;
	severity: string;
}

const validate = (extra: Record<string, unknown>) => ({
	resource: 'validation',
	operation: 'validate',
	asset: { __rl: true, mode: 'id', value: '={{ $json.publicId }}' },
	...extra,
});
const failed = (rules: RuleOut[]) =>
	rules
		.filter((r) => r.passed === false && r.severity === 'required')
		.map((r) => `${r.spec}:${r.rule}`)
		.sort();

describe('Cloudinary › Validation › Check Against Specs', () => {
	it('fails exactly the planted cover defects (IngramSpark eBook + 2:3 ratio rule), passes the good ones', async () => {
		const books = covers().filter((a) => !isAudio(a));
		const defects = new Set(books.map((b) => b.defect).filter(Boolean));
		expect([...defects].sort()).toEqual(['cmyk', 'png-master', 'too-small', 'wrong-ratio']);
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: validate({
				specs: ['ingramEbook'],
				customRules: { ratio: '2:3', ratioTolerance: 8 },
			}),
			credentials: sb.credentials,
			items: books.map((b) => ({ json: { publicId: b.publicId } })),
		});
		expect(result.status).toBe('success');
		// One Search API call for all of them (not one details call each), with image_metadata.
		const calls = await sb.requests('cloudinary', before);
		expect(calls.map((c: { route: string }) => c.route)).toEqual(['admin:search']);
		expect(books.length).toBeGreaterThan(50);
		const I = 'IngramSpark eBook';
		const C = 'The custom profile';
		const expected: Record<string, string[]> = {
			'too-small': [`${I}:minLongestSide`, `${I}:minShortestSide`],
			cmyk: [`${I}:colorSpace`],
			'wrong-ratio': [`${C}:ratio`, `${I}:minLongestSide`],
			'png-master': [`${I}:format`],
		};
		books.forEach((book, i) => {
			const out = result.json[i];
			expect(result.output[i].pairedItem).toEqual({ item: i });
			expect({ id: out.publicId, failed: failed(out.rules) }).toEqual({
				id: book.publicId,
				failed: (expected[book.defect ?? ''] ?? []).sort(),
			});
			expect(out.passed).toBe(!book.defect);
			expect(out.asset).toMatchObject({
				width: book.image.width,
				height: book.image.height,
				format: book.format,
				colorSpace: book.image.colorSpace,
			});
		});

		const small = books.findIndex((b) => b.defect === 'too-small');
		const s = result.json[small];
		expect(s.summary).toMatch(
			new RegExp(
				`^${books[small].publicId} is 500 × 750 px \\(JPG, sRGB, [\\d.]+ KB\\); IngramSpark ` +
					`eBook needs at least 2560 px on the longest side; IngramSpark eBook needs at least ` +
					`1600 px on the shortest side\\.$`,
			),
		);
		expect(s.rules.find((r: RuleOut) => r.rule === 'minShortestSide')).toMatchObject({
			passed: false,
			expected: 1600,
			actual: 500,
		});
	});

	it("reads the colour space the emulator stores, which matches the original file's bytes", async () => {
		const cmyk = covers().find((a) => a.defect === 'cmyk')!;
		const result = await runNode({
			node: 'cloudinary',
			parameters: validate({ specs: ['appleBooks'] }),
			credentials: sb.credentials,
			items: [{ json: { publicId: cmyk.publicId } }],
		});
		expect(result.json[0]).toMatchObject({
			passed: false,
			failures: ['Apple Books needs RGB colour'],
		});
		const { deliveryBaseUrl, cloudName } = sb.credentials.cloudinaryPublishingApi;
		const original = await axios.get(
			`${deliveryBaseUrl}/${cloudName}/image/upload/${cmyk.publicId}.jpg`,
			{ responseType: 'arraybuffer' },
		);
		expect((await sharp(Buffer.from(original.data)).metadata()).space).toBe('cmyk');
	});

	it('checks audiobook squares against ACX: good squares pass, book-shaped masters fail ratio and size', async () => {
		const audio = covers().filter(isAudio).slice(0, 3);
		const book = covers().find((a) => !a.defect && !isAudio(a))!;
		const result = await runNode({
			node: 'cloudinary',
			parameters: validate({ specs: ['acxAudio', 'googlePlayBooks'] }),
			credentials: sb.credentials,
			items: [...audio, book].map((a) => ({ json: { publicId: a.publicId } })),
		});
		expect(result.json.slice(0, 3).map((o: { passed: boolean }) => o.passed)).toEqual([
			true,
			true,
			true,
		]);
		expect(failed(result.json[3].rules)).toEqual([
			'ACX / Audible Audiobook:minShortestSide',
			'ACX / Audible Audiobook:ratio',
		]);
		expect(result.json[3].rules.find((r: RuleOut) => r.rule === 'ratio')).toMatchObject({
			expected: '1:1',
			actual: `1:${+(book.image.height / book.image.width).toFixed(3)}`,
		});
	});

	it("validates by delivery URL; a missing asset and a bad rule are the item's errors, the others go on", async () => {
		const good = covers().find((a) => !a.defect)!;
		const { deliveryBaseUrl, cloudName } = sb.credentials.cloudinaryPublishingApi;
		const byUrl = await runNode({
			node: 'cloudinary',
			parameters: {
				...validate({ specs: ['kdpEbook'] }),
				asset: {
					__rl: true,
					mode: 'url',
					value: `${deliveryBaseUrl}/${cloudName}/image/upload/c_scale,w_300/v1/${good.publicId}.jpg`,
				},
			},
			credentials: sb.credentials,
		});
		expect(byUrl.json[0]).toMatchObject({ publicId: good.publicId, passed: true });

		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: validate({ specs: [], customRules: { ratio: '={{ $json.ratio }}' } }),
			credentials: sb.credentials,
			items: [
				{ json: { publicId: 'covers/0000000000000', ratio: '2:3' } },
				{ json: { publicId: good.publicId, ratio: 'tall' } },
				{ json: { publicId: good.publicId, ratio: '2:3' } },
			],
			continueOnFail: true,
		});
		expect(result.json[0].error).toBe(
			'Item 0, field "Asset": Cloudinary has no asset with public ID covers/0000000000000',
		);
		expect(result.json[1].error).toBe(
			'Item 1, field "Custom Rules › Aspect Ratio (Width:Height)": "tall" is not a ratio',
		);
		expect(result.json[2]).toMatchObject({
			publicId: good.publicId,
			specs: ['The custom profile'],
		});
		// One search for the two valid items; the missing asset is not in it, so its details are read (404).
		const routes = (await sb.requests('cloudinary', before)).map((c: { route: string }) => c.route);
		expect(routes).toHaveLength(2);
		expect(routes[0]).toBe('admin:search');
		expect(routes[1]).not.toMatch(/search/);
	});

	it('falls back to one details call per asset when the search fails, with the same results', async () => {
		const picked = [
			covers().find((a) => a.defect === 'too-small')!,
			covers().find((a) => !a.defect)!,
		];
		await sb.control.post('/faults', {
			service: 'cloudinary',
			kind: 'status',
			status: 400,
			count: 1,
			path: 'resources/search',
		});
		const before = await sb.lastSeq('cloudinary');
		const result = await runNode({
			node: 'cloudinary',
			parameters: validate({ specs: ['appleBooks'] }),
			credentials: sb.credentials,
			items: picked.map((a) => ({ json: { publicId: a.publicId } })),
		});
		await sb.control.delete('/faults');
		expect(result.json.map((o: { passed: boolean }) => o.passed)).toEqual([false, true]);
		expect(failed(result.json[0].rules)).toEqual(['Apple Books:minShortestSide']);
		const routes = (await sb.requests('cloudinary', before)).map((c: { route: string }) => c.route);
		expect(routes).toHaveLength(3);
		expect(routes.filter((r: string) => /search/.test(r))).toHaveLength(1);
	});
});
