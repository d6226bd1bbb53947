import { MAX_PAGES, MAX_RECORDS, pagingGuard } from '../../nodes/shared/paging';

const node = {
	id: 'n',
	name: 'Test',
	type: 'test',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('the paging guard', () => {
	it('lets distinct pages with distinct cursors through', () => {
		const guard = pagingGuard(node, 'Cloudinary', {
			what: 'search',
			cursorName: 'next_cursor',
			itemIndex: 3,
		});
		for (let page = 0; page < 50; page++)
			expect(() => guard.next([{ id: page }], `c${page}`)).not.toThrow();
	});

	it('stops on a page equal to the previous one, naming the item, the listing and the argument', () => {
		const guard = pagingGuard(node, 'Consonance', {
			what: 'products (keyset paging)',
			cursorName: 'after',
			itemIndex: 3,
		});
		guard.next([{ id: 1 }, { id: 2 }], 2);
		expect(() => guard.next([{ id: 1 }, { id: 2 }], 3)).toThrow(
			'Item 3: Consonance: products (keyset paging): page 2 repeats page 1 exactly, ' +
				'so the service seems to ignore "after"; stopped',
		);
	});

	it('stops on a cursor it has already sent, even many pages later', () => {
		const guard = pagingGuard(node, 'Cloudinary', {
			what: 'list of tags',
			cursorName: 'next_cursor',
		});
		guard.next(['a'], 'x');
		guard.next(['b'], 'y');
		expect(() => guard.next(['c'], 'x')).toThrow(
			/the service sent the same "next_cursor" \(x\) a second time, after page 3/,
		);
	});

	it('stops at the page and record bounds', () => {
		expect(MAX_PAGES).toBe(10000);
		expect(MAX_RECORDS).toBe(1000000);
		const byPages = pagingGuard(node, 'Cloudinary', {
			what: 'search',
			cursorName: 'next_cursor',
			maxPages: 5,
		});
		for (let page = 1; page < 5; page++) byPages.next([page], page);
		expect(() => byPages.next([5], 5)).toThrow(
			/stopped after 5 pages and 5 records, the most one listing reads \(5 pages or 1000000 records\)/,
		);
		const byRecords = pagingGuard(node, 'Cloudinary', {
			what: 'search',
			cursorName: 'next_cursor',
			maxRecords: 10,
		});
		byRecords.next(
			Array.from({ length: 6 }, (_, i) => i),
			'a',
		);
		expect(() =>
			byRecords.next(
				Array.from({ length: 6 }, (_, i) => i + 6),
				'b',
			),
		).toThrow(/stopped after 2 pages and 12 records/);
	});
});
