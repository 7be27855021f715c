// A360 `trusted_advisor`, `health`, `application`, `resilience_hub`, `support_tickets`.
import { isObject, lastByKey, mapEnum, records, regionFromArn, type ConversionLog } from './source.js';

export function convertTrustedAdvisor(value: unknown, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'trusted_advisor', log).map((t) => {
    const name = t.req('check_name');
    const row = {
      // A360 kept no check id; the name was its key, so it is the key here too.
      check_id: t.str('check_id') ?? name.slice(0, 512),
      check_name: name,
      category: t.str('category') ?? 'unknown',
      status: (t.str('severity') ?? t.str('status') ?? 'warning').toLowerCase(),
      resources_flagged: t.num('affected_resources_count') ?? 0,
      estimated_monthly_savings: t.num('potential_savings'),
      currency: 'USD',
      timestamp: t.time('timestamp'),
    };
    t.done();
    return row;
  });
  return lastByKey(out, (t) => t.check_id, log, 'trusted_advisor');
}

const CATEGORIES: Record<string, string> = {
  issue: 'issue',
  accountnotification: 'accountNotification',
  scheduledchange: 'scheduledChange',
  investigation: 'investigation',
};

export function convertHealth(value: unknown, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'health', log).map((h) => {
    const start = h.time('start_time');
    const row = {
      arn: h.req('arn'),
      service: h.str('service') ?? 'UNKNOWN',
      event_type_code: h.req('event_type_code'),
      event_type_category: mapEnum(h.str('event_type_category'), CATEGORIES),
      region: h.str('region'),
      availability_zone: h.str('availability_zone'),
      status_code: h.str('status_code')?.toLowerCase() ?? null,
      scope: h.upper('event_scope_code'),
      start_time: start,
      end_time: h.time('end_time'),
      last_updated_time: h.time('last_updated_time') ?? start,
    };
    h.done();
    return row;
  });
  return lastByKey(out, (h) => h.arn, log, 'health');
}

export function convertApplicationSignals(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'application', log).map((a) => {
    const attrs = a.raw('key_attributes');
    const keyAttributes: Record<string, string> = {};
    if (isObject(attrs)) for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) keyAttributes[k] = String(v);
    const refs = a.raw('metric_references');
    // attribute_map repeats key_attributes with more detail; namespace has no column (as in the seed's table).
    a.ignore('attribute_map');
    const row = {
      service_name: a.req('service_name'),
      environment: keyAttributes.Environment ?? null,
      service_type: keyAttributes.Type ?? null,
      region,
      key_attributes: keyAttributes,
      metric_references: Array.isArray(refs) ? refs.length : typeof refs === 'number' ? refs : 0,
    };
    a.done();
    return row;
  });
  return lastByKey(out, (a) => a.service_name, log, 'application');
}

export function convertResilienceHub(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'resilience_hub', log).map((r) => {
    // The seed's cost field was never populated (the API it called has no cost).
    r.ignore('cost');
    const arn = r.req('app_arn');
    const row = {
      app_arn: arn,
      name: r.req('name'),
      region: regionFromArn(arn) ?? region,
      description: r.str('description'),
      compliance_status: r.str('compliance_status'),
      resiliency_score: r.num('resiliency_score'),
      status: r.str('status'),
      rpo_seconds: r.num('rpo'),
      rto_seconds: r.num('rto'),
      creation_time: r.time('creation_time'),
      last_assessment_time: r.time('last_assessment_time'),
      last_drill_time: r.time('last_drill'),
    };
    r.done();
    return row;
  });
  return lastByKey(out, (r) => r.app_arn, log, 'resilience_hub');
}

export function convertSupportTickets(value: unknown, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'support_tickets', log).map((t) => {
    // The collection window; the case has its own times.
    t.ignore('date_from', 'date_to');
    const row = {
      case_id: t.req('case_id'),
      display_id: t.str('display_id'),
      subject: t.str('subject') ?? '',
      status: t.str('status') ?? 'unknown',
      severity_code: t.str('severity_code')?.toLowerCase() ?? null,
      service_code: t.str('service_code'),
      category_code: t.str('category_code'),
      submitted_by: t.str('submitted_by'),
      language: t.str('language'),
      time_created: t.time('time_created'),
    };
    t.done();
    return row;
  });
  return lastByKey(out, (t) => t.case_id, log, 'support_tickets');
}
