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
 * Cloudinary API key and secret, sent as HTTP Basic auth (accepted by the Admin API and, for
 * server-side calls, the Upload API). The secret is also what signs upload parameters, signed
 * delivery URLs and checks notification signatures.
 *
 * The type name is this package's own: Cloudinary's official node (`n8n-nodes-cloudinary`) calls
 * its credential `cloudinaryApi`, and n8n keeps one credential class per name across packages
 * (docs/coexistence.md).
 */
export class CloudinaryPublishingApi implements ICredentialType {
	name = 'cloudinaryPublishingApi';

	displayName = 'Cloudinary (Publishing) API';

	icon: Icon = {
		light: 'file:../nodes/Cloudinary/cloudinary.svg',
		dark: 'file:../nodes/Cloudinary/cloudinary.dark.svg',
	};

	documentationUrl = 'https://cloudinary.com/documentation/how_to_integrate_cloudinary';

	properties: INodeProperties[] = [
		{
			displayName:
				'For the Cloudinary (Publishing) nodes of the n8n-nodes-consonance-cloudinary package. ' +
				'Cloudinary\'s own node uses its own "Cloudinary API" credential; the two are not interchangeable.',
			name: 'packageNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Cloud Name',
			name: 'cloudName',
			type: 'string',
			default: '',
			placeholder: 'my-publisher',
			description:
				"The product environment's cloud name, shown on the Cloudinary console dashboard",
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName:
				'Advanced: most accounts leave every field below as it is. Change them only for a regional API ' +
				'host, a private CDN or custom domain, SHA-256 signatures or token-based access.',
			name: 'advancedNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.cloudinary.com',
			description:
				'Change only for a regional host (https://api-eu.cloudinary.com, ' +
				'https://api-ap.cloudinary.com) or a test environment',
		},
		{
			displayName: 'Delivery Base URL',
			name: 'deliveryBaseUrl',
			type: 'string',
			default: 'https://res.cloudinary.com',
			description:
				'Where delivery URLs point. Change for a private CDN or custom domain (CNAME), e.g. ' +
				'https://images.example-publisher.com.',
		},
		{
			displayName: 'Delivery URLs Include Cloud Name',
			name: 'deliveryIncludesCloudName',
			type: 'boolean',
			default: true,
			description:
				'Whether the cloud name is the first path segment of delivery URLs. Turn off for a ' +
				'private CDN or CNAME, where the host already identifies the cloud.',
		},
		{
			displayName: 'Signature Algorithm',
			name: 'signatureAlgorithm',
			type: 'options',
			default: 'sha1',
			options: [
				{ name: 'SHA-1 (Cloudinary Default)', value: 'sha1' },
				{ name: 'SHA-256', value: 'sha256' },
			],
			description:
				'Use SHA-256 if your account was switched to it. Used for signed URLs, upload ' +
				'signatures and to check notifications (only this algorithm is accepted).',
		},
		{
			displayName: 'Token Auth Key',
			name: 'authTokenKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The hexadecimal key Cloudinary gives accounts with token-based access, for ' +
				'expiring delivery URLs (Access › Create Expiring URL).',
		},
	];

	// HTTP Basic auth, added only to requests for the credential's own (checked) API host.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	) => {
		assertCredentialTarget(
			requestOptions,
			credentials.apiBaseUrl,
			'https://api.cloudinary.com',
			"The Cloudinary credential's API Base URL",
		);
		return {
			...requestOptions,
			auth: {
				username: String(credentials.apiKey ?? ''),
				password: String(credentials.apiSecret ?? ''),
			},
		};
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiBaseUrl.replace(/\\/+$/, "")}}/v1_1/{{$credentials.cloudName}}',
			url: '/ping',
			method: 'GET',
		},
	};
}
