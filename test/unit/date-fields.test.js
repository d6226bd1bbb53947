'use strict';
// Every parameter that takes a date or a point in time is a date field (n8n's `dateTime`), in both
// nodes and their triggers, so the editor offers a date picker; expressions may still give text.
const path = require('node:path');

const dist = (file) => require(path.join(__dirname, '..', '..', 'dist', 'nodes', file));
const NODES = [
	dist('Cloudinary/Cloudinary.node.js').Cloudinary,
	dist('Cloudinary/CloudinaryTrigger.node.js').CloudinaryTrigger,
	dist('Consonance/Consonance.node.js').Consonance,
	dist('Consonance/ConsonanceTrigger.node.js').ConsonanceTrigger,
];
const NESTING = ['collection', 'fixedCollection', 'options', 'multiOptions'];
const TAKES_A_DATE = /\bDate\b|\bSince\b|\bOn or (After|Before)\b|^(Start|End)$/;

function dateParameters(properties, where) {
	return properties.flatMap((p) => {
		const here = `${where} › ${p.displayName}`;
		const nested = (
			p.type === 'collection' || p.type === 'fixedCollection' ? p.options : []
		).flatMap((o) => o.values ?? [o]);
		const own =
			!NESTING.includes(p.type) && TAKES_A_DATE.test(p.displayName) ? [[here, p.type]] : [];
		return [...own, ...dateParameters(nested, here)];
	});
}

test.each(NODES.map((N) => [new N().description.displayName, N]))(
	'%s: date inputs are date fields',
	(_, N) => {
		const { displayName, properties } = new N().description;
		const found = dateParameters(properties, displayName);
		expect(found.filter(([, type]) => type !== 'dateTime')).toEqual([]);
	},
);

test('the check finds the date inputs (so an empty list above means something)', () => {
	const all = NODES.flatMap((N) => dateParameters(new N().description.properties, ''));
	expect(all.map(([where]) => where)).toEqual(
		expect.arrayContaining([
			' › Update Fields › Publication Date',
			' › Filters › Published On or After',
			' › Filters › Changed Since',
			' › Date',
			' › Start',
		]),
	);
});
