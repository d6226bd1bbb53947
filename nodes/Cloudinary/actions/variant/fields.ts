import type { INodeProperties } from 'n8n-workflow';
import { parallelRequestsOption } from '../../../shared/concurrency';
import { PRESET_OPTIONS } from '../../presets/channels';
import {
	assetLocator,
	deliveryOptionFields,
	deliveryTypeField,
	printSizeField,
} from '../common.descriptions';

/** The fields of both Variant operations: one master image and the channel presets to make from it. */
export function variantProperties(withDeliveryOptions: boolean): INodeProperties[] {
	return [
		assetLocator,
		deliveryTypeField,
		{
			displayName: 'Presets',
			name: 'presets',
			type: 'multiOptions',
			options: PRESET_OPTIONS,
			default: ['ebookCover', 'audioSquare', 'socialSquare'],
			description: 'The channel variants to produce from the master image',
		},
		{ ...printSizeField, displayOptions: { show: { presets: ['printCover'] } } },
		{
			displayName: 'Custom Presets',
			name: 'customPresets',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Custom Preset',
			default: {},
			options: [
				{
					displayName: 'Preset',
					name: 'preset',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. Bookshop Thumbnail',
						},
						{
							displayName: 'Transformation',
							name: 'transformation',
							type: 'string',
							default: '',
							placeholder: 'e.g. c_fill,g_auto,h_600,w_400/q_85/f_jpg',
						},
					],
				},
			],
		},
		...(withDeliveryOptions
			? [
					{
						displayName: 'Options',
						name: 'options',
						type: 'collection',
						placeholder: 'Add Option',
						default: {},
						options: deliveryOptionFields,
					} as INodeProperties,
				]
			: [
					{
						displayName: 'Options',
						name: 'options',
						type: 'collection',
						placeholder: 'Add Option',
						default: {},
						// Create sends one call per master: how many at once
						options: [
							...deliveryOptionFields.filter(
								(f) => f.name !== 'version' && f.name !== 'forceVersion',
							),
							parallelRequestsOption,
						].sort((a, b) => a.displayName.localeCompare(b.displayName)),
					} as INodeProperties,
				]),
	];
}
