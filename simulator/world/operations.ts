// Operations: Compute Optimizer recommendations, Trusted Advisor checks, Health events (public ones
// shared by every account of a region), Application Signals services, Resilience Hub apps and
// support cases with their lifecycle.
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import { EC2_PRICES, EC2_SHAPES } from './catalog.js';
import type { Organization } from './org.js';
import type { AccountProfile } from './profile.js';
import { epochOf, type InstanceState, type VolumeState } from './resources.js';

// ---- Compute Optimizer -----------------------------------------------------------------------

export interface Ec2Recommendation {
  instance: InstanceState;
  finding: 'Overprovisioned' | 'Underprovisioned' | 'Optimized';
  reasons: string[];
  recommended: string;
  cpuMax: number;
  memMax?: number;
  savingsPct: number;
  monthlySavings: number;
  risk: number;
}

const DOWNSIZE: Record<string, string> = {
  'm6i.xlarge': 'm6i.large', 'm6i.2xlarge': 'm6i.xlarge', 'm5.xlarge': 'm6g.large', 'm5.large': 'm6g.medium', 'c5.2xlarge': 'c6g.xlarge',
  'r5.xlarge': 'r6g.large', 'c6g.xlarge': 'c6g.large', 't3.large': 't3.medium', 't3.xlarge': 't3.large', 'm6i.large': 'm7g.medium',
  'r6g.large': 'm7g.large', 'm7g.xlarge': 'm7g.large', 'c5.xlarge': 'c6g.large', 't4g.large': 't4g.medium', 'm6i.4xlarge': 'm6i.2xlarge',
  'c6g.4xlarge': 'c6g.2xlarge', 'r6g.2xlarge': 'r6g.xlarge', 'm7g.2xlarge': 'm7g.xlarge', 'c5.4xlarge': 'c6g.2xlarge', 'r5.2xlarge': 'r6g.xlarge',
};
const UPSIZE: Record<string, string> = { 't3.medium': 't3.large', 't3.small': 't3.medium', 'c6g.large': 'c6g.xlarge', 'm7g.large': 'm7g.xlarge', 'm6i.large': 'm6i.xlarge' };

/** Instances with 14+ days of metrics get a recommendation (Compute Optimizer needs the lookback). */
export function ec2Recommendations(seed: string, profile: AccountProfile, region: string, instances: readonly InstanceState[]): Ec2Recommendation[] {
  const out: Ec2Recommendation[] = [];
  for (const i of instances) {
    if (i.slot.region !== region || i.ageDays < 14 || i.slot.kind === 'ephemeral') continue;
    const rng = stream(seed, 'co-ec2', profile.account.id, i.id);
    const roll = rng.float();
    const type = i.slot.type;
    const price = (EC2_PRICES[type] ?? 0.1) * 730;
    if (roll < 0.45 && DOWNSIZE[type]) {
      const rec = DOWNSIZE[type] as string;
      const pct = Math.max(5, Math.round((1 - (EC2_PRICES[rec] ?? price / 1460) / (EC2_PRICES[type] ?? 0.1)) * 1000) / 10);
      out.push({ instance: i, finding: 'Overprovisioned', reasons: rng.chance(0.6) ? ['CPUOverprovisioned', 'MemoryOverprovisioned'] : ['CPUOverprovisioned'], recommended: rec, cpuMax: Math.round(rng.range(6, 35) * 10) / 10, memMax: rng.chance(0.5) ? Math.round(rng.range(15, 45) * 10) / 10 : undefined, savingsPct: pct, monthlySavings: Math.round(price * (pct / 100) * 100) / 100, risk: rng.int(0, 2) });
    } else if (roll < 0.55 && UPSIZE[type]) {
      out.push({ instance: i, finding: 'Underprovisioned', reasons: ['CPUUnderprovisioned'], recommended: UPSIZE[type] as string, cpuMax: Math.round(rng.range(92, 100) * 10) / 10, savingsPct: 0, monthlySavings: 0, risk: rng.int(1, 3) });
    } else {
      out.push({ instance: i, finding: 'Optimized', reasons: [], recommended: type, cpuMax: Math.round(rng.range(40, 85) * 10) / 10, savingsPct: 0, monthlySavings: 0, risk: 1 });
    }
  }
  return out;
}

export interface EbsRecommendation {
  volume: VolumeState;
  finding: 'NotOptimized' | 'Optimized';
  recommendedType: string;
  recommendedSize: number;
  savingsPct: number;
  monthlySavings: number;
}

export function ebsRecommendations(seed: string, profile: AccountProfile, region: string, volumes: readonly VolumeState[], day: number): EbsRecommendation[] {
  return volumes
    .filter((v) => v.region === region && v.state === 'in-use' && day - Math.floor(v.created.getTime() / DAY_MS) >= 14)
    .map((v) => {
      const gp2 = v.volumeType === 'gp2';
      const pct = gp2 ? 20 : 0;
      return { volume: v, finding: gp2 ? 'NotOptimized' : 'Optimized', recommendedType: 'gp3', recommendedSize: v.sizeGb, savingsPct: pct, monthlySavings: Math.round(v.sizeGb * 0.1 * (pct / 100) * 100) / 100 };
    });
}

export interface LambdaRecommendation {
  arn: string;
  name: string;
  finding: 'Optimized' | 'NotOptimized' | 'Unavailable';
  reasons: string[];
  current: number;
  recommended: number;
  usedMb: number;
  savingsPct: number;
  monthlySavings: number;
}

export function lambdaRecommendations(seed: string, profile: AccountProfile, region: string): LambdaRecommendation[] {
  const a = profile.account;
  return profile.functions
    .filter((f) => f.region === region)
    .map((f) => {
      const rng = stream(seed, 'co-lambda', a.id, f.name);
      const used = Math.max(40, Math.round(f.memory * rng.range(0.15, 0.95)));
      const over = used < f.memory * 0.4 && f.memory > 256;
      const rec = over ? Math.max(128, Math.ceil((used * 1.4) / 64) * 64) : f.memory;
      const pct = over ? Math.round((1 - rec / f.memory) * 1000) / 10 : 0;
      const invocations = rng.chance(0.15) ? 'Unavailable' : over ? 'NotOptimized' : 'Optimized';
      return {
        arn: `arn:aws:lambda:${region}:${a.id}:function:${f.name}:$LATEST`,
        name: f.name,
        finding: invocations,
        reasons: invocations === 'NotOptimized' ? ['MemoryOverprovisioned'] : invocations === 'Unavailable' ? ['InsufficientData'] : [],
        current: f.memory,
        recommended: rec,
        usedMb: used,
        savingsPct: invocations === 'NotOptimized' ? pct : 0,
        monthlySavings: invocations === 'NotOptimized' ? Math.round(profile.lambdaRequestsPerDay * f.share * 30 * 0.0000166667 * 0.3 * (pct / 100) * 100) / 100 : 0,
      };
    });
}

export { EC2_SHAPES };

// ---- Trusted Advisor -------------------------------------------------------------------------

export interface TrustedAdvisorCheckDef {
  id: string;
  name: string;
  category: 'cost_optimizing' | 'security' | 'fault_tolerance' | 'performance' | 'service_limits' | 'operational_excellence';
  description: string;
  metadata: string[];
}

export const TRUSTED_ADVISOR_CHECKS: readonly TrustedAdvisorCheckDef[] = [
  { id: 'Qch7DwouX1', name: 'Low Utilization Amazon EC2 Instances', category: 'cost_optimizing', description: 'Checks the Amazon EC2 instances that were running at any time during the last 14 days and alerts you if the daily CPU utilization was 10% or less and network I/O was 5 MB or less on 4 or more days.', metadata: ['Region/AZ', 'Instance ID', 'Instance Name', 'Instance Type', 'Estimated Monthly Savings'] },
  { id: 'hjLMh88uM8', name: 'Idle Load Balancers', category: 'cost_optimizing', description: 'Checks your Elastic Load Balancing configuration for load balancers that are not actively used.', metadata: ['Region', 'Load Balancer Name', 'Reason', 'Estimated Monthly Savings'] },
  { id: 'DAvU99Dc4C', name: 'Underutilized Amazon EBS Volumes', category: 'cost_optimizing', description: 'Checks Amazon Elastic Block Store (Amazon EBS) volume configurations and warns when volumes appear to be underused.', metadata: ['Region', 'Volume ID', 'Volume Name', 'Volume Type', 'Volume Size', 'Monthly Storage Cost'] },
  { id: 'Z4AUBRNSmz', name: 'Unassociated Elastic IP Addresses', category: 'cost_optimizing', description: 'Checks for Elastic IP addresses (EIPs) that are not associated with a running Amazon EC2 instance.', metadata: ['Region', 'IP Address'] },
  { id: 'Ti39halfu8', name: 'Amazon RDS Idle DB Instances', category: 'cost_optimizing', description: 'Checks the configuration of your Amazon RDS DB instances for any that appear to be idle.', metadata: ['Region', 'DB Instance Name', 'Multi-AZ', 'Instance Type', 'Storage Provisioned (GB)', 'Days Since Last Connection', 'Estimated Monthly Savings (On Demand)'] },
  { id: 'HCP4007jGY', name: 'Security Groups - Specific Ports Unrestricted', category: 'security', description: 'Checks security groups for rules that allow unrestricted access (0.0.0.0/0) to specific ports.', metadata: ['Region', 'Security Group Name', 'Security Group ID', 'Protocol', 'Status', 'Ports'] },
  { id: '1iG5NDGVre', name: 'Security Groups - Unrestricted Access', category: 'security', description: 'Checks security groups for rules that allow unrestricted access to a resource.', metadata: ['Region', 'Security Group Name', 'Security Group ID', 'Protocol', 'Port', 'Status', 'IP Range'] },
  { id: 'zXCkfM1nI3', name: 'IAM Use', category: 'security', description: 'Checks for your use of AWS Identity and Access Management (IAM).', metadata: [] },
  { id: '7DAFEmoDos', name: 'MFA on Root Account', category: 'security', description: 'Checks the root account and warns if multi-factor authentication (MFA) is not enabled.', metadata: ['Account', 'Status'] },
  { id: 'Pfx0RwqBli', name: 'Amazon S3 Bucket Permissions', category: 'security', description: 'Checks buckets in Amazon S3 that have open access permissions or allow access to any authenticated AWS user.', metadata: ['Region Name', 'Region API Parameter', 'Bucket Name', 'ACL Allows List', 'ACL Allows Upload/Delete', 'Status', 'Policy Allows Access'] },
  { id: 'vjafUGJ9H0', name: 'AWS CloudTrail Logging', category: 'security', description: 'Checks for your use of AWS CloudTrail.', metadata: ['Region', 'Trail Name', 'Logging Status', 'Bucket Name', 'Last Delivery Error'] },
  { id: '12Fnkpl8Y5', name: 'Exposed Access Keys', category: 'security', description: 'Checks popular code repositories for access keys that have been exposed to the public.', metadata: ['Access Key ID', 'User Name (IAM or Root)', 'Fraud Type', 'Case ID', 'Time Updated', 'Location', 'Deadline', 'Usage (USD per Day)'] },
  { id: 'H7IgTzjTYb', name: 'Amazon EBS Snapshots', category: 'fault_tolerance', description: 'Checks the age of the snapshots for your Amazon Elastic Block Store (Amazon EBS) volumes.', metadata: ['Region', 'Volume ID', 'Volume Name', 'Snapshot ID', 'Snapshot Name', 'Snapshot Age', 'Volume Attachment', 'Status', 'Reason'] },
  { id: 'opQPADkZvH', name: 'Amazon RDS Backups', category: 'fault_tolerance', description: 'Checks for automated backups of Amazon RDS DB instances.', metadata: ['Region/AZ', 'DB Instance', 'VPC ID', 'Backup Retention Period', 'Status'] },
  { id: 'wuy7G1zxql', name: 'Amazon EC2 Availability Zone Balance', category: 'fault_tolerance', description: 'Checks the distribution of Amazon EC2 instances across Availability Zones in a region.', metadata: ['Region', 'Zone a Instances', 'Zone b Instances', 'Zone c Instances', 'Status', 'Reason'] },
  { id: 'iqdCTZKCUp', name: 'Load Balancer Optimization', category: 'fault_tolerance', description: 'Checks your load balancer configuration.', metadata: ['Region', 'Load Balancer Name', 'Reason'] },
  { id: 'jL7PP0l7J9', name: 'VPC', category: 'service_limits', description: 'Checks for usage that is more than 80% of the VPC limit.', metadata: ['Region', 'Service', 'Limit Name', 'Limit Amount', 'Current Usage', 'Status'] },
  { id: '0Xc6LMYG8P', name: 'EC2 On-Demand Instances', category: 'service_limits', description: 'Checks for usage that is more than 80% of the EC2 On-Demand Instances limit.', metadata: ['Region', 'Service', 'Limit Name', 'Limit Amount', 'Current Usage', 'Status'] },
  { id: 'ZRxQlPsb6c', name: 'High Utilization Amazon EC2 Instances', category: 'performance', description: 'Checks the Amazon EC2 instances that were running at any time during the last 14 days and alerts you if the daily CPU utilization was more than 90% on 4 or more days.', metadata: ['Region/AZ', 'Instance ID', 'Instance Name', 'Instance Type', '14-Day Average CPU Utilization'] },
];

export interface TrustedAdvisorResult {
  check: TrustedAdvisorCheckDef;
  status: 'ok' | 'warning' | 'error' | 'not_available';
  processed: number;
  flagged: number;
  savings?: number;
  timestamp: Date;
}

export function trustedAdvisorAt(seed: string, profile: AccountProfile, instances: readonly InstanceState[], volumes: readonly VolumeState[], ec2Recs: readonly Ec2Recommendation[], day: number): TrustedAdvisorResult[] {
  const a = profile.account;
  return TRUSTED_ADVISOR_CHECKS.map((check) => {
    const rng = stream(seed, 'ta', a.id, check.id, day - ((day + stream(seed, 'ta-phase', a.id, check.id).int(0, 6)) % 7));
    // Checks refresh once a week (Trusted Advisor's automatic refresh), on a day of their own.
    const refreshDay = day - ((day + stream(seed, 'ta-phase', a.id, check.id).int(0, 6)) % 7);
    const timestamp = new Date(refreshDay * DAY_MS + stream(seed, 'ta-time', a.id, check.id, refreshDay).int(0, 23 * 3600) * 1000);
    let processed = 0;
    let flagged = 0;
    let savings: number | undefined;
    switch (check.id) {
      case 'Qch7DwouX1': {
        processed = instances.length;
        const low = ec2Recs.filter((r) => r.finding === 'Overprovisioned' && r.cpuMax < 12);
        flagged = low.length;
        savings = Math.round(low.reduce((s, r) => s + (EC2_PRICES[r.instance.slot.type] ?? 0.1) * 730, 0) * 100) / 100;
        break;
      }
      case 'DAvU99Dc4C': {
        processed = volumes.length;
        const idle = volumes.filter((v) => v.state === 'available');
        flagged = idle.length;
        savings = Math.round(idle.reduce((s, v) => s + v.sizeGb * 0.08, 0) * 100) / 100;
        break;
      }
      case 'hjLMh88uM8':
        processed = profile.lbs.length;
        flagged = profile.lbs.length > 0 && rng.chance(0.15) ? 1 : 0;
        savings = flagged * 16.43;
        break;
      case 'Ti39halfu8':
        processed = profile.dbs.length;
        flagged = a.type !== 'production' && profile.dbs.length > 0 && rng.chance(0.3) ? 1 : 0;
        savings = flagged * 98.55;
        break;
      case 'Z4AUBRNSmz':
        processed = rng.int(0, 6);
        flagged = processed > 0 && rng.chance(0.3) ? 1 : 0;
        savings = flagged * 3.65;
        break;
      case '7DAFEmoDos':
        processed = 1;
        flagged = rng.chance(0.03) ? 1 : 0;
        break;
      case 'wuy7G1zxql':
        processed = instances.length;
        flagged = instances.length > 0 && instances.length < 3 ? 1 : 0;
        break;
      case '12Fnkpl8Y5':
        processed = 0;
        flagged = 0;
        break;
      default:
        processed = rng.int(1, 40);
        flagged = rng.chance(0.3) ? rng.int(1, Math.max(1, Math.floor(processed / 4))) : 0;
    }
    const status: TrustedAdvisorResult['status'] = flagged === 0 ? 'ok' : check.category === 'security' && flagged > 2 ? 'error' : 'warning';
    return { check, status, processed, flagged, savings, timestamp };
  });
}

// ---- Health ----------------------------------------------------------------------------------

export interface HealthEventState {
  arn: string;
  service: string;
  typeCode: string;
  category: 'issue' | 'accountNotification' | 'scheduledChange' | 'investigation';
  region: string;
  az?: string;
  status: 'open' | 'closed' | 'upcoming';
  scope: 'ACCOUNT_SPECIFIC' | 'PUBLIC';
  start: Date;
  end?: Date;
  lastUpdated: Date;
  entities: { value: string; status: 'IMPAIRED' | 'UNIMPAIRED' | 'UNKNOWN' | 'PENDING' | 'RESOLVED' }[];
}

const ACCOUNT_EVENTS = [
  { service: 'EC2', code: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', category: 'scheduledChange' as const, entity: 'instance' },
  { service: 'EC2', code: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED', category: 'scheduledChange' as const, entity: 'instance' },
  { service: 'RDS', code: 'AWS_RDS_SYSTEM_UPGRADE_SCHEDULED', category: 'scheduledChange' as const, entity: 'db' },
  { service: 'LAMBDA', code: 'AWS_LAMBDA_PLANNED_LIFECYCLE_EVENT', category: 'accountNotification' as const, entity: 'function' },
  { service: 'EBS', code: 'AWS_EBS_VOLUME_LOST', category: 'issue' as const, entity: 'volume' },
  { service: 'BILLING', code: 'AWS_BILLING_NOTIFICATION', category: 'accountNotification' as const, entity: 'account' },
  { service: 'ACM', code: 'AWS_ACM_RENEWAL_STATE_CHANGE', category: 'accountNotification' as const, entity: 'account' },
  { service: 'EKS', code: 'AWS_EKS_PLANNED_LIFECYCLE_EVENT', category: 'accountNotification' as const, entity: 'account' },
] as const;

const PUBLIC_EVENTS = [
  { service: 'EC2', code: 'AWS_EC2_OPERATIONAL_ISSUE' },
  { service: 'LAMBDA', code: 'AWS_LAMBDA_OPERATIONAL_ISSUE' },
  { service: 'S3', code: 'AWS_S3_OPERATIONAL_ISSUE' },
  { service: 'CLOUDFRONT', code: 'AWS_CLOUDFRONT_OPERATIONAL_ISSUE' },
  { service: 'RDS', code: 'AWS_RDS_OPERATIONAL_ISSUE' },
] as const;

/** Health events visible on `day`: account-specific ones (by slot epochs) and public regional issues shared by the org. */
export function healthEventsAt(seed: string, org: Organization, profile: AccountProfile, day: number): HealthEventState[] {
  const a = profile.account;
  const out: HealthEventState[] = [];
  // Public issues: one stream per region and week, the same for every account in the region.
  for (const region of a.regions) {
    for (const w of [Math.floor(day / 7), Math.floor(day / 7) - 1]) {
      const rng = stream(seed, 'health-public', region, w);
      if (!rng.chance(0.25)) continue;
      const ev = rng.pick(PUBLIC_EVENTS);
      const startDay = w * 7 + rng.int(0, 6);
      const start = new Date(startDay * DAY_MS + rng.int(0, 86_399) * 1000);
      const end = new Date(start.getTime() + rng.int(20, 300) * 60_000);
      if (startDay > day || end.getTime() < (day - 6) * DAY_MS) continue;
      const closed = end.getTime() < (day + 1) * DAY_MS;
      out.push({ arn: `arn:aws:health:${region}::event/${ev.service}/${ev.code}/${ev.code}_${rng.alnum(5, true)}_${rng.hex(8)}`, service: ev.service, typeCode: ev.code, category: 'issue', region, status: closed ? 'closed' : 'open', scope: 'PUBLIC', start, end: closed ? end : undefined, lastUpdated: closed ? end : new Date(Math.min(start.getTime() + 3_600_000, (day + 1) * DAY_MS - 1000)), entities: [] });
    }
  }
  const slots = a.type === 'production' ? 4 : a.type === 'sandbox' ? 1 : 2;
  for (let slot = 0; slot < slots; slot++) {
    const slotRng = stream(seed, 'health-slot', a.id, slot);
    const epochLen = slotRng.int(20, 70);
    const epoch = epochOf(day, epochLen, slotRng.int(0, epochLen - 1));
    const rng = stream(seed, 'health-event', a.id, slot, epoch.index);
    if (!rng.chance(0.6)) continue;
    const ev = rng.pick(ACCOUNT_EVENTS);
    const publishedDay = epoch.startDay + rng.int(0, Math.floor(epochLen / 3));
    if (day < publishedDay) continue;
    const region = ev.service === 'BILLING' ? 'global' : rng.pick(a.regions);
    const scheduled = ev.category === 'scheduledChange';
    const startDay = scheduled ? publishedDay + rng.int(7, 21) : publishedDay;
    const endDay = scheduled ? startDay : publishedDay + rng.int(0, 3);
    const status = day < startDay ? 'upcoming' : day <= endDay && !(ev.category === 'accountNotification') ? 'open' : 'closed';
    const start = new Date(startDay * DAY_MS + rng.int(0, 86_399) * 1000);
    const entityValue =
      ev.entity === 'instance' ? `i-0${rng.hex(16)}` : ev.entity === 'db' ? profile.dbs[0]?.id ?? `${profile.slug}-db` : ev.entity === 'function' ? profile.functions[0]?.name ?? `${profile.slug}-fn` : ev.entity === 'volume' ? `vol-0${rng.hex(16)}` : a.id;
    out.push({
      arn: `arn:aws:health:${region === 'global' ? 'us-east-1' : region}::event/${ev.service}/${ev.code}/${ev.code}_${rng.alnum(5, true)}_${rng.hex(8)}`,
      service: ev.service,
      typeCode: ev.code,
      category: ev.category,
      region,
      status,
      scope: 'ACCOUNT_SPECIFIC',
      start,
      end: status === 'closed' ? new Date(endDay * DAY_MS + 86_000_000) : undefined,
      lastUpdated: new Date(Math.min(day, status === 'closed' ? endDay : day) * DAY_MS + rng.int(0, 80_000) * 1000),
      entities: [{ value: entityValue, status: status === 'closed' ? 'RESOLVED' : status === 'upcoming' ? 'PENDING' : 'IMPAIRED' }],
    });
  }
  return out;
}

// ---- Application Signals and Resilience Hub --------------------------------------------------

export interface SignalsService {
  name: string;
  environment: string;
  platform: 'AWS::EKS' | 'AWS::ECS' | 'AWS::Lambda';
  metrics: number;
  region: string;
}

export function applicationSignalsAt(seed: string, profile: AccountProfile, region: string): SignalsService[] {
  const a = profile.account;
  if (region !== a.regions[0] || a.role !== 'workload' || (a.type !== 'production' && a.type !== 'staging')) return [];
  const rng = stream(seed, 'appsignals', a.id);
  if (!rng.chance(0.5)) return [];
  const platform = profile.features.eks ? 'AWS::EKS' : profile.features.ecs ? 'AWS::ECS' : 'AWS::Lambda';
  const names = ['api', 'web', 'worker', 'gateway', 'auth', 'search', 'notifications'];
  return rng.sample(names, rng.int(2, 5)).map((n) => ({
    name: `${profile.slug}-${n}`,
    environment: platform === 'AWS::EKS' ? `eks:${profile.slug}-${a.environment}/default` : platform === 'AWS::ECS' ? `ecs:${profile.slug}-${a.environment}` : `lambda:default`,
    platform,
    metrics: rng.pick([3, 6, 6, 9]),
    region,
  }));
}

export interface ResilienceApp {
  arn: string;
  name: string;
  region: string;
  description: string;
  created: Date;
  score: number;
  compliance: 'PolicyMet' | 'PolicyBreached' | 'NotAssessed' | 'ChangesDetected';
  drift: 'NotChecked' | 'NotDetected' | 'Detected';
  lastAssessment?: Date;
  lastDrill?: Date;
  policyArn: string;
  policyName: string;
  tier: 'MissionCritical' | 'Critical' | 'Important' | 'CoreServices' | 'NonCritical';
  rpo: number;
  rto: number;
}

export function resilienceAppsAt(seed: string, profile: AccountProfile, region: string, day: number): ResilienceApp[] {
  const a = profile.account;
  if (region !== a.regions[0] || a.type !== 'production' || a.role !== 'workload') return [];
  const rng = stream(seed, 'reshub', a.id);
  if (!rng.chance(0.4)) return [];
  return Array.from({ length: rng.int(1, 2) }, (_, i) => {
    const tier = rng.pick(['MissionCritical', 'Critical', 'Important'] as const);
    const rpo = tier === 'MissionCritical' ? 300 : tier === 'Critical' ? 3600 : 14_400;
    const week = Math.floor(day / 7);
    const assess = stream(seed, 'reshub-assess', a.id, i, week);
    const score = Math.round(rng.range(55, 95) + assess.range(-4, 4));
    const policyId = rng.uuid();
    return {
      arn: `arn:aws:resiliencehub:${region}:${a.id}:app/${rng.uuid()}`,
      name: i === 0 ? profile.slug : `${profile.slug}-batch`,
      region,
      description: `${a.product} ${i === 0 ? 'online' : 'batch'} workload`,
      created: new Date(Date.UTC(2025, 1, 1) - rng.int(0, 300) * DAY_MS),
      score,
      compliance: score >= 70 ? 'PolicyMet' : 'PolicyBreached',
      drift: assess.chance(0.15) ? 'Detected' : 'NotDetected',
      lastAssessment: new Date((week * 7 + 1) * DAY_MS + 4 * 3600_000),
      lastDrill: rng.chance(0.5) ? new Date(Date.UTC(2025, rng.int(0, 8), rng.int(1, 28))) : undefined,
      policyArn: `arn:aws:resiliencehub:${region}:${a.id}:resiliency-policy/${policyId}`,
      policyName: tier === 'MissionCritical' ? 'mission-critical' : tier === 'Critical' ? 'critical' : 'important',
      tier,
      rpo,
      rto: rpo * 4,
    };
  });
}

// ---- Support cases ---------------------------------------------------------------------------

export interface SupportCaseState {
  caseId: string;
  displayId: string;
  subject: string;
  status: 'opened' | 'pending-customer-action' | 'reopened' | 'resolved' | 'unassigned' | 'work-in-progress';
  severity: 'low' | 'normal' | 'high' | 'urgent' | 'critical';
  service: string;
  category: string;
  submittedBy: string;
  created: Date;
  lastUpdated: Date;
}

const CASE_SUBJECTS = [
  { subject: 'Increase EC2 On-Demand Standard instance vCPU limit', service: 'service-limit-increase', category: 'service-code-ec2-instances', severity: 'low' as const },
  { subject: 'Raise Lambda concurrent executions quota to 3000', service: 'service-limit-increase', category: 'service-code-lambda', severity: 'normal' as const },
  { subject: 'RDS instance unreachable after maintenance window', service: 'amazon-relational-database-service-aurora', category: 'connectivity', severity: 'high' as const },
  { subject: 'Question about Savings Plans coverage in the billing console', service: 'billing', category: 'charges', severity: 'low' as const },
  { subject: 'Elevated 5xx errors on Application Load Balancer', service: 'elastic-load-balancing', category: 'general-guidance', severity: 'urgent' as const },
  { subject: 'EKS nodes NotReady after AMI update', service: 'amazon-elastic-kubernetes-service', category: 'general-guidance', severity: 'high' as const },
  { subject: 'S3 replication lagging behind for cross-region bucket', service: 'amazon-simple-storage-service', category: 'performance', severity: 'normal' as const },
  { subject: 'Production database storage full, write operations failing', service: 'amazon-relational-database-service-aurora', category: 'performance', severity: 'critical' as const },
];

/** Support cases the account has: opened now and then, resolved after a few days, kept in the history. */
export function supportCasesAt(seed: string, profile: AccountProfile, org: Organization, day: number): SupportCaseState[] {
  const a = profile.account;
  const out: SupportCaseState[] = [];
  const slots = a.type === 'production' ? 3 : 1;
  for (let slot = 0; slot < slots; slot++) {
    const slotRng = stream(seed, 'case-slot', a.id, slot);
    const epochLen = slotRng.int(15, 60);
    // The current epoch and the previous one (a resolved case stays listed for a while).
    for (const back of [0, 1]) {
      const epoch = epochOf(day - back * epochLen, epochLen, slotRng.int(0, epochLen - 1));
      const rng = stream(seed, 'case', a.id, slot, epoch.index);
      if (!rng.chance(0.55)) continue;
      const tpl = rng.pick(CASE_SUBJECTS);
      const openDay = epoch.startDay + rng.int(0, Math.floor(epochLen / 2));
      if (openDay > day) continue;
      const resolveDay = openDay + rng.int(0, tpl.severity === 'low' ? 8 : 4);
      const created = new Date(openDay * DAY_MS + rng.int(8 * 3600, 18 * 3600) * 1000);
      const resolved = day >= resolveDay;
      const status = resolved ? 'resolved' : day === openDay ? 'unassigned' : rng.pick(['work-in-progress', 'pending-customer-action', 'opened'] as const);
      const person = org.people[a.people[0] ?? 0];
      out.push({
        caseId: `case-${a.id}-muen-${new Date(openDay * DAY_MS).getUTCFullYear()}-${rng.hex(16)}`,
        displayId: rng.digits(11),
        subject: tpl.subject,
        status,
        severity: tpl.severity,
        service: tpl.service,
        category: tpl.category,
        submittedBy: person?.email ?? `ops@example.com`,
        created,
        lastUpdated: new Date(Math.max(created.getTime() + 3_600_000, Math.min(resolved ? resolveDay : day, day) * DAY_MS + rng.int(9 * 3600, 20 * 3600) * 1000)),
      });
    }
  }
  return out;
}
