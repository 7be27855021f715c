// The complete fixture: every section lands in its tables with the values it carries.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { ACCOUNT_ID, completeSnapshot } from '../../fixtures/snapshot.js';
import { load } from './helpers.js';
import type { WriteResult } from '../../../receiver/load/index.js';

const DAY = '2026-11-20';

describeEachDatabase('loading the complete snapshot', (get) => {
  let result: WriteResult;
  const one = async <T = Record<string, unknown>>(query: ReturnType<typeof sql<T>>) => {
    const { rows } = await query.execute(get().db);
    return rows;
  };

  beforeAll(async () => {
    result = await load(get().db, completeSnapshot(DAY));
  });

  test('reports rows per table', () => {
    expect(result.totalRows).toBe(Object.values(result.rowsByTable).reduce((a, b) => a + b, 0));
    expect(result.rowsByTable).toMatchObject({ findings: 2, service_resources: 8, services: 4, kms_keys: 1, collector_runs: 23 });
    expect(result.notes).toEqual([]);
  });

  test('accounts, products, snapshots and collector runs', async () => {
    const [acc] = await one(sql`select account_name, account_email, account_type, ou_path, tags, environment, cost_center, organization_id,
      attributes_as_of::text as attributes_as_of, first_snapshot_date::text as f, last_snapshot_date::text as l from accounts where account_id = ${ACCOUNT_ID}`);
    expect(acc).toMatchObject({ account_name: 'payments-prod', account_email: 'aws+payments-prod@example.com', account_type: 'production', ou_path: ['Workloads', 'Prod'], environment: 'prod', cost_center: 'CC-1042', organization_id: 'o-abc123defg', attributes_as_of: DAY, f: DAY, l: DAY });
    expect(await one(sql`select p.name, pa.source from product_accounts pa join products p using (product_id) where account_id = ${ACCOUNT_ID}`)).toEqual([{ name: 'Payments', source: 'tag' }]);
    const [snap] = await one(sql`select period_end::text as period_end, regions, sender_version from snapshots where account_id = ${ACCOUNT_ID}`);
    expect(snap).toEqual({ period_end: '2026-11-21', regions: ['us-east-1', 'eu-west-1'], sender_version: '0.1.0' });
    const runs = await one<{ collector: string; status: string; truncated: boolean }>(sql`select collector, status, truncated from collector_runs where account_id = ${ACCOUNT_ID} order by collector`);
    expect(runs).toHaveLength(23);
    expect(runs.find((r) => r.collector === 'activity')).toEqual({ collector: 'activity', status: 'ok', truncated: false });
  });

  test('contact state', async () => {
    expect(await one(sql`select full_name, country_code, valid_from::text as vf, valid_to from contact_info where account_id = ${ACCOUNT_ID}`)).toEqual([
      { full_name: 'Jane Doe', country_code: 'US', vf: DAY, valid_to: null },
    ]);
    expect(await one(sql`select contact_type, email from alternate_contacts where account_id = ${ACCOUNT_ID} order by contact_type`)).toEqual([
      { contact_type: 'billing', email: 'finops@example.com' },
      { contact_type: 'security', email: 'security@example.com' },
    ]);
  });

  test('cost time series', async () => {
    expect(await one(sql`select current_period_cost, previous_period_cost, cost_difference, credits, previous_period_start::text as pps from cost_reports where account_id = ${ACCOUNT_ID}`)).toEqual([
      { current_period_cost: '1234.5600000000', previous_period_cost: '1180.2500000000', cost_difference: '54.3100000000', credits: '-12.5000000000', pps: '2026-11-19' },
    ]);
    expect(await one(sql`select rank, service_name, cost from service_costs where account_id = ${ACCOUNT_ID} order by rank`)).toEqual([
      { rank: 1, service_name: 'Amazon Elastic Compute Cloud - Compute', cost: '610.1200000000' },
      { rank: 2, service_name: 'Amazon Relational Database Service', cost: '301.4000000000' },
      { rank: 3, service_name: 'Amazon Simple Storage Service', cost: '120.3300000000' },
    ]);
    expect(await one(sql`select forecast_end::text as fe, mean_amount, lower_bound, upper_bound from cost_forecasts where account_id = ${ACCOUNT_ID}`)).toEqual([
      { fe: '2026-12-01', mean_amount: '12500.5000000000', lower_bound: '11800.0000000000', upper_bound: '13300.7500000000' },
    ]);
    const services = await one(sql`select usage_type, cost, usage_quantity, usage_unit, granularity from services where account_id = ${ACCOUNT_ID} and usage_date = ${DAY} order by usage_type`);
    expect(services).toHaveLength(4);
    expect(services[0]).toEqual({ usage_type: 'EUW1-BoxUsage:c6g.xlarge', cost: '200.0000000000', usage_quantity: '1460.000000', usage_unit: 'Hrs', granularity: 'DAILY' });
    expect(await one(sql`select product_name, product_code, cost from marketplace_usage where account_id = ${ACCOUNT_ID}`)).toEqual([{ product_name: 'Datadog Pro', product_code: 'dd-pro-123', cost: '45.1600000000' }]);
    expect(await one(sql`select reservation_type, utilization_pct, net_savings, plan_type from ri_sp_daily_savings where account_id = ${ACCOUNT_ID}`)).toEqual([
      { reservation_type: 'SP', utilization_pct: '97.3000', net_savings: '70.2000000000', plan_type: 'Compute' },
    ]);
  });

  test('security summary, findings with their lifecycle', async () => {
    expect(await one(sql`select product_name, total_findings, critical_count, open_findings, resolved_findings from security where account_id = ${ACCOUNT_ID}`)).toEqual([
      { product_name: 'Security Hub', total_findings: 2, critical_count: 1, open_findings: 1, resolved_findings: 1 },
    ]);
    const findings = await one<{ severity: string; types: string[]; resolved_at: Date | null; first_seen_date: string }>(
      sql`select severity, types, resolved_at, first_seen_date::text as first_seen_date from findings where account_id = ${ACCOUNT_ID} order by severity`);
    expect(findings.map((f) => [f.severity, f.types.length, f.resolved_at?.toISOString() ?? null, f.first_seen_date])).toEqual([
      ['CRITICAL', 1, null, DAY],
      ['HIGH', 0, `${DAY}T07:00:00.000Z`, DAY],
    ]);
    expect(await one(sql`select finding_type, severity, severity_label, event_count from guard_duty_findings where account_id = ${ACCOUNT_ID}`)).toEqual([
      { finding_type: 'Recon:EC2/PortProbeUnprotectedPort', severity: '2.0', severity_label: 'LOW', event_count: 14 },
    ]);
    expect(await one(sql`select finding_type, inspector_score, fix_available from inspector_findings where account_id = ${ACCOUNT_ID}`)).toEqual([
      { finding_type: 'PACKAGE_VULNERABILITY', inspector_score: '7.5', fix_available: 'YES' },
    ]);
  });

  test('security state tables', async () => {
    expect(await one(sql`select key_id, rotation_enabled, key_manager from kms_keys where account_id = ${ACCOUNT_ID}`)).toEqual([
      { key_id: '1234abcd-12ab-34cd-56ef-1234567890ab', rotation_enabled: true, key_manager: 'CUSTOMER' },
    ]);
    expect(await one(sql`select web_acl_id, name, associated_resources, logging_enabled from waf_web_acls where account_id = ${ACCOUNT_ID}`)).toEqual([
      { web_acl_id: 'a1b2c3d4', name: 'payments-api', associated_resources: [`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT_ID}:loadbalancer/app/payments/50dc6c495c0c9188`], logging_enabled: true },
    ]);
    expect(await one(sql`select rule_name, priority, sqli_protection, rate_limit, geo_countries from waf_web_acl_rules where account_id = ${ACCOUNT_ID} order by priority`)).toEqual([
      { rule_name: 'AWS-AWSManagedRulesSQLiRuleSet', priority: 0, sqli_protection: true, rate_limit: null, geo_countries: [] },
      { rule_name: 'rate-limit', priority: 1, sqli_protection: false, rate_limit: 2000, geo_countries: [] },
    ]);
    expect(await one(sql`select name, is_organization_trail, s3_bucket from cloudtrail_trails where account_id = ${ACCOUNT_ID}`)).toEqual([{ name: 'org-trail', is_organization_trail: true, s3_bucket: 'org-cloudtrail-logs' }]);
    expect(await one(sql`select name, rotation_days, tags from secrets_manager_secrets where account_id = ${ACCOUNT_ID}`)).toEqual([{ name: 'payments/db', rotation_days: 30, tags: { Product: 'Payments' } }]);
    expect(await one(sql`select domain_name, subject_alternative_names, not_after from certificates where account_id = ${ACCOUNT_ID}`)).toEqual([
      { domain_name: 'api.payments.example.com', subject_alternative_names: ['api.payments.example.com', 'www.payments.example.com'], not_after: new Date('2027-02-09T23:59:59.000Z') },
    ]);
  });

  test('config rules, evaluations and the daily report', async () => {
    expect(await one(sql`select rule_name, compliance, non_compliant_resources from config_rules where account_id = ${ACCOUNT_ID} order by rule_name`)).toEqual([
      { rule_name: 'encrypted-volumes', compliance: 'COMPLIANT', non_compliant_resources: 0 },
      { rule_name: 'root-account-mfa-enabled', compliance: 'COMPLIANT', non_compliant_resources: 0 },
      { rule_name: 's3-bucket-public-read-prohibited', compliance: 'NON_COMPLIANT', non_compliant_resources: 1 },
    ]);
    expect(await one(sql`select resource_id, compliance_type, evaluation_mode from config_evaluations where account_id = ${ACCOUNT_ID}`)).toEqual([
      { resource_id: 'payments-exports', compliance_type: 'NON_COMPLIANT', evaluation_mode: 'DETECTIVE' },
    ]);
    expect(await one(sql`select total_rules, compliant_rules, non_compliant_rules, non_compliant_resources, compliance_score from config_reports where account_id = ${ACCOUNT_ID}`)).toEqual([
      { total_rules: 3, compliant_rules: 2, non_compliant_rules: 1, non_compliant_resources: 1, compliance_score: '66.67' },
    ]);
  });

  test('inventory', async () => {
    expect(await one(sql`select platform_name, patches_installed, patches_missing, patch_baseline_id from inventory_instances where account_id = ${ACCOUNT_ID}`)).toEqual([
      { platform_name: 'Amazon Linux', patches_installed: 412, patches_missing: 2, patch_baseline_id: 'pb-0c10e65780EXAMPLE' },
    ]);
    expect(await one(sql`select name, version, architecture, publisher from inventory_applications where account_id = ${ACCOUNT_ID} order by name`)).toEqual([
      { name: 'nginx', version: '1.24.0', architecture: 'x86_64', publisher: null },
      { name: 'openssl', version: '3.0.8', architecture: 'x86_64', publisher: 'Amazon Linux' },
    ]);
    expect(await one(sql`select kb_id, state from inventory_patches where account_id = ${ACCOUNT_ID} order by kb_id`)).toEqual([
      { kb_id: 'ALAS2023-2026-100', state: 'INSTALLED' },
      { kb_id: 'ALAS2023-2026-123', state: 'MISSING' },
    ]);
  });

  test('service resources and Compute Optimizer', async () => {
    const res = await one<{ resource_id: string; size_gb: string | null; tags: unknown; multi_az: boolean | null }>(
      sql`select resource_id, size_gb, tags, multi_az from service_resources where account_id = ${ACCOUNT_ID} and valid_to is null order by resource_id`);
    expect(res).toHaveLength(8);
    expect(res.find((r) => r.resource_id === 'vol-0123456789abcdef0')?.size_gb).toBe('100.000');
    expect(res.find((r) => r.resource_id === 'i-0abc12345def67890')?.tags).toEqual({ Name: 'payments-api-1' });
    expect(res.find((r) => r.resource_id === 'payments-exports')?.tags).toEqual({});
    expect(res.find((r) => r.resource_id === 'payments-db')?.multi_az).toBe(true);
    expect(await one(sql`select finding, finding_reasons, savings_opportunity_pct, performance_risk from compute_optimizer where account_id = ${ACCOUNT_ID}`)).toEqual([
      { finding: 'Overprovisioned', finding_reasons: ['CPUOverprovisioned'], savings_opportunity_pct: '42.5000', performance_risk: '1.00' },
    ]);
  });

  test('operations', async () => {
    expect(await one(sql`select check_id, status, check_timestamp from trusted_advisor_checks where account_id = ${ACCOUNT_ID} order by check_id`)).toEqual([
      { check_id: 'HCP4007jGY', status: 'ok', check_timestamp: null },
      { check_id: 'Qch7DwouX1', status: 'warning', check_timestamp: new Date(`${DAY}T01:00:00.000Z`) },
    ]);
    expect(await one(sql`select event_type_code, status_code, affected_entities, last_seen_date::text as ls from health_events where account_id = ${ACCOUNT_ID}`)).toEqual([
      { event_type_code: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', status_code: 'upcoming', affected_entities: 1, ls: DAY },
    ]);
    expect(await one(sql`select service_name, environment, key_attributes, metric_references from application_signals where account_id = ${ACCOUNT_ID}`)).toEqual([
      { service_name: 'payments-api', environment: 'eks:prod/default', key_attributes: { Type: 'Service', Name: 'payments-api', Environment: 'eks:prod/default' }, metric_references: 6 },
    ]);
    expect(await one(sql`select name, resiliency_score, rpo_seconds from resilience_hub_apps where account_id = ${ACCOUNT_ID}`)).toEqual([{ name: 'payments', resiliency_score: '82.00', rpo_seconds: 300 }]);
    expect(await one(sql`select case_id, status, severity_code from support_tickets where account_id = ${ACCOUNT_ID}`)).toEqual([
      { case_id: 'case-123456789012-muen-2026-1a2b3c', status: 'resolved', severity_code: 'low' },
    ]);
  });

  test('activity aggregates and security events', async () => {
    const agg = await one<{ event_name: string; event_count: number; units: number | null; principal_arn: string | null; error_code: string | null }>(
      sql`select event_name, event_count, units, principal_arn, error_code from activity_events where account_id = ${ACCOUNT_ID} and activity_date = ${DAY} order by event_name`);
    expect(agg).toEqual([
      { event_name: 'AttachRolePolicy', event_count: 1, units: null, principal_arn: `arn:aws:iam::${ACCOUNT_ID}:user/jane`, error_code: null },
      { event_name: 'PutBucketPolicy', event_count: 2, units: null, principal_arn: null, error_code: 'AccessDenied' },
      { event_name: 'RunInstances', event_count: 3, units: 6, principal_arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ci-deploy/gh-actions`, error_code: null },
    ]);
    expect(await one(sql`select event_name, resources, activity_date::text as d from activity_security_events where account_id = ${ACCOUNT_ID}`)).toEqual([
      { event_name: 'AttachRolePolicy', resources: { roleName: 'payments-admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, d: DAY },
    ]);
  });
});
