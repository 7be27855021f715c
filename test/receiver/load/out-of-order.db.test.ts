// Snapshots arriving out of order: each day's time series lands on its day, state versions are
// split, merged and re-opened so that "latest" and "as of D" both say what each day reported.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { asOf, instance, load, snapshotOf, versions } from './helpers.js';

const D3 = '2026-11-03';
const D4 = '2026-11-04';
const D5 = '2026-11-05';

const service = (date: string, cost: number) => ({ date, service: 'AWS Lambda', usage_type: 'USE1-Lambda-GB-Second', cost });
const key = (id: string, region = 'us-east-1') => JSON.stringify([region, 'instance', id]);

describeEachDatabase('out-of-order loads', (get) => {
  test('day 5 then day 4: both days correct, latest = day 5, as of day 4 = day 4', async () => {
    const { db } = get();
    const A = '555555555501';
    await load(db, snapshotOf(D5, A, (s) => {
      s.services = [service(D5, 5)];
      s.service_resources = [instance('i-changed', 'running'), instance('i-same', 'running')];
    }));
    await load(db, snapshotOf(D4, A, (s) => {
      s.services = [service(D4, 4)];
      s.service_resources = [instance('i-changed', 'stopped'), instance('i-same', 'running'), instance('i-day4-only', 'running')];
    }));

    const { rows: costs } = await sql<{ d: string; cost: string }>`
      select usage_date::text as d, cost from services where account_id = ${A} order by usage_date`.execute(db);
    expect(costs).toEqual([{ d: D4, cost: '4.0000000000' }, { d: D5, cost: '5.0000000000' }]);

    expect(await asOf(db, 'service_resources', A, null, 'state')).toEqual({ [key('i-changed')]: 'running', [key('i-same')]: 'running' });
    expect(await asOf(db, 'service_resources', A, D5, 'state')).toEqual({ [key('i-changed')]: 'running', [key('i-same')]: 'running' });
    expect(await asOf(db, 'service_resources', A, D4, 'state')).toEqual({ [key('i-changed')]: 'stopped', [key('i-same')]: 'running', [key('i-day4-only')]: 'running' });
    const v = await versions(db, 'service_resources', A, ['state']);
    expect(v.map((x) => [x.key, x.state, x.valid_from, x.valid_to])).toEqual([
      [key('i-changed'), 'stopped', D4, D5],
      [key('i-changed'), 'running', D5, null],
      [key('i-day4-only'), 'running', D4, D5],
      // unchanged between the days: one version, extended back to day 4
      [key('i-same'), 'running', D4, null],
    ]);
    const { rows: acc } = await sql<{ f: string; l: string }>`select first_snapshot_date::text as f, last_snapshot_date::text as l from accounts where account_id = ${A}`.execute(db);
    expect(acc).toEqual([{ f: D4, l: D5 }]);
  });

  test('days 3 and 5, then 4: splits in the middle, re-opens, extends back, and corrections merge again', async () => {
    const { db } = get();
    const A = '555555555502';
    const day3 = [instance('i-split', 'running'), instance('i-gap', 'running'), instance('i-back', 'running')];
    const day5 = [instance('i-split', 'running'), instance('i-gap', 'running'), instance('i-back', 'stopped')];
    const day4 = [instance('i-split', 'stopped'), instance('i-back', 'stopped')];
    await load(db, snapshotOf(D3, A, (s) => void (s.service_resources = day3)));
    await load(db, snapshotOf(D5, A, (s) => void (s.service_resources = day5)));
    await load(db, snapshotOf(D4, A, (s) => void (s.service_resources = day4)));

    const v = await versions(db, 'service_resources', A, ['state']);
    expect(v.map((x) => [x.key, x.state, x.valid_from, x.valid_to])).toEqual([
      [key('i-back'), 'running', D3, D4],
      [key('i-back'), 'stopped', D4, null],
      [key('i-gap'), 'running', D3, D4],
      [key('i-gap'), 'running', D5, null],
      [key('i-split'), 'running', D3, D4],
      [key('i-split'), 'stopped', D4, D5],
      [key('i-split'), 'running', D5, null],
    ]);
    for (const [day, items] of [[D3, day3], [D4, day4], [D5, day5]] as const) {
      expect(await asOf(db, 'service_resources', A, day, 'state')).toEqual(Object.fromEntries(items.map((i) => [key(i.resource_id), i.state])));
    }

    // Reloading day 4 with the same content changes nothing …
    const same = await load(db, snapshotOf(D4, A, (s) => void (s.service_resources = day4)));
    expect(same.rowsByTable.service_resources).toBeUndefined();
    // … and a corrected day 4 (= day 3's content) merges the versions back.
    await load(db, snapshotOf(D4, A, (s) => void (s.service_resources = day3)));
    const merged = await versions(db, 'service_resources', A, ['state']);
    expect(merged.map((x) => [x.key, x.state, x.valid_from, x.valid_to])).toEqual([
      [key('i-back'), 'running', D3, D5],
      [key('i-back'), 'stopped', D5, null],
      [key('i-gap'), 'running', D3, null],
      [key('i-split'), 'running', D3, null],
    ]);
  });

  test('a corrected file of the latest day replaces its time series and state', async () => {
    const { db } = get();
    const A = '555555555503';
    await load(db, snapshotOf(D4, A, (s) => void (s.service_resources = [instance('i-1', 'running')])));
    await load(db, snapshotOf(D5, A, (s) => {
      s.services = [service(D5, 5), { ...service(D5, 1), usage_type: 'wrong' }];
      s.service_resources = [instance('i-1', 'stopped'), instance('i-wrong', 'running')];
    }));
    await load(db, snapshotOf(D5, A, (s) => {
      s.services = [service(D5, 6)];
      s.service_resources = [instance('i-1', 'running')];
    }));
    const { rows } = await sql<{ usage_type: string; cost: string }>`select usage_type, cost from services where account_id = ${A} and usage_date = ${D5}`.execute(db);
    expect(rows).toEqual([{ usage_type: 'USE1-Lambda-GB-Second', cost: '6.0000000000' }]);
    const v = await versions(db, 'service_resources', A, ['state']);
    expect(v.map((x) => [x.key, x.state, x.valid_from, x.valid_to])).toEqual([[key('i-1'), 'running', D4, null]]);
  });
});
