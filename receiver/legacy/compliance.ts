// A360 `config`, `inventory`, `service_resources`, `compute_optimizer` → the contract's sections.
import { lastByKey, mapEnum, records, regionFromArn, tagsFrom, unconvertible, type ConversionLog, type Source } from './source.js';

const COMPLIANCE: Record<string, string> = {
  compliant: 'COMPLIANT',
  noncompliant: 'NON_COMPLIANT',
  notapplicable: 'NOT_APPLICABLE',
  insufficientdata: 'INSUFFICIENT_DATA',
};

/**
 * A360 kept counts of rules plus the evaluations of non-compliant rules (v2: of every rule, for
 * the day). Rules are listed by name only through their evaluations, so the converted rule list is
 * incomplete: the collector run is marked truncated and the A360 counts go into the notes.
 */
export function convertConfig(src: Source, region: string, log: ConversionLog): Record<string, unknown> {
  src.ignore('date_from', 'date_to', 'compliance_score', 'total_rules', 'compliant_rules', 'non_compliant_rules', 'curr_compliant', 'curr_non_compliant');
  const counts = ['total_rules', 'compliant_rules', 'non_compliant_rules', 'compliance_score']
    .filter((k) => src.value[k] !== undefined && src.value[k] !== null)
    .map((k) => `${k} ${String(src.value[k])}`);
  if (counts.length > 0) log.note(`config: Agency 360 summary kept as counts only (${counts.join(', ')}); rules are known by name only through their evaluations`);
  const evaluations = records(src.raw('non_compliant_resources'), 'config.non_compliant_resources', log).map((e) => {
    e.ignore('status');
    const pack = e.str('conformance_pack');
    const row = {
      rule_name: e.req('rule_name'),
      region,
      resource_type: e.str('resource_type') ?? 'Unknown',
      resource_id: e.req('resource_id'),
      // v1 listed only non-compliant evaluations and had no compliance_type.
      compliance_type: mapEnum(e.str('compliance_type'), COMPLIANCE) ?? 'NON_COMPLIANT',
      annotation: e.str('annotation'),
      conformance_pack: pack === 'Standalone' ? null : pack,
      evaluation_mode: e.upper('evaluation_mode'),
      config_rule_invoked_time: e.time('config_rule_invoked_time'),
      result_recorded_time: e.time('result_recorded_time'),
    };
    e.done();
    return row;
  });
  const unique = lastByKey(evaluations, (e) => `${e.rule_name}|${e.resource_type}|${e.resource_id}`, log, 'config.non_compliant_resources');
  const rules = new Map<string, { rule_name: string; region: string; compliance: string; conformance_pack: string | null; non_compliant_resources: number }>();
  for (const e of unique) {
    const rule = rules.get(e.rule_name) ?? { rule_name: e.rule_name, region, compliance: 'COMPLIANT', conformance_pack: e.conformance_pack, non_compliant_resources: 0 };
    if (e.compliance_type === 'NON_COMPLIANT') {
      rule.compliance = 'NON_COMPLIANT';
      rule.non_compliant_resources++;
    }
    rules.set(e.rule_name, rule);
  }
  src.done();
  return { rules: [...rules.values()], evaluations: unique };
}

const PATCH_STATES: Record<string, string> = {
  installed: 'INSTALLED',
  installedother: 'INSTALLED_OTHER',
  installedpendingreboot: 'INSTALLED_PENDING_REBOOT',
  installedrejected: 'INSTALLED_REJECTED',
  missing: 'MISSING',
  notapplicable: 'NOT_APPLICABLE',
  failed: 'FAILED',
  availablesecurityupdate: 'AVAILABLE_SECURITY_UPDATE',
};
const PLATFORMS: Record<string, string> = { windows: 'Windows', linux: 'Linux', macos: 'MacOS' };
const PING: Record<string, string> = { online: 'Online', connectionlost: 'ConnectionLost', inactive: 'Inactive' };

export function convertInventory(src: Source, region: string, log: ConversionLog): Record<string, unknown> {
  // Lists the A360 sender declared but could never fill.
  for (const empty of ['services', 'users', 'processes', 'network_ports', 'certificates']) {
    const v = src.raw(empty);
    if (Array.isArray(v) && v.length > 0) log.drop(`inventory.${empty}`);
  }
  const instances = records(src.raw('instances'), 'inventory.instances', log).map((i) => {
    const platformType = i.str('platform_type');
    const row = {
      instance_id: i.req('instance_id'),
      region,
      resource_type: i.str('instance_type'),
      computer_name: i.str('computer_name'),
      ip_address: i.str('ip_address'),
      platform_type: platformType ? mapEnum(platformType, PLATFORMS) : null,
      platform_name: i.str('platform'),
      platform_version: i.str('platform_version'),
      agent_version: i.str('agent_version'),
      is_latest_version: i.bool('is_latest_version'),
      ping_status: mapEnum(i.str('ping_status'), PING),
      last_ping_at: i.time('last_ping_date_time') ?? i.time('last_ping'),
      association_status: i.str('association_status'),
      last_association_execution_at: i.time('association_execution_date'),
      last_successful_association_at: i.time('association_success_date'),
    };
    i.done();
    return row;
  });
  const applications = records(src.raw('applications'), 'inventory.applications', log).map((a) => {
    const row = {
      instance_id: a.req('instance_id'),
      name: a.req('name'),
      version: a.str('version'),
      publisher: a.str('publisher'),
      architecture: a.str('architecture'),
      application_type: a.str('application_type'),
      install_time: a.time('install_time'),
    };
    a.done();
    return row;
  });
  const patches = records(src.raw('patches'), 'inventory.patches', log).map((p) => {
    const title = p.req('title');
    const row = {
      instance_id: p.req('instance_id'),
      // A360 kept no KB id; the title was its key, so it is the key here too.
      kb_id: p.str('kb_id') ?? title.slice(0, 512),
      title,
      classification: p.str('classification'),
      severity: p.str('severity'),
      state: mapEnum(p.str('state'), PATCH_STATES),
      installed_time: p.time('installed_time'),
    };
    p.done();
    return row;
  });
  src.done();
  return {
    instances: lastByKey(instances, (i) => i.instance_id, log, 'inventory.instances'),
    applications: lastByKey(applications, (a) => `${a.instance_id}|${a.name}`, log, 'inventory.applications'),
    patches: lastByKey(patches, (p) => `${p.instance_id}|${p.kb_id}`, log, 'inventory.patches'),
  };
}

const SERVICES: Record<string, string> = {
  ec2: 'EC2',
  instance: 'EC2',
  ebs: 'EBS',
  volume: 'EBS',
  rds: 'RDS',
  s3: 'S3',
  elb: 'ELB',
  elbv2: 'ELB',
  alb: 'ELB',
  nlb: 'ELB',
  elasticloadbalancing: 'ELB',
  loadbalancer: 'ELB',
  autoscaling: 'AutoScaling',
  asg: 'AutoScaling',
  vpc: 'VPC',
  subnet: 'VPC',
  lambda: 'Lambda',
};

export function convertServiceResources(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'service_resources', log).map((r) => {
    const name = r.req('service_name');
    const service = SERVICES[name.toLowerCase().replace(/[\s_-]/g, '')];
    if (!service) throw unconvertible('service_resources[]', `service "${name}" has no OrgPulse equivalent (EC2, EBS, RDS, S3, ELB, AutoScaling, VPC, Lambda)`);
    const rRegion = r.str('region');
    const row = {
      service,
      resource_type: r.str('resource_type') ?? service.toLowerCase(),
      resource_id: r.req('resource_id'),
      name: r.str('resource_name'),
      region: rRegion && rRegion !== 'Global' ? rRegion : service === 'S3' ? 'global' : region,
      availability_zone: r.str('availability_zone'),
      state: r.str('state'),
      instance_type: r.str('instance_type'),
      vpc_id: r.str('vpc_id'),
      engine: r.str('engine'),
      instance_class: r.str('instance_class'),
      multi_az: r.bool('multi_az'),
      size_gb: r.num('size_gb'),
      volume_type: r.str('volume_type'),
      created_at: r.time('creation_date'),
      lb_type: r.str('type'),
      scheme: r.str('scheme'),
      instance_count: r.num('instance_count'),
      min_size: r.num('min_size'),
      max_size: r.num('max_size'),
      available_ip_count: r.num('available_ip_count'),
      tags: tagsFrom(r.raw('tags')),
    };
    r.done();
    return row;
  });
  return lastByKey(out, (r) => `${r.service}|${r.resource_type}|${String(r.region)}|${r.resource_id}`, log, 'service_resources');
}

const CO_TYPES: Record<string, string> = { ec2: 'EC2', ec2instance: 'EC2', ebs: 'EBS', ebsvolume: 'EBS', lambda: 'Lambda', lambdafunction: 'Lambda' };

export function convertComputeOptimizer(value: unknown, region: string, log: ConversionLog): Record<string, unknown>[] {
  const out = records(value, 'compute_optimizer', log).map((c) => {
    // account_id repeats the file's account; migration_effort was always null.
    c.ignore('account_id', 'migration_effort');
    const arn = c.req('resource_arn');
    const row = {
      resource_type: mapEnum(c.req('resource_type'), CO_TYPES),
      resource_arn: arn,
      resource_name: c.str('resource_name'),
      region: regionFromArn(arn) ?? region,
      finding: c.str('finding') ?? 'Unknown',
      current_instance_type: c.str('current_instance_type'),
      current_memory_mb: c.num('current_memory_size'),
      current_volume_type: c.str('current_volume_type'),
      current_volume_size_gb: c.num('current_volume_size'),
      recommended_instance_type: c.str('recommended_instance_type'),
      recommended_memory_mb: c.num('recommended_memory_size'),
      recommended_volume_type: c.str('recommended_volume_type'),
      recommended_volume_size_gb: c.num('recommended_volume_size'),
      savings_opportunity_pct: c.num('savings_opportunity_percentage'),
      estimated_monthly_savings: c.num('estimated_monthly_savings_usd'),
      currency: 'USD',
      performance_risk: c.num('performance_risk'),
      cpu_utilization_max: c.num('cpu_utilization_max'),
      // Named _avg in A360 but computed from the maxima (a seed bug): it is a maximum.
      memory_utilization_max: c.num('memory_utilization_avg'),
    };
    c.done();
    return row;
  });
  return lastByKey(out, (c) => c.resource_arn, log, 'compute_optimizer');
}
