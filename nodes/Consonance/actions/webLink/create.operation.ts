import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import {
	locatorKey,
	parallelOptionsCollection,
	readParallelRequests,
} from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { productLocator, workLocator } from '../common.descriptions';
import { WEB_LINK_OWNER_FIELDS } from '../../helpers/assumptions';
import { checkHttpUrl } from '../../helpers/input';
import { deleteRecord } from '../../helpers/deleteRecord';
import { createOnce, sameSource } from '../../helpers/links';
import { runMutation } from '../../helpers/mutation';
import {
	readProductReference,
	resolveProductId,
	notFoundError,
} from '../../helpers/productReference';
import { toWebLinkOutput, webLinkSelection } from '../../helpers/records';
import { resolveWorkId } from '../../helpers/workReference';
import { consonanceGraphql } from '../../transport';
import { readBoolean, readChoice, readText } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Attach To',
		name: 'attachTo',
		type: 'options',
		options: [
			{ name: 'Work (All Editions)', value: 'work' },
			{ name: 'One Product', value: 'product' },
		],
		default: 'work',
	},
	{ ...workLocator, displayOptions: { show: { attachTo: ['work'] } } },
	{ ...productLocator, displayOptions: { show: { attachTo: ['product'] } } },
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://res.cloudinary.com/acme/video/upload/v3/trailers/9781810000008.mp4',
		description: 'The media or page to link: a trailer, an audiobook sample, an author interview',
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'string',
		default: '',
		placeholder: 'e.g. 01',
		description:
			'What the link is; Consonance takes free text here, e.g. an ONIX list 73 website role code',
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		description: 'A short description shown with the link',
	},
	{
		displayName: 'Skip If Already Attached',
		name: 'skipIfAttached',
		type: 'boolean',
		default: true,
		description:
			'Whether to output the existing link (with skipped: true) instead of creating one when ' +
			'the same URL (for Cloudinary: the same public ID and version) is already linked here. ' +
			'Makes re-runs safe and lets failed calls be retried.',
	},
	parallelOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webLink'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(
		this,
		async (itemIndex) => {
			const attachTo = readChoice.call(this, 'attachTo', itemIndex, 'Attach To', [
				'work',
				'product',
			]) as 'work' | 'product';
			const url = checkHttpUrl.call(
				this,
				this.getNodeParameter('url', itemIndex),
				itemIndex,
				'URL',
			);
			const role = readText.call(this, 'role', itemIndex, 'Role', { required: false });
			const note = readText.call(this, 'note', itemIndex, 'Note', { required: false });
			const skip = readBoolean.call(
				this,
				'skipIfAttached',
				itemIndex,
				'Skip If Already Attached',
				true,
			);
			const reference =
				attachTo === 'product' ? readProductReference.call(this, 'product', itemIndex) : undefined;
			const ownerId = reference
				? await resolveProductId.call(this, reference, itemIndex)
				: await resolveWorkId.call(this, 'work', itemIndex);
			const owner = attachTo === 'product' ? { productId: ownerId } : { workId: ownerId };
			const input: IDataObject = { [WEB_LINK_OWNER_FIELDS[attachTo]]: ownerId, link: url };
			if (role) input.role = role;
			if (note) input.note = note;

			const { record, skipped } = await createOnce(
				async () => {
					const query =
						attachTo === 'product'
							? `query Links($id: Int) { owner: product(productSearch: { idEq: $id }) { webLinks { ` +
								`${webLinkSelection} } } }`
							: `query Links($id: Int) { owner: work(workSearch: { idEq: $id }) { webLinks { ${webLinkSelection} } } }`;
					const data = await consonanceGraphql.call(this, query, { id: ownerId }, { itemIndex });
					if (!data.owner)
						throw notFoundError(
							this.getNode(),
							itemIndex,
							attachTo === 'product' ? 'Product' : 'Work',
							`no Consonance ${attachTo} has ID ${ownerId}`,
						);
					return (((data.owner as IDataObject).webLinks as IDataObject[]) ?? []).filter((l) =>
						sameSource(l.link as string, url),
					);
				},
				async () => {
					const payload = await runMutation.call(
						this,
						'createWebLink',
						'CreateWebLinkInput',
						input,
						`webLink { ${webLinkSelection} }`,
						{
							itemIndex,
							fieldLabels: {
								workId: 'Work',
								productId: 'Product',
								link: 'URL',
								role: 'Role',
								note: 'Note',
							},
						},
					);
					return payload.webLink as IDataObject;
				},
				skip,
				async (duplicate) => {
					await deleteRecord.call(
						this,
						'deleteWebLink',
						'DeleteWebLinkInput',
						'Web Link',
						Number(duplicate.id),
						itemIndex,
					);
				},
			);
			return toWebLinkOutput(record, owner, { skipped });
		},
		{
			concurrency: readParallelRequests.call(this),
			// the items of one owner run in input order, so a second item with the same URL finds the
			// first one's link (createOnce) instead of creating another
			keyOf: (itemIndex) => {
				if (this.getNodeParameter('attachTo', itemIndex) === 'product')
					return readProductReference.call(this, 'product', itemIndex).label;
				const work = locatorKey(this.getNodeParameter('work', itemIndex));
				return work === undefined ? undefined : `work ${work}`;
			},
		},
	);
}
