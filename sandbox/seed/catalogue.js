'use strict';
// A believable, deterministic publisher catalogue for the sandbox: imprints, series, contributors,
// works, products (hardback, paperback, ebook, audio) with valid ISBN-13s, territories and
// publication dates spread around "today", contracts, and the Cloudinary side of it (master covers,
// some failing retailer specs on purpose, non-cover media, metadata field definitions).
// The same seed and size always give the same catalogue.

function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** ISBN-13 check digit (weights 1,3,1,3...). Written here independently of the nodes' ISBN module. */
function isbn13CheckDigit(first12) {
	let sum = 0;
	for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
	return String((10 - (sum % 10)) % 10);
}

function hyphenateIsbn13(isbn) {
	// 978-1-80NNN-NNN-C style: prefix, group 1, a 5-digit registrant, 3-digit publication, check.
	return `${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 9)}-${isbn.slice(9, 12)}-${isbn.slice(12)}`;
}

function isoDate(ms) {
	return new Date(ms).toISOString().slice(0, 10);
}

const DAY = 86400000;

const IMPRINTS = [
	{ id: 1, name: 'Harbour Lane Press', slug: 'harbour-lane', code: 'HLP' },
	{ id: 2, name: 'Kestrel Books', slug: 'kestrel', code: 'KES' },
	{ id: 3, name: 'Northlight Non-Fiction', slug: 'northlight', code: 'NLT' },
	{ id: 4, name: 'Little Fern Children’s', slug: 'little-fern', code: 'LFC' },
];

const SERIES = [
	{
		id: 1,
		name: 'The Saltmarsh Mysteries',
		subtitle: 'A Harbour Lane crime series',
		printIssn: null,
		onlineIssn: null,
		imprintId: 1,
	},
	{
		id: 2,
		name: 'Field Guides for the Curious',
		subtitle: null,
		printIssn: '2049-3630',
		onlineIssn: '2049-3649',
		imprintId: 3,
	},
	{
		id: 3,
		name: 'Starling & Wren',
		subtitle: 'Adventures for young readers',
		printIssn: null,
		onlineIssn: null,
		imprintId: 4,
	},
];

const FIRST = [
	'Amara',
	'Tom',
	'Isla',
	'Rhys',
	'Priya',
	'Jonah',
	'Elena',
	'Kwame',
	'Freya',
	'Callum',
	'Nadia',
	'Owen',
	'Saoirse',
	'Hiro',
	'Maren',
	'Dev',
	'Lucia',
	'Ewan',
	'Zara',
	'Idris',
];
const LAST = [
	'Okafor',
	'Hartley',
	'Mackenzie',
	'Bellweather',
	'Nair',
	'Lindqvist',
	'Castellano',
	'Mensah',
	'Ashdown',
	'Fairbairn',
	'Haddad',
	'Pryce',
	'Quinlan',
	'Tanaka',
	'Voss',
	'Raman',
	'Ferreira',
	'Dunmore',
	'Ahmed',
	'Griffiths',
];
const T1 = [
	'The',
	'A',
	'Our',
	'The Last',
	'The Quiet',
	'Every',
	'The Lost',
	'Beyond the',
	'Under the',
	'The Little',
];
const T2 = [
	'Lighthouse',
	'Orchard',
	'Cartographer',
	'Winter',
	'Estuary',
	'Glasshouse',
	'Meridian',
	'Archive',
	'Heron',
	'Tides',
	'Fox',
	'Garden',
	'Atlas',
	'Night Ferry',
	'Bookbinder',
	'Salt Road',
	'Observatory',
	'Kingfisher',
];
const T3 = [
	'',
	'',
	'',
	'of Kells',
	'at Dawn',
	'in Spring',
	'of Small Things',
	'Between Us',
	'Keeper',
	'Letters',
];
const SUBTITLES = [
	null,
	null,
	'A Novel',
	'A Memoir',
	'A Field Guide',
	'Stories',
	'A History in Twelve Objects',
	null,
];

const TERRITORIES = [
	{ forSale: [], notForSale: [], description: 'World' },
	{ forSale: ['GB', 'IE'], notForSale: [], description: 'UK and Ireland only' },
	{
		forSale: [],
		notForSale: ['US', 'CA', 'PH'],
		description: 'World excluding US, Canada and the Philippines',
	},
	{
		forSale: ['GB', 'IE', 'AU', 'NZ', 'ZA', 'IN'],
		notForSale: [],
		description: 'British Commonwealth (traditional)',
	},
	{ forSale: ['US', 'CA'], notForSale: [], description: 'North America only' },
];

// ONIX 2.1 product forms → Consonance GraphQL typenames and in-house editions.
const FORMATS = {
	BB: { typename: 'PhysicalBookProduct', edition: 'Hardback', coverRatio: 1.5 },
	BC: { typename: 'PhysicalBookProduct', edition: 'Paperback', coverRatio: 1.5 },
	DG: { typename: 'ElectronicBookProduct', edition: 'Ebook', coverRatio: 1.6 },
	AJ: { typename: 'ElectronicAudioProduct', edition: 'Audio download', coverRatio: 1 },
	AC: { typename: 'PhysicalAudioProduct', edition: 'Audio CD', coverRatio: 1 },
};

// Trim sizes in millimetres (height x width) by edition.
const TRIMS = {
	BB: [
		{ h: 234, w: 153 },
		{ h: 240, w: 159 },
	],
	BC: [
		{ h: 198, w: 129 },
		{ h: 216, w: 135 },
		{ h: 178, w: 111 },
	],
};

function pick(rand, list) {
	return list[Math.floor(rand() * list.length)];
}

/**
 * @param {object} [opts]
 * @param {number} [opts.products] how many products (default 80); works ≈ products / 2
 * @param {number} [opts.seed]     PRNG seed (default 20261126)
 * @param {Date}   [opts.today]    the sandbox's "today"
 * @param {number} [opts.maxCovers] how many products get a master cover in Cloudinary (default: every
 *   product that should have one; a few forthcoming titles have none, on purpose)
 */
function generateCatalogue(opts = {}) {
	const productCount = Math.max(1, Math.floor(opts.products ?? 80));
	const rand = mulberry32(opts.seed ?? 20261126);
	const todayMs = Date.parse(isoDate((opts.today ?? new Date()).getTime()));
	const workCount = Math.max(1, Math.ceil(productCount / 2));

	const contacts = [];
	for (let i = 0; i < Math.min(400, Math.max(30, Math.ceil(workCount * 0.8))); i++) {
		const first = FIRST[i % FIRST.length];
		const last = LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length];
		contacts.push({
			id: 1001 + i,
			type: 'Person',
			personName: `${first} ${last}`,
			keyNames: last,
			personNameInverted: `${last}, ${first}`,
			biographicalNote: `${first} ${last} lives by the sea and writes in the early mornings.`,
			isni: i % 5 === 0 ? `0000000${String(100000000 + i * 7919).slice(0, 9)}` : null,
			emails: [{ email: `${first}.${last}@example.org`.toLowerCase() }],
		});
	}
	contacts.push(
		{
			id: 1901,
			type: 'Organisation',
			organisationName: 'Marlow & Finch Literary Agency',
			emails: [{ email: 'rights@marlowfinch.example' }],
		},
		{
			id: 1902,
			type: 'Organisation',
			organisationName: 'Bright Thread Illustration Studio',
			emails: [{ email: 'studio@brightthread.example' }],
		},
	);
	const people = contacts.filter((c) => c.type === 'Person');

	const works = [];
	const products = [];
	const contracts = [];
	let productId = 5001;
	let isbnCounter = 0;
	const seriesParts = {};

	for (let w = 0; w < workCount; w++) {
		const imprint = IMPRINTS[w % IMPRINTS.length];
		const series = SERIES.find((s) => s.imprintId === imprint.id && rand() < 0.35);
		const t3 = pick(rand, T3);
		const title = `${pick(rand, T1)} ${pick(rand, T2)}${t3 ? ` ${t3}` : ''}`;
		const author = people[(w * 3) % people.length];
		const contributions = [
			{ id: 70001 + w * 2, contactId: author.id, roleCode: 'A01', sequenceNumber: 1 },
		];
		if (imprint.id === 4)
			contributions.push({
				id: 70002 + w * 2,
				contactId: people[(w * 3 + 1) % people.length].id,
				roleCode: 'A12',
				sequenceNumber: 2,
			});
		// Publication dates spread from about two years ago to about a year ahead.
		const pubOffsetDays = Math.round(-730 + rand() * 1100);
		const pubMs = todayMs + pubOffsetDays * DAY;
		const work = {
			id: 301 + w,
			title,
			subtitle: pick(rand, SUBTITLES),
			imprintId: imprint.id,
			seriesMembership: series
				? {
						seriesId: series.id,
						partNumber: (seriesParts[series.id] = (seriesParts[series.id] ?? 0) + 1),
					}
				: null,
			contributions,
			workType: imprint.id === 3 ? 'Non-fiction' : imprint.id === 4 ? 'Children' : 'Fiction',
			projectStage:
				pubOffsetDays > 120 ? 'Commissioned' : pubOffsetDays > 0 ? 'In production' : 'Published',
			season: `${new Date(pubMs).getUTCFullYear()} ${new Date(pubMs).getUTCMonth() < 6 ? 'Spring' : 'Autumn'}`,
			marketingTier: rand() < 0.2 ? 'Lead title' : rand() < 0.5 ? 'Mid list' : 'Backlist',
			createdAt: isoDate(pubMs - 400 * DAY),
			changedAt: isoDate(Math.min(todayMs, pubMs - (10 + Math.floor(rand() * 300)) * DAY)),
			marketingTexts: [
				{
					id: 90001 + w * 2,
					variant: 'DESCRIPTION',
					onixCode: '03',
					externalText: `<p>A luminous story about ${title.toLowerCase()}, told by ${author.personName}.</p>`,
					productIds: [],
				},
			],
			supportingResources: [],
			webLinks: [],
		};
		works.push(work);

		// Products per work: print edition(s), an ebook, sometimes audio.
		const formats = [];
		if (imprint.id === 3 || rand() < 0.4) formats.push('BB');
		formats.push('BC');
		formats.push('DG');
		if (rand() < 0.45) formats.push(rand() < 0.8 ? 'AJ' : 'AC');
		const remaining = productCount - products.length;
		const worksLeft = workCount - w;
		const take = Math.max(1, Math.min(formats.length, remaining - (worksLeft - 1)));
		const territory = pick(rand, TERRITORIES);
		for (const form of formats.slice(0, take)) {
			const fmt = FORMATS[form];
			const noIsbn = rand() < 0.02 && products.length > 3;
			const body = `97818${String(1000000 + isbnCounter++).slice(-7)}`;
			const isbn13 = noIsbn ? null : body + isbn13CheckDigit(body);
			const trim = TRIMS[form] ? pick(rand, TRIMS[form]) : null;
			const delay = form === 'BC' && formats.includes('BB') ? 180 : 0;
			const productPubMs = pubMs + delay * DAY;
			const future = productPubMs > todayMs;
			let status = future ? '02' : '04';
			if (!future && productPubMs < todayMs - 600 * DAY && rand() < 0.3) status = '07';
			if (future && rand() < 0.05) status = '03';
			const pages = 180 + Math.floor(rand() * 300);
			products.push({
				id: productId++,
				workId: work.id,
				typename: fmt.typename,
				productForm: form,
				inHouseEdition: fmt.edition,
				isbn13,
				publicationDate: isoDate(productPubMs),
				plannedPublicationDate: isoDate(productPubMs),
				publishingStatus: status,
				forSaleCountryCodes: territory.forSale,
				notForSaleCountryCodes: territory.notForSale,
				salesRightsDescription: territory.description,
				dimensionsMm: trim
					? {
							height: trim.h,
							width: trim.w,
							thickness: Math.round(pages * 0.06 + (form === 'BB' ? 6 : 1)),
						}
					: null,
				pageCount: form === 'AJ' || form === 'AC' ? null : pages,
				prices: [
					{
						currencyCode: 'GBP',
						amount: form === 'BB' ? 20 : form === 'BC' ? 10.99 : form === 'DG' ? 6.99 : 14.99,
						priceType: '02',
						qualifier: '05',
					},
					{
						currencyCode: 'USD',
						amount: form === 'BB' ? 28 : form === 'BC' ? 17.99 : form === 'DG' ? 9.99 : 19.99,
						priceType: '01',
						qualifier: '05',
					},
				],
				createdAt: work.createdAt,
				changedAt: work.changedAt,
			});
		}
	}

	for (let i = 0; i < Math.min(works.length, 60); i += 3) {
		const work = works[i];
		contracts.push({
			id: 801 + contracts.length,
			workId: work.id,
			contractName: `${work.title} — author agreement`,
			description: 'World English language volume rights',
			clientContactId: work.contributions[0].contactId,
			signedDate: work.createdAt,
			term: 'Full term of copyright',
			licensedRights: [
				{ id: 8801 + i * 3, rightType: 'Print', authorCut: 7.5 },
				{ id: 8802 + i * 3, rightType: 'Ebook', authorCut: 25 },
				{ id: 8803 + i * 3, rightType: 'Audio', authorCut: 20 },
			],
		});
	}

	const cloudinary = seedCloudinary({
		works,
		products,
		contacts,
		rand,
		todayMs,
		maxCovers: opts.maxCovers ?? Infinity,
	});

	return {
		seed: opts.seed ?? 20261126,
		today: isoDate(todayMs),
		imprints: IMPRINTS.map((i) => ({ ...i })),
		series: SERIES.map((s) => ({ ...s })),
		contacts,
		works,
		products,
		contracts,
		cloudinary,
	};
}

// ---- the Cloudinary side: master covers (some failing specs on purpose), other media, metadata fields

const PALETTES = [
	['#1d3557', '#e63946'],
	['#264653', '#e9c46a'],
	['#3a0ca3', '#f72585'],
	['#2b2d42', '#8d99ae'],
	['#606c38', '#fefae0'],
	['#003049', '#fcbf49'],
	['#5f0f40', '#fb8b24'],
	['#0b3954', '#bfd7ea'],
];

/**
 * The first covers each get their own picture (title and author on it); the rest of a large
 * catalogue share a few pictures, one per size, colour space and format, so that 20,000 covers cost
 * a handful of renders (the emulator renders seeds lazily and memoises them per picture).
 */
const DISTINCT_COVER_PICTURES = 100;

/**
 * The cover problems planted on purpose, by position in the list of covered products: five in
 * every 400 covers, the same mix at any catalogue size.
 */
function coverDefect(position) {
	const index = position % 400;
	if (index === 2) return 'too-small';
	if (index === 5) return 'cmyk';
	if (index === 8) return 'wrong-ratio';
	if (index === 11) return 'png-master';
	if (index === 14) return 'too-small';
	return null;
}

function seedCloudinary({ works, products, contacts, rand, todayMs, maxCovers }) {
	const assets = [];
	const workById = new Map(works.map((w) => [w.id, w]));
	const imprintSlug = (id) => IMPRINTS.find((i) => i.id === id).slug;
	const contactById = new Map(contacts.map((c) => [c.id, c]));
	let covered = 0;
	for (const product of products) {
		if (!product.isbn13 || covered >= maxCovers) continue;
		// A few titles have no master cover yet (forthcoming ones are the realistic gap).
		if (product.publishingStatus === '02' && rand() < 0.15) continue;
		const work = workById.get(product.workId);
		const fmt = FORMATS[product.productForm];
		const defect = coverDefect(covered);
		let width = fmt.coverRatio === 1 ? 3000 : 1800;
		let height = Math.round(width * fmt.coverRatio);
		let colorSpace = 'srgb';
		let format = 'jpg';
		if (defect === 'too-small') {
			width = fmt.coverRatio === 1 ? 600 : 500;
			height = Math.round(width * fmt.coverRatio);
		} else if (defect === 'cmyk') colorSpace = 'cmyk';
		else if (defect === 'wrong-ratio')
			height = width; // a square master for a book
		else if (defect === 'png-master') format = 'png';
		const author = contactById.get(work.contributions[0].contactId);
		const uploadedMs = todayMs - (5 + Math.floor(rand() * 200)) * DAY - Math.floor(rand() * DAY);
		assets.push({
			publicId: `covers/${product.isbn13}`,
			resourceType: 'image',
			type: 'upload',
			format,
			assetFolder: `covers/${imprintSlug(work.imprintId)}`,
			displayName: `${work.title} — ${fmt.edition} cover`,
			createdAt: new Date(uploadedMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			tags: [
				'cover',
				'master',
				`isbn_${product.isbn13}`,
				imprintSlug(work.imprintId),
				fmt.edition.toLowerCase().replace(/\s+/g, '_'),
			],
			context: {
				isbn: product.isbn13,
				title: work.title,
				caption: `Front cover of ${work.title}`,
				alt: `Cover of ${work.title} by ${author.personName}`,
			},
			metadata: {
				isbn: product.isbn13,
				asset_role: 'front_cover',
				imprint: imprintSlug(work.imprintId),
				...(covered % 4 === 0 ? { publication_date: product.publicationDate } : {}),
			},
			moderationStatus: covered % 7 === 3 ? 'pending' : 'approved',
			defect,
			image:
				covered < DISTINCT_COVER_PICTURES
					? {
							width,
							height,
							colorSpace,
							palette: PALETTES[covered % PALETTES.length],
							label: work.title,
							sublabel: author.personName,
						}
					: { width, height, colorSpace, palette: PALETTES[0], label: null, sublabel: null },
			links: { productId: product.id, workId: work.id, isbn13: product.isbn13 },
		});
		covered++;
	}

	// Non-cover media: author headshots, an event graphic, an audiobook sample and a teaser video.
	const media = [];
	for (let i = 0; i < Math.min(6, works.length); i++) {
		const work = works[(i * 2) % works.length];
		const author = contacts.find((c) => c.id === work.contributions[0].contactId);
		const slug = author.personName.toLowerCase().replace(/[^a-z]+/g, '-');
		media.push({
			publicId: `authors/${slug}`,
			resourceType: 'image',
			type: 'upload',
			format: 'jpg',
			assetFolder: 'authors',
			displayName: `${author.personName} — author photo`,
			createdAt: new Date(todayMs - (30 + i * 11) * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			tags: ['author_photo', slug],
			context: {
				contributor: author.personName,
				credit: 'Photo © Studio Lumen',
				usage: 'author_photo',
			},
			metadata: { asset_role: 'author_photo' },
			moderationStatus: 'approved',
			image: {
				width: 1200,
				height: 1500,
				colorSpace: 'srgb',
				palette: PALETTES[(i + 3) % PALETTES.length],
				label: author.personName,
				sublabel: 'Author photo',
			},
			links: { workId: work.id },
		});
	}
	const eventWork = works[0];
	media.push({
		publicId: `events/${eventWork.id}-launch-banner`,
		resourceType: 'image',
		type: 'upload',
		format: 'png',
		assetFolder: 'events',
		displayName: `${eventWork.title} — launch event banner`,
		createdAt: new Date(todayMs - 3 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
		tags: ['event_graphic', `work_${eventWork.id}`],
		context: { usage: 'event_graphic', milestone: 'launch', work_id: String(eventWork.id) },
		metadata: { asset_role: 'event_graphic' },
		moderationStatus: 'approved',
		image: {
			width: 1920,
			height: 1080,
			colorSpace: 'srgb',
			palette: PALETTES[1],
			label: `${eventWork.title}`,
			sublabel: 'Launch evening',
		},
		links: { workId: eventWork.id },
	});
	const audio = products.find((p) => p.productForm === 'AJ' && p.isbn13);
	if (audio) {
		media.push({
			publicId: `audio-samples/${audio.isbn13}-sample`,
			resourceType: 'video',
			type: 'upload',
			format: 'wav',
			assetFolder: 'audio-samples',
			displayName: 'Audiobook retail sample',
			createdAt: new Date(todayMs - 9 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			tags: ['audio_sample', `isbn_${audio.isbn13}`],
			context: { isbn: audio.isbn13, usage: 'audio_sample' },
			metadata: { isbn: audio.isbn13, asset_role: 'audio_sample' },
			moderationStatus: 'approved',
			audio: { seconds: 3, sampleRate: 8000 },
			links: { productId: audio.id, workId: audio.workId, isbn13: audio.isbn13 },
		});
	}

	const metadataFields = [
		{
			external_id: 'isbn',
			label: 'ISBN-13',
			type: 'string',
			validation: { type: 'strlen', min: 13, max: 13 },
		},
		{ external_id: 'work_id', label: 'Consonance work ID', type: 'integer' },
		{ external_id: 'product_id', label: 'Consonance product ID', type: 'integer' },
		{ external_id: 'publication_date', label: 'Publication date', type: 'date' },
		{
			external_id: 'imprint',
			label: 'Imprint',
			type: 'enum',
			datasource: { values: IMPRINTS.map((i) => ({ external_id: i.slug, value: i.name })) },
		},
		{
			external_id: 'asset_role',
			label: 'Asset role',
			type: 'enum',
			datasource: {
				values: [
					{ external_id: 'front_cover', value: 'Front cover' },
					{ external_id: 'back_cover', value: 'Back cover' },
					{ external_id: 'author_photo', value: 'Author photo' },
					{ external_id: 'event_graphic', value: 'Event graphic' },
					{ external_id: 'audio_sample', value: 'Audiobook sample' },
					{ external_id: 'teaser', value: 'Teaser video' },
					{ external_id: 'channel_variant', value: 'Channel variant' },
				],
			},
		},
		{
			external_id: 'publishing_status',
			label: 'Publishing status',
			type: 'enum',
			datasource: {
				values: [
					{ external_id: 'forthcoming', value: 'Forthcoming' },
					{ external_id: 'active', value: 'Active' },
					{ external_id: 'out_of_print', value: 'Out of print' },
					{ external_id: 'postponed', value: 'Postponed indefinitely' },
				],
			},
		},
		{
			external_id: 'territories',
			label: 'Sales territories',
			type: 'set',
			allow_dynamic_list_values: true,
			datasource: {
				values: ['GB', 'IE', 'US', 'CA', 'AU', 'NZ', 'ZA', 'IN', 'WORLD'].map((c) => ({
					external_id: c.toLowerCase(),
					value: c,
				})),
			},
		},
		{ external_id: 'campaign', label: 'Campaign', type: 'string' },
	];

	return {
		assets: [...assets, ...media],
		metadataFields,
		uploadPresets: [
			{
				name: 'covers_signed',
				unsigned: false,
				settings: { folder: 'covers', tags: 'cover', overwrite: true },
			},
			{
				name: 'dropbox_unsigned',
				unsigned: true,
				settings: { folder: 'incoming', tags: 'incoming' },
			},
		],
	};
}

module.exports = { generateCatalogue, isbn13CheckDigit, hyphenateIsbn13 };
