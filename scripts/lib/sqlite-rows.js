'use strict';
// Prints every row of every table of an SQLite database as JSON lines { table, row } (BLOBs as
// latin1 text, so a byte search still finds what they hold). Run with n8n's Node 24, which has
// node:sqlite (`node --no-warnings scripts/lib/sqlite-rows.js <file>`): the secrets scan
// (scripts/lib/n8n.js) reads n8n's database.sqlite with it.
const fs = require('node:fs');
const { DatabaseSync } = require('node:sqlite');

const db = new DatabaseSync(process.argv[2], { readOnly: true });
const out = fs.openSync(process.argv[3] || '/dev/stdout', 'w');
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
for (const { name } of tables) {
	for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate()) {
		for (const [column, value] of Object.entries(row))
			if (value instanceof Uint8Array) row[column] = Buffer.from(value).toString('latin1');
		fs.writeSync(out, `${JSON.stringify({ table: name, row })}\n`);
	}
}
db.close();
