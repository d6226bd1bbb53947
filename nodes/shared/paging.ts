import { createHash } from 'node:crypto';
import type { INode } from 'n8n-workflow';
import { serviceError } from './errors';

// The one guard of every paging loop (Cloudinary search and Admin lists, Consonance keyset pages and
// the REST product feed): a loop asks it before requesting the next page, and it stops the loop with
// a clear error when the service repeats a cursor, repeats the previous page (a service that ignores
// `next_cursor`, `after` or `page` does that), or the listing passes its upper bound. Without it, such
// a service would make the loop run until memory runs out. See docs/network.md.

/** Upper bound of one listing: pages requested. */
export const MAX_PAGES = 10000;
/** Upper bound of one listing: records read. */
export const MAX_RECORDS = 1000000;

export interface PagingGuard {
	/**
	 * Called after each page when another is about to be requested, with that page's records and
	 * the cursor (`next_cursor`, `after` id or page number) the next request will send.
	 */
	next(records: readonly unknown[], cursor: string | number): void;
}

function fingerprint(records: readonly unknown[]): string {
	return createHash('sha256').update(JSON.stringify(records)).digest('base64');
}

/**
 * A guard for one listing. `what` names it in the error (`Cloudinary search`, `products (keyset
 * paging)`), `cursorName` names the argument that was not honoured (`next_cursor`, `after`, `page`).
 */
export function pagingGuard(
	node: INode,
	service: string,
	options: {
		what: string;
		cursorName: string;
		itemIndex?: number;
		maxPages?: number;
		maxRecords?: number;
	},
): PagingGuard {
	const maxPages = options.maxPages ?? MAX_PAGES;
	const maxRecords = options.maxRecords ?? MAX_RECORDS;
	const cursors = new Set<string>();
	let previous: string | undefined;
	let pages = 0;
	let records = 0;
	const fail = (message: string, description: string) =>
		serviceError(node, service, {
			message: `${options.what}: ${message}`,
			description,
			itemIndex: options.itemIndex,
		});
	return {
		next(page, cursor) {
			pages += 1;
			records += page.length;
			const print = page.length > 0 ? fingerprint(page) : undefined;
			if (print !== undefined && print === previous) {
				throw fail(
					`page ${pages} repeats page ${pages - 1} exactly, ` +
						`so the service seems to ignore "${options.cursorName}"; stopped`,
					'Paging stopped instead of reading the same page forever. Run the node again later; if it persists, ' +
						'the service is not honouring the paging argument.',
				);
			}
			previous = print;
			const key = `${typeof cursor}:${cursor}`;
			if (cursors.has(key)) {
				throw fail(
					`the service sent the same "${options.cursorName}" (${String(cursor).slice(0, 60)}) ` +
						`a second time, after page ${pages}; stopped`,
					'Paging stopped instead of going round in circles. Run the node again later.',
				);
			}
			cursors.add(key);
			if (pages >= maxPages || records >= maxRecords) {
				throw fail(
					`stopped after ${pages} pages and ${records} records, ` +
						`the most one listing reads (${maxPages} pages or ${maxRecords} records)`,
					'Narrow the listing (a filter, a folder, a date range) or set a Limit.',
				);
			}
		},
	};
}
