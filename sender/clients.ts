// Creates AWS SDK clients for collectors: adaptive retries with bounded attempts, every call
// counted for the collector that made it and cancelled when its time budget runs out.
import type { AnyClient, ClientClass } from './collector.js';

/** Builds a raw client; the simulator and tests swap this for their own. */
export type ClientFactory = <C extends AnyClient>(clientClass: ClientClass<C>, region: string) => C;

/**
 * Socket timeouts: without them a stalled connection holds its run until the collector's whole
 * budget is gone; with them it fails as a transient error that the retry strategy retries.
 */
const HTTP_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 };

export function defaultClientFactory(maxAttempts: number): ClientFactory {
  return <C extends AnyClient>(clientClass: ClientClass<C>, region: string) =>
    new clientClass({ region, retryMode: 'adaptive', maxAttempts, requestHandler: HTTP_TIMEOUTS });
}

export interface CallMeter {
  calls: number;
}

type SendCallback = (error: unknown, output?: unknown) => void;
type Send = (command: unknown, optionsOrCb?: Record<string, unknown> | SendCallback, cb?: SendCallback) => Promise<unknown> | void;

/**
 * Wraps a client so each send() is counted and carries the abort signal. The wrapper sits on the
 * instance, so SDK paginators and aws-sdk-client-mock (which stubs the prototype) both go through it.
 * Every call shape of Client#send is kept: (command, options?) returns a promise; (command, cb) and
 * (command, options, cb) call back instead.
 */
export function meteredClient<C extends AnyClient>(client: C, meter: CallMeter, signal: AbortSignal): C {
  const send = client.send.bind(client) as Send;
  const metered: Send = (command, optionsOrCb, cb) => {
    const callback = typeof optionsOrCb === 'function' ? optionsOrCb : cb;
    if (signal.aborted) {
      const error = signal.reason instanceof Error ? signal.reason : new Error('collector time budget exhausted');
      if (!callback) return Promise.reject(error);
      queueMicrotask(() => callback(error));
      return;
    }
    meter.calls += 1;
    const options = { abortSignal: signal, ...(typeof optionsOrCb === 'object' ? optionsOrCb : {}) };
    return callback ? send(command, options, callback) : send(command, options);
  };
  (client as unknown as { send: Send }).send = metered;
  return client;
}
