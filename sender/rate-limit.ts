// A token bucket for APIs with a hard per-region request rate (CloudTrail LookupEvents: 2 per
// second per account and region). Shared per key so that every run in the process that calls the
// same API in the same region draws from one bucket.

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Burst of one: requests are spaced at least 1/rate seconds apart, so no one-second window ever
 * holds more than `ratePerSecond` requests (AWS's own bucket may allow a burst; we never rely on it).
 */
export class TokenBucket {
  readonly intervalMs: number;
  /** When the next token becomes available (clock time). */
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ratePerSecond: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** How long a take() started now would wait, ms. */
  waitMs(): number {
    return Math.max(0, this.nextAt - this.clock.now());
  }

  /** Waits for a token. Reservations are made synchronously, so concurrent callers queue in order. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now, signal);
  }
}

const shared = new Map<string, TokenBucket>();

/** The process-wide bucket for `key` (e.g. "cloudtrail:LookupEvents:eu-west-1") at this rate. */
export function sharedBucket(key: string, ratePerSecond: number): TokenBucket {
  const id = `${key}@${ratePerSecond}`;
  let bucket = shared.get(id);
  if (!bucket) {
    bucket = new TokenBucket(ratePerSecond);
    shared.set(id, bucket);
  }
  return bucket;
}
