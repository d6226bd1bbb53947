import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { assertCredentialTarget } from '../nodes/shared/baseUrl';

/**
 * Consonance issues one API key per account (ask Consonance support). The GraphQL API takes it as
 * `Authorization: Bearer <key>`; the legacy REST product feed as `Authorization: Token token=<key>`.
 * "Automatic" picks the right one per request, so one credential serves both. The type name is this
 * package's own, so that no other Consonance package's credential can take its place
 * (docs/coexistence.md).
 */
export class ConsonancePublishingApi implements ICredentialType {
	name = 'consonancePublishingApi';

	displayName = 'Consonance (Publishing) API';

	icon: Icon = {
		light: 'file:../nodes/Consonance/consonance.svg',
		dark: 'file:../nodes/Consonance/consonance.dark.svg',
	};

	documentationUrl = 'https://github.com/GeneralProducts/consonance-graphql';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://web.consonance.app',
			placeholder: 'https://web.consonance.app',
			description: 'The address you log in to Consonance at, without a path',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The 32-character key Consonance support issued for your account',
			required: true,
		},
		{
			displayName: 'Authorization Scheme',
			name: 'authScheme',
			type: 'options',
			default: 'automatic',
			options: [
				{ name: 'Automatic (Bearer for GraphQL, Token for REST)', value: 'automatic' },
				{ name: 'Authorization: Bearer <key>', value: 'bearer' },
				{ name: 'Authorization: Token token=<key>', value: 'token' },
			],
			description:
				'How the key is sent. Keep Automatic unless Consonance support told you otherwise.',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => {
		assertCredentialTarget(
			requestOptions,
			credentials.baseUrl,
			'https://web.consonance.app',
			"The Consonance credential's Base URL",
		);
		const scheme = String(credentials.authScheme ?? 'automatic');
		const url = `${requestOptions.baseURL ?? ''}${requestOptions.url ?? ''}`;
		const useToken = scheme === 'token' || (scheme === 'automatic' && /\/api\/v\d+\//.test(url));
		const key = String(credentials.apiKey ?? '');
		return {
			...requestOptions,
			headers: {
				...(requestOptions.headers ?? {}),
				Authorization: useToken ? `Token token=${key}` : `Bearer ${key}`,
			},
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/graphql',
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: { query: '{ products(productSearch: { idEq: 0 }) { id } }' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].message',
					value: 'Unauthorized',
					message: 'Consonance rejected the API key',
				},
			},
		],
	};
}
