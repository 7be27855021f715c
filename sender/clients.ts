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

/**
 * Wraps a client so each send() is counted and carries the abort signal. The wrapper sits on the
 * instance, so SDK paginators and aws-sdk-client-mock (which stubs the prototype) both go through it.
 */
export function meteredClient<C extends AnyClient>(client: C, meter: CallMeter, signal: AbortSignal): C {
  const send = client.send.bind(client) as (command: unknown, options?: Record<string, unknown>) => Promise<unknown>;
  (client as unknown as { send: unknown }).send = (command: unknown, options?: Record<string, unknown> | ((...a: unknown[]) => void)) => {
    if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('collector time budget exhausted'));
    meter.calls += 1;
    const opts = typeof options === 'object' && options !== null ? options : {};
    return send(command, { abortSignal: signal, ...opts });
  };
  return client;
}
