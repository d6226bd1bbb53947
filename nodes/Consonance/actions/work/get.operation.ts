import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { toWorkOutput, workSelection } from '../../helpers/records';
import { fetchWork, resolveWorkId } from '../../helpers/workReference';

export const description = updateDisplayOptions(
	{ show: { resource: ['work'], operation: ['get'] } },
	[workLocator] as INodeProperties[],
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const workId = await resolveWorkId.call(this, 'work', itemIndex);
		return toWorkOutput(await fetchWork.call(this, workId, workSelection, itemIndex));
	});
}
