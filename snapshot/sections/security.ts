import { z } from 'zod';
import { count, identifier, isoDateTime, opt, region, tags, text } from '../common.js';

export const severityLabels = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
const severityLabel = z.enum(severityLabels);

/** Security Hub: findings updated in the period, plus the per-product summary of them. */
export const securityHubFinding = z.object({
  id: identifier,
  product_arn: opt(text),
  product_name: identifier,
  company_name: opt(text),
  generator_id: opt(text),
  title: text,
  description: opt(text),
  severity: severityLabel,
  /** Security Hub's normalized severity. */
  severity_normalized: opt(z.number().int().min(0).max(100)),
  workflow_status: opt(z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'])),
  record_state: opt(z.enum(['ACTIVE', 'ARCHIVED'])),
  compliance_status: opt(z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'])),
  resource_type: opt(text),
  resource_id: opt(text),
  region: opt(region),
  types: z.array(text).default([]),
  remediation: opt(text),
  remediation_url: opt(text),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  first_observed_at: opt(isoDateTime),
  last_observed_at: opt(isoDateTime),
});

export const securityHubProductSummary = z.object({
  product_name: identifier,
  total: count,
  critical: count,
  high: count,
  medium: count,
  low: count,
  informational: count,
  open: count,
  resolved: count,
  suppressed: count,
});

export const guardDutyFinding = z.object({
  id: identifier,
  detector_id: identifier,
  type: text,
  /** GuardDuty severity, 0.0–10.0 (Low 1–3.9, Medium 4–6.9, High 7–8.9, Critical 9–10). */
  severity: z.number().min(0).max(10),
  title: text,
  description: opt(text),
  region,
  resource_type: opt(text),
  resource_id: opt(text),
  confidence: opt(z.number().min(0).max(10)),
  count: count.default(1),
  archived: z.boolean().default(false),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});

export const inspectorFinding = z.object({
  arn: identifier,
  type: opt(text),
  severity: z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED']),
  status: z.enum(['ACTIVE', 'SUPPRESSED', 'CLOSED']),
  title: text,
  description: opt(text),
  region,
  resource_type: opt(text),
  resource_id: opt(text),
  vulnerability_id: opt(text),
  inspector_score: opt(z.number().min(0).max(10)),
  exploit_available: opt(z.boolean()),
  fix_available: opt(z.enum(['YES', 'NO', 'PARTIAL'])),
  first_observed_at: isoDateTime,
  last_observed_at: opt(isoDateTime),
  updated_at: isoDateTime,
});

export const kmsKey = z.object({
  key_id: identifier,
  arn: identifier,
  region,
  description: opt(text),
  key_usage: opt(text),
  key_spec: opt(text),
  key_state: text,
  key_manager: opt(z.enum(['AWS', 'CUSTOMER'])),
  origin: opt(text),
  enabled: z.boolean(),
  rotation_enabled: opt(z.boolean()),
  multi_region: opt(z.boolean()),
  creation_date: opt(isoDateTime),
  deletion_date: opt(isoDateTime),
});

export const wafWebAcl = z.object({
  arn: identifier,
  id: identifier,
  name: identifier,
  scope: z.enum(['REGIONAL', 'CLOUDFRONT']),
  region,
  description: opt(text),
  default_action: z.enum(['ALLOW', 'BLOCK']),
  capacity: opt(count),
  rules_count: count,
  managed_rule_groups: count,
  rate_based_rules: count,
  custom_rules: count,
  logging_enabled: z.boolean(),
  associated_resources: z.array(text).default([]),
});

export const wafRule = z.object({
  web_acl_arn: identifier,
  name: identifier,
  priority: z.number().int().min(0),
  /** ALLOW | BLOCK | COUNT | CAPTCHA | CHALLENGE, or the override action of a rule group. */
  action: opt(text),
  statement_type: text,
  managed_vendor: opt(text),
  managed_rule_group: opt(text),
  rate_limit: opt(count),
  geo_countries: z.array(z.string().max(2)).default([]),
  sqli_protection: z.boolean().default(false),
  xss_protection: z.boolean().default(false),
  ip_set_reference: z.boolean().default(false),
  sampled_requests: z.boolean().default(false),
  cloudwatch_metrics: z.boolean().default(false),
});

export const cloudTrailTrail = z.object({
  arn: identifier,
  name: identifier,
  home_region: region,
  is_logging: opt(z.boolean()),
  is_multi_region: z.boolean(),
  is_organization_trail: z.boolean().default(false),
  include_global_events: opt(z.boolean()),
  log_file_validation: opt(z.boolean()),
  s3_bucket: opt(text),
  kms_key_id: opt(text),
  cloudwatch_logs_log_group_arn: opt(text),
  latest_delivery_time: opt(isoDateTime),
  latest_delivery_error: opt(text),
  start_logging_time: opt(isoDateTime),
  stop_logging_time: opt(isoDateTime),
});

export const secret = z.object({
  arn: identifier,
  name: identifier,
  region,
  description: opt(text),
  kms_key_id: opt(text),
  rotation_enabled: z.boolean().default(false),
  rotation_lambda_arn: opt(text),
  rotation_days: opt(count),
  created_date: opt(isoDateTime),
  last_changed_date: opt(isoDateTime),
  last_accessed_date: opt(isoDateTime),
  last_rotated_date: opt(isoDateTime),
  deleted_date: opt(isoDateTime),
  tags: tags.default({}),
});

export const certificate = z.object({
  arn: identifier,
  region,
  domain_name: text,
  subject_alternative_names: z.array(text).default([]),
  status: text,
  type: opt(z.enum(['IMPORTED', 'AMAZON_ISSUED', 'PRIVATE'])),
  key_algorithm: opt(text),
  in_use: opt(z.boolean()),
  renewal_eligibility: opt(text),
  created_at: opt(isoDateTime),
  issued_at: opt(isoDateTime),
  not_before: opt(isoDateTime),
  not_after: opt(isoDateTime),
});

/** Every part is optional on its own: each comes from a separate collector that may fail alone. */
export const securitySection = z.object({
  security_hub: opt(
    z.object({
      products: z.array(securityHubProductSummary).default([]),
      findings: z.array(securityHubFinding).default([]),
    }),
  ),
  guard_duty: opt(z.array(guardDutyFinding)),
  inspector: opt(z.array(inspectorFinding)),
  kms: opt(z.array(kmsKey)),
  waf: opt(z.object({ web_acls: z.array(wafWebAcl).default([]), rules: z.array(wafRule).default([]) })),
  cloudtrail: opt(z.array(cloudTrailTrail)),
  secrets_manager: opt(z.array(secret)),
  certificates: opt(z.array(certificate)),
});
export type SecuritySection = z.infer<typeof securitySection>;

