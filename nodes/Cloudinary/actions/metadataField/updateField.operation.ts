import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import {
	metadataFieldPath,
	metadataFieldRequest,
	readDefaultValue,
	readMetadataFieldId,
} from '../../helpers/metadataFieldDefinitions';
import { defaultValueOption, mandatoryOption, metadataFieldLocator } from './fields';

const properties: INodeProperties[] = [
	metadataFieldLocator,
	{
		displayName: 'Update Fields',
		name: 'fieldOptions',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			defaultValueOption,
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				description: 'The new label',
			},
			mandatoryOption,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['updateField'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const path = metadataFieldPath(readMetadataFieldId.call(this, itemIndex));
		const options = this.getNodeParameter('fieldOptions', itemIndex, {}) as IDataObject;
		const body: IDataObject = {};
		if (options.label !== undefined && String(options.label).trim() !== '')
			body.label = String(options.label).trim();
		if (options.mandatory !== undefined) body.mandatory = options.mandatory;
		if (options.defaultValue !== undefined && options.defaultValue !== '') {
			// the value is checked against the field's own type, read first
			const current = await metadataFieldRequest.call(this, itemIndex, 'GET', path);
			body.default_value = readDefaultValue.call(
				this,
				itemIndex,
				current.type as string,
				options.defaultValue,
			);
		}
		if (!Object.keys(body).length)
			throw invalidFieldError(
				this.getNode(),
				itemIndex,
				'Fields',
				'nothing to change was given',
				'a new label, mandatory flag or default value',
			);
		return metadataFieldRequest.call(this, itemIndex, 'PUT', path, body, true);
	});
}
