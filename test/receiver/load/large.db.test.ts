// 100,000 Security Hub findings in one snapshot load in one transaction (chunked by rows and bytes);
// an account too big for the read-ahead of stored keys and versions.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { instance, load, snapshotOf } from './helpers.js';
import { PREFETCH_MAX_SCOPE_ROWS } from '../../../receiver/load/time-series.js';
import { PREFETCH_MAX_ROWS } from '../../../receiver/load/state.js';

const N = 100_000;

describeEachDatabase('a large snapshot', (get) => {
  test(`${N.toLocaleString('en')} Security Hub findings`, async () => {
    const { db } = get();
    const A = '101010101010';
    const sevs = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
    const result = await load(db, snapshotOf('2026-11-20', A, (s) => {
      s.security!.security_hub!.findings = Array.from({ length: N }, (_, i) => ({
        id: `arn:aws:securityhub:us-east-1:${A}:finding/${i.toString(16).padStart(8, '0')}`,
        product_name: 'Security Hub',
        generator_id: `control/${i % 300}`,
        title: `Control ${i % 300} failed for resource ${i}`,
        description: 'A realistic description of a failed control that is about a hundred and twenty characters long, give or take.',
        severity: sevs[i % 5]!,
        workflow_status: i % 7 === 0 ? 'RESOLVED' : 'NEW',
        record_state: 'ACTIVE',
        resource_type: 'AwsEc2Instance',
        resource_id: `arn:aws:ec2:us-east-1:${A}:instance/i-${i.toString(16).padStart(17, '0')}`,
        region: 'us-east-1',
        types: ['Software and Configuration Checks'],
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-20T06:00:00.000Z',
      }));
    }));
    expect(result.rowsByTable.findings).toBe(N);
    const { rows } = await sql<{ n: number; resolved: number; critical: number }>`
      select count(*)::int as n, count(resolved_at)::int as resolved, count(*) filter (where severity = 'CRITICAL')::int as critical
      from findings where account_id = ${A}`.execute(db);
    expect(rows[0]).toEqual({ n: N, resolved: Math.ceil(N / 7), critical: N / 5 });
  }, 300_000);
});

// Above PREFETCH_MAX_SCOPE_ROWS / PREFETCH_MAX_ROWS stored rows the read-ahead at the start of a
// load gives up, and each section reads its own stored keys or versions mid-load.
describeEachDatabase('an account too big for the read-ahead', (get) => {
  test(`more than ${PREFETCH_MAX_SCOPE_ROWS.toLocaleString('en')} services rows and ${PREFETCH_MAX_ROWS.toLocaleString('en')} current versions`, async () => {
    const { db } = get();
    const A = '101010101011';
    const n = Math.max(PREFETCH_MAX_SCOPE_ROWS, PREFETCH_MAX_ROWS) + 5;
    const day = (date: string, keep: (i: number) => boolean) =>
      snapshotOf(date, A, (s) => {
        const service = s.services![0]!;
        s.services = Array.from({ length: n }, (_, i) => i).filter(keep).map((i) => ({ ...service, date, usage_type: `type-${i}` }));
        s.service_resources = Array.from({ length: n }, (_, i) => i).filter(keep).map((i) => instance(`i-${i}`, 'running'));
      });
    await load(db, day('2026-11-20', () => true));
    const count = (keep: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(keep).length;
    // the same day again with every other item: the rest of the day's rows and versions go
    const again = await load(db, day('2026-11-20', (i) => i % 2 === 0));
    expect(again.rowsByTable).toMatchObject({ services: count((i) => i % 2 === 1), service_resources: count((i) => i % 2 === 1) });
    // the next day with every fourth resource: the other current versions end on the 21st
    const next = await load(db, day('2026-11-21', (i) => i % 4 === 0));
    expect(next.rowsByTable.service_resources).toBe(count((i) => i % 4 === 2));
    const { rows } = await sql<{ services: number; current: number; closed: number }>`
      select (select count(*)::int from services where account_id = ${A} and usage_date = '2026-11-20') as services,
             (select count(*)::int from service_resources where account_id = ${A} and valid_to is null) as current,
             (select count(*)::int from service_resources where account_id = ${A} and valid_to = '2026-11-21') as closed`.execute(db);
    expect(rows[0]).toEqual({ services: count((i) => i % 2 === 0), current: count((i) => i % 4 === 0), closed: count((i) => i % 4 === 2) });
  }, 300_000);
});
