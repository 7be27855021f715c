// Peak memory (maxRSS) of the receiver on a ~100 MB uncompressed snapshot, each approach in a
// process of its own so that one does not inflate the next:
//   baseline        the runtime and the receiver's modules, nothing read (subtract it from the others)
//   parse-validate  JSON.parse + validateSnapshot of the whole document (what a naive receiver does)
//   read            the receiver's streaming read + validation, sections handed to a writer that drops them
//   receive         processObject end to end: read, validate, load in one transaction, move to loaded/
//
//   npx tsx scripts/measure-receiver-memory.ts [--mb 100] [--db postgres://…|memory:] [--modes baseline,receive]
//   npx tsx scripts/measure-receiver-memory.ts --generate-only DIR [--mb 100]   (just write the file)
//
// With a postgres:// URL a scratch database is created and dropped; with memory: the embedded
// PGlite runs inside the measured process, so its own memory counts too. The measured processes
// run the compiled receiver (dist/, built here first) under plain node, as it is deployed:
// scripts/measure-receiver-memory-child.mjs.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { completeSnapshot } from '../test/fixtures/snapshot.js';

const ACCOUNT = '123456789012';
const DATE = '2026-11-20';
const KEY = `data/${ACCOUNT}/${DATE}_DAILY.json.gz`;
const root = fileURLToPath(new URL('..', import.meta.url));

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Writes a snapshot of about `mb` MB (uncompressed) with its weight spread over the big sections. */
async function generate(bucket: string, mb: number): Promise<number> {
  // Plain JSON from here on: items are cloned from the fixture's and given unique keys.
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const doc = completeSnapshot(DATE, ACCOUNT) as Json;
  const target = mb * 1024 * 1024;
  const pad = (n: number) => n.toString(36).padStart(8, '0');
  // [section path, share of the size, item factory]
  const lists: [string[], number, (i: number) => unknown][] = [
    [['service_resources'], 0.22, (i) => ({ ...doc.service_resources[0], resource_id: `i-${pad(i)}`, name: `web-${i}`, tags: { Name: `web-${i}`, Team: 'payments', Env: 'prod' } })],
    [['config', 'evaluations'], 0.14, (i) => ({ ...doc.config.evaluations[0], resource_id: `bucket-${pad(i)}` })],
    [['activity', 'aggregates'], 0.14, (i) => ({ ...doc.activity.aggregates[0], source_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, event_name: `RunInstances${i % 97}` })],
    [['activity', 'events'], 0.1, (i) => ({ ...doc.activity.events[0], event_id: `e-${pad(i)}` })],
    [['security', 'security_hub', 'findings'], 0.16, (i) => ({ ...doc.security.security_hub.findings[0], id: `arn:aws:securityhub:us-east-1:${ACCOUNT}:finding/${pad(i)}` })],
    [['inventory', 'patches'], 0.12, (i) => ({ ...doc.inventory.patches[0], kb_id: `KB${pad(i)}`, title: `security update ${i} for openssl and friends` })],
    [['services'], 0.12, (i) => ({ ...doc.services[0], usage_type: `USE1-BoxUsage:m5.${pad(i)}` })],
  ];
  const base = Buffer.byteLength(JSON.stringify(doc));
  for (const [path, share, make] of lists) {
    const one = Buffer.byteLength(JSON.stringify(make(0))) + 1;
    const count = Math.max(1, Math.floor(((target - base) * share) / one));
    const items = Array.from({ length: count }, (_, i) => make(i));
    let parent: Json = doc;
    for (const k of path.slice(0, -1)) parent = parent[k];
    parent[path[path.length - 1]!] = items;
  }
  doc.activity.total_events = doc.activity.aggregates.length;
  doc.activity.security_events_total = doc.activity.events.length;
  mkdirSync(join(bucket, 'data', ACCOUNT), { recursive: true });
  // Envelope keys first, as the sender writes them; one section at a time into the gzip stream.
  const out = createGzip();
  const done = new Promise<void>((resolve, reject) => out.pipe(createWriteStream(join(bucket, KEY))).on('finish', () => resolve()).on('error', reject));
  let written = 0;
  const keys = Object.keys(doc);
  out.write('{');
  keys.forEach((k, i) => {
    const text = `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(doc[k])}`;
    written += Buffer.byteLength(text);
    out.write(text);
  });
  out.end('}');
  await done;
  return written + 2;
}

async function main(): Promise<void> {
  const mb = Number(arg('mb', '100'));
  const only = arg('generate-only', '');
  if (only) {
    const bytes = await generate(only, mb);
    console.log(`wrote ${join(only, KEY)}: ${(bytes / 1024 / 1024).toFixed(1)} MB uncompressed`);
    return;
  }
  const dbArg = arg('db', process.env.DATABASE_URL ?? 'memory:');
  const bucket = mkdtempSync(join(tmpdir(), 'orgpulse-mem-'));
  let scratch: { admin: string; name: string } | undefined;
  try {
    const bytes = await generate(bucket, mb);
    console.log(`snapshot: ${(bytes / 1024 / 1024).toFixed(1)} MB uncompressed, ${(statSync(join(bucket, KEY)).size / 1024 / 1024).toFixed(1)} MB gzip`);
    let db = dbArg;
    if (dbArg.startsWith('postgres')) {
      const name = `orgpulse_mem_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: dbArg });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      scratch = { admin: dbArg, name };
      const url = new URL(dbArg);
      url.pathname = `/${name}`;
      db = url.toString();
    }
    // The measured processes run the compiled receiver, as deployed: build it first (incremental).
    const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', join(root, 'tsconfig.build.json')], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    for (const m of arg('modes', 'baseline,parse-validate,read,receive').split(',')) {
      const out = spawnSync(process.execPath, [join(root, 'scripts/measure-receiver-memory-child.mjs'), m, bucket, db, KEY], {
        encoding: 'utf8',
        env: { ...process.env, NODE_NO_WARNINGS: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      const last = out.status === 0 ? out.stdout.trim().split('\n').pop() : undefined;
      if (!last) {
        // e.g. NODE_OPTIONS=--max-old-space-size=256: the whole-document approach runs out of heap.
        const why = /heap out of memory/.test(out.stderr) ? 'ran out of heap' : `exit ${out.status ?? out.signal}: ${out.stderr.trim().split('\n').pop() ?? ''}`;
        console.log(`${m.padEnd(15)} failed: ${why}`);
        continue;
      }
      const line = JSON.parse(last) as { mode: string; maxRssMb: number; seconds: number; detail: string };
      console.log(`${line.mode.padEnd(15)} maxRSS ${String(line.maxRssMb).padStart(5)} MB  ${line.seconds.toFixed(1).padStart(6)} s  ${line.detail}`);
    }
    console.log(`database: ${dbArg.startsWith('postgres') ? 'PostgreSQL (separate server process, not counted)' : 'embedded PGlite (inside the measured process)'}`);
    if (process.env.NODE_OPTIONS) console.log(`NODE_OPTIONS: ${process.env.NODE_OPTIONS}`);
  } finally {
    rmSync(bucket, { recursive: true, force: true });
    if (scratch) {
      const admin = new pg.Client({ connectionString: scratch.admin });
      await admin.connect();
      await admin.query(`drop database if exists ${scratch.name} with (force)`);
      await admin.end();
    }
  }
}

await main();
