// AWS Config rules and their per-resource evaluations, and SSM managed nodes with installed
// applications and patches. Compliance follows the resources' real attributes where there is one
// (IMDSv2, encryption, public access, SSM agent …) and drifts over time elsewhere.
import { stream } from '../rng.js';
import { DAY_MS, isWeekend, weekday } from '../dates.js';
import type { AccountProfile } from './profile.js';
import { bucketsAt, epochOf, type InstanceState, type VolumeState } from './resources.js';

export type Compliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export interface ConfigEvaluationState {
  resourceType: string;
  resourceId: string;
  compliance: Compliance;
  annotation?: string;
  recorded: Date;
  invoked: Date;
}

export interface ConfigRuleState {
  name: string;
  pack?: string;
  evaluations: ConfigEvaluationState[];
  compliance: Compliance;
  nonCompliant: number;
}

const PACK = 'Operational-Best-Practices-for-CIS-AWS-v1.4-Level1';

interface RuleDef {
  name: string;
  global?: boolean;
  resources: 'buckets' | 'instances' | 'volumes' | 'dbs' | 'functions' | 'account' | 'iam-users' | 'security-groups' | 'vpcs';
  /** Why a resource fails, or undefined when it passes; `drift` is a per-resource random draw that changes every few weeks. */
  check: (r: ResourceRef, drift: number) => string | undefined;
}

interface ResourceRef {
  type: string;
  id: string;
  attrs: Record<string, boolean | string | number | undefined>;
}

const RULES: readonly RuleDef[] = [
  { name: 's3-bucket-public-read-prohibited', resources: 'buckets', check: (r) => (r.attrs.public ? 'The bucket policy or ACL allows public read access.' : undefined) },
  { name: 's3-bucket-server-side-encryption-enabled', resources: 'buckets', check: (r) => (r.attrs.encrypted ? undefined : 'Default encryption is not enabled on the bucket.') },
  { name: 's3-bucket-versioning-enabled', resources: 'buckets', check: (_r, d) => (d < 0.3 ? 'Versioning is not enabled.' : undefined) },
  { name: 'ec2-imdsv2-check', resources: 'instances', check: (r) => (r.attrs.imdsV2 ? undefined : 'HttpTokens is optional; IMDSv1 is allowed.') },
  { name: 'ec2-instance-managed-by-systems-manager', resources: 'instances', check: (r) => (r.attrs.ssm ? undefined : 'The instance is not a managed node.') },
  { name: 'encrypted-volumes', resources: 'volumes', check: (r) => (r.attrs.encrypted ? undefined : 'The volume is not encrypted.') },
  { name: 'ec2-volume-inuse-check', resources: 'volumes', check: (r) => (r.attrs.state === 'available' ? 'The volume is not attached to an instance.' : undefined) },
  { name: 'rds-storage-encrypted', resources: 'dbs', check: (r) => (r.attrs.encrypted ? undefined : 'Storage encryption is not enabled.') },
  { name: 'rds-instance-public-access-check', resources: 'dbs', check: (r) => (r.attrs.public ? 'PubliclyAccessible is true.' : undefined) },
  { name: 'lambda-function-public-access-prohibited', resources: 'functions', check: (_r, d) => (d < 0.04 ? 'The function policy allows public access.' : undefined) },
  { name: 'restricted-ssh', resources: 'security-groups', check: (_r, d) => (d < 0.12 ? 'Port 22 is open to 0.0.0.0/0.' : undefined) },
  { name: 'vpc-flow-logs-enabled', resources: 'vpcs', check: (_r, d) => (d < 0.35 ? 'Flow logs are not enabled for the VPC.' : undefined) },
  { name: 'root-account-mfa-enabled', global: true, resources: 'account', check: (_r, d) => (d < 0.05 ? 'MFA is not enabled for the root user.' : undefined) },
  { name: 'iam-password-policy', global: true, resources: 'account', check: (_r, d) => (d < 0.2 ? 'MinimumPasswordLength is below 14.' : undefined) },
  { name: 'access-keys-rotated', global: true, resources: 'iam-users', check: (_r, d) => (d < 0.3 ? 'The access key is older than 90 days.' : undefined) },
  { name: 'iam-user-mfa-enabled', global: true, resources: 'iam-users', check: (_r, d) => (d < 0.15 ? 'The user has no MFA device.' : undefined) },
  { name: 'cloudtrail-enabled', resources: 'account', check: () => undefined },
  { name: 'required-tags', resources: 'instances', check: (_r, d) => (d < 0.2 ? 'Missing required tag: CostCenter.' : undefined) },
];

/** Rules of the CIS pack are deployed with a suffix, as conformance packs do. */
function packRuleName(name: string, suffix: string): string {
  return `${name}-conformance-pack-${suffix}`;
}

function resourcesFor(seed: string, profile: AccountProfile, def: RuleDef, region: string, instances: readonly InstanceState[], volumes: readonly VolumeState[], day: number): ResourceRef[] {
  const a = profile.account;
  switch (def.resources) {
    case 'buckets':
      // Config records buckets in the region they live in.
      return bucketsAt(seed, profile, day)
        .filter((b) => b.spec.region === region)
        .map((b) => ({ type: 'AWS::S3::Bucket', id: b.name, attrs: { public: b.spec.public, encrypted: b.spec.encrypted } }));
    case 'instances':
      return instances.filter((i) => i.slot.region === region).map((i) => ({ type: 'AWS::EC2::Instance', id: i.id, attrs: { imdsV2: i.slot.imdsV2, ssm: i.slot.ssm } }));
    case 'volumes':
      return volumes.filter((v) => v.region === region).map((v) => ({ type: 'AWS::EC2::Volume', id: v.id, attrs: { encrypted: v.encrypted, state: v.state } }));
    case 'dbs':
      return profile.dbs.filter((d) => d.region === region).map((d) => ({ type: 'AWS::RDS::DBInstance', id: `db-${stream(seed, 'dbres', a.id, d.id).alnum(26, true)}`, attrs: { encrypted: d.encrypted, public: d.publiclyAccessible } }));
    case 'functions':
      return profile.functions.filter((f) => f.region === region).map((f) => ({ type: 'AWS::Lambda::Function', id: f.name, attrs: {} }));
    case 'account':
      return [{ type: 'AWS::::Account', id: a.id, attrs: {} }];
    case 'iam-users': {
      const rng = stream(seed, 'iam-users', a.id);
      return ['ci-deploy', 'legacy-batch', 'reporting-export', 'backup-agent'].slice(0, rng.int(1, 4)).map((u) => ({ type: 'AWS::IAM::User', id: `AIDA${stream(seed, 'iam-user-id', a.id, u).alnum(17, true)}`, attrs: { name: u } }));
    }
    case 'security-groups': {
      const rng = stream(seed, 'sgs', a.id, region);
      return Array.from({ length: rng.int(3, 12) }, () => ({ type: 'AWS::EC2::SecurityGroup', id: `sg-0${rng.hex(16)}`, attrs: {} }));
    }
    case 'vpcs':
      return profile.vpcs.filter((v) => v.region === region).map((v) => ({ type: 'AWS::EC2::VPC', id: v.vpcId, attrs: {} }));
  }
}

/** Config rules of one region on `day`, with their evaluations; undefined when Config is not recording there. */
export function configRulesAt(seed: string, profile: AccountProfile, region: string, instances: readonly InstanceState[], volumes: readonly VolumeState[], day: number): ConfigRuleState[] | undefined {
  const a = profile.account;
  if (!a.config) return undefined;
  const rng = stream(seed, 'config-rules', a.id, region);
  const withPack = a.type === 'production' || a.role !== 'workload';
  const suffix = rng.alnum(9);
  const out: ConfigRuleState[] = [];
  for (const def of RULES) {
    if (def.global && region !== 'us-east-1') continue;
    if (!withPack && rng.chance(0.25)) continue;
    const name = withPack && rng.chance(0.6) ? packRuleName(def.name, suffix) : def.name;
    const evaluations: ConfigEvaluationState[] = [];
    for (const r of resourcesFor(seed, profile, def, region, instances, volumes, day)) {
      const driftEpoch = epochOf(day, 21, r.id.length * 7);
      const drift = stream(seed, 'config-drift', a.id, def.name, r.id, driftEpoch.index).float();
      const why = def.check(r, drift);
      // Periodic rules (the global ones) evaluate every day; change-triggered rules when the
      // resource's configuration last changed (the drift epoch stands for that).
      const evaluatedDay = def.global ? day : Math.max(driftEpoch.startDay, day - 60);
      const evalSec = stream(seed, 'config-eval', a.id, region, def.name, r.id, evaluatedDay).int(0, 20 * 3600);
      const invoked = new Date(evaluatedDay * DAY_MS + evalSec * 1000);
      evaluations.push({ resourceType: r.type, resourceId: r.id, compliance: why ? 'NON_COMPLIANT' : 'COMPLIANT', annotation: why, recorded: new Date(invoked.getTime() + 40_000), invoked });
    }
    const nonCompliant = evaluations.filter((e) => e.compliance === 'NON_COMPLIANT').length;
    out.push({ name, pack: name.includes('-conformance-pack-') ? PACK : undefined, evaluations, compliance: evaluations.length === 0 ? 'INSUFFICIENT_DATA' : nonCompliant > 0 ? 'NON_COMPLIANT' : 'COMPLIANT', nonCompliant });
  }
  return out;
}

export { PACK as CONFORMANCE_PACK };

// ---- SSM inventory ---------------------------------------------------------------------------

export interface ManagedNode {
  instance: InstanceState;
  computerName: string;
  agentVersion: string;
  latest: boolean;
  ping: 'Online' | 'ConnectionLost';
  lastPing: Date;
  associationStatus: 'Success' | 'Failed' | 'Pending';
  lastAssociation: Date;
  lastSuccessfulAssociation: Date;
  baselineId: string;
  scanEnd: Date;
  installed: PatchState[];
  missing: PatchState[];
  notApplicable: number;
  applications: Application[];
}

export interface PatchState {
  kb: string;
  title: string;
  classification: string;
  severity: string;
  state: 'INSTALLED' | 'INSTALLED_OTHER' | 'INSTALLED_PENDING_REBOOT' | 'MISSING' | 'FAILED';
  installedTime?: Date;
}

export interface Application {
  name: string;
  version: string;
  publisher: string;
  architecture: string;
  type: string;
  installed?: Date;
}

const LINUX_PACKAGES = [
  'openssl', 'openssh-server', 'openssh-clients', 'glibc', 'curl', 'libcurl', 'kernel', 'bash', 'systemd', 'python3', 'python3-pip', 'nginx',
  'docker', 'containerd', 'runc', 'amazon-ssm-agent', 'awscli-2', 'java-17-amazon-corretto-headless', 'nodejs', 'git', 'vim-minimal', 'tar',
  'gzip', 'xz-libs', 'zlib', 'sudo', 'chrony', 'rsyslog', 'cronie', 'dnf', 'rpm', 'ca-certificates', 'tzdata', 'amazon-cloudwatch-agent',
  'nghttp2', 'ncurses', 'krb5-libs', 'libxml2', 'sqlite', 'pcre2', 'expat', 'cyrus-sasl', 'libssh2', 'audit', 'shadow-utils', 'coreutils',
  'util-linux', 'e2fsprogs', 'iptables', 'nftables', 'postgresql15', 'redis6', 'htop', 'jq', 'unzip', 'wget', 'amazon-efs-utils', 'ec2-instance-connect',
];
const WINDOWS_APPS = [
  ['Amazon SSM Agent', 'Amazon Web Services'], ['AWS Tools for Windows', 'Amazon Web Services'], ['Amazon CloudWatch Agent', 'Amazon Web Services'],
  ['Microsoft Edge', 'Microsoft Corporation'], ['Microsoft .NET Runtime - 8.0.8 (x64)', 'Microsoft Corporation'], ['Microsoft Visual C++ 2022 X64 Minimum Runtime', 'Microsoft Corporation'],
  ['7-Zip 23.01 (x64)', 'Igor Pavlov'], ['Notepad++ (64-bit x64)', 'Notepad++ Team'], ['Google Chrome', 'Google LLC'], ['IIS URL Rewrite Module 2', 'Microsoft Corporation'],
  ['Microsoft SQL Server 2019 LocalDB', 'Microsoft Corporation'], ['PowerShell 7-x64', 'Microsoft Corporation'], ['Git', 'The Git Development Community'], ['Datadog Agent', 'Datadog, Inc.'],
] as const;
const LINUX_SECURITY_TITLES = ['security update', 'bugfix and security update', 'important security update', 'moderate security update'];

function advisoryPrefix(osName: string, osVersion: string): (n: number, year: number) => string {
  if (osName === 'Amazon Linux') return osVersion === '2023' ? (n, y) => `ALAS2023-${y}-${n}` : (n, y) => `ALAS2-${y}-${2000 + n}`;
  if (osName === 'Ubuntu') return (n) => `USN-${6400 + n}-1`;
  if (osName.startsWith('Red Hat')) return (n, y) => `RHSA-${y}:${1000 + n * 7}`;
  return (n) => `KB50${30000 + n * 13}`;
}

/** SSM view of the account's instances on `day`: nodes with the agent, their patch state and applications. */
export function managedNodesAt(seed: string, profile: AccountProfile, region: string, instances: readonly InstanceState[], day: number, collectedAt: Date): ManagedNode[] {
  const a = profile.account;
  const out: ManagedNode[] = [];
  const year = new Date(day * DAY_MS).getUTCFullYear();
  for (const inst of instances) {
    if (inst.slot.region !== region || !inst.slot.ssm) continue;
    const rng = stream(seed, 'ssm-node', a.id, inst.id);
    const dayRng = stream(seed, 'ssm-day', a.id, inst.id, day);
    const windows = inst.slot.platform === 'Windows';
    const running = inst.state === 'running';
    // Patch baseline: installed at launch; new advisories become missing until the weekly maintenance window (Sunday).
    const prefix = advisoryPrefix(inst.slot.osName, inst.slot.osVersion);
    // Scaled down from the hundreds a real node reports: the collectors read every one, the files stay small.
    const installedCount = rng.int(6, 14);
    const installed: PatchState[] = [];
    for (let i = 0; i < installedCount; i++) {
      const pkg = windows ? 'Cumulative Update' : (LINUX_PACKAGES[(i * 7 + rng.int(0, 3)) % LINUX_PACKAGES.length] as string);
      installed.push({
        kb: prefix(i + 1, year - 1),
        title: windows ? `${year - 1}-${String((i % 12) + 1).padStart(2, '0')} Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB50${30000 + i * 13})` : `${pkg} ${rng.pick(LINUX_SECURITY_TITLES)}`,
        classification: windows ? 'SecurityUpdates' : rng.pick(['Security', 'Security', 'Bugfix', 'Enhancement']),
        severity: windows ? rng.pick(['Critical', 'Important']) : rng.pick(['Critical', 'Important', 'Medium', 'Low']),
        state: 'INSTALLED',
        installedTime: new Date(inst.launchTime.getTime() + rng.int(60, 7200) * 1000),
      });
    }
    // Advisories released since the last maintenance window (Sunday) are missing until the next one.
    const sinceWindow = weekday(day);
    const weekRng = stream(seed, 'ssm-week', a.id, inst.id, day - sinceWindow);
    const rate = weekRng.range(0.2, 0.9);
    const missingCount = Math.min(6, Math.floor(sinceWindow * rate));
    const missing: PatchState[] = [];
    for (let i = 0; i < missingCount; i++) {
      const n = 400 + (((day - sinceWindow) * 3 + i) % 200);
      const pkg = LINUX_PACKAGES[(n * 5) % LINUX_PACKAGES.length] as string;
      const patchRng = stream(seed, 'ssm-patch', a.id, inst.id, day - sinceWindow, i);
      missing.push({
        kb: prefix(n, year),
        title: windows ? `${year}-${String((((day - sinceWindow) / 30) | 0) % 12 + 1).padStart(2, '0')} Security Update (KB50${40000 + n})` : `${pkg} ${patchRng.pick(LINUX_SECURITY_TITLES)}`,
        classification: windows ? 'SecurityUpdates' : 'Security',
        severity: i === 0 && patchRng.chance(0.2) ? 'Critical' : patchRng.pick(['Important', 'Medium', 'Low']),
        state: i === 0 && dayRng.chance(0.08) ? 'FAILED' : 'MISSING',
      });
    }
    const apps: Application[] = [];
    const appRng = stream(seed, 'ssm-apps', a.id, inst.id);
    if (windows) {
      for (const [name, publisher] of WINDOWS_APPS) if (appRng.chance(0.6)) apps.push({ name, version: `${appRng.int(1, 30)}.${appRng.int(0, 9)}.${appRng.int(0, 9999)}`, publisher, architecture: 'x86_64', type: '', installed: new Date(inst.launchTime.getTime() + appRng.int(0, 3600) * 1000) });
    } else {
      const dist = inst.slot.osName === 'Ubuntu' ? 'Ubuntu' : inst.slot.osName === 'Amazon Linux' ? 'Amazon Linux' : 'Red Hat, Inc.';
      for (const pkg of LINUX_PACKAGES) {
        if (!appRng.chance(0.3)) continue;
        apps.push({ name: pkg, version: `${appRng.int(0, 9)}.${appRng.int(0, 40)}.${appRng.int(0, 30)}`, publisher: dist, architecture: inst.slot.type.includes('g.') ? 'aarch64' : 'x86_64', type: pkg.startsWith('lib') ? 'System Environment/Libraries' : 'Unspecified', installed: new Date(inst.launchTime.getTime() - appRng.int(1, 60) * DAY_MS) });
      }
    }
    const lastPing = running ? new Date(collectedAt.getTime() - dayRng.int(10, 290) * 1000) : new Date(day * DAY_MS - (isWeekend(day) ? 0 : DAY_MS) + 18 * 3600_000);
    const octet = inst.privateIp.split('.');
    const scanEnd = new Date(day * DAY_MS + (2 * 3600 + rng.int(0, 3600)) * 1000);
    out.push({
      instance: inst,
      computerName: windows ? `EC2AMAZ-${rng.alnum(7, true)}` : `ip-${octet.join('-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`,
      agentVersion: rng.pick(['3.3.1142.0', '3.3.987.0', '3.2.2222.0', '3.3.1345.0']),
      latest: rng.chance(0.3),
      ping: running ? 'Online' : 'ConnectionLost',
      lastPing,
      associationStatus: dayRng.chance(0.04) ? 'Failed' : 'Success',
      lastAssociation: new Date(day * DAY_MS + 2 * 3600_000),
      lastSuccessfulAssociation: new Date(day * DAY_MS + 2 * 3600_000 - (dayRng.chance(0.04) ? DAY_MS : 0)),
      baselineId: windows ? 'pb-016cba07fa1bd7b50' : inst.slot.osName === 'Ubuntu' ? 'pb-06e3563bd35503f2b' : 'pb-0c10e65780EXAMPLE',
      scanEnd,
      installed,
      missing,
      notApplicable: rng.int(900, 1800),
      applications: apps,
    });
  }
  return out;
}
