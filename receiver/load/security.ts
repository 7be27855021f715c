// security section → the Security Hub summary (time series), findings of Security Hub, GuardDuty
// and Inspector (lifecycle), and KMS keys, WAF, CloudTrail trails, secrets and certificates (state).
// Each part comes from its own collector and may be absent on its own: an absent part changes nothing.
import type { SecuritySection } from '../../snapshot/index.js';
import { asRow } from './bulk.js';
import { ensureCollectorRun } from './begin.js';
import { closePolicy } from './close-policy.js';
import type { LoadContext } from './context.js';
import { writeItems, streamId, type ItemWriter } from './item-writer.js';
import { lifecycleWriter } from './lifecycle.js';
import { writeState } from './state.js';
import { replaceRows } from './time-series.js';
import type { Row } from './types.js';

type SecurityHub = NonNullable<SecuritySection['security_hub']>;

type Finding = SecurityHub['findings'][number];

/** Written field by field: Security Hub sends the most rows of any section. */
function findingRow(f: Finding): Row {
  return {
    finding_id: f.id,
    product_arn: f.product_arn,
    product_name: f.product_name,
    company_name: f.company_name,
    generator_id: f.generator_id,
    title: f.title,
    description: f.description,
    severity: f.severity,
    severity_normalized: f.severity_normalized,
    workflow_status: f.workflow_status,
    record_state: f.record_state,
    compliance_status: f.compliance_status,
    resource_type: f.resource_type,
    resource_id: f.resource_id,
    region: f.region,
    types: f.types,
    remediation: f.remediation,
    remediation_url: f.remediation_url,
    created_at: f.created_at,
    updated_at: f.updated_at,
    first_observed_at: f.first_observed_at,
    last_observed_at: f.last_observed_at,
    // the update time when first seen resolved (workflow) or archived (record state); the upsert keeps the earliest
    resolved_at: f.workflow_status === 'RESOLVED' || f.record_state === 'ARCHIVED' ? f.updated_at : null,
  };
}

export const findingsWriter = (ctx: LoadContext): ItemWriter<Finding> =>
  lifecycleWriter(ctx, 'findings', { updatedAt: (t) => `${t}.updated_at`, resolvedAt: true, toRow: findingRow });

export const guardDutyWriter = (ctx: LoadContext): ItemWriter<NonNullable<SecuritySection['guard_duty']>[number]> =>
  lifecycleWriter(ctx, 'guard_duty_findings', {
    updatedAt: (t) => `${t}.updated_at`,
    toRow: ({ id, type, count, ...g }) => ({ ...g, finding_id: id, finding_type: type, event_count: count }),
  });

export const inspectorWriter = (ctx: LoadContext): ItemWriter<NonNullable<SecuritySection['inspector']>[number]> =>
  lifecycleWriter(ctx, 'inspector_findings', {
    updatedAt: (t) => `${t}.updated_at`,
    toRow: ({ arn, type, ...i }) => ({ ...i, finding_arn: arn, finding_type: type }),
  });

export async function writeSecurity(ctx: LoadContext, section: SecuritySection): Promise<void> {
  if (section.security_hub) {
    const hub = section.security_hub;
    await ensureCollectorRun(ctx, 'security_hub');
    const summary: Row[] = hub.products.map((p) => ({
      product_name: p.product_name,
      total_findings: p.total,
      critical_count: p.critical,
      high_count: p.high,
      medium_count: p.medium,
      low_count: p.low,
      informational_count: p.informational,
      open_findings: p.open,
      resolved_findings: p.resolved,
      suppressed_findings: p.suppressed,
    }));
    const period = { account_id: ctx.accountId, granularity: ctx.granularity, period_start: ctx.date };
    await replaceRows(ctx, 'security', summary, { equals: period }, { policy: closePolicy(ctx, 'security_hub') });
    await writeItems(ctx, streamId('security', 'security_hub.findings'), hub.findings, findingsWriter);
  }

  if (section.guard_duty) {
    await ensureCollectorRun(ctx, 'guard_duty');
    await writeItems(ctx, streamId('security', 'guard_duty'), section.guard_duty, guardDutyWriter);
  }

  if (section.inspector) {
    await ensureCollectorRun(ctx, 'inspector');
    await writeItems(ctx, streamId('security', 'inspector'), section.inspector, inspectorWriter);
  }

  if (section.kms) {
    await ensureCollectorRun(ctx, 'kms');
    await writeState(ctx, 'kms_keys', section.kms, asRow);
  }

  if (section.waf) {
    await ensureCollectorRun(ctx, 'waf');
    await writeState(ctx, 'waf_web_acls', section.waf.web_acls, ({ id, ...acl }) => ({ ...acl, web_acl_id: id }));
    await writeState(ctx, 'waf_web_acl_rules', section.waf.rules, ({ name, ...rule }) => ({ ...rule, rule_name: name }));
  }

  if (section.cloudtrail) {
    await ensureCollectorRun(ctx, 'cloudtrail');
    await writeState(ctx, 'cloudtrail_trails', section.cloudtrail, asRow);
  }

  if (section.secrets_manager) {
    await ensureCollectorRun(ctx, 'secrets_manager');
    await writeState(ctx, 'secrets_manager_secrets', section.secrets_manager, asRow);
  }

  if (section.certificates) {
    await ensureCollectorRun(ctx, 'certificates');
    await writeState(ctx, 'certificates', section.certificates, asRow);
  }
}
