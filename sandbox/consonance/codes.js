'use strict';
// Code lists the Consonance emulator serves: ONIX 2.1 product forms (list 7), ONIX publishing
// status (list 64), contributor roles (list 17), price types (list 58) and qualifiers (list 59),
// the product typenames of the GraphQL Product interface, and ISO 3166-1 country codes.
// These are published standards, not guesses; the guesses live in assumptions.js.

/** ONIX 2.1 list 7 (product form), with the GraphQL Product typename each form is served as. */
const PRODUCT_FORMS = {
	AA: ['Audio', 'PhysicalAudioProduct'],
	AB: ['Audio cassette', 'PhysicalAudioProduct'],
	AC: ['CD-Audio', 'PhysicalAudioProduct'],
	AD: ['DAT', 'PhysicalAudioProduct'],
	AE: ['Audio disc', 'PhysicalAudioProduct'],
	AF: ['Audio tape', 'PhysicalAudioProduct'],
	AG: ['MiniDisc', 'PhysicalAudioProduct'],
	AH: ['CD-Extra', 'PhysicalAudioProduct'],
	AI: ['DVD Audio', 'PhysicalAudioProduct'],
	AJ: ['Downloadable audio file', 'ElectronicAudioProduct'],
	AK: ['Pre-recorded digital audio player', 'PhysicalAudioProduct'],
	AL: ['Pre-recorded SD card', 'PhysicalAudioProduct'],
	AZ: ['Other audio format', 'PhysicalAudioProduct'],
	BA: ['Book', 'PhysicalBookProduct'],
	BB: ['Hardback', 'PhysicalBookProduct'],
	BC: ['Paperback / softback', 'PhysicalBookProduct'],
	BD: ['Loose-leaf', 'PhysicalBookProduct'],
	BE: ['Spiral bound', 'PhysicalBookProduct'],
	BF: ['Pamphlet', 'PhysicalBookProduct'],
	BG: ['Leather / fine binding', 'PhysicalBookProduct'],
	BH: ['Board book', 'PhysicalBookProduct'],
	BI: ['Rag book', 'PhysicalBookProduct'],
	BJ: ['Bath book', 'PhysicalBookProduct'],
	BK: ['Novelty book', 'PhysicalBookProduct'],
	BL: ['Slide bound', 'PhysicalBookProduct'],
	BM: ['Big book', 'PhysicalBookProduct'],
	BN: ['Part-work (fascículo)', 'PhysicalBookProduct'],
	BO: ['Fold-out book or chart', 'PhysicalBookProduct'],
	BP: ['Foam book', 'PhysicalBookProduct'],
	BZ: ['Other book format', 'PhysicalBookProduct'],
	DA: ['Digital', 'ElectronicProduct'],
	DB: ['CD-ROM', 'PhysicalProduct'],
	DC: ['CD-I', 'PhysicalProduct'],
	DE: ['Game cartridge', 'PhysicalProduct'],
	DF: ['Diskette', 'PhysicalProduct'],
	DG: ['Electronic book text', 'ElectronicBookProduct'],
	DH: ['Online resource', 'ElectronicProduct'],
	DI: ['DVD-ROM', 'PhysicalProduct'],
	DJ: ['Secure Digital (SD) Memory Card', 'PhysicalProduct'],
	DK: ['Compact Flash Memory Card', 'PhysicalProduct'],
	DL: ['Memory Stick Memory Card', 'PhysicalProduct'],
	DM: ['USB Flash Drive', 'PhysicalProduct'],
	DN: ['Double-sided CD/DVD', 'PhysicalProduct'],
	DZ: ['Other digital format', 'ElectronicProduct'],
	ZA: ['General merchandise', 'GenericProduct'],
	ZZ: ['Other merchandise', 'GenericProduct'],
};

const PRODUCT_TYPENAMES = [
	'PhysicalBookProduct',
	'PhysicalAudioProduct',
	'PhysicalProduct',
	'ElectronicBookProduct',
	'ElectronicAudioProduct',
	'ElectronicProduct',
	'GenericProduct',
];

/** ONIX list 64 (publishing status). */
const PUBLISHING_STATUSES = {
	'00': 'Unspecified',
	'01': 'Cancelled',
	'02': 'Forthcoming',
	'03': 'Postponed indefinitely',
	'04': 'Active',
	'05': 'No longer our product',
	'06': 'Out of stock indefinitely',
	'07': 'Out of print',
	'08': 'Inactive',
	'09': 'Unknown',
	10: 'Remaindered',
	11: 'Withdrawn from sale',
	13: 'Active, but not sold separately',
	15: 'Recalled',
	16: 'Temporarily withdrawn from sale',
	17: 'Permanently withdrawn from sale',
};

/** ONIX list 17 (contributor role), the roles a trade publisher uses. */
const CONTRIBUTOR_ROLES = {
	A01: 'By (author)',
	A02: 'With',
	A09: 'Created by',
	A12: 'Illustrated by',
	A13: 'Photographs by',
	A15: 'Preface by',
	A19: 'Afterword by',
	A23: 'Foreword by',
	A24: 'Introduction by',
	B01: 'Edited by',
	B06: 'Translated by',
	E07: 'Read by',
};

/** ONIX list 58 (price type). */
const PRICE_TYPES = {
	'01': 'RRP excluding tax',
	'02': 'RRP including tax',
	'03': 'Fixed retail price excluding tax',
	'04': 'Fixed retail price including tax',
	'05': 'Supplier’s net price excluding tax',
	'06': 'Supplier’s net price excluding tax: rental goods',
	'07': 'Supplier’s net price including tax',
	'08': 'Supplier’s alternative net price excluding tax',
	'09': 'Supplier’s alternative net price including tax',
	11: 'Special sale RRP excluding tax',
	12: 'Special sale RRP including tax',
	13: 'Special sale fixed retail price excluding tax',
	14: 'Special sale fixed retail price including tax',
	15: 'Supplier’s net price for special sale excluding tax',
	17: 'Supplier’s net price for special sale including tax',
	21: 'Pre-publication RRP excluding tax',
	22: 'Pre-publication RRP including tax',
	23: 'Pre-publication fixed retail price excluding tax',
	24: 'Pre-publication fixed retail price including tax',
	25: 'Supplier’s pre-publication net price excluding tax',
	27: 'Supplier’s pre-publication net price including tax',
	31: 'Freight-pass-through RRP excluding tax',
	32: 'Freight-pass-through billing price excluding tax',
	41: 'Publishers retail price excluding tax',
	42: 'Publishers retail price including tax',
};

/** ONIX list 59 (price type qualifier). */
const PRICE_QUALIFIERS = {
	'00': 'Unqualified price',
	'01': 'Member/subscriber price',
	'02': 'Export price',
	'03': 'Reduced price applicable when the item is purchased as part of a set',
	'04': 'Voucher price',
	'05': 'Consumer price',
	'06': 'Corporate price',
	'07': 'Reseller price',
	'08': 'Institution price',
	'09': 'Proforma invoice price',
	10: 'Library price',
	11: 'Education price',
	12: 'Employee price',
	13: 'Financial aid price',
	14: 'Special sale',
	15: 'Home education price',
};

/** ISO 3166-1 alpha-2 country codes (for REST `rights_not_available_countries`). */
const COUNTRY_CODES =
	`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
	BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ
	FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT
	JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
	MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE
	RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
	TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`
		.split(/\s+/)
		.filter(Boolean);

/** `{ code, description }` for a code of one of the lists above, or null. */
function onixCode(list, code) {
	if (code === null || code === undefined) return null;
	const entry = list[code];
	const description = Array.isArray(entry) ? entry[0] : entry;
	return { code, description: description ?? 'Unknown code', notes: null, isDeprecated: false };
}

module.exports = {
	PRODUCT_FORMS,
	PRODUCT_TYPENAMES,
	PUBLISHING_STATUSES,
	CONTRIBUTOR_ROLES,
	PRICE_TYPES,
	PRICE_QUALIFIERS,
	COUNTRY_CODES,
	onixCode,
	typenameForForm: (form) => PRODUCT_FORMS[form]?.[1] ?? 'GenericProduct',
};
