import { mockClient } from 'aws-sdk-client-mock';
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  type EvaluationResult,
} from '@aws-sdk/client-config-service';
import { configCollector } from '../../../sender/collectors/config.js';
import { runCollector } from '../../../sender/run-collector.js';
import { defaultClientFactory } from '../../../sender/clients.js';
import { configSection } from '../../../snapshot/index.js';
import { mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof configCollector.merge>>[0][number];

const cfg = mockClient(ConfigServiceClient);
beforeEach(() => {
  cfg.reset();
  cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config' }] });
  cfg.on(DescribeConformancePacksCommand).resolves({ ConformancePackDetails: [] });
  cfg.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [] });
  cfg.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
});

const options = regionalOptions();

const PACK = 'Operational-Best-Practices-for-CIS';

function evaluation(rule: string, resourceId: string, compliance: 'COMPLIANT' | 'NON_COMPLIANT', annotation?: string): EvaluationResult {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: 'AWS::S3::Bucket', ResourceId: resourceId, EvaluationMode: 'DETECTIVE' },
      OrderingTimestamp: new Date('2026-11-20T03:59:00Z'),
    },
    ComplianceType: compliance,
    ResultRecordedTime: new Date('2026-11-20T04:00:00Z'),
    ConfigRuleInvokedTime: new Date('2026-11-20T03:59:00Z'),
    Annotation: annotation,
  };
}

function realisticAccount(): void {
  cfg.on(DescribeConformancePacksCommand).resolves({
    ConformancePackDetails: [{ ConformancePackName: PACK, ConformancePackArn: 'arn:aws:config:us-east-1:123456789012:conformance-pack/cis', ConformancePackId: 'conformance-pack-1' }],
  });
  cfg.on(DescribeConformancePackComplianceCommand, { ConformancePackName: PACK }).resolves({
    ConformancePackName: PACK,
    ConformancePackRuleComplianceList: [{ ConfigRuleName: 's3-bucket-public-read-prohibited', ComplianceType: 'NON_COMPLIANT' }],
  });
  cfg.on(DescribeComplianceByConfigRuleCommand, { NextToken: undefined }).resolves({
    ComplianceByConfigRules: [
      { ConfigRuleName: 's3-bucket-public-read-prohibited', Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 1, CapExceeded: false } } },
      { ConfigRuleName: 'encrypted-volumes', Compliance: { ComplianceType: 'COMPLIANT' } },
    ],
    NextToken: 'rules-page-2',
  });
  cfg.on(DescribeComplianceByConfigRuleCommand, { NextToken: 'rules-page-2' }).resolves({
    ComplianceByConfigRules: [{ ConfigRuleName: 'iam-password-policy' }],
  });
  cfg
    .on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 's3-bucket-public-read-prohibited', ComplianceTypes: ['NON_COMPLIANT'] })
    .resolves({ EvaluationResults: [evaluation('s3-bucket-public-read-prohibited', 'payments-exports', 'NON_COMPLIANT', 'The bucket policy allows public read access.')] });
  cfg
    .on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 's3-bucket-public-read-prohibited', ComplianceTypes: ['COMPLIANT'] })
    .resolves({ EvaluationResults: [evaluation('s3-bucket-public-read-prohibited', 'payments-logs', 'COMPLIANT')] });
  cfg
    .on(GetComplianceDetailsByConfigRuleCommand, { ConfigRuleName: 'encrypted-volumes', ComplianceTypes: ['COMPLIANT'] })
    .resolves({ EvaluationResults: [{ ...evaluation('encrypted-volumes', 'vol-0123456789abcdef0', 'COMPLIANT'), EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'encrypted-volumes', ResourceType: 'AWS::EC2::Volume', ResourceId: 'vol-0123456789abcdef0' } } }] });
}

test('rules, conformance packs and evaluations are collected NON_COMPLIANT first, across pages', async () => {
  realisticAccount();
  const run = await runCollector(configCollector, options);
  expect(run.status).toBe('ok');
  expect(run.truncated).toBe(false);
  const section = configSection.parse(configCollector.merge!([run.part as Part], mergeContext()));

  expect(cfg).toHaveReceivedCommandWith(DescribeComplianceByConfigRuleCommand, { NextToken: 'rules-page-2' });
  expect(section.rules).toEqual([
    { rule_name: 's3-bucket-public-read-prohibited', region: 'us-east-1', compliance: 'NON_COMPLIANT', conformance_pack: PACK, non_compliant_resources: 1, cap_exceeded: false },
    { rule_name: 'encrypted-volumes', region: 'us-east-1', compliance: 'COMPLIANT', conformance_pack: null, non_compliant_resources: 0, cap_exceeded: false },
    // No evaluations yet: Config leaves Compliance out.
    { rule_name: 'iam-password-policy', region: 'us-east-1', compliance: 'INSUFFICIENT_DATA', conformance_pack: null, non_compliant_resources: 0, cap_exceeded: false },
  ]);
  expect(section.evaluations).toEqual([
    {
      rule_name: 's3-bucket-public-read-prohibited',
      region: 'us-east-1',
      resource_type: 'AWS::S3::Bucket',
      resource_id: 'payments-exports',
      compliance_type: 'NON_COMPLIANT',
      annotation: 'The bucket policy allows public read access.',
      conformance_pack: PACK,
      evaluation_mode: 'DETECTIVE',
      result_recorded_time: '2026-11-20T04:00:00.000Z',
      config_rule_invoked_time: '2026-11-20T03:59:00.000Z',
    },
    expect.objectContaining({ rule_name: 's3-bucket-public-read-prohibited', resource_id: 'payments-logs', compliance_type: 'COMPLIANT', annotation: null }),
    expect.objectContaining({ rule_name: 'encrypted-volumes', resource_type: 'AWS::EC2::Volume', resource_id: 'vol-0123456789abcdef0', evaluation_mode: null, conformance_pack: null }),
  ]);
  // The NON_COMPLIANT pass is asked for before the COMPLIANT one; a COMPLIANT rule is never asked
  // for failures, and a rule without data is not asked at all.
  const detailCalls = cfg.commandCalls(GetComplianceDetailsByConfigRuleCommand).map((c) => c.args[0].input);
  expect(detailCalls.filter((i) => i.ConfigRuleName === 's3-bucket-public-read-prohibited').map((i) => i.ComplianceTypes)).toEqual([['NON_COMPLIANT'], ['COMPLIANT']]);
  expect(detailCalls.filter((i) => i.ConfigRuleName === 'encrypted-volumes').map((i) => i.ComplianceTypes)).toEqual([['COMPLIANT']]);
  expect(detailCalls.some((i) => i.ConfigRuleName === 'iam-password-policy')).toBe(false);
});

test('evaluations stop at configEvaluationsPerRule, with the rule marked truncated', async () => {
  cfg.on(DescribeComplianceByConfigRuleCommand).resolves({
    ComplianceByConfigRules: [{ ConfigRuleName: 'restricted-ssh', Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 100, CapExceeded: true } } }],
  });
  const sg = (n: number) => ({ ...evaluation('restricted-ssh', `sg-${n}`, 'NON_COMPLIANT'), EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'restricted-ssh', ResourceType: 'AWS::EC2::SecurityGroup', ResourceId: `sg-${n}` } } });
  cfg.on(GetComplianceDetailsByConfigRuleCommand, { NextToken: undefined }).resolves({ EvaluationResults: [sg(1), sg(2)], NextToken: 'ev-2' });
  cfg.on(GetComplianceDetailsByConfigRuleCommand, { NextToken: 'ev-2' }).resolves({ EvaluationResults: [sg(3), sg(4)], NextToken: 'ev-3' });

  const run = await runCollector(configCollector, { ...options, config: { ...options.config, configEvaluationsPerRule: 3 } });
  expect(run.status).toBe('ok');
  const part = configSection.parse(run.part);
  expect(part.rules[0]).toMatchObject({ non_compliant_resources: 100, cap_exceeded: true });
  expect(part.evaluations.map((e) => e.resource_id)).toEqual(['sg-1', 'sg-2', 'sg-3']);
  expect(run.truncated).toBe(true);
  expect(run.truncationReasons.join()).toMatch(/capped at 3/);
  // Page size follows the cap; no third page and no COMPLIANT pass once the cap is reached.
  expect(cfg).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, { Limit: 3, ComplianceTypes: ['NON_COMPLIANT'] });
  expect(cfg).toHaveReceivedCommandTimes(GetComplianceDetailsByConfigRuleCommand, 2);
});

test('no configuration recorder is not_enabled, whether Config says so or the list is empty', async () => {
  cfg.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
  const empty = await runCollector(configCollector, options);
  expect(empty).toMatchObject({ status: 'not_enabled' });
  expect(empty.error).toMatch(/no configuration recorder in us-east-1/);
  expect(cfg).toHaveReceivedCommandTimes(DescribeComplianceByConfigRuleCommand, 0);

  cfg.on(DescribeConfigurationRecordersCommand).rejects(Object.assign(new Error('Cannot find configuration recorder'), { name: 'NoSuchConfigurationRecorderException' }));
  expect(await runCollector(configCollector, options)).toMatchObject({ status: 'not_enabled' });
});

test('AccessDenied becomes access_denied', async () => {
  cfg.on(DescribeComplianceByConfigRuleCommand).rejects(Object.assign(new Error('not authorized to perform config:DescribeComplianceByConfigRule'), { name: 'AccessDeniedException' }));
  const run = await runCollector(configCollector, options);
  expect(run.status).toBe('access_denied');
  expect(run.error).toMatch(/not authorized/);
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    cfg.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [{ ConfigRuleName: 'restricted-ssh', Compliance: { ComplianceType: 'NON_COMPLIANT' } }] });
    cfg
      .on(GetComplianceDetailsByConfigRuleCommand, { ComplianceTypes: ['NON_COMPLIANT'] })
      .rejectsOnce(throttling())
      .resolves({ EvaluationResults: [evaluation('restricted-ssh', 'sg-1', 'NON_COMPLIANT')] });

    const run = await runCollector(configCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(configSection.parse(run.part).evaluations.map((e) => e.resource_id)).toEqual(['sg-1']);
    const attempts = cfg.commandCalls(GetComplianceDetailsByConfigRuleCommand).filter((c) => c.args[0].input.ComplianceTypes?.[0] === 'NON_COMPLIANT');
    expect(attempts).toHaveLength(2);
  });

  test('the helper is needed: with the mock above the middleware, the same throttle is not retried', async () => {
    cfg.on(DescribeComplianceByConfigRuleCommand).rejectsOnce(throttling());
    const run = await runCollector(configCollector, { ...options, clientFactory: defaultClientFactory(3) });
    expect(run).toMatchObject({ status: 'failed', error: 'ThrottlingException: Rate exceeded' });
  });
});

test('merge concatenates the regions’ rules and evaluations', async () => {
  realisticAccount();
  const east = await runCollector(configCollector, options);
  cfg.on(DescribeConformancePacksCommand).resolves({ ConformancePackDetails: [] });
  cfg.on(DescribeComplianceByConfigRuleCommand).resolves({ ComplianceByConfigRules: [{ ConfigRuleName: 'root-account-mfa-enabled', Compliance: { ComplianceType: 'COMPLIANT' } }] });
  cfg.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  const west = await runCollector(configCollector, { ...options, region: 'eu-west-1' });
  const merged = configSection.parse(configCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(merged.rules.map((r) => `${r.region}/${r.rule_name}`)).toEqual([
    'us-east-1/s3-bucket-public-read-prohibited',
    'us-east-1/encrypted-volumes',
    'us-east-1/iam-password-policy',
    'eu-west-1/root-account-mfa-enabled',
  ]);
  expect(merged.evaluations).toHaveLength(3);
  expect(merged.evaluations.every((e) => e.region === 'us-east-1')).toBe(true);
});
