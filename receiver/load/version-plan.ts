// Pure planning of state-table versions (no database): given the stored versions of some items
// around the snapshot date D and what the snapshot says on D, compute the smallest set of version
// writes. The rule: the snapshot is the truth for [D, N) — N being the next date the collector
// covered after D (none: open-ended) — everything outside [D, N) stays as it was, and adjacent
// versions of equal hash are merged instead of duplicated.

/** A date as 'YYYY-MM-DD'; null as an end means open (current). */
export type Day = string;

export interface StoredVersion {
  id: number;
  key: string;
  hash: string;
  from: Day;
  to: Day | null;
}

export interface IncomingItem {
  key: string;
  hash: string;
}

export interface PlanInput<V extends StoredVersion = StoredVersion> {
  date: Day;
  /** Next covered date after `date`; null when none (the snapshot also decides the present). */
  next: Day | null;
  /** Every stored version overlapping or touching [date, next] for the account. */
  stored: readonly V[];
  incoming: ReadonlyMap<string, IncomingItem>;
  /** Whether an item absent from the snapshot is gone (false: truncated or region not collected). */
  closable: (version: V) => boolean;
}

export interface RangeUpdate {
  id: number;
  from: Day;
  to: Day | null;
}

export interface VersionPlan {
  deletes: number[];
  /** Versions whose range only gets narrower (run before extensions: the current-version index). */
  shrinks: RangeUpdate[];
  /** Versions whose range gets wider (merged with an adjacent equal version). */
  extends: RangeUpdate[];
  /** Re-created copies of a stored version's attributes for another range (a split). */
  copies: { srcId: number; from: Day; to: Day | null }[];
  /** New versions with the snapshot's attributes. */
  inserts: { key: string; from: Day; to: Day | null }[];
}

interface Segment {
  from: Day;
  to: Day | null;
  hash: string;
  /** Stored version id the segment's attributes come from; null: the snapshot's. */
  src: number | null;
}

/** a < b with null meaning +∞. */
function before(a: Day | null, b: Day | null): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return a < b;
}
const minDay = (a: Day | null, b: Day | null): Day | null => (before(a, b) ? a : b);
const maxDay = (a: Day, b: Day): Day => (a < b ? b : a);

export function emptyPlan(): VersionPlan {
  return { deletes: [], shrinks: [], extends: [], copies: [], inserts: [] };
}

export function planVersions<V extends StoredVersion>(input: PlanInput<V>): VersionPlan {
  const { date, next } = input;
  const plan = emptyPlan();
  const byKey = new Map<string, V[]>();
  for (const v of input.stored) {
    const list = byKey.get(v.key);
    if (list) list.push(v);
    else byKey.set(v.key, [v]);
  }
  const keys = new Set<string>([...byKey.keys(), ...input.incoming.keys()]);
  for (const key of keys) {
    const versions = byKey.get(key) ?? [];
    const item = input.incoming.get(key);
    if (versions.length === 0) {
      if (item) plan.inserts.push({ key, from: date, to: next }); // new item: the common first-load case
      continue;
    }
    const overlapping = versions.filter((v) => before(date, v.to) && (next === null || v.from < next));
    if (!item) {
      // Absent: gone on [D, N) if absence means gone, else nothing is known.
      if (overlapping.length === 0 || !overlapping.every((v) => input.closable(v))) continue;
    } else if (overlapping.length === 1) {
      const v = overlapping[0]!;
      // The version covering all of [D, N) already says the same: the common, unchanged case.
      if (v.hash === item.hash && v.from <= date && !before(v.to, next)) continue;
    }
    planKey(plan, key, versions, item, date, next);
  }
  return plan;
}

function planKey(plan: VersionPlan, key: string, versions: readonly StoredVersion[], item: IncomingItem | undefined, date: Day, next: Day | null): void {
  const segments: Segment[] = [];
  for (const v of versions) {
    // The parts of v outside [date, next) survive unchanged.
    if (v.from < date) segments.push({ from: v.from, to: minDay(v.to, date), hash: v.hash, src: v.id });
    if (next !== null && before(next, v.to)) segments.push({ from: maxDay(v.from, next), to: v.to, hash: v.hash, src: v.id });
  }
  if (item) {
    // Reuse a stored version with the same attributes rather than writing them again.
    const same = versions.find((v) => v.hash === item.hash && before(date, v.to) && (next === null || v.from < next));
    segments.push({ from: date, to: next, hash: item.hash, src: same ? same.id : null });
  }
  segments.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));

  // Merge touching segments of equal hash; a stored source wins over the snapshot's.
  const merged: Segment[] = [];
  for (const s of segments) {
    const last = merged[merged.length - 1];
    if (last && last.to === s.from && last.hash === s.hash) {
      last.to = s.to;
      if (last.src === null) last.src = s.src;
    } else merged.push({ ...s });
  }

  for (const v of versions) {
    const pieces = merged.filter((s) => s.src === v.id);
    const first = pieces[0];
    if (!first) {
      plan.deletes.push(v.id);
      continue;
    }
    if (first.from !== v.from || first.to !== v.to) {
      const narrower = first.from >= v.from && !before(v.to, first.to);
      (narrower ? plan.shrinks : plan.extends).push({ id: v.id, from: first.from, to: first.to });
    }
    for (const extra of pieces.slice(1)) plan.copies.push({ srcId: v.id, from: extra.from, to: extra.to });
  }
  for (const s of merged) if (s.src === null) plan.inserts.push({ key, from: s.from, to: s.to });
}
