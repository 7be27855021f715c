// Loading the same snapshot again changes nothing; loads of other accounts and days do not touch
// each other's rows.
import { describeEachDatabase } from '../../support/databases.js';
import { completeSnapshot } from '../../fixtures/snapshot.js';
import { dumpTables, instance, load, snapshotOf, validated } from './helpers.js';
import { beginSnapshot } from '../../../receiver/load/index.js';

describeEachDatabase('idempotent and isolated loads', (get) => {
  test('the same snapshot twice leaves identical tables and writes only the snapshot row', async () => {
    const { db } = get();
    await load(db, completeSnapshot('2026-11-20', '111111111111'));
    const first = await dumpTables(db);
    const again = await load(db, completeSnapshot('2026-11-20', '111111111111'));
    expect(await dumpTables(db)).toEqual(first);
    // snapshots.loaded_at records the reload; nothing else is rewritten
    expect(again.rowsByTable).toEqual({ snapshots: 1 });
  });

  test('other accounts and other days are not affected', async () => {
    const { db } = get();
    const A = '222222222222';
    const B = '333333333333';
    await load(db, snapshotOf('2026-11-20', B));
    const onlyB = (d: Record<string, string[]>) =>
      Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.filter((r) => r.includes(B))]));
    const before = onlyB(await dumpTables(db));
    await load(db, snapshotOf('2026-11-20', A));
    await load(db, snapshotOf('2026-11-21', A, (s) => {
      s.service_resources = [instance('i-new', 'running')];
      s.services = [{ date: '2026-11-21', service: 'AWS Lambda', usage_type: 'USE1-Lambda-GB-Second', cost: 1 }];
    }));
    await load(db, snapshotOf('2026-11-19', A, (s) => {
      s.services = [];
      s.service_resources = [];
    }));
    expect(onlyB(await dumpTables(db))).toEqual(before);
    // A's own day 20 still has its four service rows after days 21 and 19 were loaded
    const day20 = (await dumpTables(db)).services!.filter((r) => r.includes(A) && r.includes('2026-11-20'));
    expect(day20).toHaveLength(4);
  });

  test('concurrent loads of one new account wait for each other and both land', async () => {
    const { db } = get();
    const C = '444444444444';
    const results = await Promise.all([load(db, snapshotOf('2026-11-20', C)), load(db, snapshotOf('2026-11-21', C))]);
    expect(results.map((r) => r.totalRows > 0)).toEqual([true, true]);
    const dump = await dumpTables(db);
    expect(dump.snapshots!.filter((r) => r.includes(C))).toHaveLength(2);
    expect(dump.accounts!.filter((r) => r.includes(C)).map((r) => JSON.parse(r) as { first_snapshot_date: string; last_snapshot_date: string })).toEqual([
      expect.objectContaining({ first_snapshot_date: '2026-11-20', last_snapshot_date: '2026-11-21' }),
    ]);
    // both days' state agrees: the fixture is the same on both days, so one version per item
    expect(dump.kms_keys!.filter((r) => r.includes(C))).toHaveLength(1);
  });
});

describeEachDatabase('a failing load', (get) => {
  test('reports the statement that failed, leaves nothing behind, and the next load works', async () => {
    const { db } = get();
    const A = '454545454545';
    // valid by the contract, but a lone UTF-16 surrogate has no UTF-8 form: the database refuses it mid-load
    const bad = snapshotOf('2026-11-20', A, (s) => {
      s.services![1]!.usage_type = 'USE1-\ud800';
    });
    await expect(load(db, bad)).rejects.toThrow(/surrogate|Unicode|invalid input/i);
    const dump = await dumpTables(db);
    expect(Object.entries(dump).filter(([, rows]) => rows.some((r) => r.includes(A))).map(([t]) => t)).toEqual([]);
    const ok = await load(db, snapshotOf('2026-11-20', A));
    expect(ok.rowsByTable.services).toBe(4);
  });

  test('a caller that stops between sections, aborts the writer and rolls back leaves nothing behind', async () => {
    const { db } = get();
    const B = '464646464646';
    await load(db, snapshotOf('2026-11-19', B, (s) => void (s.service_resources = [])));
    const before = await dumpTables(db);
    const snapshot = validated(snapshotOf('2026-11-20', B, (s) => {
      s.service_resources = Array.from({ length: 5000 }, (_, i) => instance(`i-${i}`, 'running'));
    }));
    const stop = new Error('contract issue found in a later section');
    await expect(
      db.transaction().execute(async (trx) => {
        const writer = await beginSnapshot(trx, snapshot, { ingestionId: 1 });
        await writer.writeSection('service_resources', snapshot.service_resources!);
        // the section's statements may still be queued: a caller that gives up stops them first
        await writer.abort();
        throw stop;
      }),
    ).rejects.toBe(stop);
    // a later statement on the same database sees nothing of it
    await load(db, snapshotOf('2026-11-21', '474747474747'));
    const onlyB = (d: Record<string, string[]>) => Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.filter((r) => r.includes(B))]));
    expect(onlyB(await dumpTables(db))).toEqual(onlyB(before));
  });
});
