// Replay memory of the Cloudinary Trigger: bounded (entry count and age), and a replay is found only
// for a signature that was remembered.
import type { IDataObject } from 'n8n-workflow';
import { rememberAccepted, wasAccepted } from '../../nodes/Cloudinary/trigger/replay';

const memory = (data: IDataObject) => data.acceptedNotifications as Record<string, number>;

describe('Cloudinary notification replay memory', () => {
	it('finds a remembered signature and nothing else', () => {
		const data: IDataObject = {};
		expect(wasAccepted(data, 'a'.repeat(40))).toBe(false);
		rememberAccepted(data, 'a'.repeat(40), 1000, 0);
		expect(wasAccepted(data, 'a'.repeat(40))).toBe(true);
		expect(wasAccepted(data, 'b'.repeat(40))).toBe(false);
		expect(wasAccepted(data, 'constructor')).toBe(false);
		expect(wasAccepted(data, '__proto__')).toBe(false);
	});

	it('forgets notifications older than the maximum age (they are refused as stale anyway)', () => {
		const data: IDataObject = {};
		rememberAccepted(data, 'old', 1000, 0);
		rememberAccepted(data, 'edge', 2000, 0);
		rememberAccepted(data, 'new', 3000, 2000);
		expect(memory(data)).toEqual({ edge: 2000, new: 3000 });
	});

	it('keeps at most the limit, dropping the oldest first', () => {
		const data: IDataObject = {};
		for (let i = 0; i < 25; i++) rememberAccepted(data, `s${i}`, 5000 - i, 0, 10);
		expect(Object.keys(memory(data))).toHaveLength(10);
		// The 10 newest timestamps are s0..s8 (5000..4992) and the last one remembered (s24).
		expect(Object.keys(memory(data)).sort()).toEqual(
			['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's24'].sort(),
		);
	});

	it('ignores a stored value that is not a memory (older versions, hand edits)', () => {
		const data: IDataObject = { acceptedNotifications: ['x'] as unknown as IDataObject };
		expect(wasAccepted(data, 'x')).toBe(false);
		rememberAccepted(data, 'y', 1, 0);
		expect(memory(data)).toEqual({ y: 1 });
	});
});
