import { readFileSync } from 'node:fs';
import { completeSnapshot } from '../fixtures/snapshot.js';
import { renderSnapshotJsonSchema } from '../../snapshot/json-schema.js';
import { sectionNames, validateSnapshot, type SnapshotInput } from '../../snapshot/index.js';

type Doc = Record<string, unknown>;
const clone = (): Doc => structuredClone(completeSnapshot()) as unknown as Doc;

function at(doc: unknown, path: (string | number)[]): Record<string | number, unknown> {
  let cur = doc as Record<string | number, unknown>;
  for (const p of path) cur = cur[p] as Record<string | number, unknown>;
  return cur;
}

function expectIssue(doc: unknown, path: string, message: RegExp = /./) {
  const result = validateSnapshot(doc);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const issue = result.issues.find((i) => i.path === path);
  expect({ paths: result.issues.map((i) => i.path), issue }).toEqual({ paths: expect.arrayContaining([path]), issue: expect.anything() });
  expect(issue!.message).toMatch(message);
  expect(result.message).toContain(path);
}

describe('snapshot contract', () => {
  test('a complete, realistic snapshot parses, with every section present', () => {
    const result = validateSnapshot(completeSnapshot());
    if (!result.ok) throw new Error(result.message);
    for (const name of sectionNames) expect(result.snapshot[name]).toBeDefined();
    expect(result.unknownFields).toBe(0);
    expect(result.snapshot.security?.guard_duty?.[0]?.severity).toBe(2);
    // defaults are applied
    expect(result.snapshot.services?.[0]?.currency).toBe('USD');
    expect(result.snapshot.service_resources?.[1]?.tags).toEqual({});
  });

  test('only the envelope is required: every section may be absent', () => {
    const doc = clone();
    for (const name of sectionNames) delete doc[name];
    const result = validateSnapshot(doc);
    expect(result.ok).toBe(true);
  });

  test('unknown fields are stripped and counted, with their paths', () => {
    const doc = clone();
    doc.future_section = { a: 1 };
    at(doc, ['security', 'kms', 0]).new_attribute = 'x';
    at(doc, ['account']).nickname = 'pay';
    // names that every object inherits are unknown fields too
    Object.assign(at(doc, ['account']), { constructor: 'x' });
    Object.assign(at(doc, ['security', 'kms', 0]), { toString: 'y' });
    const result = validateSnapshot(doc);
    if (!result.ok) throw new Error(result.message);
    expect(result.unknownFields).toBe(5);
    expect(result.unknownFieldPaths).toEqual(
      expect.arrayContaining(['future_section', 'security.kms[0].new_attribute', 'account.nickname', 'account.constructor', 'security.kms[0].toString']),
    );
    expect((result.snapshot as Doc).future_section).toBeUndefined();
  });

  test('an unknown major schema_version is rejected before anything else', () => {
    const doc = clone();
    doc.schema_version = 2;
    const result = validateSnapshot(doc);
    expect(result).toMatchObject({ ok: false, reason: 'unsupported_schema_version' });
    expect(validateSnapshot({ ...clone(), schema_version: '1' })).toMatchObject({ ok: false, reason: 'unsupported_schema_version' });
  });

  test('something that is not an object is rejected as such', () => {
    expect(validateSnapshot([1, 2])).toMatchObject({ ok: false, reason: 'not_an_object' });
    expect(validateSnapshot(null)).toMatchObject({ ok: false, reason: 'not_an_object' });
    expect(validateSnapshot('x')).toMatchObject({ ok: false, reason: 'not_an_object' });
  });

  describe('the envelope rejects bad values, naming the path', () => {
    test.each<[string, (d: Doc) => void, string]>([
      ['account id of 11 digits', (d) => (d.account_id = '12345678901'), 'account_id'],
      ['missing account id', (d) => delete d.account_id, 'account_id'],
      ['bad granularity', (d) => (at(d, ['period']).granularity = 'WEEKLY'), 'period.granularity'],
      ['DAILY period of two days', (d) => (at(d, ['period']).end = '2026-11-22'), 'period.end'],
      ['MONTHLY not starting on the 1st', (d) => Object.assign(at(d, ['period']), { granularity: 'MONTHLY', start: '2026-11-20', end: '2026-12-01' }), 'period.start'],
      ['impossible date', (d) => (at(d, ['period']).start = '2026-02-30'), 'period.start'],
      ['collected_at not a timestamp', (d) => (d.collected_at = 'yesterday'), 'collected_at'],
      ['no regions', (d) => (d.regions = []), 'regions'],
      ['bad region', (d) => (d.regions = ['mars-1']), 'regions[0]'],
      ['bad collector status', (d) => (at(d, ['collectors', 'kms']).status = 'broken'), 'collectors.kms.status'],
      ['negative api call count', (d) => (at(d, ['collectors', 'cost']).api_calls = -1), 'collectors.cost.api_calls'],
    ])('%s', (_name, mutate, path) => {
      const doc = clone();
      mutate(doc);
      expectIssue(doc, path);
    });
  });

  describe('each section rejects typical bad values, naming the path', () => {
    test.each<[string, (d: Doc) => void, string]>([
      ['account: bad status', (d) => (at(d, ['account']).status = 'GONE'), 'account.status'],
      ['account: bad account type', (d) => (at(d, ['account']).account_type = 'prod'), 'account.account_type'],
      ['account: management account id', (d) => (at(d, ['account', 'organization']).management_account_id = 'abc'), 'account.organization.management_account_id'],
      ['cost: cost is a string', (d) => (at(d, ['cost']).current_period_cost = '12.5'), 'cost.current_period_cost'],
      ['cost: forecast mean missing', (d) => delete at(d, ['cost', 'forecast', 0]).mean, 'cost.forecast[0].mean'],
      ['cost: bad currency', (d) => (at(d, ['cost']).currency = 'dollars'), 'cost.currency'],
      ['services: negative usage', (d) => (at(d, ['services', 2]).usage_quantity = -5), 'services[2].usage_quantity'],
      ['services: infinite cost', (d) => (at(d, ['services', 0]).cost = Number.POSITIVE_INFINITY), 'services[0].cost'],
      ['services: cost beyond numeric(20,10)', (d) => (at(d, ['services', 0]).cost = 1e12), 'services[0].cost'],
      ['services: usage beyond its column', (d) => (at(d, ['services', 1]).usage_quantity = 1e30), 'services[1].usage_quantity'],
      ['security hub: bad severity', (d) => (at(d, ['security', 'security_hub', 'findings', 1]).severity = 'SEVERE'), 'security.security_hub.findings[1].severity'],
      ['security hub: normalized severity 150', (d) => (at(d, ['security', 'security_hub', 'findings', 0]).severity_normalized = 150), 'security.security_hub.findings[0].severity_normalized'],
      ['guard duty: severity 11', (d) => (at(d, ['security', 'guard_duty', 0]).severity = 11), 'security.guard_duty[0].severity'],
      ['inspector: bad status', (d) => (at(d, ['security', 'inspector', 0]).status = 'OPEN'), 'security.inspector[0].status'],
      ['kms: enabled is a string', (d) => (at(d, ['security', 'kms', 0]).enabled = 'yes'), 'security.kms[0].enabled'],
      ['waf: negative rule count', (d) => (at(d, ['security', 'waf', 'web_acls', 0]).rules_count = -2), 'security.waf.web_acls[0].rules_count'],
      ['cloudtrail: bad timestamp', (d) => (at(d, ['security', 'cloudtrail', 0]).latest_delivery_time = '2026-13-01'), 'security.cloudtrail[0].latest_delivery_time'],
      ['secrets: rotation days negative', (d) => (at(d, ['security', 'secrets_manager', 0]).rotation_days = -30), 'security.secrets_manager[0].rotation_days'],
      ['certificates: bad type', (d) => (at(d, ['security', 'certificates', 0]).type = 'SELF_SIGNED'), 'security.certificates[0].type'],
      ['config: bad compliance', (d) => (at(d, ['config', 'rules', 0]).compliance = 'MAYBE'), 'config.rules[0].compliance'],
      ['config: evaluation without resource id', (d) => delete at(d, ['config', 'evaluations', 0]).resource_id, 'config.evaluations[0].resource_id'],
      ['inventory: bad ping status', (d) => (at(d, ['inventory', 'instances', 0]).ping_status = 'Up'), 'inventory.instances[0].ping_status'],
      ['inventory: fractional patch count', (d) => (at(d, ['inventory', 'instances', 0, 'patch_summary']).missing = 1.5), 'inventory.instances[0].patch_summary.missing'],
      ['inventory: bad patch state', (d) => (at(d, ['inventory', 'patches', 0]).state = 'PENDING'), 'inventory.patches[0].state'],
      ['service resources: unknown service', (d) => (at(d, ['service_resources', 0]).service = 'EKS'), 'service_resources[0].service'],
      ['service resources: negative size', (d) => (at(d, ['service_resources', 1]).size_gb = -1), 'service_resources[1].size_gb'],
      ['compute optimizer: savings over 100 %', (d) => (at(d, ['compute_optimizer', 0]).savings_opportunity_pct = 140), 'compute_optimizer[0].savings_opportunity_pct'],
      ['compute optimizer: performance risk 7', (d) => (at(d, ['compute_optimizer', 0]).performance_risk = 7), 'compute_optimizer[0].performance_risk'],
      ['trusted advisor: bad status', (d) => (at(d, ['trusted_advisor', 0]).status = 'red'), 'trusted_advisor[0].status'],
      ['health: bad status code', (d) => (at(d, ['health', 0]).status_code = 'resolved'), 'health[0].status_code'],
      ['application signals: bad region', (d) => (at(d, ['application_signals', 0]).region = 'US East'), 'application_signals[0].region'],
      ['resilience hub: score 101', (d) => (at(d, ['resilience_hub', 0]).resiliency_score = 101), 'resilience_hub[0].resiliency_score'],
      ['marketplace: bad date', (d) => (at(d, ['marketplace', 0]).date = '20-11-2026'), 'marketplace[0].date'],
      ['ri/sp: utilization 120 %', (d) => (at(d, ['ri_sp_savings', 0]).utilization_pct = 120), 'ri_sp_savings[0].utilization_pct'],
      ['support: bad severity', (d) => (at(d, ['support_tickets', 0]).severity_code = 'sev1'), 'support_tickets[0].severity_code'],
      ['activity: zero count', (d) => (at(d, ['activity', 'aggregates', 0]).count = 0), 'activity.aggregates[0].count'],
      ['activity: bad principal type', (d) => (at(d, ['activity', 'events', 0]).principal_type = 'Robot'), 'activity.events[0].principal_type'],
      ['activity: negative total', (d) => (at(d, ['activity']).total_events = -1), 'activity.total_events'],
    ])('%s', (_name, mutate, path) => {
      const doc = clone();
      mutate(doc);
      expectIssue(doc, path);
    });
  });

  test('a section given as the wrong JSON type names the section', () => {
    const doc = clone();
    doc.services = {};
    doc.inventory = [];
    const result = validateSnapshot(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['services', 'inventory']));
  });

  test('docs/snapshot.schema.json is current (regenerate with `npm run schema:json`)', () => {
    const committed = readFileSync(new URL('../../docs/snapshot.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(renderSnapshotJsonSchema());
  });

  test('the JSON Schema requires the envelope and bounds ranges', () => {
    const schema = JSON.parse(renderSnapshotJsonSchema()) as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required).toEqual(expect.arrayContaining(['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors']));
    for (const name of sectionNames) expect(schema.properties[name]).toBeDefined();
  });
});

// Keeps the fixture honest as a SnapshotInput at compile time.
export const _typed: SnapshotInput = completeSnapshot();

test('a MONTHLY snapshot carries period totals only, not state', () => {
  const doc = structuredClone(completeSnapshot()) as unknown as Record<string, unknown>;
  doc.period = { granularity: 'MONTHLY', start: '2026-10-01', end: '2026-11-01' };
  expectIssueOutside(doc, 'service_resources');
  for (const name of sectionNames) if (!['account', 'cost', 'services', 'marketplace', 'ri_sp_savings'].includes(name)) delete doc[name];
  expect(validateSnapshot(doc).ok).toBe(true);
});

function expectIssueOutside(doc: unknown, path: string) {
  const result = validateSnapshot(doc);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(path);
}
