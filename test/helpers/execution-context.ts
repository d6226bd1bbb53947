// A mocked n8n execution context (IExecuteFunctions) for the fast unit tier, in the manner of n8n's
// own node tests (packages/nodes-base/test/nodes/Helpers.ts: createMockExecuteFunction): the node's
// execute() runs in milliseconds with no engine, no sandbox and no network. Requests the node sends
// through helpers.httpRequestWithAuthentication are recorded and answered by the test's `respond`.
//
// Closer to n8n than a plain object of parameters: unset parameters get their defaults from the
// node's own description through n8n-workflow's NodeHelpers.getNodeParameters, as n8n fills them
// before execute(); a missing parameter with no fallback throws as n8n does; helpers the mock does
// not provide fail with their name instead of returning undefined. Whatever needs n8n's real
// engine (expressions, binary storage, credential application, paired items across nodes) belongs
// in the engine tier (test/engine).
import {
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IPairedItemData,
} from 'n8n-workflow';

export interface SentRequest {
	credentialType?: string;
	method: string;
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	/** The body as the node handed it over (object, string, URLSearchParams, Buffer…). */
	body?: unknown;
	/** A form body (URLSearchParams or urlencoded string) as an object, repeated keys as arrays. */
	form?: Record<string, string | string[]>;
}

export interface FakeResponse {
	statusCode?: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export type Responder = (
	request: SentRequest,
	callIndex: number,
) => FakeResponse | Promise<FakeResponse>;

export interface ExecutionContextOptions {
	nodeType: INodeType;
	/** The node's parameters as the user set them; a function gives each item its own (resolved expressions). */
	parameters: INodeParameters | ((itemIndex: number) => INodeParameters);
	items?: INodeExecutionData[];
	credentials?: Record<string, IDataObject>;
	respond?: Responder;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	typeVersion?: number;
	/** The execution's cancel signal (n8n aborts it when the user stops the execution). */
	cancelSignal?: AbortSignal;
}

function formOf(body: unknown, headers: IDataObject | undefined): SentRequest['form'] {
	const contentType = String(headers?.['Content-Type'] ?? headers?.['content-type'] ?? '');
	let params: URLSearchParams | undefined;
	if (body instanceof URLSearchParams) params = body;
	else if (typeof body === 'string' && contentType.includes('x-www-form-urlencoded'))
		params = new URLSearchParams(body);
	if (!params) return undefined;
	const form: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const before = form[key];
		form[key] =
			before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
	}
	return form;
}

function valueAt(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** An IExecuteFunctions for `nodeType`, and the list the requests it sends are recorded in. */
export function createExecutionContext(options: ExecutionContextOptions): {
	context: IExecuteFunctions;
	requests: SentRequest[];
} {
	const description = options.nodeType.description;
	const typeVersion =
		options.typeVersion ??
		(Array.isArray(description.version) ? Math.max(...description.version) : description.version);
	const node: INode = {
		id: 'unit-test-node',
		name: description.defaults.name ?? description.displayName,
		type: `n8n-nodes-consonance-cloudinary.${description.name}`,
		typeVersion,
		position: [0, 0],
		parameters:
			typeof options.parameters === 'function' ? options.parameters(0) : options.parameters,
		...(options.onError ? { onError: options.onError } : {}),
	};
	const items = options.items ?? [{ json: {} }];
	const requests: SentRequest[] = [];
	const withDefaults = new Map<number, INodeParameters>();
	const parametersOf = (itemIndex: number): INodeParameters => {
		if (!withDefaults.has(itemIndex)) {
			const given =
				typeof options.parameters === 'function'
					? options.parameters(itemIndex)
					: options.parameters;
			const filled = NodeHelpers.getNodeParameters(
				description.properties,
				given,
				true,
				false,
				{ ...node, parameters: given },
				description,
			);
			withDefaults.set(itemIndex, filled ?? given);
		}
		return withDefaults.get(itemIndex)!;
	};

	async function send(
		credentialType: string | undefined,
		request: IHttpRequestOptions,
	): Promise<unknown> {
		const sent: SentRequest = {
			credentialType,
			method: String(request.method ?? 'GET'),
			url: String(request.url),
			qs: request.qs as IDataObject | undefined,
			headers: request.headers as IDataObject | undefined,
			body: request.body,
			form: formOf(request.body, request.headers as IDataObject | undefined),
		};
		requests.push(sent);
		if (!options.respond)
			throw new Error(`unexpected request ${sent.method} ${sent.url}: the test gave no respond()`);
		const answer = await options.respond(sent, requests.length - 1);
		const full = {
			statusCode: answer.statusCode ?? 200,
			headers: answer.headers ?? {},
			body: answer.body,
		};
		if (full.statusCode >= 400 && !request.ignoreHttpStatusErrors) {
			throw Object.assign(new Error(`Request failed with status code ${full.statusCode}`), {
				httpCode: String(full.statusCode),
				response: full,
			});
		}
		return request.returnFullResponse ? full : full.body;
	}

	const helpers = {
		httpRequestWithAuthentication: async (credentialType: string, request: IHttpRequestOptions) => {
			if (!options.credentials?.[credentialType])
				throw new Error(`no credentials of type ${credentialType} given to the test`);
			return send(credentialType, request);
		},
		httpRequest: async (request: IHttpRequestOptions) => send(undefined, request),
		returnJsonArray: (data: IDataObject | IDataObject[]): INodeExecutionData[] =>
			(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		constructExecutionMetaData: (
			data: INodeExecutionData[],
			meta: { itemData: IPairedItemData | IPairedItemData[] },
		) => data.map((item) => ({ ...item, pairedItem: meta.itemData })),
	};

	const context = {
		getNode: () => node,
		getInputData: () => items,
		getMode: () => 'manual',
		getExecutionCancelSignal: () => options.cancelSignal ?? new AbortController().signal,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async (type: string) => {
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`no credentials of type ${type} given to the test`);
			return credentials;
		},
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallbackValue?: unknown,
			parameterOptions?: { extractValue?: boolean },
		) => {
			let value = valueAt(parametersOf(itemIndex), name);
			if (value === undefined) {
				if (fallbackValue !== undefined) return fallbackValue;
				throw new Error(`Could not get parameter "${name}"`);
			}
			if (parameterOptions?.extractValue && value && typeof value === 'object' && '__rl' in value)
				value = (value as IDataObject).value;
			return value;
		},
		helpers: new Proxy(helpers, {
			get(target, key: string) {
				if (key in target) return target[key as keyof typeof target];
				throw new Error(
					`helpers.${key} is not provided by the mocked execution context: test this in the engine tier`,
				);
			},
		}),
	};
	return {
		context: new Proxy(context, {
			get(target, key: string | symbol) {
				if (typeof key === 'symbol' || key in target || key === 'then')
					return target[key as keyof typeof target];
				throw new Error(
					`${key}() is not provided by the mocked execution context: test this in the engine tier`,
				);
			},
		}) as unknown as IExecuteFunctions,
		requests,
	};
}

/** Runs the node's execute() with a mocked context: its output, and the requests it sent. */
export async function runOperation(
	options: ExecutionContextOptions,
): Promise<{ output: INodeExecutionData[][]; requests: SentRequest[] }> {
	const { context, requests } = createExecutionContext(options);
	if (!options.nodeType.execute)
		throw new Error(`${options.nodeType.description.name} has no execute()`);
	const output = (await options.nodeType.execute.call(context)) as INodeExecutionData[][];
	return { output, requests };
}
