import type { INodeProperties } from 'n8n-workflow';

export const folderPathField: INodeProperties = {
	displayName: 'Folder Path',
	name: 'path',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. covers/harbour',
	description: 'Path with "/" between levels, no leading or trailing slash',
};
