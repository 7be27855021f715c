// Big arrays reach their writers batch by batch while a file streams (writeItems), their section
// then comes with them empty. Whatever the batch boundaries, the database must end up exactly as
// when each section is written whole: first load, next day, the same day again, and out of order.
import { sql } from 'kysely';
import type { OrgPulseDb } from '../../../db/open.js';
import type { Snapshot, SnapshotInput } from '../../../snapshot/index.js';
import { beginSnapshot, streamedArrayList, type WriteResult } from '../../../receiver/load/index.js';
import { sectionPlan } from '../../../receiver/document/section-validator.js';
import { describeEachDatabase } from '../../support/databases.js';
import { count, load, snapshotOf, validated } from './helpers.js';
import { processObject } from '../../../receiver/process-object.js';
import { TestBucket, fingerprint } from '../support/bucket.js';

type Json = Record<string, unknown>;

function at(value: unknown, path: string): Json {
  let node = value as Json;
  for (const k of path.split('.').slice(0, -1)) node = node[k] as Json;
  return node;
}
const last = (path: string): string => path.split('.').at(-1)!;

/** Loads like the streaming reader does: each streamed array in batches of `batch`, then its section without it. */
async function loadStreamed(db: OrgPulseDb, input: SnapshotInput, batch: number): Promise<WriteResult> {
  const snapshot = validated(input);
  return db.transaction().execute(async (trx) => {
    const { ingestion_id } = await trx.insertInto('ingestions').values({ object_key: `streamed/${snapshot.account_id}/${snapshot.period.start}`, status: 'processing' }).returning('ingestion_id').executeTakeFirstOrThrow();
    const writer = await beginSnapshot(trx, snapshot, { ingestionId: ingestion_id });
    for (const [name, value] of Object.entries(snapshot) as [keyof Snapshot, unknown][]) {
      if (['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'sender'].includes(name) || value === undefined || value === null) continue;
      let section = structuredClone(value);
      for (const [streamedSection, path] of streamedArrayList()) {
        if (streamedSection !== name) continue;
        const items = (path === '' ? section : at(section, path)[last(path)]) as unknown[] | undefined;
        if (!items) continue;
        for (let i = 0; i < items.length; i += batch) await writer.writeItems(name as never, path, items.slice(i, i + batch));
        if (path === '') section = [];
        else at(section, path)[last(path)] = [];
      }
      await writer.writeSection(name as never, section as never);
    }
    return writer.finish();
  });
}

/** Every row of every table that has an account_id, for one account, without volatile columns. */
async function dumpAccount(db: OrgPulseDb, accountId: string): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'account_id' and table_name not in ('ingestions')
    order by table_name`.execute(db);
  const volatile = new Set(['attr_hash', 'dims_hash', 'account_id', 'ingestion_id', 'id', 'loaded_at', 'created_at', 'updated_at', 'started_at', 'finished_at', 'product_id', 'account_name']);
  const out: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const { rows } = await sql<Json>`select * from ${sql.table(table_name)} where account_id = ${accountId}`.execute(db);
    out[table_name] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.has(k)).sort(([a], [b]) => (a < b ? -1 : 1))), (_, v: unknown) => (typeof v === 'string' ? v.replaceAll(/\d{12}/g, 'ACCOUNT') : v)))
      .sort();
  }
  return out;
}

/** A snapshot whose big arrays span several batches and repeat some items across batches. */
function bigDay(date: string, accountId: string, variant: number, scale = 1): SnapshotInput {
  return snapshotOf(date, accountId, (s) => {
    const keep = (i: number) => variant === 0 || i % 5 !== 0; // the next day drops every fifth item …
    const changed = (i: number) => variant > 0 && i % 7 === 0; // … and changes every seventh
    const range = (n: number) => Array.from({ length: n * scale }, (_, i) => i).filter(keep);
    const service = s.services![0]!;
    s.services = range(40).map((i) => ({ ...service, usage_type: `type-${i}`, cost: changed(i) ? 99 : i }));
    const finding = s.security!.security_hub!.findings![0]!;
    const findings = range(30).map((i) => ({ ...finding, id: `finding-${i}`, title: changed(i) ? 'changed' : `title ${i}` }));
    // repeated in a later batch: newer, then older than the first occurrence
    findings.push({ ...findings[1]!, title: 'repeat, newer', updated_at: '2026-12-31T00:00:00.000Z' });
    findings.push({ ...findings[2]!, title: 'repeat, older', updated_at: '2020-01-01T00:00:00.000Z' });
    s.security!.security_hub!.findings = findings;
    const resource = s.service_resources![0]!;
    const resources = range(25).map((i) => ({ ...resource, resource_id: `r-${i}`, state: changed(i) ? 'stopped' : 'running' }));
    // repeated in a later batch: with the same attributes, and with other attributes (the last wins)
    resources.push({ ...resources[0]! }, { ...resources[3]!, state: 'terminated' }, { ...resources[3]!, state: 'pending' });
    // r-1 is running on every day: repeated as terminated, then as running again (the last wins: unchanged)
    const r1 = resources.find((r) => r.resource_id === 'r-1')!;
    resources.push({ ...r1, state: 'terminated' }, { ...r1 });
    s.service_resources = resources;
    const app = s.inventory!.applications![0]!;
    s.inventory!.applications = range(20).map((i) => ({ ...app, name: `app-${i}`, version: changed(i) ? '2.0' : '1.0' }));
    const evaluation = s.config!.evaluations![0]!;
    s.config!.evaluations = range(20).map((i) => ({ ...evaluation, resource_id: `bucket-${i}`, compliance_type: i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT' }));
    const aggregate = s.activity!.aggregates![0]!;
    s.activity!.aggregates = range(20).map((i) => ({ ...aggregate, event_name: `Event${i}`, count: changed(i) ? 500 : i + 1 }));
    const event = s.activity!.events![0]!;
    s.activity!.events = range(15).map((i) => ({ ...event, event_id: `event-${i}` }));
  });
}

describeEachDatabase('streamed arrays', (get) => {
  test('every streamed array is one the reader splits item by item', () => {
    for (const [section, path] of streamedArrayList()) {
      let node = sectionPlan(section);
      for (const k of path === '' ? [] : path.split('.')) node = node?.children?.get(k);
      expect({ section, path, splits: node?.element !== undefined }).toEqual({ section, path, splits: true });
    }
  });

  test.each([1, 7])('batches of %i load exactly what whole sections load, through every kind of load', async (batch) => {
    const { db } = get();
    const whole = `5555555555${batch.toString().padStart(2, '0')}`;
    const streamed = `6666666666${batch.toString().padStart(2, '0')}`;
    const steps: [string, number][] = [
      ['2026-11-20', 0], // first load
      ['2026-11-21', 1], // next day: items gone, changed, repeated
      ['2026-11-21', 1], // the same day again
      ['2026-11-19', 2], // out of order: before everything stored
    ];
    for (const [date, variant] of steps) {
      const a = await load(db, bigDay(date, whole, variant));
      const b = await loadStreamed(db, bigDay(date, streamed, variant), batch);
      // Products are shared by accounts: the first of the two loads creates them. A resource repeated
      // in a later batch with other attributes changes the version an earlier batch wrote or ended
      // (at most two rows for each of the fixture's 5 repeats).
      const { products: _a, service_resources: resourcesWhole = 0, ...writtenWhole } = a.rowsByTable;
      const { products: _b, service_resources: resourcesStreamed = 0, ...writtenStreamed } = b.rowsByTable;
      expect(resourcesStreamed - resourcesWhole).toBeGreaterThanOrEqual(0);
      expect(resourcesStreamed - resourcesWhole).toBeLessThanOrEqual(10);
      expect(writtenStreamed).toEqual(writtenWhole);
      expect(b.notes).toEqual(a.notes);
      expect(await dumpAccount(db, streamed)).toEqual(await dumpAccount(db, whole));
    }
    // r-4 came three times on the 21st, the last time as pending
    const { rows } = await sql<{ state: string }>`select state from service_resources where account_id = ${streamed} and resource_id = 'r-4' and valid_to is null`.execute(db);
    expect(rows).toEqual([{ state: 'pending' }]);
    const { rows: r1 } = await sql<{ state: string; valid_from: string }>`select state, valid_from::text as valid_from from service_resources where account_id = ${streamed} and resource_id = 'r-1'`.execute(db);
    expect(r1).toEqual([{ state: 'running', valid_from: '2026-11-19' }]);
  });

  test('through the reader: files whose arrays span several batches of 1,000 load what whole sections load', async () => {
    const { db } = get();
    const bucket = new TestBucket();
    try {
      for (const [date, variant] of [['2026-11-20', 0], ['2026-11-21', 1], ['2026-11-19', 2]] as const) {
        await load(db, bigDay(date, '555555555599', variant, 60));
        const key = bucket.putJson(`data/666666666699/${date}_DAILY.json.gz`, bigDay(date, '666666666699', variant, 60));
        const result = await processObject({ db, storage: bucket.storage, key });
        expect(result).toMatchObject({ status: 'loaded' });
        expect(await dumpAccount(db, '666666666699')).toEqual(await dumpAccount(db, '555555555599'));
      }
      expect(await count(db, 'services', { account_id: '666666666699', usage_date: '2026-11-20' })).toBe(2400);
    } finally {
      bucket.remove();
    }
  }, 120_000);

  test('through the reader: an item that breaks the contract after batches were written rejects the file and leaves nothing', async () => {
    const { db } = get();
    const bucket = new TestBucket();
    try {
      const doc = bigDay('2026-11-20', '666666666698', 0, 60) as { services: { cost: unknown }[] };
      doc.services[2100]!.cost = 'a lot';
      const key = bucket.putJson('data/666666666698/2026-11-20_DAILY.json.gz', doc);
      const before = await fingerprint(db);
      const result = await processObject({ db, storage: bucket.storage, key });
      expect(result).toMatchObject({ status: 'rejected', reason: 'contract_violation' });
      expect(result.message).toMatch(/services\[2100\]\.cost/);
      // no table changed (ingestions, which records the rejection, is not in the fingerprint)
      expect(await fingerprint(db)).toEqual(before);
      expect(await count(db, 'services', { account_id: '666666666698' })).toBe(0);
    } finally {
      bucket.remove();
    }
  }, 60_000);

  test('a streamed array whose section never comes fails the load instead of losing its items', async () => {
    const { db } = get();
    const snapshot = validated(bigDay('2026-11-20', '777777777790', 0));
    const attempt = db.transaction().execute(async (trx) => {
      const { ingestion_id } = await trx.insertInto('ingestions').values({ object_key: 'streamed/lost', status: 'processing' }).returning('ingestion_id').executeTakeFirstOrThrow();
      const writer = await beginSnapshot(trx, snapshot, { ingestionId: ingestion_id });
      await writer.writeItems('services', '', snapshot.services!.slice(0, 3));
      return writer.finish();
    });
    await expect(attempt).rejects.toThrow('streamed items never written: services: (loader bug)');
    expect(await dumpAccount(db, '777777777790')).toMatchObject({ services: [] });
  });
});
