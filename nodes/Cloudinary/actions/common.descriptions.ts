import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';

export const RESOURCE_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Image', value: 'image' },
	{ name: 'Video (and Audio)', value: 'video' },
	{ name: 'Raw (Other Files)', value: 'raw' },
];

export const DELIVERY_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Upload (Public)', value: 'upload' },
	{ name: 'Private', value: 'private' },
	{ name: 'Authenticated', value: 'authenticated' },
];

/** The asset picker: from a searchable list, by public ID, by asset ID or by delivery URL. */
export const assetLocator: INodeProperties = {
	displayName: 'Asset',
	name: 'asset',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by public ID…',
			typeOptions: { searchListMethod: 'searchAssets', searchable: true },
		},
		{ displayName: 'By Public ID', name: 'id', type: 'string', placeholder: 'e.g. covers/9781810000008' },
		{
			displayName: 'By Asset ID',
			name: 'assetId',
			type: 'string',
			placeholder: 'e.g. 5a6c2f0b0e6e4a1e9f3b1c2d3e4f5a6b',
			validation: [{ type: 'regex', properties: { regex: '^\\s*[0-9a-fA-F]{32}\\s*$', errorMessage: 'An asset ID has 32 hexadecimal characters' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://res.cloudinary.com/my-cloud/image/upload/v1719307544/covers/9781810000008.jpg',
		},
	],
};

export const resourceTypeField: INodeProperties = {
	displayName: 'Resource Type',
	name: 'resourceType',
	type: 'options',
	default: 'image',
	options: RESOURCE_TYPE_OPTIONS,
	description: 'Used with a public ID; an asset ID or URL already says which',
};

export const deliveryTypeField: INodeProperties = {
	displayName: 'Delivery Type',
	name: 'deliveryType',
	type: 'options',
	default: 'upload',
	options: DELIVERY_TYPE_OPTIONS,
	description: 'Used with a public ID; an asset ID or URL already says which',
};

// Fields of the bulk operations (tags, context, metadata, access, archive): the public IDs come from
// every input item and are sent to Cloudinary in calls of up to 1000.

export const publicIdsField: INodeProperties = {
	displayName: 'Public IDs',
	name: 'publicIds',
	type: 'string',
	default: '={{ $json.public_id }}',
	required: true,
	placeholder: 'e.g. covers/9781810000008',
	description:
		'The assets to change: one public ID per item, several separated by commas or new lines, or an array. The IDs of all input items are collected and sent in calls of up to 1000.',
};

export const bulkResourceTypeField: INodeProperties = { ...resourceTypeField, description: 'The resource type of the assets' };

export const bulkDeliveryTypeField: INodeProperties = { ...deliveryTypeField, description: 'The delivery type of the assets' };
