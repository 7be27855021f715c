// Shared test plumbing for the sender's collector tests: run options, SDK-shaped errors, paged
// fakes and client factories. AWS is mocked only at the SDK boundary (aws-sdk-client-mock stubs Client#send).
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/util-retry';
import type { z } from 'zod';
import type { ClientFactory } from '../../../sender/clients.js';
import { defaultSenderConfig, type AnyClient, type AnyCollector, type ClientClass, type SenderConfig } from '../../../sender/collector.js';
import { runCollector, type RegionRun, type RunCollectorOptions } from '../../../sender/run-collector.js';
import type { Period } from '../../../snapshot/index.js';

export const ACCOUNT = '123456789012';
export const DAY: Period = { granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' };
export const MONTH: Period = { granularity: 'MONTHLY', start: '2026-10-01', end: '2026-11-01' };
/** The daily run for DAY happens early the next morning. */
export const RUN_AT = new Date('2026-11-21T01:00:00Z');
/** The snapshot regions of the regional collectors' tests. */
export const REGIONS: readonly string[] = ['us-east-1', 'eu-west-1'];

const STATIC_CREDENTIALS = { accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'test-secret' };

/** Clients that never touch the network: a command nobody mocked fails at once instead of calling AWS. */
export function offlineClientFactory(maxAttempts = 1): ClientFactory {
  return <C extends AnyClient>(clientClass: ClientClass<C>, region: string) =>
    new clientClass({
      region,
      maxAttempts,
      credentials: STATIC_CREDENTIALS,
      requestHandler: { handle: () => Promise.reject(Object.assign(new Error('no network in tests (this command is not mocked)'), { name: 'NotMocked' })) },
    });
}

export const testConfig: SenderConfig = { ...defaultSenderConfig, maxAttempts: 1, lookupEventsPerSecond: 1000 };

export function runOptions(overrides: Partial<RunCollectorOptions> = {}): RunCollectorOptions {
  return {
    accountId: ACCOUNT,
    period: DAY,
    region: 'us-east-1',
    regions: ['us-east-1'],
    config: testConfig,
    clientFactory: offlineClientFactory(1),
    now: () => RUN_AT,
    ...overrides,
  };
}

/** runOptions for a regional collector's run in `region` of a snapshot covering REGIONS. */
export function regionalOptions(region = 'us-east-1', overrides: Partial<RunCollectorOptions> = {}): RunCollectorOptions {
  return runOptions({ region, regions: REGIONS, ...overrides });
}

/** The context the runner passes to merge(); truncation reasons are collected in `reasons`. */
export function mergeContext(reasons: string[] = []): Parameters<NonNullable<AnyCollector['merge']>>[1] {
  const o = regionalOptions();
  return { accountId: o.accountId, period: o.period, region: o.region, regions: o.regions, config: o.config, now: () => RUN_AT, markTruncated: (r) => reasons.push(r) };
}

/** Runs the collector and fails the test with the run's error unless it ended ok. */
export async function collectOk<P>(collector: AnyCollector, opts: RunCollectorOptions = regionalOptions()): Promise<{ part: P; run: RegionRun }> {
  const run = await runCollector(collector, opts);
  if (run.status !== 'ok') throw new Error(`expected ok, got ${run.status}: ${run.error}`);
  return { part: run.part as P, run };
}

/** Parses with the contract schema and fails with zod's issues (readable) when it does not fit. */
export function expectValid<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`contract violation: ${JSON.stringify(result.error.issues, null, 2)}`);
  return result.data;
}

/**
 * A fake for `mock.on(Command).callsFake(...)` that serves pages keyed by the continuation token,
 * as the service does: page i+1 only for the token page i returned. Inputs are cloned at call time
 * because SDK paginators reuse and mutate one input object across calls.
 */
export function paged<O extends object>(pages: O[], tokenIn: string, tokenOut: string) {
  const inputs: Record<string, unknown>[] = [];
  const fake = (input: Record<string, unknown>): O => {
    inputs.push(structuredClone(input));
    const token = input[tokenIn];
    const index = token === undefined || token === null ? 0 : /^page-(\d+)$/.exec(String(token))?.[1];
    const page = index === undefined ? undefined : pages[Number(index)];
    if (!page) throw new Error(`unexpected ${tokenIn}: ${String(token)}`);
    return Number(index) + 1 < pages.length ? { ...page, [tokenOut]: `page-${Number(index) + 1}` } : page;
  };
  return { fake, inputs, tokens: () => inputs.map((i) => i[tokenIn]) };
}

/** An error shaped like the SDK's deserialized service exceptions. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

export const accessDenied = (action: string) => awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/orgpulse-sender/fn is not authorized to perform: ${action}`);

/**
 * A throttling error the SDK's retry strategy retries: it classifies an error as THROTTLING when
 * its name is a known throttling code (ThrottlingException, TooManyRequestsException, …), or its
 * HTTP status is 429, or `$retryable.throttling` is set — any one of the three is enough.
 */
export const throttling = () => Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $retryable: { throttling: true } });

/**
 * The SDK's AdaptiveRetryStrategy with its waits cut to about a millisecond: the backoff (≥ 1 s for
 * a throttle) and the token bucket a throttle switches on (0.5 requests/s). Everything else —
 * which errors are retried, how often, the retry quota — is the SDK's.
 */
class QuickAdaptiveRetryStrategy extends AdaptiveRetryStrategy {
  constructor(maxAttempts: number) {
    super(maxAttempts, { backoff: { computeNextBackoffDelay: () => 1, setDelayBase: () => undefined }, rateLimiter: new DefaultRateLimiter({ minFillRate: 1000 }) });
  }

  // Resilience Hub's older middleware asks for the first token without a scope.
  override acquireInitialRetryToken(scope = '') {
    return super.acquireInitialRetryToken(scope);
  }
}

/**
 * Real SDK clients whose aws-sdk-client-mock answers go through the SDK's retry middleware, so a
 * mocked throttling error is retried by the adaptive retry strategy exactly as one from AWS would
 * be. aws-sdk-client-mock replaces Client#send, above the middleware stack and so above retries;
 * here send() runs the real middleware stack instead, with one middleware right after
 * retryMiddleware that answers each attempt from the mock (commandCalls counts attempts). Mock the
 * class with mockClient() first. Retries wait about a millisecond (QuickAdaptiveRetryStrategy).
 */
export function retryingClientFactory(maxAttempts = 3): ClientFactory {
  return <C extends AnyClient>(clientClass: ClientClass<C>, region: string) => {
    const client = new clientClass({ region, credentials: STATIC_CREDENTIALS, retryStrategy: new QuickAdaptiveRetryStrategy(maxAttempts) });
    type Send = (this: unknown, command: unknown, options?: unknown) => Promise<Record<string, unknown> | undefined>;
    const sdkSend = (Object.getPrototypeOf(clientClass.prototype) as { send: Send }).send;
    (client as unknown as { send: Send }).send = (command, options) => {
      const mockedSend = (clientClass.prototype as { send: Send }).send;
      (command as { middlewareStack: { addRelativeTo(mw: unknown, opts: object): void } }).middlewareStack.addRelativeTo(
        () => async () => ({ output: { $metadata: {}, ...(await mockedSend.call(client, command)) }, response: {} }),
        { relation: 'after', toMiddleware: 'retryMiddleware', name: 'awsSdkClientMockTransport', override: true },
      );
      return sdkSend.call(client, command, options);
    };
    return client;
  };
}
