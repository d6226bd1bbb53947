import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError, type NodeApiError } from 'n8n-workflow';
import { cloudinaryRequest } from '../transport';
import { registrationEventTypes } from './events';

// Account-level registrations through the Admin API's /triggers (docs/api-facts.md, "Notifications").
// A registration is ours when its URI is this node's webhook URL (which carries the workflow's
// webhook id), so activation is idempotent — a re-activation, or a new leader in queue mode, finds
// what is already there instead of adding a second one — and deactivation never touches another
// workflow's or another tool's triggers. The ids also go into the node's static data, which n8n
// stores with the workflow (shared by every process), never in memory.

interface TriggerRecord {
	id: string;
	uri: string;
	eventType: string;
}

interface RegistrationState extends IDataObject {
	webhookUrl?: string;
	triggers?: Array<{ id: string; eventType: string }>;
}

export function isAutomatic(this: IHookFunctions): boolean {
	return this.getNodeParameter('registration', 'automatic') === 'automatic';
}

function wantedEventTypes(this: IHookFunctions): string[] {
	const events = registrationEventTypes(this.getNodeParameter('events', []) as string[]);
	if (!events.length)
		throw new NodeOperationError(
			this.getNode(),
			'Field "Events": choose at least one event to register',
			{ description: 'Pick the notifications that should start the workflow, or All Events' },
		);
	return events;
}

function webhookUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(this.getNode(), 'n8n did not provide a webhook URL for this node');
	return url;
}

function state(this: IHookFunctions): RegistrationState {
	return this.getWorkflowStaticData('node') as RegistrationState;
}

/** One Admin API call: every trigger on the account (at most 30 per event type, so no paging). */
async function listTriggers(this: IHookFunctions): Promise<TriggerRecord[]> {
	const { body } = await cloudinaryRequest.call(this, { method: 'GET', path: 'triggers' });
	const list = Array.isArray(body.triggers) ? (body.triggers as IDataObject[]) : [];
	return list
		.filter((t) => typeof t.id === 'string' && typeof t.uri === 'string')
		.map((t) => ({ id: String(t.id), uri: String(t.uri), eventType: String(t.event_type) }));
}

function remember(this: IHookFunctions, url: string, registrations: TriggerRecord[]): void {
	const s = state.call(this);
	s.webhookUrl = url;
	s.triggers = registrations.map((t) => ({ id: t.id, eventType: t.eventType }));
}

export async function checkRegistrations(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic.call(this)) return true;
	const url = webhookUrl.call(this);
	const wanted = wantedEventTypes.call(this);
	const ours = (await listTriggers.call(this)).filter((t) => t.uri === url);
	remember.call(
		this,
		url,
		ours.filter((t) => wanted.includes(t.eventType)),
	);
	const complete = wanted.every((e) => ours.some((t) => t.eventType === e));
	const nothingExtra = ours.every((t) => wanted.includes(t.eventType));
	return complete && nothingExtra;
}

/** Runs a call and hands back its error instead of throwing, so the caller can accept an expected status. */
async function settle<T>(call: Promise<T>): Promise<{ value?: T; error?: NodeApiError }> {
	try {
		return { value: await call };
	} catch (error) {
		return { error: error as NodeApiError };
	}
}

async function deleteTrigger(this: IHookFunctions, id: string): Promise<void> {
	const { error } = await settle(
		cloudinaryRequest.call(this, {
			method: 'DELETE',
			path: `triggers/${encodeURIComponent(id)}`,
			idempotent: true,
		}),
	);
	// Already gone (removed by hand, or by another main in queue mode): the goal is reached.
	if (error && error.httpCode !== '404') throw error;
}

export async function register(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic.call(this)) return true;
	const url = webhookUrl.call(this);
	const wanted = wantedEventTypes.call(this);
	const ours = (await listTriggers.call(this)).filter((t) => t.uri === url);
	// This URL registered for events no longer chosen (an edited node): those are ours to drop.
	for (const stale of ours.filter((t) => !wanted.includes(t.eventType)))
		await deleteTrigger.call(this, stale.id);
	let raced = false;
	const registered = ours.filter((t) => wanted.includes(t.eventType));
	for (const eventType of wanted.filter((e) => !ours.some((t) => t.eventType === e))) {
		// Repeating the call is safe: a second registration of the same URI and event is refused with
		// 409, which means another process (a new leader in queue mode) registered it meanwhile.
		const { value, error } = await settle(
			cloudinaryRequest.call(this, {
				method: 'POST',
				path: 'triggers',
				body: { uri: url, event_type: eventType },
				idempotent: true,
			}),
		);
		if (error && error.httpCode !== '409') throw error;
		if (value) registered.push({ id: String(value.body.id), uri: url, eventType });
		else raced = true;
	}
	const final = raced
		? (await listTriggers.call(this)).filter((t) => t.uri === url && wanted.includes(t.eventType))
		: registered;
	remember.call(this, url, final);
	return true;
}

export async function unregister(this: IHookFunctions): Promise<boolean> {
	if (!isAutomatic.call(this)) return true;
	const url = webhookUrl.call(this);
	const s = state.call(this);
	const rememberedIds = new Set((s.triggers ?? []).map((t) => t.id));
	// Ours: registered for this URL, or remembered by id for the URL used at activation (in case
	// WEBHOOK_URL changed since). Never anything else on the account.
	const ours = (await listTriggers.call(this)).filter(
		(t) => t.uri === url || (rememberedIds.has(t.id) && t.uri === s.webhookUrl),
	);
	for (const t of ours) await deleteTrigger.call(this, t.id);
	delete s.webhookUrl;
	delete s.triggers;
	return true;
}
