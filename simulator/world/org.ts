// The organization: accounts (type, OU, tags, regions, which services are enabled), OUs and the
// people who work in them. O(accounts) and small; everything per day is generated from it on demand.
import { stream, type Rng } from '../rng.js';
import { CITIES, FIRST_NAMES, LAST_NAMES, PRODUCTS, WORK_REGIONS } from './catalog.js';

export type SimAccountType = 'production' | 'staging' | 'development' | 'sandbox';
export type AccountRole = 'management' | 'security' | 'workload';
export type SupportPlan = 'basic' | 'developer' | 'business' | 'enterprise';

export interface OrgUnit {
  id: string;
  name: string;
  /** Names from the root down, e.g. ["Workloads", "Prod"]. */
  path: string[];
  parentId: string;
}

export interface Person {
  username: string;
  displayName: string;
  email: string;
  /** Hours from UTC of where the person works. */
  tz: number;
  /** Stable public addresses: office NAT (shared) and home (own); documentation ranges only. */
  officeIp: string;
  homeIp: string;
  cliUserAgent: string;
  /** AdministratorAccess people change IAM; developers deploy and operate. */
  permissionSet: 'AdministratorAccess' | 'PowerUserAccess' | 'DeveloperAccess';
  /** A few people still have an IAM user with a long-lived key in their team's accounts. */
  iamUser: boolean;
}

export interface SimAccount {
  index: number;
  id: string;
  name: string;
  email: string;
  role: AccountRole;
  type: SimAccountType;
  environment: 'prod' | 'staging' | 'dev' | 'sandbox';
  product: string;
  costCenter: string;
  /** Organizations tags (some accounts miss some: the sender then falls back to the OU path). */
  tags: Record<string, string>;
  ouId: string;
  homeRegion: string;
  /** 2–4 regions, home region first; always includes us-east-1 (global-service events are logged there). */
  regions: string[];
  joinedTimestamp: Date;
  joinedMethod: 'CREATED' | 'INVITED';
  support: SupportPlan;
  securityHub: boolean;
  guardDuty: boolean;
  inspector: boolean;
  config: boolean;
  computeOptimizer: boolean;
  /** Seconds after 01:00 UTC the sender runs (the EventBridge schedule is spread over accounts). */
  collectionOffsetSec: number;
  /** People who work in the account (indexes into Organization.people). */
  people: number[];
  city: (typeof CITIES)[number];
}

export interface Organization {
  seed: string;
  id: string;
  rootId: string;
  managementAccountId: string;
  ous: Map<string, OrgUnit>;
  accounts: SimAccount[];
  byId: Map<string, SimAccount>;
  people: Person[];
}

const TYPE_CYCLE: readonly SimAccountType[] = ['production', 'development', 'staging', 'sandbox', 'production', 'development', 'development', 'staging', 'production', 'sandbox'];
const ENV: Record<SimAccountType, SimAccount['environment']> = { production: 'prod', staging: 'staging', development: 'dev', sandbox: 'sandbox' };

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function ouId(rng: Rng, rootSuffix: string): string {
  return `ou-${rootSuffix}-${rng.alnum(8)}`;
}

function buildOus(rng: Rng, rootId: string): Map<string, OrgUnit> {
  const suffix = rootId.slice(2);
  const ous = new Map<string, OrgUnit>();
  const add = (key: string, name: string, parent: string | null) => {
    const parentUnit = parent ? ous.get(parent) : undefined;
    ous.set(key, { id: ouId(rng, suffix), name, path: [...(parentUnit?.path ?? []), name], parentId: parentUnit?.id ?? rootId });
  };
  add('security', 'Security', null);
  add('infrastructure', 'Infrastructure', null);
  add('workloads', 'Workloads', null);
  add('prod', 'Prod', 'workloads');
  add('nonprod', 'NonProd', 'workloads');
  add('sandbox', 'Sandbox', null);
  return ous;
}

function personAt(rng: Rng, index: number): Person {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length] as string;
  const suffix = index >= FIRST_NAMES.length * LAST_NAMES.length ? String(index) : '';
  const username = `${first}.${last}${suffix}`;
  const tz = rng.weighted<number>([[-5, 4], [-8, 2], [0, 1], [1, 3], [5.5, 1]]);
  // Offices egress through a few NAT addresses in 203.0.113.0/24; homes are 192.0.2.0/24 or 2001:db8::/32.
  const officeIp = `203.0.113.${10 + (index % 8)}`;
  const homeIp = rng.chance(0.3) ? `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}` : `192.0.2.${20 + rng.int(0, 159)}`;
  const mac = rng.chance(0.7);
  const cliUserAgent = mac
    ? `aws-cli/2.${rng.pick([15, 17, 18])}.${rng.int(1, 40)} md/awscrt#0.${rng.int(19, 22)}.${rng.int(0, 12)} ua/2.0 os/macos#23.${rng.int(0, 6)}.0 md/arch#arm64 lang/python#3.11.${rng.int(6, 9)} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off`
    : `aws-cli/2.${rng.pick([15, 17, 18])}.${rng.int(1, 40)} md/awscrt#0.${rng.int(19, 22)}.${rng.int(0, 12)} ua/2.0 os/linux#6.${rng.int(1, 8)}.0-${rng.int(10, 40)}-generic md/arch#x86_64 lang/python#3.11.${rng.int(6, 9)} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off`;
  return {
    username,
    displayName: `${first[0]?.toUpperCase()}${first.slice(1)} ${last[0]?.toUpperCase()}${last.slice(1)}`,
    email: `${username}@example.com`,
    tz,
    officeIp,
    homeIp,
    cliUserAgent,
    permissionSet: rng.weighted<Person['permissionSet']>([['AdministratorAccess', 2], ['PowerUserAccess', 3], ['DeveloperAccess', 5]]),
    iamUser: rng.chance(0.12),
  };
}

function accountType(index: number, role: AccountRole, total: number): SimAccountType {
  if (role !== 'workload') return 'production';
  const firstWorkload = total >= 4 ? 2 : total >= 2 ? 1 : 0;
  return TYPE_CYCLE[(index - firstWorkload) % TYPE_CYCLE.length] as SimAccountType;
}

function accountRole(index: number, total: number): AccountRole {
  if (total >= 2 && index === 0) return 'management';
  if (total >= 4 && index === 1) return 'security';
  return 'workload';
}

/** Builds the organization for `count` accounts (management and security/log-archive included). */
export function buildOrganization(seed: string, count: number): Organization {
  const rng = stream(seed, 'org');
  const orgId = `o-${rng.alnum(10)}`;
  const rootId = `r-${rng.alnum(4)}`;
  const ous = buildOus(rng, rootId);
  const peopleCount = Math.max(6, Math.ceil(count * 0.6) + 4);
  const people = Array.from({ length: peopleCount }, (_, i) => personAt(stream(seed, 'person', i), i));
  const usedIds = new Set<string>();
  const usedNames = new Set<string>();
  const perType = new Map<SimAccountType, number>();
  const accounts: SimAccount[] = [];
  for (let index = 0; index < count; index++) {
    const a = stream(seed, 'account', index);
    let id = a.digits(12);
    while (usedIds.has(id)) id = a.digits(12);
    usedIds.add(id);
    const role = accountRole(index, count);
    const type = accountType(index, role, count);
    const nth = perType.get(type) ?? 0;
    perType.set(type, nth + 1);
    let product: string;
    let base: string;
    let ouKey: string;
    if (role === 'management') {
      product = 'Platform';
      base = 'org-management';
      ouKey = 'root';
    } else if (role === 'security') {
      product = 'Security';
      base = 'security-log-archive';
      ouKey = 'security';
    } else if (type === 'sandbox') {
      product = 'Experimentation';
      const owner = people[nth % people.length] as Person;
      base = `sandbox-${owner.username.replace('.', '-')}`;
      ouKey = 'sandbox';
    } else {
      product = PRODUCTS[nth % PRODUCTS.length] as string;
      base = `${slug(product)}-${ENV[type]}`;
      ouKey = type === 'production' ? 'prod' : 'nonprod';
    }
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base}-${n}`;
    usedNames.add(name);
    const productIndex = Math.max(0, PRODUCTS.indexOf(product as (typeof PRODUCTS)[number]));
    const costCenter = role === 'workload' ? `CC-${1000 + productIndex * 7 + (type === 'sandbox' ? 500 : 0)}` : role === 'management' ? 'CC-0100' : 'CC-0200';
    const environment = ENV[type];
    const tags: Record<string, string> = { AccountType: type, Environment: environment, CostCenter: costCenter, Product: product };
    if (role !== 'workload') tags.AccountType = 'production';
    // Realistic gaps: some accounts were created before the tagging policy.
    if (type === 'sandbox' && a.chance(0.25)) delete tags.AccountType;
    if (role === 'workload' && a.chance(0.06)) delete tags.CostCenter;
    const homeRegion = role === 'workload' ? a.weighted<string>([['us-east-1', 6], ['eu-west-1', 2], ['eu-central-1', 1], ['us-west-2', 1]]) : 'us-east-1';
    const regions = [homeRegion];
    if (!regions.includes('us-east-1')) regions.push('us-east-1');
    const target = type === 'sandbox' ? 2 : a.weighted<number>([[2, 4], [3, 4], [4, 2]]);
    const candidates = WORK_REGIONS.filter((r) => !regions.includes(r));
    for (const r of a.sample(candidates, target - regions.length)) regions.push(r);
    const support: SupportPlan =
      role !== 'workload' ? 'business' : type === 'production' ? (a.chance(0.9) ? 'business' : 'developer') : type === 'staging' ? (a.chance(0.5) ? 'business' : 'developer') : type === 'development' ? (a.chance(0.3) ? 'business' : 'basic') : 'basic';
    const joinedDaysAgo = role === 'management' ? 2400 : a.int(120, 2200);
    const people_ = type === 'sandbox' ? [nth % people.length] : a.sample(people.map((_, i) => i).filter((i) => (i + productIndex) % 3 !== 0 || i < 4), a.int(2, role === 'workload' ? 6 : 4));
    accounts.push({
      index,
      id,
      name,
      email: `aws+${name}@example.com`,
      role,
      type,
      environment,
      product,
      costCenter,
      tags,
      ouId: ouKey === 'root' ? rootId : (ous.get(ouKey) as OrgUnit).id,
      homeRegion,
      regions,
      joinedTimestamp: new Date(Date.UTC(2025, 5, 1) - joinedDaysAgo * 86_400_000 + a.int(0, 86_399) * 1000),
      joinedMethod: role === 'management' ? 'CREATED' : a.chance(0.85) ? 'CREATED' : 'INVITED',
      support,
      securityHub: type === 'sandbox' ? a.chance(0.4) : a.chance(0.94),
      guardDuty: type === 'sandbox' ? a.chance(0.7) : true,
      inspector: type === 'production' || type === 'staging' || role === 'security',
      config: type !== 'sandbox' || a.chance(0.3),
      computeOptimizer: type !== 'sandbox',
      collectionOffsetSec: a.int(0, 14 * 60),
      people: people_,
      city: a.pick(CITIES),
    });
  }
  const management = accounts.find((x) => x.role === 'management') ?? (accounts[0] as SimAccount);
  return { seed, id: orgId, rootId, managementAccountId: management.id, ous, accounts, byId: new Map(accounts.map((x) => [x.id, x])), people };
}

/** The OU an account sits in, or undefined for the root. */
export function ouOf(org: Organization, account: SimAccount): OrgUnit | undefined {
  for (const ou of org.ous.values()) if (ou.id === account.ouId) return ou;
  return undefined;
}

export function ouById(org: Organization, id: string): OrgUnit | undefined {
  for (const ou of org.ous.values()) if (ou.id === id) return ou;
  return undefined;
}
