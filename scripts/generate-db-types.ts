// Writes db/schema.ts from the migrations (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../db/open.js';
import { migrateToLatest } from '../db/migrate.js';
import { renderDatabaseTypes } from '../db/schema-codegen.js';

const db = await openDatabase('memory:');
try {
  await migrateToLatest(db);
  const target = new URL('../db/schema.ts', import.meta.url);
  writeFileSync(target, await renderDatabaseTypes(db));
  console.log(`wrote ${target.pathname}`);
} finally {
  await db.destroy();
}
