'use strict';
// docs/assumptions.md lists every assumption of the Consonance node and of both emulators with the
// evidence that would settle it; this keeps the page and the code in step.
const fs = require('node:fs');
const path = require('node:path');
const consonanceEmulator = require('../../sandbox/consonance/assumptions');
const cloudinaryEmulator = require('../../sandbox/cloudinary/assumptions');

const ROOT = path.join(__dirname, '..', '..');
const doc = fs.readFileSync(path.join(ROOT, 'docs', 'assumptions.md'), 'utf8');
const escaped = (text) => text.replace(/\|/g, '\\|');
const row = (id) => doc.split('\n').find((line) => line.startsWith(`| \`${id}\` |`));

describe('docs/assumptions.md', () => {
	it('lists every Consonance emulator assumption with its evidence', () => {
		const constants = Object.keys(consonanceEmulator).filter((k) => k !== 'EVIDENCE');
		for (const name of constants)
			expect(consonanceEmulator.EVIDENCE[name]).toEqual(expect.any(String));
		for (const [name, evidence] of Object.entries(consonanceEmulator.EVIDENCE)) {
			if (!name.startsWith('comment:')) expect(constants).toContain(name);
			expect(row(name)).toContain(escaped(evidence));
		}
	});

	it('lists every Cloudinary emulator assumption with its evidence', () => {
		for (const a of cloudinaryEmulator.ASSUMPTIONS) {
			expect(cloudinaryEmulator.EVIDENCE[a.id]).toEqual(expect.any(String));
			expect(row(a.id)).toContain(escaped(cloudinaryEmulator.EVIDENCE[a.id]));
		}
		expect(Object.keys(cloudinaryEmulator.EVIDENCE).sort()).toEqual(
			cloudinaryEmulator.ASSUMPTIONS.map((a) => a.id).sort(),
		);
	});

	it('lists every assumption of the Consonance node (as check:live reports them)', () => {
		const nodeFile = fs.readFileSync(
			path.join(ROOT, 'nodes', 'Consonance', 'helpers', 'assumptions.ts'),
			'utf8',
		);
		const ids = [...nodeFile.matchAll(/^\t\tid: '([\w-]+)',$/gm)].map((m) => m[1]);
		expect(ids.length).toBeGreaterThan(10);
		for (const id of ids) expect(row(id)).toBeDefined();
	});
});
