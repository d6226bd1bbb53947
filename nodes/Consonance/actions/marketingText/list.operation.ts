import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { MARKETING_TEXT_VARIANTS } from '../../helpers/assumptions';
import { marketingTextSelection, toMarketingTextOutput } from '../../helpers/records';
import { fetchWork, resolveWorkId } from '../../helpers/workReference';
import { readList } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	workLocator,
	{
		displayName: 'Variants',
		name: 'variants',
		type: 'multiOptions',
		options: MARKETING_TEXT_VARIANTS,
		default: [],
		description: 'Only texts of these kinds; none chosen lists all',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['marketingText'], operation: ['list'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const variants = readList
			.call(this, 'variants', itemIndex, 'Variants')
			.filter((v) => MARKETING_TEXT_VARIANTS.some((o) => o.value === v));
		const workId = await resolveWorkId.call(this, 'work', itemIndex);
		// Variants are enum literals from our fixed list, never user text.
		const argument = variants.length ? `(variantIn: [${variants.join(', ')}])` : '';
		const work = await fetchWork.call(
			this,
			workId,
			`marketingTexts${argument} { ${marketingTextSelection} }`,
			itemIndex,
		);
		return ((work.marketingTexts as IDataObject[]) ?? []).map((t) =>
			toMarketingTextOutput(t, workId),
		);
	});
}
