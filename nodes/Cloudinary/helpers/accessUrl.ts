import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readBulkTarget } from './batching';
import { checkFormat, checkTransformation } from './transformation';
import type { CloudinaryCredentials } from '../transport';
import { readDeliveryOptions, type DeliveryOptions } from './deliveryOptions';
import { publicIdOf } from './identifiers';

/** What Access › Create Signed URL and Create Expiring URL read alike: the asset and the URL's variant. */
export interface AccessUrlInput {
	target: { publicId: string; resourceType: string; type: string };
	variant: { transformation?: string; format?: string };
	delivery: DeliveryOptions;
	options: IDataObject;
}

export function readAccessUrlInput(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: CloudinaryCredentials,
): AccessUrlInput {
	const publicId = publicIdOf(
		this,
		this.getNodeParameter('publicId', itemIndex, ''),
		itemIndex,
		'Public ID',
	);
	const { resourceType, deliveryType } = readBulkTarget.call(this, itemIndex);
	const options = this.getNodeParameter('urlOptions', itemIndex, {}) as IDataObject;
	const { delivery } = readDeliveryOptions.call(this, itemIndex, credentials, options);
	return {
		target: { publicId, resourceType, type: deliveryType },
		variant: {
			transformation: checkTransformation.call(
				this,
				itemIndex,
				'Options › Transformation',
				options.transformation,
			),
			format: checkFormat.call(this, itemIndex, 'Options › Format', options.format),
		},
		delivery,
		options,
	};
}
