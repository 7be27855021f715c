// Full-state security inventories: KMS keys, WAF web ACLs, CloudTrail trails, Secrets Manager
// secrets and ACM certificates, per region and day. Mostly stable, with a few changes over time:
// keys scheduled for deletion, secrets created and rotated, certificates renewed or expiring.
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import type { Organization } from './org.js';
import type { AccountProfile } from './profile.js';
import { epochOf } from './resources.js';

export interface KmsKeyState {
  id: string;
  arn: string;
  region: string;
  description: string;
  manager: 'AWS' | 'CUSTOMER';
  spec: 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'HMAC_256' | 'ECC_NIST_P256';
  usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  origin: 'AWS_KMS' | 'EXTERNAL';
  rotation: boolean;
  multiRegion: boolean;
  created: Date;
  deletionDate?: Date;
  alias: string;
}

const AWS_MANAGED = ['aws/ebs', 'aws/s3', 'aws/rds', 'aws/lambda', 'aws/secretsmanager', 'aws/sns', 'aws/ssm'];

export function kmsKeysAt(seed: string, profile: AccountProfile, region: string, day: number): KmsKeyState[] {
  const a = profile.account;
  const rng = stream(seed, 'kms', a.id, region);
  const out: KmsKeyState[] = [];
  for (const alias of AWS_MANAGED) {
    if (alias === 'aws/rds' && !profile.dbs.some((d) => d.region === region)) continue;
    if (alias === 'aws/lambda' && !profile.functions.some((f) => f.region === region)) continue;
    const id = rng.uuid();
    out.push({ id, arn: `arn:aws:kms:${region}:${a.id}:key/${id}`, region, description: `Default key that protects my ${alias.slice(4).toUpperCase()} resources when no other key is defined`, manager: 'AWS', spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT', state: 'Enabled', origin: 'AWS_KMS', rotation: true, multiRegion: false, created: new Date(a.joinedTimestamp.getTime() + rng.int(1, 200) * DAY_MS), alias });
  }
  const customer = region === a.regions[0] ? (a.type === 'production' ? rng.int(2, 6) : a.type === 'sandbox' ? rng.int(0, 1) : rng.int(1, 3)) : rng.int(0, 1);
  const purposes = ['data', 'backup', 'logs', 'app-secrets', 'tokens', 'signing', 'exports'];
  for (let i = 0; i < customer; i++) {
    const id = rng.uuid();
    const purpose = purposes[i % purposes.length] as string;
    const signing = purpose === 'signing';
    const created = new Date(Date.UTC(2025, 6, 1) - rng.int(20, 1200) * DAY_MS);
    // Now and then a key is scheduled for deletion for a couple of weeks, then cancelled.
    const cycle = epochOf(day, 97 + i * 13, rng.int(0, 96));
    const pending = cycle.position < 0.12 && rng.chance(0.35);
    out.push({
      id,
      arn: `arn:aws:kms:${region}:${a.id}:key/${id}`,
      region,
      description: `${profile.slug} ${purpose} key`,
      manager: 'CUSTOMER',
      spec: signing ? 'RSA_2048' : 'SYMMETRIC_DEFAULT',
      usage: signing ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
      state: pending ? 'PendingDeletion' : 'Enabled',
      origin: rng.chance(0.05) ? 'EXTERNAL' : 'AWS_KMS',
      rotation: !signing && rng.chance(0.7),
      multiRegion: rng.chance(0.1),
      created,
      deletionDate: pending ? new Date((cycle.startDay + 30) * DAY_MS) : undefined,
      alias: `alias/${profile.slug}-${purpose}`,
    });
  }
  return out;
}

export interface WebAclState {
  name: string;
  id: string;
  arn: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  region: string;
  description: string;
  defaultBlock: boolean;
  capacity: number;
  rules: { name: string; priority: number; kind: 'managed' | 'rate' | 'geo' | 'ipset' | 'sqli'; group?: string; limit?: number; countries?: string[]; action: 'Block' | 'Count' | 'None' }[];
  resources: string[];
  logging: boolean;
}

const MANAGED_GROUPS = [
  ['AWSManagedRulesCommonRuleSet', 700],
  ['AWSManagedRulesKnownBadInputsRuleSet', 200],
  ['AWSManagedRulesSQLiRuleSet', 200],
  ['AWSManagedRulesAmazonIpReputationList', 25],
  ['AWSManagedRulesLinuxRuleSet', 200],
  ['AWSManagedRulesBotControlRuleSet', 50],
] as const;

export function webAclsAt(seed: string, profile: AccountProfile, region: string): WebAclState[] {
  const a = profile.account;
  if (!profile.features.waf) return [];
  const out: WebAclState[] = [];
  const lbs = profile.lbs.filter((l) => l.region === region && l.type === 'application' && l.scheme === 'internet-facing');
  const make = (scope: WebAclState['scope'], name: string, resources: string[]) => {
    const rng = stream(seed, 'waf', a.id, region, name);
    const id = rng.uuid();
    const groups = rng.sample(MANAGED_GROUPS, rng.int(1, 4));
    const rules: WebAclState['rules'] = groups.map(([g], i) => ({ name: `AWS-${g}`, priority: i, kind: g === 'AWSManagedRulesSQLiRuleSet' ? 'sqli' : 'managed', group: g, action: 'None' }));
    rules.push({ name: 'rate-limit-per-ip', priority: rules.length, kind: 'rate', limit: rng.pick([500, 1000, 2000]), action: 'Block' });
    if (rng.chance(0.4)) rules.push({ name: 'block-embargoed-countries', priority: rules.length, kind: 'geo', countries: ['KP', 'IR', 'SY', 'CU'], action: 'Block' });
    if (rng.chance(0.3)) rules.push({ name: 'office-allowlist', priority: rules.length, kind: 'ipset', action: 'Count' });
    return {
      name,
      id,
      arn: scope === 'CLOUDFRONT' ? `arn:aws:wafv2:us-east-1:${a.id}:global/webacl/${name}/${id}` : `arn:aws:wafv2:${region}:${a.id}:regional/webacl/${name}/${id}`,
      scope,
      region,
      description: scope === 'CLOUDFRONT' ? `${profile.slug} CloudFront protection` : `${profile.slug} public endpoints`,
      defaultBlock: false,
      capacity: groups.reduce((s, [, c]) => s + c, 0) + 2 + (rules.length - groups.length),
      rules,
      resources,
      logging: rng.chance(0.6),
    };
  };
  if (lbs.length > 0) out.push(make('REGIONAL', `${profile.slug}-${region}-web`, lbs.map((l) => `arn:aws:elasticloadbalancing:${region}:${a.id}:loadbalancer/app/${l.name}/${l.id}`)));
  if (region === 'us-east-1' && profile.features.cloudfront) out.push(make('CLOUDFRONT', `${profile.slug}-cdn`, []));
  return out;
}

export interface TrailState {
  name: string;
  arn: string;
  homeRegion: string;
  multiRegion: boolean;
  organization: boolean;
  bucket: string;
  kmsKeyId?: string;
  logGroupArn?: string;
  logging: boolean;
  validation: boolean;
  startLogging: Date;
  stopLogging?: Date;
  latestDelivery: Date;
}

/** The organization trail (from the management account) plus, in some accounts, their own trails. */
export function trailsAt(seed: string, org: Organization, profile: AccountProfile, day: number): TrailState[] {
  const a = profile.account;
  const mgmt = org.managementAccountId;
  const rng = stream(seed, 'trail', a.id);
  const security = org.accounts.find((x) => x.role === 'security');
  const deliveryRng = stream(seed, 'trail-delivery', a.id, day);
  const out: TrailState[] = [
    {
      name: 'org-trail',
      arn: `arn:aws:cloudtrail:us-east-1:${mgmt}:trail/org-trail`,
      homeRegion: 'us-east-1',
      multiRegion: true,
      organization: true,
      bucket: security ? `org-cloudtrail-logs-${security.id}` : `org-cloudtrail-logs-${mgmt}`,
      kmsKeyId: `arn:aws:kms:us-east-1:${security?.id ?? mgmt}:key/${stream(seed, 'org-trail-key').uuid()}`,
      logGroupArn: `arn:aws:logs:us-east-1:${mgmt}:log-group:aws-cloudtrail-logs-org:*`,
      logging: true,
      validation: true,
      startLogging: new Date(Date.UTC(2021, 2, 14, 9, 12)),
      latestDelivery: new Date((day + 1) * DAY_MS + deliveryRng.int(0, 55 * 60) * 1000),
    },
  ];
  if (a.type === 'production' && rng.chance(0.35)) {
    // A workload trail for S3 data events; one in a few was stopped during an incident and never restarted.
    const stopped = rng.chance(0.25);
    const home = a.regions[0] as string;
    out.push({
      name: `${profile.slug}-data-events`,
      arn: `arn:aws:cloudtrail:${home}:${a.id}:trail/${profile.slug}-data-events`,
      homeRegion: home,
      multiRegion: false,
      organization: false,
      bucket: `${profile.slug}-cloudtrail-${a.id}`,
      logging: !stopped,
      validation: rng.chance(0.6),
      startLogging: new Date(Date.UTC(2024, rng.int(0, 11), rng.int(1, 28))),
      stopLogging: stopped ? new Date(Date.UTC(2025, rng.int(0, 5), rng.int(1, 28), 14, 3)) : undefined,
      latestDelivery: stopped ? new Date(Date.UTC(2025, 5, 1)) : new Date((day + 1) * DAY_MS + deliveryRng.int(0, 55 * 60) * 1000),
    });
  }
  return out;
}

export interface SecretState {
  name: string;
  arn: string;
  region: string;
  description: string;
  kmsKeyId?: string;
  rotationEnabled: boolean;
  rotationDays?: number;
  rotationLambda?: string;
  created: Date;
  lastChanged: Date;
  lastAccessed: Date;
  lastRotated?: Date;
  tags: Record<string, string>;
}

export function secretsAt(seed: string, profile: AccountProfile, region: string, day: number): SecretState[] {
  const a = profile.account;
  const rng = stream(seed, 'secrets', a.id, region);
  const isHome = region === a.regions[0];
  const n = a.type === 'sandbox' ? rng.int(0, 1) : isHome ? (a.type === 'production' ? rng.int(4, 12) : rng.int(2, 6)) : rng.int(0, 2);
  const kinds = ['db/master', 'db/app', 'api/stripe', 'api/sendgrid', 'oauth/client', 'jwt/signing-key', 'datadog/api-key', 'github/deploy-token', 'slack/webhook', 'partner/sftp'];
  const out: SecretState[] = [];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length] as string;
    const name = `${profile.slug}/${kind}`;
    const rotates = kind.startsWith('db/') ? rng.chance(0.85) : rng.chance(0.25);
    const days = rotates ? rng.pick([30, 30, 60, 90]) : undefined;
    const created = new Date(Date.UTC(2025, 3, 1) - rng.int(10, 900) * DAY_MS);
    const createdDay = Math.floor(created.getTime() / DAY_MS);
    const rotPhase = rng.int(0, 29);
    const lastRotatedDay = days ? Math.max(createdDay, Math.floor((day - rotPhase) / days) * days + rotPhase) : undefined;
    const lastRotated = lastRotatedDay !== undefined && lastRotatedDay <= day ? new Date(lastRotatedDay * DAY_MS + 3 * 3600_000 + rng.int(0, 3599) * 1000) : undefined;
    const suffix = rng.alnum(6);
    out.push({
      name,
      arn: `arn:aws:secretsmanager:${region}:${a.id}:secret:${name}-${suffix}`,
      region,
      description: kind.startsWith('db/') ? 'RDS credentials' : `${kind.split('/')[0]} credentials for ${profile.slug}`,
      kmsKeyId: rng.chance(0.4) ? `alias/${profile.slug}-app-secrets` : undefined,
      rotationEnabled: rotates,
      rotationDays: days,
      rotationLambda: rotates ? `arn:aws:lambda:${region}:${a.id}:function:${profile.slug}-rotate-secret` : undefined,
      created,
      lastChanged: lastRotated ?? created,
      // Database credentials are read every day; other secrets when a deploy or a job needs them
      // (Secrets Manager reports the access date truncated to the day).
      lastAccessed: new Date((kind.startsWith('db/') ? day : day - ((day + i) % rng.pick([3, 7, 14]))) * DAY_MS),
      lastRotated,
      tags: { Product: a.product, Environment: a.environment },
    });
  }
  return out;
}

export interface CertificateState {
  arn: string;
  region: string;
  domain: string;
  sans: string[];
  status: 'ISSUED' | 'EXPIRED' | 'PENDING_VALIDATION' | 'INACTIVE' | 'REVOKED' | 'FAILED' | 'VALIDATION_TIMED_OUT';
  type: 'AMAZON_ISSUED' | 'IMPORTED' | 'PRIVATE';
  keyAlgorithm: 'RSA_2048' | 'EC_prime256v1' | 'RSA_4096';
  inUseBy: string[];
  renewalEligibility: 'ELIGIBLE' | 'INELIGIBLE';
  created: Date;
  issued?: Date;
  imported?: Date;
  notBefore: Date;
  notAfter: Date;
}

/** ACM certificates: Amazon-issued ones renew 60 days before expiry; imported ones expire unless someone re-imports them. */
export function certificatesAt(seed: string, profile: AccountProfile, region: string, day: number): CertificateState[] {
  const a = profile.account;
  if (a.role !== 'workload' || a.type === 'sandbox') return [];
  const rng = stream(seed, 'acm', a.id, region);
  const lbs = profile.lbs.filter((l) => l.region === region);
  const n = region === a.regions[0] ? rng.int(1, a.type === 'production' ? 5 : 2) + (region === 'us-east-1' && profile.features.cloudfront ? 1 : 0) : rng.int(0, 1);
  const hosts = ['api', 'www', 'app', 'admin', 'partners', 'status', 'auth', 'cdn'];
  const env = a.environment === 'prod' ? '' : `.${a.environment}`;
  const out: CertificateState[] = [];
  for (let i = 0; i < n; i++) {
    const host = hosts[i % hosts.length] as string;
    const domain = `${host}.${profile.slug}${env}.example.com`;
    const imported = rng.chance(0.2);
    const id = rng.uuid();
    const lifetime = imported ? 365 : 395;
    const phase = rng.int(0, lifetime - 1);
    // The current certificate's validity window, from a renewal cycle anchored in the past.
    let notBeforeDay: number;
    if (imported) {
      // Imported certificates are replaced only sometimes: some run into expiry.
      const cycle = epochOf(day, lifetime + (rng.chance(0.5) ? 30 : 0), phase);
      notBeforeDay = cycle.startDay;
    } else {
      notBeforeDay = Math.floor((day - phase) / (lifetime - 60)) * (lifetime - 60) + phase;
    }
    const notBefore = new Date(notBeforeDay * DAY_MS);
    const notAfter = new Date((notBeforeDay + lifetime) * DAY_MS - 1000);
    const expired = notAfter.getTime() < (day + 1) * DAY_MS;
    out.push({
      arn: `arn:aws:acm:${region}:${a.id}:certificate/${id}`,
      region,
      domain,
      sans: [domain, ...(host === 'www' ? [`${profile.slug}${env}.example.com`] : [])],
      status: expired ? 'EXPIRED' : 'ISSUED',
      type: imported ? 'IMPORTED' : 'AMAZON_ISSUED',
      keyAlgorithm: rng.chance(0.8) ? 'RSA_2048' : 'EC_prime256v1',
      inUseBy: lbs[i] ? [`arn:aws:elasticloadbalancing:${region}:${a.id}:loadbalancer/app/${lbs[i]?.name}/${lbs[i]?.id}`] : [],
      renewalEligibility: imported ? 'INELIGIBLE' : lbs[i] ? 'ELIGIBLE' : 'INELIGIBLE',
      created: new Date(Date.UTC(2024, 0, 10) - rng.int(0, 400) * DAY_MS),
      issued: imported ? undefined : new Date(notBefore.getTime() + 300_000),
      imported: imported ? new Date(notBefore.getTime() + 3_600_000) : undefined,
      notBefore,
      notAfter,
    });
  }
  return out;
}
