'use strict';
// The Consonance emulator answers queries written the way Consonance's public GraphQL guide teaches
// (GeneralProducts/consonance-graphql: examples/, legal/, people/): our own queries, with the same
// fields, filters and nesting as the guide's — contracts with dates, rights and financial terms,
// contacts with addresses, phones, notes and professional details, organisations with their
// identifiers, works with their identifiers and production runs, products filtered by work and
// price attributes. Answers are checked against the seeded catalogue, not just for shape.
const { createClock } = require('../../sandbox/lib/clock');
const { generateCatalogue, isbn13CheckDigit } = require('../../sandbox/seed/catalogue');
const { createStore } = require('../../sandbox/consonance/store');
const { createGraphqlApi } = require('../../sandbox/consonance/graphql');

let api;
let catalogue;
beforeAll(() => {
	const clock = createClock();
	const store = createStore({ clock });
	catalogue = generateCatalogue({ today: new Date(clock.now()) });
	store.load(catalogue);
	api = createGraphqlApi({ store });
});

async function ask(query, variables) {
	const { body } = await api.run({ query, variables });
	expect(body.errors).toBeUndefined();
	return body.data;
}

const printForms = new Set(['BB', 'BC']);
const productsOf = (workId) => catalogue.products.filter((p) => p.workId === workId);

describe('Consonance emulator: queries from the published guide', () => {
	it('a contract: manuscript dates, licensed rights, delivery schedule, gratis copies, financial terms', async () => {
		const contract = catalogue.contracts[2];
		const data = await ask(
			`query ContractOverview($id: Int!) {
				contract(contractSearch: { idEq: $id }) {
					id contractName description signedDate term terminatedDate terminationReason
					client { name } work { id title }
					msDeliveryDate revisedMsDeliveryDate actualMsDeliveryDate msProofsDate pubBeforeDate
					licensedRights { id rightType authorCut }
					deliveryDates { id dateDue deliverableType deliveryRequirement percentageOfTotal slippedDate }
					gratisCopies { note numberOfCopies sendOn sentOn productId }
					flatFeeValue guaranteedRoyaltyValue authorDiscount remainderRate remainderRateOverCost
				}
			}`,
			{ id: contract.id },
		);
		const c = data.contract;
		expect(c).toMatchObject({
			id: contract.id,
			contractName: contract.contractName,
			work: { id: contract.workId },
		});
		expect(c.licensedRights).toEqual(contract.licensedRights);
		expect(c.msDeliveryDate > c.signedDate.slice(0, 10)).toBe(true);
		expect(c.msProofsDate > c.msDeliveryDate).toBe(true);
		expect(c.deliveryDates.reduce((sum, d) => sum + d.percentageOfTotal, 0)).toBe(100);
		const own = productsOf(contract.workId).map((p) => p.id);
		for (const copy of c.gratisCopies) expect(own).toContain(copy.productId);
		expect(c.guaranteedRoyaltyValue).toBeGreaterThan(0);
	});

	it('contacts found by name part: addresses with their country, emails, phones, notes', async () => {
		const person = catalogue.contacts.find((x) => x.type === 'Person');
		const part = person.personName.split(' ')[0].slice(0, 3);
		const data = await ask(`{
			contacts(contactSearch: { personNameCont: "${part}" }) {
				id name keyNames gender isni
				notes { noteText }
				addresses {
					addressLine1 addressLine2 addressLine3 building careOf country { description value }
					departmentName organisationName postOfficeBox postcode subBuilding
				}
				emails { email }
				phones { phoneNumber phoneType }
			}
		}`);
		expect(data.contacts.length).toBeGreaterThan(0);
		expect(data.contacts.map((x) => x.id)).toContain(person.id);
		for (const contact of data.contacts) {
			expect(contact.name.toLowerCase()).toContain(part.toLowerCase());
			expect(contact.addresses[0]).toMatchObject({
				addressLine1: expect.any(String),
				postcode: expect.any(String),
				country: { value: expect.stringMatching(/^[A-Z]{2}$/), description: expect.any(String) },
			});
			expect(contact.phones[0].phoneNumber).toMatch(/^\+\d[\d ]+$/);
			expect(contact.notes[0].noteText).toEqual(expect.any(String));
		}
	});

	it('a person by ID: professional details and the works they contributed to', async () => {
		const person = catalogue.contacts.find(
			(x) =>
				x.type === 'Person' &&
				catalogue.works.some((w) => w.contributions.some((c) => c.contactId === x.id)),
		);
		const data = await ask(
			`query Professional($personId: Int!) {
				person(id: $personId) {
					id name biographicalNote
					professionalAffiliations { affiliation }
					qualificationsAndHonoursAfterNames
					roleFulfillments { role organization }
					contributions { workId onixContributorRole { description } }
				}
			}`,
			{ personId: person.id },
		);
		expect(data.person).toMatchObject({ id: person.id, biographicalNote: person.biographicalNote });
		expect(data.person.professionalAffiliations[0].affiliation).toEqual(expect.any(String));
		expect(data.person.roleFulfillments[0].role).toEqual(expect.any(String));
		const works = catalogue.works
			.filter((w) => w.contributions.some((c) => c.contactId === person.id))
			.map((w) => w.id);
		expect(data.person.contributions.map((c) => c.workId).sort()).toEqual(works.sort());
	});

	it('an organisation by exact name: its trade identifiers (GLN with a valid check digit)', async () => {
		const org = catalogue.contacts.find((x) => x.type === 'Organisation');
		const data = await ask(
			`query Org($name: String!) {
				organisation(organisationSearch: { nameEq: $name }) {
					id organisationName dunsNumber globalLocationNumber inhouseCustomerId inhouseSupplierId
					organisationCountry isni ringgoldId standardAddressNumber vatNumber
					addresses { organisationName country { value } }
				}
			}`,
			{ name: org.organisationName },
		);
		const o = data.organisation;
		expect(o).toMatchObject({ id: org.id, organisationName: org.organisationName });
		expect(o.globalLocationNumber).toMatch(/^\d{13}$/);
		expect(o.globalLocationNumber[12]).toBe(isbn13CheckDigit(o.globalLocationNumber.slice(0, 12)));
		expect(o.dunsNumber).toMatch(/^\d{9}$/);
		expect(o.addresses[0]).toEqual({
			organisationName: org.organisationName,
			country: { value: o.organisationCountry },
		});
		expect(
			(await ask('{ organisation(organisationSearch: { nameEq: "No Such Agency" }) { id } }'))
				.organisation,
		).toBeNull();
	});

	it('a work by ID with its reference and production runs down to bindings, covers, finishes, interiors', async () => {
		const work = catalogue.works.find(
			(w) => productsOf(w.id).some((p) => printForms.has(p.productForm)) && w.id % 3 === 0,
		);
		const data = await ask(
			`query WorkProduction($workId: Int!) {
				work(workSearch: { idEq: $workId }) {
					id inHouseWorkReference identifyingDoi title subtitle workType projectStage season
					productionRuns {
						id name deliveryDate productIds
						quantities { id quantity name description receivedQuantity productId }
						bindings {
							id widthOfBoard pageBindingMethod trimmingMethod endpapers caseSpineStyle description
							bindingInstructions productIds products { id }
						}
						covers {
							id paper coverType coverColoursOutside coverColoursOutsideDescription coverNotes
							productIds products { id }
						}
						embellishments { id name description productIds products { id } }
						finishes { id name description productIds products { id } }
						interiors { id paper textColour textColourDescription textPrintInstructions fsc productIds products { id } }
					}
				}
			}`,
			{ workId: work.id },
		);
		const w = data.work;
		expect(w.inHouseWorkReference).toBe(`W${String(work.id).padStart(5, '0')}`);
		const print = productsOf(work.id)
			.filter((p) => printForms.has(p.productForm))
			.map((p) => p.id)
			.sort();
		expect(w.productionRuns.length).toBe(2); // a first printing and, for this work, a reprint
		for (const run of w.productionRuns) {
			expect([...run.productIds].sort()).toEqual(print);
			expect(run.quantities.map((q) => q.productId).sort()).toEqual(print);
			for (const part of [...run.bindings, ...run.covers, ...run.finishes, ...run.interiors])
				expect(part.products.map((p) => p.id).sort()).toEqual(print);
		}
		const ebookOnly = catalogue.works.find((x) =>
			productsOf(x.id).every((p) => !printForms.has(p.productForm)),
		);
		if (ebookOnly)
			expect(
				(await ask(`{ work(workSearch: { idEq: ${ebookOnly.id} }) { productionRuns { id } } }`))
					.work.productionRuns,
			).toEqual([]);
	});

	it('print products of works whose title contains a word, with their form description and work', async () => {
		const work = catalogue.works.find((w) =>
			productsOf(w.id).some((p) => printForms.has(p.productForm)),
		);
		const word = work.title.split(' ').find((t) => t.length > 4) ?? work.title;
		const data = await ask(`{
			products(
				productSearch: { onix21ProductFormCodeIn: [BB, BC] }
				workSearch: { titleCont: "${word.toLowerCase()}" }
			) {
				id onix21ProductFormCode onix21ProductForm { code description } work { title }
			}
		}`);
		expect(data.products.length).toBeGreaterThan(0);
		for (const p of data.products) {
			expect(['BB', 'BC']).toContain(p.onix21ProductFormCode);
			expect(p.onix21ProductForm.description).toEqual(expect.any(String));
			expect(p.work.title.toLowerCase()).toContain(word.toLowerCase());
		}
	});

	it('works filtered by their products, listing only the matching products with prices under a limit', async () => {
		const data = await ask(`{
			works(productSearch: { onix21ProductFormCodeIn: [DG] }) {
				id title
				products(productSearch: { onix21ProductFormCodeIn: [DG] }) {
					id onix21ProductFormCode isbn { isbn13 }
					prices(priceSearch: { currencyCodeIn: ["GBP"], onixPriceTypeQualifierCodeIn: [_05] }) { amount currencyCode }
				}
			}
		}`);
		expect(data.works.length).toBeGreaterThan(0);
		for (const w of data.works) {
			expect(w.products.length).toBeGreaterThan(0);
			for (const p of w.products) {
				expect(p.onix21ProductFormCode).toBe('DG');
				for (const price of p.prices) expect(price.currencyCode).toBe('GBP');
			}
		}
	});
});
