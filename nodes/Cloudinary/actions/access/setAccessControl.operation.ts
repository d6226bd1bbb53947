import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';
import { invalidFieldError, isNotFound, ServiceError } from '../../../shared/errors';
import {
	cancelSignal,
	parallelOptionsCollection,
	readParallelRequests,
	runBounded,
} from '../../../shared/concurrency';
import { failedAfter, mapBatchedItems } from '../../../shared/items';
import {
	bulkReport,
	readBulkTarget,
	readPublicIds,
	UPLOAD_API_MAX_IDS,
	type BulkTarget,
} from '../../helpers/batching';
import { toMillis } from '../../helpers/dates';
import {
	encodeAccessControl,
	EncodingError,
	type AccessRule,
	type EncodingSubject,
} from '../../helpers/encoding';
import { cloudinaryUploadApi } from '../../transport';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';

// Cloudinary has no bulk endpoint for access_control, so each asset gets one Upload API `explicit`
// call (not rate-limited, safe to repeat), "Parallel Requests" of them at a time.

/** The field that holds what an access rule's EncodingError is about. */
const FIELD_OF_SUBJECT: Partial<Record<EncodingSubject, string>> = {
	tokenKey: 'Named Key',
	start: 'Start',
	end: 'End',
};

const properties: INodeProperties[] = [
	publicIdsField,
	{
		displayName: 'Access',
		name: 'access',
		type: 'options',
		default: 'public',
		options: [
			{
				name: 'Public',
				value: 'public',
				description: 'Anyone with the URL (removes restrictions)',
			},
			{
				name: 'Public in a Time Window',
				value: 'window',
				description:
					'Public only between a start and/or end date (e.g. an embargo until publication)',
			},
			{
				name: 'Public in a Time Window, Otherwise Token',
				value: 'windowOrToken',
				description: 'Public in the window; outside it only with a token or signed URL',
			},
			{
				name: 'Token Only',
				value: 'token',
				description: 'Only with a token (expiring URL) or a signed URL',
			},
		],
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		default: '',
		description: 'When the asset becomes public; empty for "from now on"',
		displayOptions: { show: { access: ['window', 'windowOrToken'] } },
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		default: '',
		description: 'When the asset stops being public; empty for "no end"',
		displayOptions: { show: { access: ['window', 'windowOrToken'] } },
	},
	{
		displayName: 'Named Key',
		name: 'namedKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. retailers',
		description: 'Optional name of a non-default token key (letters and digits)',
		displayOptions: { show: { access: ['token', 'windowOrToken'] } },
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['access'], operation: ['setAccessControl'] } },
	properties,
);

function dateParam(value: unknown): string | undefined {
	const ms = toMillis(value);
	if (ms === undefined) return undefined;
	// text that is not a date is passed on as it is, for encodeAccessControl to name
	return Number.isNaN(ms) ? String(value) : new Date(ms).toISOString();
}

function readRules(
	this: IExecuteFunctions,
	itemIndex: number,
): { rules: AccessRule[]; encoded: string } {
	const access = this.getNodeParameter('access', itemIndex) as string;
	const node = this.getNode();
	const rules: AccessRule[] = [];
	if (access === 'public') rules.push({ access_type: 'anonymous' });
	if (access === 'window' || access === 'windowOrToken') {
		const start = dateParam(this.getNodeParameter('start', itemIndex, ''));
		const end = dateParam(this.getNodeParameter('end', itemIndex, ''));
		if (!start && !end)
			throw invalidFieldError(
				node,
				itemIndex,
				'Start',
				'neither a start nor an end was given for the time window',
				'a start and/or end date, e.g. 2026-09-01T00:00:00Z',
			);
		rules.push({ access_type: 'anonymous', ...(start ? { start } : {}), ...(end ? { end } : {}) });
	}
	if (access === 'token' || access === 'windowOrToken') {
		const key = String(this.getNodeParameter('namedKey', itemIndex, '') ?? '').trim();
		rules.push({ access_type: 'token', ...(key ? { key } : {}) });
	}
	if (!rules.length)
		throw invalidFieldError(
			node,
			itemIndex,
			'Access',
			`"${access}" is not an access choice`,
			'public, window, windowOrToken, token',
		);
	try {
		const encoded = encodeAccessControl(rules);
		return { rules: JSON.parse(encoded) as AccessRule[], encoded };
	} catch (error) {
		if (error instanceof EncodingError)
			throw invalidFieldError(
				node,
				itemIndex,
				FIELD_OF_SUBJECT[error.subject] ?? 'Access',
				error.message,
			);
		throw new NodeOperationError(node, error as Error, { itemIndex });
	}
}

/**
 * Cloudinary's own answer for an asset it does not have ("Resource not found - <public ID>"), which
 * is reported in the item's `not_updated`; any other 404 (a proxy's page, a wrong endpoint) fails.
 */
function isUnknownAsset(error: unknown, publicId: string): boolean {
	return (
		isNotFound(error) &&
		error instanceof ServiceError &&
		error.serviceMessages.some((m) => m.includes(publicId))
	);
}

/** Makes many assets public, public in a time window, or token-only (their `access_control`). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = readParallelRequests.call(this);
	return mapBatchedItems(
		this,
		(itemIndex) => {
			const ids = readPublicIds.call(this, itemIndex);
			const target = readBulkTarget.call(this, itemIndex);
			const { rules, encoded } = readRules.call(this, itemIndex);
			return {
				key: JSON.stringify([target, encoded]),
				payload: { target, rules, encoded },
				ids,
				batchSize: UPLOAD_API_MAX_IDS,
			};
		},
		async ({ target, encoded }: { target: BulkTarget; encoded: string }, ids, itemIndexes) => {
			const done: string[] = [];
			// every call started is awaited, so that a failure reports exactly what was applied
			const settled = await runBounded(
				ids.length,
				async (index) => {
					const publicId = ids[index];
					try {
						await cloudinaryUploadApi.call(
							this,
							target.resourceType,
							'explicit',
							{ public_id: publicId, type: target.deliveryType, access_control: encoded },
							{ itemIndex: itemIndexes[0], idempotent: true },
						);
						done.push(publicId);
					} catch (error) {
						// an unknown asset is reported in its item's output, not as a failure of the others
						if (isUnknownAsset(error, publicId)) return;
						throw new NodeApiError(this.getNode(), error as JsonObject);
					}
				},
				{ concurrency, signal: cancelSignal(this), stopOnFailure: true },
			);
			const failed = settled.find((s) => s.status === 'rejected');
			if (failed) throw failedAfter(failed.reason as Error, done);
			if (settled.some((s) => s.status === 'skipped'))
				throw failedAfter(
					new NodeOperationError(this.getNode(), 'The execution was cancelled'),
					done,
				);
			return done;
		},
		(_itemIndex, plan, done) =>
			bulkReport(plan.payload.target, plan, done, {
				access_control: plan.payload.rules as unknown as IDataObject[],
			}),
	);
}
