'use strict';
// Writes the execution data n8n saved last (the `data` column of execution_data, flatted text) to a
// file and prints { executionId, status, bytes }. Run with n8n's Node 24, which has node:sqlite:
//   node --no-warnings bench/lib/latest-execution.js <database.sqlite> <out file>
// The templates benchmark reads the saved execution here: `n8n execute --rawOutput` can end before
// its printed copy of a large run is complete.
const fs = require('node:fs');
const { DatabaseSync } = require('node:sqlite');

const db = new DatabaseSync(process.argv[2], { readOnly: true });
const row = db
	.prepare('SELECT "executionId", "data" FROM execution_data ORDER BY "executionId" DESC LIMIT 1')
	.get();
const entity = row
	? db.prepare('SELECT "status" FROM execution_entity WHERE "id" = ?').get(row.executionId)
	: undefined;
db.close();
const data = row ? String(row.data) : '';
fs.writeFileSync(process.argv[3], data);
console.log(
	JSON.stringify({
		executionId: row?.executionId ?? null,
		status: entity?.status ?? null,
		bytes: Buffer.byteLength(data),
	}),
);
