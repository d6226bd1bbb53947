import { oncePerItem } from '../../nodes/shared/items';

describe('oncePerItem (a value a keyOf and the item itself both need)', () => {
	it('reads each item once, however often it is asked for, and keeps items apart', () => {
		const reads: number[] = [];
		const valueOf = oncePerItem((itemIndex) => {
			reads.push(itemIndex);
			return { label: `product ${itemIndex}` };
		});
		expect(valueOf(0)).toEqual({ label: 'product 0' });
		expect(valueOf(1)).toEqual({ label: 'product 1' });
		expect(valueOf(0)).toBe(valueOf(0));
		expect(valueOf(1).label).toBe('product 1');
		expect(reads).toEqual([0, 1]);
	});

	it('a read that failed throws the same error again, without reading again', () => {
		let reads = 0;
		const valueOf = oncePerItem((itemIndex) => {
			reads += 1;
			if (itemIndex === 2) throw new Error('Item 2, field "Product (By ID)": not a product ID');
			return itemIndex;
		});
		let first: unknown;
		try {
			valueOf(2);
		} catch (error) {
			first = error;
		}
		expect(first).toBeInstanceOf(Error);
		expect(() => valueOf(2)).toThrow(first as Error);
		expect(valueOf(3)).toBe(3);
		expect(reads).toBe(2);
	});

	it('a value that is undefined is kept as read, not read again', () => {
		let reads = 0;
		const valueOf = oncePerItem(() => {
			reads += 1;
			return undefined;
		});
		expect(valueOf(0)).toBeUndefined();
		expect(valueOf(0)).toBeUndefined();
		expect(reads).toBe(1);
	});
});
