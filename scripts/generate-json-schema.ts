// Writes docs/snapshot.schema.json from the zod contract (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { renderSnapshotJsonSchema } from '../snapshot/json-schema.js';

const target = new URL('../docs/snapshot.schema.json', import.meta.url);
writeFileSync(target, renderSnapshotJsonSchema());
console.log(`wrote ${target.pathname}`);
