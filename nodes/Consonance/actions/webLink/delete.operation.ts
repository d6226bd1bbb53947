import { deleteDescription, deleteExecute } from '../../helpers/deleteRecord';

export const description = deleteDescription('webLink', 'Web Link');
export const execute = deleteExecute('deleteWebLink', 'DeleteWebLinkInput', 'Web Link');
