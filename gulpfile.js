const path = require('path');
const { task, src, dest } = require('gulp');

// n8n resolves `icon: 'file:x.svg'` relative to the compiled .js file, so the SVGs must sit in dist/
// next to it; the codex .node.json files travel the same way.
task('build:icons', copyIcons);

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}
