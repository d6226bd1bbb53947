import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { invalidFieldError } from '../../shared/errors';
import { readBulkTarget } from './batching';
import { checkFormat, checkTransformation } from './transformation';
import type { CloudinaryCredentials } from '../transport';
import { readDeliveryOptions, type DeliveryOptions } from '../actions/url/shared';

/** What Access › Create Signed URL and Create Expiring URL read alike: the asset and the URL's variant. */
export interface AccessUrlInput {
	target: { publicId: string; resourceType: string; type: string };
	variant: { transformation?: string; format?: string };
	delivery: DeliveryOptions;
	options: IDataObject;
}

export function readAccessUrlInput(this: IExecuteFunctions, itemIndex: number, credentials: CloudinaryCredentials): AccessUrlInput {
	const publicId = String(this.getNodeParameter('publicId', itemIndex, '') ?? '').trim();
	if (!publicId) throw invalidFieldError(this.getNode(), itemIndex, 'Public ID', 'no public ID was given', 'a public ID such as covers/9781810000008');
	const { resourceType, deliveryType } = readBulkTarget.call(this, itemIndex);
	const options = this.getNodeParameter('urlOptions', itemIndex, {}) as IDataObject;
	const { delivery } = readDeliveryOptions.call(this, itemIndex, credentials, options);
	return {
		target: { publicId, resourceType, type: deliveryType },
		variant: {
			transformation: checkTransformation.call(this, itemIndex, 'Options › Transformation', options.transformation),
			format: checkFormat.call(this, itemIndex, 'Options › Format', options.format),
		},
		delivery,
		options,
	};
}
