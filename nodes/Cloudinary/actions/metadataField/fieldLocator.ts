import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { checkExternalId } from '../../helpers/metadataValues';

export const metadataFieldLocator: INodeProperties = {
	displayName: 'Metadata Field',
	name: 'metadataField',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchMetadataFields', searchable: true } },
		{ displayName: 'By External ID', name: 'id', type: 'string', placeholder: 'e.g. publication_date' },
	],
};

export function readMetadataFieldId(this: IExecuteFunctions, itemIndex: number): string {
	const locator = this.getNodeParameter('metadataField', itemIndex) as INodeParameterResourceLocator | string;
	const value = typeof locator === 'string' ? locator : locator?.value;
	return checkExternalId(this.getNode(), itemIndex, 'Metadata Field', value);
}
