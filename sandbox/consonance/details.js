'use strict';
// The parts of Consonance's published GraphQL guide beyond what the nodes use — work identifiers and
// production runs, contract dates / delivery dates / gratis copies / financial terms, contact
// addresses / phones / notes / professional details, organisation identifiers — derived from the
// seeded records deterministically (the same record always shows the same details), so that queries
// written from the guide's examples answer with believable data.
const { isbn13CheckDigit } = require('../seed/catalogue');

const DAY = 86400000;
const pick = (list, n) => list[Math.abs(n) % list.length];
const addDays = (isoDay, days) =>
	isoDay
		? new Date(Date.parse(`${isoDay.slice(0, 10)}T00:00:00Z`) + days * DAY)
				.toISOString()
				.slice(0, 10)
		: null;

const STREETS = [
	'Harbour Lane',
	'Kestrel Road',
	'Chapel Street',
	'Mill Row',
	'Quay Parade',
	'Orchard Close',
];
const TOWNS = [
	['Falmouth', 'TR11 3AB', 'GB', 'United Kingdom'],
	['Bristol', 'BS1 4DJ', 'GB', 'United Kingdom'],
	['Dublin', 'D02 X285', 'IE', 'Ireland'],
	['Edinburgh', 'EH1 1YZ', 'GB', 'United Kingdom'],
	['Brooklyn, NY', '11201', 'US', 'United States'],
];
const AFFILIATIONS = [
	'Society of Authors',
	'Royal Society of Literature',
	'PEN International',
	'Association of Illustrators',
];
const HONOURS = [null, 'FRSL', 'OBE', 'PhD', null, 'MA'];

/** Work-level identifiers the guide shows (`inHouseWorkReference`, `identifyingDoi`). */
function workIdentifiers(work) {
	return {
		inHouseWorkReference: `W${String(work.id).padStart(5, '0')}`,
		identifyingDoi: `10.55555/sandbox.${work.id}`,
	};
}

/** The work's production runs: a first printing for its print products, a reprint for every third work. */
function productionRuns(work, printProducts) {
	if (printProducts.length === 0) return [];
	const productIds = printProducts.map((p) => p.id);
	const runs = [];
	const count = work.id % 3 === 0 ? 2 : 1;
	for (let r = 0; r < count; r++) {
		const id = work.id * 10 + r + 1;
		const due = addDays(printProducts[0].publicationDate, r === 0 ? -42 : 120);
		const size = r === 0 ? 3000 : 1500;
		runs.push({
			id,
			name: r === 0 ? 'First printing' : 'Reprint 1',
			deliveryDate: due,
			productIds,
			quantities: printProducts.map((p, i) => ({
				id: id * 100 + i,
				quantity: size,
				name: 'Print run',
				description: `${size} copies`,
				receivedQuantity: r === 0 ? size - (work.id % 7) : 0,
				productId: p.id,
			})),
			bindings: [
				{
					id: id * 100 + 10,
					widthOfBoard: printProducts.some((p) => p.productForm === 'BB') ? 2.5 : null,
					pageBindingMethod: pick(['Perfect bound', 'Section sewn', 'PUR bound'], work.id),
					trimmingMethod: 'Trimmed flush',
					endpapers: printProducts.some((p) => p.productForm === 'BB')
						? 'Printed 4/0 on 140gsm'
						: null,
					caseSpineStyle: printProducts.some((p) => p.productForm === 'BB') ? 'Square' : null,
					description: 'Standard binding',
					bindingInstructions: 'Grain long; glue to spine only',
					productIds,
				},
			],
			covers: [
				{
					id: id * 100 + 20,
					paper: '300gsm one-sided board',
					coverType: pick(['Paperback cover', 'Jacket', 'Printed case'], work.id),
					coverColoursOutside: 4,
					coverColoursOutsideDescription: 'CMYK',
					coverNotes: 'Matt laminate',
					productIds,
				},
			],
			embellishments:
				work.id % 2 === 0
					? [
							{
								id: id * 100 + 30,
								name: 'Spot UV',
								description: 'Spot UV on title and author name',
								productIds,
							},
						]
					: [],
			finishes: [
				{
					id: id * 100 + 40,
					name: 'Matt laminate',
					description: 'Soft-touch matt lamination',
					productIds,
				},
			],
			interiors: [
				{
					id: id * 100 + 50,
					paper: pick(['70gsm Munken Premium Cream', '80gsm Holmen Book', '90gsm silk'], work.id),
					textColour: 1,
					textColourDescription: 'Black',
					textPrintInstructions: 'Print to bleed on plate pages',
					fsc: true,
					productIds,
				},
			],
		});
	}
	return runs;
}

/** Contract dates, delivery schedule, gratis copies and financial terms (legal examples of the guide). */
function contractDetails(contract, productIds) {
	const signed = contract.signedDate?.slice(0, 10) ?? null;
	const ms = addDays(signed, 270);
	return {
		msDeliveryDate: ms,
		revisedMsDeliveryDate: contract.id % 4 === 0 ? addDays(ms, 45) : null,
		actualMsDeliveryDate:
			contract.id % 2 === 0 ? addDays(ms, contract.id % 4 === 0 ? 40 : -3) : null,
		msProofsDate: addDays(ms, 90),
		pubBeforeDate: addDays(signed, 730),
		terminationReason: contract.terminatedDate ? 'Rights reverted at the author’s request' : null,
		deliveryDates: [
			{
				id: contract.id * 10 + 1,
				dateDue: signed,
				deliverableType: 'Advance',
				deliveryRequirement: 'On signature',
				percentageOfTotal: 50,
				slippedDate: null,
			},
			{
				id: contract.id * 10 + 2,
				dateDue: ms,
				deliverableType: 'Advance',
				deliveryRequirement: 'On delivery and acceptance of the manuscript',
				percentageOfTotal: 50,
				slippedDate: contract.id % 4 === 0 ? addDays(ms, 45) : null,
			},
		],
		gratisCopies: productIds.slice(0, 2).map((productId, i) => ({
			id: contract.id * 10 + 5 + i,
			note: i === 0 ? 'Author copies' : 'Agent copy',
			numberOfCopies: i === 0 ? 12 : 1,
			sendOn: addDays(signed, 700),
			sentOn: null,
			productId,
		})),
		flatFeeValue: null,
		guaranteedRoyaltyValue: 2000 + (contract.id % 5) * 1500,
		authorDiscount: 35,
		remainderRate: 5,
		remainderRateOverCost: 10,
	};
}

/** Address, phone and notes of a contact, and a person's professional details or an organisation's identifiers. */
function contactDetails(contact) {
	const [town, postcode, code, country] = pick(TOWNS, contact.id);
	const isOrganisation = contact.type === 'Organisation';
	const base = {
		gender: isOrganisation
			? null
			: pick(['Female', 'Male', 'Non-binary', 'Female', 'Male'], contact.id),
		genderClarification: null,
		inhouseCustomerId: isOrganisation ? `CUST-${contact.id}` : null,
		inhouseSupplierId: `SUP-${contact.id}`,
		notes: [
			{
				id: contact.id * 10 + 1,
				noteText: isOrganisation
					? 'Send royalty statements by email.'
					: 'Prefers contact by email; available for events in spring.',
			},
		],
		addresses: [
			{
				id: contact.id * 10 + 2,
				addressLine1: `${(contact.id % 90) + 1} ${pick(STREETS, contact.id)}`,
				addressLine2: null,
				addressLine3: town,
				building: isOrganisation
					? `${pick(['Tidewater', 'Foundry', 'Granary'], contact.id)} House`
					: null,
				careOf: isOrganisation
					? null
					: contact.id % 4 === 0
						? 'Marlow & Finch Literary Agency'
						: null,
				country: { value: code, description: country },
				departmentName: isOrganisation ? 'Contracts and rights' : null,
				organisationName: isOrganisation ? contact.organisationName : null,
				postOfficeBox: null,
				postcode,
				subBuilding: null,
			},
		],
		phones: [
			{
				id: contact.id * 10 + 3,
				phoneNumber: `+44 20 7946 0${String(contact.id % 1000).padStart(3, '0')}`,
				phoneType: isOrganisation ? 'Office' : 'Mobile',
			},
		],
	};
	if (isOrganisation) {
		const gln = `50${String(contact.id).padStart(10, '0')}`;
		const padded = String(contact.id).padStart(6, '0');
		return {
			...base,
			dunsNumber: String(210000000 + contact.id),
			globalLocationNumber: gln + isbn13CheckDigit(gln),
			organisationCountry: code,
			ringgoldId: String(400000 + contact.id),
			standardAddressNumber: `${padded.slice(0, 3)}-${padded.slice(3)}X`,
			vatNumber: `GB${String(100000000 + contact.id * 37).slice(0, 9)}`,
		};
	}
	return {
		...base,
		professionalAffiliations: [
			{ id: contact.id * 10 + 4, affiliation: pick(AFFILIATIONS, contact.id) },
		],
		qualificationsAndHonoursAfterNames: pick(HONOURS, contact.id),
		roleFulfillments: [
			{
				id: contact.id * 10 + 5,
				role: pick(['Author', 'Translator', 'Illustrator', 'Editor'], contact.id),
				organization: contact.id % 3 === 0 ? 'University of Exeter' : null,
			},
		],
	};
}

module.exports = { workIdentifiers, productionRuns, contractDetails, contactDetails };
