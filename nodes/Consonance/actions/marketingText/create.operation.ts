import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import {
	locatorKey,
	parallelRequestsOption,
	readParallelRequests,
} from '../../../shared/concurrency';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { MARKETING_TEXT_VARIANTS } from '../../helpers/assumptions';
import { checkProductList, resolveProductList } from '../../helpers/input';
import { runMutation } from '../../helpers/mutation';
import { marketingTextSelection, toMarketingTextOutput } from '../../helpers/records';
import { resolveWorkId } from '../../helpers/workReference';
import { readChoice, readText, textOf } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Variant',
		name: 'variant',
		type: 'options',
		options: MARKETING_TEXT_VARIANTS,
		default: 'MAIN_DESCRIPTION',
		description: 'The kind of text (its ONIX text type in brackets)',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The text retailers see; simple HTML allowed',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Internal Text',
				name: 'internalText',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'A note for your team, not exported',
			},
			parallelRequestsOption,
			{
				displayName: 'Products',
				name: 'products',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5001, 978-1-81000-000-8',
				description: 'Product IDs or ISBNs this text is for; empty means all products of the work',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['marketingText'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(
		this,
		async (itemIndex) => {
			const variant = readChoice.call(
				this,
				'variant',
				itemIndex,
				'Variant',
				MARKETING_TEXT_VARIANTS.map((o) => String(o.value)),
			);
			const text = readText.call(this, 'text', itemIndex, 'Text', {
				keepSpaces: true,
				valid: 'any text',
			});
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const chosen = options.products
				? checkProductList.call(this, options.products, itemIndex, 'Products')
				: undefined;
			const workId = await resolveWorkId.call(this, 'work', itemIndex);
			const input: IDataObject = { workId, variant, externalText: text };
			const internalText = textOf(
				this,
				options.internalText,
				itemIndex,
				'Options › Internal Text',
				{
					required: false,
					keepSpaces: true,
				},
			);
			if (internalText.trim()) input.internalText = internalText;
			if (chosen)
				input.productIds = await resolveProductList.call(
					this,
					chosen,
					workId,
					itemIndex,
					'Products',
				);
			const payload = await runMutation.call(
				this,
				'createMarketingText',
				'CreateMarketingTextInput',
				input,
				`marketingText { ${marketingTextSelection} }`,
				{
					itemIndex,
					fieldLabels: {
						workId: 'Work',
						variant: 'Variant',
						externalText: 'Text',
						internalText: 'Internal Text',
						productIds: 'Products',
					},
				},
			);
			return toMarketingTextOutput(payload.marketingText as IDataObject, workId);
		},
		{
			concurrency: readParallelRequests.call(this),
			// the texts of one work are created in input order (as in a sequential run)
			keyOf: (itemIndex) => locatorKey(this.getNodeParameter('work', itemIndex)),
		},
	);
}
