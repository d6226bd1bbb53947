// The operations of both nodes as the matrices drive them: one row per operation (or more), each
// with the parameters that put an expression (`$json.v`) in the field under test, the field's label,
// the bad inputs that apply, and a good value; plus the fixtures the good values need.
import { loadPackage, runNode } from '../../scripts/lib/engine';
import type { startTestSandbox } from '../../scripts/lib/sandbox';
import { needlesOfCredentials, scanForSecrets } from '../../scripts/lib/secrets-scan';

type TestSandbox = Awaited<ReturnType<typeof startTestSandbox>>;
type Json = Record<string, unknown>;

export const V = '={{ $json.v }}';
export const rl = (mode: string, value: unknown) => ({ __rl: true, mode, value });

/** The bad inputs, by name. `zq7` marks values that could appear in a request. */
export const BAD: Record<string, unknown> = {
	empty: '',
	null: null,
	object: { zq7: 'bad' },
	list: [{ zq7: 'bad' }],
	fraction: 12.5,
	dot: 'zq7/./x',
	dotdot: 'zq7/b/..',
	onlyDots: '..',
	leadSlash: '/zq7',
	trailSlash: 'zq7/',
	emptySegment: 'zq7//x',
	percent: 'zq7%',
	percentSequence: 'zq7%2e%2e/x',
	query: 'zq7?x=1',
	hash: 'zq7#x',
	oversize: `zq7${'x'.repeat(300)}`,
	isbnNumber: 123456789,
	badIsbn: '9781810000009',
	word: 'zq7word',
	nan: Number.NaN,
	zero: 0,
};
const TEXT = ['empty', 'null', 'object', 'list'];
const TEXT_N = [...TEXT, 'fraction'];
const OPTIONAL_TEXT = ['object', 'list', 'fraction'];
const PATH = [
	...TEXT_N,
	'dot',
	'dotdot',
	'onlyDots',
	'leadSlash',
	'trailSlash',
	'emptySegment',
	'percent',
	'percentSequence',
	'query',
	'hash',
	'oversize',
];
const OPTIONAL_PATH = PATH.filter((k) => k !== 'empty' && k !== 'null');
const ID = [...TEXT_N, 'word'];
const ISBN = [...TEXT, 'isbnNumber', 'badIsbn', 'word'];
const NUMBER = ['object', 'list', 'word', 'nan', 'fraction'];

export interface Row {
	node: 'consonance' | 'cloudinary';
	operation: string; // resource.operation
	parameters: Json;
	/** The field label the error must name (a prefix: list entries add ", entry N"). */
	field: string;
	kinds: string[];
	good: unknown;
	/** Credential fields this row needs (e.g. a token key). */
	credentials?: Json;
	/** The operation has no field a user types: only the good item runs. */
	noTypedInput?: string;
}

export const PNG_1PX =
	'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ' +
	'DwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const COVER = 'covers/9781810000008';
export const TOKEN_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const ids: Record<string, unknown> = {};

export function rows(): Row[] {
	const c = (
		operation: string,
		parameters: Json,
		field: string,
		kinds: string[],
		good: unknown,
	): Row => ({ node: 'consonance', operation, parameters, field, kinds, good });
	const k = (
		operation: string,
		parameters: Json,
		field: string,
		kinds: string[],
		good: unknown,
	): Row => ({ node: 'cloudinary', operation, parameters, field, kinds, good });
	const work = 301;
	return [
		c('product.get', { product: rl('id', V) }, 'Product (By ID)', ID, 5001),
		c('product.get', { product: rl('isbn', V) }, 'Product (By ISBN)', ISBN, '978-1-81000-000-8'),
		c(
			'product.search',
			{ filters: { isbns: V }, returnAll: false, limit: 5 },
			'ISBNs',
			['object', 'list', 'isbnNumber', 'badIsbn'],
			'9781810000008',
		),
		c(
			'product.search',
			{ filters: {}, returnAll: false, limit: V },
			'Limit',
			[...NUMBER, 'zero'],
			5,
		),
		c(
			'product.update',
			{ product: rl('id', 5001), updateFields: { title: V } },
			'Title',
			TEXT_N,
			'A Bookbinder of Small Things',
		),
		c('work.get', { work: rl('id', V) }, 'Work (By ID)', ID, work),
		c(
			'work.search',
			{ filters: { titleContains: V }, returnAll: false, limit: 5 },
			'Title Contains',
			OPTIONAL_TEXT,
			'Book',
		),
		c(
			'work.update',
			{ work: rl('id', work), updateFields: { subtitle: V } },
			'Subtitle',
			OPTIONAL_TEXT,
			'A Novel',
		),
		c(
			'supportingResource.create',
			{
				work: rl('id', work),
				imageUrl: V,
				variant: 'AUTHOR_PHOTO',
				status: 'DRAFT',
				linkTo: 'none',
				unlinkPrevious: false,
				skipIfAttached: true,
			},
			'Image URL',
			[...TEXT_N, 'word'],
			'https://images.example.com/matrix/author.jpg',
		),
		c(
			'supportingResource.delete',
			{ recordId: V },
			'Supporting Resource ID',
			ID,
			() => ids.supportingResource,
		),
		c('supportingResource.list', { work: rl('id', V) }, 'Work (By ID)', ID, work),
		c(
			'marketingText.create',
			{ work: rl('id', work), variant: 'REVIEW_QUOTE', text: V },
			'Text',
			TEXT_N,
			'“Luminous.”',
		),
		c('marketingText.delete', { recordId: V }, 'Marketing Text ID', ID, () => ids.marketingText),
		c('marketingText.list', { work: rl('id', V) }, 'Work (By ID)', ID, work),
		c(
			'webLink.create',
			{ attachTo: 'work', work: rl('id', work), url: V, skipIfAttached: true },
			'URL',
			[...TEXT_N, 'word'],
			'https://video.example.com/matrix',
		),
		c('webLink.delete', { recordId: V }, 'Web Link ID', ID, () => ids.webLink),
		c('webLink.list', { work: rl('id', V), includeProducts: false }, 'Work (By ID)', ID, work),
		c('contact.get', { contactId: V }, 'Contact ID', ID, 1001),
		c(
			'contact.search',
			{ filters: { nameContains: V }, returnAll: false, limit: 5 },
			'Name Contains',
			OPTIONAL_TEXT,
			'Okafor',
		),
		c('contract.get', { findBy: 'id', contractId: V }, 'Contract ID', ID, 801),
		c(
			'productFeed.list',
			{ filters: { isbn: V }, returnAll: false, limit: 5 },
			'ISBN',
			['object', 'list', 'isbnNumber', 'badIsbn'],
			'9781810000008',
		),
		c(
			'graphql.query',
			{ query: V, variables: '{}' },
			'Query',
			TEXT_N,
			'{ products(productSearch: { idEq: 5001 }) { id } }',
		),

		k(
			'asset.delete',
			{ deleteBy: 'ids', publicIds: V },
			'Public IDs',
			PATH,
			'tests/matrix/never-existed',
		),
		k(
			'asset.delete',
			{ deleteBy: 'prefix', prefix: V },
			'Prefix',
			PATH.filter((x) => x !== 'trailSlash'),
			'tests/matrix/never-existed/',
		),
		k('asset.download', { asset: rl('id', V), binaryPropertyName: 'data' }, 'Asset', PATH, COVER),
		k(
			'asset.generateVariants',
			{ asset: rl('id', V), variants: { variant: [{ transformation: 'w_10' }] } },
			'Asset',
			PATH,
			COVER,
		),
		k('asset.get', { asset: rl('id', V) }, 'Asset', PATH, COVER),
		k(
			'asset.get',
			{ asset: rl('id', COVER), options: { maxDerived: V } },
			'Options › Max Derived Results',
			[...NUMBER, 'oversize'],
			5,
		),
		k(
			'asset.rename',
			{ asset: rl('id', 'tests/matrix/rename-me'), toPublicId: V },
			'New Public ID',
			PATH,
			'tests/matrix/renamed',
		),
		k('asset.restoreVersion', { asset: rl('id', V) }, 'Asset', PATH, () => ids.restorable),
		k(
			'asset.search',
			{ mode: 'expression', expression: V, returnAll: false, limit: 2 },
			'Expression',
			OPTIONAL_TEXT,
			'tags=cover',
		),
		k(
			'asset.update',
			{ asset: rl('id', V), updateFields: { displayName: 'Matrix' } },
			'Asset',
			PATH,
			'tests/matrix/updatable',
		),
		k(
			'asset.upload',
			{ source: 'url', fileUrl: PNG_1PX, publicId: V },
			'Public ID',
			OPTIONAL_PATH,
			'tests/matrix/uploaded',
		),
		k(
			'asset.upload',
			{
				source: 'url',
				fileUrl: PNG_1PX,
				publicId: 'tests/matrix/chunked',
				options: { chunkSizeMb: V },
			},
			'Options › Chunk Size (MB)',
			[...NUMBER.filter((x) => x !== 'fraction'), 'zero'],
			5,
		),
		k('tag.add', { publicIds: V, tags: ['matrix'] }, 'Public IDs', PATH, COVER),
		k(
			'tag.list',
			{ prefix: V, returnAll: false, limit: 5 },
			'Prefix',
			[...OPTIONAL_TEXT, 'oversize'],
			'isbn_',
		),
		k('tag.remove', { publicIds: V, tags: ['matrix'] }, 'Public IDs', PATH, COVER),
		k('tag.removeAll', { publicIds: V }, 'Public IDs', PATH, 'tests/matrix/untagged'),
		k(
			'tag.replace',
			{ publicIds: V, tags: ['matrix'] },
			'Public IDs',
			PATH,
			'tests/matrix/untagged',
		),
		k(
			'contextMetadata.clearMetadata',
			{ publicIds: V, metadataFields: 'isbn' },
			'Public IDs',
			PATH,
			COVER,
		),
		k(
			'contextMetadata.removeAllContext',
			{ publicIds: V },
			'Public IDs',
			PATH,
			'tests/matrix/untagged',
		),
		k(
			'contextMetadata.removeContext',
			{ publicIds: V, contextKeys: 'matrix' },
			'Public IDs',
			PATH,
			COVER,
		),
		k(
			'contextMetadata.setContext',
			{ publicIds: V, context: { pairs: [{ key: 'matrix', value: 'yes' }] } },
			'Public IDs',
			PATH,
			COVER,
		),
		k(
			'contextMetadata.setMetadata',
			{ publicIds: V, metadata: { fields: [{ field: 'isbn', value: '9781810000008' }] } },
			'Public IDs',
			PATH,
			COVER,
		),
		k(
			'metadataField.createField',
			{ label: V, fieldType: 'string', externalId: 'matrix_created' },
			'Label',
			TEXT_N,
			'Matrix created',
		),
		k(
			'metadataField.deleteField',
			{ metadataField: rl('id', V) },
			'Metadata Field',
			TEXT_N,
			'matrix_doomed',
		),
		k(
			'metadataField.deleteValues',
			{ metadataField: rl('id', 'matrix_list'), valueIds: V },
			'Value External IDs',
			TEXT,
			'gone',
		),
		k('metadataField.getField', { metadataField: rl('id', V) }, 'Metadata Field', TEXT_N, 'isbn'),
		{
			node: 'cloudinary',
			operation: 'metadataField.listFields',
			parameters: {},
			field: '',
			kinds: [],
			good: null,
			noTypedInput: 'it lists every field and takes no value',
		},
		k(
			'metadataField.setValues',
			{ metadataField: rl('id', V), values: { value: [{ externalId: 'kept', label: 'Kept' }] } },
			'Metadata Field',
			TEXT_N,
			'matrix_list',
		),
		k(
			'metadataField.updateField',
			{ metadataField: rl('id', V), fieldOptions: { label: 'Matrix list' } },
			'Metadata Field',
			TEXT_N,
			'matrix_list',
		),
		k('folder.createFolder', { path: V }, 'Folder Path', PATH, 'matrix/created'),
		k('folder.deleteFolder', { path: V }, 'Folder Path', PATH, 'matrix/doomed'),
		k('folder.listFolders', { path: V, returnAll: true }, 'Parent Folder', OPTIONAL_PATH, 'matrix'),
		k(
			'folder.renameFolder',
			{ path: V, toPath: 'matrix/renamed' },
			'Folder Path',
			PATH,
			'matrix/a/b',
		),
		k('folder.renameFolder', { path: 'matrix/x', toPath: V }, 'New Path', PATH, 'matrix/y'),
		{
			...k('access.expiringUrl', { publicId: V, expiresIn: 3600 }, 'Public ID', PATH, COVER),
			credentials: { authTokenKey: TOKEN_KEY },
		},
		{
			...k(
				'access.expiringUrl',
				{ publicId: COVER, expiresIn: V },
				'Expires In (Seconds)',
				[...NUMBER, 'zero'],
				3600,
			),
			credentials: { authTokenKey: TOKEN_KEY },
		},
		k('access.signedUrl', { publicId: V }, 'Public ID', PATH, COVER),
		k('access.setAccessControl', { publicIds: V, access: 'public' }, 'Public IDs', PATH, COVER),
		k('access.setAccessMode', { publicIds: V, accessMode: 'public' }, 'Public IDs', PATH, COVER),
		k('usage.report', { date: V }, 'Date', ['object', 'list', 'word', 'fraction'], ''),
		k('archive.create', { publicIds: V, output: 'url' }, 'Public IDs', PATH, COVER),
		k(
			'url.build',
			{ asset: rl('id', V), transformationSource: 'preset', preset: 'socialSquare' },
			'Asset',
			PATH,
			COVER,
		),
		k('validation.validate', { asset: rl('id', V), specs: ['kdpEbook'] }, 'Asset', PATH, COVER),
		k(
			'variant.materialize',
			{ asset: rl('id', V), presets: ['socialSquare'] },
			'Asset',
			PATH,
			COVER,
		),
		k('variant.getUrls', { asset: rl('id', V), presets: ['socialSquare'] }, 'Asset', PATH, COVER),
	];
}

/** Every resource.operation the node descriptions offer. */
export function describedOperations(node: string): string[] {
	const { nodes } = loadPackage();
	const properties = (
		nodes[node] as {
			description: {
				properties: Array<{
					name: string;
					options?: Array<{ value: string }>;
					displayOptions?: { show?: { resource?: string[] } };
				}>;
			};
		}
	).description.properties;
	return properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.displayOptions?.show?.resource ?? []).flatMap((resource) =>
				(p.options ?? []).map((o) => `${resource}.${o.value}`),
			),
		);
}

/** The credentials a row runs with: the sandbox's, with the row's Cloudinary fields on top. */
function credentialsOf(sb: TestSandbox, row: Row) {
	return row.credentials
		? {
				...sb.credentials,
				cloudinaryPublishingApi: { ...sb.credentials.cloudinaryPublishingApi, ...row.credentials },
			}
		: sb.credentials;
}

/** Runs the row's operation on items `{ v }`; "Continue" by default, or "Continue (using error output)". */
export async function runRow(sb: TestSandbox, row: Row, values: unknown[], errorOutput = false) {
	const [resource, operation] = row.operation.split('.');
	const result = await runNode({
		node: row.node,
		parameters: { resource, operation, ...row.parameters },
		credentials: credentialsOf(sb, row),
		items: values.map((v) => ({ json: { v } })),
		...(errorOutput ? { settings: { onError: 'continueErrorOutput' } } : { continueOnFail: true }),
	});
	const main = result.run?.data?.resultData?.runData?.['Node Under Test']?.[0]?.data?.main ?? [];
	return {
		...result,
		errorOutput: (main[1] ?? []) as Array<{ json: Json; pairedItem?: unknown; error?: unknown }>,
	};
}

/**
 * The secrets scan (scripts/lib/secrets-scan.js) over everything a run produced — output items,
 * error-output items, the node error, the run data n8n keeps: "<secret> in <place>" for each hit
 * (the Consonance key, the Cloudinary secret or Basic auth anywhere; the API key anywhere but where
 * a Cloudinary notification carries it).
 */
export function leakedSecrets(
	sb: TestSandbox,
	row: Row,
	result: Awaited<ReturnType<typeof runRow>>,
) {
	const credentials = credentialsOf(sb, row);
	const { secrets, apiKeys } = needlesOfCredentials(
		Object.entries(credentials).map(([type, data]) => ({ type, data })),
	);
	if (Object.keys(secrets).length < 3 || !Object.keys(apiKeys).length)
		throw new Error('the sandbox credentials give the scan nothing to look for');
	const values = {
		output: result.output,
		errorOutput: result.errorOutput,
		error: result.error,
		run: result.run?.data?.resultData,
	};
	return scanForSecrets({ values, secrets, apiKeys }).hits.map((h) => `${h.secret} in ${h.place}`);
}

/** The outputs paired with input item `i` (an archive pairs one output with several items). */
export function outputsOf(output: Array<{ json: Json; pairedItem?: unknown }>, i: number) {
	return output.filter((o) =>
		[o.pairedItem].flat().some((p) => (p as { item?: number } | undefined)?.item === i),
	);
}

/** Records and assets the good values name (deleted, renamed or changed by the rows). */
export async function createFixtures(sb: TestSandbox): Promise<void> {
	const node = async (n: 'consonance' | 'cloudinary', parameters: Json) => {
		const result = await runNode({ node: n, parameters, credentials: sb.credentials });
		if (result.error)
			throw new Error(`setup ${JSON.stringify(parameters)}: ${result.error.message}`);
		return result.json[0];
	};
	const created = await Promise.all([
		node('consonance', {
			resource: 'supportingResource',
			operation: 'create',
			work: rl('id', 302),
			imageUrl: 'https://images.example.com/matrix/doomed.jpg',
			variant: 'AUTHOR_PHOTO',
			status: 'DRAFT',
			linkTo: 'none',
			skipIfAttached: false,
		}),
		node('consonance', {
			resource: 'marketingText',
			operation: 'create',
			work: rl('id', 302),
			variant: 'REVIEW_QUOTE',
			text: 'Doomed',
		}),
		node('consonance', {
			resource: 'webLink',
			operation: 'create',
			attachTo: 'work',
			work: rl('id', 302),
			url: 'https://video.example.com/doomed',
			skipIfAttached: false,
		}),
	]);
	[ids.supportingResource, ids.marketingText, ids.webLink] = created.map((r) => r.id);
	for (const publicId of [
		'tests/matrix/rename-me',
		'tests/matrix/updatable',
		'tests/matrix/untagged',
		'tests/matrix/restorable',
	]) {
		await node('cloudinary', {
			resource: 'asset',
			operation: 'upload',
			source: 'url',
			fileUrl: PNG_1PX,
			publicId,
		});
	}
	ids.restorable = 'tests/matrix/restorable';
	for (const path of ['matrix/a/b', 'matrix/doomed', 'matrix/x'])
		await node('cloudinary', { resource: 'folder', operation: 'createFolder', path });
	await node('cloudinary', {
		resource: 'metadataField',
		operation: 'createField',
		label: 'Doomed',
		fieldType: 'string',
		externalId: 'matrix_doomed',
	});
	await node('cloudinary', {
		resource: 'metadataField',
		operation: 'createField',
		label: 'Matrix list',
		fieldType: 'enum',
		externalId: 'matrix_list',
		values: {
			value: [
				{ externalId: 'gone', label: 'Gone' },
				{ externalId: 'kept', label: 'Kept' },
			],
		},
	});
}
