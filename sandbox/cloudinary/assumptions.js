'use strict';
// Every place where Cloudinary's public sources (docs/api-facts.md) leave a behaviour open, or
// sources conflict, and the emulator had to pick a behaviour. One list, so a reader (and the
// nodes' authors) can see what is a guess. `messages` holds the error texts that are guesses;
// verbatim texts known from real responses are written where they are used.

const ASSUMPTIONS = [
	// routing / auth
	{
		id: 'unknown-cloud',
		what: 'Unknown cloud name',
		choice:
			'404 JSON {"error":{"message":"Invalid cloud_name <name>"}} (the real shape is ' +
			'UNKNOWN; the message wording follows the Upload API error seen for bad cloud names).',
	},
	{
		id: 'missing-credentials',
		what: 'Admin call without credentials',
		choice:
			'401 JSON "Must supply api_key" (the real service may answer with HTML; the emulator always answers JSON).',
	},
	{
		id: 'oauth',
		what: 'Authorization: Bearer',
		choice:
			'Not supported: 401 "Invalid token" (OAuth client registration is via Support; the nodes use key/secret).',
	},
	{
		id: 'signature-order',
		what: 'Which Upload API check runs first',
		choice:
			'api_key known -> timestamp present -> signature -> staleness. A wrongly signed stale ' +
			'request reports Invalid Signature.',
	},
	{
		id: 'future-timestamp',
		what: 'Timestamps in the future',
		choice: 'Accepted (the real behaviour is UNKNOWN).',
	},
	{
		id: 'ampersand-v2',
		what: "Server treatment of '&' in signed values",
		choice:
			"Both the raw (v1) and the '%26' (v2, SDK >= 2.7) strings are accepted; the Invalid " +
			'Signature message echoes the raw v1 string.',
	},
	{
		id: 'response-signature-algo',
		what: 'Upload response `signature` algorithm',
		choice:
			'SHA-1 by default; SHA-256 when the control API sets signatureAlgorithm "sha256" (the ' +
			'SDK verifies with its configured algorithm).',
	},
	{
		id: 'sort-keys',
		what: 'Key order in the string to sign',
		choice:
			'Code-unit order (a server-side sort). Equals the SDK localeCompare order for lower-case snake_case keys.',
	},
	// upload
	{
		id: 'non-loopback-url',
		what: 'Upload from a remote URL',
		choice:
			'Only http(s) loopback URLs are fetched; any other URL (or s3:, gs:, ftp:) -> 400 ' +
			'"sandbox cannot reach ..." (the sandbox has no internet).',
	},
	{
		id: 'folder-param',
		what: '`folder` in a dynamic-folder account',
		choice:
			'Sets asset_folder (unless asset_folder is given) and always prefixes the public_id, ' +
			'even one that already starts with it (covers/covers/x).',
	},
	{
		id: 'raw-public-id',
		what: 'Raw public ids',
		choice:
			'Random raw ids get the original file extension (if any); use_filename keeps the extension for raw only.',
	},
	{
		id: 'overwrite-resets',
		what: 'What an overwrite keeps',
		choice:
			'tags/context/metadata/access_control are replaced only when given in the new upload; ' +
			'otherwise kept. asset_id stays, version and version_id change, created_at moves to ' +
			'the new upload.',
	},
	{
		id: 'incoming-transformation',
		what: 'Upload `format` / incoming `transformation`',
		choice:
			'Not applied to the stored original (reported format is the real one); eager transformations are applied.',
	},
	{
		id: 'allowed-formats',
		what: 'Rejected allowed_formats message',
		choice: '400 "<Image|Video|Raw> file format <fmt> not allowed".',
	},
	{
		id: 'eager-async',
		what: 'Response with eager_async=true',
		choice:
			'eager[] entries carry status "processing" and batch_id; an "eager" notification follows when they are done.',
	},
	{
		id: 'async-upload',
		what: 'async=true',
		choice:
			'Responds {status:"pending", batch_id, public_id?, type, resource_type} and processes ' +
			'in the background; an "upload" notification (or "error") follows.',
	},
	{
		id: 'chunk-session',
		what: 'Chunked upload sessions',
		choice:
			'Kept until the final chunk or 24 h (sandbox clock) of inactivity; a chunk starting at ' +
			'a byte already received replaces it. Non-final response {done:false, bytes:<received ' +
			'so far>, upload_id}.',
	},
	{
		id: 'rename-exists',
		what: 'rename onto an existing public id without overwrite',
		choice: '400 "Resource already exists - <to_public_id>".',
	},
	{
		id: 'tag-comma',
		what: 'Tag containing a comma (array form)',
		choice:
			'400 "Tag names cannot contain commas - <tag>". In the `tag` string form, commas separate several tags.',
	},
	{
		id: 'tags-changed-only',
		what: 'tags/context/metadata command responses',
		choice:
			'public_ids lists the ids that exist (changed or not) among the first 1000; missing ids are left out.',
	},
	{
		id: 'tags-product',
		what: 'ids x tags over 10,000',
		choice: '400 "Too many tags and public_ids combined (max 10000)".',
	},
	{
		id: 'metadata-invalid',
		what: 'Invalid structured metadata value message',
		choice: '400 "Invalid metadata value for field <id>: <reason>" (real wording UNKNOWN).',
	},
	{
		id: 'metadata-mandatory',
		what: 'Mandatory metadata fields on upload',
		choice:
			'A mandatory field without a value and without a default -> 400 "Metadata field <id> is mandatory".',
	},
	{
		id: 'metadata-not-found',
		what: 'Unknown metadata field on /metadata_fields/<id>',
		choice: '404 "Metadata field <id> not found".',
	},
	{
		id: 'context-notification',
		what: 'resource_context_changed payload (CONFLICT)',
		choice:
			'resources is an object keyed by public_id; added/removed/updated are arrays of {name, ' +
			'value} (the real consumer code in CLD-PAYLOADS, docs/api-facts.md).',
	},
	{
		id: 'notification-retry',
		what: 'Retries of failed notifications',
		choice: 'None: one attempt, logged with its status.',
	},
	{
		id: 'notification-envelope',
		what: 'Common notification fields',
		choice:
			'notification_type, timestamp (ISO), request_id, notification_context{triggered_at, ' +
			'triggered_by{source:"api", id:<api_key>}}, signature_key; upload payloads carry the ' +
			'upload response at top level.',
	},
	{
		id: 'archive-transformations',
		what: 'generate_archive `transformations`',
		choice:
			'Ignored: archives hold the originals (named <public_id>.<format>, or the basename with flatten_folders).',
	},
	// admin
	{
		id: 'delete-ids-limit',
		what: 'DELETE by public_ids',
		choice:
			'At most 100 ids per call -> otherwise 400 "Too many public_ids (max 100)". ' +
			'prefix/all/tag delete 1000 per call with partial + next_cursor.',
	},
	{
		id: 'max-results',
		what: 'max_results out of range',
		choice:
			'Admin lists: 1-500, search: 0-500; outside -> 400 "max_results must be between <a> and 500".',
	},
	{
		id: 'list-order',
		what: 'Admin list order',
		choice:
			'created_at desc (direction asc|1 reverses); with a prefix: public_id asc. Cursors are ' +
			'opaque keyset cursors (stable when assets are deleted while paging).',
	},
	{
		id: 'update-context',
		what: 'Admin update `context`',
		choice:
			'Merged into the existing context (an empty value deletes a key); `tags` replaces the list; `metadata` merges.',
	},
	{
		id: 'moderation-update',
		what: 'moderation_status on an asset without moderation',
		choice: 'Adds a manual moderation entry with that status.',
	},
	{
		id: 'folder-exists',
		what: 'Create an existing folder',
		choice: '409 "Folder <path> already exists".',
	},
	{
		id: 'folder-delete',
		what: 'Delete folder (CONFLICT)',
		choice:
			'Must be empty (no assets in it or its sub-folders): 400 "Folder is not empty"; ' +
			'otherwise deletes it and its (empty) sub-folders -> {deleted:[paths]}.',
	},
	{
		id: 'preset-errors',
		what: 'Upload preset errors',
		choice:
			'404 "Can\'t find upload preset named <name>"; create duplicate -> 409 "Upload preset <name> already exists".',
	},
	{
		id: 'usage-shape',
		what: 'Usage numbers',
		choice:
			'plan "Free", credits limit 25; 1 credit = 1,000 transformations = 1 GB storage = 1 GB ' +
			'bandwidth. storage/objects/resources from the store; ' +
			'transformations/bandwidth/requests are 30-day rolling sums of the delivery and ' +
			'derived counters. Past dates: counters up to that day, storage of assets created by ' +
			'then. Dates older than 90 days or in the future -> 400.',
	},
	{ id: 'ping', what: 'GET /ping body', choice: '{"status":"ok"} (from memory of the docs).' },
	{
		id: 'search-query-error',
		what: 'Search parse error text',
		choice: '400 "Query error: <detail>" (the real text only known to start with "Query error").',
	},
	{
		id: 'search-aggregations',
		what: 'Aggregation shape (CONFLICT)',
		choice:
			'OAS: {<field>: {values:[{value,count}]}} for format/resource_type/type; {<field>: ' +
			'{ranges:[{key?,from?,to?,count}]}} for bytes/image_pixels/video_pixels/duration (from ' +
			'inclusive, to exclusive). Aggregations are always returned (as on Tier 2).',
	},
	{ id: 'search-size-units', what: 'Size units in search', choice: 'kb/mb/gb are powers of 1024.' },
	{
		id: 'search-relative',
		what: 'Relative dates in search',
		choice:
			'h, d, w, m (30 days), y (365 days), meaning "that long before now" on the sandbox clock.',
	},
	{
		id: 'search-text',
		what: 'field:value on text fields',
		choice:
			"Case-insensitive token match (the value's tokens appear consecutively in the field's " +
			'tokens), trailing * = prefix; field=value is case-sensitive exact; folder:x matches ' +
			'that folder only, folder:x/* includes sub-folders; a term without a field searches ' +
			'public_id, display_name, folder, filename, tags and context values.',
	},
	{
		id: 'search-context-shape',
		what: 'context in search results',
		choice: 'Flat {key: value} (Admin API uses {custom:{...}}).',
	},
	{ id: 'search-lag', what: 'Search index lag', choice: 'None: search sees writes immediately.' },
	{
		id: 'triggers',
		what: 'Trigger errors',
		choice:
			'Messages are the bare codes: 409 "record_already_exists", 400 "limit_reached", 404 ' +
			'"record_not_found", 400 "missing_attributes"; unknown event_type -> 400 "invalid ' +
			'event_type <t>". /triggers/<id>/test evaluates the filter only (no delivery).',
	},
	{
		id: 'trigger-create-status',
		what: 'POST /triggers status',
		choice:
			"201 with the trigger (OAS). Note: the SDK's generic call_api only accepts " +
			'200/4xx/5xx, so it reports "unexpected status code - 201" although the trigger was ' +
			'created.',
	},
	{
		id: 'access-mode-response',
		what: 'update_access_mode response (UNKNOWN)',
		choice: '{updated:[{public_id, access_mode}], failed:[]}.',
	},
	{
		id: 'backup-budget',
		what: 'How many old bytes are kept',
		choice:
			'Up to 10 versions per asset and 256 MiB of older-version bytes per asset; a deleted ' +
			'asset over 256 MiB is not kept. Beyond that versions are listed with restorable:false.',
	},
	{
		id: 'unsupported',
		what: 'Endpoints not emulated',
		choice:
			'text, explode, multi, sprite, visual_search, related_assets, publish_resources -> 400 ' +
			'"<x> is not supported by the sandbox"; streaming_profiles, upload_mappings -> 404. ' +
			'Delivery of fetch/facebook/... types -> 404 (delivery.js).',
	},
	{
		id: 'request-id',
		what: 'X-Request-Id',
		choice: 'A random 32-hex id on every API response (success and error).',
	},
	{
		id: 'folder-search',
		what: 'folders/search path semantics',
		choice:
			'path:a/* = folders below a (not a itself); path:a* = prefix; path:a = exact; name:x token match.',
	},
	{
		id: 'restore',
		what: 'restore without versions',
		choice:
			'A deleted asset comes back at its latest version; an existing one is restored to the ' +
			'requested version (a new version is created). No backup -> {"error":"no_backup"}.',
	},
];

const messages = {
	unknownCloud: (name) => `Invalid cloud_name ${name}`,
	missingApiKey: () => 'Must supply api_key',
	nonLoopbackUrl: (url) =>
		`Error in loading ${url} - the sandbox cannot reach remote URLs (no internet); use a ` +
		`data URI, a multipart file or an http://127.0.0.1 URL`,
	metadataInvalidValue: (id, raw, reason) => `Invalid metadata value for field ${id}: ${reason}`,
	metadataMandatory: (id) => `Metadata field ${id} is mandatory`,
	metadataFieldNotFound: (id) => `Metadata field ${id} not found`,
	queryError: (detail) => `Query error: ${detail}`,
	renameExists: (id) => `Resource already exists - ${id}`,
	tagComma: (tag) => `Tag names cannot contain commas - ${tag}`,
	folderExists: (p) => `Folder ${p} already exists`,
	folderNotEmpty: () => 'Folder is not empty',
	presetNotFound: (name) => `Can't find upload preset named ${name}`,
	presetExists: (name) => `Upload preset ${name} already exists`,
	formatNotAllowed: (rt, fmt) =>
		`${rt[0].toUpperCase()}${rt.slice(1)} file format ${fmt} not allowed`,
	maxResults: (min, max) => `max_results must be between ${min} and ${max}`,
};

const searchDefaultRanges = {
	bytes: [
		{ key: 'tiny', to: 100 * 1024 },
		{ key: 'small', from: 100 * 1024, to: 1024 * 1024 },
		{ key: 'medium', from: 1024 * 1024, to: 10 * 1024 * 1024 },
		{ key: 'large', from: 10 * 1024 * 1024 },
	],
	image_pixels: [
		{ key: 'small', to: 500 * 500 },
		{ key: 'medium', from: 500 * 500, to: 2000 * 2000 },
		{ key: 'large', from: 2000 * 2000 },
	],
	video_pixels: [
		{ key: 'sd', to: 1280 * 720 },
		{ key: 'hd', from: 1280 * 720, to: 1920 * 1080 + 1 },
		{ key: 'uhd', from: 1920 * 1080 + 1 },
	],
	duration: [
		{ key: 'short', to: 60 },
		{ key: 'medium', from: 60, to: 600 },
		{ key: 'long', from: 600 },
	],
};

// What would settle each assumption (by id): the call to make against a real account and what to
// read in its answer. docs/assumptions.md lists them; a sandbox test keeps the two in step.
const EVIDENCE = {
	'unknown-cloud': 'any Admin and Upload API call with a wrong cloud name: status and body',
	'missing-credentials': 'GET /resources/image without Authorization: status, content type, body',
	oauth: 'an Admin call with `Authorization: Bearer x`: status and body',
	'signature-order': 'an upload that is both stale and wrongly signed: which message comes back',
	'future-timestamp': 'a signed upload with a timestamp 2 hours ahead: accepted or rejected',
	'ampersand-v2':
		'a signed upload with `context=a=x&y` signed the v1 and the v2 way: which is accepted',
	'response-signature-algo':
		'an upload on a SHA-256-only account: the length of the response `signature`',
	'sort-keys':
		'a signed call with keys that sort differently by code unit and by locale (e.g. `a_b` and `aB`)',
	'non-loopback-url':
		'not an assumption about Cloudinary: the sandbox has no internet (real uploads from URLs work)',
	'folder-param':
		'an upload with folder=covers and public_id=covers/x on a dynamic-folder account: the public_id',
	'raw-public-id': 'raw uploads without public_id, with and without use_filename: the public_id',
	'overwrite-resets':
		'overwrite an asset that has tags/context without giving them: what the details show',
	'incoming-transformation':
		'an upload with an incoming transformation: the stored width/height/format',
	'allowed-formats': 'an upload of a PNG with allowed_formats=jpg: the message',
	'eager-async': 'an upload with eager_async=true: the eager[] entries and the notification',
	'async-upload': 'an upload with async=true: the answer and the notification',
	'chunk-session':
		'a chunked upload with a pause between chunks, and a resent chunk: the answers ' +
		'(check:live makes one 2-chunk upload)',
	'rename-exists': 'rename onto an existing public id without overwrite: the message',
	'tag-comma': 'POST /image/tags with a tag containing a comma: the answer',
	'tags-changed-only':
		'POST /image/tags with a missing public id among existing ones: `public_ids` in the ' +
		'answer (check:live compares the shape)',
	'tags-product': 'POST /image/tags with 101 tags x 100 ids: the answer',
	'metadata-invalid': 'POST /image/metadata with a value failing the field validation: the message',
	'metadata-mandatory': 'an upload without a mandatory field value: the message',
	'metadata-not-found': 'GET /metadata_fields/<unknown>: status and message',
	'context-notification':
		'a resource_context_changed notification received from a trigger: its payload',
	'notification-retry': 'a trigger URL answering 500: whether and when Cloudinary retries',
	'notification-envelope': 'any notification received from a trigger: its top-level fields',
	'archive-transformations': 'generate_archive with transformations: the files in the ZIP',
	'delete-ids-limit': 'DELETE /resources/image/upload with 101 public_ids: the answer',
	'max-results':
		'GET /resources/image?max_results=501 and search with max_results 501: the message',
	'list-order': 'GET /resources/image with and without prefix: the order of the answer',
	'update-context':
		'an Admin update with `context` on an asset that has context: the resulting context',
	'moderation-update':
		'an Admin update with moderation_status on an unmoderated asset: the moderation[] of the answer',
	'folder-exists': 'POST /folders/<existing>: status and message',
	'folder-delete': 'DELETE /folders/<non-empty>: status and message',
	'preset-errors': 'GET /upload_presets/<unknown> and creating a duplicate: statuses and messages',
	'usage-shape':
		'GET /usage on a real account: the plan and the figures (check:live does not read usage)',
	ping: 'GET /ping: the body (check:live compares the shape)',
	'search-query-error': 'a search with expression `tags:(`: the message',
	'search-aggregations':
		'a search with aggregate=format on a Tier 2 account: the aggregations shape',
	'search-size-units': 'a search bytes>1mb against an asset of 1,000,000 bytes',
	'search-relative': 'a search uploaded_at>1m against assets 29 and 31 days old',
	'search-text':
		'searches with field:value, field=value, folder:x and folder:x/* against known assets',
	'search-context-shape':
		'a search with with_field=context: the context of a result (check:live compares the search shape)',
	'search-lag': 'a search right after an upload: whether the new asset is found',
	triggers: 'POST /triggers twice with the same uri and event: status and message',
	'trigger-create-status': 'POST /triggers: the status code (check:live registers one)',
	'access-mode-response': 'POST /resources/image/upload/update_access_mode: the answer',
	'backup-budget': 'versions of an asset with backups on: the versions list after 11 uploads',
	unsupported: 'not an assumption about Cloudinary: endpoints the sandbox leaves out',
	'request-id': 'any API answer: the X-Request-Id header',
	'folder-search': 'POST /folders/search with path:a/*, path:a* and path:a',
	restore: 'POST /resources/image/upload/restore without versions on a deleted and on a live asset',
};

module.exports = { ASSUMPTIONS, EVIDENCE, messages, searchDefaultRanges };
