// Shared test plumbing for the sender's collector tests: run options, SDK-shaped errors, and client
// factories. AWS is mocked only at the SDK boundary (aws-sdk-client-mock stubs Client#send).
import type { ClientFactory } from '../../../sender/clients.js';
import { defaultSenderConfig, type AnyClient, type ClientClass, type SenderConfig } from '../../../sender/collector.js';
import type { RunCollectorOptions } from '../../../sender/run-collector.js';
import type { Period } from '../../../snapshot/index.js';

export const ACCOUNT = '123456789012';
export const DAY: Period = { granularity: 'DAILY', start: '2026-11-20', end: '2026-11-21' };
export const MONTH: Period = { granularity: 'MONTHLY', start: '2026-10-01', end: '2026-11-01' };
/** The daily run for DAY happens early the next morning. */
export const RUN_AT = new Date('2026-11-21T01:00:00Z');

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
 * Real SDK clients with the production retry settings (adaptive, `maxAttempts`) whose transport is
 * the aws-sdk-client-mock stub. aws-sdk-client-mock replaces Client#send, which normally bypasses the
 * whole middleware stack and so the retry middleware; here the stub is called from a middleware
 * placed right after the retry middleware, so a mocked ThrottlingException is retried by the SDK
 * exactly as one from AWS would be. The class must be mocked with mockClient() first.
 */
export function retryingClientFactory(maxAttempts = 3): ClientFactory {
  return <C extends AnyClient>(clientClass: ClientClass<C>, region: string) => {
    const client = new clientClass({ region, retryMode: 'adaptive', maxAttempts, credentials: STATIC_CREDENTIALS });
    type Send = (this: unknown, command: unknown, options?: unknown) => Promise<Record<string, unknown>>;
    const smithySend = (Object.getPrototypeOf(clientClass.prototype) as { send: Send }).send;
    const self = client as unknown as { send: Send };
    self.send = (command, options) => {
      const stub = (clientClass.prototype as { send: Send }).send;
      (command as { middlewareStack: { addRelativeTo(mw: unknown, opts: Record<string, unknown>): void } }).middlewareStack.addRelativeTo(
        () => async () => ({ output: { $metadata: {}, ...(await stub.call(client, command)) }, response: {} }),
        { relation: 'after', toMiddleware: 'retryMiddleware', name: 'awsSdkClientMockTransport', override: true },
      );
      return smithySend.call(client, command, options);
    };
    return client;
  };
}
