import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { consonanceKeysetAll } from '../transport';

/**
 * Imprints for the dropdown. Consonance documents no imprint query (docs/api-facts.md, "GraphQL conventions"),
 * so they are read off the works; an imprint without works is not listed (enter its ID instead).
 */
export async function getImprints(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const works = await consonanceKeysetAll.call(this, {
		query:
			'query Imprints($search: WorkSearchAttributes) { works(workSearch: $search) { id imprint { id name } } }',
		searchVariable: 'search',
		listField: 'works',
	});
	const imprints = new Map<number, string>();
	for (const work of works) {
		const imprint = work.imprint as IDataObject | null;
		if (imprint) imprints.set(Number(imprint.id), String(imprint.name));
	}
	return [...imprints]
		.sort((a, b) => a[1].localeCompare(b[1]))
		.map(([id, name]) => ({ name, value: id }));
}
