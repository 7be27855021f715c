// Every collector the sender runs. The runner queues (collector, region) runs in this order, so the
// long ones come first (longest-first keeps the last slot of the pool from setting the wall time):
// CloudTrail activity is paced at 2 requests/s per region, then the many-call regional inventories.
import type { AnyCollector } from '../collector.js';
import { activityCollector } from './activity.js';
import { serviceResourcesCollector } from './service-resources.js';
import { configCollector } from './config.js';
import { inventoryCollector } from './inventory.js';
import { securityHubCollector } from './security-hub.js';
import { guardDutyCollector } from './guard-duty.js';
import { inspectorCollector } from './inspector.js';
import { kmsCollector } from './kms.js';
import { wafCollector } from './waf.js';
import { cloudtrailCollector } from './cloudtrail.js';
import { secretsManagerCollector } from './secrets-manager.js';
import { certificatesCollector } from './certificates.js';
import { computeOptimizerCollector } from './compute-optimizer.js';
import { applicationSignalsCollector } from './application-signals.js';
import { resilienceHubCollector } from './resilience-hub.js';
import { accountCollector } from './account.js';
import { costCollector } from './cost.js';
import { servicesCollector } from './services.js';
import { marketplaceCollector } from './marketplace.js';
import { riSpSavingsCollector } from './ri-sp-savings.js';
import { trustedAdvisorCollector } from './trusted-advisor.js';
import { healthCollector } from './health.js';
import { supportTicketsCollector } from './support-tickets.js';

export const allCollectors: AnyCollector[] = [
  activityCollector,
  serviceResourcesCollector,
  configCollector,
  inventoryCollector,
  securityHubCollector,
  guardDutyCollector,
  inspectorCollector,
  kmsCollector,
  wafCollector,
  cloudtrailCollector,
  secretsManagerCollector,
  certificatesCollector,
  computeOptimizerCollector,
  applicationSignalsCollector,
  resilienceHubCollector,
  accountCollector,
  costCollector,
  servicesCollector,
  marketplaceCollector,
  riSpSavingsCollector,
  trustedAdvisorCollector,
  healthCollector,
  supportTicketsCollector,
];

/** IAM actions the sender role needs for these collectors (the union of their `api`). */
export function iamActions(collectors: readonly AnyCollector[] = allCollectors): string[] {
  return [...new Set(collectors.flatMap((c) => c.api))].sort();
}
