// What a responder is: a function from one SDK command's input to its output (without $metadata),
// answered from the world's view of an account on a day, in a region.
import type { AccountDay } from '../world/index.js';

export interface CallContext {
  day: AccountDay;
  region: string;
  clientName: string;
  commandName: string;
}

export type Output<O> = Omit<O, '$metadata'>;
export type Handler<I, O> = (input: I, ctx: CallContext) => Output<O> | Promise<Output<O>>;
export type AnyHandler = (input: unknown, ctx: CallContext) => unknown;

/** Erases a typed handler into the registry's shape (each is still type-checked against its SDK types). */
export function handler<I, O>(fn: Handler<I, O>): AnyHandler {
  return fn as unknown as AnyHandler;
}

/** Command name (without "Command") → handler, for one client class. */
export type ServiceResponders = Readonly<Record<string, AnyHandler>>;

/** Thrown for a command the simulator does not answer: the collector then reports failed, naming it. */
export class SimulatorUnsupportedCommand extends Error {
  override name = 'SimulatorUnsupportedCommand';
  constructor(
    readonly clientName: string,
    readonly commandName: string,
  ) {
    super(`the simulator does not answer ${clientName.replace(/Client$/, '')}:${commandName.replace(/Command$/, '')}`);
  }
}

/** An error shaped like the SDK's service exceptions (name, $fault, $metadata), as a collector sees it. */
export class SimulatedServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId: string; attempts: number; totalRetryDelay: number };
  readonly Code: string;

  constructor(name: string, message: string, status = 400, requestId = '00000000-0000-4000-8000-000000000000') {
    super(message);
    this.name = name;
    this.Code = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, requestId, attempts: 1, totalRetryDelay: 0 };
  }
}

/** Opaque, service-looking pagination tokens that encode an offset. */
export function encodeToken(offset: number, salt: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: salt })).toString('base64');
}

export function decodeToken(token: string | undefined | null): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && parsed.o >= 0 ? parsed.o : 0;
  } catch {
    throw new SimulatedServiceError('InvalidNextTokenException', 'The pagination token is invalid.');
  }
}

/** One page of `items` from `token`, at most `max` (bounded by the API's own limit). */
export function page<T>(items: readonly T[], token: string | undefined | null, max: number | undefined, apiMax: number, salt = 'p'): { items: T[]; next?: string } {
  const size = Math.max(1, Math.min(apiMax, max ?? apiMax));
  const offset = decodeToken(token);
  const slice = items.slice(offset, offset + size);
  return { items: slice, next: offset + size < items.length ? encodeToken(offset + size, salt) : undefined };
}

/** Cost Explorer style amounts: decimal strings, up to 10 decimals. */
export function amount(n: number): string {
  if (n === 0) return '0';
  return String(Math.round(n * 1e10) / 1e10);
}
