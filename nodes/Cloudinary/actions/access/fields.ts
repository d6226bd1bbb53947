import type { INodeProperties } from 'n8n-workflow';
import { bulkResourceTypeField, DELIVERY_TYPE_OPTIONS } from '../common.descriptions';

// Fields of the two URL operations of Access (Create Signed URL, Create Expiring URL).

const publicIdField: INodeProperties = {
	displayName: 'Public ID',
	name: 'publicId',
	type: 'string',
	default: '={{ $json.public_id }}',
	required: true,
	placeholder: 'e.g. covers/9781810000008',
};

const deliveryTypeField: INodeProperties = {
	displayName: 'Delivery Type',
	name: 'deliveryType',
	type: 'options',
	default: 'authenticated',
	options: DELIVERY_TYPE_OPTIONS,
	description: 'The delivery type of the asset',
};

export const accessUrlTargetFields: INodeProperties[] = [
	publicIdField,
	bulkResourceTypeField,
	deliveryTypeField,
];

export const formatOption: INodeProperties = {
	displayName: 'Format',
	name: 'format',
	type: 'string',
	default: '',
	placeholder: 'e.g. jpg',
	description: 'File extension to deliver',
};

export const transformationOption: INodeProperties = {
	displayName: 'Transformation',
	name: 'transformation',
	type: 'string',
	default: '',
	placeholder: 'e.g. c_fill,h_400,w_300',
	description: 'A transformation string, components separated by "/"',
};

export const versionOption: INodeProperties = {
	displayName: 'Version',
	name: 'version',
	type: 'string',
	default: '',
	placeholder: 'e.g. 1719307544',
};

/** The Options collection of a URL operation, holding the given options. */
export function urlOptionsField(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'urlOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
