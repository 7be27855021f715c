// The simulated world: the organization, the anomaly plan and, per account and day, a lazily
// computed view of everything the AWS APIs would answer that day. Nothing here holds more than one
// account-day of detail; profiles are cached in a small LRU.
import { dayNumber, DAY_MS } from '../dates.js';
import { planAnomalies, type AnomalyPlan, type DayAnomalies } from '../anomalies.js';
import { buildOrganization, type Organization, type SimAccount } from './org.js';
import { buildProfile, type AccountProfile } from './profile.js';
import { dailyCosts, type CostRecord } from './cost.js';
import { bucketsAt, instancesAt, volumesAt, type BucketState, type InstanceState, type VolumeState } from './resources.js';
import { activityAt, sortEvents, type TrailEvent } from './activity.js';

export interface WorldOptions {
  seed: string;
  accounts: number;
  /** First and last simulated day (YYYY-MM-DD, inclusive). */
  startDate: string;
  endDate: string;
}

export class World {
  readonly seed: string;
  readonly org: Organization;
  readonly plan: AnomalyPlan;
  readonly startDay: number;
  readonly endDay: number;
  private readonly profiles = new Map<string, AccountProfile>();

  constructor(options: WorldOptions) {
    this.seed = options.seed;
    this.startDay = dayNumber(options.startDate);
    this.endDay = dayNumber(options.endDate);
    this.org = buildOrganization(options.seed, options.accounts);
    this.plan = planAnomalies({ seed: options.seed, org: this.org, startDay: this.startDay, endDay: this.endDay });
  }

  account(accountId: string): SimAccount {
    const a = this.org.byId.get(accountId);
    if (!a) throw new Error(`account ${accountId} is not in the simulated organization`);
    return a;
  }

  profile(accountId: string): AccountProfile {
    let p = this.profiles.get(accountId);
    if (p) {
      // Refresh its place in the LRU.
      this.profiles.delete(accountId);
      this.profiles.set(accountId, p);
      return p;
    }
    p = buildProfile(this.org, this.account(accountId));
    this.profiles.set(accountId, p);
    if (this.profiles.size > 16) this.profiles.delete(this.profiles.keys().next().value as string);
    return p;
  }

  /** The view of `accountId` on `day`, as its sender sees it at collection time. */
  accountDay(accountId: string, day: number): AccountDay {
    return new AccountDay(this, this.account(accountId), this.profile(accountId), day);
  }
}

/** One account on one day: caches what several API calls need (instances, events, costs). */
export class AccountDay {
  readonly anomalies: DayAnomalies;
  private instancesCache?: InstanceState[];
  private volumesCache?: VolumeState[];
  private bucketsCache?: BucketState[];
  private eventsCache?: Map<string, TrailEvent[]>;
  private readonly costCache = new Map<number, CostRecord[]>();
  readonly memo = new Map<string, unknown>();

  constructor(
    readonly world: World,
    readonly account: SimAccount,
    readonly profile: AccountProfile,
    readonly day: number,
  ) {
    this.anomalies = world.plan.forAccountDay(account.id, day);
  }

  get seed(): string {
    return this.world.seed;
  }

  /** When the sender runs: 01:00–01:14 UTC the next day (the EventBridge schedule is spread over accounts). */
  get collectedAt(): Date {
    return new Date((this.day + 1) * DAY_MS + 3600_000 + this.account.collectionOffsetSec * 1000 + 345);
  }

  /** The account's regions plus any region where something happened that day. */
  get regions(): string[] {
    return [...this.account.regions, ...this.anomalies.extraRegions.filter((r) => !this.account.regions.includes(r))];
  }

  get instances(): InstanceState[] {
    return (this.instancesCache ??= instancesAt(this.seed, this.profile, this.day));
  }

  get volumes(): VolumeState[] {
    return (this.volumesCache ??= volumesAt(this.seed, this.profile, this.instances, this.day));
  }

  get buckets(): BucketState[] {
    return (this.bucketsCache ??= bucketsAt(this.seed, this.profile, this.day));
  }

  /** Cost records of any day (Cost Explorer is asked about the period, the previous one, whole months). */
  costs(day: number): CostRecord[] {
    let c = this.costCache.get(day);
    if (!c) {
      c = dailyCosts(this.seed, this.profile, day, this.world.plan.forAccountDay(this.account.id, day).costEffects);
      this.costCache.set(day, c);
    }
    return c;
  }

  /** The day's CloudTrail events per region, oldest first. */
  eventsIn(region: string): TrailEvent[] {
    if (!this.eventsCache) {
      const all = sortEvents([...activityAt({ seed: this.seed, org: this.world.org, profile: this.profile, day: this.day, instances: this.instances }), ...this.anomalies.events]);
      const byRegion = new Map<string, TrailEvent[]>();
      for (const e of all) {
        let list = byRegion.get(e.region);
        if (!list) byRegion.set(e.region, (list = []));
        list.push(e);
      }
      this.eventsCache = byRegion;
    }
    return this.eventsCache.get(region) ?? [];
  }

  /** Memoises a per-day computation under a key (findings, config rules, managed nodes …). */
  once<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }
}
