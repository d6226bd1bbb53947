import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { pagingGuard } from '../../../shared/paging';
import { RESOURCE_TYPES } from '../../helpers/assetReference';
import { cloudinaryRequest, type FormValue } from '../../transport';
import { deliveryTypeField, resourceTypeField } from '../common.descriptions';

const MAX_IDS_PER_CALL = 100;
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
			{ name: 'Prefix', value: 'prefix', description: 'Every asset whose public ID starts with this' },
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
	{ displayName: 'Tag', name: 'tag', type: 'string', default: '', required: true, displayOptions: { show: { deleteBy: ['tag'] } } },
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
	{ ...deliveryTypeField, description: 'The delivery type of the assets to delete (not used with Tag)', displayOptions: { show: { deleteBy: ['ids', 'prefix'] } } },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Invalidate CDN Cache', name: 'invalidate', type: 'boolean', default: false, description: 'Whether to purge cached copies of the deleted assets' },
			{ displayName: 'Only Derived Variants', name: 'keepOriginal', type: 'boolean', default: false, description: 'Whether to delete only the generated variants and keep the originals' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['asset'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const deleteBy = this.getNodeParameter('deleteBy', itemIndex) as string;
		const resourceType = this.getNodeParameter('resourceType', itemIndex, 'image') as string;
		const type = this.getNodeParameter('deliveryType', itemIndex, 'upload') as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (!(RESOURCE_TYPES as readonly string[]).includes(resourceType)) throw invalidFieldError(node, itemIndex, 'Resource Type', `"${resourceType}" is not a resource type`, RESOURCE_TYPES.join(', '));
		const common = { invalidate: options.invalidate ? true : undefined, keep_original: options.keepOriginal ? true : undefined };
		const base = `resources/${encodeURIComponent(resourceType)}`;

		const deleted: IDataObject = {};
		let calls = 0;
		// Deleting is safe to repeat (a repeat finds "not_found"), so every call may be retried.
		const run = async (path: string, form: Record<string, FormValue>) => {
			let cursor: string | undefined;
			const guard = pagingGuard(node, 'Cloudinary', { what: 'delete', cursorName: 'next_cursor', itemIndex, maxPages: MAX_PAGES });
			for (let page = 0; page < MAX_PAGES; page++) {
				calls++;
				const { body } = await cloudinaryRequest.call(this, { method: 'DELETE', path, form: { ...form, ...common, next_cursor: cursor }, itemIndex, idempotent: true });
				Object.assign(deleted, (body.deleted as IDataObject) ?? {});
				if (!body.partial || !body.next_cursor) return;
				cursor = String(body.next_cursor);
				guard.next(Object.keys((body.deleted as IDataObject) ?? {}), cursor);
			}
		};

		if (deleteBy === 'ids') {
			const raw = this.getNodeParameter('publicIds', itemIndex, '') as string | string[];
			const ids = [...new Set((Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',')).map((s) => s.trim()).filter(Boolean))];
			if (!ids.length) throw invalidFieldError(node, itemIndex, 'Public IDs', 'no public ID was given', 'comma-separated public IDs such as covers/9781810000008');
			for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) await run(`${base}/${encodeURIComponent(type)}`, { public_ids: ids.slice(i, i + MAX_IDS_PER_CALL) });
		} else if (deleteBy === 'tag') {
			const tag = String(this.getNodeParameter('tag', itemIndex, '') ?? '').trim();
			if (!tag || tag.includes(',')) throw invalidFieldError(node, itemIndex, 'Tag', tag ? `"${tag}" contains a comma` : 'no tag was given', 'one tag, e.g. withdrawn');
			await run(`${base}/tags/${encodeURIComponent(tag)}`, {});
		} else {
			const prefix = String(this.getNodeParameter('prefix', itemIndex, '') ?? '').trim();
			if (!prefix) throw invalidFieldError(node, itemIndex, 'Prefix', 'no prefix was given (an empty prefix would delete everything)', 'the start of public IDs, e.g. campaigns/2025-spring/');
			await run(`${base}/${encodeURIComponent(type)}`, { prefix });
		}
		const entries = Object.entries(deleted);
		return {
			deleted: entries.filter(([, v]) => v === 'deleted').map(([k]) => k),
			notFound: entries.filter(([, v]) => v === 'not_found').map(([k]) => k),
			deletedCount: entries.filter(([, v]) => v === 'deleted').length,
			calls,
		};
	});
}
