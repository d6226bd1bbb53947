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
		{
			displayName: 'By Public ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. covers/9781810000008',
		},
		{
			displayName: 'By Asset ID',
			name: 'assetId',
			type: 'string',
			placeholder: 'e.g. 5a6c2f0b0e6e4a1e9f3b1c2d3e4f5a6b',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^\\s*[0-9a-fA-F]{32}\\s*$',
						errorMessage: 'An asset ID has 32 hexadecimal characters',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'e.g. https://res.cloudinary.com/my-cloud/image/upload/v1719307544/covers/9781810000008.jpg',
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
		'The assets to change: one public ID per item, several separated by commas or new ' +
		'lines, or an array. The IDs of all input items are collected and sent in calls of up ' +
		'to 1000.',
};

export const bulkResourceTypeField: INodeProperties = {
	...resourceTypeField,
	description: 'The resource type of the assets',
};

export const bulkDeliveryTypeField: INodeProperties = {
	...deliveryTypeField,
	description: 'The delivery type of the assets',
};

// Fields of the URL and Variant operations: the print cover's size and the delivery options.

export const printSizeField: INodeProperties = {
	displayName: 'Print Size',
	name: 'printSize',
	type: 'collection',
	placeholder: 'Add Print Size Field',
	default: {},
	description:
		'Trim size for the print cover preset: front cover = (trim width + bleed) × (trim ' +
		'height + 2 × bleed) at 300 dpi; with a spine width, the full jacket = (2 × trim width ' +
		'+ spine + 2 × bleed) × (trim height + 2 × bleed)',
	options: [
		{
			displayName: 'Bleed',
			name: 'bleed',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0.125,
			description: 'Bleed on each outer edge (IngramSpark: 0.125 in)',
		},
		{
			displayName: 'Spine Width',
			name: 'spine',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 0,
			description: 'Spine width for a full jacket (0 = front cover only)',
		},
		{
			displayName: 'Trim Height',
			name: 'trimHeight',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 9,
		},
		{
			displayName: 'Trim Width',
			name: 'trimWidth',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 3 },
			default: 6,
		},
		{
			displayName: 'Unit',
			name: 'unit',
			type: 'options',
			options: [
				{ name: 'Inches', value: 'in' },
				{ name: 'Millimetres', value: 'mm' },
			],
			default: 'in',
		},
	],
};

export const deliveryOptionFields: INodeProperties[] = [
	{
		displayName: 'Delivery Base URL',
		name: 'deliveryBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://images.example-publisher.com',
		description: "A private CDN or custom domain (CNAME) for these URLs; empty = the credential's",
	},
	{
		displayName: 'Force Version',
		name: 'forceVersion',
		type: 'boolean',
		default: true,
		description:
			'Whether to add v1 to public IDs in folders when no version is known, as the official SDKs do',
	},
	{
		displayName: 'Include Cloud Name',
		name: 'includeCloudName',
		type: 'options',
		options: [
			{ name: 'As in the Credential', value: 'credential' },
			{ name: 'Yes (Shared Domain)', value: 'yes' },
			{ name: 'No (Private CDN or CNAME)', value: 'no' },
		],
		default: 'credential',
		description: 'Whether the cloud name is the first path segment',
	},
	{
		displayName: 'Long Signature',
		name: 'longSignature',
		type: 'boolean',
		default: false,
		description:
			'Whether signed URLs use the 32-character SHA-256 signature instead of the 8-character one',
	},
	{
		displayName: 'Sign URL',
		name: 'signUrl',
		type: 'boolean',
		default: false,
		description:
			'Whether to sign the URL (needed for private and authenticated assets, and for strict transformations)',
	},
	{
		displayName: 'Version',
		name: 'version',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1719307544',
		description: 'The asset version to put in the URL, so caches see a new URL after a replacement',
	},
];
