import type { INodeProperties } from 'n8n-workflow';
import { deliveryTypeField, resourceTypeField } from './common.descriptions';

// Fields shared by the bulk operations (tags, context, metadata, access): the public IDs come from
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

export { limitField, returnAllField } from '../../shared/listing';

/**
 * Shows properties for a resource's operations. A property that names its own operations keeps
 * them (updateDisplayOptions would merge the two operation lists index by index, showing a field
 * for operations it does not belong to).
 */
export function forOperations(resource: string, operations: string[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: property.displayOptions?.show?.operation ?? operations },
		},
	}));
}
