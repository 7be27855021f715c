// Test support for the security collectors: run options, AWS-shaped errors, token-keyed pages and
// a wire-level stub that keeps the SDK's own retry middleware in the path.
import type { z } from 'zod';
import { defaultClientFactory, type ClientFactory } from '../../../sender/clients.js';
import { defaultSenderConfig, type AnyCollector } from '../../../sender/collector.js';
import { runCollector, type RegionRun, type RunCollectorOptions } from '../../../sender/run-collector.js';

export const ACCOUNT = '123456789012';
export const PERIOD = { granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' } as const;
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;

export function options(region: string = 'us-east-1', overrides: Partial<RunCollectorOptions> = {}): RunCollectorOptions {
  return {
    accountId: ACCOUNT,
    period: PERIOD,
    region,
    regions: REGIONS,
    config: { ...defaultSenderConfig, maxAttempts: 1 },
    clientFactory: defaultClientFactory(1),
    ...overrides,
  };
}

/** The context a runner passes to merge(); truncation reasons are collected in `reasons`. */
export function mergeContext(reasons: string[] = []): Parameters<NonNullable<AnyCollector['merge']>>[1] {
  const o = options();
  return { accountId: o.accountId, period: o.period, region: o.region, regions: o.regions, config: o.config, now: () => new Date('2026-11-21T01:00:00Z'), markTruncated: (r) => reasons.push(r) };
}

/** Runs the collector and fails the test with the run's error unless it ended ok. */
export async function collectOk<P>(collector: AnyCollector, opts: RunCollectorOptions = options()): Promise<{ part: P; run: RegionRun }> {
  const run = await runCollector(collector, opts);
  if (run.status !== 'ok') throw new Error(`expected ok, got ${run.status}: ${run.error}`);
  return { part: run.part as P, run };
}

/** An error as the SDK throws it for a service error response. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

export function accessDenied(action: string): Error {
  return awsError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/orgpulse-sender/sender is not authorized to perform: ${action}`);
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

export interface WireResponse {
  status?: number;
  body?: unknown;
  /** Error code, sent both as x-amzn-errortype (REST-JSON) and __type (AWS JSON). */
  errorType?: string;
}

/**
 * A ClientFactory built on defaultClientFactory(maxAttempts) whose clients answer from canned HTTP
 * responses: the SDK's serializers, retry strategy and deserializers all run, unlike with
 * aws-sdk-client-mock (which replaces send() and so never retries). Routes match
 * "METHOD /path x-amz-target"; each route serves its responses in order and repeats the last.
 * Don't use it while aws-sdk-client-mock stubs the same client class.
 */
export function wireStub(routes: [RegExp, WireResponse[]][], maxAttempts = 3) {
  // Static credentials from the environment: the default chain tries it first, nothing is sent.
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIAORGPULSETEST0000';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'orgpulse-test-secret';
  const requests: string[] = [];
  const served = new Map<RegExp, number>();
  const handler = {
    async handle(request: { method: string; path: string; headers: Record<string, string> }) {
      const key = `${request.method} ${request.path} ${request.headers['x-amz-target'] ?? ''}`.trim();
      requests.push(key);
      const route = routes.find(([pattern]) => pattern.test(key));
      if (!route) throw new Error(`no stubbed response for ${key}`);
      const [pattern, responses] = route;
      const n = served.get(pattern) ?? 0;
      served.set(pattern, n + 1);
      const r = responses[Math.min(n, responses.length - 1)] ?? {};
      const status = r.status ?? (r.errorType ? 400 : 200);
      const body = r.errorType ? { __type: r.errorType, message: (r.body as { message?: string } | undefined)?.message ?? r.errorType } : (r.body ?? {});
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': `req-${requests.length}` };
      if (r.errorType) headers['x-amzn-errortype'] = r.errorType;
      return { response: { statusCode: status, headers, body: Buffer.from(JSON.stringify(body)) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const base = defaultClientFactory(maxAttempts);
  const clientFactory: ClientFactory = (clientClass, region) => {
    const client = base(clientClass, region);
    // The request handler is read from config on every send, so swapping it here is enough.
    (client.config as { requestHandler: unknown }).requestHandler = handler;
    return client;
  };
  return { clientFactory, requests };
}

export const THROTTLED: WireResponse = { status: 400, errorType: 'ThrottlingException', body: { message: 'Rate exceeded' } };
