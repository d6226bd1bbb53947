'use strict';
// Node subtitles read as the user sees the choice in the node panel ("Set metadata on assets"),
// never the stored values (`setMetadata: contextMetadata`). The subtitle is an n8n expression;
// this evaluates its JavaScript with the parameters a node would have.
const path = require('node:path');

const dist = (file) => require(path.join(__dirname, '..', '..', 'dist', 'nodes', file));
const { Cloudinary } = dist('Cloudinary/Cloudinary.node.js');
const { CloudinaryTrigger } = dist('Cloudinary/CloudinaryTrigger.node.js');
const { Consonance } = dist('Consonance/Consonance.node.js');
const { ConsonanceTrigger } = dist('Consonance/ConsonanceTrigger.node.js');

function subtitle(NodeClass, parameters) {
	const expression = new NodeClass().description.subtitle;
	const code = /^=\{\{([\s\S]*)\}\}$/.exec(expression)[1];
	expect(code).not.toContain('}}');
	return new Function('$parameter', `return (${code});`)(parameters);
}

function operations(NodeClass) {
	const { properties } = new NodeClass().description;
	return properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			p.displayOptions.show.resource.flatMap((resource) =>
				p.options.map((o) => ({ resource, ...o })),
			),
		);
}

test.each([
	[Cloudinary, { resource: 'contextMetadata', operation: 'setMetadata' }, 'Set metadata on assets'],
	[Cloudinary, { resource: 'url', operation: 'build' }, 'Build a delivery URL'],
	[Consonance, { resource: 'product', operation: 'get' }, 'Get a product'],
	[Consonance, { resource: 'graphql', operation: 'query' }, 'Run a custom GraphQL query'],
	[CloudinaryTrigger, { events: ['upload', 'moderation'] }, 'Asset Uploaded, Moderation Decided'],
	[ConsonanceTrigger, { event: 'publishingStatusChanged' }, 'Publishing Status Changed'],
])('%p subtitle for %j is %p', (NodeClass, parameters, expected) => {
	expect(subtitle(NodeClass, parameters)).toBe(expected);
});

test.each([[Cloudinary], [Consonance]])(
	'every operation of %p has a readable subtitle',
	(NodeClass) => {
		const all = operations(NodeClass);
		expect(all.length).toBeGreaterThan(10);
		for (const op of all) {
			const text = subtitle(NodeClass, { resource: op.resource, operation: op.value });
			expect(text).toBe(op.action);
			expect(text).not.toContain(op.resource === 'graphql' ? 'graph ql' : `${op.value}:`);
		}
	},
);
