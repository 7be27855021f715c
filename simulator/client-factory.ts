// The simulator's ClientFactory: real SDK v3 clients whose middleware stack answers every command
// from the world at the `initialize` step, before serialization, signing or any network handler
// runs. Collectors, paginators and the sender's metering wrapper see ordinary SDK clients.
//
// Constructing an SDK client costs ~0.3 ms and the sender makes ~100 per snapshot, so each
// (client class, region) is constructed once per process as a template; the factory hands out
// an object derived from it (same class, same config) with its own copy of the middleware stack
// carrying this account-day's responder.
import type { ClientFactory } from '../sender/clients.js';
import type { AnyClient, ClientClass } from '../sender/collector.js';
import { respond } from './aws/index.js';
import type { AccountDay } from './world/index.js';

export interface CallStats {
  calls: number;
  /** "EC2:DescribeInstances" → count. */
  byOperation: Map<string, number>;
}

export function newCallStats(): CallStats {
  return { calls: 0, byOperation: new Map() };
}

export interface SimulatorClientOptions {
  /** Added to every simulated API call (benchmarks of the sender's concurrency). */
  latencyMs?: number;
  stats?: CallStats;
}

const CREDENTIALS = { accessKeyId: 'ASIASIMULATEDKEY0000', secretAccessKey: 'simulated-secret-key', sessionToken: 'simulated' };

/** A request handler that refuses to send: if a command ever got past the simulator, nothing leaves the process. */
const NO_NETWORK = {
  handle(): Promise<never> {
    return Promise.reject(new Error('the simulator let a request through to the network handler'));
  },
  destroy(): void {},
  updateHttpClientConfig(): void {},
  httpHandlerConfigs(): Record<string, never> {
    return {};
  },
};

/**
 * Middleware that never runs once the simulator answers at `initialize` (signing, retries, user
 * agent, logging …) is dropped from the templates: the SDK re-sorts the whole stack on every send.
 * The serializer and deserializer stay because commands position their own middleware against them.
 */
const KEEP = new Set(['serializerMiddleware', 'deserializerMiddleware']);

const templates = new Map<ClientClass<AnyClient>, Map<string, AnyClient>>();

function template<C extends AnyClient>(clientClass: ClientClass<C>, region: string): C {
  let byRegion = templates.get(clientClass);
  if (!byRegion) templates.set(clientClass, (byRegion = new Map()));
  let client = byRegion.get(region);
  if (!client) {
    client = new clientClass({ region, credentials: CREDENTIALS, maxAttempts: 1, requestHandler: NO_NETWORK });
    for (const id of client.middlewareStack.identify()) {
      const name = id.split(' - ')[0]?.split(' (a.k.a.')[0] ?? '';
      if (!KEEP.has(name)) client.middlewareStack.remove(name);
    }
    byRegion.set(region, client);
  }
  return client as C;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Context {
  clientName?: string;
  commandName?: string;
}

/** A client factory bound to one account on one day (the sender's view at collection time). */
export function simulatorClientFactory(day: AccountDay, options: SimulatorClientOptions = {}): ClientFactory {
  const latency = options.latencyMs ?? 0;
  const stats = options.stats;
  return <C extends AnyClient>(clientClass: ClientClass<C>, region: string): C => {
    const base = template(clientClass, region);
    const client = Object.create(base) as C;
    client.middlewareStack = base.middlewareStack.clone();
    client.middlewareStack.add(
      (_next: unknown, context: Context) =>
        async (args: { input: unknown }) => {
          const clientName = context.clientName ?? clientClass.name;
          const commandName = context.commandName ?? 'UnknownCommand';
          if (stats) {
            stats.calls += 1;
            const key = `${clientName.replace(/Client$/, '')}:${commandName.replace(/Command$/, '')}`;
            stats.byOperation.set(key, (stats.byOperation.get(key) ?? 0) + 1);
          }
          if (latency > 0) await sleep(latency);
          const output = (await respond(clientName, commandName, args.input, { day, region })) as Record<string, unknown>;
          return { output: { $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 }, ...output }, response: {} };
        },
      { step: 'initialize', priority: 'high', name: 'orgpulseSimulator' },
    );
    return client;
  };
}
