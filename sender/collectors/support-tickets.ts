// Support cases created or updated during the period. Account-wide (Support API, us-east-1).
import { SupportClient, paginateDescribeCases, type CaseDetails, type DescribeCasesRequest } from '@aws-sdk/client-support';
import type { z } from 'zod';
import type { supportCase, supportTicketsSection } from '../../snapshot/index.js';
import type { Collector, CollectContext } from '../collector.js';
import { periodBounds } from '../periods.js';
import { SUBSCRIPTION_REQUIRED, globalApiRegion, isoTime } from './common.js';

type SupportCase = z.input<typeof supportCase>;

/** DescribeCases takes 10–100 per page. */
const PAGE = 100;
const SEVERITIES = new Set(['low', 'normal', 'high', 'urgent', 'critical']);

async function listCases(support: SupportClient, input: DescribeCasesRequest): Promise<CaseDetails[]> {
  const out: CaseDetails[] = [];
  for await (const page of paginateDescribeCases({ client: support, pageSize: PAGE }, input)) out.push(...(page.cases ?? []));
  return out;
}

export const supportTicketsCollector: Collector<z.input<typeof supportTicketsSection>> = {
  name: 'support_tickets',
  target: { section: 'support_tickets' },
  scope: 'account',
  api: ['support:DescribeCases'],
  notEnabledErrors: [SUBSCRIPTION_REQUIRED],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx: CollectContext) {
    const support = ctx.client(SupportClient, globalApiRegion('support', ctx.region));
    const { start, end } = periodBounds(ctx.period);
    const inPeriod = (iso: string | null) => iso !== null && iso >= start.toISOString() && iso < end.toISOString();

    // The case list has no updated-since filter: cases created since the period began (any status),
    // plus the cases still open whatever their age, which covers older cases worked on in the period.
    // The recent communications (up to 5, newest first) tell when a case was last updated.
    const created = await listCases(support, { includeResolvedCases: true, afterTime: start.toISOString(), includeCommunications: true });
    const open = await listCases(support, { includeResolvedCases: false, includeCommunications: true });

    const rows = new Map<string, SupportCase>();
    let unknownSeverity = 0;
    for (const c of [...created, ...open]) {
      const timeCreated = isoTime(c.timeCreated);
      if (!c.caseId || !timeCreated || rows.has(c.caseId)) continue;
      const updates = (c.recentCommunications?.communications ?? []).map((m) => isoTime(m.timeCreated)).filter((t): t is string => t !== null);
      const lastUpdated = updates.length > 0 ? updates.reduce((a, b) => (a > b ? a : b)) : null;
      if (!inPeriod(timeCreated) && !updates.some(inPeriod)) continue;
      if (!c.severityCode || !SEVERITIES.has(c.severityCode)) {
        unknownSeverity++;
        continue;
      }
      rows.set(c.caseId, {
        case_id: c.caseId,
        display_id: c.displayId ?? null,
        subject: c.subject ?? '',
        status: c.status ?? '',
        severity_code: c.severityCode as SupportCase['severity_code'],
        service_code: c.serviceCode ?? null,
        category_code: c.categoryCode ?? null,
        submitted_by: c.submittedBy ?? null,
        language: c.language?.slice(0, 8) ?? null,
        time_created: timeCreated,
        last_updated: lastUpdated,
      });
    }
    if (unknownSeverity > 0) ctx.markTruncated(`support_tickets: ${unknownSeverity} case(s) with a severity the contract does not know were left out`);
    return [...rows.values()];
  },
};
