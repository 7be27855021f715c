import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetLoggingConfigurationCommand, GetWebACLCommand, ListResourcesForWebACLCommand, ListWebACLsCommand, WAFV2Client, type Rule, type WebACL } from '@aws-sdk/client-wafv2';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { wafCollector, type WafPart } from '../../../sender/collectors/waf.js';
import type { ClientFactory } from '../../../sender/clients.js';
import { accessDenied, ACCOUNT, awsError, collectOk, expectValid, mergeContext, offlineClientFactory, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

const schema = securitySection.shape.waf;
const ACL_ARN = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/payments-api/a1b2c3d4`;
const ALB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/payments/50dc6c495c0c9188`;
const API = `arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod`;
const IP_SET = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/ipset/office/0f0f0f0f`;
const visible = (name: string, sampled = true) => ({ SampledRequestsEnabled: sampled, CloudWatchMetricsEnabled: true, MetricName: name });
const text = { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' as const }] };

const RULES: Rule[] = [
  { Name: 'AWS-AWSManagedRulesSQLiRuleSet', Priority: 0, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesSQLiRuleSet' } }, VisibilityConfig: visible('sqli') },
  {
    Name: 'rate-limit',
    Priority: 1,
    Action: { Block: {} },
    Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', ScopeDownStatement: { NotStatement: { Statement: { GeoMatchStatement: { CountryCodes: ['DE', 'FR'] } } } } } },
    VisibilityConfig: visible('rate', false),
  },
  {
    Name: 'block-injection-outside-office',
    Priority: 2,
    Action: { Block: {} },
    Statement: {
      AndStatement: {
        Statements: [
          { NotStatement: { Statement: { IPSetReferenceStatement: { ARN: IP_SET } } } },
          { OrStatement: { Statements: [{ SqliMatchStatement: text }, { XssMatchStatement: text }] } },
        ],
      },
    },
    VisibilityConfig: visible('injection'),
  },
  // Mentions "SqliMatchStatement" only as a search string: a substring search of the JSON would misread it.
  {
    Name: 'count-sqli-lookalike',
    Priority: 3,
    Action: { Count: {} },
    Statement: { ByteMatchStatement: { SearchString: new TextEncoder().encode('SqliMatchStatement'), PositionalConstraint: 'CONTAINS', ...text } },
    VisibilityConfig: { SampledRequestsEnabled: false, CloudWatchMetricsEnabled: false, MetricName: 'lookalike' },
  },
  { Name: 'AWS-AWSManagedRulesCommonRuleSet', Priority: 4, OverrideAction: { Count: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }, VisibilityConfig: visible('crs') },
];
const ACL: WebACL = {
  Name: 'payments-api',
  Id: 'a1b2c3d4',
  ARN: ACL_ARN,
  DefaultAction: { Allow: {} },
  Description: 'Public API protection',
  Rules: RULES,
  VisibilityConfig: visible('payments-api'),
  Capacity: 1225,
  ManagedByFirewallManager: false,
  LabelNamespace: 'awswaf:123456789012:webacl:payments-api:',
};
const summary = (acl: WebACL) => ({ Name: acl.Name, Id: acl.Id, ARN: acl.ARN, Description: acl.Description, LockToken: 'lock-1' });

describe('waf collector with mocked SDK', () => {
  let waf: AwsClientStub<WAFV2Client>;
  beforeEach(() => {
    waf = mockClient(WAFV2Client);
  });
  afterEach(() => waf.restore());

  test('maps a regional web ACL, its rules (walking the statement tree), resources and logging', async () => {
    waf.on(ListWebACLsCommand).resolves({ WebACLs: [summary(ACL)] });
    waf.on(GetWebACLCommand).resolves({ WebACL: ACL, LockToken: 'lock-1' });
    waf.on(ListResourcesForWebACLCommand).resolves({ ResourceArns: [] });
    waf.on(ListResourcesForWebACLCommand, { ResourceType: 'APPLICATION_LOAD_BALANCER' }).resolves({ ResourceArns: [ALB] });
    waf.on(ListResourcesForWebACLCommand, { ResourceType: 'API_GATEWAY' }).resolves({ ResourceArns: [API] });
    waf.on(ListResourcesForWebACLCommand, { ResourceType: 'VERIFIED_ACCESS_INSTANCE' }).rejects(awsError('WAFInvalidParameterException', 'Error reason: The resource type is not supported in this Region., field: RESOURCE_TYPE'));
    waf.on(GetLoggingConfigurationCommand).resolves({ LoggingConfiguration: { ResourceArn: ACL_ARN, LogDestinationConfigs: [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-payments`] } });

    const { part } = await collectOk<WafPart>(wafCollector, regionalOptions('eu-west-1'));
    const parsed = expectValid(schema, part)!;
    // Outside us-east-1 only the REGIONAL scope exists.
    expect(waf).toHaveReceivedCommandTimes(ListWebACLsCommand, 1);
    expect(waf).toHaveReceivedCommandWith(ListWebACLsCommand, { Scope: 'REGIONAL', Limit: 100 });
    expect(waf).toHaveReceivedCommandWith(GetWebACLCommand, { Name: 'payments-api', Id: 'a1b2c3d4', Scope: 'REGIONAL' });
    expect(parsed.web_acls).toEqual([
      {
        arn: ACL_ARN,
        id: 'a1b2c3d4',
        name: 'payments-api',
        scope: 'REGIONAL',
        region: 'eu-west-1',
        description: 'Public API protection',
        default_action: 'ALLOW',
        capacity: 1225,
        rules_count: 5,
        managed_rule_groups: 2,
        rate_based_rules: 1,
        custom_rules: 2,
        logging_enabled: true,
        associated_resources: [ALB, API],
      },
    ]);
    const base = { web_acl_arn: ACL_ARN, managed_vendor: null, managed_rule_group: null, rate_limit: null, geo_countries: [], sqli_protection: false, xss_protection: false, ip_set_reference: false };
    expect(parsed.rules).toEqual([
      { ...base, name: 'AWS-AWSManagedRulesSQLiRuleSet', priority: 0, action: 'NONE', statement_type: 'ManagedRuleGroupStatement', managed_vendor: 'AWS', managed_rule_group: 'AWSManagedRulesSQLiRuleSet', sqli_protection: true, sampled_requests: true, cloudwatch_metrics: true },
      { ...base, name: 'rate-limit', priority: 1, action: 'BLOCK', statement_type: 'RateBasedStatement', rate_limit: 2000, geo_countries: ['DE', 'FR'], sampled_requests: false, cloudwatch_metrics: true },
      { ...base, name: 'block-injection-outside-office', priority: 2, action: 'BLOCK', statement_type: 'AndStatement', sqli_protection: true, xss_protection: true, ip_set_reference: true, sampled_requests: true, cloudwatch_metrics: true },
      { ...base, name: 'count-sqli-lookalike', priority: 3, action: 'COUNT', statement_type: 'ByteMatchStatement', sampled_requests: false, cloudwatch_metrics: false },
      { ...base, name: 'AWS-AWSManagedRulesCommonRuleSet', priority: 4, action: 'COUNT', statement_type: 'ManagedRuleGroupStatement', managed_vendor: 'AWS', managed_rule_group: 'AWSManagedRulesCommonRuleSet', xss_protection: true, sampled_requests: true, cloudwatch_metrics: true },
    ]);
  });

  test('in us-east-1 also reports CloudFront ACLs, as global, without regional associations', async () => {
    const cdnArn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/cdn/f0e0d0c0`;
    const cdn: WebACL = { Name: 'cdn', Id: 'f0e0d0c0', ARN: cdnArn, DefaultAction: { Block: {} }, Rules: [], VisibilityConfig: visible('cdn'), Capacity: 0 };
    waf.on(ListWebACLsCommand, { Scope: 'REGIONAL' }).resolves({ WebACLs: [] });
    waf.on(ListWebACLsCommand, { Scope: 'CLOUDFRONT' }).resolves({ WebACLs: [summary(cdn)] });
    waf.on(GetWebACLCommand).resolves({ WebACL: cdn });
    waf.on(GetLoggingConfigurationCommand).rejects(awsError('WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.'));

    const { part } = await collectOk<WafPart>(wafCollector, regionalOptions('us-east-1'));
    expectValid(schema, part);
    expect(waf).toHaveReceivedCommandWith(GetWebACLCommand, { Name: 'cdn', Id: 'f0e0d0c0', Scope: 'CLOUDFRONT' });
    expect(waf).not.toHaveReceivedCommand(ListResourcesForWebACLCommand);
    expect(part.web_acls).toEqual([expect.objectContaining({ arn: cdnArn, scope: 'CLOUDFRONT', region: 'global', default_action: 'BLOCK', logging_enabled: false, rules_count: 0, associated_resources: [] })]);
    expect(part.rules).toEqual([]);
  });

  test('CloudFront ACLs are collected once per snapshot, by its first region, when us-east-1 is not covered', async () => {
    const cdnArn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/cdn/f0e0d0c0`;
    const cdn: WebACL = { Name: 'cdn', Id: 'f0e0d0c0', ARN: cdnArn, DefaultAction: { Allow: {} }, Rules: [], VisibilityConfig: visible('cdn'), Capacity: 0 };
    waf.on(ListWebACLsCommand, { Scope: 'REGIONAL' }).resolves({ WebACLs: [] });
    waf.on(ListWebACLsCommand, { Scope: 'CLOUDFRONT' }).resolves({ WebACLs: [summary(cdn)] });
    waf.on(GetWebACLCommand).resolves({ WebACL: cdn });
    waf.on(GetLoggingConfigurationCommand).resolves({});
    const clientRegions: string[] = [];
    const clientFactory: ClientFactory = (clientClass, region) => {
      clientRegions.push(region);
      return offlineClientFactory()(clientClass, region);
    };
    const regions = ['eu-west-1', 'eu-central-1'];

    const west = await collectOk<WafPart>(wafCollector, regionalOptions('eu-west-1', { regions, clientFactory }));
    const central = await collectOk<WafPart>(wafCollector, regionalOptions('eu-central-1', { regions, clientFactory }));
    // The first region's run asks the us-east-1 endpoint, which alone serves the CLOUDFRONT scope.
    expect(clientRegions).toEqual(['eu-west-1', 'us-east-1', 'eu-central-1']);
    expect(waf.commandCalls(ListWebACLsCommand, { Scope: 'CLOUDFRONT' })).toHaveLength(1);
    expect(west.part.web_acls).toEqual([expect.objectContaining({ arn: cdnArn, scope: 'CLOUDFRONT', region: 'global' })]);
    expect(central.part.web_acls).toEqual([]);
    const section = expectValid(securitySection, { waf: wafCollector.merge!([west.part, central.part], mergeContext()) });
    expect(section.waf?.web_acls.map((a) => a.arn)).toEqual([cdnArn]);
  });

  test('outside the commercial partition there is no CloudFront scope to ask', async () => {
    waf.on(ListWebACLsCommand).resolves({ WebACLs: [] });
    await collectOk<WafPart>(wafCollector, regionalOptions('cn-north-1', { regions: ['cn-north-1', 'cn-northwest-1'] }));
    expect(waf).toHaveReceivedCommandTimes(ListWebACLsCommand, 1);
    expect(waf).toHaveReceivedCommandWith(ListWebACLsCommand, { Scope: 'REGIONAL' });
  });

  test('follows NextMarker across pages', async () => {
    const acls = [0, 1, 2, 3, 4].map((i) => ({ ...ACL, Name: `acl-${i}`, Id: `id-${i}`, ARN: `${ACL_ARN}-${i}`, Rules: [] }));
    const list = paged([{ WebACLs: acls.slice(0, 2).map(summary) }, { WebACLs: acls.slice(2, 4).map(summary) }, { WebACLs: acls.slice(4).map(summary) }], 'NextMarker', 'NextMarker');
    waf.on(ListWebACLsCommand).callsFake(list.fake);
    waf.on(GetWebACLCommand).callsFake((input: { Id: string }) => ({ WebACL: acls.find((a) => a.Id === input.Id) }));
    waf.on(ListResourcesForWebACLCommand).resolves({ ResourceArns: [] });
    waf.on(GetLoggingConfigurationCommand).resolves({ LoggingConfiguration: { ResourceArn: ACL_ARN, LogDestinationConfigs: ['x'] } });

    const { part } = await collectOk<WafPart>(wafCollector, regionalOptions('eu-west-1'));
    expect(list.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(part.web_acls.map((a) => a.name)).toEqual(['acl-0', 'acl-1', 'acl-2', 'acl-3', 'acl-4']);
  });

  test('an empty page ends the listing even when it carries a marker', async () => {
    waf.on(ListWebACLsCommand).resolvesOnce({ WebACLs: [summary(ACL)], NextMarker: 'payments-api' }).resolves({ WebACLs: [], NextMarker: 'payments-api-again' });
    waf.on(GetWebACLCommand).resolves({ WebACL: { ...ACL, Rules: [] } });
    waf.on(ListResourcesForWebACLCommand).resolves({ ResourceArns: [] });
    waf.on(GetLoggingConfigurationCommand).resolves({});
    const { part } = await collectOk<WafPart>(wafCollector, regionalOptions('eu-west-1'));
    expect(waf).toHaveReceivedCommandTimes(ListWebACLsCommand, 2);
    expect(part.web_acls).toHaveLength(1);
  });

  test('AccessDenied is access_denied', async () => {
    waf.on(ListWebACLsCommand).rejects(accessDenied('wafv2:ListWebACLs'));
    const run = await runCollector(wafCollector, regionalOptions('eu-west-1'));
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/wafv2:ListWebACLs/);
  });

  test('merge concatenates web ACLs and rules of all regions', async () => {
    waf.on(ListWebACLsCommand).resolves({ WebACLs: [summary(ACL)] });
    waf.on(GetWebACLCommand).resolves({ WebACL: ACL });
    waf.on(ListResourcesForWebACLCommand).resolves({ ResourceArns: [] });
    waf.on(GetLoggingConfigurationCommand).resolves({});
    const west = await collectOk<WafPart>(wafCollector, regionalOptions('eu-west-1'));
    const eastArn = ACL_ARN.replace('eu-west-1', 'us-east-1');
    waf.on(ListWebACLsCommand, { Scope: 'CLOUDFRONT' }).resolves({ WebACLs: [] });
    waf.on(GetWebACLCommand).resolves({ WebACL: { ...ACL, ARN: eastArn, Rules: RULES.slice(0, 1) } });
    const east = await collectOk<WafPart>(wafCollector, regionalOptions('us-east-1'));

    const section = expectValid(securitySection, { waf: wafCollector.merge!([west.part, east.part], mergeContext()) });
    expect(section.waf?.web_acls.map((a) => [a.arn, a.region])).toEqual([
      [ACL_ARN, 'eu-west-1'],
      [eastArn, 'us-east-1'],
    ]);
    expect(section.waf?.rules).toHaveLength(RULES.length + 1);
    expect(section.waf?.rules.at(-1)).toMatchObject({ web_acl_arn: eastArn, name: 'AWS-AWSManagedRulesSQLiRuleSet' });
  });

  test('a throttled ListWebACLs is retried by the SDK and the retried page is used', async () => {
    waf.on(ListWebACLsCommand).rejectsOnce(throttling()).resolves({ WebACLs: [summary(ACL)] });
    waf.on(GetWebACLCommand).resolves({ WebACL: { ...ACL, Rules: [{ ...RULES[1]!, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } }] }, LockToken: 'lock-1' });
    waf.on(ListResourcesForWebACLCommand).resolves({ ResourceArns: [] });
    waf.on(GetLoggingConfigurationCommand).rejects(awsError('WAFNonexistentItemException'));
    const run = await runCollector(wafCollector, regionalOptions('eu-west-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(waf.commandCalls(ListWebACLsCommand)).toHaveLength(2);
    const part = run.part as WafPart;
    expect(part.web_acls).toEqual([expect.objectContaining({ arn: ACL_ARN, logging_enabled: false, rate_based_rules: 1 })]);
    expect(part.rules).toEqual([expect.objectContaining({ name: 'rate-limit', rate_limit: 2000, action: 'BLOCK' })]);
  });
});
