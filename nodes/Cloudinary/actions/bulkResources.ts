import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import * as access from './access';
import * as archive from './archive';
import * as contextMetadata from './contextMetadata';
import * as folder from './folder';
import * as metadataField from './metadataField';
import * as tag from './tag';
import * as usage from './usage';

// The library-management resources (tags, context/metadata, metadata fields, folders, access,
// usage, archives), gathered here so the node and the router each take them in one line (the
// resource options themselves are written out in Cloudinary.node.ts, where n8n's lint reads them).

type Operation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

function table(module: Record<string, unknown>): Record<string, Operation> {
	const out: Record<string, Operation> = {};
	for (const [name, value] of Object.entries(module)) {
		const execute = (value as { execute?: Operation } | undefined)?.execute;
		if (name !== 'description' && typeof execute === 'function') out[name] = execute;
	}
	return out;
}

export const bulkOperations: Record<string, Record<string, Operation>> = {
	tag: table(tag),
	contextMetadata: table(contextMetadata),
	metadataField: table(metadataField),
	folder: table(folder),
	access: table(access),
	usage: table(usage),
	archive: table(archive),
};

export const bulkDescriptions: INodeProperties[] = [
	...tag.description,
	...contextMetadata.description,
	...metadataField.description,
	...folder.description,
	...access.description,
	...usage.description,
	...archive.description,
];
