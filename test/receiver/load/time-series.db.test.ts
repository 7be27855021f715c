// Time-series replacement (time-series.ts): a section that fits in one chunk is one statement
// (delete the scope's rows it no longer has + upsert); a bigger one reads the stored keys first.
// Both must give the same rows, honour partial collectors, and count what they changed.
import { sql } from 'kysely';
import type { OrgPulseDb } from '../../../db/open.js';
import type { SnapshotInput } from '../../../snapshot/index.js';
import { describeEachDatabase } from '../../support/databases.js';
import { load, snapshotOf } from './helpers.js';

const D1 = '2026-11-10';
const D2 = '2026-11-11';
type Aggregate = NonNullable<NonNullable<SnapshotInput['activity']>['aggregates']>[number];

function aggregate(name: string, region = 'us-east-1', count = 1): Aggregate {
  return { event_source: 'ec2.amazonaws.com', event_name: name, region, principal_arn: null, principal_type: 'AWSService', source_ip: null, user_agent: null, count, first_seen: '2026-11-10T08:00:00.000Z', last_seen: '2026-11-10T09:00:00.000Z' };
}

function withAggregates(date: string, accountId: string, aggregates: Aggregate[], edit?: (s: SnapshotInput) => void): SnapshotInput {
  return snapshotOf(date, accountId, (s) => {
    s.activity!.aggregates = aggregates;
    edit?.(s);
  });
}

async function events(db: OrgPulseDb, accountId: string, date: string): Promise<string[]> {
  const { rows } = await sql<{ e: string }>`
    select region || '/' || event_name || '=' || event_count as e from activity_events
    where account_id = ${accountId} and activity_date = ${date} order by region, event_name`.execute(db);
  return rows.map((r) => r.e);
}

const range = (n: number, prefix: string, region?: string): Aggregate[] => Array.from({ length: n }, (_, i) => aggregate(`${prefix}${String(i).padStart(5, '0')}`, region));

describeEachDatabase('time-series replacement', (get) => {
  test('one chunk: a reload deletes what the day no longer has, updates what changed, counts both', async () => {
    const { db } = get();
    const A = '777777777701';
    await load(db, withAggregates(D1, A, [aggregate('A'), aggregate('B'), aggregate('C')]));
    await load(db, withAggregates(D2, A, [aggregate('A')]));
    const result = await load(db, withAggregates(D1, A, [aggregate('A', 'us-east-1', 5), aggregate('D', 'eu-west-1')]));
    expect(await events(db, A, D1)).toEqual(['eu-west-1/D=1', 'us-east-1/A=5']);
    // B and C deleted, A updated, D inserted
    expect(result.rowsByTable.activity_events).toBe(4);
    expect(await events(db, A, D2)).toEqual(['us-east-1/A=1']);
  });

  test('one chunk, unchanged: nothing is written', async () => {
    const { db } = get();
    const A = '777777777702';
    await load(db, withAggregates(D1, A, [aggregate('A'), aggregate('B')]));
    const result = await load(db, withAggregates(D1, A, [aggregate('B'), aggregate('A')]));
    expect(result.rowsByTable.activity_events).toBeUndefined();
    expect(await events(db, A, D1)).toEqual(['us-east-1/A=1', 'us-east-1/B=1']);
  });

  test('an empty section empties the day (ok collector) and nothing else', async () => {
    const { db } = get();
    const A = '777777777703';
    await load(db, withAggregates(D1, A, [aggregate('A'), aggregate('B')]));
    await load(db, withAggregates(D2, A, [aggregate('A')]));
    const result = await load(db, withAggregates(D1, A, []));
    expect(result.rowsByTable.activity_events).toBe(2);
    expect(await events(db, A, D1)).toEqual([]);
    expect(await events(db, A, D2)).toEqual(['us-east-1/A=1']);
  });

  test('partial collector, one chunk: rows of the failed region stay', async () => {
    const { db } = get();
    const A = '777777777704';
    await load(db, withAggregates(D1, A, [aggregate('A'), aggregate('B'), aggregate('X', 'eu-west-1')]));
    await load(db, withAggregates(D1, A, [aggregate('A')], (s) => {
      s.collectors.activity = { status: 'partial', duration_ms: 1, api_calls: 1, regions: { 'eu-west-1': { status: 'failed', error: 'timeout' } } };
    }));
    expect(await events(db, A, D1)).toEqual(['eu-west-1/X=1', 'us-east-1/A=1']);
  });

  test('partial collector, empty section: only the regions that succeeded are emptied', async () => {
    const { db } = get();
    const A = '777777777705';
    await load(db, withAggregates(D1, A, [aggregate('A'), aggregate('X', 'eu-west-1')]));
    await load(db, withAggregates(D1, A, [], (s) => {
      s.collectors.activity = { status: 'partial', duration_ms: 1, api_calls: 1, regions: { 'eu-west-1': { status: 'failed', error: 'timeout' } } };
    }));
    expect(await events(db, A, D1)).toEqual(['eu-west-1/X=1']);
  });

  test('several chunks: stale rows deleted by key, partial regions respected, same rows as one chunk would give', async () => {
    const { db } = get();
    const A = '777777777706';
    const big = range(2500, 'E'); // > 2,000 rows: more than one chunk
    await load(db, withAggregates(D1, A, [...big, ...range(3, 'X', 'eu-west-1')]));
    expect((await events(db, A, D1)).length).toBe(2503);
    const result = await load(db, withAggregates(D1, A, big.slice(100), (s) => {
      s.collectors.activity = { status: 'partial', duration_ms: 1, api_calls: 1, regions: { 'eu-west-1': { status: 'failed', error: 'timeout' } } };
    }));
    expect(result.rowsByTable.activity_events).toBe(100);
    const after = await events(db, A, D1);
    expect(after.length).toBe(2403);
    expect(after.filter((e) => e.startsWith('eu-west-1/'))).toEqual(['eu-west-1/X00000=1', 'eu-west-1/X00001=1', 'eu-west-1/X00002=1']);
    expect(after).not.toContain('us-east-1/E00099=1');
    expect(after).toContain('us-east-1/E00100=1');
  });
});
