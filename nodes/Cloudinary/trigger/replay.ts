import type { IDataObject } from 'n8n-workflow';

// Replay memory of the Cloudinary Trigger (docs/cloudinary-trigger.md, "Replays"): the ids of the
// notifications already accepted (derived from the signature, which covers body, timestamp and API
// secret), each with the Unix time it was accepted, kept in the workflow's static data so that n8n
// saves it with the workflow and it survives restarts. Entries older than the maximum notification
// age are dropped (a replay that old is refused as stale anyway), and at most
// MAX_REMEMBERED_NOTIFICATIONS are kept, the oldest going first.

export const MAX_REMEMBERED_NOTIFICATIONS = 10_000;

const MEMORY_KEY = 'acceptedNotifications';

type Memory = Record<string, number>;

function memoryOf(nodeStaticData: IDataObject): Memory {
	const stored = nodeStaticData[MEMORY_KEY];
	return typeof stored === 'object' && stored !== null && !Array.isArray(stored)
		? (stored as Memory)
		: {};
}

/** Whether a notification with this id was already accepted (and is still remembered). */
export function wasAccepted(nodeStaticData: IDataObject, id: string): boolean {
	return Object.prototype.hasOwnProperty.call(memoryOf(nodeStaticData), id);
}

/**
 * Remembers an accepted notification and forgets those older than `oldestTimestamp`. The memory is
 * written as one new object, so n8n sees the node's static data as changed and saves it.
 */
export function rememberAccepted(
	nodeStaticData: IDataObject,
	id: string,
	timestamp: number,
	oldestTimestamp: number,
	limit = MAX_REMEMBERED_NOTIFICATIONS,
): void {
	let kept = Object.entries(memoryOf(nodeStaticData)).filter(
		([, seen]) => typeof seen === 'number' && seen >= oldestTimestamp,
	);
	if (kept.length >= limit) kept = kept.sort((a, b) => a[1] - b[1]).slice(kept.length - limit + 1);
	nodeStaticData[MEMORY_KEY] = { ...Object.fromEntries(kept), [id]: timestamp };
}
