import type { INodeProperties } from 'n8n-workflow';
import * as getUrls from './getUrls.operation';
import * as materialize from './materialize.operation';

export { getUrls, materialize };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['variant'] } },
		options: [
			{
				name: 'Create',
				value: 'materialize',
				description:
					'Create the channel-preset variants (print, eBook, audiobook, social…) of a master ' +
					'image now in Cloudinary and return their URLs. For your own transformation strings ' +
					'use Asset › Generate Derived Versions.',
				action: 'Create channel variants',
			},
			{
				name: 'Get Delivery URLs',
				value: 'getUrls',
				description:
					'URLs of the channel-preset variants of a master image, built locally without an API ' +
					'call; Cloudinary creates each on its first request',
				action: 'Get delivery links for channel variants',
			},
		],
		default: 'getUrls',
	},
	...getUrls.description,
	...materialize.description,
];
