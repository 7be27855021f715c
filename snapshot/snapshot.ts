// The snapshot contract: one JSON document per account and period, shared by sender and receiver.
import { z } from 'zod';
import { envelope } from './envelope.js';
import { accountSection } from './sections/account.js';
import { costSection } from './sections/cost.js';
import { servicesSection } from './sections/services.js';
import { securitySection } from './sections/security.js';
import { configSection } from './sections/config.js';
import { inventorySection } from './sections/inventory.js';
import { serviceResourcesSection } from './sections/service-resources.js';
import { computeOptimizerSection } from './sections/compute-optimizer.js';
import {
  applicationSignalsSection,
  healthSection,
  resilienceHubSection,
  supportTicketsSection,
  trustedAdvisorSection,
} from './sections/operations.js';
import { marketplaceSection, riSpSavingsSection } from './sections/spend.js';
import { activitySection } from './sections/activity.js';

/** Every section is optional: a collector that failed leaves its section out and says why in `collectors`. */
export const sections = {
  account: accountSection,
  cost: costSection,
  services: servicesSection,
  security: securitySection,
  config: configSection,
  inventory: inventorySection,
  service_resources: serviceResourcesSection,
  compute_optimizer: computeOptimizerSection,
  trusted_advisor: trustedAdvisorSection,
  health: healthSection,
  application_signals: applicationSignalsSection,
  resilience_hub: resilienceHubSection,
  marketplace: marketplaceSection,
  ri_sp_savings: riSpSavingsSection,
  support_tickets: supportTicketsSection,
  activity: activitySection,
} as const;
export type SectionName = keyof typeof sections;
export const sectionNames = Object.keys(sections) as SectionName[];

const optionalSections = Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, s.optional()])) as {
  [K in SectionName]: z.ZodOptional<(typeof sections)[K]>;
};

/** Sections a MONTHLY snapshot may carry: period totals, not state (state is a daily fact). */
export const monthlySections: readonly SectionName[] = ['account', 'cost', 'services', 'marketplace', 'ri_sp_savings'];

export const snapshotSchema = z.object({ ...envelope, ...optionalSections }).superRefine((doc, ctx) => {
  if (doc.period.granularity !== 'MONTHLY') return;
  for (const name of sectionNames) {
    if (doc[name] !== undefined && !monthlySections.includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `a MONTHLY snapshot carries only ${monthlySections.join(', ')}` });
    }
  }
});
/** A snapshot as the sender writes it (defaults may be omitted). */
export type SnapshotInput = z.input<typeof snapshotSchema>;
/** A validated snapshot (defaults applied, unknown fields stripped). */
export type Snapshot = z.output<typeof snapshotSchema>;

/**
 * Collector name for each part of a snapshot. Security parts are collected (and fail) one by one,
 * so they have their own collectors; everything else is one collector per section.
 */
export const securityCollectors = [
  'security_hub',
  'guard_duty',
  'inspector',
  'kms',
  'waf',
  'cloudtrail',
  'secrets_manager',
  'certificates',
] as const;
export const collectorNames = [...sectionNames.filter((s) => s !== 'security'), ...securityCollectors] as const;
