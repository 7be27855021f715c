// Security findings with lifecycles: each finding slot holds one finding per epoch, created early in
// the epoch and resolved (or archived) before it ends. Open findings are re-evaluated, and so
// updated, every day; a finding's history never has to be replayed to know its state on a day.
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import type { AccountProfile } from './profile.js';
import { epochOf, instanceInSlot } from './resources.js';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

interface ControlTemplate {
  control: string;
  title: string;
  severity: Severity;
  resourceType: string;
  resource: 'bucket' | 'instance' | 'security-group' | 'iam-user' | 'root' | 'db' | 'key' | 'function' | 'account' | 'lb' | 'secret' | 'volume';
  remediation: string;
  types: string[];
  weight: number;
}

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS = 'cis-aws-foundations-benchmark/v/1.4.0';
const CONFIG_CHECK = 'Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices';

export const SECURITY_HUB_CONTROLS: readonly ControlTemplate[] = [
  { control: 'S3.2', title: 'S3 general purpose buckets should block public read access', severity: 'CRITICAL', resourceType: 'AwsS3Bucket', resource: 'bucket', remediation: 'Remove public read access from the bucket policy and ACLs, then enable Block Public Access.', types: [CONFIG_CHECK, 'Effects/Data Exposure'], weight: 0.6 },
  { control: 'S3.8', title: 'S3 general purpose buckets should block public access', severity: 'HIGH', resourceType: 'AwsS3Bucket', resource: 'bucket', remediation: 'Enable Block Public Access at the bucket level.', types: [CONFIG_CHECK, 'Effects/Data Exposure'], weight: 2 },
  { control: 'S3.5', title: 'S3 general purpose buckets should require requests to use SSL', severity: 'MEDIUM', resourceType: 'AwsS3Bucket', resource: 'bucket', remediation: 'Add a bucket policy statement that denies requests where aws:SecureTransport is false.', types: [CONFIG_CHECK], weight: 3 },
  { control: 'S3.9', title: 'S3 general purpose buckets should have server access logging enabled', severity: 'MEDIUM', resourceType: 'AwsS3Bucket', resource: 'bucket', remediation: 'Enable server access logging on the bucket.', types: [CONFIG_CHECK], weight: 3 },
  { control: 'EC2.8', title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)', severity: 'HIGH', resourceType: 'AwsEc2Instance', resource: 'instance', remediation: 'Set HttpTokens to required on the instance metadata options.', types: [CONFIG_CHECK], weight: 3 },
  { control: 'EC2.19', title: 'Security groups should not allow unrestricted access to ports with high risk', severity: 'CRITICAL', resourceType: 'AwsEc2SecurityGroup', resource: 'security-group', remediation: 'Remove ingress rules that allow 0.0.0.0/0 to high-risk ports (3389, 22, 3306 …).', types: [CONFIG_CHECK, 'Effects/Data Exposure'], weight: 0.7 },
  { control: 'EC2.18', title: 'Security groups should only allow unrestricted incoming traffic for authorized ports', severity: 'HIGH', resourceType: 'AwsEc2SecurityGroup', resource: 'security-group', remediation: 'Restrict ingress from 0.0.0.0/0 to the authorized ports (80, 443).', types: [CONFIG_CHECK], weight: 2 },
  { control: 'EC2.2', title: 'VPC default security groups should not allow inbound or outbound traffic', severity: 'HIGH', resourceType: 'AwsEc2SecurityGroup', resource: 'security-group', remediation: 'Remove every rule from the default security group.', types: [CONFIG_CHECK], weight: 2 },
  { control: 'EC2.9', title: 'Amazon EC2 instances should not have a public IPv4 address', severity: 'HIGH', resourceType: 'AwsEc2Instance', resource: 'instance', remediation: 'Launch instances without a public IP; reach them through a load balancer or Session Manager.', types: [CONFIG_CHECK], weight: 1.5 },
  { control: 'EC2.7', title: 'EBS default encryption should be enabled', severity: 'MEDIUM', resourceType: 'AwsAccount', resource: 'account', remediation: 'Enable EBS encryption by default in the region.', types: [CONFIG_CHECK], weight: 1 },
  { control: 'SSM.1', title: 'Amazon EC2 instances should be managed by AWS Systems Manager', severity: 'MEDIUM', resourceType: 'AwsEc2Instance', resource: 'instance', remediation: 'Attach an instance profile with AmazonSSMManagedInstanceCore and install the SSM Agent.', types: [CONFIG_CHECK], weight: 2 },
  { control: 'IAM.1', title: 'IAM policies should not allow full "*" administrative privileges', severity: 'HIGH', resourceType: 'AwsIamPolicy', resource: 'iam-user', remediation: 'Replace the Action "*" Resource "*" statement with least-privilege permissions.', types: [CONFIG_CHECK], weight: 1.5 },
  { control: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less", severity: 'MEDIUM', resourceType: 'AwsIamUser', resource: 'iam-user', remediation: 'Rotate the access key and delete the old one.', types: [CONFIG_CHECK], weight: 2 },
  { control: 'IAM.4', title: 'IAM root user access key should not exist', severity: 'CRITICAL', resourceType: 'AwsAccount', resource: 'root', remediation: 'Delete the root user access keys.', types: [CONFIG_CHECK, 'Effects/Data Exposure'], weight: 0.25 },
  { control: 'IAM.6', title: 'Hardware MFA should be enabled for the root user', severity: 'CRITICAL', resourceType: 'AwsAccount', resource: 'root', remediation: 'Enable a hardware MFA device for the root user.', types: [CONFIG_CHECK], weight: 0.8 },
  { control: 'IAM.9', title: 'MFA should be enabled for the root user', severity: 'CRITICAL', resourceType: 'AwsAccount', resource: 'root', remediation: 'Enable MFA for the root user.', types: [CONFIG_CHECK], weight: 0.3 },
  { control: 'RDS.2', title: 'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration', severity: 'CRITICAL', resourceType: 'AwsRdsDbInstance', resource: 'db', remediation: 'Modify the DB instance and set PubliclyAccessible to false.', types: [CONFIG_CHECK, 'Effects/Data Exposure'], weight: 0.4 },
  { control: 'RDS.3', title: 'RDS DB instances should have encryption at-rest enabled', severity: 'MEDIUM', resourceType: 'AwsRdsDbInstance', resource: 'db', remediation: 'Restore an encrypted copy of the instance from a snapshot.', types: [CONFIG_CHECK], weight: 1 },
  { control: 'KMS.4', title: 'AWS KMS key rotation should be enabled', severity: 'MEDIUM', resourceType: 'AwsKmsKey', resource: 'key', remediation: 'Enable automatic key rotation.', types: [CONFIG_CHECK], weight: 1.5 },
  { control: 'Lambda.2', title: 'Lambda functions should use supported runtimes', severity: 'MEDIUM', resourceType: 'AwsLambdaFunction', resource: 'function', remediation: 'Update the function to a supported runtime.', types: [CONFIG_CHECK], weight: 2 },
  { control: 'ELB.1', title: 'Application Load Balancer should be configured to redirect all HTTP requests to HTTPS', severity: 'MEDIUM', resourceType: 'AwsElbv2LoadBalancer', resource: 'lb', remediation: 'Add an HTTP listener rule that redirects to HTTPS.', types: [CONFIG_CHECK], weight: 1 },
  { control: 'SecretsManager.1', title: 'Secrets Manager secrets should have automatic rotation enabled', severity: 'MEDIUM', resourceType: 'AwsSecretsManagerSecret', resource: 'secret', remediation: 'Configure automatic rotation with a rotation function.', types: [CONFIG_CHECK], weight: 1.5 },
  { control: 'EC2.3', title: 'Attached Amazon EBS volumes should be encrypted at-rest', severity: 'MEDIUM', resourceType: 'AwsEc2Volume', resource: 'volume', remediation: 'Create an encrypted snapshot copy and replace the volume.', types: [CONFIG_CHECK], weight: 1.5 },
  { control: 'CloudTrail.2', title: 'CloudTrail should have encryption at-rest enabled', severity: 'MEDIUM', resourceType: 'AwsCloudTrailTrail', resource: 'account', remediation: 'Configure the trail to use SSE-KMS.', types: [CONFIG_CHECK], weight: 0.5 },
];

interface GuardDutyTemplate {
  type: string;
  severity: number;
  title: (resource: string) => string;
  description: string;
  resourceType: 'Instance' | 'AccessKey' | 'S3Bucket';
  weight: number;
}

export const GUARD_DUTY_TYPES: readonly GuardDutyTemplate[] = [
  { type: 'Recon:EC2/PortProbeUnprotectedPort', severity: 2, title: (r) => `Unprotected port on EC2 instance ${r} is being probed.`, description: 'EC2 instance has an unprotected port which is being probed by a known malicious host.', resourceType: 'Instance', weight: 6 },
  { type: 'UnauthorizedAccess:EC2/SSHBruteForce', severity: 2, title: (r) => `${r} is performing SSH brute force attacks.`, description: 'An EC2 instance has been involved in SSH brute force attacks.', resourceType: 'Instance', weight: 3 },
  { type: 'Recon:EC2/PortProbeEMRUnprotectedPort', severity: 5, title: (r) => `Unprotected EMR-related port on EC2 instance ${r} is being probed.`, description: 'An EMR-related sensitive port on an EC2 instance is not blocked and is being probed.', resourceType: 'Instance', weight: 0.5 },
  { type: 'Policy:IAMUser/RootCredentialUsage', severity: 2, title: () => 'API ListBuckets was invoked using root credentials.', description: 'An API was invoked using root credentials.', resourceType: 'AccessKey', weight: 1 },
  { type: 'Stealth:S3/ServerAccessLoggingDisabled', severity: 2, title: (r) => `S3 server access logging was disabled for bucket ${r}.`, description: 'S3 server access logging was disabled for a bucket.', resourceType: 'S3Bucket', weight: 1 },
  { type: 'Policy:S3/BucketBlockPublicAccessDisabled', severity: 2, title: (r) => `Amazon S3 Block Public Access was disabled for S3 bucket ${r}.`, description: 'An IAM entity disabled Block Public Access on a bucket.', resourceType: 'S3Bucket', weight: 1 },
  { type: 'Discovery:S3/AnomalousBehavior', severity: 5, title: (r) => `Unusual S3 API calls by an IAM principal on bucket ${r}.`, description: 'An IAM entity invoked an S3 API commonly used to discover resources in an unusual way.', resourceType: 'S3Bucket', weight: 1 },
  { type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', severity: 8, title: (r) => `Credentials for instance role used from a remote IP address (${r}).`, description: 'Credentials created exclusively for an EC2 instance through an instance launch role are being used from an external IP address.', resourceType: 'AccessKey', weight: 0.4 },
  { type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS', severity: 8, title: (r) => `EC2 instance ${r} is querying a domain name that is associated with Bitcoin-related activity.`, description: 'An EC2 instance is querying a domain name that is associated with cryptocurrency-related activity.', resourceType: 'Instance', weight: 0.3 },
  { type: 'Backdoor:EC2/C&CActivity.B!DNS', severity: 8, title: (r) => `EC2 instance ${r} is querying a domain name associated with a known command and control server.`, description: 'An EC2 instance is querying a domain name associated with a known command and control server.', resourceType: 'Instance', weight: 0.2 },
  { type: 'Trojan:EC2/DNSDataExfiltration', severity: 8, title: (r) => `EC2 instance ${r} may be exfiltrating data through DNS queries.`, description: 'An EC2 instance is exfiltrating data through DNS queries.', resourceType: 'Instance', weight: 0.15 },
  { type: 'UnauthorizedAccess:EC2/TorClient', severity: 8, title: (r) => `EC2 instance ${r} is communicating with Tor Entry node.`, description: 'An EC2 instance is making connections to a Tor Guard or Authority node.', resourceType: 'Instance', weight: 0.15 },
];

interface CveTemplate {
  cve: string;
  pkg: string;
  severity: Severity;
  score: number;
  exploit: boolean;
  fix: 'YES' | 'NO' | 'PARTIAL';
  description: string;
  weight: number;
}

export const INSPECTOR_CVES: readonly CveTemplate[] = [
  { cve: 'CVE-2024-6387', pkg: 'openssh-server', severity: 'HIGH', score: 8.1, exploit: true, fix: 'YES', description: 'A signal handler race condition in sshd (regreSSHion) allows unauthenticated remote code execution as root on glibc-based Linux systems.', weight: 1 },
  { cve: 'CVE-2021-44228', pkg: 'log4j-core', severity: 'CRITICAL', score: 10, exploit: true, fix: 'YES', description: 'Apache Log4j2 JNDI features do not protect against attacker-controlled LDAP and other JNDI endpoints (Log4Shell).', weight: 0.2 },
  { cve: 'CVE-2024-3094', pkg: 'xz-libs', severity: 'CRITICAL', score: 10, exploit: true, fix: 'YES', description: 'Malicious code was discovered in the upstream tarballs of xz, starting with version 5.6.0.', weight: 0.15 },
  { cve: 'CVE-2023-4911', pkg: 'glibc', severity: 'HIGH', score: 7.8, exploit: true, fix: 'YES', description: 'A buffer overflow in the GNU C Library dynamic loader (Looney Tunables) allows local privilege escalation.', weight: 1.5 },
  { cve: 'CVE-2024-1086', pkg: 'kernel', severity: 'HIGH', score: 7.8, exploit: true, fix: 'YES', description: 'A use-after-free in the Linux kernel netfilter nf_tables component allows local privilege escalation.', weight: 2 },
  { cve: 'CVE-2023-38545', pkg: 'curl', severity: 'CRITICAL', score: 9.8, exploit: false, fix: 'YES', description: 'A heap buffer overflow in curl SOCKS5 proxy handshake.', weight: 0.8 },
  { cve: 'CVE-2023-44487', pkg: 'nghttp2', severity: 'HIGH', score: 7.5, exploit: true, fix: 'YES', description: 'The HTTP/2 protocol allows a denial of service (Rapid Reset) because request cancellation can reset many streams quickly.', weight: 2 },
  { cve: 'CVE-2024-2961', pkg: 'glibc', severity: 'HIGH', score: 7.3, exploit: false, fix: 'YES', description: 'The iconv() function in the GNU C Library may overflow the output buffer when converting to ISO-2022-CN-EXT.', weight: 1.5 },
  { cve: 'CVE-2023-0286', pkg: 'openssl', severity: 'HIGH', score: 7.4, exploit: false, fix: 'YES', description: 'A type confusion vulnerability relating to X.400 address processing inside an X.509 GeneralName.', weight: 2 },
  { cve: 'CVE-2024-21626', pkg: 'runc', severity: 'HIGH', score: 8.6, exploit: true, fix: 'YES', description: 'A file descriptor leak in runc allows a container escape (Leaky Vessels).', weight: 1 },
  { cve: 'CVE-2023-5363', pkg: 'openssl', severity: 'MEDIUM', score: 5.9, exploit: false, fix: 'YES', description: 'Incorrect cipher key and IV length processing in OpenSSL.', weight: 3 },
  { cve: 'CVE-2024-0727', pkg: 'openssl', severity: 'MEDIUM', score: 5.5, exploit: false, fix: 'YES', description: 'Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash.', weight: 3 },
  { cve: 'CVE-2023-32681', pkg: 'requests', severity: 'MEDIUM', score: 6.1, exploit: false, fix: 'YES', description: 'Requests leaks Proxy-Authorization headers to destination servers when redirected to an HTTPS endpoint.', weight: 2 },
  { cve: 'CVE-2024-37891', pkg: 'urllib3', severity: 'MEDIUM', score: 4.4, exploit: false, fix: 'YES', description: 'urllib3 does not strip the Proxy-Authorization header during cross-origin redirects.', weight: 2 },
  { cve: 'CVE-2022-40897', pkg: 'setuptools', severity: 'MEDIUM', score: 5.9, exploit: false, fix: 'YES', description: 'A regular expression denial of service in package_index.py of setuptools.', weight: 2 },
  { cve: 'CVE-2023-45853', pkg: 'zlib', severity: 'CRITICAL', score: 9.8, exploit: false, fix: 'NO', description: 'MiniZip in zlib has an integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_64.', weight: 0.8 },
  { cve: 'CVE-2023-2650', pkg: 'openssl', severity: 'MEDIUM', score: 6.5, exploit: false, fix: 'YES', description: 'Processing some specially crafted ASN.1 object identifiers can be very slow.', weight: 2 },
  { cve: 'CVE-2023-29491', pkg: 'ncurses', severity: 'HIGH', score: 7.8, exploit: false, fix: 'YES', description: 'ncurses allows local users to corrupt memory via malformed terminfo data.', weight: 1.5 },
  { cve: 'CVE-2022-3602', pkg: 'openssl', severity: 'HIGH', score: 7.5, exploit: false, fix: 'YES', description: 'A buffer overrun can be triggered in X.509 certificate verification, specifically in name constraint checking.', weight: 1 },
  { cve: 'CVE-2023-46604', pkg: 'activemq-client', severity: 'CRITICAL', score: 10, exploit: true, fix: 'YES', description: 'The Java OpenWire protocol marshaller is vulnerable to remote code execution.', weight: 0.2 },
];

/** A finding on a day: its template, when it was created and, if so, resolved. */
export interface FindingInstance<T> {
  template: T;
  slot: number;
  key: string;
  region: string;
  resourceId: string;
  createdAt: Date;
  /** Resolved at this instant (on or before the day), or undefined while open. */
  resolvedAt?: Date;
  /** The last update on or before the end of the day. */
  updatedAt: Date;
  /** Updated during the day itself (what the collectors ask for). */
  updatedToday: boolean;
  /** GuardDuty: how many times the activity was seen so far. */
  count: number;
}

interface Lifecycle {
  createdDay: number;
  resolvedDay: number;
  /** Seconds after midnight when the daily evaluation happens. */
  evalSec: number;
  createdSec: number;
}

function lifecycle(seed: string, key: string, slot: number, epochLen: number, offset: number, day: number): { lc: Lifecycle; epoch: number } | undefined {
  const epoch = epochOf(day, epochLen, offset);
  const rng = stream(seed, 'finding', key, slot, epoch.index);
  const createdDay = epoch.startDay + rng.int(0, Math.max(0, Math.floor(epochLen / 3)));
  const resolvedDay = createdDay + 1 + Math.min(epochLen - 2, Math.floor(rng.exponential(epochLen / 2)));
  const lc = { createdDay, resolvedDay: Math.min(resolvedDay, epoch.startDay + epochLen - 1), evalSec: rng.int(0, 86_399), createdSec: rng.int(0, 86_399) };
  // Alive from its creation day through its resolution day (the day it was updated to resolved).
  if (day < lc.createdDay || day > lc.resolvedDay) return undefined;
  return { lc, epoch: epoch.index };
}

function at(day: number, sec: number): Date {
  return new Date(day * DAY_MS + sec * 1000);
}

function slotCount(profile: AccountProfile, kind: 'hub' | 'gd' | 'insp'): number {
  const a = profile.account;
  const base = a.role === 'security' ? 18 : a.role === 'management' ? 12 : a.type === 'production' ? 28 : a.type === 'staging' ? 18 : a.type === 'development' ? 14 : 5;
  if (kind === 'hub') return base;
  if (kind === 'gd') return Math.max(1, Math.round(base / 5));
  return a.inspector ? Math.max(2, Math.round(base * 0.8)) : 0;
}

function resourceFor(seed: string, profile: AccountProfile, kind: ControlTemplate['resource'], slot: number, day: number): { id: string; region: string } {
  const a = profile.account;
  const rng = stream(seed, 'finding-resource', a.id, kind, slot);
  const home = a.regions[0] as string;
  switch (kind) {
    case 'bucket': {
      const b = profile.buckets[slot % Math.max(1, profile.buckets.length)];
      return { id: `arn:aws:s3:::${b?.name ?? `${profile.slug}-data`}`, region: b?.region ?? home };
    }
    case 'instance': {
      if (profile.instances.length === 0) return { id: `arn:aws:ec2:${home}:${a.id}:instance/i-0${rng.hex(16)}`, region: home };
      const s = profile.instances[slot % profile.instances.length]!;
      const inst = instanceInSlot(seed, a.id, s, day);
      return { id: `arn:aws:ec2:${s.region}:${a.id}:instance/${inst?.id ?? `i-0${rng.hex(16)}`}`, region: s.region };
    }
    case 'security-group': {
      const region = rng.pick(a.regions);
      return { id: `arn:aws:ec2:${region}:${a.id}:security-group/sg-0${rng.hex(16)}`, region };
    }
    case 'iam-user':
      return { id: `arn:aws:iam::${a.id}:user/${rng.pick(['ci-deploy', 'legacy-batch', 'terraform-bootstrap', 'reporting-export', 'backup-agent'])}`, region: 'us-east-1' };
    case 'root':
    case 'account':
      return { id: `AWS::::Account:${a.id}`, region: kind === 'root' ? 'us-east-1' : rng.pick(a.regions) };
    case 'db': {
      const db = profile.dbs[slot % Math.max(1, profile.dbs.length)];
      return { id: `arn:aws:rds:${db?.region ?? home}:${a.id}:db:${db?.id ?? `${profile.slug}-db`}`, region: db?.region ?? home };
    }
    case 'key':
      return { id: `arn:aws:kms:${home}:${a.id}:key/${rng.uuid()}`, region: home };
    case 'function': {
      const fn = profile.functions[slot % Math.max(1, profile.functions.length)];
      return { id: `arn:aws:lambda:${fn?.region ?? home}:${a.id}:function:${fn?.name ?? `${profile.slug}-handler`}`, region: fn?.region ?? home };
    }
    case 'lb': {
      const lb = profile.lbs[slot % Math.max(1, profile.lbs.length)];
      return { id: `arn:aws:elasticloadbalancing:${lb?.region ?? home}:${a.id}:loadbalancer/app/${lb?.name ?? profile.slug}/${lb?.id ?? rng.hex(16)}`, region: lb?.region ?? home };
    }
    case 'secret':
      return { id: `arn:aws:secretsmanager:${home}:${a.id}:secret:${profile.slug}/api-${rng.alnum(6)}`, region: home };
    case 'volume':
      return { id: `arn:aws:ec2:${home}:${a.id}:volume/vol-0${rng.hex(16)}`, region: home };
  }
}

function pickWeighted<T extends { weight: number }>(seed: string, items: readonly T[], ...key: (string | number)[]): T {
  return stream(seed, 'template', ...key).weighted(items.map((t) => [t, t.weight] as const));
}

/** Security Hub control findings alive or updated on `day`. */
export function securityHubFindings(seed: string, profile: AccountProfile, day: number): FindingInstance<ControlTemplate>[] {
  const out: FindingInstance<ControlTemplate>[] = [];
  const a = profile.account;
  const n = slotCount(profile, 'hub');
  for (let slot = 0; slot < n; slot++) {
    const slotRng = stream(seed, 'hub-slot', a.id, slot);
    const epochLen = slotRng.int(8, slot % 4 === 0 ? 400 : 90);
    const found = lifecycle(seed, `hub:${a.id}`, slot, epochLen, slotRng.int(0, epochLen - 1), day);
    if (!found) continue;
    const { lc, epoch } = found;
    const template = pickWeighted(seed, SECURITY_HUB_CONTROLS, 'hub', a.id, slot, epoch);
    // Critical controls tend to get fixed fast.
    const resolvedDay = template.severity === 'CRITICAL' ? Math.min(lc.resolvedDay, lc.createdDay + 6) : lc.resolvedDay;
    if (day > resolvedDay) continue;
    const resource = resourceFor(seed, profile, template.resource, slot, lc.createdDay);
    const createdAt = at(lc.createdDay, lc.createdSec);
    const resolvedAt = day === resolvedDay ? at(resolvedDay, Math.max(lc.evalSec, day === lc.createdDay ? lc.createdSec + 60 : 0)) : undefined;
    const updatedAt = day === lc.createdDay && !resolvedAt ? createdAt : resolvedAt ?? at(day, lc.evalSec);
    out.push({ template, slot, key: `${a.id}-${slot}-${epoch}`, region: resource.region, resourceId: resource.id, createdAt, resolvedAt, updatedAt, updatedToday: true, count: 1 });
  }
  return out;
}

/** GuardDuty findings updated on `day` (activity recurs on some days; archived after a while). */
export function guardDutyFindings(seed: string, profile: AccountProfile, day: number): FindingInstance<GuardDutyTemplate>[] {
  const out: FindingInstance<GuardDutyTemplate>[] = [];
  const a = profile.account;
  if (!a.guardDuty) return out;
  const n = slotCount(profile, 'gd');
  for (let slot = 0; slot < n; slot++) {
    const slotRng = stream(seed, 'gd-slot', a.id, slot);
    const epochLen = slotRng.int(6, 45);
    const found = lifecycle(seed, `gd:${a.id}`, slot, epochLen, slotRng.int(0, epochLen - 1), day);
    if (!found) continue;
    const { lc, epoch } = found;
    const template = pickWeighted(seed, GUARD_DUTY_TYPES, 'gd', a.id, slot, epoch);
    const dayRng = stream(seed, 'gd-day', a.id, slot, day);
    // The activity recurs on about half of the days; the day it stops, the finding is archived.
    const recurs = day === lc.createdDay || day === lc.resolvedDay || dayRng.chance(0.5);
    if (!recurs) continue;
    const count = 1 + Math.floor((day - lc.createdDay) * 0.5 * (3 + (slot % 5)));
    const rr = stream(seed, 'gd-resource', a.id, slot, epoch);
    const region = rr.pick(a.regions);
    const resource =
      template.resourceType === 'Instance'
        ? (() => {
            const s = profile.instances.find((x) => x.region === region) ?? profile.instances[0];
            return s ? instanceInSlot(seed, a.id, s, lc.createdDay)?.id ?? `i-0${rr.hex(16)}` : `i-0${rr.hex(16)}`;
          })()
        : template.resourceType === 'S3Bucket'
          ? profile.buckets[slot % Math.max(1, profile.buckets.length)]?.name ?? `${profile.slug}-data`
          : `ASIA${rr.alnum(16, true)}`;
    const createdAt = at(lc.createdDay, lc.createdSec);
    const updatedAt = day === lc.createdDay ? new Date(createdAt.getTime() + Math.min(3_600_000, (86_399 - lc.createdSec) * 500)) : at(day, dayRng.int(0, 86_399));
    out.push({ template, slot, key: `${a.id}-${slot}-${epoch}`, region, resourceId: resource, createdAt, resolvedAt: day === lc.resolvedDay ? updatedAt : undefined, updatedAt, updatedToday: true, count });
  }
  return out;
}

export interface InspectorTarget {
  type: 'AWS_EC2_INSTANCE' | 'AWS_LAMBDA_FUNCTION' | 'AWS_ECR_CONTAINER_IMAGE';
  id: string;
}

/** Inspector package-vulnerability findings updated on `day`: re-scanned daily while active, CLOSED when patched. */
export function inspectorFindings(seed: string, profile: AccountProfile, day: number): (FindingInstance<CveTemplate> & { target: InspectorTarget })[] {
  const out: (FindingInstance<CveTemplate> & { target: InspectorTarget })[] = [];
  const a = profile.account;
  const n = slotCount(profile, 'insp');
  for (let slot = 0; slot < n; slot++) {
    const slotRng = stream(seed, 'insp-slot', a.id, slot);
    const epochLen = slotRng.int(10, 120);
    const found = lifecycle(seed, `insp:${a.id}`, slot, epochLen, slotRng.int(0, epochLen - 1), day);
    if (!found) continue;
    const { lc, epoch } = found;
    const template = pickWeighted(seed, INSPECTOR_CVES, 'insp', a.id, slot, epoch);
    const rr = stream(seed, 'insp-resource', a.id, slot, epoch);
    let target: InspectorTarget;
    let region = a.regions[0] as string;
    const inst = profile.instances.length > 0 && rr.chance(0.7) ? profile.instances[rr.int(0, profile.instances.length - 1)] : undefined;
    if (inst) {
      region = inst.region;
      target = { type: 'AWS_EC2_INSTANCE', id: instanceInSlot(seed, a.id, inst, lc.createdDay)?.id ?? `i-0${rr.hex(16)}` };
    } else if (profile.functions.length > 0 && rr.chance(0.5)) {
      const fn = profile.functions[rr.int(0, profile.functions.length - 1)]!;
      region = fn.region;
      target = { type: 'AWS_LAMBDA_FUNCTION', id: `arn:aws:lambda:${fn.region}:${a.id}:function:${fn.name}:$LATEST` };
    } else {
      target = { type: 'AWS_ECR_CONTAINER_IMAGE', id: `arn:aws:ecr:${region}:${a.id}:repository/${profile.slug}-api/sha256:${rr.hex(64)}` };
    }
    const createdAt = at(lc.createdDay, lc.createdSec);
    const resolvedAt = day === lc.resolvedDay ? at(day, lc.evalSec) : undefined;
    const updatedAt = resolvedAt ?? (day === lc.createdDay ? createdAt : at(day, lc.evalSec));
    out.push({ template, slot, key: `${a.id}-${slot}-${epoch}`, region, resourceId: target.id, createdAt, resolvedAt, updatedAt, updatedToday: true, count: 1, target });
  }
  return out;
}

export { FSBP, CIS };
export type { ControlTemplate, GuardDutyTemplate, CveTemplate };
