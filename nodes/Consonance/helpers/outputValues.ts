import type { IDataObject } from 'n8n-workflow';

// How Consonance's values appear in our output, for every record type.

/** ONIX codes come back as enum names with a leading underscore (`_04`); output the plain code. */
export function onixCode(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return String(value).replace(/^_/, '');
}

/** A number, or null when Consonance has none. */
export function numberOrNull(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}

/** A work's series memberships (`seriesMemberships { partNumber series { id name } }`). */
export function seriesOutput(work: IDataObject): IDataObject[] {
	return ((work.seriesMemberships as IDataObject[] | null) ?? []).map((m) => ({
		id: Number((m.series as IDataObject)?.id),
		name: (m.series as IDataObject)?.name ?? null,
		partNumber: m.partNumber ?? null,
	}));
}
