import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
	type JsonObject,
} from 'n8n-workflow';
import { invalidFieldError } from '../../../shared/errors';
import { readBulkTarget, readPublicIds, UPLOAD_API_MAX_IDS } from '../../helpers/batching';
import { cloudinaryRequest, cloudinaryUploadApi } from '../../transport';
import {
	bulkDeliveryTypeField,
	bulkResourceTypeField,
	publicIdsField,
} from '../common.descriptions';
import { errorItem } from '../../../shared/items';
import { booleanOf, readChoice, readText, textOf } from '../../../shared/parameters';
import { publicIdOf } from '../../helpers/identifiers';
import { withoutApiKey } from '../../helpers/assetOutput';

// One ZIP of the assets named by ALL input items (Upload API `generate_archive`, up to 1000 public
// IDs): either stored in Cloudinary as a raw asset (output: its URL), or downloaded and streamed
// into n8n's binary data (never held in memory whole). The output item is paired with every input
// item that contributed IDs.

const properties: INodeProperties[] = [
	{
		...publicIdsField,
		description:
			'The assets to put in the ZIP. The IDs of all input items go into one archive (at most 1000).',
	},
	bulkResourceTypeField,
	bulkDeliveryTypeField,
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'url',
		options: [
			{
				name: 'URL (ZIP Stored in Cloudinary)',
				value: 'url',
				description: 'Create the ZIP as a raw asset and return its URL',
			},
			{
				name: 'Binary File',
				value: 'binary',
				description: "Download the ZIP into the output item's binary data",
			},
		],
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { output: ['binary'] } },
		hint: 'The name of the output binary field to put the ZIP in',
	},
	{
		displayName: 'Options',
		name: 'archiveOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Archive Name',
				name: 'targetPublicId',
				type: 'string',
				default: '',
				placeholder: 'e.g. exports/harbour-covers',
				description: 'Public ID of the stored ZIP (URL output) and its file name',
			},
			{
				displayName: 'Flatten Folders',
				name: 'flattenFolders',
				type: 'boolean',
				default: false,
				description: 'Whether to put every file at the top of the ZIP instead of in its folders',
			},
			{
				displayName: 'Skip Missing Assets',
				name: 'allowMissing',
				type: 'boolean',
				default: false,
				description:
					'Whether to build the ZIP without assets Cloudinary does not have, instead of failing',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['archive'], operation: ['create'] } },
	properties,
);

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

function readArchiveSettings(this: IExecuteFunctions, first: number, idCount: number) {
	const node = this.getNode();
	if (idCount > UPLOAD_API_MAX_IDS) {
		throw invalidFieldError(
			node,
			first,
			'Public IDs',
			`the items name ${idCount} public IDs; one archive holds at most ${UPLOAD_API_MAX_IDS}`,
			`up to ${UPLOAD_API_MAX_IDS} IDs (split the input, e.g. with a Loop Over Items node)`,
		);
	}
	const target = readBulkTarget.call(this, first);
	const mode = readChoice.call(this, 'output', first, 'Output', ['binary', 'url']);
	const options = this.getNodeParameter('archiveOptions', first, {}) as IDataObject;
	const name = textOf(this, options.targetPublicId, first, 'Archive Name', {
		required: false,
	}).replace(/\.zip$/i, '');
	const targetPublicId = name ? publicIdOf(this, name, first, 'Archive Name') : '';
	const binaryPropertyName =
		mode === 'binary'
			? readText.call(this, 'binaryPropertyName', first, 'Put Output File in Field', {
					valid: 'a name such as data',
				})
			: 'data';
	const flattenFolders = booleanOf(
		this,
		options.flattenFolders,
		first,
		'Options › Flatten Folders',
		false,
	);
	const allowMissing = booleanOf(
		this,
		options.allowMissing,
		first,
		'Options › Skip Missing Assets',
		false,
	);
	return { target, mode, targetPublicId, binaryPropertyName, flattenFolders, allowMissing };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const ids: string[] = [];
	const contributors: number[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const own = readPublicIds.call(this, itemIndex);
			for (const id of own) if (!ids.includes(id)) ids.push(id);
			contributors.push(itemIndex);
		} catch (error) {
			if (!this.continueOnFail())
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			output.push(errorItem(this, error, itemIndex));
		}
	}
	if (!contributors.length) return output;
	const first = contributors[0];
	const node = this.getNode();
	// The archive's own settings are read from the first contributing item; when they are invalid,
	// every contributing item fails (each with the error), as no archive can be made for any of them.
	let settings;
	try {
		settings = readArchiveSettings.call(this, first, ids.length);
	} catch (error) {
		if (!this.continueOnFail())
			throw new NodeOperationError(node, error as Error, { itemIndex: first });
		for (const itemIndex of contributors) output.push(errorItem(this, error, itemIndex));
		return output;
	}
	const { target, mode, targetPublicId } = settings;
	const form = {
		mode: mode === 'binary' ? 'download' : 'create',
		target_format: 'zip',
		public_ids: ids,
		type: target.deliveryType,
		flatten_folders: settings.flattenFolders ? true : undefined,
		allow_missing: settings.allowMissing ? true : undefined,
		target_public_id: targetPublicId || undefined,
	};
	const pairedItem: IPairedItemData[] = contributors.map((item) => ({ item }));
	const summary = {
		resource_type: target.resourceType,
		type: target.deliveryType,
		public_ids: ids,
		requested_count: ids.length,
	};

	try {
		if (mode !== 'binary') {
			// creating an archive twice makes two archives (or overwrites one): not repeated automatically
			const { body } = await cloudinaryUploadApi.call(
				this,
				target.resourceType,
				'generate_archive',
				form,
				{ itemIndex: first, idempotent: false },
			);
			output.push({
				json: { ...summary, ...withoutApiKey(body), url: body.secure_url ?? body.url },
				pairedItem,
			});
			return output;
		}
		// asking for the same ZIP again is harmless in download mode (nothing is stored)
		const { stream } = await cloudinaryRequest.call(this, {
			method: 'POST',
			path: `${encodeURIComponent(target.resourceType)}/generate_archive`,
			form,
			encoding: 'stream',
			timeoutMs: 600000,
			itemIndex: first,
			idempotent: true,
		});
		const fileName = `${(targetPublicId || 'archive').split('/').pop()}.zip`;
		const binaryPropertyName = settings.binaryPropertyName;
		const binary = await this.helpers.prepareBinaryData(
			stream as unknown as BinaryInput,
			fileName,
			'application/zip',
		);
		output.push({
			json: { ...summary, file_name: fileName },
			binary: { [binaryPropertyName]: binary },
			pairedItem,
		});
		return output;
	} catch (error) {
		if (this.continueOnFail()) {
			for (const itemIndex of contributors) output.push(errorItem(this, error, itemIndex, summary));
			return output;
		}
		if (error instanceof NodeApiError) throw new NodeApiError(node, error as unknown as JsonObject);
		throw new NodeOperationError(node, error as Error, { itemIndex: first });
	}
}
