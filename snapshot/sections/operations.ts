// Trusted Advisor, Health, Application Signals, Resilience Hub and Support: operational sections.
import { z } from 'zod';
import { count, currency, identifier, isoDateTime, money, opt, percent, region, text } from '../common.js';

export const trustedAdvisorCheck = z.object({
  check_id: identifier,
  check_name: text,
  category: text,
  status: z.enum(['ok', 'warning', 'error', 'not_available']),
  resources_flagged: count.default(0),
  resources_processed: opt(count),
  estimated_monthly_savings: opt(money),
  currency,
  timestamp: opt(isoDateTime),
});
export const trustedAdvisorSection = z.array(trustedAdvisorCheck);

export const healthEvent = z.object({
  arn: identifier,
  service: text,
  event_type_code: text,
  event_type_category: z.enum(['issue', 'accountNotification', 'scheduledChange', 'investigation']),
  region: opt(text),
  availability_zone: opt(text),
  status_code: z.enum(['open', 'closed', 'upcoming']),
  scope: opt(z.enum(['ACCOUNT_SPECIFIC', 'PUBLIC', 'NONE'])),
  start_time: opt(isoDateTime),
  end_time: opt(isoDateTime),
  last_updated_time: isoDateTime,
  affected_entities: count.default(0),
});
export const healthSection = z.array(healthEvent);

export const applicationSignalsService = z.object({
  service_name: identifier,
  environment: opt(text),
  service_type: opt(text),
  region,
  key_attributes: z.record(z.string(), z.string()).default({}),
  metric_references: count.default(0),
});
export const applicationSignalsSection = z.array(applicationSignalsService);

export const resilienceHubApp = z.object({
  app_arn: identifier,
  name: text,
  region,
  description: opt(text),
  compliance_status: opt(text),
  resiliency_score: opt(percent),
  status: opt(text),
  drift_status: opt(text),
  policy_name: opt(text),
  rpo_seconds: opt(count),
  rto_seconds: opt(count),
  creation_time: opt(isoDateTime),
  last_assessment_time: opt(isoDateTime),
  last_drill_time: opt(isoDateTime),
});
export const resilienceHubSection = z.array(resilienceHubApp);

export const supportCase = z.object({
  case_id: identifier,
  display_id: opt(text),
  subject: text,
  status: text,
  severity_code: z.enum(['low', 'normal', 'high', 'urgent', 'critical']),
  service_code: opt(text),
  category_code: opt(text),
  submitted_by: opt(text),
  language: opt(z.string().max(8)),
  time_created: isoDateTime,
  last_updated: opt(isoDateTime),
});
export const supportTicketsSection = z.array(supportCase);
