// WAFv2: every web ACL of the region with its rules, associated resources and logging; the
// account's CloudFront ACLs once per snapshot.
import {
  GetLoggingConfigurationCommand,
  GetWebACLCommand,
  ListResourcesForWebACLCommand,
  ListWebACLsCommand,
  WAFV2Client,
  type ResourceType,
  type Rule,
  type Scope,
  type Statement,
  type WebACL,
  type WebACLSummary,
} from '@aws-sdk/client-wafv2';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatFields, type Collector } from '../collector.js';
import { pagesOf } from '../pagination.js';
import { errorName, globalResourcesRegion, partitionOf } from './common.js';

export type WafPart = NonNullable<SecuritySection['waf']>;
type WebAcl = WafPart['web_acls'][number];
type WafRule = WafPart['rules'][number];

/** Regional resource types a web ACL can protect (CloudFront associations live in CloudFront's API). */
export const REGIONAL_RESOURCE_TYPES: readonly ResourceType[] = [
  'APPLICATION_LOAD_BALANCER',
  'API_GATEWAY',
  'APPSYNC',
  'COGNITO_USER_POOL',
  'APP_RUNNER_SERVICE',
  'VERIFIED_ACCESS_INSTANCE',
];
/** ListWebACLs allows up to 100 per page. */
const PAGE_LIMIT = 100;

export const wafCollector: Collector<WafPart> = {
  name: 'waf',
  target: { section: 'security', part: 'waf' },
  scope: 'regional',
  api: ['wafv2:ListWebACLs', 'wafv2:GetWebACL', 'wafv2:ListResourcesForWebACL', 'wafv2:GetLoggingConfiguration'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const part: WafPart = { web_acls: [], rules: [] };
    await collectScope(ctx.client(WAFV2Client), 'REGIONAL', ctx.region, part);
    // CLOUDFRONT-scoped ACLs are global and served by the us-east-1 endpoint only: one run per
    // snapshot collects them, whether or not the snapshot covers us-east-1. CloudFront is a
    // commercial-partition service.
    if (ctx.region === globalResourcesRegion(ctx.regions) && partitionOf(ctx.region) === 'aws') {
      await collectScope(ctx.client(WAFV2Client, 'us-east-1'), 'CLOUDFRONT', ctx.region, part);
    }
    return part;
  },

  merge: concatFields,
};

/** Adds every web ACL of one scope, with its rules, to `part`. */
async function collectScope(client: WAFV2Client, scope: Scope, region: string, part: WafPart): Promise<void> {
  for (const summary of await listWebAcls(client, scope)) {
    if (!summary.Name || !summary.Id) continue;
    let acl: WebACL | undefined;
    try {
      acl = (await client.send(new GetWebACLCommand({ Name: summary.Name, Id: summary.Id, Scope: scope }))).WebACL;
    } catch (error) {
      if (errorName(error) === 'WAFNonexistentItemException') continue; // deleted since the listing
      throw error;
    }
    if (!acl?.ARN) continue;
    const resources = scope === 'REGIONAL' ? await associatedResources(client, acl.ARN) : [];
    const logging = await loggingEnabled(client, acl.ARN);
    const rules = (acl.Rules ?? []).map((r) => mapRule(r, acl.ARN ?? ''));
    part.web_acls.push(mapWebAcl(acl, scope, region, rules, resources, logging));
    part.rules.push(...rules);
  }
}

/** WAFv2 has no SDK paginator: follow NextMarker; an empty page ends the listing even if it carries a marker. */
async function listWebAcls(client: WAFV2Client, scope: Scope): Promise<WebACLSummary[]> {
  const out: WebACLSummary[] = [];
  const pages = pagesOf(
    (marker) => client.send(new ListWebACLsCommand({ Scope: scope, Limit: PAGE_LIMIT, NextMarker: marker })),
    (page) => (page.WebACLs?.length ? page.NextMarker : undefined),
  );
  for await (const page of pages) out.push(...(page.WebACLs ?? []));
  return out;
}

async function associatedResources(client: WAFV2Client, webAclArn: string): Promise<string[]> {
  const arns: string[] = [];
  for (const resourceType of REGIONAL_RESOURCE_TYPES) {
    try {
      const res = await client.send(new ListResourcesForWebACLCommand({ WebACLArn: webAclArn, ResourceType: resourceType }));
      arns.push(...(res.ResourceArns ?? []));
    } catch (error) {
      // A resource type the region does not offer is rejected as an invalid parameter.
      if (errorName(error) === 'WAFInvalidParameterException' || errorName(error) === 'WAFNonexistentItemException') continue;
      throw error;
    }
  }
  return arns;
}

async function loggingEnabled(client: WAFV2Client, webAclArn: string): Promise<boolean> {
  try {
    const res = await client.send(new GetLoggingConfigurationCommand({ ResourceArn: webAclArn }));
    return res.LoggingConfiguration !== undefined;
  } catch (error) {
    if (errorName(error) === 'WAFNonexistentItemException') return false; // no logging configuration
    throw error;
  }
}

export function mapWebAcl(acl: WebACL, scope: Scope, region: string, rules: readonly WafRule[], resources: string[], logging: boolean): WebAcl {
  const managed = rules.filter((r) => r.statement_type === 'ManagedRuleGroupStatement').length;
  const rateBased = rules.filter((r) => r.statement_type === 'RateBasedStatement').length;
  return {
    arn: acl.ARN ?? '',
    id: acl.Id ?? '',
    name: acl.Name ?? '',
    scope,
    // CloudFront ACLs are global resources; the contract's region for them is "global".
    region: scope === 'CLOUDFRONT' ? 'global' : region,
    description: acl.Description || null,
    default_action: acl.DefaultAction?.Block ? 'BLOCK' : 'ALLOW',
    capacity: typeof acl.Capacity === 'number' ? acl.Capacity : null,
    rules_count: rules.length,
    managed_rule_groups: managed,
    rate_based_rules: rateBased,
    custom_rules: rules.length - managed - rateBased,
    logging_enabled: logging,
    associated_resources: resources,
  };
}

export function mapRule(rule: Rule, webAclArn: string): WafRule {
  const statement = rule.Statement ?? {};
  const nodes = [...walk(statement)];
  const managed = statement.ManagedRuleGroupStatement;
  const managedName = managed?.Name ?? '';
  return {
    web_acl_arn: webAclArn,
    name: rule.Name ?? '',
    priority: rule.Priority ?? 0,
    action: ruleAction(rule),
    statement_type: firstKey(statement) ?? 'Unknown',
    managed_vendor: managed?.VendorName ?? null,
    managed_rule_group: managed?.Name ?? null,
    rate_limit: statement.RateBasedStatement?.Limit ?? null,
    geo_countries: [...new Set(nodes.flatMap((s) => s.GeoMatchStatement?.CountryCodes ?? []))],
    sqli_protection: nodes.some((s) => s.SqliMatchStatement !== undefined) || /sqli/i.test(managedName),
    // The core rule set carries the CrossSiteScripting_* rules although its name does not say so.
    xss_protection: nodes.some((s) => s.XssMatchStatement !== undefined) || /xss/i.test(managedName) || managedName === 'AWSManagedRulesCommonRuleSet',
    ip_set_reference: nodes.some((s) => s.IPSetReferenceStatement !== undefined),
    sampled_requests: rule.VisibilityConfig?.SampledRequestsEnabled ?? false,
    cloudwatch_metrics: rule.VisibilityConfig?.CloudWatchMetricsEnabled ?? false,
  };
}

/** Every statement of the tree: logical operators and the scope-downs of rate-based and managed rules. */
export function* walk(statement: Statement | undefined): Generator<Statement> {
  if (!statement) return;
  yield statement;
  for (const child of statement.AndStatement?.Statements ?? []) yield* walk(child);
  for (const child of statement.OrStatement?.Statements ?? []) yield* walk(child);
  yield* walk(statement.NotStatement?.Statement);
  yield* walk(statement.RateBasedStatement?.ScopeDownStatement);
  yield* walk(statement.ManagedRuleGroupStatement?.ScopeDownStatement);
}

/** The rule's own action (ALLOW, BLOCK, COUNT, CAPTCHA, CHALLENGE) or a rule group's override (COUNT, NONE). */
function ruleAction(rule: Rule): string | null {
  const key = firstKey(rule.Action ?? {}) ?? firstKey(rule.OverrideAction ?? {});
  return key ? key.toUpperCase() : null;
}

function firstKey(obj: object): string | null {
  return Object.entries(obj).find(([, v]) => v !== undefined && v !== null)?.[0] ?? null;
}
