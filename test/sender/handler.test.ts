import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { backfillDays, createHandler, InvalidEventError, scheduledPeriods, type HandlerDeps, type SenderEvent } from '../../sender/handler.js';
import { ConfigError, loadConfig } from '../../sender/config.js';
import { encodeSnapshot, localDirSink, snapshotKey, SnapshotContractError, uploadSnapshot } from '../../sender/snapshot-writer.js';
import { silentLogger } from '../../sender/log.js';
import { monthlySections, validateSnapshot, type SnapshotInput } from '../../snapshot/index.js';
import { completeSnapshot } from '../fixtures/snapshot.js';
import { ACCOUNT, awsError, offlineClientFactory } from './support/aws.js';
import { DEFAULT_REGIONS, mocks, quietAccount } from './support/quiet-account.js';

const KMS_KEY = 'arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const env = { BUCKET: 'orgpulse-central-snapshots', KMS_KEY_ARN: KMS_KEY, AWS_REGION: 'eu-west-1', LOOKUP_EVENTS_PER_SECOND: '1000', MAX_ATTEMPTS: '1', ENVIRONMENT: 'prod' };
const context = {
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orgpulse-sender`,
  awsRequestId: 'c0ffee00-1111-2222-3333-444455556666',
  getRemainingTimeInMillis: () => 600_000,
};
const scheduled = (time: string): SenderEvent => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time, id: 'evt-1', region: 'eu-west-1', resources: [] });
/** My collectors are mocked by quietAccount(); anything else the registry holds fails fast offline. */
const MINE = ['account', 'cost', 'services', 'marketplace', 'ri_sp_savings', 'activity'];

function handlerWith(deps: HandlerDeps = {}) {
  return createHandler({ env, clientFactory: offlineClientFactory(1), logger: silentLogger, now: () => new Date('2026-11-21T01:00:00Z'), ...deps });
}

function uploads(): { input: PutObjectCommandInput; doc: SnapshotInput }[] {
  return mocks.s3.commandCalls(PutObjectCommand).map((call) => {
    const input = call.args[0].input;
    return { input, doc: JSON.parse(gunzipSync(input.Body as Buffer).toString('utf8')) as SnapshotInput };
  });
}

function valid(doc: unknown) {
  const result = validateSnapshot(doc);
  if (!result.ok) throw new Error(result.message);
  return result.snapshot;
}

beforeEach(() => quietAccount());

test('scheduled run: yesterday’s DAILY snapshot, encrypted with the hub key, owned by the bucket owner, valid', async () => {
  const summary = await handlerWith()(scheduled('2026-11-21T01:00:00Z'), context);
  expect(mocks.s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  expect(mocks.s3).toHaveReceivedCommandWith(PutObjectCommand, {
    Bucket: 'orgpulse-central-snapshots',
    Key: `data/${ACCOUNT}/2026-11-20_DAILY.json.gz`,
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: KMS_KEY,
    ACL: 'bucket-owner-full-control',
    ContentType: 'application/json',
    ContentEncoding: 'gzip',
  });
  const snapshot = valid(uploads()[0]!.doc);
  expect(snapshot).toMatchObject({
    account_id: ACCOUNT,
    period: { granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' },
    regions: DEFAULT_REGIONS,
    sender: { version: '0.1.0', function_arn: context.invokedFunctionArn, request_id: context.awsRequestId },
    account: { name: 'payments-prod', account_type: 'production' },
  });
  for (const name of MINE) expect(snapshot.collectors[name]?.status).toBe('ok');
  expect(Object.keys(snapshot.collectors)).toEqual(expect.arrayContaining(MINE));
  expect(summary).toMatchObject({ mode: 'scheduled', account_id: ACCOUNT, failed: [], snapshots: [{ key: `data/${ACCOUNT}/2026-11-20_DAILY.json.gz`, collectors: { cost: 'ok', activity: 'ok' } }] });
  // the account comes from the function ARN: the only STS call is the account collector's own
  expect(mocks.sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
});

test('on the 1st: also the previous month’s MONTHLY snapshot, with period totals only', async () => {
  const summary = await handlerWith({ now: () => new Date('2026-12-01T00:30:00Z') })(scheduled('2026-12-01T00:30:00Z'), context);
  expect(summary.snapshots.map((s) => s.key)).toEqual([`data/${ACCOUNT}/2026-11-30_DAILY.json.gz`, `data/${ACCOUNT}/2026-11-01_MONTHLY.json.gz`]);
  const monthly = valid(uploads()[1]!.doc);
  expect(monthly.period).toEqual({ granularity: 'MONTHLY', start: '2026-11-01', end: '2026-12-01' });
  const sectionsPresent = Object.keys(monthly).filter((k) => !['schema_version', 'account_id', 'period', 'collected_at', 'regions', 'collectors', 'sender'].includes(k));
  expect(sectionsPresent.every((s) => (monthlySections as readonly string[]).includes(s))).toBe(true);
  expect(sectionsPresent).toEqual(expect.arrayContaining(['account', 'cost', 'services', 'marketplace', 'ri_sp_savings']));
  expect(monthly.collectors.activity).toMatchObject({ status: 'skipped' });
  expect(mocks.ce).toHaveReceivedCommandWith(GetCostAndUsageCommand, { Granularity: 'MONTHLY', TimePeriod: { Start: '2026-11-01', End: '2026-12-01' } });
});

test('backfill: one DAILY file per day with the time-series sections only', async () => {
  const summary = await handlerWith()({ backfill: { from: '2026-11-17', to: '2026-11-19' } }, context);
  expect(summary.mode).toBe('backfill');
  expect(summary.snapshots.map((s) => s.key)).toEqual(['2026-11-17', '2026-11-18', '2026-11-19'].map((d) => `data/${ACCOUNT}/${d}_DAILY.json.gz`));
  for (const { doc } of uploads()) {
    const snapshot = valid(doc);
    expect(snapshot.account).toBeUndefined();
    expect(snapshot.collectors.account).toMatchObject({ status: 'skipped', error: 'backfill carries time-series sections only' });
    expect(snapshot).toHaveProperty('cost');
    expect(snapshot).toHaveProperty('activity');
  }
  expect(mocks.ct).toHaveReceivedCommandWith(LookupEventsCommand, { StartTime: new Date('2026-11-17T00:00:00Z'), EndTime: new Date('2026-11-18T00:00:00Z') });
  // regions are discovered once for the whole backfill
  expect(mocks.ec2).toHaveReceivedCommandTimes(DescribeRegionsCommand, 1);
});

test('backfill stops before the Lambda runs out of time and returns the days left', async () => {
  let calls = 0;
  const shortOnTime = { ...context, getRemainingTimeInMillis: () => (++calls === 1 ? 600_000 : 5_000) };
  const summary = await handlerWith()({ backfill: { from: '2026-11-17', to: '2026-11-19' } }, shortOnTime);
  expect(summary.snapshots).toHaveLength(1);
  expect(summary.remaining).toEqual({ from: '2026-11-18', to: '2026-11-19' });
});

test('invalid backfill requests are refused before anything is collected', async () => {
  const run = handlerWith();
  await expect(run({ backfill: { from: '2026-11-19', to: '2026-11-17' } }, context)).rejects.toThrow(/after backfill.to/);
  await expect(run({ backfill: { from: '2026-11-20', to: '2026-11-21' } }, context)).rejects.toThrow(/must be a past day/);
  await expect(run({ backfill: { from: '2026-11-31', to: '2026-12-01' } }, context)).rejects.toThrow(InvalidEventError);
  expect(mocks.s3).not.toHaveReceivedCommand(PutObjectCommand);
  expect(mocks.ce).not.toHaveReceivedCommand(GetCostAndUsageCommand);
});

test('backfill range rules: at most 90 days, none older than 90 days, none today', () => {
  expect(backfillDays({ from: '2026-08-23', to: '2026-11-20' }, '2026-11-21')).toHaveLength(90);
  expect(() => backfillDays({ from: '2026-08-22', to: '2026-11-20' }, '2026-11-21')).toThrow(/at most 90/);
  expect(() => backfillDays({ from: '2026-08-01', to: '2026-08-02' }, '2026-11-21')).toThrow(/older than 90 days/);
  expect(() => backfillDays({ from: '2026-11-21', to: '2026-11-21' }, '2026-11-21')).toThrow(/past day/);
  expect(() => backfillDays({ from: '20261101', to: '2026-11-02' }, '2026-11-21')).toThrow(/YYYY-MM-DD/);
});

test('scheduled periods: yesterday, plus last month on the 1st (also across a year)', () => {
  expect(scheduledPeriods('2026-11-21')).toEqual([{ granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' }]);
  expect(scheduledPeriods('2027-01-01')).toEqual([
    { granularity: 'DAILY', start: '2026-12-31', end: '2027-01-01' },
    { granularity: 'MONTHLY', start: '2026-12-01', end: '2027-01-01' },
  ]);
});

test('an upload that fails fails the invocation (so Lambda retries), naming the snapshot', async () => {
  mocks.s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
  await expect(handlerWith()(scheduled('2026-11-21T01:00:00Z'), context)).rejects.toThrow(/2026-11-20_DAILY: AccessDenied/);
});

test('without a Lambda context the account comes from STS', async () => {
  const summary = await handlerWith({ collectors: [] })(scheduled('2026-11-21T01:00:00Z'));
  expect(summary.account_id).toBe(ACCOUNT);
  expect(mocks.sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
});

test('a bad environment fails with every problem named', async () => {
  const run = handlerWith({ env: { KMS_KEY_ARN: '1234abcd-12ab', CONCURRENCY: 'many', REGIONS: 'eu-west-1,Frankfurt' } });
  const error = await run(scheduled('2026-11-21T01:00:00Z'), context).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    expect.stringMatching(/^BUCKET is required/),
    expect.stringMatching(/^KMS_KEY_ARN .* is not a KMS key ARN/),
    expect.stringMatching(/^REGIONS .*Frankfurt/),
    expect.stringMatching(/^CONCURRENCY must be a positive integer/),
  ]);
});

test('configuration: caps, budget, regions and labels from the environment', () => {
  const cfg = loadConfig({ ...env, REGIONS: 'us-east-1, eu-west-1', ACTIVITY_EVENT_CAP: '100', COLLECTOR_BUDGET_MS: '200000', LOOKUP_EVENTS_PER_SECOND: '1.5', CATEGORY: 'Internet' });
  expect(cfg).toMatchObject({ bucket: 'orgpulse-central-snapshots', kmsKeyArn: KMS_KEY, homeRegion: 'eu-west-1', bucketRegion: 'eu-west-1', regions: ['us-east-1', 'eu-west-1'] });
  expect(cfg.collect).toMatchObject({ activityEventCap: 100, collectorBudgetMs: 200_000, lookupEventsPerSecond: 1.5, labels: { category: 'Internet', environment: 'prod' } });
});

describe('snapshot writer', () => {
  test('keys: data/{account}/{start}_{GRANULARITY}.json.gz', () => {
    expect(snapshotKey(ACCOUNT, { granularity: 'DAILY', start: '2026-11-20' })).toBe(`data/${ACCOUNT}/2026-11-20_DAILY.json.gz`);
    expect(snapshotKey(ACCOUNT, { granularity: 'MONTHLY', start: '2026-11-01' })).toBe(`data/${ACCOUNT}/2026-11-01_MONTHLY.json.gz`);
  });

  test('an invalid snapshot is never written; the error lists the paths', async () => {
    const root = mkdtempSync(join(tmpdir(), 'orgpulse-sender-'));
    const bad = completeSnapshot();
    (bad.cost as { current_period_cost: unknown }).current_period_cost = 'a lot';
    (bad.account as { account_type: unknown }).account_type = 'prod';
    expect(() => encodeSnapshot(bad)).toThrow(SnapshotContractError);
    const error = (() => {
      try {
        encodeSnapshot(bad);
      } catch (e) {
        return e as SnapshotContractError;
      }
    })();
    expect(error?.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['cost.current_period_cost', 'account.account_type']));
    await expect(uploadSnapshot(localDirSink(root), bad)).rejects.toThrow(/cost\.current_period_cost/);
    expect(existsSync(join(root, 'data'))).toBe(false);
    rmSync(root, { recursive: true, force: true });
  });

  test('the local sink mirrors the bucket layout with the same gzipped bytes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'orgpulse-sender-'));
    const snapshot = completeSnapshot();
    const { key, bytes } = await uploadSnapshot(localDirSink(root), snapshot);
    const written = readFileSync(join(root, key));
    expect(written.length).toBe(bytes);
    expect(written).toEqual(encodeSnapshot(snapshot));
    expect(JSON.parse(gunzipSync(written).toString('utf8'))).toEqual(snapshot);
    rmSync(root, { recursive: true, force: true });
  });
});
