import {
	NodeConnectionTypes,
	NodeOperationError,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodePropertyOptions,
	type IPollFunctions,
} from 'n8n-workflow';
import { optionsSubtitle } from '../shared/subtitle';
import { PUBLISHING_STATUS_OPTIONS } from './helpers/codes';
import { pollConsonance, type TriggerEvent, type TriggerSettings } from './trigger/poll';
import { DEFAULT_PRODUCT_FIELDS, PRODUCT_FIELDS } from './trigger/state';

const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'New or Changed Work',
		value: 'workChanged',
		description:
			'A work was added, or its title, contributors, imprint, series, classification or products changed',
	},
	{ name: 'New Product', value: 'newProduct', description: 'A product (edition) was added' },
	{
		name: 'Product Changed',
		value: 'productChanged',
		description: 'One of the watched fields of a product changed; the output lists old → new',
	},
	{
		name: 'Publication Date Approaching',
		value: 'publicationDateApproaching',
		description:
			'A product’s publication date is within the given number of days (once per product and date)',
	},
	{
		name: 'Publishing Status Changed',
		value: 'publishingStatusChanged',
		description: 'A product’s publishing status changed (optionally: to one of the given statuses)',
	},
];

export class ConsonanceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Consonance Trigger',
		name: 'consonanceTrigger',
		icon: { light: 'file:consonance.svg', dark: 'file:consonance.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionsSubtitle({
			displayName: 'Event',
			name: 'event',
			type: 'options',
			default: '',
			options: EVENT_OPTIONS,
		}),
		description:
			'Starts the workflow when titles change in Consonance: new products, changed fields, ' +
			'publishing status, approaching publication dates, works',
		defaults: { name: 'Consonance Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'consonancePublishingApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: EVENT_OPTIONS,
				default: 'publishingStatusChanged',
			},
			{
				displayName: 'To Statuses',
				name: 'targetStatuses',
				type: 'multiOptions',
				options: PUBLISHING_STATUS_OPTIONS,
				default: [],
				description:
					'Only changes to one of these statuses start the workflow. Leave empty for any change.',
				displayOptions: { show: { event: ['publishingStatusChanged'] } },
			},
			{
				displayName: 'Watch Fields',
				name: 'watchFields',
				type: 'multiOptions',
				options: Object.entries(PRODUCT_FIELDS).map(([value, field]) => ({
					name: field.label,
					value,
				})),
				default: [
					'publishingStatus',
					'publicationDate',
					'isbn13',
					'title',
					'prices',
					'territories',
				],
				description:
					'Changes to these fields start the workflow. Changing this list re-baselines the trigger silently.',
				displayOptions: { show: { event: ['productChanged'] } },
			},
			{
				displayName: 'Days Ahead',
				name: 'daysAhead',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 366 },
				default: 30,
				description:
					'Emit when a product’s publication date is this many days away or fewer (0 = on the day)',
				displayOptions: { show: { event: ['publicationDateApproaching'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		const settings: TriggerSettings = { event, targetStatuses: [], watchFields: [], daysAhead: 0 };
		if (event === 'publishingStatusChanged')
			settings.targetStatuses = [
				...(this.getNodeParameter('targetStatuses', []) as string[]),
			].sort();
		if (event === 'productChanged') {
			const chosen = this.getNodeParameter('watchFields', DEFAULT_PRODUCT_FIELDS) as string[];
			const unknown = chosen.filter((name) => !PRODUCT_FIELDS[name]);
			if (chosen.length === 0 || unknown.length) {
				throw new NodeOperationError(
					this.getNode(),
					`Field "Watch Fields": ` +
						`${chosen.length === 0 ? 'choose at least one field' : `unknown field ${unknown.join(', ')}`}`,
					{
						description: `Valid values: ${Object.keys(PRODUCT_FIELDS).join(', ')}`,
					},
				);
			}
			// Fixed order, so the same choice always gives the same stored fingerprints.
			settings.watchFields = Object.keys(PRODUCT_FIELDS).filter((name) => chosen.includes(name));
		}
		if (event === 'publicationDateApproaching') {
			const days = this.getNodeParameter('daysAhead', 30) as number;
			if (!Number.isInteger(days) || days < 0 || days > 366) {
				throw new NodeOperationError(
					this.getNode(),
					`Field "Days Ahead": ${JSON.stringify(days)} is not a whole number of days`,
					{ description: 'Valid values: 0 to 366' },
				);
			}
			settings.daysAhead = days;
		}
		return pollConsonance.call(this, settings);
	}
}
