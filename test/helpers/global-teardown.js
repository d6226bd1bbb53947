'use strict';
// Removes the engine tests' temporary folders (see TEMPORARY_ROOT in scripts/lib/engine.js) after a jest run.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
	fs.rmSync(path.join(os.tmpdir(), 'n8n-consonance-cloudinary-engine'), {
		recursive: true,
		force: true,
	});
};
