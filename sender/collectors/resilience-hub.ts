// AWS Resilience Hub: applications with their resiliency score, compliance, drift and the RTO/RPO
// targets of their policy. Full state, per region. (The seed also had a "cost" that no API returns.)
import { DescribeAppCommand, DescribeResiliencyPolicyCommand, ResiliencehubClient, paginateListApps, type App, type AppSummary } from '@aws-sdk/client-resiliencehub';
import type { z } from 'zod';
import type { resilienceHubApp, resilienceHubSection } from '../../snapshot/index.js';
import { concatParts, type AnyClient, type ClientClass, type Collector } from '../collector.js';
import { countOrNull, errorName, isoTime, mapBounded, percentOrNull, softDeadline } from './common.js';

type HubApp = z.input<typeof resilienceHubApp>;
interface Policy {
  name: string | null;
  rpo: number | null;
  rto: number | null;
}

const PAGE = 100;
/** DescribeApp / DescribeResiliencyPolicy calls in flight. */
const CONCURRENCY = 5;

function isNotFound(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

function row(region: string, summary: AppSummary, app: App | undefined, policy: Policy | undefined): HubApp {
  const a = app ?? summary;
  return {
    app_arn: summary.appArn as string,
    name: a.name ?? summary.name ?? '',
    region,
    description: a.description ?? null,
    compliance_status: a.complianceStatus ?? null,
    resiliency_score: percentOrNull(a.resiliencyScore),
    status: a.status ?? null,
    drift_status: a.driftStatus ?? null,
    policy_name: policy?.name ?? null,
    // The policy's targets for an Availability Zone disruption.
    rpo_seconds: policy?.rpo ?? null,
    rto_seconds: policy?.rto ?? null,
    creation_time: isoTime(a.creationTime),
    // The last assessment that evaluated the app's compliance.
    last_assessment_time: isoTime(a.lastAppComplianceEvaluationTime),
    // Resilience Hub records no drills (FIS experiments are not linked to apps); not invented here.
    last_drill_time: null,
  };
}

export const resilienceHubCollector: Collector<HubApp[], z.input<typeof resilienceHubSection>> = {
  name: 'resilience_hub',
  target: { section: 'resilience_hub' },
  scope: 'regional',
  api: ['resiliencehub:ListApps', 'resiliencehub:DescribeApp', 'resiliencehub:DescribeResiliencyPolicy'],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    // @aws-sdk/client-resiliencehub is an older release built on smithy-client 2, whose Client type
    // differs from ours in TypeScript only; at run time it sends, retries and destroys the same way.
    const hub = ctx.client(ResiliencehubClient as unknown as ClientClass<AnyClient>) as unknown as ResiliencehubClient;
    const summaries: AppSummary[] = [];
    for await (const page of paginateListApps({ client: hub, pageSize: PAGE }, {})) {
      for (const s of page.appSummaries ?? []) if (s.appArn) summaries.push(s);
    }
    const stop = softDeadline(ctx);

    // The policy ARN is only in DescribeApp. An app deleted since the listing is gone (null).
    const described = await mapBounded(summaries, CONCURRENCY, async (s) => {
      try {
        return (await hub.send(new DescribeAppCommand({ appArn: s.appArn }))).app ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    }, stop);

    // Apps often share a policy: describe each policy once.
    const policyArns = [...new Set(described.results.flatMap((a) => (a?.policyArn ? [a.policyArn] : [])))];
    const policies = await mapBounded(policyArns, CONCURRENCY, async (policyArn): Promise<Policy | undefined> => {
      try {
        const { policy } = await hub.send(new DescribeResiliencyPolicyCommand({ policyArn }));
        const az = policy?.policy?.AZ;
        return { name: policy?.policyName ?? null, rpo: countOrNull(az?.rpoInSecs), rto: countOrNull(az?.rtoInSecs) };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    }, stop);
    const policyOf = new Map(policyArns.map((arn, i) => [arn, policies.results[i]]));

    const skipped = described.skipped + policies.skipped;
    if (skipped > 0) ctx.markTruncated(`resilience_hub: ${skipped} app/policy detail call(s) not made before the time budget ran low`);
    return summaries.flatMap((s, i) => {
      const app = described.results[i];
      if (app === null) return [];
      return [row(ctx.region, s, app, app?.policyArn ? policyOf.get(app.policyArn) : undefined)];
    });
  },
  merge: concatParts,
};
