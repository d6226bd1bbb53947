import type { INodeProperties } from 'n8n-workflow';
import * as expiringUrl from './expiringUrl.operation';
import * as setAccessControl from './setAccessControl.operation';
import * as setAccessMode from './setAccessMode.operation';
import * as signedUrl from './signedUrl.operation';

export { expiringUrl, setAccessControl, setAccessMode, signedUrl };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['access'] } },
		options: [
			{
				name: 'Create Expiring URL',
				value: 'expiringUrl',
				description:
					'A token delivery URL that works only between a start and an expiry (needs the ' +
					"credential's token key), built locally",
				action: 'Create an expiring URL',
			},
			{
				name: 'Create Signed URL',
				value: 'signedUrl',
				description:
					'A signed delivery URL that opens private, authenticated or token-restricted assets ' +
					'and does not expire, built locally',
				action: 'Create a signed URL',
			},
			{
				name: 'Set Access Control',
				value: 'setAccessControl',
				description: 'Make many assets public, public in a time window, or token-only',
				action: 'Set access control on assets',
			},
			{
				name: 'Set Access Mode',
				value: 'setAccessMode',
				description: 'Set the access mode (public or authenticated) of many assets',
				action: 'Set access mode of assets',
			},
		],
		default: 'setAccessControl',
	},
	...expiringUrl.description,
	...setAccessControl.description,
	...setAccessMode.description,
	...signedUrl.description,
];
