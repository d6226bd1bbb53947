import type { INodePropertyOptions } from 'n8n-workflow';

// The notification types a user can pick, as Cloudinary names them in `/triggers` event_type and in
// a payload's notification_type (docs/api-facts.md, "Notifications").

export const ALL_EVENTS = 'all';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Access Control Changed',
		value: 'access_control_changed',
		description: "An asset's access_control (public windows, restrictions) changed",
	},
	{
		name: 'All Events',
		value: ALL_EVENTS,
		description: 'Every notification Cloudinary sends (one registration of type "all")',
	},
	{
		name: 'Asset Deleted',
		value: 'delete',
		description: 'Assets were deleted; one item per deleted asset',
	},
	{
		name: 'Asset Moved to Another Folder',
		value: 'move',
		description: "An asset's asset folder changed",
	},
	{
		name: 'Asset Renamed',
		value: 'rename',
		description: 'A public ID changed (the previous one is in previousPublicId)',
	},
	{
		name: 'Asset Uploaded',
		value: 'upload',
		description: 'A new asset or a new version was uploaded',
	},
	{
		name: 'Context Changed',
		value: 'resource_context_changed',
		description: 'Contextual metadata (key=value pairs) was added, changed or removed',
	},
	{
		name: 'Derived Assets Ready (Eager)',
		value: 'eager',
		description: 'Transformations requested with eager_async finished',
	},
	{ name: 'Display Name Changed', value: 'resource_display_name_changed' },
	{
		name: 'Moderation Decided',
		value: 'moderation',
		description: 'An asset was approved or rejected (manual or automatic moderation)',
	},
	{ name: 'Structured Metadata Changed', value: 'resource_metadata_changed' },
	{
		name: 'Tags Changed',
		value: 'resource_tags_changed',
		description: 'Tags were added to or removed from assets; one item per asset',
	},
	{
		name: 'Upload Failed (Async)',
		value: 'error',
		description: 'An asynchronous upload (async=true) failed',
	},
];

/**
 * The event types to register: "all" alone when chosen (it already covers the others), else the set
 * without repeats.
 */
export function registrationEventTypes(chosen: string[]): string[] {
	const unique = [...new Set(chosen)];
	return unique.includes(ALL_EVENTS) ? [ALL_EVENTS] : unique.sort();
}
