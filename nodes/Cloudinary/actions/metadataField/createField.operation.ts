import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import { mapItems } from '../../../shared/items';
import { checkExternalId } from '../../helpers/metadataValues';
import {
	METADATA_FIELD_TYPES,
	metadataFieldRequest,
	readDefaultValue,
	readListValues,
} from '../../helpers/metadataFieldDefinitions';
import { defaultValueOption, listValuesField, mandatoryOption } from './fields';
import { readChoice, readText } from '../../../shared/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Publication Date',
	},
	{
		displayName: 'Type',
		name: 'fieldType',
		type: 'options',
		default: 'string',
		options: [
			{ name: 'Date', value: 'date' },
			{ name: 'Multi-Select (Set)', value: 'set' },
			{ name: 'Number (Integer)', value: 'integer' },
			{ name: 'Single-Select (Enum)', value: 'enum' },
			{ name: 'Text', value: 'string' },
		],
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. publication_date',
		description:
			'The permanent ID assets and API calls use; left empty, Cloudinary makes one. Cannot be reused once deleted.',
	},
	listValuesField,
	{
		displayName: 'Options',
		name: 'fieldOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [defaultValueOption, mandatoryOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['metadataField'], operation: ['createField'] } },
	properties,
);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return mapItems.call(this, async (itemIndex) => {
		const node = this.getNode();
		const type = readChoice.call(this, 'fieldType', itemIndex, 'Type', METADATA_FIELD_TYPES);
		const label = readText.call(this, 'label', itemIndex, 'Label', {
			maxLength: 255,
			valid: 'a label such as Publication Date',
		});
		const externalId = readText.call(this, 'externalId', itemIndex, 'External ID', {
			required: false,
		});
		const options = this.getNodeParameter('fieldOptions', itemIndex, {}) as IDataObject;
		const body: IDataObject = { type, label };
		if (externalId) body.external_id = checkExternalId(node, itemIndex, 'External ID', externalId);
		if (options.mandatory !== undefined) body.mandatory = options.mandatory;
		if (type === 'enum' || type === 'set')
			body.datasource = { values: readListValues.call(this, itemIndex) };
		if (options.defaultValue !== undefined && options.defaultValue !== '')
			body.default_value = readDefaultValue.call(this, itemIndex, type, options.defaultValue);
		return metadataFieldRequest.call(this, itemIndex, 'POST', 'metadata_fields', body, false);
	});
}
