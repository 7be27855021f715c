// Trusted Advisor, Application Signals, Resilience Hub (state), Health events and support cases
// (lifecycle).
import type { Snapshot } from '../../snapshot/index.js';
import { asRow } from './bulk.js';
import type { LoadContext } from './context.js';
import { upsertLifecycle } from './lifecycle.js';
import { writeState } from './state.js';

type Section<K extends keyof Snapshot> = NonNullable<Snapshot[K]>;

export async function writeTrustedAdvisor(ctx: LoadContext, checks: Section<'trusted_advisor'>): Promise<void> {
  await writeState(ctx, 'trusted_advisor_checks', checks, ({ timestamp, ...c }) => ({ ...c, check_timestamp: timestamp }));
}

export async function writeApplicationSignals(ctx: LoadContext, services: Section<'application_signals'>): Promise<void> {
  // environment is part of the key: '' when the service has none (the column's default).
  await writeState(ctx, 'application_signals', services, (s) => ({ ...s, environment: s.environment ?? '' }));
}

export async function writeResilienceHub(ctx: LoadContext, apps: Section<'resilience_hub'>): Promise<void> {
  await writeState(ctx, 'resilience_hub_apps', apps, asRow);
}

export async function writeHealth(ctx: LoadContext, events: Section<'health'>): Promise<void> {
  await upsertLifecycle(ctx, 'health_events', events, { updatedAt: (t) => `${t}.last_updated_time`, toRow: asRow });
}

export async function writeSupportTickets(ctx: LoadContext, cases: Section<'support_tickets'>): Promise<void> {
  // A case that was never updated has only its creation time.
  await upsertLifecycle(ctx, 'support_tickets', cases, { updatedAt: (t) => `coalesce(${t}.last_updated, ${t}.time_created)`, toRow: asRow });
}
