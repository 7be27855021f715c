// A360 `security` (nine lists) → the contract's security section parts.
import { isObject, lastByKey, mapEnum, records, regionFromArn, tagsFrom, unconvertible, type ConversionLog, type Json, type Source } from './source.js';

const WORKFLOW: Record<string, string> = { new: 'NEW', notified: 'NOTIFIED', resolved: 'RESOLVED', suppressed: 'SUPPRESSED' };

export type SecurityPart = 'security_hub' | 'guard_duty' | 'inspector' | 'kms' | 'waf' | 'cloudtrail' | 'secrets_manager' | 'certificates';

function securityHub(value: unknown, region: string, log: ConversionLog): Record<string, unknown> {
  const products: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  for (const p of records(value, 'security.security_hub', log)) {
    const product = p.req('service', 'product_name');
    const counts = isObject(p.raw('severity_counts')) ? (p.value.severity_counts as Json) : {};
    const n = (k: string): number => Number(counts[k] ?? 0);
    products.push({
      product_name: product,
      total: p.num('total_findings') ?? 0,
      critical: n('CRITICAL'),
      high: n('HIGH'),
      medium: n('MEDIUM'),
      low: n('LOW'),
      informational: n('INFORMATIONAL'),
      open: p.num('open_findings') ?? 0,
      resolved: p.num('resolved_findings') ?? 0,
      suppressed: 0,
    });
    for (const f of records(p.raw('findings'), 'security.security_hub[].findings', log)) {
      // `service` held the resource type (a seed bug) and `generator` repeats generator_id.
      f.ignore('service', 'generator');
      const fRegion = f.str('region');
      findings.push({
        id: f.req('finding_id', 'id'),
        product_arn: f.str('product_arn'),
        product_name: f.str('product_name') ?? product,
        company_name: f.str('company_name'),
        generator_id: f.str('generator_id'),
        title: f.req('title'),
        description: f.str('description'),
        severity: f.upper('severity'),
        workflow_status: mapEnum(f.str('workflow_state') ?? f.str('status'), WORKFLOW),
        record_state: f.upper('record_state'),
        compliance_status: f.upper('compliance_status'),
        resource_type: f.str('resource_type'),
        resource_id: f.str('resource_id'),
        region: fRegion ?? regionFromArn(f.value.finding_id) ?? region,
        remediation: f.str('recommendation'),
        created_at: f.time('created_at'),
        updated_at: f.time('updated_at'),
      });
      f.done();
    }
    p.done();
  }
  return { products, findings: lastByKey(findings, (f) => String(f.id), log, 'security.security_hub findings') };
}

function guardDuty(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.guard_duty', log).map((g) => {
    const row = {
      id: g.req('id', 'finding_id'),
      // A360 did not keep the detector id (its detector_id column held the finding id).
      detector_id: g.str('detector_id') ?? 'unknown',
      type: g.req('type', 'finding_type'),
      severity: g.num('severity'),
      title: g.req('title'),
      description: g.str('description'),
      region: g.str('region') ?? region,
      confidence: g.num('confidence'),
      created_at: g.time('created_at'),
      updated_at: g.time('updated_at'),
    };
    g.done();
    return row;
  });
  if (out.some((g) => g.detector_id === 'unknown')) log.note('security.guard_duty: Agency 360 did not record detector ids; stored as "unknown"');
  return lastByKey(out, (g) => g.id, log, 'security.guard_duty');
}

function inspector(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.inspector', log).map((i) => {
    const arn = i.req('finding_arn', 'arn');
    const first = i.time('first_observed_at');
    const row = {
      arn,
      type: i.str('type'),
      severity: i.upper('severity'),
      status: i.upper('status'),
      title: i.req('title'),
      description: i.str('description'),
      region: regionFromArn(arn) ?? region,
      first_observed_at: first,
      last_observed_at: i.time('last_observed_at'),
      updated_at: i.time('updated_at') ?? i.time('last_observed_at') ?? first,
    };
    i.done();
    return row;
  });
  return lastByKey(out, (f) => f.arn, log, 'security.inspector');
}

function kms(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.kms', log).map((k) => {
    const arn = k.req('arn');
    const row = {
      key_id: k.req('key_id'),
      arn,
      region: regionFromArn(arn) ?? region,
      description: k.str('description'),
      key_usage: k.str('key_usage'),
      key_state: k.str('key_state') ?? 'Unknown',
      enabled: k.bool('enabled') ?? true,
      rotation_enabled: k.bool('key_rotation_enabled'),
      creation_date: k.time('creation_date'),
    };
    k.done();
    return row;
  });
  return lastByKey(out, (k) => k.key_id, log, 'security.kms');
}

function defaultAction(value: unknown): string | null {
  const text = typeof value === 'string' ? value : isObject(value) ? Object.keys(value).join(' ') : '';
  if (/allow/i.test(text)) return 'ALLOW';
  if (/block/i.test(text)) return 'BLOCK';
  return null;
}

function waf(acls: unknown, rules: unknown, region: string, log: ConversionLog): Record<string, unknown> {
  const webAcls = records(acls, 'security.waf', log).map((w) => {
    const arn = w.req('arn');
    const scope = w.upper('scope') ?? (/:global\/|cloudfront/i.test(arn) ? 'CLOUDFRONT' : 'REGIONAL');
    const row = {
      arn,
      id: w.str('waf_id') ?? w.str('id') ?? arn.split('/').pop()!,
      name: w.req('name'),
      scope,
      // CloudFront web ACLs are global.
      region: scope === 'CLOUDFRONT' ? 'global' : (regionFromArn(arn) ?? region),
      description: w.str('description'),
      default_action: defaultAction(w.raw('default_action')),
      capacity: w.num('capacity'),
      rules_count: w.num('rules_count') ?? 0,
      managed_rule_groups: w.num('managed_rule_groups') ?? w.num('managed_rules_count') ?? 0,
      rate_based_rules: w.num('rate_based_rules') ?? w.num('rate_based_rules_count') ?? 0,
      custom_rules: w.num('custom_rules') ?? w.num('custom_rules_count') ?? 0,
      logging_enabled: w.bool('logging_enabled') ?? false,
      associated_resources: Array.isArray(w.raw('associated_resources')) ? w.value.associated_resources : [],
    };
    w.done();
    return row;
  });
  const byName = new Map(webAcls.map((a) => [a.name, a.arn]));
  const wafRules = records(rules, 'security.waf_rules', log).map((r) => {
    const aclName = r.req('web_acl_name');
    const aclArn = r.str('web_acl_arn') ?? byName.get(aclName);
    if (!aclArn) throw unconvertible('security.waf_rules[]', `rule "${r.str('rule_name')}" names web ACL "${aclName}", which is not in security.waf`);
    // Derived in the seed (is_compliant, is_custom_rule) or per ACL (logging, scope, version).
    r.ignore('is_compliant', 'is_custom_rule', 'logging_enabled', 'waf_version', 'scope');
    const row = {
      web_acl_arn: aclArn,
      name: r.req('rule_name', 'name'),
      priority: r.num('priority') ?? 0,
      action: r.str('action'),
      statement_type: r.str('statement_type') ?? 'Unknown',
      managed_vendor: r.bool('is_managed_rule') ? (r.str('managed_vendor') ?? 'AWS') : r.str('managed_vendor'),
      rate_limit: r.num('rate_limit'),
      sqli_protection: r.bool('sql_injection') ?? false,
      xss_protection: r.bool('has_xss_protection') ?? false,
      sampled_requests: r.bool('sample_request_enabled') ?? false,
      cloudwatch_metrics: r.bool('cloudwatch_enabled') ?? false,
    };
    if (r.bool('geo_blocking')) log.note('security.waf_rules: geo-blocking rules carry no country list in Agency 360 files');
    r.done();
    return row;
  });
  return { web_acls: lastByKey(webAcls, (a) => a.arn, log, 'security.waf'), rules: lastByKey(wafRules, (r) => `${r.web_acl_arn}|${r.name}`, log, 'security.waf_rules') };
}

function cloudtrail(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.cloudtrail', log).map((t) => {
    const arn = t.req('arn');
    const row = {
      arn,
      name: t.req('name'),
      home_region: regionFromArn(arn) ?? region,
      is_logging: t.bool('is_logging'),
      is_multi_region: t.bool('is_multi_region') ?? false,
      include_global_events: t.bool('include_global_events'),
      log_file_validation: t.bool('log_file_validation'),
      s3_bucket: t.str('s3_bucket'),
      kms_key_id: t.str('kms_key_id'),
      latest_delivery_time: t.time('latest_delivery_time'),
      start_logging_time: t.time('start_logging_time'),
      stop_logging_time: t.time('stop_logging_time'),
    };
    t.done();
    return row;
  });
  return lastByKey(out, (t) => t.arn, log, 'security.cloudtrail');
}

function secrets(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.secrets_manager', log).map((s) => {
    const arn = s.req('arn');
    const row = {
      arn,
      name: s.req('name'),
      region: regionFromArn(arn) ?? region,
      description: s.str('description'),
      kms_key_id: s.str('kms_key_id'),
      rotation_enabled: s.bool('rotation_enabled') ?? false,
      rotation_lambda_arn: s.str('rotation_lambda_arn'),
      created_date: s.time('created_date'),
      last_changed_date: s.time('last_changed_date'),
      last_accessed_date: s.time('last_accessed_date'),
      tags: tagsFrom(s.raw('tags')),
    };
    s.done();
    return row;
  });
  return lastByKey(out, (s) => s.arn, log, 'security.secrets_manager');
}

function certificates(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'security.certificate_manager', log).map((c) => {
    const arn = c.req('arn');
    const sans = c.raw('subject_alternative_names');
    const row = {
      arn,
      region: regionFromArn(arn) ?? region,
      domain_name: c.req('domain_name'),
      subject_alternative_names: Array.isArray(sans) ? sans.map(String) : [],
      status: c.str('status') ?? 'UNKNOWN',
      type: c.upper('type'),
      key_algorithm: c.str('key_algorithm'),
      renewal_eligibility: c.str('renewal_eligibility'),
      created_at: c.time('created_at'),
      issued_at: c.time('issued_at'),
      not_before: c.time('not_before'),
      not_after: c.time('not_after'),
    };
    c.done();
    return row;
  });
  return lastByKey(out, (c) => c.arn, log, 'security.certificate_manager');
}

/** The security parts present in the A360 object, converted; absent lists stay absent. */
export function convertSecurity(src: Source, region: string, log: ConversionLog): Partial<Record<SecurityPart, unknown>> {
  const v = src.value;
  const out: Partial<Record<SecurityPart, unknown>> = {};
  src.ignore('security_hub', 'guard_duty', 'inspector', 'kms', 'waf', 'waf_rules', 'cloudtrail', 'secrets_manager', 'certificate_manager');
  if (v.security_hub !== undefined) out.security_hub = securityHub(v.security_hub, region, log);
  if (v.guard_duty !== undefined) out.guard_duty = guardDuty(v.guard_duty, region, log);
  if (v.inspector !== undefined) out.inspector = inspector(v.inspector, region, log);
  if (v.kms !== undefined) out.kms = kms(v.kms, region, log);
  if (v.waf !== undefined || v.waf_rules !== undefined) out.waf = waf(v.waf, v.waf_rules, region, log);
  if (v.cloudtrail !== undefined) out.cloudtrail = cloudtrail(v.cloudtrail, region, log);
  if (v.secrets_manager !== undefined) out.secrets_manager = secrets(v.secrets_manager, region, log);
  if (v.certificate_manager !== undefined) out.certificates = certificates(v.certificate_manager, region, log);
  src.done();
  return out;
}

