import {
	NodeApiError,
	updateDisplayOptions,
	type JsonObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems, partialFailure } from '../../../shared/items';
import { pagingGuard } from '../../../shared/paging';
import { booleanOf, readChoice, readText } from '../../../shared/parameters';
import { ADMIN_API_MAX_IDS, readBulkTarget, readPublicIds } from '../../helpers/batching';
import { prefixOf } from '../../helpers/identifiers';
import { cloudinaryRequest, type FormValue } from '../../transport';
import { deliveryTypeField, resourceTypeField } from '../common.descriptions';

const MAX_PAGES = 1000;

const properties: INodeProperties[] = [
	{
		displayName: 'Delete By',
		name: 'deleteBy',
		type: 'options',
		default: 'ids',
		options: [
			{ name: 'Public IDs', value: 'ids' },
			{ name: 'Tag', value: 'tag', description: 'Every asset with this tag' },
			{
				name: 'Prefix',
				value: 'prefix',
				description: 'Every asset whose public ID starts with this',
			},
		],
	},
	{
		displayName: 'Public IDs',
		name: 'publicIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. covers/9781810000008, covers/9781810000015',
		description: 'Comma-separated public IDs (or a list from an expression)',
		displayOptions: { show: { deleteBy: ['ids'] } },
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { deleteBy: ['tag'] } },
	},
	{
		displayName: 'Prefix',
		name: 'prefix',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. campaigns/2025-spring/',
		displayOptions: { show: { deleteBy: ['prefix'] } },
	},
	{ ...resourceTypeField, description: 'The kind of assets to delete' },
	{
		...deliveryTypeField,
		description: 'The delivery type of the assets to delete (not used with Tag)',
		displayOptions: { show: { deleteBy: ['ids', 'prefix'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Invalidate CDN Cache',
				name: 'invalidate',
				type: 'boolean',
				default: false,
				description: 'Whether to purge cached copies of the deleted assets',
			},
			{
				displayName: 'Only Derived Variants',
				name: 'keepOriginal',
				type: 'boolean',
				default: false,
				description: 'Whether to delete only the generated variants and keep the originals',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const deleteBy = readChoice.call(this, 'deleteBy', itemIndex, 'Delete By', [
			'ids',
			'tag',
			'prefix',
		]);
		const { resourceType, deliveryType: type } = readBulkTarget.call(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const common = {
			invalidate: booleanOf(
				this,
				options.invalidate,
				itemIndex,
				'Options › Invalidate CDN Cache',
				false,
			)
				? true
				: undefined,
			keep_original: booleanOf(
				this,
				options.keepOriginal,
				itemIndex,
				'Options › Only Derived Variants',
				false,
			)
				? true
				: undefined,
		};
		const base = `resources/${encodeURIComponent(resourceType)}`;

		const deleted: IDataObject = {};
		let calls = 0;
		// Deleting is safe to repeat (a repeat finds "not_found"), so every call may be retried.
		const run = async (path: string, form: Record<string, FormValue>) => {
			let cursor: string | undefined;
			const guard = pagingGuard(node, 'Cloudinary', {
				what: 'delete',
				cursorName: 'next_cursor',
				itemIndex,
				maxPages: MAX_PAGES,
			});
			for (let page = 0; page < MAX_PAGES; page++) {
				calls++;
				const { body } = await cloudinaryRequest.call(this, {
					method: 'DELETE',
					path,
					form: { ...form, ...common, next_cursor: cursor },
					itemIndex,
					idempotent: true,
				});
				Object.assign(deleted, (body.deleted as IDataObject) ?? {});
				if (!body.partial || !body.next_cursor) return;
				cursor = String(body.next_cursor);
				guard.next(Object.keys((body.deleted as IDataObject) ?? {}), cursor);
			}
		};
		const outcome = () => {
			const entries = Object.entries(deleted);
			return {
				deleted: entries.filter(([, v]) => v === 'deleted').map(([k]) => k),
				notFound: entries.filter(([, v]) => v === 'not_found').map(([k]) => k),
				deletedCount: entries.filter(([, v]) => v === 'deleted').length,
				calls,
			};
		};

		// What was read is checked before any call; errors of the calls are the service's (NodeApiError).
		const ids = deleteBy === 'ids' ? readPublicIds.call(this, itemIndex) : [];
		const tag =
			deleteBy === 'tag'
				? readText.call(this, 'tag', itemIndex, 'Tag', {
						maxLength: 255,
						valid: 'one tag, e.g. withdrawn',
					})
				: '';
		if (tag.includes(','))
			throw invalidFieldError(
				node,
				itemIndex,
				'Tag',
				`"${tag}" contains a comma`,
				'one tag, e.g. withdrawn',
			);
		const prefix =
			deleteBy === 'prefix'
				? prefixOf(this, this.getNodeParameter('prefix', itemIndex, ''), itemIndex, 'Prefix')
				: '';
		let sent = 0;
		try {
			if (deleteBy === 'ids') {
				for (; sent < ids.length; sent += ADMIN_API_MAX_IDS)
					await run(`${base}/${encodeURIComponent(type)}`, {
						public_ids: ids.slice(sent, sent + ADMIN_API_MAX_IDS),
					});
			} else if (deleteBy === 'tag') {
				await run(`${base}/tags/${encodeURIComponent(tag)}`, {});
			} else {
				await run(`${base}/${encodeURIComponent(type)}`, { prefix });
			}
		} catch (error) {
			if (deleteBy === 'ids' && sent > 0) {
				const notDeleted = ids.slice(sent);
				throw partialFailure(
					node,
					error,
					{ ...outcome(), notDeleted },
					`${sent} of ${ids.length} public IDs were handled before this failure (listed in ` +
						`"deleted" and "notFound"); the other ${notDeleted.length} ("notDeleted") were not ` +
						`confirmed deleted; running the node again is safe`,
				);
			}
			// By tag or prefix, Cloudinary deletes page by page: what earlier pages deleted is reported.
			if (deleteBy !== 'ids' && calls > 1) {
				throw partialFailure(
					node,
					error,
					outcome(),
					`${outcome().deletedCount} assets were deleted before this failure (listed in ` +
						`"deleted"); running the node again deletes the rest`,
				);
			}
			throw new NodeApiError(node, error as JsonObject);
		}
		return outcome();
	});
}
