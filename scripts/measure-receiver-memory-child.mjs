// The measured process of scripts/measure-receiver-memory.ts. It runs the compiled receiver
// (dist/, from `npm run build`, as deployed) under plain node: the TypeScript loader the scripts
// themselves run under would add about 40 MB that a deployed receiver does not have.
//   node scripts/measure-receiver-memory-child.mjs MODE BUCKET DB KEY
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [mode, bucket, db, key] = process.argv.slice(2);
const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const started = Date.now();
let detail = '';
if (mode === 'baseline') {
  await Promise.all([dist('receiver/process-object.js'), dist('db/open.js'), dist('db/migrate.js')]);
  detail = 'modules loaded';
} else if (mode === 'parse-validate') {
  const { validateSnapshot } = await dist('snapshot/index.js');
  const verdict = validateSnapshot(JSON.parse(gunzipSync(readFileSync(join(bucket, key))).toString('utf8')));
  detail = verdict.ok ? 'valid' : verdict.reason;
} else if (mode === 'read') {
  const { readSnapshot } = await dist('receiver/document/read-snapshot.js');
  const { parseObjectKey } = await dist('receiver/keys.js');
  const parsed = parseObjectKey(key);
  if (!parsed.ok) throw new Error(parsed.message);
  let sections = 0;
  const result = await readSnapshot(createReadStream(join(bucket, key)), {
    key,
    info: parsed.info,
    maxBytes: 200 * 1024 * 1024,
    facts: { uncompressedBytes: 0, nulStripped: 0 },
    // The receiver's own share: validated sections and item batches are dropped instead of loaded.
    begin: async () => ({
      writeItems: async () => {},
      writeSection: async () => void sections++,
      finish: async () => ({ rowsByTable: {}, totalRows: 0, notes: [] }),
      abort: async () => {},
    }),
  });
  detail = `${sections} sections, ${result.unknownFields} unknown fields`;
} else if (mode === 'receive') {
  const { openDatabase } = await dist('db/open.js');
  const { migrateToLatest } = await dist('db/migrate.js');
  const { processObject } = await dist('receiver/process-object.js');
  const { LocalDirectoryStorage } = await dist('receiver/storage/index.js');
  const database = await openDatabase(db);
  await migrateToLatest(database);
  const result = await processObject({ db: database, storage: new LocalDirectoryStorage(bucket), key, maxBytes: 200 * 1024 * 1024 });
  await database.destroy();
  detail = `${result.status}${result.reason ? ` (${result.reason}: ${result.message})` : ''}, ${result.totalRows} rows`;
} else throw new Error(`unknown mode ${mode}`);
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ mode, maxRssMb, seconds: (Date.now() - started) / 1000, detail })}\n`);
