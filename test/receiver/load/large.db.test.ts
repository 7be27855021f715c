// 100,000 Security Hub findings in one snapshot load in one transaction (chunked by rows and bytes).
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { load, snapshotOf } from './helpers.js';

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
