import { readFileSync } from 'node:fs';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { KMSClient, ListKeysCommand, paginateListKeys } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { BACKFILL_SKIP, collectSnapshot, combineStatus, type CollectOptions } from '../../sender/collect.js';
import { allCollectors, iamActions } from '../../sender/collectors/index.js';
import { accountCollector } from '../../sender/collectors/account.js';
import { activityCollector } from '../../sender/collectors/activity.js';
import { costCollector } from '../../sender/collectors/cost.js';
import type { AnyCollector, Collector } from '../../sender/collector.js';
import { collectorNames, validateSnapshot } from '../../snapshot/index.js';
import { ACCOUNT, accessDenied, DAY, MONTH, offlineClientFactory, RUN_AT, testConfig } from './support/aws.js';
import { DEFAULT_REGIONS, mocks, quietAccount } from './support/quiet-account.js';

const kms = mockClient(KMSClient);
beforeEach(() => {
  quietAccount();
  kms.reset();
});

const base: CollectOptions = {
  accountId: ACCOUNT,
  period: DAY,
  clientFactory: offlineClientFactory(1),
  config: testConfig,
  now: () => RUN_AT,
  homeRegion: 'us-east-1',
  senderVersion: '0.1.0',
};

function valid(snapshot: unknown) {
  const result = validateSnapshot(snapshot);
  if (!result.ok) throw new Error(result.message);
  return result.snapshot;
}

interface Key {
  key_id: string;
  arn: string;
  region: string;
  key_state: string;
  enabled: boolean;
}
const key = (id: string, region: string): Key => ({ key_id: id, arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`, region, key_state: 'Enabled', enabled: true });

/** A small regional collector for the runner's own behaviour: KMS keys per region. */
const keyIds: Collector<Key[]> = {
  name: 'kms',
  target: { section: 'security', part: 'kms' },
  scope: 'regional',
  api: ['kms:ListKeys'],
  async collect(ctx) {
    const keys: Key[] = [];
    for await (const page of paginateListKeys({ client: ctx.client(KMSClient) }, {})) {
      for (const k of page.Keys ?? []) keys.push(key(k.KeyId!, ctx.region));
    }
    return keys;
  },
};

test('regions are discovered (enabled ones only), account-wide collectors run once, regional ones everywhere', async () => {
  const { snapshot, regionSource } = await collectSnapshot({ ...base, collectors: [costCollector, activityCollector] });
  expect(regionSource).toBe('discovered');
  expect(snapshot.regions).toEqual(DEFAULT_REGIONS);
  expect(snapshot.regions).not.toContain('af-south-1');
  expect(mocks.ec2).toHaveReceivedCommandWith(DescribeRegionsCommand, { AllRegions: true });
  // Cost Explorer: the current and the previous period, once for the account — not once per region
  expect(mocks.ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
  expect(mocks.ce).toHaveReceivedCommandTimes(GetCostForecastCommand, 1);
  // CloudTrail: the write-event query and the AssumeRole query in each of the 17 regions
  expect(mocks.ct).toHaveReceivedCommandTimes(LookupEventsCommand, 34);
  const doc = valid(snapshot);
  expect(doc.collectors.cost).toMatchObject({ status: 'ok', api_calls: 3 });
  expect(doc.collectors.activity).toMatchObject({ status: 'ok', api_calls: 34, truncated: false });
  expect(doc.activity).toEqual({ aggregates: [], events: [], total_events: 0, security_events_total: 0 });
});

test('configured regions are used as given, without discovery', async () => {
  const { snapshot, regionSource } = await collectSnapshot({ ...base, regions: ['eu-west-1', 'us-east-1'], collectors: [activityCollector] });
  expect(regionSource).toBe('configured');
  expect(snapshot.regions).toEqual(['eu-west-1', 'us-east-1']);
  expect(mocks.ec2).not.toHaveReceivedCommand(DescribeRegionsCommand);
});

test('region discovery failing falls back to the home region, and the envelope says so', async () => {
  mocks.ec2.on(DescribeRegionsCommand).rejects(accessDenied('ec2:DescribeRegions'));
  const { snapshot, regionSource } = await collectSnapshot({ ...base, homeRegion: 'eu-central-1', collectors: [activityCollector] });
  expect(regionSource).toBe('fallback');
  expect(snapshot.regions).toEqual(['eu-central-1']);
  expect(valid(snapshot).collectors.activity?.status).toBe('ok');
});

test('some regions failing → partial, with the failed regions named, and the ok regions’ data kept', async () => {
  kms.on(ListKeysCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    if (region === 'eu-west-1') throw accessDenied('kms:ListKeys');
    if (region === 'ap-south-1') throw Object.assign(new Error('getaddrinfo ENOTFOUND kms.ap-south-1.amazonaws.com'), { name: 'Error', code: 'ENOTFOUND' });
    return { Keys: [{ KeyId: `key-${region}` }] };
  });
  const regions = ['ap-south-1', 'eu-west-1', 'us-east-1', 'us-west-2'];
  const { snapshot } = await collectSnapshot({ ...base, regions, collectors: [keyIds] });
  const doc = valid(snapshot);
  expect(doc.collectors.kms).toMatchObject({
    status: 'partial',
    api_calls: 4,
    regions: { 'eu-west-1': { status: 'access_denied', error: expect.stringMatching(/kms:ListKeys/) }, 'ap-south-1': { status: 'failed', error: expect.stringMatching(/ENOTFOUND/) } },
  });
  expect(Object.keys(doc.collectors.kms!.regions!)).toHaveLength(2);
  expect(doc.security?.kms?.map((k) => k.key_id).sort()).toEqual(['key-us-east-1', 'key-us-west-2']);
});

test('no region ok → the most common failure, and no section', async () => {
  kms.on(ListKeysCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    throw region === 'us-east-1' ? new Error('socket hang up') : accessDenied('kms:ListKeys');
  });
  const { snapshot } = await collectSnapshot({ ...base, regions: ['eu-west-1', 'us-east-1', 'us-west-2'], collectors: [keyIds] });
  const doc = valid(snapshot);
  expect(doc.collectors.kms).toMatchObject({ status: 'access_denied', error: expect.stringMatching(/^eu-west-1: .*kms:ListKeys/) });
  expect(doc.security).toBeUndefined();
});

test('a collector that throws, or returns what the contract refuses, never fails the snapshot', async () => {
  const throws: AnyCollector = { ...costCollector, collect: () => { throw new TypeError("Cannot read properties of undefined (reading 'Amount')"); } };
  const garbage: AnyCollector = { ...accountCollector, collect: async () => ({ name: 42, account_type: 'prod' }) };
  kms.on(ListKeysCommand).resolves({ Keys: [] });
  const { snapshot } = await collectSnapshot({ ...base, regions: ['us-east-1'], collectors: [throws, garbage, keyIds] });
  const doc = valid(snapshot);
  expect(doc.collectors.cost).toMatchObject({ status: 'failed', error: expect.stringMatching(/TypeError.*Amount/) });
  expect(doc.collectors.account).toMatchObject({ status: 'failed', error: expect.stringMatching(/violates the contract.*account\.name/) });
  expect(doc.cost).toBeUndefined();
  expect(doc.account).toBeUndefined();
  expect(doc.collectors.kms?.status).toBe('ok');
  expect(doc.security?.kms).toEqual([]);
});

test('a collector that swallows its budget abort and returns what it had is ok but truncated', async () => {
  kms.on(ListKeysCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Keys: [{ KeyId: 'k' }] }), 50)));
  const swallowing: AnyCollector = {
    ...keyIds,
    async collect(ctx) {
      const keys: Key[] = [];
      try {
        for (;;) keys.push(...((await ctx.client(KMSClient).send(new ListKeysCommand({}))).Keys ?? []).map((k) => key(k.KeyId!, ctx.region)));
      } catch {
        return keys;
      }
    },
  };
  const { snapshot, runs } = await collectSnapshot({ ...base, regions: ['us-east-1'], collectors: [swallowing], config: { ...testConfig, collectorBudgetMs: 200 } });
  expect(valid(snapshot).collectors.kms).toMatchObject({ status: 'ok', truncated: true });
  expect(runs[0]!.truncationReasons.join()).toMatch(/budget/);
});

test('MONTHLY: state collectors are skipped, period totals run', async () => {
  const notMonthly: AnyCollector = { ...keyIds, granularities: ['DAILY', 'MONTHLY'] };
  const { snapshot } = await collectSnapshot({ ...base, period: MONTH, now: () => new Date('2026-11-01T02:00:00Z'), regions: ['us-east-1'], collectors: [activityCollector, accountCollector, costCollector, notMonthly] });
  const doc = valid(snapshot);
  expect(doc.collectors.activity).toMatchObject({ status: 'skipped', error: 'not collected for MONTHLY snapshots', api_calls: 0 });
  expect(doc.collectors.kms).toMatchObject({ status: 'skipped', error: expect.stringMatching(/MONTHLY snapshot carries only account, cost/) });
  expect(doc.collectors.account?.status).toBe('ok');
  expect(doc.collectors.cost?.status).toBe('ok');
  expect(doc.activity).toBeUndefined();
  expect(mocks.ct).not.toHaveReceivedCommand(LookupEventsCommand);
  expect(mocks.ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { Granularity: 'MONTHLY', TimePeriod: { Start: '2026-10-01', End: '2026-11-01' } });
});

test('backfill: only time-series collectors run, the others are recorded as skipped', async () => {
  const { snapshot } = await collectSnapshot({ ...base, mode: 'backfill', now: () => new Date('2026-12-15T01:00:00Z'), regions: ['us-east-1'], collectors: [accountCollector, costCollector, activityCollector, keyIds] });
  const doc = valid(snapshot);
  expect(doc.collectors.account).toEqual({ status: 'skipped', error: BACKFILL_SKIP, duration_ms: 0, api_calls: 0 });
  expect(doc.collectors.kms?.status).toBe('skipped');
  expect(doc.collectors.cost?.status).toBe('ok');
  expect(doc.collectors.activity?.status).toBe('ok');
  expect(doc.account).toBeUndefined();
  expect(mocks.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
});

test('the envelope comes first in the document, in contract order, then the sections', async () => {
  const { snapshot } = await collectSnapshot({ ...base, regions: ['us-east-1'], collectors: [activityCollector, costCollector, accountCollector] });
  expect(Object.keys(snapshot)).toEqual(['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'sender', 'account', 'cost', 'activity']);
  expect(JSON.stringify(snapshot).startsWith('{"schema_version":1,"account_id":"123456789012","period":')).toBe(true);
  expect(snapshot).toMatchObject({ collected_at: RUN_AT.toISOString(), sender: { version: '0.1.0' } });
});

test('every (collector, region) run shares one bounded pool', async () => {
  let active = 0;
  let peak = 0;
  const gate: AnyCollector = {
    ...keyIds,
    async collect(ctx) {
      active += 1;
      peak = Math.max(peak, active);
      // yield a few times so that other runs get the chance to start if the pool allowed it
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return [key(`k-${ctx.region}`, ctx.region)];
    },
  };
  const { snapshot } = await collectSnapshot({ ...base, regions: DEFAULT_REGIONS, collectors: [gate], config: { ...testConfig, concurrency: 3 } });
  expect(peak).toBe(3);
  expect(valid(snapshot).security?.kms).toHaveLength(17);
});

test('combineStatus: ok, partial, most common failure', () => {
  const run = (region: string, status: 'ok' | 'failed' | 'access_denied' | 'not_enabled', error?: string) => ({ region, status, error });
  expect(combineStatus([run('a-x-1', 'ok'), run('b-x-1', 'ok')], true)).toEqual({ status: 'ok' });
  expect(combineStatus([run('a-x-1', 'ok'), run('b-x-1', 'not_enabled', 'off')], true)).toMatchObject({ status: 'partial', regions: { 'b-x-1': { status: 'not_enabled', error: 'off' } } });
  expect(combineStatus([run('a-x-1', 'failed', 'x'), run('b-x-1', 'not_enabled', 'n1'), run('c-x-1', 'not_enabled', 'n2')], true)).toMatchObject({ status: 'not_enabled', error: 'b-x-1: n1' });
  expect(combineStatus([run('us-east-1', 'access_denied', 'denied')], false)).toEqual({ status: 'access_denied', error: 'denied', regions: undefined });
});

describe('registry', () => {
  test('every collector has a contract name, once, and its API calls as service:Operation', () => {
    const names = allCollectors.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of allCollectors) {
      expect(collectorNames).toContain(c.name);
      for (const api of c.api) expect(api).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
    }
  });

  test('docs/sender.md lists every IAM action the collectors need', () => {
    const docs = readFileSync(new URL('../../docs/sender.md', import.meta.url), 'utf8');
    const missing = iamActions().filter((action) => !docs.includes(`\`${action}\``));
    expect(missing).toEqual([]);
  });
});
