import type { IAllExecuteFunctions, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { credentialBaseUrl } from '../../shared/baseUrl';
import { redact, serviceError } from '../../shared/errors';
import { pagingGuard } from '../../shared/paging';
import {
	jsonBody,
	requestedWaitMs,
	sendRequest,
	statusKind,
	successBody,
	type HttpResponse,
} from '../../shared/http';
import { assumptionFailure, assumptionsBehind } from '../helpers/assumptionErrors';
import { labelInputErrors } from '../helpers/fieldLabels';

// The one Consonance client: GraphQL (current API) and the legacy REST product feed, both through
// sendRequest (credential applied by n8n, retries for safe calls), with Consonance's failures
// turned into messages an ops user can act on. The API key never appears in any of them.

export const CREDENTIAL_TYPE = 'consonancePublishingApi';
const SERVICE = 'Consonance';

export interface CallOptions {
	itemIndex?: number;
	/** Reads are idempotent; a write is only when the caller made it so (e.g. "skip if already attached"). */
	idempotent?: boolean;
	/** A request the user wrote (GraphQL operation): its errors are not blamed on the node's assumptions. */
	userWritten?: boolean;
	/** Input field → its label in our UI: GraphQL's input errors then name the field as the UI does. */
	fieldLabels?: Record<string, string>;
}

async function baseUrl(this: IAllExecuteFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return credentialBaseUrl(
		this.getNode(),
		credentials.baseUrl,
		'https://web.consonance.app',
		"The Consonance credential's Base URL",
	);
}

/** The API key, to take out of anything a service or proxy echoes back into an error. */
async function apiKeyOf(this: IAllExecuteFunctions): Promise<string[]> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return [String(credentials.apiKey ?? '')];
}

function failure(
	this: IAllExecuteFunctions,
	response: HttpResponse,
	url: string,
	secrets: string[],
	itemIndex?: number,
): never {
	const status = response.statusCode;
	const node = this.getNode();
	if (status === 401 || status === 403) {
		throw serviceError(node, SERVICE, {
			kind: 'rejected',
			message: `the API key was rejected (HTTP ${status})`,
			description:
				'Check the API key and base URL in the Consonance credential. Keys are issued by Consonance support.',
			httpCode: status,
			itemIndex,
		});
	}
	if (status === 404) {
		throw serviceError(node, SERVICE, {
			kind: 'rejected',
			message: `nothing answers at ${url} (HTTP 404)`,
			description:
				'Check the Base URL in the Consonance credential: it is the address you log in at, ' +
				'e.g. https://web.consonance.app.',
			httpCode: status,
			itemIndex,
		});
	}
	const wait = requestedWaitMs(response.headers);
	const body = jsonBody(response);
	const serviceMessage = Array.isArray(body.errors)
		? redact((body.errors as IDataObject[]).map((e) => e.message).join('; '), secrets)
		: '';
	throw serviceError(node, SERVICE, {
		kind: statusKind(status),
		message:
			`${status === 429 || status === 420 ? 'too many requests' : 'the request failed'} ` +
			`(HTTP ${status})${serviceMessage ? `: ${serviceMessage}` : ''}`,
		description:
			wait !== undefined
				? `Consonance asked to retry in ${Math.ceil(wait / 1000)} s.`
				: 'Retried with backoff; run the node again later.',
		httpCode: status,
		itemIndex,
	});
}

/** The message of a GraphQL answer with top-level errors. */
export function graphqlErrorMessage(messages: string[]): string {
	return `GraphQL error: ${messages.join('; ')}`;
}

/** Runs a GraphQL operation and returns its `data`. Top-level GraphQL errors become node errors. */
export async function consonanceGraphql(
	this: IAllExecuteFunctions,
	query: string,
	variables: IDataObject = {},
	options: CallOptions = {},
): Promise<IDataObject> {
	const url = `${await baseUrl.call(this)}/graphql`;
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: { query, variables },
		json: true,
		timeout: 60000,
	};
	const idempotent = options.idempotent ?? /^\s*(query\b|\{)/.test(query);
	const response = await sendRequest.call(this, request, {
		service: SERVICE,
		credentialType: CREDENTIAL_TYPE,
		itemIndex: options.itemIndex,
		idempotent,
	});
	if (response.statusCode < 200 || response.statusCode >= 300)
		failure.call(this, response, url, await apiKeyOf.call(this), options.itemIndex);
	const body = successBody(this.getNode(), SERVICE, response, {
		itemIndex: options.itemIndex,
		idempotent,
	});
	const errors = body.errors as Array<{ message?: string; path?: unknown[] }> | undefined;
	if (Array.isArray(errors) && errors.length > 0) {
		const labels = options.fieldLabels;
		const secrets = await apiKeyOf.call(this);
		const messages = errors.map((e) => {
			const text = redact(
				e.path ? `${e.message} (at ${e.path.join('.')})` : String(e.message),
				secrets,
			);
			return labels ? labelInputErrors(text, labels) : text;
		});
		const failed = options.userWritten
			? []
			: assumptionsBehind(errors.map((e) => String(e.message ?? '')));
		const blamed = failed.length ? assumptionFailure(failed) : undefined;
		throw serviceError(this.getNode(), SERVICE, {
			kind: 'graphql',
			message: `${graphqlErrorMessage(messages)}${blamed ? ` — ${blamed.clause}` : ''}`,
			description: blamed?.description,
			serviceMessages: messages,
			httpCode: response.statusCode,
			itemIndex: options.itemIndex,
		});
	}
	return (body.data as IDataObject) ?? {};
}

export interface KeysetPagingOptions extends CallOptions {
	/** A query whose list field takes a search input variable with an `after: Int` key. */
	query: string;
	variables?: IDataObject;
	/** The variable holding the search input (`search` in `products(productSearch: $search)`). */
	searchVariable: string;
	/** The list field under `data` (`products`, `works`, `contacts`). */
	listField: string;
	/** Stop once this many records were read; all records when absent. */
	limit?: number;
}

/**
 * Keyset paging over a GraphQL list: lists come back ordered by id with a server-side page cap whose
 * size Consonance does not document, so the next page is asked for with `after: <last id>` until a
 * page comes back empty (or the limit is reached). Used by every Search and by the trigger.
 */
export async function* consonanceKeysetPages(
	this: IAllExecuteFunctions,
	options: KeysetPagingOptions,
): AsyncGenerator<IDataObject[]> {
	const variables = { ...(options.variables ?? {}) };
	const search = { ...((variables[options.searchVariable] as IDataObject | undefined) ?? {}) };
	let remaining = options.limit ?? Number.POSITIVE_INFINITY;
	let after = search.after as number | undefined;
	const guard = pagingGuard(this.getNode(), SERVICE, {
		what: `${options.listField} (keyset paging)`,
		cursorName: 'after',
		itemIndex: options.itemIndex,
	});
	while (remaining > 0) {
		const data = await consonanceGraphql.call(
			this,
			options.query,
			{
				...variables,
				[options.searchVariable]: after === undefined ? search : { ...search, after },
			},
			{ itemIndex: options.itemIndex, idempotent: true },
		);
		const page = ((data[options.listField] as IDataObject[] | null) ?? []).slice(0, remaining);
		if (page.length === 0) return;
		yield page;
		remaining -= page.length;
		if (remaining <= 0) return;
		const last = Number(page[page.length - 1].id);
		guard.next(page, last);
		if (!Number.isFinite(last) || (after !== undefined && last <= after)) {
			throw serviceError(this.getNode(), SERVICE, {
				kind: 'invalidAnswer',
				message:
					`${options.listField} (keyset paging): the page after id ${after ?? 'none'} ends at id ` +
					`${page[page.length - 1].id}, so the list is not ordered by id; stopped`,
				description: 'Paging stopped rather than miss or repeat records. Run the node again later.',
				itemIndex: options.itemIndex,
			});
		}
		after = last;
	}
}

/** All records of a keyset-paged list (or the first `limit`). */
export async function consonanceKeysetAll(
	this: IAllExecuteFunctions,
	options: KeysetPagingOptions,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for await (const page of consonanceKeysetPages.call(this, options)) records.push(...page);
	return records;
}

/** One page of the legacy REST product feed (`GET /api/v4/products.json`, `Authorization: Token token=`). */
export async function consonanceRestProducts(
	this: IAllExecuteFunctions,
	qs: IDataObject,
	options: CallOptions = {},
): Promise<IDataObject> {
	const url = `${await baseUrl.call(this)}/api/v4/products.json`;
	const response = await sendRequest.call(
		this,
		{ method: 'GET', url, qs, headers: { Accept: 'application/json' }, json: true, timeout: 60000 },
		{
			service: SERVICE,
			credentialType: CREDENTIAL_TYPE,
			itemIndex: options.itemIndex,
			idempotent: true,
		},
	);
	if (response.statusCode < 200 || response.statusCode >= 300)
		failure.call(this, response, url, await apiKeyOf.call(this), options.itemIndex);
	return successBody(this.getNode(), SERVICE, response, {
		itemIndex: options.itemIndex,
		idempotent: true,
	});
}

/** Every page of the REST product feed, page 1 to `total_pages` (or until `limit` products). */
export async function consonanceRestAllProducts(
	this: IAllExecuteFunctions,
	qs: IDataObject,
	options: CallOptions & { limit?: number; perPage?: number } = {},
): Promise<IDataObject[]> {
	const products: IDataObject[] = [];
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const guard = pagingGuard(this.getNode(), SERVICE, {
		what: 'product feed',
		cursorName: 'page',
		itemIndex: options.itemIndex,
	});
	for (let page = 1; products.length < limit; page++) {
		const body = await consonanceRestProducts.call(
			this,
			{ ...qs, page, per_page: options.perPage ?? 100 },
			options,
		);
		const list = (body.products as IDataObject[] | undefined) ?? [];
		products.push(...list.slice(0, limit - products.length));
		const totalPages = Number(body.total_pages ?? page);
		if (list.length === 0 || !(page < totalPages) || products.length >= limit) break;
		guard.next(list, page + 1);
	}
	return products;
}
