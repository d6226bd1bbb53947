import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * A node subtitle that shows the chosen operation as the user reads it in the node panel: the
 * operation's `action` ("Set metadata on assets"), not its stored values (`setMetadata: contextMetadata`).
 * Built from the node's own operation properties, so a new operation needs no second entry here.
 */
export function actionSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		const resources = (property.displayOptions?.show?.resource ?? []) as string[];
		for (const option of (property.options ?? []) as INodePropertyOptions[]) {
			const text = option.action ?? option.name;
			for (const resource of resources) actions[`${resource}:${String(option.value)}`] = text;
		}
	}
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

/** A subtitle showing the display names of the values chosen in an options or multi-options parameter. */
export function optionsSubtitle(property: INodeProperties): string {
	const names: Record<string, string> = {};
	for (const option of (property.options ?? []) as INodePropertyOptions[])
		names[String(option.value)] = option.name;
	const map = JSON.stringify(names);
	return `={{ [].concat($parameter["${property.name}"]).map((value) => (${map})[value] || value).join(", ") }}`;
}
