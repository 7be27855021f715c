// The write queue runs a load's statements in the order they were submitted, however many wait at
// once, and reports the first failure (not the "transaction is aborted" errors after it).
import { sql } from 'kysely';
import { LoadStats } from '../../../receiver/load/context.js';
import { WriteQueue } from '../../../receiver/load/write-queue.js';
import { describeEachDatabase } from '../../support/databases.js';

describeEachDatabase('write queue', (get) => {
  test('runs submitted statements and reads in submission order', async () => {
    const { db } = get();
    const expected = await db.transaction().execute(async (trx) => {
      await sql`create temporary table queue_order (v bigint not null) on commit drop`.execute(trx);
      await sql`insert into queue_order values (1)`.execute(trx);
      const stats = new LoadStats();
      const queue = new WriteQueue(trx, stats, { statements: 8, chars: 1 << 20 });
      // Each step depends on the one before: any reordering changes the result.
      let v = 1n;
      const reads: bigint[] = [];
      for (let i = 0; i < 300; i++) {
        await queue.submit('queue_order', 'update queue_order set v = (v * 31 + $1::bigint) % 1000003', [i]);
        v = (v * 31n + BigInt(i)) % 1000003n;
        if (i % 50 === 49) {
          const { rows } = await queue.query<{ v: number | string }>('select v from queue_order');
          expect(BigInt(rows[0]!.v)).toBe(v);
          reads.push(v);
        }
      }
      await queue.drain();
      expect(stats.rowsByTable.queue_order).toBe(300);
      const { rows } = await sql<{ v: number | string }>`select v from queue_order`.execute(trx);
      expect(BigInt(rows[0]!.v)).toBe(v);
      return reads.length;
    });
    expect(expected).toBe(6);
  });

  test('keeps the first failure, sends nothing after it, and rethrows it', async () => {
    const { db } = get();
    const stats = new LoadStats();
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        await sql`create temporary table queue_fail (v int primary key) on commit drop`.execute(trx);
        const queue = new WriteQueue(trx, stats, { statements: 4, chars: 1 << 20 });
        await queue.submit('queue_fail', 'insert into queue_fail values (1)', []);
        await queue.submit('queue_fail', 'insert into queue_fail values (1)', []).catch(() => undefined); // duplicate key
        for (let i = 2; i < 6; i++) await queue.submit('queue_fail', `insert into queue_fail values ($1::int)`, [i]).catch(() => undefined);
        await queue.drain();
        return 'drained';
      })
      .catch((error: unknown) => (error as Error).message);
    expect(outcome).toMatch(/duplicate key/);
    expect(stats.rowsByTable.queue_fail).toBe(1);
  });

  test('abort: what is still queued is never sent, so nothing runs after the caller rolls back', async () => {
    const { db } = get();
    const counts = await db.transaction().execute(async (trx) => {
      await sql`create temporary table queue_abort (v int primary key) on commit drop`.execute(trx);
      const queue = new WriteQueue(trx, new LoadStats(), { statements: 1000, chars: 1 << 20 });
      for (let i = 0; i < 200; i++) await queue.submit('queue_abort', 'insert into queue_abort values ($1::int)', [i]);
      await queue.abort();
      const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from queue_abort`.execute(trx)).rows[0]!.n);
      const atAbort = await count();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(queue.drain()).rejects.toThrow(/aborted/);
      return { atAbort, later: await count() };
    });
    expect(counts.atAbort).toBeLessThan(200);
    expect(counts.later).toBe(counts.atAbort);
  });
});
