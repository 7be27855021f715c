// Sections written to an empty scope (an account's first findings, a new day of services) go in
// as plain INSERTs, without the upsert's conflict arbitration. These are the cases where a plain
// INSERT would hit a key and must not: a key repeated in a later chunk, a row dated outside the
// section's scope, rows stored before. Each section here spans several chunks of 2,000 rows.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { count, load, snapshotOf } from './helpers.js';

const N = 5_000;

describeEachDatabase('plain inserts into empty scopes', (get) => {
  test("an account's first findings: a finding repeated chunks later is applied like an upsert (newest update wins)", async () => {
    const { db } = get();
    const accountId = '717171717101';
    const result = await load(
      db,
      snapshotOf('2026-11-20', accountId, (s) => {
        const finding = s.security!.security_hub!.findings![0]!;
        const findings = Array.from({ length: N }, (_, i) => ({ ...finding, id: `finding-${i}`, title: `title ${i}`, updated_at: '2026-11-19T00:00:00.000Z' }));
        findings.push({ ...findings[10]!, title: 'repeat, newer', updated_at: '2026-11-20T00:00:00.000Z' });
        findings.push({ ...findings[20]!, title: 'repeat, older', updated_at: '2026-11-01T00:00:00.000Z' });
        s.security!.security_hub!.findings = findings;
      }),
    );
    expect(await count(db, 'findings', { account_id: accountId })).toBe(N);
    const { rows } = await sql<{ finding_id: string; title: string }>`
      select finding_id, title from findings where account_id = ${accountId} and finding_id in ('finding-10', 'finding-20') order by finding_id`.execute(db);
    expect(rows).toEqual([
      { finding_id: 'finding-10', title: 'repeat, newer' },
      { finding_id: 'finding-20', title: 'title 20' },
    ]);
    expect(result.notes).toContain('findings: 2 duplicate item(s) in the snapshot, the newest update of each kept');
  });

  test('findings of an account that has some already: upserted, nothing duplicated', async () => {
    const { db } = get();
    const accountId = '717171717102';
    const day = (date: string, from: number) =>
      snapshotOf(date, accountId, (s) => {
        const finding = s.security!.security_hub!.findings![0]!;
        s.security!.security_hub!.findings = Array.from({ length: N }, (_, i) => ({ ...finding, id: `finding-${from + i}`, title: `${date} ${from + i}`, updated_at: `${date}T00:00:00.000Z` }));
      });
    await load(db, day('2026-11-20', 0));
    await load(db, day('2026-11-21', N / 2)); // half of them known
    expect(await count(db, 'findings', { account_id: accountId })).toBe(N + N / 2);
    const { rows } = await sql<{ title: string }>`select title from findings where account_id = ${accountId} and finding_id = ${`finding-${N - 1}`}`.execute(db);
    expect(rows).toEqual([{ title: `2026-11-21 ${N - 1}` }]);
  });

  test('a new day of services with a row dated the day before, chunks later: that stored row is updated, not duplicated', async () => {
    const { db } = get();
    const accountId = '717171717103';
    const services = (date: string, rows: number, cost: number) =>
      snapshotOf(date, accountId, (s) => {
        const service = s.services![0]!;
        s.services = Array.from({ length: rows }, (_, i) => ({ ...service, date, usage_type: `type-${i}`, cost }));
      });
    await load(db, services('2026-11-19', 10, 1));
    const day = services('2026-11-20', N, 2);
    // Cost Explorer revised the day before: dated outside the snapshot's day, it is upserted there
    day.services!.splice(3_000, 0, { ...day.services![0]!, date: '2026-11-19', usage_type: 'type-3', cost: 7 });
    await load(db, day);
    expect(await count(db, 'services', { account_id: accountId, usage_date: '2026-11-20' })).toBe(N);
    expect(await count(db, 'services', { account_id: accountId, usage_date: '2026-11-19' })).toBe(10);
    const { rows } = await sql<{ cost: string }>`
      select cost::text as cost from services where account_id = ${accountId} and usage_date = '2026-11-19' and usage_type = 'type-3'`.execute(db);
    expect(Number(rows[0]!.cost)).toBe(7);
  });

  test('a new day of services with a repeated item chunks later: the last one is kept', async () => {
    const { db } = get();
    const accountId = '717171717104';
    const result = await load(
      db,
      snapshotOf('2026-11-20', accountId, (s) => {
        const service = s.services![0]!;
        s.services = Array.from({ length: N }, (_, i) => ({ ...service, date: '2026-11-20', usage_type: `type-${i}`, cost: 1 }));
        s.services.push({ ...s.services[5]!, cost: 5 });
      }),
    );
    expect(await count(db, 'services', { account_id: accountId, usage_date: '2026-11-20' })).toBe(N);
    const { rows } = await sql<{ cost: string }>`select cost::text as cost from services where account_id = ${accountId} and usage_type = 'type-5'`.execute(db);
    expect(Number(rows[0]!.cost)).toBe(5);
    expect(result.notes).toContain('services: 1 duplicate item(s) in the snapshot, the last of each kept');
  });
});
