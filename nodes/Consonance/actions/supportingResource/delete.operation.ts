import { deleteDescription, deleteExecute } from '../../helpers/deleteRecord';

export const description = deleteDescription('supportingResource', 'Supporting Resource');
export const execute = deleteExecute(
	'deleteSupportingResource',
	'DeleteSupportingResourceInput',
	'Supporting Resource',
);
