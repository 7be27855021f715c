// Trusted Advisor: every check with its current status, flagged/processed resource counts and, for
// cost checks, the estimated monthly savings. Full state, account-wide (Support API, us-east-1).
import { DescribeTrustedAdvisorCheckSummariesCommand, DescribeTrustedAdvisorChecksCommand, SupportClient, type TrustedAdvisorCheckSummary } from '@aws-sdk/client-support';
import type { z } from 'zod';
import type { trustedAdvisorCheck, trustedAdvisorSection } from '../../snapshot/index.js';
import type { Collector } from '../collector.js';
import { SUBSCRIPTION_REQUIRED, chunk, countOrNull, globalApiRegion, isoTime, numberOrNull, uniqueBy } from './common.js';

type Check = z.input<typeof trustedAdvisorCheck>;

/** Check ids per DescribeTrustedAdvisorCheckSummaries call (one call per check is what made the seed slow). */
const SUMMARY_BATCH = 100;
const STATUSES = new Set(['ok', 'warning', 'error', 'not_available']);

function row(check: { id: string; name: string; category: string }, summary: TrustedAdvisorCheckSummary | undefined): Check {
  const resources = summary?.resourcesSummary;
  return {
    check_id: check.id,
    check_name: check.name,
    category: check.category,
    // A check without a summary has not run (or does not apply): not_available, as Trusted Advisor says it.
    status: (summary?.status && STATUSES.has(summary.status) ? summary.status : 'not_available') as Check['status'],
    resources_flagged: countOrNull(resources?.resourcesFlagged) ?? 0,
    resources_processed: countOrNull(resources?.resourcesProcessed),
    estimated_monthly_savings: numberOrNull(summary?.categorySpecificSummary?.costOptimizing?.estimatedMonthlySavings),
    // Trusted Advisor reports savings in US dollars.
    currency: 'USD',
    timestamp: isoTime(summary?.timestamp),
  };
}

export const trustedAdvisorCollector: Collector<z.input<typeof trustedAdvisorSection>> = {
  name: 'trusted_advisor',
  target: { section: 'trusted_advisor' },
  scope: 'account',
  api: ['support:DescribeTrustedAdvisorChecks', 'support:DescribeTrustedAdvisorCheckSummaries'],
  notEnabledErrors: [SUBSCRIPTION_REQUIRED],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const support = ctx.client(SupportClient, globalApiRegion('support', ctx.region));
    const { checks = [] } = await support.send(new DescribeTrustedAdvisorChecksCommand({ language: 'en' }));
    const known = uniqueBy(
      checks.flatMap((c) => (c.id ? [{ id: c.id, name: c.name ?? c.id, category: c.category ?? 'unknown' }] : [])),
      (c) => c.id,
    );
    const summaries = new Map<string, TrustedAdvisorCheckSummary>();
    for (const ids of chunk(known.map((c) => c.id), SUMMARY_BATCH)) {
      const page = await support.send(new DescribeTrustedAdvisorCheckSummariesCommand({ checkIds: ids }));
      for (const s of page.summaries ?? []) if (s.checkId) summaries.set(s.checkId, s);
    }
    return known.map((c) => row(c, summaries.get(c.id)));
  },
};
