import { createHash } from 'node:crypto';
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { readHeader } from '../shared/http';
import { listOf, numberOf } from '../shared/parameters';
import { readCredentials } from './transport';
import { EVENT_OPTIONS } from './trigger/events';
import { optionsSubtitle } from '../shared/subtitle';
import {
	matchesFilters,
	normaliseNotification,
	type NotificationFilters,
} from './trigger/normalise';
import { checkRegistrations, register, unregister } from './trigger/registration';
import { rememberAccepted, wasAccepted } from './trigger/replay';
import {
	DEFAULT_MAX_AGE_SECONDS,
	DEFAULT_MAX_FUTURE_SKEW_SECONDS,
	verifyNotification,
} from './trigger/verification';

/** The replay-protection limits, read as numbers in range (an expression may give anything). */
function readNotificationLimits(
	ctx: IWebhookFunctions | IExecuteFunctions,
	options: IDataObject,
): { maxAgeSeconds: number; maxFutureSkewSeconds: number } {
	return {
		maxAgeSeconds: numberOf(
			ctx,
			options.maxAgeSeconds,
			0,
			'Options › Maximum Notification Age (Seconds)',
			{ min: 60, fallback: DEFAULT_MAX_AGE_SECONDS, unit: 'seconds' },
		),
		maxFutureSkewSeconds: numberOf(
			ctx,
			options.maxFutureSkewSeconds,
			0,
			'Options › Allowed Clock Skew (Seconds)',
			{ min: 0, fallback: DEFAULT_MAX_FUTURE_SKEW_SECONDS, unit: 'seconds' },
		),
	};
}

/** A notification's identity: derived from its signature, which covers body, timestamp and secret. */
function notificationKeyOf(signature: string): string {
	return createHash('sha256').update(signature, 'utf8').digest('hex').slice(0, 32);
}

function remember(nodeStaticData: IDataObject, ids: string[], maxAgeSeconds: number): void {
	const now = Math.floor(Date.now() / 1000);
	for (const id of new Set(ids)) {
		if (!wasAccepted(nodeStaticData, id))
			rememberAccepted(nodeStaticData, id, now, now - maxAgeSeconds);
	}
}

export class CloudinaryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudinary (Publishing) Trigger',
		name: 'cloudinaryTrigger',
		icon: { light: 'file:cloudinary.svg', dark: 'file:cloudinary.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionsSubtitle({
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			default: [],
			options: EVENT_OPTIONS,
		}),
		description:
			'Starts the workflow when Cloudinary reports an upload, moderation decision, tag, ' +
			'context or metadata change, deletion, rename or other media event',
		defaults: { name: 'Cloudinary Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cloudinaryPublishingApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Automatic: Register This Workflow With Cloudinary',
						value: 'automatic',
						description:
							"Activating the workflow registers this node's URL for the chosen events in Cloudinary " +
							'(Admin API /triggers); deactivating removes exactly those registrations',
					},
					{
						name: 'Manual: I Set the Notification URL Myself',
						value: 'manual',
						description:
							'Nothing is registered: use the Production URL as notification_url on upload calls or ' +
							'in an upload preset',
					},
				],
				default: 'automatic',
			},
			{
				displayName:
					'Copy the Production URL above into the notification_url parameter of your upload or ' +
					"explicit calls, or into an upload preset's Notification URL. Notifications are still " +
					"checked against the credential's API secret.",
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				default: ['upload'],
				required: true,
				description: 'The notifications that start the workflow',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description:
					'Only assets that match every filter set start the workflow; the others are acknowledged and dropped',
				options: [
					{
						displayName: 'Folder or Prefix',
						name: 'folder',
						type: 'string',
						default: '',
						placeholder: 'covers/',
						description:
							'Keep assets whose public ID or asset folder starts with this text, e.g. "covers/" for ' +
							'everything in the covers folder and below',
					},
					{
						displayName: 'Moderation Status',
						name: 'moderationStatuses',
						type: 'multiOptions',
						options: [
							{ name: 'Aborted', value: 'aborted' },
							{ name: 'Approved', value: 'approved' },
							{ name: 'Pending', value: 'pending' },
							{ name: 'Queued', value: 'queued' },
							{ name: 'Rejected', value: 'rejected' },
						],
						default: [],
						description:
							'Keep assets whose latest moderation status is one of these; assets without moderation are dropped',
					},
					{
						displayName: 'Resource Type',
						name: 'resourceTypes',
						type: 'multiOptions',
						options: [
							{ name: 'Image', value: 'image' },
							{ name: 'Raw', value: 'raw' },
							{ name: 'Video (and Audio)', value: 'video' },
						],
						default: [],
					},
					{
						displayName: 'Tags',
						name: 'tags',
						type: 'string',
						default: '',
						placeholder: 'front-cover, approved',
						description:
							'Comma-separated. Keep assets carrying any of these tags; for a tag change, also a ' +
							'change that added or removed one of them.',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Maximum Notification Age (Seconds)',
						name: 'maxAgeSeconds',
						type: 'number',
						typeOptions: { minValue: 60 },
						default: DEFAULT_MAX_AGE_SECONDS,
						description:
							'Notifications whose X-Cld-Timestamp is older than this are refused (replay ' +
							"protection). Cloudinary's SDK uses 7200 seconds.",
					},
					{
						displayName: 'Allowed Clock Skew (Seconds)',
						name: 'maxFutureSkewSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_MAX_FUTURE_SKEW_SECONDS,
						description:
							"How far in the future a notification's timestamp may be (clock differences) before it is refused",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkRegistrations.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await register.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		if (!req.rawBody) await req.readRawBody();
		const rawBody = req.rawBody ?? Buffer.alloc(0);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let limits: { maxAgeSeconds: number; maxFutureSkewSeconds: number };
		try {
			limits = readNotificationLimits(this, options);
		} catch (error) {
			// A limit that is not a number must never switch the replay check off: refuse instead.
			res.status(500).json({
				error: { message: `Cloudinary notification not accepted: ${(error as Error).message}` },
			});
			return { noWebhookResponse: true };
		}
		const credentials = await readCredentials.call(this);

		const signature = readHeader(req.headers, 'x-cld-signature') ?? '';
		const check = verifyNotification({
			rawBody,
			timestamp: readHeader(req.headers, 'x-cld-timestamp'),
			signature,
			apiSecret: credentials.apiSecret,
			algorithm: credentials.signatureAlgorithm,
			nowSeconds: Math.floor(Date.now() / 1000),
			...limits,
		});
		if (!check.valid) {
			res
				.status(401)
				.json({ error: { message: `Cloudinary notification rejected: ${check.reason}` } });
			return { noWebhookResponse: true };
		}

		// Parse the bytes that were verified, not a body n8n may have re-read or re-shaped.
		let payload: unknown;
		try {
			payload = JSON.parse(rawBody.toString('utf8'));
		} catch {
			payload = undefined;
		}
		if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
			res.status(400).json({
				error: { message: 'Cloudinary notification rejected: the body is not a JSON object' },
			});
			return { noWebhookResponse: true };
		}

		// An exact replay of a notification already accepted is acknowledged and starts nothing.
		const notificationKey = notificationKeyOf(signature);
		const nodeStaticData = this.getWorkflowStaticData('node');
		if (wasAccepted(nodeStaticData, notificationKey))
			return { webhookResponse: { received: true, duplicate: true } };

		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const wanted: NotificationFilters = {
			events: this.getNodeParameter('events', []) as string[],
			folder: String(filters.folder ?? '').trim() || undefined,
			tags: listOf(this, filters.tags, 0, 'Filters › Tags', { required: false, separator: /,/ }),
			resourceTypes: (filters.resourceTypes as string[]) ?? [],
			moderationStatuses: (filters.moderationStatuses as string[]) ?? [],
		};
		const items = normaliseNotification(payload as IDataObject, check.timestamp)
			.filter((item) => matchesFilters(item, wanted))
			.map((item) => ({ ...item, notificationKey }));
		if (!items.length) {
			// No execution starts, so n8n saves what is written here (LiveWebhooks, after answering).
			remember(nodeStaticData, [notificationKey], limits.maxAgeSeconds);
			return { webhookResponse: { received: true, matched: 0 } };
		}
		// Remembered by execute(), in the execution this starts: n8n drops static data written
		// here once a webhook starts an execution (docs/api-facts.md, "n8n: static data").
		return { workflowData: [this.helpers.returnJsonArray(items)] };
	}

	/**
	 * Runs as the first step of the execution a notification started, with the items webhook()
	 * returned: remembers their notification for replay protection (n8n saves static data changed
	 * during an execution when it ends) and passes the items on unchanged.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (this.getMode() !== 'manual') {
			const ids = items
				.map((item) => item.json.notificationKey)
				.filter((id): id is string => typeof id === 'string');
			if (ids.length) {
				const options = this.getNodeParameter('options', 0, {}) as IDataObject;
				const { maxAgeSeconds } = readNotificationLimits(this, options);
				remember(this.getWorkflowStaticData('node'), ids, maxAgeSeconds);
			}
		}
		return [items];
	}
}
