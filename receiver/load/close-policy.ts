// What the absence of an item from a section means, decided from the collector's run:
// ok → the item is gone; truncated → nothing is known (the section is incomplete);
// partial → gone only in the regions that succeeded; a run that says failed/skipped/… while its
// section is present → load what is there, close nothing.
import type { LoadContext } from './context.js';
import { collectorRun } from './context.js';
import type { Row } from './types.js';

export type ClosePolicy =
  | { kind: 'all' }
  | { kind: 'none' }
  /** Only items whose region column is in `regions`. */
  | { kind: 'regions'; regions: ReadonlySet<string> };

/** Regions a partial collector succeeded in: the snapshot's regions (and "global") not reported failed. */
export function succeededRegions(ctx: LoadContext, collector: string): Set<string> {
  const detail = collectorRun(ctx, collector)?.regions ?? {};
  const failed = new Set(Object.entries(detail).filter(([, r]) => r.status !== 'ok').map(([region]) => region));
  return new Set([...ctx.envelope.regions, 'global'].filter((r) => !failed.has(r)));
}

export function closePolicy(ctx: LoadContext, collector: string): ClosePolicy {
  const run = collectorRun(ctx, collector);
  if (!run) return { kind: 'all' }; // the loader synthesizes an ok run for a present section (see index.ts)
  if (run.truncated) return { kind: 'none' };
  if (run.status === 'ok') return { kind: 'all' };
  if (run.status === 'partial') return { kind: 'regions', regions: succeededRegions(ctx, collector) };
  return { kind: 'none' };
}

/** The column that says where an item lives, if the table has one. */
export function regionColumn(columns: ReadonlySet<string> | ReadonlyMap<string, unknown>): string | undefined {
  if (columns.has('region')) return 'region';
  if (columns.has('home_region')) return 'home_region';
  return undefined;
}

/** Whether a stored row absent from the snapshot may be closed or deleted under the policy. */
export function mayClose(policy: ClosePolicy, row: Row, region: string | undefined): boolean {
  switch (policy.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'regions': {
      if (!region) return false;
      const value = row[region];
      return typeof value === 'string' && policy.regions.has(value);
    }
  }
}

export function describePolicy(policy: ClosePolicy): string {
  switch (policy.kind) {
    case 'all':
      return 'complete';
    case 'none':
      return 'incomplete: nothing closed';
    case 'regions':
      return `partial: closed only in ${[...policy.regions].sort().join(', ')}`;
  }
}
