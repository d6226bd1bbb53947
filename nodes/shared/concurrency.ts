import {
	sleep,
	type IAllExecuteFunctions,
	type IDataObject,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from './errors';

// Bounded concurrency for per-item calls that cannot be batched (see docs/concurrency.md):
// - runBounded: at most N tasks in flight, tasks sharing a key one after another in input order;
// - Pacer: one per execution, so that a 420/429 with a reset time holds back every worker, not
//   only the one that got it (shared/http.ts sendRequest waits on it before each attempt);
// - Quota: one per execution and quota (Cloudinary's Admin API), never more calls in flight than
//   the remaining quota the service last reported, and one probe call while it has reported none.

export const PARALLEL_REQUESTS_DEFAULT = 8;
export const PARALLEL_REQUESTS_MAX = 16;
const PARALLEL_REQUESTS_LABEL = 'Parallel Requests';

/** The "Parallel Requests" option, for an operation's Options collection. */
export const parallelRequestsOption: INodeProperties = {
	displayName: PARALLEL_REQUESTS_LABEL,
	name: 'parallelRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: PARALLEL_REQUESTS_MAX, numberPrecision: 0 },
	default: PARALLEL_REQUESTS_DEFAULT,
	description:
		'How many items are sent at once (1 = one after another). Items that name the same record ' +
		'still run in input order; a rate limit holds back all of them.',
};

/**
 * The Parallel Requests option, checked at run time (an expression is not held to the UI's range).
 * It applies to the whole run, so it is read from the first item.
 */
export function readParallelRequests(
	this: IAllExecuteFunctions & {
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown;
	},
	collection = 'options',
	label = 'Options',
): number {
	const options = (this.getNodeParameter(collection, 0, {}) ?? {}) as IDataObject;
	const raw = options.parallelRequests;
	if (raw === undefined || raw === null || raw === '') return PARALLEL_REQUESTS_DEFAULT;
	const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
	if (!Number.isInteger(n) || n < 1 || n > PARALLEL_REQUESTS_MAX)
		throw invalidFieldError(
			this.getNode(),
			0,
			`${label} › ${PARALLEL_REQUESTS_LABEL}`,
			`${JSON.stringify(raw)} is not a number of parallel requests`,
			`a whole number from 1 to ${PARALLEL_REQUESTS_MAX} (read from the first item; it applies to all)`,
		);
	return n;
}

/** The execution's cancel signal, where the n8n version has one. */
export function cancelSignal(context: IAllExecuteFunctions): AbortSignal | undefined {
	const getter = (context as { getExecutionCancelSignal?: () => AbortSignal | undefined })
		.getExecutionCancelSignal;
	return typeof getter === 'function' ? getter.call(context) : undefined;
}

/** Waits `ms`, or less if the signal aborts first (checked every 100 ms). */
export async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	const until = Date.now() + ms;
	while (!signal?.aborted) {
		const left = until - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(100, left));
	}
}

export class CancelledError extends Error {
	constructor() {
		super('the execution was cancelled');
	}
}

export interface BoundedOptions {
	concurrency: number;
	signal?: AbortSignal;
	/** Tasks with the same key run one after another, in index order (e.g. two changes of one record). */
	keyOf?: (index: number) => string | undefined;
	/** After a task fails, start no further task (the ones in flight finish). */
	stopOnFailure?: boolean;
}

export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown }
	| { index: number; status: 'skipped' };

/**
 * Runs `task(0 … count-1)` with at most `concurrency` in flight and returns every outcome in index
 * order. Tasks not started because the execution was cancelled, or (with stopOnFailure) because
 * one failed, are 'skipped'.
 */
export async function runBounded<T>(
	count: number,
	task: (index: number) => Promise<T>,
	options: BoundedOptions,
): Promise<Array<Settled<T>>> {
	const results: Array<Settled<T>> = Array.from({ length: count }, (_, index) => ({
		index,
		status: 'skipped' as const,
	}));
	const tails = new Map<string, Promise<unknown>>();
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < count) {
			if (options.signal?.aborted || (failed && options.stopOnFailure)) return;
			const index = next++;
			let key: string | undefined;
			try {
				key = options.keyOf?.(index);
			} catch {
				key = undefined; // the task itself raises the same error for its item
			}
			const before = key === undefined ? undefined : tails.get(key);
			const run = (async () => {
				if (before) await before.catch(() => undefined);
				return task(index);
			})();
			if (key !== undefined) tails.set(key, run);
			try {
				results[index] = { index, status: 'fulfilled', value: await run };
			} catch (reason) {
				failed = true;
				results[index] = { index, status: 'rejected', reason };
			}
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, count));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}

/** Per execution context: state shared by all the workers of that execution. */
const shared = new WeakMap<object, Map<string, unknown>>();

function sharedOf<T>(context: object, name: string, create: () => T): T {
	let byName = shared.get(context);
	if (!byName) shared.set(context, (byName = new Map()));
	if (!byName.has(name)) byName.set(name, create());
	return byName.get(name) as T;
}

/** When every request of the execution to one service may go again after a 420/429. */
export class Pacer {
	private pausedUntil = 0;

	/** A rate-limit answer asked to come back in `ms`: every worker waits that long. */
	holdFor(ms: number, now = Date.now()): void {
		this.pausedUntil = Math.max(this.pausedUntil, now + ms);
	}

	/** Resolves when no hold is in force (or the execution was cancelled). */
	async wait(signal: AbortSignal | undefined): Promise<void> {
		for (;;) {
			const left = this.pausedUntil - Date.now();
			if (left <= 0 || signal?.aborted) return;
			await pause(left, signal);
		}
	}
}

export function pacerOf(context: object, service: string): Pacer {
	return sharedOf(context, `pacer:${service}`, () => new Pacer());
}

export interface QuotaReport {
	remaining?: number;
	/** Epoch ms when the quota window resets. */
	resetAt?: number;
	limit?: number;
}

/** Why a call was not sent: the reported quota is used up until a reset too far away to wait for. */
export class QuotaExhausted extends Error {
	constructor(readonly report: QuotaReport) {
		super('quota used up');
	}
}

/**
 * A quota the service reports on each answer (remaining calls, reset time). A call is sent only
 * while the calls in flight are fewer than the remaining quota last reported (so in-flight calls
 * count as spent, whether or not the service has counted them yet); until a first answer reports
 * the quota, one call at a time goes out. When the quota is used up, calls wait for its reset when
 * that is within `maxWaitMs`, and are otherwise refused without being sent.
 */
export class Quota {
	private known: QuotaReport | undefined;
	private inFlight = 0;
	private changed: Array<() => void> = [];

	constructor(private readonly maxWaitMs: number) {}

	async acquire(signal: AbortSignal | undefined): Promise<void> {
		for (;;) {
			if (signal?.aborted) throw new CancelledError();
			const remaining = this.known?.remaining;
			if (remaining === undefined || !Number.isFinite(remaining)) {
				if (this.inFlight === 0) break;
			} else if (this.inFlight < remaining) break;
			else if (this.inFlight === 0) {
				const resetAt = this.known?.resetAt;
				const wait = resetAt === undefined ? Infinity : resetAt - Date.now();
				if (wait > this.maxWaitMs) throw new QuotaExhausted({ ...this.known });
				await pause(Math.max(0, wait), signal);
				this.known = undefined; // a new window: probe it with one call
				continue;
			}
			// a cancel is noticed within 100 ms even if nothing in flight answers
			await Promise.race([new Promise<void>((resolve) => this.changed.push(resolve)), sleep(100)]);
		}
		this.inFlight++;
	}

	/** The call ended: with the quota its answer reported, or none (no answer, or no headers). */
	release(report: QuotaReport | undefined): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		const remaining = report?.remaining;
		if (remaining !== undefined && Number.isFinite(remaining)) {
			const sameWindow = this.known?.resetAt === report?.resetAt;
			const before = this.known?.remaining;
			// answers arrive out of order: within one window the lowest count is the newest
			this.known = {
				...report,
				remaining:
					sameWindow && before !== undefined && Number.isFinite(before)
						? Math.min(before, remaining)
						: remaining,
			};
		} else if (this.known?.remaining !== undefined) {
			// a call that got no quota answer may still have been counted
			this.known = { ...this.known, remaining: Math.max(0, this.known.remaining - 1) };
		}
		const waiting = this.changed;
		this.changed = [];
		for (const resolve of waiting) resolve();
	}
}

export function quotaOf(context: object, name: string, maxWaitMs: number): Quota {
	return sharedOf(context, `quota:${name}`, () => new Quota(maxWaitMs));
}

/** An Options collection holding only Parallel Requests (for operations that had no options). */
export const parallelOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [parallelRequestsOption],
};

/** A resource locator's value (or a plain value) as a key for runBounded's in-order groups. */
export function locatorKey(value: unknown): string | undefined {
	const raw = value && typeof value === 'object' ? (value as { value?: unknown }).value : value;
	return raw === undefined || raw === null || raw === '' ? undefined : String(raw).trim();
}
