// What an account runs: instance slots, volumes, databases, buckets, functions, load balancers,
// networks, commitments — and the cost lines those imply. Built once per account from its own
// random stream; what exists on a given day is decided by resources.ts from these slots.
import { stream, type Rng } from '../rng.js';
import { EC2_PRICES, RDS_PRICES, regionInfo } from './catalog.js';
import type { Organization, SimAccount } from './org.js';

export type SlotKind = 'core' | 'asg' | 'ephemeral';

/** A place an instance lives in; the instance in it is replaced every `epochLen` days. */
export interface InstanceSlot {
  slot: number;
  region: string;
  az: string;
  subnetId: string;
  vpcId: string;
  type: string;
  kind: SlotKind;
  epochLen: number;
  offset: number;
  /** Fraction of each epoch during which an ephemeral instance exists: [from, to). */
  presence: [number, number];
  name: string;
  asgName?: string;
  platform: 'Linux' | 'Windows';
  osName: string;
  osVersion: string;
  rootGb: number;
  dataGb: number;
  publicIp: boolean;
  stoppedOnWeekends: boolean;
  ssm: boolean;
  imdsV2: boolean;
}

export interface OrphanVolumeSlot {
  slot: number;
  region: string;
  az: string;
  sizeGb: number;
  volumeType: 'gp2' | 'gp3' | 'io2' | 'st1';
  epochLen: number;
  offset: number;
  presence: [number, number];
}

export interface DbSpec {
  id: string;
  region: string;
  az: string;
  engine: string;
  engineVersion: string;
  cls: string;
  multiAz: boolean;
  storageGb: number;
  encrypted: boolean;
  publiclyAccessible: boolean;
  created: Date;
}

export interface BucketSpec {
  name: string;
  region: string;
  created: Date;
  /** Temporary buckets exist only during part of each epoch. */
  temp?: { epochLen: number; offset: number; presence: [number, number] };
  public: boolean;
  encrypted: boolean;
}

export interface FunctionSpec {
  name: string;
  region: string;
  runtime: string;
  memory: number;
  arch: 'x86_64' | 'arm64';
  inVpc: boolean;
  /** Share of the account's invocations. */
  share: number;
  created: Date;
  deploysPerWeek: number;
}

export interface LbSpec {
  name: string;
  id: string;
  region: string;
  type: 'application' | 'network';
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  created: Date;
}

export interface AsgSpec {
  name: string;
  region: string;
  min: number;
  max: number;
  lb?: string;
}

export interface SubnetSpec {
  id: string;
  az: string;
  tier: 'public' | 'private';
  cidr: string;
  size: number;
}

export interface VpcSpec {
  region: string;
  vpcId: string;
  cidr: string;
  subnets: SubnetSpec[];
  natGateways: number;
}

export type CostPattern = 'steady' | 'spiky' | 'growing' | 'noisy' | 'monthly';
export type RecordType = 'Usage' | 'Credit' | 'Support' | 'Recurring reservation fee' | 'SavingsPlanRecurringFee' | 'Tax';

export interface CostLine {
  service: string;
  usageType: string;
  /** Region code, or 'global' for services without a region. */
  region: string;
  unit: string;
  unitPrice: number;
  /** Usage per day at the reference level (for 'monthly' lines: per month, posted on the 1st). */
  quantity: number;
  pattern: CostPattern;
  sigma: number;
  /** Relative growth per day. */
  growth: number;
  /** Multiplier on Saturdays and Sundays. */
  weekend: number;
  /** Share of days with usage at all (sandbox accounts are sparse). */
  activeProbability: number;
  recordType: RecordType;
  billingEntity: 'AWS' | 'AWS Marketplace';
  instanceType?: string;
  operation: string;
  /** Dev accounts have load-test days. */
  burstProbability: number;
}

export interface SavingsPlanSpec {
  id: string;
  arn: string;
  type: 'Compute' | 'EC2Instance';
  paymentOption: 'No Upfront' | 'Partial Upfront' | 'All Upfront';
  hourlyCommitment: number;
  start: Date;
  end: Date;
  /** Typical share of the commitment used. */
  utilization: number;
}

export interface ReservationSpec {
  id: string;
  service: 'EC2' | 'RDS';
  region: string;
  instanceType: string;
  count: number;
  offeringType: 'No Upfront' | 'Partial Upfront' | 'All Upfront';
  start: Date;
  end: Date;
  fixedPrice: number;
  recurringHourly: number;
  utilization: number;
  multiAz: boolean;
}

export interface MarketplaceSpec {
  product: string;
  code: string;
  dimension: string;
  dailyCost: number;
  /** SaaS contracts bill on the 1st; metered products daily. */
  monthly: boolean;
}

export interface AccountProfile {
  account: SimAccount;
  slug: string;
  instances: InstanceSlot[];
  orphanVolumes: OrphanVolumeSlot[];
  dbs: DbSpec[];
  buckets: BucketSpec[];
  functions: FunctionSpec[];
  lbs: LbSpec[];
  asgs: AsgSpec[];
  vpcs: VpcSpec[];
  lines: CostLine[];
  /** Services (Cost Explorer names) the account uses normally. */
  services: Set<string>;
  savingsPlans: SavingsPlanSpec[];
  reservations: ReservationSpec[];
  marketplace: MarketplaceSpec[];
  /** Lambda invocations per day at the reference level. */
  lambdaRequestsPerDay: number;
  features: { eks: boolean; cloudfront: boolean; dynamodb: boolean; elasticache: boolean; waf: boolean; ecs: boolean };
  /** Monthly promotional credit applied on the 1st (negative cost), if any. */
  monthlyCredit: number;
}

export const SERVICE = {
  ec2: 'Amazon Elastic Compute Cloud - Compute',
  ec2Other: 'EC2 - Other',
  rds: 'Amazon Relational Database Service',
  s3: 'Amazon Simple Storage Service',
  lambda: 'AWS Lambda',
  dataTransfer: 'AWS Data Transfer',
  elb: 'Elastic Load Balancing',
  cloudwatch: 'AmazonCloudWatch',
  vpc: 'Amazon Virtual Private Cloud',
  kms: 'AWS Key Management Service',
  secrets: 'AWS Secrets Manager',
  config: 'AWS Config',
  guardDuty: 'Amazon GuardDuty',
  securityHub: 'AWS Security Hub',
  cloudTrail: 'AWS CloudTrail',
  dynamodb: 'Amazon DynamoDB',
  elasticache: 'Amazon ElastiCache',
  eks: 'Amazon Elastic Container Service for Kubernetes',
  ecs: 'Amazon Elastic Container Service',
  cloudfront: 'Amazon CloudFront',
  route53: 'Amazon Route 53',
  waf: 'AWS WAF',
  sqs: 'Amazon Simple Queue Service',
  sns: 'Amazon Simple Notification Service',
  support: 'AWS Support (Business)',
  savingsPlans: 'Savings Plans for AWS Compute usage',
  inspector: 'Amazon Inspector',
} as const;

const TYPES_BY_ENV: Record<string, readonly string[]> = {
  production: ['m6i.2xlarge', 'm6i.4xlarge', 'c6g.4xlarge', 'r6g.2xlarge', 'm7g.2xlarge', 'c5.4xlarge', 'r5.2xlarge', 'm5.xlarge', 'c7g.2xlarge'],
  staging: ['t3.large', 'm6i.large', 'c6g.large', 't4g.large', 'm5.large'],
  development: ['t3.medium', 't3.large', 't4g.medium', 'm5.large'],
  sandbox: ['t3.micro', 't3.small', 't3.medium'],
  platform: ['t3.medium', 't3.small', 'm6i.large'],
};

const LINUX_IMAGES = [
  { name: 'Amazon Linux', version: '2023' },
  { name: 'Amazon Linux', version: '2' },
  { name: 'Ubuntu', version: '22.04' },
  { name: 'Ubuntu', version: '24.04' },
  { name: 'Red Hat Enterprise Linux', version: '9.4' },
];
const WINDOWS_IMAGE = { name: 'Microsoft Windows Server 2022 Datacenter', version: '10.0.20348' };

const DAY = 86_400_000;

function ago(rng: Rng, minDays: number, maxDays: number): Date {
  // Anchored to a fixed instant so a resource's creation date does not depend on the simulated window.
  return new Date(Date.UTC(2025, 8, 1) - rng.int(minDays, maxDays) * DAY - rng.int(0, 86_399) * 1000);
}

function slugOf(account: SimAccount): string {
  return account.name.replace(/-(prod|staging|dev|sandbox)(-\d+)?$/, '').replace(/^sandbox-/, 'sbx-');
}

function buildVpcs(rng: Rng, account: SimAccount): VpcSpec[] {
  return account.regions.map((region, i) => {
    const info = regionInfo(region);
    const second = 10 + ((account.index * 4 + i) % 200);
    const azs = info.azs.slice(0, 3);
    const subnets: SubnetSpec[] = [];
    azs.forEach((zone, j) => {
      subnets.push({ id: `subnet-0${rng.hex(16)}`, az: zone, tier: 'public', cidr: `10.${second}.${j * 16}.0/24`, size: 251 });
      subnets.push({ id: `subnet-0${rng.hex(16)}`, az: zone, tier: 'private', cidr: `10.${second}.${64 + j * 32}.0/20`, size: 4091 });
    });
    const nat = account.type === 'sandbox' ? 0 : account.type === 'production' && i === 0 ? 3 : 1;
    return { region, vpcId: `vpc-0${rng.hex(16)}`, cidr: `10.${second}.0.0/16`, subnets, natGateways: nat };
  });
}

function fleetSize(rng: Rng, account: SimAccount): number {
  if (account.role === 'management') return rng.int(0, 1);
  if (account.role === 'security') return rng.int(1, 3);
  switch (account.type) {
    case 'production':
      return rng.int(6, 24);
    case 'staging':
      return rng.int(3, 10);
    case 'development':
      return rng.int(2, 8);
    case 'sandbox':
      return rng.int(0, 3);
  }
}

function buildInstances(rng: Rng, account: SimAccount, vpcs: VpcSpec[], slug: string, asgs: AsgSpec[]): InstanceSlot[] {
  const n = fleetSize(rng, account);
  const typeSet = TYPES_BY_ENV[account.role === 'workload' ? account.type : 'platform'] as readonly string[];
  const regionTypes = new Map(account.regions.map((r) => [r, rng.sample(typeSet, rng.int(1, 3))]));
  const roles = ['api', 'web', 'worker', 'batch', 'cache', 'etl', 'gateway', 'bastion', 'jenkins', 'kafka'];
  const out: InstanceSlot[] = [];
  const asgByRegion = new Map(asgs.map((a) => [a.region, a]));
  for (let slot = 0; slot < n; slot++) {
    const region = slot === 0 || rng.chance(0.65) ? (account.regions[0] as string) : rng.pick(account.regions);
    const vpc = vpcs.find((v) => v.region === region) as VpcSpec;
    const subnet = rng.chance(0.2) ? (vpc.subnets.filter((s) => s.tier === 'public') as SubnetSpec[]) : vpc.subnets.filter((s) => s.tier === 'private');
    const sub = rng.pick(subnet);
    const asg = asgByRegion.get(region);
    const kind: SlotKind =
      account.type === 'sandbox' || account.type === 'development' ? (rng.chance(0.6) ? 'ephemeral' : 'core') : asg && rng.chance(0.45) ? 'asg' : rng.chance(0.15) ? 'ephemeral' : 'core';
    const windows = rng.chance(account.type === 'production' ? 0.12 : 0.06);
    const image = windows ? WINDOWS_IMAGE : rng.pick(LINUX_IMAGES);
    const role = rng.pick(roles);
    const epochLen = kind === 'core' ? rng.int(120, 500) : kind === 'asg' ? rng.int(4, 25) : rng.int(6, 30);
    const from = kind === 'ephemeral' ? rng.range(0, 0.5) : 0;
    const to = kind === 'ephemeral' ? Math.min(1, from + rng.range(0.25, 0.7)) : 1;
    out.push({
      slot,
      region,
      az: sub.az,
      subnetId: sub.id,
      vpcId: vpc.vpcId,
      type: rng.pick(regionTypes.get(region) ?? typeSet),
      kind,
      epochLen,
      offset: rng.int(0, epochLen - 1),
      presence: [from, to],
      name: kind === 'asg' && asg ? `${asg.name}` : `${slug}-${role}-${slot + 1}`,
      asgName: kind === 'asg' && asg ? asg.name : undefined,
      platform: windows ? 'Windows' : 'Linux',
      osName: image.name,
      osVersion: image.version,
      rootGb: windows ? 50 : rng.pick([8, 16, 20, 30, 50]),
      dataGb: rng.chance(0.35) ? rng.pick([100, 200, 250, 500, 1000]) : 0,
      publicIp: sub.tier === 'public',
      stoppedOnWeekends: (account.type === 'development' || account.type === 'staging') && kind !== 'asg' && rng.chance(0.6),
      ssm: rng.chance(0.9),
      imdsV2: rng.chance(0.75),
    });
  }
  return out;
}

function buildDbs(rng: Rng, account: SimAccount, slug: string): DbSpec[] {
  const n = account.role !== 'workload' ? 0 : account.type === 'production' ? rng.int(1, 3) : account.type === 'staging' ? 1 : account.type === 'development' ? rng.int(0, 1) : 0;
  const classes = account.type === 'production' ? ['db.r6g.large', 'db.r6g.xlarge', 'db.m6g.large', 'db.r5.large'] : ['db.t3.medium', 'db.t4g.medium', 'db.m6g.large'];
  return Array.from({ length: n }, (_, i) => {
    const engine = rng.weighted<[string, string]>([[['postgres', '16.4'], 4], [['aurora-postgresql', '15.6'], 3], [['mysql', '8.0.39'], 2], [['aurora-mysql', '8.0.mysql_aurora.3.07.1'], 1]]);
    const region = account.regions[0] as string;
    return {
      id: `${slug}-${['db', 'reporting-db', 'ledger-db'][i] ?? `db-${i}`}`,
      region,
      az: `${region}${rng.pick(['a', 'b', 'c'])}`,
      engine: engine[0],
      engineVersion: engine[1],
      cls: rng.pick(classes),
      multiAz: account.type === 'production' && rng.chance(0.8),
      storageGb: rng.pick([50, 100, 200, 500, 1000]),
      encrypted: rng.chance(0.92),
      publiclyAccessible: rng.chance(0.04),
      created: ago(rng, 60, 1500),
    };
  });
}

function buildBuckets(rng: Rng, account: SimAccount, slug: string): BucketSpec[] {
  const n = account.role === 'security' ? rng.int(6, 10) : account.role === 'management' ? rng.int(3, 6) : account.type === 'production' ? rng.int(5, 20) : account.type === 'sandbox' ? rng.int(1, 4) : rng.int(3, 10);
  const purposes = ['assets', 'uploads', 'exports', 'backups', 'logs', 'artifacts', 'data-lake', 'static-site', 'terraform-state', 'athena-results', 'reports', 'media', 'config', 'archive'];
  const out: BucketSpec[] = [];
  if (account.role === 'security') {
    out.push({ name: `org-cloudtrail-logs-${account.id}`, region: 'us-east-1', created: ago(rng, 900, 1500), public: false, encrypted: true });
    out.push({ name: `aws-config-history-${account.id}`, region: 'us-east-1', created: ago(rng, 900, 1500), public: false, encrypted: true });
  }
  for (let i = out.length; i < n; i++) {
    const purpose = purposes[i % purposes.length] as string;
    const temp = i >= 3 && rng.chance(0.15);
    const epochLen = rng.int(15, 60);
    out.push({
      name: `${slug}-${purpose}-${account.environment}${temp ? `-${rng.alnum(5)}` : ''}`.slice(0, 63),
      region: rng.chance(0.8) ? (account.regions[0] as string) : rng.pick(account.regions),
      created: ago(rng, 30, 1400),
      temp: temp ? { epochLen, offset: rng.int(0, epochLen - 1), presence: [rng.range(0, 0.3), rng.range(0.5, 1)] } : undefined,
      public: purpose === 'static-site' && rng.chance(0.5),
      encrypted: rng.chance(0.97),
    });
  }
  return out;
}

function buildFunctions(rng: Rng, account: SimAccount, slug: string): FunctionSpec[] {
  const n = account.role === 'management' ? rng.int(2, 5) : account.role === 'security' ? rng.int(4, 10) : account.type === 'production' ? rng.int(6, 30) : account.type === 'sandbox' ? rng.int(0, 3) : rng.int(3, 15);
  const verbs = ['process', 'handle', 'sync', 'resize', 'notify', 'ingest', 'export', 'validate', 'transform', 'schedule', 'webhook', 'auth', 'cleanup', 'rotate', 'enrich'];
  const nouns = ['orders', 'events', 'images', 'invoices', 'users', 'reports', 'payments', 'messages', 'files', 'metrics'];
  const out: FunctionSpec[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const share = rng.lognormal(1);
    total += share;
    out.push({
      name: `${slug}-${rng.pick(verbs)}-${rng.pick(nouns)}${i > 9 ? `-${i}` : ''}`,
      region: rng.chance(0.75) ? (account.regions[0] as string) : rng.pick(account.regions),
      runtime: rng.weighted<string>([['nodejs20.x', 4], ['nodejs22.x', 3], ['python3.12', 4], ['python3.9', 1], ['java21', 1], ['nodejs16.x', 0.5], ['python3.8', 0.4], ['go1.x', 0.3], ['provided.al2023', 1]]),
      memory: rng.pick([128, 256, 512, 1024, 1536, 2048, 3008]),
      arch: rng.chance(0.4) ? 'arm64' : 'x86_64',
      inVpc: rng.chance(0.35),
      share,
      created: ago(rng, 10, 1200),
      deploysPerWeek: account.type === 'production' ? rng.range(0.2, 3) : rng.range(0.5, 6),
    });
  }
  // Names must be unique per region.
  const seen = new Set<string>();
  for (const f of out) {
    while (seen.has(`${f.region}/${f.name}`)) f.name = `${f.name}-${rng.alnum(3)}`;
    seen.add(`${f.region}/${f.name}`);
    f.share /= total;
  }
  return out;
}

function buildLbsAndAsgs(rng: Rng, account: SimAccount, slug: string, vpcs: VpcSpec[]): { lbs: LbSpec[]; asgs: AsgSpec[] } {
  const lbs: LbSpec[] = [];
  const asgs: AsgSpec[] = [];
  if (account.role !== 'workload' || account.type === 'sandbox') return { lbs, asgs };
  const n = account.type === 'production' ? rng.int(1, 4) : account.type === 'staging' ? rng.int(1, 2) : rng.int(0, 1);
  for (let i = 0; i < n; i++) {
    const region = i === 0 ? (account.regions[0] as string) : rng.pick(account.regions);
    const vpc = vpcs.find((v) => v.region === region) as VpcSpec;
    const type = rng.chance(0.8) ? 'application' : 'network';
    const name = `${slug}-${['public', 'internal', 'api', 'grpc'][i] ?? `lb${i}`}`.slice(0, 32);
    lbs.push({ name, id: rng.hex(16), region, type, scheme: i === 1 ? 'internal' : 'internet-facing', vpcId: vpc.vpcId, created: ago(rng, 30, 900) });
    if (!asgs.some((a) => a.region === region) && account.type !== 'development') {
      const min = account.type === 'production' ? rng.int(2, 4) : 1;
      asgs.push({ name: `${slug}-${type === 'application' ? 'web' : 'svc'}-asg`, region, min, max: min * 3, lb: name });
    }
  }
  return { lbs, asgs };
}

const HOURS = 24;

function line(partial: Omit<CostLine, 'pattern' | 'sigma' | 'growth' | 'weekend' | 'activeProbability' | 'recordType' | 'billingEntity' | 'operation' | 'burstProbability'> & Partial<CostLine>): CostLine {
  return {
    pattern: 'steady',
    sigma: 0.03,
    growth: 0,
    weekend: 1,
    activeProbability: 1,
    recordType: 'Usage',
    billingEntity: 'AWS',
    operation: '',
    burstProbability: 0,
    ...partial,
  };
}

function regional(region: string, usage: string): string {
  return `${regionInfo(region).prefix}-${usage}`;
}

/** Cost lines implied by what the account runs. Quantities are per day (monthly lines: per month). */
function buildLines(rng: Rng, p: Omit<AccountProfile, 'lines' | 'services' | 'monthlyCredit'>): CostLine[] {
  const { account } = p;
  const lines: CostLine[] = [];
  const sparse = account.type === 'sandbox';
  const dev = account.type === 'development';
  const active = sparse ? 0.35 : 1;
  const weekendCompute = account.type === 'production' || account.role !== 'workload' ? 0.93 : dev ? 0.5 : account.type === 'staging' ? 0.7 : 0.4;
  // EC2 compute: instance-hours per type and region (ephemeral slots count for the share of time they run).
  const hours = new Map<string, { region: string; type: string; hrs: number }>();
  for (const s of p.instances) {
    const share = s.kind === 'ephemeral' ? s.presence[1] - s.presence[0] : 1;
    const key = `${s.region}|${s.type}`;
    const cur = hours.get(key) ?? { region: s.region, type: s.type, hrs: 0 };
    cur.hrs += HOURS * share;
    hours.set(key, cur);
  }
  const spCoverage = p.savingsPlans.length > 0 ? 0.35 : 0;
  for (const { region, type, hrs } of hours.values()) {
    const price = (EC2_PRICES[type] ?? 0.1) * regionInfo(region).priceFactor;
    lines.push(
      line({
        service: SERVICE.ec2,
        usageType: regional(region, `BoxUsage:${type}`),
        region,
        unit: 'Hrs',
        unitPrice: price,
        quantity: hrs * (1 - spCoverage),
        weekend: weekendCompute,
        sigma: dev ? 0.08 : 0.035,
        growth: rng.range(-0.0002, 0.0008),
        instanceType: type,
        operation: 'RunInstances',
        activeProbability: active,
        burstProbability: dev ? 0.07 : 0,
      }),
    );
  }
  // EC2 - Other: EBS volumes, snapshots, NAT gateways.
  const ebsGb = new Map<string, number>();
  for (const s of p.instances) ebsGb.set(s.region, (ebsGb.get(s.region) ?? 0) + s.rootGb + s.dataGb);
  for (const v of p.orphanVolumes) ebsGb.set(v.region, (ebsGb.get(v.region) ?? 0) + v.sizeGb * (v.presence[1] - v.presence[0]));
  for (const [region, gb] of ebsGb) {
    if (gb <= 0) continue;
    const f = regionInfo(region).priceFactor;
    lines.push(line({ service: SERVICE.ec2Other, usageType: regional(region, 'EBS:VolumeUsage.gp3'), region, unit: 'GB-Mo', unitPrice: 0.08 * f, quantity: gb / 30, sigma: 0.01, growth: rng.range(0, 0.0006), activeProbability: active, operation: 'CreateVolume' }));
    lines.push(line({ service: SERVICE.ec2Other, usageType: regional(region, 'EBS:SnapshotUsage'), region, unit: 'GB-Mo', unitPrice: 0.05 * f, quantity: (gb * 0.6) / 30, sigma: 0.01, growth: rng.range(0.0005, 0.002), pattern: 'growing', activeProbability: active, operation: 'CreateSnapshot' }));
  }
  for (const vpc of p.vpcs) {
    if (vpc.natGateways === 0) continue;
    const f = regionInfo(vpc.region).priceFactor;
    lines.push(line({ service: SERVICE.ec2Other, usageType: regional(vpc.region, 'NatGateway-Hours'), region: vpc.region, unit: 'Hrs', unitPrice: 0.045 * f, quantity: vpc.natGateways * HOURS, sigma: 0, operation: 'NatGateway' }));
    lines.push(line({ service: SERVICE.ec2Other, usageType: regional(vpc.region, 'NatGateway-Bytes'), region: vpc.region, unit: 'GB', unitPrice: 0.045 * f, quantity: rng.range(5, account.type === 'production' ? 400 : 40), pattern: 'noisy', sigma: 0.25, weekend: 0.75, operation: 'NatGateway' }));
  }
  // RDS instances and storage.
  for (const db of p.dbs) {
    const f = regionInfo(db.region).priceFactor;
    const aurora = db.engine.startsWith('aurora');
    lines.push(line({ service: SERVICE.rds, usageType: regional(db.region, `${db.multiAz && !aurora ? 'Multi-AZUsage' : 'InstanceUsage'}:${db.cls}`), region: db.region, unit: 'Hrs', unitPrice: (RDS_PRICES[db.cls] ?? 0.2) * f * (db.multiAz && !aurora ? 2 : 1), quantity: HOURS * (aurora && db.multiAz ? 2 : 1), sigma: 0.005, instanceType: db.cls, operation: `CreateDBInstance:${db.engine}` }));
    lines.push(line({ service: SERVICE.rds, usageType: regional(db.region, aurora ? 'Aurora:StorageUsage' : 'RDS:GP3-Storage'), region: db.region, unit: 'GB-Mo', unitPrice: (aurora ? 0.1 : 0.115) * f, quantity: db.storageGb / 30, sigma: 0.005, growth: rng.range(0.0003, 0.0015), pattern: 'growing', operation: 'CreateDBInstance' }));
    if (aurora) lines.push(line({ service: SERVICE.rds, usageType: regional(db.region, 'Aurora:StorageIOUsage'), region: db.region, unit: 'IOs', unitPrice: 0.0000002 * f, quantity: rng.range(2e7, 4e8), pattern: 'noisy', sigma: 0.2, weekend: 0.7, operation: 'CreateDBInstance' }));
    lines.push(line({ service: SERVICE.rds, usageType: regional(db.region, 'RDS:ChargedBackupUsage'), region: db.region, unit: 'GB-Mo', unitPrice: 0.095 * f, quantity: (db.storageGb * rng.range(0.2, 1.2)) / 30, pattern: 'growing', growth: rng.range(0.0005, 0.002), sigma: 0.01, operation: 'CreateDBSnapshot' }));
  }
  // S3: storage grows, requests are noisy.
  const s3Regions = new Map<string, number>();
  for (const b of p.buckets) s3Regions.set(b.region, (s3Regions.get(b.region) ?? 0) + 1);
  for (const [region, count] of s3Regions) {
    const f = regionInfo(region).priceFactor;
    const tb = account.role === 'security' ? rng.range(10, 60) : account.type === 'production' ? rng.range(0.5, 15) : account.type === 'sandbox' ? rng.range(0.001, 0.05) : rng.range(0.05, 3);
    lines.push(line({ service: SERVICE.s3, usageType: regional(region, 'TimedStorage-ByteHrs'), region, unit: 'GB-Mo', unitPrice: 0.023 * f, quantity: (tb * 1024 * Math.min(1, count / 3)) / 30, pattern: 'growing', growth: rng.range(0.002, 0.006), sigma: 0.004, activeProbability: sparse ? 1 : 1, operation: 'StandardStorage' }));
    lines.push(line({ service: SERVICE.s3, usageType: regional(region, 'Requests-Tier1'), region, unit: 'Requests', unitPrice: 0.000005, quantity: rng.range(2e4, account.type === 'production' ? 4e6 : 2e5), pattern: 'noisy', sigma: 0.2, weekend: 0.8, activeProbability: active, operation: 'PutObject' }));
    lines.push(line({ service: SERVICE.s3, usageType: regional(region, 'Requests-Tier2'), region, unit: 'Requests', unitPrice: 0.0000004, quantity: rng.range(1e5, account.type === 'production' ? 3e7 : 1e6), pattern: 'noisy', sigma: 0.2, weekend: 0.8, activeProbability: active, operation: 'GetObject' }));
  }
  // Lambda: invocation-driven, spiky.
  const fnRegions = new Map<string, number>();
  for (const fn of p.functions) fnRegions.set(fn.region, (fnRegions.get(fn.region) ?? 0) + fn.share);
  for (const [region, share] of fnRegions) {
    const requests = p.lambdaRequestsPerDay * share;
    if (requests <= 0) continue;
    lines.push(line({ service: SERVICE.lambda, usageType: regional(region, 'Request'), region, unit: 'Requests', unitPrice: 0.0000002, quantity: requests, pattern: 'spiky', sigma: 0.22, weekend: account.type === 'production' ? 0.85 : 0.5, activeProbability: active, operation: 'Invoke' }));
    lines.push(line({ service: SERVICE.lambda, usageType: regional(region, 'Lambda-GB-Second'), region, unit: 'Lambda-GB-Second', unitPrice: 0.0000166667, quantity: requests * rng.range(0.02, 0.25), pattern: 'spiky', sigma: 0.22, weekend: account.type === 'production' ? 0.85 : 0.5, activeProbability: active, operation: 'Invoke' }));
  }
  // Data transfer out and between regions: noisy.
  if (!sparse) {
    const home = account.regions[0] as string;
    const outGb = account.type === 'production' ? rng.range(20, 500) : rng.range(1, 40);
    lines.push(line({ service: SERVICE.dataTransfer, usageType: regional(home, 'DataTransfer-Out-Bytes'), region: home, unit: 'GB', unitPrice: 0.09, quantity: outGb, pattern: 'noisy', sigma: 0.3, weekend: 0.8, operation: 'PublicIP-Out' }));
    lines.push(line({ service: SERVICE.dataTransfer, usageType: regional(home, 'DataTransfer-Regional-Bytes'), region: home, unit: 'GB', unitPrice: 0.01, quantity: outGb * rng.range(0.5, 3), pattern: 'noisy', sigma: 0.3, weekend: 0.8, operation: 'InterZone-In' }));
    const other = account.regions[1];
    if (other) lines.push(line({ service: SERVICE.dataTransfer, usageType: `${regionInfo(home).prefix}-${regionInfo(other).prefix}-AWS-Out-Bytes`, region: home, unit: 'GB', unitPrice: 0.02, quantity: outGb * rng.range(0.05, 0.4), pattern: 'noisy', sigma: 0.35, weekend: 0.8, operation: 'InterRegion-Out' }));
  }
  for (const lb of p.lbs) {
    const f = regionInfo(lb.region).priceFactor;
    const kind = lb.type === 'application' ? '' : 'Net';
    lines.push(line({ service: SERVICE.elb, usageType: regional(lb.region, `LoadBalancerUsage${kind ? '' : ''}`), region: lb.region, unit: 'Hrs', unitPrice: 0.0225 * f, quantity: HOURS, sigma: 0, operation: lb.type === 'application' ? 'LoadBalancing:Application' : 'LoadBalancing:Network' }));
    lines.push(line({ service: SERVICE.elb, usageType: regional(lb.region, lb.type === 'application' ? 'LCUUsage' : 'NLCUUsage'), region: lb.region, unit: 'LCU-Hrs', unitPrice: lb.type === 'application' ? 0.008 : 0.006, quantity: HOURS * rng.range(1, account.type === 'production' ? 40 : 4), pattern: 'noisy', sigma: 0.15, weekend: 0.75, operation: lb.type === 'application' ? 'LoadBalancing:Application' : 'LoadBalancing:Network' }));
  }
  // CloudWatch logs and metrics, scaled with what runs.
  const weight = p.instances.length + p.functions.length / 2 + p.dbs.length * 2 + 1;
  for (const region of account.regions.slice(0, 2)) {
    lines.push(line({ service: SERVICE.cloudwatch, usageType: regional(region, 'DataProcessing-Bytes'), region, unit: 'GB', unitPrice: 0.5, quantity: weight * rng.range(0.05, 0.6) * (region === account.regions[0] ? 1 : 0.3), pattern: 'noisy', sigma: 0.12, weekend: 0.85, activeProbability: active, operation: 'PutLogEvents' }));
    lines.push(line({ service: SERVICE.cloudwatch, usageType: regional(region, 'CW:MetricMonitorUsage'), region, unit: 'Metrics', unitPrice: 0.3, quantity: (weight * rng.range(2, 10)) / 30, sigma: 0.01, activeProbability: active, operation: 'MetricStorage' }));
  }
  // Public IPv4 addresses (VPC) and KMS keys.
  const publicIps = p.instances.filter((s) => s.publicIp).length + p.vpcs.reduce((n, v) => n + v.natGateways, 0) + p.lbs.filter((l) => l.scheme === 'internet-facing').length * 2;
  if (publicIps > 0) lines.push(line({ service: SERVICE.vpc, usageType: regional(account.regions[0] as string, 'PublicIPv4:InUseAddress'), region: account.regions[0] as string, unit: 'Hrs', unitPrice: 0.005, quantity: publicIps * HOURS, sigma: 0.01, operation: 'AllocateAddressVPC' }));
  if (!sparse) {
    const home = account.regions[0] as string;
    lines.push(line({ service: SERVICE.kms, usageType: regional(home, 'KMS-Keys'), region: home, unit: 'Keys', unitPrice: 1, quantity: rng.int(2, 8) / 30, sigma: 0, operation: 'CreateKey' }));
    lines.push(line({ service: SERVICE.kms, usageType: regional(home, 'KMS-Requests'), region: home, unit: 'Requests', unitPrice: 0.000003, quantity: rng.range(1e4, 1e6), pattern: 'noisy', sigma: 0.2, weekend: 0.8, operation: 'Decrypt' }));
    lines.push(line({ service: SERVICE.secrets, usageType: regional(home, 'AWSSecretsManager-Secrets'), region: home, unit: 'Secrets', unitPrice: 0.4, quantity: rng.int(2, 14) / 30, sigma: 0, operation: 'StoreSecret' }));
  }
  // Security and governance services, per region.
  for (const region of account.regions) {
    const scale = account.role === 'security' ? 5 : account.type === 'production' ? 2 : sparse ? 0.1 : 1;
    if (account.config) lines.push(line({ service: SERVICE.config, usageType: regional(region, 'ConfigurationItemRecorded'), region, unit: 'ConfigurationItemRecorded', unitPrice: 0.003, quantity: rng.range(50, 900) * scale, pattern: 'noisy', sigma: 0.25, weekend: 0.6, operation: 'RecordConfigurationItem' }));
    if (account.guardDuty) lines.push(line({ service: SERVICE.guardDuty, usageType: regional(region, 'PaidEventsAnalyzed'), region, unit: 'Events', unitPrice: 0.000004, quantity: rng.range(5e4, 6e5) * scale, pattern: 'noisy', sigma: 0.12, weekend: 0.8, operation: 'CloudTrailAnalysis' }));
    if (account.securityHub) lines.push(line({ service: SERVICE.securityHub, usageType: regional(region, 'PaidComplianceCheck'), region, unit: 'Checks', unitPrice: 0.001, quantity: rng.range(200, 1500) * scale, sigma: 0.05, operation: 'ComplianceCheck' }));
  }
  if (account.inspector) lines.push(line({ service: SERVICE.inspector, usageType: regional(account.regions[0] as string, 'Inspector2-EC2InstanceScan'), region: account.regions[0] as string, unit: 'Instances', unitPrice: 1.258, quantity: Math.max(1, p.instances.length) / 30, sigma: 0.02, operation: 'EC2InstanceScan' }));
  if (account.role !== 'workload') {
    lines.push(line({ service: SERVICE.cloudTrail, usageType: regional('us-east-1', 'PaidEventsRecorded'), region: 'us-east-1', unit: 'Events', unitPrice: 0.00001, quantity: rng.range(2e5, 2e6), pattern: 'noisy', sigma: 0.1, weekend: 0.7, operation: 'DataEventsRecorded' }));
  }
  const f = p.features;
  const home = account.regions[0] as string;
  if (f.dynamodb) {
    lines.push(line({ service: SERVICE.dynamodb, usageType: regional(home, 'TimedStorage-ByteHrs'), region: home, unit: 'GB-Mo', unitPrice: 0.25, quantity: rng.range(5, 400) / 30, pattern: 'growing', growth: rng.range(0.001, 0.004), sigma: 0.01, operation: 'StandardStorage' }));
    lines.push(line({ service: SERVICE.dynamodb, usageType: regional(home, 'ReadRequestUnits'), region: home, unit: 'ReadRequestUnits', unitPrice: 0.000000125, quantity: rng.range(1e6, 2e8), pattern: 'noisy', sigma: 0.2, weekend: 0.8, operation: 'PayPerRequestThroughput' }));
    lines.push(line({ service: SERVICE.dynamodb, usageType: regional(home, 'WriteRequestUnits'), region: home, unit: 'WriteRequestUnits', unitPrice: 0.000000625, quantity: rng.range(1e5, 3e7), pattern: 'noisy', sigma: 0.2, weekend: 0.8, operation: 'PayPerRequestThroughput' }));
  }
  if (f.elasticache) lines.push(line({ service: SERVICE.elasticache, usageType: regional(home, 'NodeUsage:cache.r6g.large'), region: home, unit: 'Hrs', unitPrice: 0.206, quantity: HOURS * rng.int(2, 6), sigma: 0, instanceType: 'cache.r6g.large', operation: 'CreateCacheCluster:0000' }));
  if (f.eks) {
    lines.push(line({ service: SERVICE.eks, usageType: regional(home, 'AmazonEKS-Hours:perCluster'), region: home, unit: 'Hrs', unitPrice: 0.1, quantity: HOURS * rng.int(1, 2), sigma: 0, operation: 'CreateOperation' }));
  }
  if (f.ecs) {
    lines.push(line({ service: SERVICE.ecs, usageType: regional(home, 'Fargate-vCPU-Hours:perCPU'), region: home, unit: 'hours', unitPrice: 0.04048, quantity: HOURS * rng.range(2, 40), sigma: 0.06, weekend: 0.85, operation: 'FargateTask' }));
    lines.push(line({ service: SERVICE.ecs, usageType: regional(home, 'Fargate-GB-Hours'), region: home, unit: 'hours', unitPrice: 0.004445, quantity: HOURS * rng.range(4, 80), sigma: 0.06, weekend: 0.85, operation: 'FargateTask' }));
  }
  if (f.cloudfront) {
    lines.push(line({ service: SERVICE.cloudfront, usageType: 'US-DataTransfer-Out-Bytes', region: 'global', unit: 'GB', unitPrice: 0.085, quantity: rng.range(10, 600), pattern: 'noisy', sigma: 0.25, weekend: 1.1, operation: 'WEB' }));
    lines.push(line({ service: SERVICE.cloudfront, usageType: 'EU-DataTransfer-Out-Bytes', region: 'global', unit: 'GB', unitPrice: 0.085, quantity: rng.range(5, 250), pattern: 'noisy', sigma: 0.25, weekend: 1.1, operation: 'WEB' }));
    lines.push(line({ service: SERVICE.cloudfront, usageType: 'US-Requests-Tier1', region: 'global', unit: 'Requests', unitPrice: 0.0000075, quantity: rng.range(1e6, 2e7), pattern: 'noisy', sigma: 0.25, weekend: 1.1, operation: 'GET' }));
  }
  if (f.waf) {
    lines.push(line({ service: SERVICE.waf, usageType: regional(home, 'WebACL'), region: home, unit: 'WebACL-Mo', unitPrice: 5, quantity: 1 / 30, sigma: 0, operation: 'WebACL' }));
    lines.push(line({ service: SERVICE.waf, usageType: regional(home, 'Rule'), region: home, unit: 'Rule-Mo', unitPrice: 1, quantity: rng.int(3, 10) / 30, sigma: 0, operation: 'Rule' }));
    lines.push(line({ service: SERVICE.waf, usageType: regional(home, 'Request'), region: home, unit: 'Request', unitPrice: 0.0000006, quantity: rng.range(1e6, 6e7), pattern: 'noisy', sigma: 0.2, weekend: 0.9, operation: 'Request' }));
  }
  if (!sparse && rng.chance(0.7)) {
    lines.push(line({ service: SERVICE.sqs, usageType: regional(home, 'Requests-Tier1'), region: home, unit: 'Requests', unitPrice: 0.0000004, quantity: rng.range(1e5, 3e7), pattern: 'noisy', sigma: 0.15, weekend: 0.7, operation: 'SendMessage' }));
  }
  // Route 53 hosted zones bill on the 1st; queries daily.
  if (account.role === 'management' || (account.role === 'workload' && !sparse)) {
    lines.push(line({ service: SERVICE.route53, usageType: 'HostedZone', region: 'global', unit: 'HostedZone', unitPrice: 0.5, quantity: rng.int(1, 6), pattern: 'monthly', sigma: 0, operation: '' }));
    lines.push(line({ service: SERVICE.route53, usageType: 'DNS-Queries', region: 'global', unit: 'Queries', unitPrice: 0.0000004, quantity: rng.range(1e5, 2e7), pattern: 'noisy', sigma: 0.1, weekend: 0.9, operation: 'Query' }));
  }
  // Commitments: Savings Plans and reservation fees are posted on the 1st under unblended cost.
  for (const sp of p.savingsPlans) {
    lines.push(line({ service: SERVICE.savingsPlans, usageType: `ComputeSP:1yr${sp.paymentOption.replace(/ /g, '')}`, region: 'global', unit: 'Hrs', unitPrice: sp.hourlyCommitment, quantity: 0, pattern: 'monthly', sigma: 0, recordType: 'SavingsPlanRecurringFee', operation: '' }));
  }
  for (const ri of p.reservations) {
    if (ri.offeringType === 'All Upfront') continue;
    lines.push(line({ service: ri.service === 'EC2' ? SERVICE.ec2 : SERVICE.rds, usageType: regional(ri.region, `HeavyUsage:${ri.instanceType}`), region: ri.region, unit: 'Hrs', unitPrice: ri.recurringHourly * ri.count, quantity: 0, pattern: 'monthly', sigma: 0, recordType: 'Recurring reservation fee', instanceType: ri.instanceType, operation: ri.service === 'EC2' ? 'RunInstances' : 'CreateDBInstance' }));
  }
  for (const mp of p.marketplace) {
    lines.push(line({ service: mp.product, usageType: `${regionInfo(home).prefix}-MP:${mp.dimension}`, region: home, unit: 'Units', unitPrice: mp.dailyCost, quantity: mp.monthly ? 1 : 1, pattern: mp.monthly ? 'monthly' : 'noisy', sigma: mp.monthly ? 0 : 0.08, billingEntity: 'AWS Marketplace', operation: '' }));
  }
  return lines;
}

const MARKETPLACE = [
  { product: 'Datadog Pro (Pay-As-You-Go)', code: '6ya9qmxgvqxy2m6ad5dixpxbk', dimension: 'infra_hosts' },
  { product: 'CrowdStrike Falcon Endpoint Protection', code: '5fmnqv4j7oc4h2gy1o2z6l3ix', dimension: 'sensors' },
  { product: 'Snowflake Data Cloud', code: '8ndmhlzq1zyd7u0m7g8lbcmw2', dimension: 'credits' },
  { product: 'Trend Cloud One', code: '4ppw0w3c1ojx9d3jbw5i4s0n7', dimension: 'workloads' },
  { product: 'MongoDB Atlas (pay-as-you-go)', code: 'bdfxvwt2m0t3e9ns8nnz1vbg1', dimension: 'usage' },
] as const;

export function buildProfile(org: Organization, account: SimAccount): AccountProfile {
  const rng = stream(org.seed, 'profile', account.id);
  const slug = slugOf(account);
  const vpcs = buildVpcs(rng, account);
  const { lbs, asgs } = buildLbsAndAsgs(rng, account, slug, vpcs);
  const instances = buildInstances(rng, account, vpcs, slug, asgs);
  const orphanVolumes: OrphanVolumeSlot[] = Array.from({ length: account.type === 'sandbox' ? rng.int(0, 1) : rng.int(0, 4) }, (_, slot) => {
    const region = rng.pick(account.regions);
    const epochLen = rng.int(10, 90);
    return { slot, region, az: `${region}${rng.pick(['a', 'b', 'c'])}`, sizeGb: rng.pick([8, 20, 50, 100, 500]), volumeType: rng.weighted<OrphanVolumeSlot['volumeType']>([['gp2', 3], ['gp3', 3], ['io2', 0.5], ['st1', 0.5]]), epochLen, offset: rng.int(0, epochLen - 1), presence: [rng.range(0, 0.4), rng.range(0.6, 1)] };
  });
  const dbs = buildDbs(rng, account, slug);
  const buckets = buildBuckets(rng, account, slug);
  const functions = buildFunctions(rng, account, slug);
  const prod = account.type === 'production' && account.role === 'workload';
  const features = {
    eks: prod ? rng.chance(0.35) : account.type === 'staging' ? rng.chance(0.2) : false,
    cloudfront: prod ? rng.chance(0.45) : false,
    dynamodb: account.role === 'workload' && account.type !== 'sandbox' ? rng.chance(0.45) : false,
    elasticache: prod ? rng.chance(0.35) : false,
    waf: prod && lbs.length > 0 ? rng.chance(0.7) : false,
    ecs: account.role === 'workload' && account.type !== 'sandbox' ? rng.chance(0.3) : false,
  };
  const lambdaRequestsPerDay = functions.length === 0 ? 0 : account.type === 'production' ? rng.range(1e5, 8e6) : account.type === 'sandbox' ? rng.range(10, 2000) : rng.range(5e3, 5e5);
  const savingsPlans: SavingsPlanSpec[] = [];
  const reservations: ReservationSpec[] = [];
  if (prod && instances.length >= 8 && rng.chance(0.6)) {
    const ec2Hourly = instances.filter((s) => s.kind !== 'ephemeral').reduce((sum, s) => sum + (EC2_PRICES[s.type] ?? 0.1), 0);
    const start = ago(rng, 30, 330);
    const id = rng.uuid();
    savingsPlans.push({ id, arn: `arn:aws:savingsplans::${account.id}:savingsplan/${id}`, type: 'Compute', paymentOption: 'No Upfront', hourlyCommitment: Math.round(ec2Hourly * 0.35 * 0.72 * 1000) / 1000, start, end: new Date(start.getTime() + 365 * DAY), utilization: rng.range(0.9, 1) });
  }
  if (prod && dbs.length > 0 && rng.chance(0.5)) {
    const db = dbs[0] as DbSpec;
    const start = ago(rng, 30, 330);
    reservations.push({ id: `ri-${rng.hex(8)}-${account.id.slice(-4)}`, service: 'RDS', region: db.region, instanceType: db.cls, count: db.multiAz ? 2 : 1, offeringType: 'Partial Upfront', start, end: new Date(start.getTime() + 365 * DAY), fixedPrice: Math.round((RDS_PRICES[db.cls] ?? 0.2) * 8760 * 0.3), recurringHourly: Math.round((RDS_PRICES[db.cls] ?? 0.2) * 0.32 * 10000) / 10000, utilization: 1, multiAz: db.multiAz });
  }
  if (prod && rng.chance(0.3)) {
    const core = instances.find((s) => s.kind === 'core');
    if (core) {
      const start = ago(rng, 60, 700);
      reservations.push({ id: rng.uuid(), service: 'EC2', region: core.region, instanceType: core.type, count: rng.int(1, 3), offeringType: rng.pick(['No Upfront', 'Partial Upfront', 'All Upfront'] as const), start, end: new Date(start.getTime() + 3 * 365 * DAY), fixedPrice: 0, recurringHourly: Math.round((EC2_PRICES[core.type] ?? 0.1) * 0.6 * 10000) / 10000, utilization: rng.range(0.7, 1), multiAz: false });
    }
  }
  const marketplace: MarketplaceSpec[] =
    (prod && rng.chance(0.35)) || (account.role === 'security' && rng.chance(0.8))
      ? rng.sample(MARKETPLACE, rng.int(1, 2)).map((m) => ({ ...m, dailyCost: Math.round(rng.range(8, 120) * 100) / 100, monthly: m.product.startsWith('Snowflake') || m.product.startsWith('Trend') }))
      : [];
  const partial = { account, slug, instances, orphanVolumes, dbs, buckets, functions, lbs, asgs, vpcs, savingsPlans, reservations, marketplace, lambdaRequestsPerDay, features };
  const lines = buildLines(rng, partial);
  if (account.support === 'business') {
    lines.push(line({ service: SERVICE.support, usageType: 'AWSSupportBusiness', region: 'global', unit: 'Dollar', unitPrice: 1, quantity: 0, pattern: 'monthly', sigma: 0, recordType: 'Support', operation: '' }));
  }
  const monthlyCredit = account.type === 'sandbox' || (account.type === 'development' && rng.chance(0.3)) ? Math.round(rng.range(20, 150)) : 0;
  return { ...partial, lines, services: new Set(lines.map((l) => l.service)), monthlyCredit };
}
