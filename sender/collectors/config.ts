// AWS Config: rules with their compliance, the conformance pack each belongs to, and per-resource
// evaluations (NON_COMPLIANT first, capped per rule). Full state, per region.
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConformancePackCompliance,
  paginateDescribeConformancePacks,
  paginateGetComplianceDetailsByConfigRule,
  type ComplianceType,
  type EvaluationResult,
} from '@aws-sdk/client-config-service';
import type { z } from 'zod';
import type { configEvaluation, configRule, configSection } from '../../snapshot/index.js';
import { concatFields, type Collector, type CollectContext } from '../collector.js';
import { isoTime, mapBounded, notEnabled, softDeadline, uniqueBy } from './common.js';

type ConfigRule = z.input<typeof configRule>;
type ConfigEvaluation = z.input<typeof configEvaluation>;
type ConfigPart = { rules: ConfigRule[]; evaluations: ConfigEvaluation[] };

const NO_RECORDER = 'NoSuchConfigurationRecorderException';
/** Config throttles GetComplianceDetailsByConfigRule hard; a handful of rules at a time is enough. */
const RULE_CONCURRENCY = 5;
/** The API's maximum page size. */
const MAX_PAGE = 100;
const COMPLIANCE = new Set<string>(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);

function compliance(value: string | undefined): ConfigRule['compliance'] {
  return (value && COMPLIANCE.has(value) ? value : 'INSUFFICIENT_DATA') as ConfigRule['compliance'];
}

/** Rule name → conformance pack name, from every pack's rule list. */
async function conformancePacks(client: ConfigServiceClient): Promise<Map<string, string>> {
  const packOf = new Map<string, string>();
  const names: string[] = [];
  for await (const page of paginateDescribeConformancePacks({ client }, {})) {
    for (const p of page.ConformancePackDetails ?? []) if (p.ConformancePackName) names.push(p.ConformancePackName);
  }
  for (const name of names) {
    for await (const page of paginateDescribeConformancePackCompliance({ client }, { ConformancePackName: name })) {
      for (const r of page.ConformancePackRuleComplianceList ?? []) if (r.ConfigRuleName && !packOf.has(r.ConfigRuleName)) packOf.set(r.ConfigRuleName, name);
    }
  }
  return packOf;
}

/**
 * Which evaluations to read for a rule, in order. NON_COMPLIANT first so the cap never drops a
 * failing resource for a passing one; a COMPLIANT rule has no failing resources to ask for.
 * NOT_APPLICABLE evaluations say nothing about a resource and would crowd out the rest, so they
 * are not collected; INSUFFICIENT_DATA cannot be used as a filter.
 */
function passesFor(ruleCompliance: ConfigRule['compliance']): ComplianceType[][] {
  if (ruleCompliance === 'NON_COMPLIANT') return [['NON_COMPLIANT'], ['COMPLIANT']];
  if (ruleCompliance === 'COMPLIANT') return [['COMPLIANT']];
  return [];
}

async function evaluationsFor(ctx: CollectContext, client: ConfigServiceClient, rule: ConfigRule): Promise<{ evaluations: ConfigEvaluation[]; capped: boolean }> {
  const cap = Math.max(0, ctx.config.configEvaluationsPerRule);
  const passes = passesFor(rule.compliance);
  if (cap === 0) return { evaluations: [], capped: passes.length > 0 };
  const out: EvaluationResult[] = [];
  // Capped when something may be left unread: a fuller page, a next page, or a later pass.
  let capped = false;
  reading: for (const [i, types] of passes.entries()) {
    for await (const page of paginateGetComplianceDetailsByConfigRule({ client, pageSize: Math.min(MAX_PAGE, cap) }, { ConfigRuleName: rule.rule_name, ComplianceTypes: types })) {
      out.push(...(page.EvaluationResults ?? []));
      if (out.length >= cap) {
        capped = out.length > cap || Boolean(page.NextToken) || i < passes.length - 1;
        break reading;
      }
    }
  }
  const evaluations = out.slice(0, cap).flatMap((e): ConfigEvaluation[] => {
    const q = e.EvaluationResultIdentifier?.EvaluationResultQualifier;
    if (!q?.ResourceType || !q.ResourceId) return [];
    return [
      {
        rule_name: rule.rule_name,
        region: ctx.region,
        resource_type: q.ResourceType,
        resource_id: q.ResourceId,
        compliance_type: compliance(e.ComplianceType),
        annotation: e.Annotation ?? null,
        conformance_pack: rule.conformance_pack ?? null,
        evaluation_mode: q.EvaluationMode === 'DETECTIVE' || q.EvaluationMode === 'PROACTIVE' ? q.EvaluationMode : null,
        result_recorded_time: isoTime(e.ResultRecordedTime),
        config_rule_invoked_time: isoTime(e.ConfigRuleInvokedTime),
      },
    ];
  });
  return { evaluations, capped };
}

export const configCollector: Collector<ConfigPart, z.input<typeof configSection>> = {
  name: 'config',
  target: { section: 'config' },
  scope: 'regional',
  api: [
    'config:DescribeConfigurationRecorders',
    'config:DescribeComplianceByConfigRule',
    'config:DescribeConformancePacks',
    'config:DescribeConformancePackCompliance',
    'config:GetComplianceDetailsByConfigRule',
  ],
  notEnabledErrors: [NO_RECORDER],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const client = ctx.client(ConfigServiceClient);
    const recorders = await client.send(new DescribeConfigurationRecordersCommand({}));
    if ((recorders.ConfigurationRecorders ?? []).length === 0) throw notEnabled(NO_RECORDER, `AWS Config has no configuration recorder in ${ctx.region}`);

    const packOf = await conformancePacks(client);
    const rules: ConfigRule[] = [];
    for await (const page of paginateDescribeComplianceByConfigRule({ client }, {})) {
      for (const r of page.ComplianceByConfigRules ?? []) {
        if (!r.ConfigRuleName) continue;
        const contributors = r.Compliance?.ComplianceContributorCount;
        rules.push({
          rule_name: r.ConfigRuleName,
          region: ctx.region,
          compliance: compliance(r.Compliance?.ComplianceType),
          conformance_pack: packOf.get(r.ConfigRuleName) ?? null,
          non_compliant_resources: contributors?.CappedCount ?? 0,
          cap_exceeded: contributors?.CapExceeded ?? false,
        });
      }
    }
    const uniqueRules = uniqueBy(rules, (r) => r.rule_name);

    const { results, skipped } = await mapBounded(uniqueRules, RULE_CONCURRENCY, (rule) => evaluationsFor(ctx, client, rule), softDeadline(ctx));
    const capped = results.filter((r) => r?.capped).length;
    if (capped > 0) ctx.markTruncated(`config: evaluations capped at ${ctx.config.configEvaluationsPerRule} per rule for ${capped} rule(s)`);
    if (skipped > 0) ctx.markTruncated(`config: evaluations of ${skipped} rule(s) not read before the time budget ran low`);
    // One row per rule and resource (the receiver's key); NON_COMPLIANT came first, so it wins.
    const evaluations = uniqueBy(
      results.flatMap((r) => r?.evaluations ?? []),
      (e) => `${e.rule_name}\u0000${e.resource_type}\u0000${e.resource_id}`,
    );
    return { rules: uniqueRules, evaluations };
  },
  merge: concatFields,
};
