// Lifecycle rows: a late (older) update never rolls an item back; first/last seen always widen;
// findings.resolved_at is the update time at which the finding was first seen resolved.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { load, snapshotOf } from './helpers.js';
import type { SnapshotInput } from '../../../snapshot/index.js';

type Finding = NonNullable<NonNullable<NonNullable<SnapshotInput['security']>['security_hub']>['findings']>[number];

const finding = (updatedAt: string, over: Partial<Finding> = {}): Finding => ({
  id: 'arn:aws:securityhub:us-east-1:123456789012:finding/life-1',
  product_name: 'Security Hub',
  title: 'title at ' + updatedAt,
  severity: 'HIGH',
  workflow_status: 'NEW',
  record_state: 'ACTIVE',
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: updatedAt,
  ...over,
});

describeEachDatabase('lifecycle tables', (get) => {
  const withFindings = (day: string, account: string, findings: Finding[]) =>
    snapshotOf(day, account, (s) => void (s.security!.security_hub = { products: [], findings }));
  const read = async (account: string) => {
    const { rows } = await sql<{ title: string; workflow_status: string; updated_at: Date; resolved_at: Date | null; f: string; l: string }>`
      select title, workflow_status, updated_at, resolved_at, first_seen_date::text as f, last_seen_date::text as l
      from findings where account_id = ${account}`.execute(get().db);
    return rows.map((r) => ({ ...r, updated_at: r.updated_at.toISOString(), resolved_at: r.resolved_at?.toISOString() ?? null }));
  };

  test('an older update does not roll a finding back, but widens first_seen_date', async () => {
    const A = '777777777701';
    await load(get().db, withFindings('2026-11-12', A, [finding('2026-11-12T10:00:00.000Z', { workflow_status: 'NOTIFIED' })]));
    const late = await load(get().db, withFindings('2026-11-10', A, [finding('2026-11-10T10:00:00.000Z')]));
    expect(late.rowsByTable.findings).toBe(1);
    expect(await read(A)).toEqual([
      { title: 'title at 2026-11-12T10:00:00.000Z', workflow_status: 'NOTIFIED', updated_at: '2026-11-12T10:00:00.000Z', resolved_at: null, f: '2026-11-10', l: '2026-11-12' },
    ]);
    // the same late file again: nothing to write
    expect((await load(get().db, withFindings('2026-11-10', A, [finding('2026-11-10T10:00:00.000Z')]))).rowsByTable.findings).toBeUndefined();
  });

  test('resolved_at: first time seen resolved or archived, kept while resolved, cleared when reopened', async () => {
    const A = '777777777702';
    const db = get().db;
    await load(db, withFindings('2026-11-10', A, [finding('2026-11-10T10:00:00.000Z')]));
    expect((await read(A))[0]!.resolved_at).toBeNull();
    await load(db, withFindings('2026-11-11', A, [finding('2026-11-11T10:00:00.000Z', { workflow_status: 'RESOLVED' })]));
    expect((await read(A))[0]!.resolved_at).toBe('2026-11-11T10:00:00.000Z');
    await load(db, withFindings('2026-11-12', A, [finding('2026-11-12T10:00:00.000Z', { workflow_status: 'RESOLVED', record_state: 'ARCHIVED' })]));
    expect((await read(A))[0]!).toMatchObject({ resolved_at: '2026-11-11T10:00:00.000Z', updated_at: '2026-11-12T10:00:00.000Z' });
    await load(db, withFindings('2026-11-13', A, [finding('2026-11-13T10:00:00.000Z', { workflow_status: 'NEW' })]));
    expect((await read(A))[0]!.resolved_at).toBeNull();
    // a late file saying it was resolved earlier does not close a finding that is open now
    await load(db, withFindings('2026-11-09', A, [finding('2026-11-09T10:00:00.000Z', { record_state: 'ARCHIVED' })]));
    expect((await read(A))[0]!).toMatchObject({ resolved_at: null, workflow_status: 'NEW', f: '2026-11-09', l: '2026-11-13' });
  });

  test('support cases without last_updated are versioned by their creation time; health by last_updated_time', async () => {
    const A = '777777777703';
    const db = get().db;
    await load(db, snapshotOf('2026-11-12', A, (s) => {
      s.support_tickets = [{ case_id: 'case-1', subject: 'new subject', status: 'opened', severity_code: 'low', time_created: '2026-11-12T01:00:00.000Z' }];
      s.health![0]!.last_updated_time = '2026-11-12T09:00:00.000Z';
      s.health![0]!.status_code = 'closed';
    }));
    await load(db, snapshotOf('2026-11-11', A, (s) => {
      s.support_tickets = [{ case_id: 'case-1', subject: 'old subject', status: 'opened', severity_code: 'low', time_created: '2026-11-11T01:00:00.000Z' }];
      s.health![0]!.last_updated_time = '2026-11-11T09:00:00.000Z';
      s.health![0]!.status_code = 'open';
    }));
    const { rows: cases } = await sql<{ subject: string; f: string }>`select subject, first_seen_date::text as f from support_tickets where account_id = ${A}`.execute(db);
    expect(cases).toEqual([{ subject: 'new subject', f: '2026-11-11' }]);
    const { rows: events } = await sql<{ status_code: string }>`select status_code from health_events where account_id = ${A}`.execute(db);
    expect(events).toEqual([{ status_code: 'closed' }]);
  });

  test('a finding repeated in one snapshot is applied like one from a later file: the newest update wins, on a tie the last', async () => {
    const A = '777777777704';
    const result = await load(get().db, withFindings('2026-11-10', A, [finding('2026-11-10T10:00:00.000Z', { title: 'newest' }), finding('2026-11-10T09:00:00.000Z', { title: 'older, later in the file' })]));
    expect(result.notes).toContain('findings: 1 duplicate item(s) in the snapshot, the newest update of each kept');
    expect((await read(A)).map((f) => f.title)).toEqual(['newest']);
    const B = '777777777705';
    await load(get().db, withFindings('2026-11-10', B, [finding('2026-11-10T10:00:00.000Z', { title: 'first' }), finding('2026-11-10T10:00:00.000Z', { title: 'last' })]));
    expect((await read(B)).map((f) => f.title)).toEqual(['last']);
  });
});
