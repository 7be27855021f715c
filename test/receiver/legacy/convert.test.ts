import { validateSnapshot } from '../../../snapshot/index.js';
import { convertLegacy, detectLegacy } from '../../../receiver/legacy/index.js';
import { parseObjectKey, type KeyInfo } from '../../../receiver/keys.js';
import { RejectError } from '../../../receiver/errors.js';
import { A360_ACCOUNT, a360v1, a360v2 } from '../fixtures/a360.js';
import { completeSnapshot } from '../fixtures/documents.js';

function info(key: string): KeyInfo {
  const parsed = parseObjectKey(key);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.info;
}

const V1_KEY = `data/${A360_ACCOUNT}/2025-10-08_DAILY.json`;
const V2_KEY = `data/${A360_ACCOUNT}/eu-west-1/2025-10-08_DAILY.json`;

test('detects v1 and v2 files, and not OrgPulse snapshots', () => {
  expect(detectLegacy(a360v1(), info(V1_KEY))).toBe('a360-v1');
  expect(detectLegacy(a360v2(), info(V2_KEY))).toBe('a360-v2');
  const { schema_version: _v, ...noVersion } = completeSnapshot();
  expect(detectLegacy(completeSnapshot() as Record<string, unknown>, info(V1_KEY))).toBeUndefined();
  expect(detectLegacy(noVersion as Record<string, unknown>, info(V1_KEY))).toBeUndefined();
});

test('v1: a file dated D becomes a valid DAILY snapshot for D−1 with every category mapped', () => {
  const out = convertLegacy(a360v1(), 'a360-v1', info(V1_KEY));
  const verdict = validateSnapshot(out.document);
  if (!verdict.ok) throw new Error(verdict.message);
  const s = verdict.snapshot;
  expect(s.account_id).toBe(A360_ACCOUNT);
  expect(s.period).toEqual({ granularity: 'DAILY', start: '2025-10-07', end: '2025-10-08' });
  expect(s.regions).toEqual(['ap-southeast-1']); // the region its records name most
  expect(s.account).toMatchObject({ name: 'legacy-workloads', account_type: 'production', partner_name: null, joined_timestamp: '2019-04-02T10:11:12.123Z' });
  expect(s.account?.alternate_contacts?.billing).toEqual({ full_name: 'Bill Ing', title: 'Finance', email: 'billing@example.com', phone_number: '+65-5555-0101' });
  expect(s.services).toEqual([
    expect.objectContaining({ date: '2025-10-07', service: 'Amazon Elastic Compute Cloud - Compute', usage_type: 'Aggregated', cost: 123.4567890123, usage_quantity: 96 }),
    expect.objectContaining({ service: 'Amazon Simple Storage Service', cost: 4.2 }),
  ]);
  expect(s.cost).toMatchObject({ current_period_cost: 127.6567890123, previous_period: { start: '2025-10-06', end: '2025-10-07' }, forecast: [{ start: '2025-10-08', end: '2025-11-07', mean: 3900.25 }] });
  expect(s.security?.security_hub?.findings[0]).toMatchObject({ severity: 'HIGH', workflow_status: 'NEW', remediation: 'Rotate the key.', updated_at: '2025-10-07T06:00:00.123Z' });
  expect(s.security?.guard_duty?.[0]).toMatchObject({ detector_id: 'unknown', severity: 2 });
  expect(s.security?.cloudtrail?.[0]).toMatchObject({ home_region: 'ap-southeast-1' });
  expect(s.config?.rules).toEqual([expect.objectContaining({ rule_name: 's3-bucket-public-read-prohibited', compliance: 'NON_COMPLIANT', non_compliant_resources: 1 })]);
  expect(s.inventory?.patches[0]).toMatchObject({ kb_id: 'ALAS2-2025-001 kernel', state: 'MISSING' });
  expect(s.service_resources?.map((r) => [r.service, r.region])).toEqual([['EC2', 'ap-southeast-1'], ['S3', 'global']]);
  expect(s.compute_optimizer?.[0]).toMatchObject({ memory_utilization_max: 40, region: 'ap-southeast-1' });
  expect(s.trusted_advisor?.[0]).toMatchObject({ check_id: 'Low Utilization Amazon EC2 Instances', status: 'warning', resources_flagged: 2 });
  // Collector runs: health failed (logs said so, the list was the [] default), the rest ok.
  expect(s.collectors.health).toMatchObject({ status: 'failed', error: expect.stringContaining('SubscriptionRequired') });
  expect(s.health).toBeUndefined();
  expect(s.collectors.marketplace).toMatchObject({ status: 'ok' });
  expect(s.marketplace).toEqual([]);
  expect(s.collectors.kms).toMatchObject({ status: 'ok', truncated: true });
  expect(s.collectors.config).toMatchObject({ status: 'ok', truncated: true });
  // Nothing dropped in silence: the fields without a place are listed.
  expect(out.notes.join('\n')).toMatch(/recommendation/);
  expect(out.notes.join('\n')).toMatch(/compliant_rules 2/);
  expect(out.unknownFieldPaths).toEqual(expect.arrayContaining(['security.cloudtrail[].recent_events_count', 'trusted_advisor[].recommendation']));
});

test('v2: [] in an object slot is "not collected"; per-region key; v2-only categories', () => {
  const out = convertLegacy(a360v2(), 'a360-v2', info(V2_KEY));
  const verdict = validateSnapshot(out.document);
  if (!verdict.ok) throw new Error(verdict.message);
  const s = verdict.snapshot;
  expect(s.regions).toEqual(['eu-west-1']);
  expect(s.security).toBeUndefined();
  for (const c of ['security_hub', 'guard_duty', 'kms', 'waf', 'cloudtrail']) expect(s.collectors[c]).toMatchObject({ status: 'failed', error: expect.stringContaining('AccessDenied') });
  expect(s.collectors.application_signals).toMatchObject({ status: 'skipped' });
  expect(s.application_signals).toBeUndefined();
  expect(s.account?.tags).toEqual({ Product: 'Legacy Portal' });
  expect(s.config?.rules.map((r) => [r.rule_name, r.compliance])).toEqual([
    ['s3-bucket-public-read-prohibited', 'NON_COMPLIANT'],
    ['encrypted-volumes', 'COMPLIANT'],
  ]);
  expect(s.config?.evaluations[1]).toMatchObject({ conformance_pack: 'CIS', region: 'eu-west-1' });
  expect(s.ri_sp_savings?.[0]).toMatchObject({ reservation_type: 'SP', region: null, utilization_pct: 97.5, total_commitment: 240, start_time: '2025-01-01T00:00:00.000Z' });
  expect(s.support_tickets?.[0]).toMatchObject({ case_id: 'case-210987654321-2025-abc', severity_code: 'low' });
  expect(out.unknownFieldPaths).toContain('ri_sp_savings[].upfront_cost');
});

test('what cannot be converted is rejected with legacy_unconvertible naming the part', () => {
  const doc = a360v1();
  (doc.service_resources as Record<string, unknown>[])[0]!.service_name = 'DynamoDB';
  expect(() => convertLegacy(doc, 'a360-v1', info(V1_KEY))).toThrow(RejectError);
  try {
    convertLegacy(doc, 'a360-v1', info(V1_KEY));
  } catch (error) {
    expect(error).toMatchObject({ reason: 'legacy_unconvertible', message: expect.stringMatching(/service_resources\[\].*DynamoDB/) });
  }
  const weekly = info(`data/${A360_ACCOUNT}/2025-10-08_WEEKLY.json`);
  expect(() => convertLegacy(a360v1(), 'a360-v1', weekly)).toThrow(/only DAILY/);
  const noTitle = a360v1();
  delete ((noTitle.security as Record<string, unknown[]>).certificate_manager![0] as Record<string, unknown>).domain_name;
  expect(() => convertLegacy(noTitle, 'a360-v1', info(V1_KEY))).toThrow(/security\.certificate_manager\[\]: has no domain_name/);
});
