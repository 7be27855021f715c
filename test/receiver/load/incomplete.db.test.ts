// Sections that are missing or incomplete: a failed collector deletes and closes nothing, a
// truncated one adds and changes but closes nothing, a partial one closes only where it succeeded.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { asOf, count, instance, load, snapshotOf, versions } from './helpers.js';

const D1 = '2026-11-10';
const D2 = '2026-11-11';
const key = (id: string, region = 'us-east-1') => JSON.stringify([region, 'instance', id]);

describeEachDatabase('failed, truncated and partial collectors', (get) => {
  test('a failed section (absent, collector failed) keeps that day\'s rows and closes no state', async () => {
    const { db } = get();
    const A = '666666666601';
    await load(db, snapshotOf(D1, A));
    const servicesBefore = await count(db, 'services', { account_id: A, usage_date: D1 });
    expect(servicesBefore).toBe(4);
    // a corrected file of the same day in which the services collector failed
    const result = await load(db, snapshotOf(D1, A, (s) => {
      delete s.services;
      s.collectors.services = { status: 'failed', error: 'ThrottlingException: Rate exceeded', duration_ms: 30000, api_calls: 5 };
    }));
    expect(result.rowsByTable.services).toBeUndefined();
    expect(await count(db, 'services', { account_id: A, usage_date: D1 })).toBe(4);
    const { rows: runs } = await sql<{ status: string; error: string }>`
      select status, error from collector_runs where account_id = ${A} and period_start = ${D1} and collector = 'services'`.execute(db);
    expect(runs).toEqual([{ status: 'failed', error: 'ThrottlingException: Rate exceeded' }]);

    // next day: service_resources and kms failed → their current versions stay current
    await load(db, snapshotOf(D2, A, (s) => {
      delete s.service_resources;
      s.collectors.service_resources = { status: 'access_denied', error: 'AccessDenied', duration_ms: 10, api_calls: 1 };
      delete s.security!.kms;
      s.collectors.kms = { status: 'failed', duration_ms: 10, api_calls: 1 };
    }));
    expect(await count(db, 'service_resources', { account_id: A })).toBe(8);
    expect((await versions(db, 'service_resources', A)).every((v) => v.valid_to === null)).toBe(true);
    expect((await versions(db, 'kms_keys', A)).map((v) => v.valid_to)).toEqual([null]);
  });

  test('truncated: new and changed items are written, absent ones are not closed', async () => {
    const { db } = get();
    const A = '666666666602';
    await load(db, snapshotOf(D1, A, (s) => {
      s.service_resources = [instance('i-1', 'running'), instance('i-2', 'running'), instance('i-3', 'running')];
    }));
    const result = await load(db, snapshotOf(D2, A, (s) => {
      s.service_resources = [instance('i-1', 'stopped'), instance('i-4', 'running')];
      s.collectors.service_resources = { status: 'ok', duration_ms: 900000, api_calls: 5000, truncated: true };
    }));
    expect(result.notes).toContain('service_resources: collector service_resources incomplete: nothing closed');
    expect(await asOf(db, 'service_resources', A, null, 'state')).toEqual({
      [key('i-1')]: 'stopped',
      [key('i-2')]: 'running',
      [key('i-3')]: 'running',
      [key('i-4')]: 'running',
    });
    // time series too: a truncated corrected file of D1 updates what it has and deletes nothing
    await load(db, snapshotOf(D1, A, (s) => {
      s.activity!.aggregates = s.activity!.aggregates!.slice(0, 1).map((a) => ({ ...a, count: 99 }));
      s.collectors.activity = { status: 'ok', duration_ms: 1, api_calls: 1, truncated: true };
    }));
    const { rows } = await sql<{ event_count: number }>`select event_count from activity_events where account_id = ${A} and activity_date = ${D1} order by event_count`.execute(db);
    expect(rows.map((r) => r.event_count)).toEqual([1, 2, 99]);
  });

  test('partial: items are closed only in the regions that succeeded', async () => {
    const { db } = get();
    const A = '666666666603';
    await load(db, snapshotOf(D1, A, (s) => {
      s.service_resources = [instance('i-use1', 'running'), instance('i-euw1', 'running', 'eu-west-1'), instance('i-keep', 'running')];
    }));
    await load(db, snapshotOf(D2, A, (s) => {
      s.service_resources = [instance('i-keep', 'running')];
      s.collectors.service_resources = { status: 'partial', duration_ms: 100, api_calls: 10, regions: { 'eu-west-1': { status: 'failed', error: 'timeout' } } };
      // inventory applications have no region column: under partial nothing of theirs is closed
      s.inventory!.applications = [];
      s.collectors.inventory = { status: 'partial', duration_ms: 100, api_calls: 10, regions: { 'eu-west-1': { status: 'access_denied' } } };
    }));
    const v = await versions(db, 'service_resources', A, ['state']);
    expect(v.map((x) => [x.key, x.valid_from, x.valid_to])).toEqual([
      [key('i-euw1', 'eu-west-1'), D1, null],
      [key('i-keep'), D1, null],
      [key('i-use1'), D1, D2],
    ]);
    expect((await versions(db, 'inventory_applications', A)).map((x) => x.valid_to)).toEqual([null, null]);
    // partial days still count as covered for out-of-order loads
    const { rows } = await sql<{ status: string }>`select status from collector_runs where account_id = ${A} and period_start = ${D2} and collector = 'service_resources'`.execute(db);
    expect(rows).toEqual([{ status: 'partial' }]);
  });
});
