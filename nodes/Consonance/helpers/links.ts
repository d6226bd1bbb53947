import { sleep, type IDataObject } from 'n8n-workflow';
import { isNotFound, isTransient } from '../../shared/errors';
import { backoffMs, DEFAULT_RETRY_POLICY } from '../../shared/http';
import { decodeSegment } from '../../shared/urls';

// "Skip if already attached": what makes creating a supporting resource or a web link idempotent.
// A URL is the same source as another when the two are equal, or when both are versioned
// Cloudinary delivery URLs of the same asset version (same cloud, public ID and /v<version>/),
// whatever transformation or format each asks for.

/** Cloud, public ID (without extension) and version of a versioned Cloudinary delivery URL. */
export function cloudinaryVersion(
	url: string,
): { cloud: string; publicId: string; version: string } | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}
	const segments = parsed.pathname.split('/').filter(Boolean).map(decodeSegment);
	const at = segments.findIndex(
		(s, i) => ['image', 'video', 'raw'].includes(s) && /^[a-z_]+$/.test(segments[i + 1] ?? ''),
	);
	if (at < 0) return undefined;
	const version = segments.findIndex((s, i) => i > at + 1 && /^v\d+$/.test(s));
	if (version < 0 || version === segments.length - 1) return undefined;
	const rest = segments.slice(version + 1);
	rest[rest.length - 1] = rest[rest.length - 1].replace(/\.[a-z0-9]{2,5}$/i, '');
	const cloud = `${parsed.host}/${segments.slice(0, at).join('/')}`;
	return { cloud, publicId: rest.join('/'), version: segments[version].slice(1) };
}

export function sameSource(a: string | null | undefined, b: string | null | undefined): boolean {
	if (!a || !b) return false;
	if (a.trim() === b.trim()) return true;
	const x = cloudinaryVersion(a);
	const y = cloudinaryVersion(b);
	return (
		x !== undefined &&
		y !== undefined &&
		x.cloud === y.cloud &&
		x.publicId === y.publicId &&
		x.version === y.version
	);
}

/**
 * Creates a record once. With `skip`, an existing record with the same source is returned with
 * `skipped: true` instead; and because that check makes the create idempotent, a create that fails
 * on a transient error (timeout, 429, 5xx) is retried with backoff after checking again, so a
 * create that did land before its answer was lost is found, not repeated.
 *
 * The check is a read before the create, so two runs handling the same event at the same moment can
 * both pass it and both create. With `remove`, the records of that source are read again after the
 * create and all but the newest (highest ID) are removed. Every racing run does the same, and none
 * can remove the newest (no run sees a newer one), so they all end on that one record; it is the
 * newest that keeps any side effect of the create (e.g. "unlink previous" unlinked the others).
 */
export async function createOnce(
	find: () => Promise<IDataObject[]>,
	create: () => Promise<IDataObject>,
	skip: boolean,
	remove?: (record: IDataObject) => Promise<void>,
): Promise<{ record: IDataObject; skipped: boolean }> {
	if (!skip) return { record: await create(), skipped: false };
	for (let attempt = 1; ; attempt++) {
		const existing = await find();
		if (existing.length) return { record: existing[0], skipped: attempt === 1 };
		const outcome = await create().then(
			(record) => ({ record, error: undefined }),
			(error: unknown) => ({ record: undefined, error }),
		);
		if (outcome.record)
			return {
				record: remove ? await keepNewest(outcome.record, await find(), remove) : outcome.record,
				skipped: false,
			};
		if (!isTransient(outcome.error) || attempt >= DEFAULT_RETRY_POLICY.maxAttempts)
			throw outcome.error;
		await sleep(backoffMs(attempt, DEFAULT_RETRY_POLICY));
	}
}

/** Removes every record of `same` but the newest; a record another run removed first is fine. */
async function keepNewest(
	created: IDataObject,
	same: IDataObject[],
	remove: (record: IDataObject) => Promise<void>,
): Promise<IDataObject> {
	const all = same.some((r) => Number(r.id) === Number(created.id)) ? same : [...same, created];
	const newest = all.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
	for (const record of all) {
		if (record === newest) continue;
		await remove(record).catch((error: unknown) => {
			if (!isNotFound(error)) throw error;
		});
	}
	return newest;
}
