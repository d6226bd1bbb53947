import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { friendlyAsset } from '../../helpers/assetOutput';
import {
	buildSearchExpression,
	SEARCH_FIELDS,
	SearchConditionError,
	type SearchCondition,
} from '../../helpers/assetSearch';
import { cloudinaryRequest } from '../../transport';
import { limitField, readLimit, returnAllField } from '../../../shared/listing';
import { pagingGuard } from '../../../shared/paging';
import { choiceOf, listOf, readChoice, readText } from '../../../shared/parameters';

const PAGE_MAX = 500;

/**
 * The fields a search can be asked to return (Cloudinary's `fields`; docs/api-facts.md), besides
 * the seven it always returns.
 */
const OUTPUT_FIELDS: Array<[string, string]> = [
	['access_control', 'Access Control'],
	['access_mode', 'Access Mode'],
	['accessibility_analysis', 'Accessibility Analysis'],
	['aspect_ratio', 'Aspect Ratio'],
	['backup_bytes', 'Backup Bytes'],
	['bytes', 'Bytes'],
	['context', 'Context'],
	['created_by', 'Created By'],
	['display_name', 'Display Name'],
	['etag', 'ETag (MD5)'],
	['filename', 'Filename'],
	['format', 'Format'],
	['height', 'Height'],
	['image_analysis', 'Image Analysis'],
	['image_metadata', 'Image Metadata'],
	['metadata', 'Structured Metadata'],
	['pixels', 'Pixels'],
	['quality_analysis', 'Quality Analysis'],
	['secure_url', 'Secure URL'],
	['tags', 'Tags'],
	['uploaded_at', 'Uploaded At'],
	['uploaded_by', 'Uploaded By'],
	['url', 'URL'],
	['version', 'Version'],
	['width', 'Width'],
];

const properties: INodeProperties[] = [
	{
		displayName: 'Define Search',
		name: 'mode',
		type: 'options',
		default: 'builder',
		options: [
			{ name: 'Using Conditions', value: 'builder' },
			{
				name: 'Using an Expression',
				value: 'expression',
				description: "Cloudinary's search expression language",
			},
		],
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'All conditions must match. None: every asset.',
		displayOptions: { show: { mode: ['builder'] } },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						default: 'tag',
						options: SEARCH_FIELDS.map((f) => ({ name: f.name, value: f.value })),
					},
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. isbn',
						description: "The metadata field's external ID or the context key",
						displayOptions: { show: { field: ['metadata', 'context'] } },
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Expression',
		name: 'expression',
		type: 'string',
		default: '',
		placeholder: 'e.g. tags=cover AND uploaded_at>1d',
		displayOptions: { show: { mode: ['expression'] } },
	},
	returnAllField,
	limitField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Aggregate By',
				name: 'aggregate',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Format', value: 'format' },
					{ name: 'Resource Type', value: 'resource_type' },
					{ name: 'Delivery Type', value: 'type' },
				],
				description:
					'Counts per value over all matches (Cloudinary plans with search aggregation only). ' +
					'Output becomes one summary item.',
			},
			{
				displayName: 'Include Fields',
				name: 'withField',
				type: 'multiOptions',
				default: ['tags', 'context', 'metadata'],
				options: [
					{ name: 'Context', value: 'context' },
					{ name: 'Image Analysis', value: 'image_analysis' },
					{ name: 'Image Metadata', value: 'image_metadata' },
					{ name: 'Structured Metadata', value: 'metadata' },
					{ name: 'Tags', value: 'tags' },
				],
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'items',
				options: [
					{ name: 'One Item per Asset', value: 'items' },
					{
						name: 'One Summary Item',
						value: 'summary',
						description: 'Total count, aggregations and the assets in one item',
					},
				],
			},
			{
				displayName: 'Output Fields',
				name: 'outputFields',
				type: 'multiOptions',
				default: [],
				options: OUTPUT_FIELDS.map(([value, name]) => ({ name, value })),
				description:
					'Only these fields of each asset (public ID, asset ID, asset folder, created at, status, type ' +
					'and resource type always come); none chosen means all. Fewer fields make a search of ' +
					'thousands of assets lighter. Tags, context and metadata come only if chosen here or in ' +
					'Include Fields.',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				default: 'created_at',
				options: [
					{ name: 'Created At', value: 'created_at' },
					{ name: 'Height', value: 'height' },
					{ name: 'Public ID', value: 'public_id' },
					{ name: 'Size (Bytes)', value: 'bytes' },
					{ name: 'Uploaded At', value: 'uploaded_at' },
					{ name: 'Width', value: 'width' },
				],
			},
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				default: 'desc',
				options: [
					{ name: 'Descending', value: 'desc' },
					{ name: 'Ascending', value: 'asc' },
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['asset'], operation: ['search'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const mode = readChoice.call(this, 'mode', itemIndex, 'Search', ['builder', 'expression']);
		let expression: string;
		if (mode === 'expression') {
			expression = readText.call(this, 'expression', itemIndex, 'Expression', {
				required: false,
				maxLength: 10000,
			});
		} else {
			const conditions =
				((this.getNodeParameter('conditions', itemIndex, {}) as IDataObject).condition as
					SearchCondition[] | undefined) ?? [];
			try {
				expression = buildSearchExpression(conditions);
			} catch (error) {
				if (error instanceof SearchConditionError)
					throw invalidFieldError(
						node,
						itemIndex,
						`Conditions ${error.index + 1}`,
						error.message,
						error.valid,
					);
				throw new NodeOperationError(node, error as Error, { itemIndex });
			}
		}
		const limit = readLimit.call(this, itemIndex) ?? Infinity;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const aggregate = listOf(this, options.aggregate, itemIndex, 'Options › Aggregate Counts');
		const outputFields = listOf(this, options.outputFields, itemIndex, 'Options › Output Fields', {
			oneOf: { values: OUTPUT_FIELDS.map(([value]) => value), isNot: 'a field a search returns' },
		});
		// Include Fields' default (tags, context, metadata) applies only when no output field is chosen:
		// Cloudinary's `fields` wins over `with_field`, so one chosen explicitly is added to the fields.
		const withField =
			options.withField === undefined
				? outputFields.length
					? []
					: ['tags', 'context', 'metadata']
				: listOf(this, options.withField, itemIndex, 'Options › Include Fields');
		const fields = outputFields.length ? [...new Set([...outputFields, ...withField])] : [];
		const sortBy = choiceOf(this, options.sortBy ?? 'created_at', itemIndex, 'Options › Sort By', [
			'created_at',
			'height',
			'public_id',
			'bytes',
			'uploaded_at',
			'width',
		]);
		const sortDirection = choiceOf(
			this,
			options.sortDirection ?? 'desc',
			itemIndex,
			'Options › Sort Direction',
			['desc', 'asc'],
		);
		const request: IDataObject = {
			expression: expression || undefined,
			sort_by: [{ [sortBy]: sortDirection }],
			with_field: withField.length && !fields.length ? withField : undefined,
			fields: fields.length ? fields.join(',') : undefined,
		};

		const resources: IDataObject[] = [];
		let totalCount: number | undefined;
		let aggregations: unknown;
		let cursor: string | undefined;
		const guard = pagingGuard(this.getNode(), 'Cloudinary', {
			what: 'search',
			cursorName: 'next_cursor',
			itemIndex,
		});
		do {
			const body: IDataObject = {
				...request,
				max_results: Math.min(PAGE_MAX, limit - resources.length),
				next_cursor: cursor,
			};
			if (aggregate.length && cursor === undefined) body.aggregate = aggregate;
			// A search reads only: safe to retry.
			const { body: page } = await cloudinaryRequest.call(this, {
				method: 'POST',
				path: 'resources/search',
				body,
				itemIndex,
				idempotent: true,
			});
			totalCount ??= page.total_count as number;
			aggregations ??= page.aggregations;
			const found = (page.resources as IDataObject[]) ?? [];
			resources.push(...found.map((r) => friendlyAsset(r)));
			cursor = page.next_cursor ? String(page.next_cursor) : undefined;
			if (cursor && resources.length < limit) guard.next(found, cursor);
		} while (cursor && resources.length < limit);

		if (options.output === 'summary' || aggregate.length) {
			return {
				expression,
				total_count: totalCount ?? resources.length,
				aggregations: aggregations ?? null,
				resources,
			};
		}
		return resources;
	});
}
