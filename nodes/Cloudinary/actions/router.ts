import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import * as access from './access';
import * as archive from './archive';
import * as asset from './asset';
import * as contextMetadata from './contextMetadata';
import * as folder from './folder';
import * as metadataField from './metadataField';
import * as tag from './tag';
import * as url from './url';
import * as usage from './usage';
import * as validation from './validation';
import * as variant from './variant';

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	access: {
		expiringUrl: access.expiringUrl.execute,
		setAccessControl: access.setAccessControl.execute,
		setAccessMode: access.setAccessMode.execute,
		signedUrl: access.signedUrl.execute,
	},
	archive: { create: archive.create.execute },
	asset: {
		delete: asset.delete.execute,
		download: asset.download.execute,
		generateVariants: asset.generateVariants.execute,
		get: asset.get.execute,
		rename: asset.rename.execute,
		restoreVersion: asset.restoreVersion.execute,
		search: asset.search.execute,
		update: asset.update.execute,
		upload: asset.upload.execute,
	},
	contextMetadata: {
		clearMetadata: contextMetadata.clearMetadata.execute,
		removeAllContext: contextMetadata.removeAllContext.execute,
		removeContext: contextMetadata.removeContext.execute,
		setContext: contextMetadata.setContext.execute,
		setMetadata: contextMetadata.setMetadata.execute,
	},
	folder: {
		createFolder: folder.createFolder.execute,
		deleteFolder: folder.deleteFolder.execute,
		listFolders: folder.listFolders.execute,
		renameFolder: folder.renameFolder.execute,
	},
	metadataField: {
		createField: metadataField.createField.execute,
		deleteField: metadataField.deleteField.execute,
		deleteValues: metadataField.deleteValues.execute,
		getField: metadataField.getField.execute,
		listFields: metadataField.listFields.execute,
		setValues: metadataField.setValues.execute,
		updateField: metadataField.updateField.execute,
	},
	tag: {
		add: tag.add.execute,
		list: tag.list.execute,
		remove: tag.remove.execute,
		removeAll: tag.removeAll.execute,
		replace: tag.replace.execute,
	},
	url: { build: url.build.execute },
	usage: { report: usage.report.execute },
	validation: { validate: validation.validate.execute },
	variant: { getUrls: variant.getUrls.execute, materialize: variant.materialize.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for resource "${resource}"`,
		);
	}
	return [await run.call(this)];
}
