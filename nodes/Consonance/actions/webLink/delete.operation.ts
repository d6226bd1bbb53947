import { deleteDescription, deleteExecute } from '../deleteRecord';

export const description = deleteDescription('webLink', 'Web Link');
export const execute = deleteExecute('deleteWebLink', 'DeleteWebLinkInput', 'Web Link');
