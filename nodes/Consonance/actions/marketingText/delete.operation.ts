import { deleteDescription, deleteExecute } from '../../helpers/deleteRecord';

export const description = deleteDescription('marketingText', 'Marketing Text');
export const execute = deleteExecute(
	'deleteMarketingText',
	'DeleteMarketingTextInput',
	'Marketing Text',
);
