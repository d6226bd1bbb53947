import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import {
	locatorKey,
	parallelRequestsOption,
	readParallelRequests,
} from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import {
	SUPPORTING_RESOURCE_STATUSES,
	SUPPORTING_RESOURCE_URL_PATTERN,
	SUPPORTING_RESOURCE_VARIANTS,
} from '../../helpers/assumptions';
import { checkHttpUrl, checkProductList, resolveProductList } from '../../helpers/input';
import { deleteRecord } from '../../helpers/deleteRecord';
import { createOnce, sameSource } from '../../helpers/links';
import { runMutation } from '../../helpers/mutation';
import { supportingResourceSelection, toSupportingResourceOutput } from '../../helpers/records';
import { fetchWork, resolveWorkId } from '../../helpers/workReference';
import { readBoolean, readChoice, textOf } from '../../../shared/parameters';

const FIELD_LABELS = {
	workId: 'Work',
	imageRemoteUrl: 'Image URL',
	resourceVariant: 'Variant',
	status: 'Status',
	productIds: 'Products',
	linkToAllProducts: 'Link To',
	unlinkPrevious: 'Unlink Previous of the Same Variant',
	caption: 'Caption',
	copyright: 'Copyright',
	requiredCredit: 'Credit',
};

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder:
			'e.g. https://res.cloudinary.com/acme/image/upload/v1719307544/covers/9781810000008.jpg',
		description:
			'A public JPG URL Consonance fetches the image from (for Cloudinary, a versioned delivery URL ending in .jpg)',
	},
	{
		displayName: 'Variant',
		name: 'variant',
		type: 'options',
		options: SUPPORTING_RESOURCE_VARIANTS,
		default: 'FRONT_COVER',
		description: 'What the image is',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: SUPPORTING_RESOURCE_STATUSES,
		default: 'DRAFT',
	},
	{
		displayName: 'Link To',
		name: 'linkTo',
		type: 'options',
		options: [
			{ name: 'All Products of the Work', value: 'all' },
			{ name: 'Chosen Products', value: 'chosen' },
			{ name: 'No Product (Work Only)', value: 'none' },
		],
		default: 'all',
		description: 'Which editions show this resource',
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'string',
		default: '',
		placeholder: 'e.g. 5001, 978-1-81000-000-8',
		description: 'Product IDs or ISBNs of this work, separated by commas',
		displayOptions: { show: { linkTo: ['chosen'] } },
	},
	{
		displayName: 'Unlink Previous of the Same Variant',
		name: 'unlinkPrevious',
		type: 'boolean',
		default: true,
		description:
			'Whether earlier resources of this variant stop being linked to these products (the ' +
			'new cover replaces the old one)',
	},
	{
		displayName: 'Skip If Already Attached',
		name: 'skipIfAttached',
		type: 'boolean',
		default: true,
		description:
			'Whether to output the existing resource (with skipped: true) instead of creating one ' +
			'when the work already has a resource from the same URL (for Cloudinary: the same ' +
			'public ID and version). Makes re-runs safe and lets failed calls be retried.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Caption', name: 'caption', type: 'string', default: '' },
			{
				displayName: 'Copyright',
				name: 'copyright',
				type: 'string',
				default: '',
				placeholder: 'e.g. © 2026 Jane Doe',
			},
			{
				displayName: 'Credit',
				name: 'credit',
				type: 'string',
				default: '',
				placeholder: 'e.g. Photo: Jane Doe',
				description: 'The credit line that must accompany the image',
			},
			parallelRequestsOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportingResource'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(
		this,
		async (itemIndex) => {
			const url = checkHttpUrl.call(
				this,
				this.getNodeParameter('imageUrl', itemIndex),
				itemIndex,
				'Image URL',
			);
			if (!SUPPORTING_RESOURCE_URL_PATTERN.test(new URL(url).pathname)) {
				throw invalidFieldError(
					this.getNode(),
					itemIndex,
					'Image URL',
					`${url} is not a JPG: Consonance accepts only JPG images`,
					'a URL ending in .jpg or .jpeg (for Cloudinary, add f_jpg and the .jpg extension)',
				);
			}
			const variant = readChoice.call(
				this,
				'variant',
				itemIndex,
				'Variant',
				SUPPORTING_RESOURCE_VARIANTS.map((o) => String(o.value)),
			);
			const status = readChoice.call(
				this,
				'status',
				itemIndex,
				'Status',
				SUPPORTING_RESOURCE_STATUSES.map((o) => String(o.value)),
			);
			const linkTo = readChoice.call(this, 'linkTo', itemIndex, 'Link To', [
				'all',
				'chosen',
				'none',
			]);
			const skip = readBoolean.call(
				this,
				'skipIfAttached',
				itemIndex,
				'Skip If Already Attached',
				true,
			);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const chosen =
				linkTo === 'chosen'
					? checkProductList.call(
							this,
							this.getNodeParameter('products', itemIndex, ''),
							itemIndex,
							'Products',
						)
					: undefined;
			const workId = await resolveWorkId.call(this, 'work', itemIndex);

			const input: IDataObject = {
				workId,
				imageRemoteUrl: url,
				resourceVariant: variant,
				status,
				unlinkPrevious: readBoolean.call(
					this,
					'unlinkPrevious',
					itemIndex,
					'Unlink Previous of the Same Variant',
					true,
				),
			};
			if (linkTo === 'all') input.linkToAllProducts = true;
			else if (chosen)
				input.productIds = await resolveProductList.call(
					this,
					chosen,
					workId,
					itemIndex,
					'Products',
				);
			else input.productIds = [];
			for (const [option, field, label] of [
				['caption', 'caption', 'Caption'],
				['copyright', 'copyright', 'Copyright'],
				['credit', 'requiredCredit', 'Credit'],
			]) {
				const value = textOf(this, options[option], itemIndex, `Options › ${label}`, {
					required: false,
				});
				if (value) input[field] = value;
			}

			const { record, skipped } = await createOnce(
				async () => {
					const work = await fetchWork.call(
						this,
						workId,
						`supportingResources { ${supportingResourceSelection} }`,
						itemIndex,
					);
					return ((work.supportingResources as IDataObject[]) ?? []).filter(
						(r) =>
							sameSource((r.imageRemoteUrl ?? r.url) as string, url) &&
							r.resourceVariant === variant,
					);
				},
				async () => {
					const payload = await runMutation.call(
						this,
						'createSupportingResource',
						'CreateSupportingResourceInput',
						input,
						`supportingResource { ${supportingResourceSelection} }`,
						{
							itemIndex,
							fieldLabels: FIELD_LABELS,
						},
					);
					return payload.supportingResource as IDataObject;
				},
				skip,
				async (duplicate) => {
					await deleteRecord.call(
						this,
						'deleteSupportingResource',
						'DeleteSupportingResourceInput',
						'Supporting Resource',
						Number(duplicate.id),
						itemIndex,
					);
				},
			);
			return toSupportingResourceOutput(record, { skipped });
		},
		{
			concurrency: readParallelRequests.call(this),
			// the items of one work run in input order, so a second item with the same URL finds the
			// first one's resource (createOnce) instead of creating another
			keyOf: (itemIndex) => locatorKey(this.getNodeParameter('work', itemIndex)),
		},
	);
}
