'use strict';
// The Consonance emulator's state: a deep copy of the seed catalogue indexed by id and ISBN, the
// queries over it, every edit (GraphQL mutations and the control API's "user in the UI" edits
// alike), the changed dates and a log of changes. The API layers (graphql.js, rest.js) and the
// control routes only translate names; validation, indexing and change tracking live here.
//
// Stored shapes are the seed's (sandbox/seed/catalogue.js) plus: product `title`/`subtitle`
// (absent = the work's), `embargoDate`, `webLinks`, `allowOnixExports`; work `supportingResources`,
// `marketingTexts`, `webLinks`; contribution `workId`; `changedAt` as an ISO 8601 date-time.
const A = require('./assumptions');
const codes = require('./codes');
const { matches, conditionValue } = require('./search');
const { isbn13Problem, isIsoDate } = require('./format');
const { inspectRemoteImage } = require('./images');

const CHANGE_LOG_LIMIT = 20000;
const CHILDREN = {
	supportingResource: 'supportingResources',
	marketingText: 'marketingTexts',
	webLink: 'webLinks',
};
const FIRST_IDS = { supportingResource: 40001, marketingText: 90001, webLink: 96001 };
const COUNTRIES = new Set(codes.COUNTRY_CODES);

const byId = (a, b) => a.id - b.id;
const pushTo = (map, key, value) => (map.get(key) ?? map.set(key, []).get(key)).push(value);
/** Deep copy of plain JSON-like data (several times faster than structuredClone on a 20,000-product catalogue). */
function clone(v) {
	if (Array.isArray(v)) return v.map(clone);
	if (v && typeof v === 'object') {
		const copy = {};
		for (const k of Object.keys(v)) copy[k] = clone(v[k]);
		return copy;
	}
	return v;
}
const toDateTime = (v) => (v && v.length === 10 ? `${v}T00:00:00.000Z` : v);
const fail = (field, message) => ({ errors: [{ field, message }] });
const notFound = (field, what, id) => ({
	...fail(field, `${what} ${id} not found`),
	notFound: true,
});

// ---- field validators: each returns { value } or { error } (a phrase that follows the field label)

const ok = (value) => ({ value });
const isBlank = (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const check = {
	text:
		({ required = false } = {}) =>
		(v) => {
			if (isBlank(v)) return required ? { error: "can't be blank" } : ok(null);
			return typeof v === 'string' ? ok(v) : { error: 'must be text' };
		},
	date: (v) =>
		v === null || isIsoDate(v)
			? ok(v)
			: { error: `must be a date (YYYY-MM-DD), not ${JSON.stringify(v)}` },
	code: (list, what) => (v) =>
		list[v] !== undefined
			? ok(String(v))
			: { error: `must be an ONIX ${what} code, not ${JSON.stringify(v)}` },
	countries: (v) => {
		if (!Array.isArray(v)) return { error: 'must be a list of ISO 3166-1 country codes' };
		const list = [...new Set(v.map((c) => String(c).toUpperCase()))];
		const bad = list.filter((c) => !COUNTRIES.has(c));
		return bad.length ? { error: `contains unknown country codes: ${bad.join(', ')}` } : ok(list);
	},
	count: (v) =>
		v === null || (Number.isInteger(v) && v >= 0) ? ok(v) : { error: 'must be a whole number' },
	bool: (v) => (typeof v === 'boolean' ? ok(v) : { error: 'must be true or false' }),
	dimensions: (v) => {
		if (v === null) return ok(null);
		const keys = ['height', 'width', 'thickness'];
		const good =
			v &&
			typeof v === 'object' &&
			keys.every(
				(k) => v[k] === null || v[k] === undefined || (typeof v[k] === 'number' && v[k] > 0),
			);
		return good
			? ok(Object.fromEntries(keys.map((k) => [k, v[k] ?? null])))
			: { error: 'must be { height, width, thickness } in millimetres' };
	},
	prices: (v) => {
		const good =
			Array.isArray(v) &&
			v.every(
				(p) =>
					p &&
					/^[A-Z]{3}$/.test(p.currencyCode) &&
					typeof p.amount === 'number' &&
					p.amount >= 0 &&
					codes.PRICE_TYPES[p.priceType] &&
					codes.PRICE_QUALIFIERS[p.qualifier],
			);
		return good
			? ok(
					v.map(({ currencyCode, amount, priceType, qualifier }) => ({
						currencyCode,
						amount,
						priceType,
						qualifier,
					})),
				)
			: { error: 'must be a list of { currencyCode, amount, priceType, qualifier }' };
	},
};

function createStore({ clock }) {
	let s;
	const now = () => new Date(clock.now()).toISOString();
	const today = () => now().slice(0, 10);

	// ---- loading

	function load(catalogue) {
		const c = clone({
			imprints: catalogue.imprints,
			series: catalogue.series,
			contacts: catalogue.contacts,
			works: catalogue.works,
			products: catalogue.products,
			contracts: catalogue.contracts,
		});
		const next = {
			imprints: new Map(c.imprints.map((i) => [i.id, i])),
			series: new Map(c.series.map((x) => [x.id, x])),
			contacts: c.contacts.sort(byId),
			contactById: new Map(),
			works: c.works.sort(byId),
			workById: new Map(),
			products: c.products.sort(byId),
			productById: new Map(),
			productByIsbn: new Map(),
			productsByWork: new Map(),
			contracts: c.contracts.sort(byId),
			contractById: new Map(),
			contractsByWork: new Map(),
			contributionsByContact: new Map(),
			children: Object.fromEntries(Object.keys(CHILDREN).map((k) => [k, new Map()])),
			nextIds: { ...FIRST_IDS },
			changes: [],
			changeSeq: 0,
		};
		for (const contact of next.contacts) next.contactById.set(contact.id, contact);
		for (const contract of next.contracts) {
			next.contractById.set(contract.id, contract);
			pushTo(next.contractsByWork, contract.workId, contract);
		}
		const indexChild = (kind, owner, record) => {
			next.children[kind].set(record.id, owner);
			next.nextIds[kind] = Math.max(next.nextIds[kind], record.id + 1);
		};
		for (const work of next.works) {
			work.changedAt = toDateTime(work.changedAt);
			for (const kind of Object.keys(CHILDREN)) {
				work[CHILDREN[kind]] ??= [];
				for (const record of work[CHILDREN[kind]]) indexChild(kind, work, record);
			}
			for (const contribution of work.contributions) {
				contribution.workId = work.id;
				contribution.productIds ??= [];
				pushTo(next.contributionsByContact, contribution.contactId, contribution);
			}
			next.workById.set(work.id, work);
		}
		for (const product of next.products) {
			product.changedAt = toDateTime(product.changedAt);
			product.webLinks ??= [];
			product.allowOnixExports ??= A.DEFAULT_ALLOW_ONIX_EXPORTS;
			for (const link of product.webLinks) indexChild('webLink', product, link);
			next.productById.set(product.id, product);
			if (product.isbn13) next.productByIsbn.set(product.isbn13, product);
			pushTo(next.productsByWork, product.workId, product);
		}
		next.nextIds.product = (next.products.at(-1)?.id ?? 5000) + 1;
		s = next;
	}

	// ---- lookups

	const workOf = (product) => s.workById.get(product.workId);
	const productsOfWork = (workId) => s.productsByWork.get(workId) ?? [];
	const productTitle = (p) => p.title ?? workOf(p).title;
	const productSubtitle = (p) => (p.subtitle !== undefined ? p.subtitle : workOf(p).subtitle);

	/** Resources linked to the product: front covers first (newest first), then the rest by id. */
	function resourcesForProduct(product) {
		const linked = workOf(product).supportingResources.filter((r) =>
			r.productIds.includes(product.id),
		);
		const front = (r) => r.resourceVariant === A.FRONT_COVER_VARIANT;
		return [
			...linked.filter(front).sort((a, b) => b.id - a.id),
			...linked.filter((r) => !front(r)).sort(byId),
		];
	}

	/** Work-level texts with no productIds apply to every product (assumptions.js). */
	const appliesTo = (record, product) =>
		record.productIds.length === 0 || record.productIds.includes(product.id);
	const marketingTextsForProduct = (product) =>
		workOf(product).marketingTexts.filter((t) => appliesTo(t, product));

	const contactName = (c) => c.personName ?? c.organisationName ?? null;

	/** The contributions of a work (or of one product of it), in sequence, each with the contributor's name. */
	function contributionsOf(work, product) {
		return work.contributions
			.filter((c) => !product || appliesTo(c, product))
			.sort((a, b) => a.sequenceNumber - b.sequenceNumber)
			.map((c) => ({ ...c, name: contactName(s.contactById.get(c.contactId)) }));
	}

	// ---- searchable attributes (search.js conditions name these)

	const attr = (type, get) => ({ type, get });
	const attributes = {
		product: {
			id: attr('number', (p) => p.id),
			workId: attr('number', (p) => p.workId),
			isbn13: attr('isbn', (p) => p.isbn13),
			title: attr('string', productTitle),
			subtitle: attr('string', productSubtitle),
			publicationDate: attr('date', (p) => p.publicationDate),
			plannedPublicationDate: attr('date', (p) => p.plannedPublicationDate),
			productForm: attr('string', (p) => p.productForm),
			publishingStatus: attr('string', (p) => p.publishingStatus),
			typename: attr('string', (p) => p.typename),
			changedDate: attr('date', (p) => p.changedAt),
			changedAt: attr('datetime', (p) => p.changedAt),
			workTitle: attr('string', (p) => workOf(p).title),
			imprintId: attr('number', (p) => workOf(p).imprintId),
		},
		work: {
			id: attr('number', (w) => w.id),
			title: attr('string', (w) => w.title),
			subtitle: attr('string', (w) => w.subtitle),
			imprintId: attr('number', (w) => w.imprintId),
			contractId: attr('number', (w) => (s.contractsByWork.get(w.id) ?? []).map((c) => c.id)),
			changedDate: attr('date', (w) => w.changedAt),
			changedAt: attr('datetime', (w) => w.changedAt),
		},
		price: {
			currencyCode: attr('string', (p) => p.currencyCode),
			priceType: attr('string', (p) => p.priceType),
			qualifier: attr('string', (p) => p.qualifier),
			amount: attr('number', (p) => p.amount),
		},
		contact: {
			id: attr('number', (c) => c.id),
			type: attr('string', (c) => c.type),
			name: attr('string', contactName),
			personName: attr('string', (c) => c.personName ?? null),
			organisationName: attr('string', (c) => c.organisationName ?? null),
		},
		contract: {
			id: attr('number', (c) => c.id),
			workId: attr('number', (c) => c.workId),
		},
	};

	// ---- queries: ordered by id; `id gt` (keyset `after`), `id eq/in`, `isbn13 eq/in` use the indexes

	const INDEXED = {
		product: () => ({ id: s.productById, isbn13: s.productByIsbn }),
		work: () => ({ id: s.workById }),
		contact: () => ({ id: s.contactById }),
		contract: () => ({ id: s.contractById }),
	};
	const LISTS = {
		product: () => s.products,
		work: () => s.works,
		contact: () => s.contacts,
		contract: () => s.contracts,
	};

	function candidates(kind, conditions) {
		for (const [name, map] of Object.entries(INDEXED[kind]())) {
			const eq = conditionValue(conditions, name, 'eq');
			if (eq !== undefined) return map.has(eq) ? [map.get(eq)] : [];
			const list = conditionValue(conditions, name, 'in');
			if (list) return [...new Set(list.map((v) => map.get(v)).filter(Boolean))].sort(byId);
		}
		return LISTS[kind]();
	}

	/** First index in an id-sorted list whose id is greater than `after`. */
	function indexAfter(list, after) {
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (list[mid].id <= after) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	function select(list, conditions, { limit = Infinity, where } = {}) {
		const after = conditionValue(conditions, 'id', 'gt');
		const out = [];
		for (
			let i = after === undefined ? 0 : indexAfter(list, after);
			i < list.length && out.length < limit;
			i++
		) {
			const record = list[i];
			if (matches(record, conditions) && (!where || where(record))) out.push(record);
		}
		return out;
	}

	function findProducts({ product = [], work = [], price = [] } = {}, { limit, within } = {}) {
		const where =
			work.length || price.length
				? (p) =>
						(!work.length || matches(workOf(p), work)) &&
						(!price.length || p.prices.some((pr) => matches(pr, price)))
				: undefined;
		return select(within ?? candidates('product', product), product, { limit, where });
	}

	function findWorks({ work = [], product = [] } = {}, { limit } = {}) {
		const where = product.length
			? (w) => productsOfWork(w.id).some((p) => matches(p, product))
			: undefined;
		return select(candidates('work', work), work, { limit, where });
	}

	const findContacts = (conditions, { limit } = {}) =>
		select(candidates('contact', conditions), conditions, { limit });
	const findContracts = (conditions, { limit } = {}) =>
		select(candidates('contract', conditions), conditions, { limit });

	// ---- change tracking

	function touch(products, works) {
		const at = now();
		for (const r of [...products, ...works]) r.changedAt = at;
		return { products: products.map((p) => p.id), works: works.map((w) => w.id) };
	}

	function log(entry) {
		s.changes.push({ seq: ++s.changeSeq, at: now(), ...entry });
		if (s.changes.length > CHANGE_LOG_LIMIT)
			s.changes.splice(0, s.changes.length - CHANGE_LOG_LIMIT);
	}

	const nextId = (kind) => s.nextIds[kind]++;

	// ---- edits of products and works

	const PRODUCT_FIELDS = {
		isbn13: [
			'ISBN',
			(v, { product }) => {
				if (isBlank(v)) return ok(null);
				const isbn = String(v).replace(/[-\s]/g, '');
				const problem = isbn13Problem(isbn);
				if (problem) return { error: problem };
				const holder = s.productByIsbn.get(isbn);
				return holder && holder !== product
					? { error: `${isbn} is already assigned to product ${holder.id}` }
					: ok(isbn);
			},
		],
		title: ['Title', (v) => (v === null ? ok(null) : check.text({ required: true })(v))],
		subtitle: ['Subtitle', check.text()],
		publicationDate: ['Publication date', check.date],
		plannedPublicationDate: ['Planned publication date', check.date],
		embargoDate: ['Embargo date', check.date],
		publishingStatus: [
			'Publishing status',
			check.code(codes.PUBLISHING_STATUSES, 'publishing status (list 64)'),
		],
		forSaleCountryCodes: ['For-sale countries', check.countries],
		notForSaleCountryCodes: ['Not-for-sale countries', check.countries],
		salesRightsDescription: ['Sales rights description', check.text()],
		inHouseEdition: ['In-house edition', check.text()],
		dimensionsMm: ['Dimensions', check.dimensions],
		pageCount: ['Page count', check.count],
		prices: ['Prices', check.prices],
		allowOnixExports: ['Allow ONIX exports', check.bool],
	};

	const WORK_FIELDS = {
		title: ['Title', check.text({ required: true })],
		subtitle: ['Subtitle', check.text()],
		imprintId: ['Imprint', (v) => (s.imprints.has(v) ? ok(v) : { error: `${v} does not exist` })],
		workType: ['Work type', check.text()],
		projectStage: ['Project stage', check.text()],
		season: ['Season', check.text()],
		marketingTier: ['Marketing tier', check.text()],
	};

	function validate(fields, changes, context) {
		const errors = [];
		const values = {};
		for (const [field, raw] of Object.entries(changes)) {
			if (raw === undefined) continue;
			const spec = fields[field];
			if (!spec) {
				errors.push({
					field,
					message: `${field} cannot be changed (changeable: ${Object.keys(fields).join(', ')})`,
				});
				continue;
			}
			const [label, fn] = spec;
			const result = fn(raw, context);
			if (result.error) errors.push({ field, message: `${label} ${result.error}` });
			else values[field] = result.value;
		}
		return { errors, values };
	}

	function diff(record, values) {
		const fields = {};
		for (const [k, to] of Object.entries(values)) {
			const from = record[k] ?? null;
			if (JSON.stringify(from) !== JSON.stringify(to)) fields[k] = { from, to };
		}
		return fields;
	}

	function applyProduct(product, values, source) {
		const fields = diff(product, values);
		if ('isbn13' in fields) {
			if (product.isbn13) s.productByIsbn.delete(product.isbn13);
			if (values.isbn13) s.productByIsbn.set(values.isbn13, product);
		}
		Object.assign(product, values);
		log({
			source,
			action: 'update',
			entity: 'product',
			id: product.id,
			fields,
			touched: touch([product], [workOf(product)]),
		});
	}

	function applyWork(work, values, source) {
		const fields = diff(work, values);
		Object.assign(work, values);
		// Work fields (title, contributors, ...) show on every product, so its products change too.
		log({
			source,
			action: 'update',
			entity: 'work',
			id: work.id,
			fields,
			touched: touch(productsOfWork(work.id), [work]),
		});
	}

	/** `changes` uses stored field names (e.g. { publishingStatus: '04', isbn13: '978...' }). */
	function updateProduct(id, changes, source) {
		const product = s.productById.get(id);
		if (!product) return notFound('id', 'Product', id);
		const { errors, values } = validate(PRODUCT_FIELDS, changes, { product });
		if (errors.length) return { errors };
		applyProduct(product, values, source);
		return { product, errors: [] };
	}

	/** All or nothing: the work's changes and `productUpdates` ([{ id, changes }]) are validated first. */
	function updateWork(id, changes, productUpdates, source) {
		const work = s.workById.get(id);
		if (!work) return notFound('id', 'Work', id);
		const { errors, values } = validate(WORK_FIELDS, changes, { work });
		const prepared = (productUpdates ?? []).map((update, productIndex) => {
			const product = s.productById.get(update.id);
			if (!product || product.workId !== work.id) {
				errors.push({
					field: 'id',
					productIndex,
					message: `Product ${update.id} not found on work ${work.id}`,
				});
				return null;
			}
			const r = validate(PRODUCT_FIELDS, update.changes, { product });
			errors.push(...r.errors.map((e) => ({ ...e, productIndex })));
			return { product, values: r.values };
		});
		if (errors.length) return { errors };
		applyWork(work, values, source);
		for (const { product, values: v } of prepared) applyProduct(product, v, source);
		return { work, errors: [] };
	}

	/** A new product on a work, as created in the Consonance UI (control API only). */
	function createProduct(fields, source) {
		const { workId, productForm, ...rest } = fields;
		const work = s.workById.get(workId);
		if (!work) return notFound('workId', 'Work', workId);
		if (!codes.PRODUCT_FORMS[productForm])
			return fail(
				'productForm',
				`Product form must be an ONIX 2.1 product form code (e.g. BB, BC, DG, AJ), not ${JSON.stringify(productForm)}`,
			);
		const { errors, values } = validate(PRODUCT_FIELDS, rest, { product: null });
		if (errors.length) return { errors };
		const product = {
			id: nextId('product'),
			workId,
			typename: codes.typenameForForm(productForm),
			productForm,
			inHouseEdition: codes.PRODUCT_FORMS[productForm][0],
			isbn13: null,
			publicationDate: null,
			plannedPublicationDate: values.publicationDate ?? null,
			publishingStatus: '02',
			forSaleCountryCodes: [],
			notForSaleCountryCodes: [],
			salesRightsDescription: 'World',
			dimensionsMm: null,
			pageCount: null,
			prices: [],
			createdAt: today(),
			changedAt: now(),
			webLinks: [],
			allowOnixExports: A.DEFAULT_ALLOW_ONIX_EXPORTS,
			...values,
		};
		s.products.push(product); // ids only grow, so the list stays sorted
		s.productById.set(product.id, product);
		if (product.isbn13) s.productByIsbn.set(product.isbn13, product);
		pushTo(s.productsByWork, workId, product);
		log({
			source,
			action: 'create',
			entity: 'product',
			id: product.id,
			fields: diff({}, product),
			touched: touch([product], [work]),
		});
		return { product, errors: [] };
	}

	/** Removes a product, as a user deleting it in the Consonance UI (no GraphQL mutation does). */
	function deleteProduct(id, source) {
		const product = s.productById.get(id);
		if (!product) return notFound('id', 'Product', id);
		s.products.splice(s.products.indexOf(product), 1);
		s.productById.delete(id);
		if (product.isbn13) s.productByIsbn.delete(product.isbn13);
		const siblings = s.productsByWork.get(product.workId);
		if (siblings?.includes(product)) siblings.splice(siblings.indexOf(product), 1);
		const work = s.workById.get(product.workId);
		log({
			source,
			action: 'delete',
			entity: 'product',
			id,
			touched: touch([], work ? [work] : []),
		});
		return { deletedId: id, success: true, errors: [] };
	}

	// ---- work-level child records: supporting resources, marketing texts, web links

	function addChild(kind, owner, record) {
		owner[CHILDREN[kind]].push(record);
		s.children[kind].set(record.id, owner);
	}

	function removeChild(kind, id) {
		const owner = s.children[kind].get(id);
		if (!owner) return null;
		const list = owner[CHILDREN[kind]];
		const [record] = list.splice(
			list.findIndex((r) => r.id === id),
			1,
		);
		s.children[kind].delete(id);
		return { owner, record };
	}

	/** The product ids a new record links to: `productIds` (all of this work's) or `linkToAllProducts`. */
	function productLinks(work, { productIds, linkToAllProducts }) {
		const own = productsOfWork(work.id).map((p) => p.id);
		if (linkToAllProducts && productIds?.length)
			return fail('linkToAllProducts', 'Give productIds or linkToAllProducts, not both');
		if (linkToAllProducts) return { ids: own };
		const ids = [...new Set(productIds ?? [])];
		const foreign = ids.filter((id) => !own.includes(id));
		if (foreign.length)
			return fail('productIds', `Product ${foreign.join(', ')} does not belong to work ${work.id}`);
		return { ids };
	}

	const productsById = (ids) => ids.map((id) => s.productById.get(id)).filter(Boolean);

	async function createSupportingResource(input, source) {
		const work = s.workById.get(input.workId);
		if (!work) return notFound('workId', 'Work', input.workId);
		if (input.resourceFileName)
			return fail(
				'resourceFileName',
				'Uploads by resourceFileName (presigned URL) are not emulated; give imageRemoteUrl',
			);
		if (isBlank(input.imageRemoteUrl))
			return fail('imageRemoteUrl', "Image remote URL can't be blank");
		let url;
		try {
			url = new URL(input.imageRemoteUrl);
		} catch {
			return fail(
				'imageRemoteUrl',
				`Image remote URL ${JSON.stringify(input.imageRemoteUrl)} is not a URL`,
			);
		}
		if (!/^https?:$/.test(url.protocol))
			return fail('imageRemoteUrl', 'Image remote URL must be an http(s) URL');
		if (!A.JPG_URL_PATTERN.test(url.pathname))
			return fail(
				'imageRemoteUrl',
				'Image remote URL must be a JPG (a URL ending in .jpg or .jpeg)',
			);
		const links = productLinks(work, input);
		if (links.errors) return links;
		const variant = input.resourceVariant ?? A.DEFAULT_SUPPORTING_RESOURCE_VARIANT;

		let image = null;
		try {
			image = await inspectRemoteImage(url);
		} catch (error) {
			return fail('imageRemoteUrl', `Image remote URL could not be processed: ${error.message}`);
		}
		if (image && image.format !== 'jpeg')
			return fail('imageRemoteUrl', `Image remote URL must be a JPG (the file is ${image.format})`);
		// state was reset while fetching
		if (s.workById.get(work.id) !== work) return notFound('workId', 'Work', input.workId);

		const record = {
			id: nextId('supportingResource'),
			workId: work.id,
			url: input.imageRemoteUrl,
			imageRemoteUrl: input.imageRemoteUrl,
			caption: input.caption ?? null,
			copyright: input.copyright ?? null,
			copyrightHolder: input.copyrightHolder ?? null,
			requiredCredit: input.requiredCredit ?? null,
			createdAt: now(),
			filename: decodeURIComponent(url.pathname.split('/').pop()),
			fileSize: image?.fileSize ?? null,
			width: image?.width ?? null,
			height: image?.height ?? null,
			aspectRatio: image
				? Number((image.width / image.height).toFixed(A.ASPECT_RATIO_DECIMALS))
				: null,
			imageContentType: image?.imageContentType ?? null,
			isProcessing: false,
			status: input.status ?? A.DEFAULT_SUPPORTING_RESOURCE_STATUS,
			resourceVariant: variant,
			productIds: links.ids,
		};
		const unlinked = new Set();
		if (input.unlinkPrevious) {
			for (const earlier of work.supportingResources) {
				if (earlier.resourceVariant !== variant) continue;
				const kept = earlier.productIds.filter((id) => !links.ids.includes(id));
				earlier.productIds.filter((id) => links.ids.includes(id)).forEach((id) => unlinked.add(id));
				earlier.productIds = kept;
			}
		}
		addChild('supportingResource', work, record);
		const touched = touch(productsById([...new Set([...links.ids, ...unlinked])]), [work]);
		log({
			source,
			action: 'create',
			entity: 'supportingResource',
			id: record.id,
			workId: work.id,
			productIds: links.ids,
			unlinkedProductIds: [...unlinked],
			touched,
		});
		return { supportingResource: record, errors: [] };
	}

	function deleteChild(kind, id, label, source) {
		const removed = removeChild(kind, id);
		if (!removed) return notFound('id', label, id);
		const { owner, record } = removed;
		const isProduct = s.productById.get(owner.id) === owner;
		const work = isProduct ? workOf(owner) : owner;
		// A marketing text without productIds applies to every product of the work (assumptions.js).
		const affected = isProduct
			? [owner]
			: record.productIds?.length
				? productsById(record.productIds)
				: kind === 'marketingText'
					? productsOfWork(work.id)
					: [];
		log({
			source,
			action: 'delete',
			entity: kind,
			id,
			workId: work.id,
			touched: touch(affected, [work]),
		});
		return { deletedId: id, success: true, errors: [] };
	}

	function createMarketingText(input, source) {
		const work = s.workById.get(input.workId);
		if (!work) return notFound('workId', 'Work', input.workId);
		const onixCode = A.MARKETING_TEXT_VARIANTS[input.variant];
		if (!onixCode)
			return fail(
				'variant',
				`Variant must be one of ${Object.keys(A.MARKETING_TEXT_VARIANTS).join(', ')}`,
			);
		if (isBlank(input.externalText)) return fail('externalText', "External text can't be blank");
		const links = productLinks(work, { productIds: input.productIds });
		if (links.errors) return links;
		const record = {
			id: nextId('marketingText'),
			variant: input.variant,
			onixCode,
			externalText: input.externalText,
			internalText: input.internalText ?? null,
			productIds: links.ids,
		};
		addChild('marketingText', work, record);
		const affected = links.ids.length ? productsById(links.ids) : productsOfWork(work.id);
		log({
			source,
			action: 'create',
			entity: 'marketingText',
			id: record.id,
			workId: work.id,
			touched: touch(affected, [work]),
		});
		return { marketingText: record, errors: [] };
	}

	function createWebLink(input, source) {
		const hasWork = input.workId !== undefined && input.workId !== null;
		const hasProduct = input.productId !== undefined && input.productId !== null;
		if (hasWork === hasProduct) return fail('workId', 'Give either workId or productId');
		const owner = hasWork ? s.workById.get(input.workId) : s.productById.get(input.productId);
		if (!owner)
			return hasWork
				? notFound('workId', 'Work', input.workId)
				: notFound('productId', 'Product', input.productId);
		let url;
		try {
			url = new URL(input.link);
		} catch {
			url = null;
		}
		if (!url || !/^https?:$/.test(url.protocol))
			return fail('link', `Link must be an http(s) URL, not ${JSON.stringify(input.link ?? null)}`);
		const record = {
			id: nextId('webLink'),
			link: input.link,
			role: input.role ?? null,
			note: input.note ?? null,
		};
		addChild('webLink', owner, record);
		const touched = hasWork ? touch([], [owner]) : touch([owner], [workOf(owner)]);
		log({
			source,
			action: 'create',
			entity: 'webLink',
			id: record.id,
			...(hasWork ? { workId: owner.id } : { productId: owner.id }),
			touched,
		});
		return { webLink: record, errors: [] };
	}

	// ---- views for the control API

	function productState(id) {
		const p = s.productById.get(id);
		return (
			p &&
			clone({
				...p,
				supportingResources: resourcesForProduct(p),
				marketingTexts: marketingTextsForProduct(p),
			})
		);
	}

	function workState(id) {
		const w = s.workById.get(id);
		return w && clone({ ...w, productIds: productsOfWork(id).map((p) => p.id) });
	}

	function summary() {
		const count = (kind) => s.children[kind].size;
		return {
			today: today(),
			imprints: s.imprints.size,
			series: s.series.size,
			contacts: s.contacts.length,
			works: s.works.length,
			products: s.products.length,
			productsWithoutIsbn: s.products.filter((p) => !p.isbn13).length,
			contracts: s.contracts.length,
			supportingResources: count('supportingResource'),
			marketingTexts: count('marketingText'),
			webLinks: count('webLink'),
			changes: s.changeSeq,
		};
	}

	return {
		load,
		attributes,
		today,
		// lookups
		product: (id) => s.productById.get(id) ?? null,
		work: (id) => s.workById.get(id) ?? null,
		contact: (id) => s.contactById.get(id) ?? null,
		imprint: (id) => s.imprints.get(id) ?? null,
		series: (id) => s.series.get(id) ?? null,
		contractsOfWork: (workId) => s.contractsByWork.get(workId) ?? [],
		contributionsOfContact: (contactId) => s.contributionsByContact.get(contactId) ?? [],
		workOf,
		productsOfWork,
		productTitle,
		productSubtitle,
		contactName,
		contributionsOf,
		resourcesForProduct,
		marketingTextsForProduct,
		// queries
		findProducts,
		findWorks,
		findContacts,
		findContracts,
		// edits
		updateProduct,
		updateWork,
		createProduct,
		deleteProduct,
		createSupportingResource,
		deleteSupportingResource: (id, source) =>
			deleteChild('supportingResource', id, 'Supporting resource', source),
		createMarketingText,
		deleteMarketingText: (id, source) => deleteChild('marketingText', id, 'Marketing text', source),
		createWebLink,
		deleteWebLink: (id, source) => deleteChild('webLink', id, 'Web link', source),
		// views
		productState,
		workState,
		summary,
		changes: (since = 0) => s.changes.filter((c) => c.seq > since),
		snapshot: () =>
			clone({
				imprints: [...s.imprints.values()],
				series: [...s.series.values()],
				contacts: s.contacts,
				works: s.works,
				products: s.products,
				contracts: s.contracts,
			}),
	};
}

module.exports = { createStore };
