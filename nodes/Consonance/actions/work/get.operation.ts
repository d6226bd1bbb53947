import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { workLocator } from '../common.descriptions';
import { notFoundError } from '../../helpers/productReference';
import { toWorkOutput, workSelection } from '../../helpers/records';
import { resolveWorkId } from '../../helpers/workReference';
import { consonanceGraphql } from '../../transport';

export const description = updateDisplayOptions({ show: { resource: ['work'], operation: ['get'] } }, [workLocator] as INodeProperties[]);

/** One work with the selection given, or a named error when Consonance has none with that ID. */
export async function fetchWork(this: IExecuteFunctions, workId: number, selection: string, itemIndex: number): Promise<IDataObject> {
	const data = await consonanceGraphql.call(this, `query WorkGet($id: Int) { work(workSearch: { idEq: $id }) { ${selection} } }`, { id: workId }, { itemIndex });
	if (!data.work) throw notFoundError(this.getNode(), itemIndex, 'Work', `no Consonance work has ID ${workId}`);
	return data.work as IDataObject;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const workId = await resolveWorkId.call(this, 'work', itemIndex);
		return toWorkOutput(await fetchWork.call(this, workId, workSelection, itemIndex));
	});
}
