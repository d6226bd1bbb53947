// Builds a Cloudinary search expression (docs/api-facts.md, "Search expressions") from simple conditions, quoting
// values so that spaces and reserved characters cannot change the query. Conditions are joined with AND.

export interface SearchCondition {
	field: string;
	value: string;
	key?: string;
}

export const SEARCH_FIELDS: Array<{ name: string; value: string; hint: string }> = [
	{ name: 'Tag', value: 'tag', hint: 'a tag, e.g. cover' },
	{ name: 'Folder (Public ID Path)', value: 'folder', hint: 'a folder path, e.g. covers' },
	{ name: 'Asset Folder', value: 'assetFolder', hint: 'a folder path, e.g. covers/north-quay' },
	{
		name: 'Public ID Starts With',
		value: 'publicIdPrefix',
		hint: 'the start of public IDs, e.g. covers/978181',
	},
	{ name: 'Format', value: 'format', hint: 'jpg, png, pdf, mp4, …' },
	{ name: 'Resource Type', value: 'resourceType', hint: 'image, video or raw' },
	{
		name: 'Created After',
		value: 'createdAfter',
		hint: 'a date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z',
	},
	{ name: 'Created Before', value: 'createdBefore', hint: 'a date, e.g. 2026-01-31' },
	{
		name: 'Metadata Field Equals',
		value: 'metadata',
		hint: 'a structured metadata external ID (Key) and a value',
	},
	{ name: 'Context Key Equals', value: 'context', hint: 'a context key (Key) and a value' },
	{ name: 'Minimum Width (Px)', value: 'minWidth', hint: 'a whole number of pixels' },
	{ name: 'Minimum Height (Px)', value: 'minHeight', hint: 'a whole number of pixels' },
];

export class SearchConditionError extends Error {
	constructor(
		readonly index: number,
		message: string,
		readonly valid: string,
	) {
		super(message);
	}
}

/** A value as one quoted term. */
export function quoteTerm(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A prefix term: reserved characters escaped with a backslash, then the wildcard. */
function prefixTerm(value: string): string {
	return `${value.replace(/([\s()[\]{}":=<>\\*!+\-&|^~?])/g, '\\$1')}*`;
}

function isoDate(value: string): string | undefined {
	const s = value.trim();
	if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return undefined;
	const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
	return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const KEY = /^[A-Za-z0-9_\-.]+$/;

export function buildSearchExpression(conditions: SearchCondition[]): string {
	return conditions
		.map((c, index) => {
			const value = String(c.value ?? '').trim();
			const key = String(c.key ?? '').trim();
			const hint = SEARCH_FIELDS.find((f) => f.value === c.field)?.hint ?? '';
			if (!value) throw new SearchConditionError(index, 'the value is empty', hint);
			switch (c.field) {
				case 'tag':
					return `tags=${quoteTerm(value)}`;
				case 'folder':
					return `folder=${quoteTerm(value.replace(/^\/+|\/+$/g, ''))}`;
				case 'assetFolder':
					return `asset_folder=${quoteTerm(value.replace(/^\/+|\/+$/g, ''))}`;
				case 'publicIdPrefix':
					return `public_id:${prefixTerm(value)}`;
				case 'format':
					if (!/^[a-z0-9]{2,5}$/i.test(value))
						throw new SearchConditionError(index, `"${value}" is not a format`, hint);
					return `format=${value.toLowerCase()}`;
				case 'resourceType':
					if (!['image', 'video', 'raw'].includes(value))
						throw new SearchConditionError(index, `"${value}" is not a resource type`, hint);
					return `resource_type=${value}`;
				case 'createdAfter':
				case 'createdBefore': {
					const at = isoDate(value);
					if (!at) throw new SearchConditionError(index, `"${value}" is not a date`, hint);
					return `created_at${c.field === 'createdAfter' ? '>' : '<'}${quoteTerm(at)}`;
				}
				case 'metadata':
				case 'context':
					if (!KEY.test(key))
						throw new SearchConditionError(
							index,
							key ? `the key "${key}" has characters a search cannot take` : 'the key is empty',
							hint,
						);
					return `${c.field}.${key}=${quoteTerm(value)}`;
				case 'minWidth':
				case 'minHeight':
					if (!/^\d+$/.test(value))
						throw new SearchConditionError(index, `"${value}" is not a whole number`, hint);
					return `${c.field === 'minWidth' ? 'width' : 'height'}>=${value}`;
				default:
					throw new SearchConditionError(
						index,
						`"${c.field}" is not a search field`,
						SEARCH_FIELDS.map((f) => f.name).join(', '),
					);
			}
		})
		.join(' AND ');
}
