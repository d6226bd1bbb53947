import {
	NodeApiError,
	NodeOperationError,
	type INode,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type JsonObject,
	type INodeExecutionData,
} from 'n8n-workflow';
import { cancelSignal, runBounded } from './concurrency';

const BINARY = Symbol('binary');
const OUTCOME = Symbol('outcome');

/**
 * An item's error after PART of its change was applied (e.g. the first 100 of 250 deletions): the
 * message says so, and the error item carries exactly what was and was not applied, so that no
 * change is reported failed when it was made, nor done when it was not.
 */
export function partialFailure(
	node: INode,
	error: unknown,
	outcome: IDataObject,
	summary: string,
	itemIndex?: number,
): Error {
	const e = error as Error & { description?: string | null; httpCode?: string | null };
	const original = e?.message ?? String(error);
	const message =
		`${itemIndex === undefined ? original : original.replace(/^Item \d+: /, `Item ${itemIndex}: `)} ` +
		`(${summary})`;
	// Under "Continue (using error output)" n8n keeps only the error of a failed item, not its JSON:
	// the lists then ride in the description (and the error's context).
	const lists = Object.entries(outcome)
		.filter(([, v]) => Array.isArray(v))
		.map(([k, v]) => {
			const list = v as unknown[];
			const more = list.length > 20 ? `, … (${list.length} in all)` : '';
			return `${k}: ${list.length ? `${list.slice(0, 20).join(', ')}${more}` : 'none'}`;
		});
	const description = [e?.description, lists.join('; ')].filter(Boolean).join(' — ');
	// A new error each time: one failed call may be the failure of several items, each with its own outcome.
	const copy =
		error instanceof NodeApiError
			? new NodeApiError(node, { message: e.message, httpCode: e.httpCode ?? null } as JsonObject, {
					message,
					description,
					httpCode: e.httpCode ?? undefined,
					itemIndex,
				})
			: new NodeOperationError(node, message, { description, itemIndex });
	copy.message = message; // as in ServiceError: n8n would swap a message naming a network code for a generic one
	copy.context.outcome = outcome;
	return Object.assign(copy, { [OUTCOME]: outcome });
}

const APPLIED = Symbol('applied');

/**
 * Marks a batch call's error with the IDs of that call that were applied before it failed (a call
 * made of several requests), so that mapBatchedItems reports them updated, not unconfirmed.
 */
export function failedAfter<E>(error: E, applied: Iterable<string>): E {
	if (error && typeof error === 'object') Object.assign(error, { [APPLIED]: [...applied] });
	return error;
}

function appliedOf(error: unknown): string[] {
	return (error as { [APPLIED]?: string[] } | undefined)?.[APPLIED] ?? [];
}

function outcomeOf(error: unknown): IDataObject {
	return (error as { [OUTCOME]?: IDataObject } | undefined)?.[OUTCOME] ?? {};
}

/** A mapItems result that carries binary data (e.g. a download) next to its JSON. */
export function withBinary(json: IDataObject, binary: IBinaryKeyData): IDataObject {
	return Object.assign({ ...json }, { [BINARY]: binary });
}

/**
 * The "Continue On Fail" item for a failed input item: `{ error, errorDescription }`, paired with
 * its input. With "On Error: Continue (using error output)" the error also rides on the item,
 * because n8n routes an item to the error output only when it carries `error` (or when its JSON has
 * no key but error/message/details, which ours has not).
 */
export function errorItem(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const e = error as Error & { description?: string };
	const item: INodeExecutionData = {
		json: {
			...extra,
			error: e?.message ?? 'failed',
			...(e?.description ? { errorDescription: e.description } : {}),
			...outcomeOf(error),
		},
		pairedItem: { item: itemIndex },
	};
	if (ctx.getNode().onError === 'continueErrorOutput') {
		item.error =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(ctx.getNode(), e, { itemIndex });
	}
	return item;
}

/**
 * `read` for an item, run at most once per item: for a mapItems `keyOf` that needs what the handler
 * reads too (each read of an expression parameter runs n8n's expression engine again, a large part
 * of the node's CPU per item; docs/concurrency.md). A read that throws throws the same error again.
 */
export function oncePerItem<T>(read: (itemIndex: number) => T): (itemIndex: number) => T {
	const outcomes = new Map<number, { value: T } | { error: unknown }>();
	return (itemIndex) => {
		let outcome = outcomes.get(itemIndex);
		if (!outcome) {
			try {
				outcome = { value: read(itemIndex) };
			} catch (error) {
				outcome = { error };
			}
			outcomes.set(itemIndex, outcome);
		}
		if ('error' in outcome) throw outcome.error;
		return outcome.value;
	};
}

export interface MapItemsOptions {
	/** Items in flight at once (default 1: one after another); see readParallelRequests. */
	concurrency?: number;
	/** Items with the same key run one after another, in input order (e.g. changes of one record). */
	keyOf?: (itemIndex: number) => string | undefined;
}

/**
 * The per-item loop every operation runs in: one call of `handler` per input item, its result
 * paired with that item, and with "Continue On Fail" an error item in place of a failed one so that
 * the other items still go through. With a concurrency above 1, up to that many items run at once
 * (shared/concurrency.ts); the output keeps the input order, and without "Continue On Fail" no
 * further item starts after one fails (the items already in flight finish) and the node fails with
 * the error of the first failed item.
 */
export async function mapItems(
	this: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
	options: MapItemsOptions = {},
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const signal = cancelSignal(this);
	const settled = await runBounded(items.length, handler, {
		concurrency: options.concurrency ?? 1,
		keyOf: options.keyOf,
		signal,
		stopOnFailure: !continueOnFail,
	});
	const output: INodeExecutionData[] = [];
	for (const outcome of settled) {
		const itemIndex = outcome.index;
		if (outcome.status === 'skipped') {
			// not started: the execution was cancelled, or an earlier item failed (thrown below)
			if (signal?.aborted && !settled.some((o) => o.status === 'rejected' && o.index < itemIndex))
				throw new NodeOperationError(this.getNode(), 'The execution was cancelled', {
					itemIndex,
					description: `Items from ${itemIndex} on were not sent.`,
				});
			continue;
		}
		if (outcome.status === 'fulfilled') {
			const result = outcome.value;
			const binary = Array.isArray(result)
				? undefined
				: (result as { [BINARY]?: IBinaryKeyData })[BINARY];
			const produced = binary
				? [{ json: Object.fromEntries(Object.entries(result)) as IDataObject, binary }]
				: this.helpers.returnJsonArray(result);
			const executionData = this.helpers.constructExecutionMetaData(produced, {
				itemData: { item: itemIndex },
			});
			output.push(...executionData);
			continue;
		}
		const error = outcome.reason;
		if (continueOnFail) {
			output.push(errorItem(this, error, itemIndex));
			continue;
		}
		// Both constructors hand back an error that is already of their class unchanged.
		if (error instanceof NodeApiError) {
			error.context.itemIndex ??= itemIndex;
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	return output;
}

/**
 * For runBounded's in-order groups: calls that name a public ID in common (directly or through
 * other calls) share a key, so that they run one after another in index order.
 */
function callsSharingIds(batches: string[][]): Map<number, string> {
	const parent = batches.map((_, i) => i);
	const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
	const firstCallOf = new Map<string, number>();
	batches.forEach((batch, i) => {
		for (const id of batch) {
			const first = firstCallOf.get(id);
			if (first === undefined) firstCallOf.set(id, i);
			else parent[root(i)] = root(first);
		}
	});
	const size = new Map<number, number>();
	batches.forEach((_, i) => size.set(root(i), (size.get(root(i)) ?? 0) + 1));
	const keys = new Map<number, string>();
	batches.forEach((_, i) => {
		if ((size.get(root(i)) ?? 0) > 1) keys.set(i, String(root(i)));
	});
	return keys;
}

/** What one input item asks of a batched operation. */
export interface BatchPlan<P> {
	/** Items whose plans share a key are sent together (same command, tags, values, resource type…). */
	key: string;
	payload: P;
	/** The IDs this item names (already validated). */
	ids: string[];
	/** Most IDs one call may carry for this key (the API's per-call maximum). */
	batchSize: number;
}

/**
 * The item loop for bulk operations: every item's plan is read and validated first (before any
 * call), the IDs of ALL items with the same key are collected and sent in calls of at most
 * `batchSize` IDs (not one call per item), and each item then gets its own output, paired with it,
 * built from the IDs the service reported as done. With "Continue On Fail" an invalid item, or the
 * items whose IDs were in a failed call, get an error item and the others go through.
 * With a concurrency above 1, up to that many calls are in flight (when items ask for different
 * changes there is one call per key); calls that share a public ID still run one after another, in
 * input order, so the last change wins as in a sequential run. Without "Continue On Fail" no
 * further call starts once one has failed (those in flight finish and count as applied).
 * (It takes the execute context as an argument, not as `this`, so that TypeScript infers `P`.)
 */
export async function mapBatchedItems<P>(
	ctx: IExecuteFunctions,
	plan: (itemIndex: number) => BatchPlan<P> | Promise<BatchPlan<P>>,
	send: (payload: NoInfer<P>, ids: string[], itemIndexes: number[]) => Promise<Iterable<string>>,
	report: (
		itemIndex: number,
		plan: BatchPlan<NoInfer<P>>,
		done: ReadonlySet<string>,
	) => IDataObject | IDataObject[],
	options: { concurrency?: number } = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const plans: Array<BatchPlan<P> | undefined> = [];
	const failures = new Map<number, Error>();
	const fail = (itemIndex: number, error: unknown): never | void => {
		if (!ctx.continueOnFail()) {
			if (error instanceof NodeApiError) {
				error.context.itemIndex ??= itemIndex;
				throw new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		}
		if (!failures.has(itemIndex)) failures.set(itemIndex, error as Error);
	};
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.push(await plan(itemIndex));
		} catch (error) {
			plans.push(undefined);
			fail(itemIndex, error);
		}
	}

	const groups = new Map<string, { payload: P; batchSize: number; ids: Map<string, number[]> }>();
	plans.forEach((p, itemIndex) => {
		if (!p) return;
		let group = groups.get(p.key);
		if (!group) {
			group = { payload: p.payload, batchSize: Math.max(1, p.batchSize), ids: new Map() };
			groups.set(p.key, group);
		}
		for (const id of p.ids) {
			const owners = group.ids.get(id) ?? [];
			if (!owners.includes(itemIndex)) owners.push(itemIndex);
			group.ids.set(id, owners);
		}
	});

	const done = new Map<string, Set<string>>();
	// IDs whose call failed: whether the service applied them is not known, so they are never
	// reported done (nor the item's other IDs reported failed: those are listed as updated).
	const unconfirmed = new Map<string, Set<string>>();
	const calls: Array<{ key: string; payload: P; batch: string[]; owners: number[] }> = [];
	for (const [key, group] of groups) {
		done.set(key, new Set());
		unconfirmed.set(key, new Set());
		const ids = [...group.ids.keys()];
		for (let start = 0; start < ids.length; start += group.batchSize) {
			const batch = ids.slice(start, start + group.batchSize);
			const owners = [...new Set(batch.flatMap((id) => group.ids.get(id) ?? []))].sort(
				(a, b) => a - b,
			);
			calls.push({ key, payload: group.payload, batch, owners });
		}
	}
	const order = callsSharingIds(calls.map((c) => c.batch));
	const signal = cancelSignal(ctx);
	const settled = await runBounded(
		calls.length,
		async (index) => send(calls[index].payload, calls[index].batch, calls[index].owners),
		{
			concurrency: options.concurrency ?? 1,
			keyOf: (index) => order.get(index),
			signal,
			stopOnFailure: !ctx.continueOnFail(),
		},
	);
	// what was applied first (calls in flight when another failed finished and count), then failures
	for (const outcome of settled) {
		const acted = done.get(calls[outcome.index].key)!;
		if (outcome.status === 'fulfilled') for (const id of outcome.value) acted.add(id);
		if (outcome.status === 'rejected') for (const id of appliedOf(outcome.reason)) acted.add(id);
	}
	const appliedSoFar = () => [...done.values()].reduce((n, set) => n + set.size, 0);
	for (const outcome of settled) {
		const { key, batch, owners } = calls[outcome.index];
		if (outcome.status === 'fulfilled') continue;
		if (outcome.status === 'skipped') {
			// not sent: the execution was cancelled (a failure without Continue On Fail threw below)
			const cancelled = new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
				description: 'This call was not sent.',
			});
			for (const itemIndex of owners) fail(itemIndex, cancelled);
			continue;
		}
		const error = outcome.reason;
		const applied = new Set(appliedOf(error));
		if (!ctx.continueOnFail() && appliedSoFar() > 0) {
			const updated = [...done.values()].flatMap((set) => [...set]);
			fail(
				owners[0],
				partialFailure(
					ctx.getNode(),
					error,
					{ updated },
					`${updated.length} public IDs were updated by other calls before this failure ` +
						`(listed in "updated"); the rest were not confirmed`,
					owners[0],
				),
			);
		}
		const failedIds = unconfirmed.get(key)!;
		for (const id of batch) if (!applied.has(id)) failedIds.add(id);
		for (const itemIndex of owners) fail(itemIndex, error);
	}

	const output: INodeExecutionData[] = [];
	plans.forEach((p, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure || !p) {
			if (!p || !unconfirmed.get(p.key)?.size) {
				output.push(errorItem(ctx, failure ?? new Error('failed'), itemIndex));
				return;
			}
			const acted = done.get(p.key) ?? new Set<string>();
			const failedIds = unconfirmed.get(p.key) ?? new Set<string>();
			const updated = p.ids.filter((id) => acted.has(id));
			const notConfirmed = p.ids.filter((id) => failedIds.has(id));
			const outcome = {
				public_ids: p.ids,
				updated,
				not_updated: p.ids.filter((id) => !acted.has(id) && !failedIds.has(id)),
				not_confirmed: notConfirmed,
			};
			const summary =
				`${updated.length} of this item's ${p.ids.length} public IDs were updated ("updated"); ` +
				`the call for ${notConfirmed.length} ("not_confirmed") failed`;
			output.push(
				errorItem(
					ctx,
					partialFailure(ctx.getNode(), failure, outcome, summary, itemIndex),
					itemIndex,
				),
			);
			return;
		}
		const result = report(itemIndex, p, done.get(p.key) ?? new Set());
		output.push(
			...ctx.helpers.constructExecutionMetaData(ctx.helpers.returnJsonArray(result), {
				itemData: { item: itemIndex },
			}),
		);
	});
	return output;
}
