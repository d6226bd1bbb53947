import type { INodePropertyOptions } from 'n8n-workflow';
import { ONIX_ENUM_PREFIX } from './assumptions';

// Published code lists (ONIX), not guesses. The enum spelling is an assumption (assumptions.ts).

/** ONIX list 64, publishing status. */
export const PUBLISHING_STATUSES: Record<string, string> = {
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
	'10': 'Remaindered',
	'11': 'Withdrawn from sale',
	'13': 'Active, but not sold separately',
	'15': 'Recalled',
	'16': 'Temporarily withdrawn from sale',
	'17': 'Permanently withdrawn from sale',
};

/** ONIX 2.1 list 7, product form (the forms a book publisher uses). */
export const PRODUCT_FORMS: Record<string, string> = {
	AA: 'Audio',
	AB: 'Audio cassette',
	AC: 'CD-Audio',
	AE: 'Audio disc',
	AJ: 'Downloadable audio file',
	AZ: 'Other audio format',
	BA: 'Book',
	BB: 'Hardback',
	BC: 'Paperback / softback',
	BD: 'Loose-leaf',
	BE: 'Spiral bound',
	BF: 'Pamphlet',
	BG: 'Leather / fine binding',
	BH: 'Board book',
	BK: 'Novelty book',
	BZ: 'Other book format',
	DA: 'Digital',
	DG: 'Electronic book text',
	DH: 'Online resource',
	DZ: 'Other digital format',
	ZA: 'General merchandise',
	ZZ: 'Other merchandise',
};

const asOptions = (list: Record<string, string>): INodePropertyOptions[] =>
	Object.entries(list).map(([code, name]) => ({ name: `${name} (${code})`, value: code }));

export const PUBLISHING_STATUS_OPTIONS = asOptions(PUBLISHING_STATUSES);
export const PRODUCT_FORM_OPTIONS = asOptions(PRODUCT_FORMS);

/** A plain ONIX code as the API's enum value (`04` → `_04`). */
export function toOnixEnum(code: string): string {
	return `${ONIX_ENUM_PREFIX}${code}`;
}
