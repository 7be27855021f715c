// Agency 360 v1 / v2 files → a document in the current contract (validated afterwards like any other).
import { securityCollectors } from '../../snapshot/index.js';
import type { KeyInfo } from '../keys.js';
import { convertAccount } from './account.js';
import { convertComputeOptimizer, convertConfig, convertInventory, convertServiceResources } from './compliance.js';
import { convertApplicationSignals, convertHealth, convertResilienceHub, convertSupportTickets, convertTrustedAdvisor } from './operations.js';
import { convertSecurity } from './security.js';
import { ConversionLog, Source, addDays, isObject, isRegion, toDay, unconvertible, type Json } from './source.js';
import { convertCost, convertMarketplace, convertRiSpSavings, convertServices, type Period } from './spend.js';

export type LegacyFormat = 'a360-v1' | 'a360-v2';

/** A document without schema_version that has the Agency 360 top-level keys. */
export function detectLegacy(doc: Json, info: KeyInfo): LegacyFormat | undefined {
  if ('schema_version' in doc || !('account' in doc) || !('logs' in doc || 'service' in doc)) return undefined;
  return info.region !== undefined || 'ri_sp_savings' in doc || 'support_tickets' in doc ? 'a360-v2' : 'a360-v1';
}

type Shape = 'object' | 'array';
interface Category {
  key: string;
  shape: Shape;
  collectors: readonly string[];
  /** Always [] in v2 files: that version stopped collecting it. */
  droppedInV2?: boolean;
}

/** The A360 top-level keys in file order, with the OrgPulse collectors they report for. */
const CATEGORIES: readonly Category[] = [
  { key: 'account', shape: 'object', collectors: ['account'] },
  { key: 'config', shape: 'object', collectors: ['config'] },
  { key: 'service', shape: 'array', collectors: ['services'] },
  { key: 'cost', shape: 'object', collectors: ['cost'] },
  { key: 'security', shape: 'object', collectors: securityCollectors },
  { key: 'inventory', shape: 'object', collectors: ['inventory'] },
  { key: 'marketplace', shape: 'array', collectors: ['marketplace'], droppedInV2: true },
  { key: 'trusted_advisor', shape: 'array', collectors: ['trusted_advisor'] },
  { key: 'health', shape: 'array', collectors: ['health'] },
  { key: 'application', shape: 'array', collectors: ['application_signals'], droppedInV2: true },
  { key: 'resilience_hub', shape: 'array', collectors: ['resilience_hub'] },
  { key: 'service_resources', shape: 'array', collectors: ['service_resources'] },
  { key: 'compute_optimizer', shape: 'array', collectors: ['compute_optimizer'] },
  { key: 'ri_sp_savings', shape: 'array', collectors: ['ri_sp_savings'] },
  // v1 collected the service resources a second time under this name: nothing new in it.
  { key: 'config_inventory', shape: 'array', collectors: [], droppedInV2: true },
  { key: 'support_tickets', shape: 'array', collectors: ['support_tickets'] },
];

/**
 * What A360 collected only in part (a day's delta, or the first page of a listing): the collector
 * run is marked truncated, so the loader does not read an absent item as "gone".
 */
const INCOMPLETE: Readonly<Record<string, string>> = {
  config: 'only rules with evaluations are named',
  kms: 'only keys created that day',
  secrets_manager: 'only secrets created, changed or accessed that day',
  resilience_hub: 'only apps created or assessed that day',
  inventory: 'one page of managed instances (v2: only patches installed that day)',
  service_resources: 'one page per resource type',
  compute_optimizer: 'the first page of recommendations',
  inspector: 'the first page of findings',
  guard_duty: 'the first 50 findings',
  health: 'the first page of events',
};

const SECURITY_LISTS: Readonly<Record<string, string>> = {
  security_hub: 'security_hub',
  guard_duty: 'guard_duty',
  inspector: 'inspector',
  kms: 'kms',
  waf: 'waf',
  cloudtrail: 'cloudtrail',
  secrets_manager: 'secrets_manager',
  certificates: 'certificate_manager',
};

interface CollectorRun {
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  error?: string;
  duration_ms: 0;
  api_calls: 0;
  truncated?: boolean;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/** The region of a v1 file, which does not say: the most frequent region its records name. */
function guessRegion(doc: Json): string | undefined {
  const counts = new Map<string, number>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if ((k === 'region' || k === 'home_region') && isRegion(v) && v !== 'global') counts.set(v, (counts.get(v) ?? 0) + 1);
        else if ((k === 'arn' || k.endsWith('_arn')) && typeof v === 'string') {
          const r = v.split(':')[3];
          if (isRegion(r) && r !== 'global') counts.set(r, (counts.get(r) ?? 0) + 1);
        } else if (typeof v === 'object') visit(v, depth + 1);
      }
    }
  };
  visit(doc, 0);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export interface LegacyConversion {
  document: Json;
  notes: string[];
  unknownFields: number;
  unknownFieldPaths: string[];
}

export function convertLegacy(doc: Json, format: LegacyFormat, info: KeyInfo): LegacyConversion {
  const log = new ConversionLog();
  if (info.interval !== 'DAILY') throw unconvertible('key', `only DAILY Agency 360 files can be converted (the key says ${info.interval})`);
  const logs = isObject(doc.logs) ? doc.logs : {};
  const messages = new Map<string, string>();
  if (Array.isArray(logs.message)) {
    for (const m of logs.message) if (isObject(m)) for (const [k, v] of Object.entries(m)) messages.set(k, String(v));
  }
  const failedText = (key: string): string | undefined => {
    const status = logs[`${key}_status`];
    if (typeof status !== 'string' || !/^fail/i.test(status)) return undefined;
    const text = [...messages.entries()].filter(([k]) => k.toLowerCase().includes(key)).map(([, v]) => v);
    return text.length > 0 ? text.join('; ') : `Agency 360 reported ${key}_status = ${status}`;
  };

  // Period: a file dated D was written on D and holds Cost Explorer data for D−1 (End exclusive).
  const cost = isObject(doc.cost) ? doc.cost : undefined;
  const costPeriod = cost && isObject(cost.period) ? cost.period : undefined;
  const start = typeof toDay(costPeriod?.start) === 'string' ? (toDay(costPeriod!.start) as string) : addDays(info.date, -1);
  const period: Period = { start, end: addDays(start, 1) };

  const region = info.region ?? guessRegion(doc);
  if (!info.region) {
    log.note(region ? `region: Agency 360 v1 files do not name their region; ${region} is the one their records name most` : 'region: unknown (Agency 360 v1 files do not name it); regional records use "global"');
  }
  const home = region ?? 'global';

  const account = isObject(doc.account) ? doc.account : undefined;
  const accountId = String(account?.account_id ?? cost?.account_id ?? info.accountId);

  const collectors: Record<string, CollectorRun> = {};
  const sections: Json = {};
  const run = (name: string, status: CollectorRun['status'], error?: string): void => {
    const truncated = status === 'ok' && INCOMPLETE[name] !== undefined;
    collectors[name] = { status, duration_ms: 0, api_calls: 0, ...(error ? { error } : {}), ...(truncated ? { truncated: true } : {}) };
    if (truncated) log.note(`${name}: Agency 360 collected ${INCOMPLETE[name]}; marked truncated`);
  };

  for (const category of CATEGORIES) {
    const value = doc[category.key];
    const failure = failedText(category.key);
    if (value === undefined) {
      if (failure) for (const c of category.collectors) run(c, 'failed', failure);
      continue;
    }
    if (category.key === 'config_inventory') {
      if (!isEmpty(value)) log.note('config_inventory: skipped, it repeats service_resources (the seed collected them twice)');
      continue;
    }
    const objectSlotEmpty = category.shape === 'object' && Array.isArray(value);
    if (objectSlotEmpty || (isEmpty(value) && failure) || (format === 'a360-v2' && category.droppedInV2 && isEmpty(value))) {
      // A360 kept the [] default when a category failed or was not collected: not an empty result.
      const status = failure ? 'failed' : 'skipped';
      const why = failure ?? (objectSlotEmpty ? `Agency 360 wrote [] for ${category.key}: not collected` : `${format} does not collect ${category.key}`);
      for (const c of category.collectors) run(c, status, why);
      continue;
    }
    if (category.shape === 'object' && !isObject(value)) throw unconvertible(category.key, `expected an object, got ${typeof value}`);
    convertCategory(category.key, value, { sections, period, home, accountId, log });
    const status = failure ? 'partial' : 'ok';
    if (category.key === 'security') {
      for (const c of category.collectors) {
        const present = (value as Json)[SECURITY_LISTS[c]!] !== undefined || (c === 'waf' && (value as Json).waf_rules !== undefined);
        if (present) run(c, status, failure);
        else run(c, 'skipped', 'not in the Agency 360 file');
      }
    } else for (const c of category.collectors) run(c, status, failure);
  }
  for (const key of Object.keys(doc)) {
    if (key !== 'logs' && !CATEGORIES.some((c) => c.key === key)) log.drop(key);
  }

  const document: Json = {
    schema_version: 1,
    account_id: accountId,
    period: { granularity: 'DAILY', start: period.start, end: period.end },
    // A360 files do not say when they were collected: the start of the day in their name.
    collected_at: `${info.date}T00:00:00.000Z`,
    regions: [home],
    collectors,
    sender: { version: format },
    ...sections,
  };
  log.note(`converted from ${format}: a file dated ${info.date} holds Cost Explorer data for ${period.start} (period ${period.start}..${period.end})`);
  const dropped = [...log.dropped.entries()];
  if (dropped.length > 0) log.note(`fields with no place in the contract: ${dropped.map(([p]) => p).join(', ')}`);
  return {
    document,
    notes: log.notes,
    unknownFields: dropped.reduce((n, [, c]) => n + c, 0),
    unknownFieldPaths: dropped.map(([p]) => p).slice(0, 50),
  };
}

interface Target {
  sections: Json;
  period: Period;
  home: string;
  accountId: string;
  log: ConversionLog;
}

function convertCategory(key: string, value: unknown, t: Target): void {
  const { sections, period, home, log } = t;
  const source = (): Source => new Source(value as Json, key, log);
  switch (key) {
    case 'account':
      sections.account = convertAccount(source(), t.accountId, log);
      return;
    case 'config':
      sections.config = convertConfig(source(), home, log);
      return;
    case 'service':
      sections.services = convertServices(value, period, log);
      return;
    case 'cost':
      sections.cost = convertCost(source(), period);
      return;
    case 'security':
      sections.security = convertSecurity(source(), home, log);
      return;
    case 'inventory':
      sections.inventory = convertInventory(source(), home, log);
      return;
    case 'marketplace':
      sections.marketplace = convertMarketplace(value, period, log);
      return;
    case 'trusted_advisor':
      sections.trusted_advisor = convertTrustedAdvisor(value, log);
      return;
    case 'health':
      sections.health = convertHealth(value, log);
      return;
    case 'application':
      sections.application_signals = convertApplicationSignals(value, home, log);
      return;
    case 'resilience_hub':
      sections.resilience_hub = convertResilienceHub(value, home, log);
      return;
    case 'service_resources':
      sections.service_resources = convertServiceResources(value, home, log);
      return;
    case 'compute_optimizer':
      sections.compute_optimizer = convertComputeOptimizer(value, home, log);
      return;
    case 'ri_sp_savings':
      sections.ri_sp_savings = convertRiSpSavings(value, log);
      return;
    case 'support_tickets':
      sections.support_tickets = convertSupportTickets(value, log);
      return;
  }
}
