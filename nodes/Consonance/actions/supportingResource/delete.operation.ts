import { deleteDescription, deleteExecute } from '../deleteRecord';

export const description = deleteDescription('supportingResource', 'Supporting Resource');
export const execute = deleteExecute('deleteSupportingResource', 'DeleteSupportingResourceInput', 'Supporting Resource');
