import { TokenBucket, sharedBucket, type Clock } from '../../sender/rate-limit.js';

/** A clock that only moves when someone sleeps (or never, if frozen), recording every sleep. */
function fakeClock(frozen = false): Clock & { sleeps: number[] } {
  let t = 1000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (!frozen) t += ms;
    },
  };
}

test('requests are spaced 1/rate apart: 2 per second → 0, 500, 500 ms waits', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(2, clock);
  await bucket.take();
  await bucket.take();
  await bucket.take();
  expect(clock.sleeps).toEqual([500, 500]);
});

test('concurrent callers queue in order rather than all passing at once', async () => {
  const clock = fakeClock(true);
  const bucket = new TokenBucket(2, clock);
  const order: number[] = [];
  // all three reserve at the same instant; the reservations are 0, 500 and 1000 ms out
  await Promise.all(
    [0, 1, 2].map(async (i) => {
      await bucket.take();
      order.push(i);
    }),
  );
  expect(clock.sleeps).toEqual([500, 1000]);
  expect(order).toEqual([0, 1, 2]);
});

test('an idle bucket does not bank tokens for a burst', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(2, clock);
  await bucket.take();
  await clock.sleep(10_000); // idle
  await bucket.take();
  await bucket.take();
  expect(clock.sleeps).toEqual([10_000, 500]);
  expect(bucket.waitMs()).toBe(500);
});

test('the shared bucket is one per key and rate', () => {
  expect(sharedBucket('cloudtrail:LookupEvents:eu-west-1', 2)).toBe(sharedBucket('cloudtrail:LookupEvents:eu-west-1', 2));
  expect(sharedBucket('cloudtrail:LookupEvents:eu-west-1', 2)).not.toBe(sharedBucket('cloudtrail:LookupEvents:us-east-1', 2));
});

test('a non-positive rate is refused', () => {
  expect(() => new TokenBucket(0)).toThrow(/positive/);
});
