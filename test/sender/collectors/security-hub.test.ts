import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { securityHubCollector, type SecurityHubPart } from '../../../sender/collectors/security-hub.js';
import { accessDenied, ACCOUNT, awsError, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

const schema = securitySection.shape.security_hub;

const S3_FINDING: AwsSecurityFinding = {
  SchemaVersion: '2018-10-08',
  Id: `arn:aws:securityhub:us-east-1:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/1b2c3d4e`,
  ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
  ProductName: 'Security Hub',
  CompanyName: 'AWS',
  GeneratorId: 'aws-foundational-security-best-practices/v/1.0.0/S3.8',
  AwsAccountId: ACCOUNT,
  Region: 'us-east-1',
  Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
  FirstObservedAt: '2026-11-02T08:00:00.000Z',
  LastObservedAt: '2026-11-20T06:12:00.000Z',
  CreatedAt: '2026-11-02T08:00:00.000Z',
  UpdatedAt: '2026-11-20T06:12:00.000Z',
  Severity: { Label: 'CRITICAL', Normalized: 90, Original: 'CRITICAL' },
  Title: 'S3 general purpose buckets should block public access',
  Description: 'This control checks whether an S3 general purpose bucket blocks public access at the bucket level.',
  Remediation: { Recommendation: { Text: 'Enable Block Public Access on the bucket.', Url: 'https://docs.aws.amazon.com/console/securityhub/S3.8/remediation' } },
  Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::payments-exports', Partition: 'aws', Region: 'us-east-1' }],
  Compliance: { Status: 'FAILED' },
  WorkflowState: 'NEW',
  Workflow: { Status: 'NEW' },
  RecordState: 'ACTIVE',
};
const IAM_FINDING: AwsSecurityFinding = {
  ...S3_FINDING,
  Id: `arn:aws:securityhub:us-east-1:${ACCOUNT}:subscription/cis-aws-foundations-benchmark/v/1.4.0/1.14/finding/9f8e7d6c`,
  GeneratorId: 'cis-aws-foundations-benchmark/v/1.4.0/1.14',
  Title: 'Ensure access keys are rotated every 90 days or less',
  Severity: { Label: 'HIGH', Normalized: 70 },
  Resources: [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${ACCOUNT}:user/ci-deploy` }],
  Compliance: { Status: 'PASSED' },
  Workflow: { Status: 'RESOLVED' },
  RecordState: 'ARCHIVED',
  CreatedAt: '2026-10-01T00:00:00.000Z',
  UpdatedAt: '2026-11-20T07:00:00.000Z',
  Remediation: undefined,
  FirstObservedAt: undefined,
  LastObservedAt: undefined,
};
/** A GuardDuty finding imported into Security Hub: several resources, no severity label. */
const GUARDDUTY_FINDING: AwsSecurityFinding = {
  SchemaVersion: '2018-10-08',
  Id: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/6ec5d8f1a2b3c4d5e6f7a8b9c0d1e2f3`,
  ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
  ProductFields: { 'aws/securityhub/ProductName': 'GuardDuty', 'aws/securityhub/CompanyName': 'Amazon' },
  GeneratorId: 'arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0',
  AwsAccountId: ACCOUNT,
  Region: 'us-east-1',
  Types: ['TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort'],
  CreatedAt: '2026-11-18T03:00:00.000Z',
  UpdatedAt: '2026-11-20T02:00:00.000Z',
  Severity: { Normalized: 75, Product: 7.5 },
  Title: 'Unprotected port on EC2 instance i-0abc12345def67890 is being probed.',
  Description: 'EC2 instance has an unprotected port which is being probed by a known malicious host.',
  Resources: [
    { Type: 'AwsEc2Instance', Id: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc12345def67890` },
    { Type: 'AwsEc2SecurityGroup', Id: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0123` },
  ],
  Workflow: { Status: 'SUPPRESSED' },
  RecordState: 'ACTIVE',
};

describe('security_hub collector with mocked SDK', () => {
  let hub: AwsClientStub<SecurityHubClient>;
  beforeEach(() => {
    hub = mockClient(SecurityHubClient);
  });
  afterEach(() => hub.restore());

  test('maps findings updated in the period and summarises them per product', async () => {
    const pages = paged([{ Findings: [S3_FINDING, IAM_FINDING, GUARDDUTY_FINDING, { ...S3_FINDING, Id: 'updated-at-the-end', UpdatedAt: '2026-11-21T00:00:00.000Z' }] }], 'NextToken', 'NextToken');
    hub.on(GetFindingsCommand).callsFake(pages.fake);

    const { part, run } = await collectOk<SecurityHubPart>(securityHubCollector);
    const parsed = expectValid(schema, part)!;
    expect(pages.inputs[0]).toEqual({
      Filters: {
        UpdatedAt: [{ Start: '2026-11-20T00:00:00.000Z', End: '2026-11-21T00:00:00.000Z' }],
        AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
        RecordState: [
          { Value: 'ACTIVE', Comparison: 'EQUALS' },
          { Value: 'ARCHIVED', Comparison: 'EQUALS' },
        ],
      },
      MaxResults: 100,
      NextToken: undefined,
    });
    expect(parsed.findings).toHaveLength(3); // the one updated exactly at the period end belongs to the next day
    expect(parsed.findings[0]).toEqual({
      id: S3_FINDING.Id,
      product_arn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
      product_name: 'Security Hub',
      company_name: 'AWS',
      generator_id: 'aws-foundational-security-best-practices/v/1.0.0/S3.8',
      title: 'S3 general purpose buckets should block public access',
      description: 'This control checks whether an S3 general purpose bucket blocks public access at the bucket level.',
      severity: 'CRITICAL',
      severity_normalized: 90,
      workflow_status: 'NEW',
      record_state: 'ACTIVE',
      compliance_status: 'FAILED',
      resource_type: 'AwsS3Bucket',
      resource_id: 'arn:aws:s3:::payments-exports',
      region: 'us-east-1',
      types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
      remediation: 'Enable Block Public Access on the bucket.',
      remediation_url: 'https://docs.aws.amazon.com/console/securityhub/S3.8/remediation',
      created_at: '2026-11-02T08:00:00.000Z',
      updated_at: '2026-11-20T06:12:00.000Z',
      first_observed_at: '2026-11-02T08:00:00.000Z',
      last_observed_at: '2026-11-20T06:12:00.000Z',
    });
    expect(parsed.findings[1]).toMatchObject({ severity: 'HIGH', workflow_status: 'RESOLVED', record_state: 'ARCHIVED', compliance_status: 'PASSED', remediation: null, first_observed_at: null });
    // No ProductName and no Label: product from ProductFields, label from the normalized score; first resource kept.
    expect(parsed.findings[2]).toMatchObject({
      product_name: 'GuardDuty',
      company_name: null,
      severity: 'HIGH',
      severity_normalized: 75,
      resource_type: 'AwsEc2Instance',
      resource_id: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc12345def67890`,
      workflow_status: 'SUPPRESSED',
    });
    expect(parsed.products).toEqual([
      { product_name: 'GuardDuty', total: 1, critical: 0, high: 1, medium: 0, low: 0, informational: 0, open: 0, resolved: 0, suppressed: 1 },
      { product_name: 'Security Hub', total: 2, critical: 1, high: 1, medium: 0, low: 0, informational: 0, open: 1, resolved: 1, suppressed: 0 },
    ]);
    expect(run.apiCalls).toBe(1);
  });

  test('reads every page with the token of the previous one', async () => {
    const finding = (i: number): AwsSecurityFinding => ({ ...S3_FINDING, Id: `${S3_FINDING.Id}-${i}` });
    const pages = paged(
      [{ Findings: [0, 1, 2].map(finding) }, { Findings: [3, 4, 5].map(finding) }, { Findings: [6].map(finding) }],
      'NextToken',
      'NextToken',
    );
    hub.on(GetFindingsCommand).callsFake(pages.fake);

    const { part } = await collectOk<SecurityHubPart>(securityHubCollector);
    expect(pages.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(pages.inputs.every((i) => i.MaxResults === 100)).toBe(true);
    expect(part.findings.map((f) => f.id)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `${S3_FINDING.Id}-${i}`));
    expect(part.products).toEqual([expect.objectContaining({ product_name: 'Security Hub', total: 7, critical: 7, open: 7 })]);
  });

  test('a region without Security Hub is not_enabled', async () => {
    hub.on(GetFindingsCommand).rejects(awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`, 401));
    const run = await runCollector(securityHubCollector, regionalOptions('eu-west-1'));
    expect(run.status).toBe('not_enabled');
    expect(run.error).toMatch(/not subscribed/);

    hub.on(GetFindingsCommand).rejects(awsError('ResourceNotFoundException', 'The request was rejected because we could not find the specified resource.', 404));
    expect((await runCollector(securityHubCollector, regionalOptions('eu-west-1'))).status).toBe('not_enabled');
  });

  test('AccessDenied is access_denied', async () => {
    hub.on(GetFindingsCommand).rejects(accessDenied('securityhub:GetFindings'));
    const run = await runCollector(securityHubCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/securityhub:GetFindings/);
  });

  test('merge drops the copies an aggregation region returns and summarises across regions', async () => {
    // us-east-1 aggregates eu-west-1: it returns the eu-west-1 finding too.
    const euFinding: AwsSecurityFinding = { ...IAM_FINDING, Id: IAM_FINDING.Id!.replace('us-east-1', 'eu-west-1'), Region: 'eu-west-1' };
    hub.on(GetFindingsCommand).resolves({ Findings: [S3_FINDING, euFinding] });
    const east = await collectOk<SecurityHubPart>(securityHubCollector, regionalOptions('us-east-1'));
    hub.on(GetFindingsCommand).resolves({ Findings: [euFinding] });
    const west = await collectOk<SecurityHubPart>(securityHubCollector, regionalOptions('eu-west-1'));

    const merged = securityHubCollector.merge!([east.part, west.part], mergeContext());
    const section = expectValid(securitySection, { security_hub: merged });
    expect(section.security_hub?.findings.map((f) => [f.id, f.region])).toEqual([
      [S3_FINDING.Id, 'us-east-1'],
      [euFinding.Id, 'eu-west-1'],
    ]);
    expect(section.security_hub?.products).toEqual([{ product_name: 'Security Hub', total: 2, critical: 1, high: 1, medium: 0, low: 0, informational: 0, open: 1, resolved: 1, suppressed: 0 }]);
  });

  test('a throttled GetFindings is retried by the SDK and the retried page is used', async () => {
    hub.on(GetFindingsCommand).rejectsOnce(throttling()).resolves({ Findings: [S3_FINDING] });
    const run = await runCollector(securityHubCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(hub.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetFindingsCommand', 'GetFindingsCommand']);
    expect((run.part as SecurityHubPart).findings).toEqual([expect.objectContaining({ id: S3_FINDING.Id, severity: 'CRITICAL', updated_at: '2026-11-20T06:12:00.000Z' })]);
  });
});
