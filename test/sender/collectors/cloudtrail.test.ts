import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { cloudtrailCollector } from '../../../sender/collectors/cloudtrail.js';
import { accessDenied, ACCOUNT, awsError, collectOk, expectValid, mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type CloudTrailTrail = NonNullable<ReturnType<typeof securitySection.parse>['cloudtrail']>[number];
const schema = securitySection.shape.cloudtrail;

/** The organization trail, created in the management account: a shadow in this member account. */
const ORG_TRAIL: Trail = {
  Name: 'org-trail',
  S3BucketName: 'org-cloudtrail-logs',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail',
  LogFileValidationEnabled: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:999999999999:key/abcd',
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: true,
};
const LOCAL_TRAIL: Trail = {
  Name: 'payments-data-events',
  S3BucketName: 'payments-trail-logs',
  IncludeGlobalServiceEvents: false,
  IsMultiRegionTrail: false,
  HomeRegion: 'us-east-1',
  TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/payments-data-events`,
  LogFileValidationEnabled: false,
  CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail/payments:*`,
  CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
  IsOrganizationTrail: false,
};
/** Multi-region trail homed in eu-west-1: us-east-1 sees it as a shadow. */
const EU_TRAIL: Trail = { ...LOCAL_TRAIL, Name: 'eu-audit', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-audit`, CloudWatchLogsLogGroupArn: undefined };
/** Homed in a region this snapshot does not cover. */
const SYDNEY_TRAIL: Trail = { ...EU_TRAIL, Name: 'apac-audit', HomeRegion: 'ap-southeast-2', TrailARN: `arn:aws:cloudtrail:ap-southeast-2:${ACCOUNT}:trail/apac-audit` };
const ALL = [ORG_TRAIL, LOCAL_TRAIL, EU_TRAIL, SYDNEY_TRAIL];

describe('cloudtrail collector with mocked SDK', () => {
  let ct: AwsClientStub<CloudTrailClient>;
  beforeEach(() => {
    ct = mockClient(CloudTrailClient);
  });
  afterEach(() => ct.restore());

  test('reports the trails homed in the region, organization trail included, with their status', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: ALL });
    ct.on(GetTrailStatusCommand, { Name: LOCAL_TRAIL.TrailARN }).resolves({
      IsLogging: true,
      LatestDeliveryTime: new Date('2026-11-21T00:55:00Z'),
      LatestDeliveryError: '',
      StartLoggingTime: new Date('2024-02-02T10:00:00Z'),
    });
    ct.on(GetTrailStatusCommand, { Name: ORG_TRAIL.TrailARN }).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-11-21T00:50:00Z'), StartLoggingTime: new Date('2021-01-01T00:00:00Z') });
    ct.on(GetTrailStatusCommand, { Name: SYDNEY_TRAIL.TrailARN }).resolves({ IsLogging: false, StopLoggingTime: new Date('2026-11-19T12:00:00Z'), LatestDeliveryError: 'NoSuchBucket' });

    const { part, run } = await collectOk<CloudTrailTrail[]>(cloudtrailCollector, regionalOptions('us-east-1'));
    const trails = expectValid(schema, part)!;
    // Shadow trails must be listed: a member account sees the organization trail only as one.
    expect(ct).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(trails.map((t) => t.name)).toEqual(['org-trail', 'payments-data-events', 'apac-audit']);
    expect(trails[0]).toEqual({
      arn: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail',
      name: 'org-trail',
      home_region: 'us-east-1',
      is_logging: true,
      is_multi_region: true,
      is_organization_trail: true,
      include_global_events: true,
      log_file_validation: true,
      s3_bucket: 'org-cloudtrail-logs',
      kms_key_id: 'arn:aws:kms:us-east-1:999999999999:key/abcd',
      cloudwatch_logs_log_group_arn: null,
      latest_delivery_time: '2026-11-21T00:50:00.000Z',
      latest_delivery_error: null,
      start_logging_time: '2021-01-01T00:00:00.000Z',
      stop_logging_time: null,
    });
    expect(trails[1]).toEqual({
      arn: LOCAL_TRAIL.TrailARN,
      name: 'payments-data-events',
      home_region: 'us-east-1',
      is_logging: true,
      is_multi_region: false,
      is_organization_trail: false,
      include_global_events: false,
      log_file_validation: false,
      s3_bucket: 'payments-trail-logs',
      kms_key_id: null,
      cloudwatch_logs_log_group_arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail/payments:*`,
      latest_delivery_time: '2026-11-21T00:55:00.000Z',
      latest_delivery_error: null,
      start_logging_time: '2024-02-02T10:00:00.000Z',
      stop_logging_time: null,
    });
    // Homed outside the snapshot's regions: the first region reports it.
    expect(trails[2]).toMatchObject({ home_region: 'ap-southeast-2', is_logging: false, latest_delivery_error: 'NoSuchBucket', stop_logging_time: '2026-11-19T12:00:00.000Z' });
    expect(ct).not.toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: EU_TRAIL.TrailARN });
    expect(run.apiCalls).toBe(4);
  });

  test('another region reports only its own trails', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: ALL });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const { part } = await collectOk<CloudTrailTrail[]>(cloudtrailCollector, regionalOptions('eu-west-1'));
    expect(part.map((t) => t.arn)).toEqual([EU_TRAIL.TrailARN]);
  });

  test('an organization trail whose status the member account cannot read is kept with unknown status', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [ORG_TRAIL] });
    ct.on(GetTrailStatusCommand).rejects(awsError('TrailNotFoundException', `Unknown trail: ${ORG_TRAIL.TrailARN} for the user: ${ACCOUNT}`));
    const { part } = await collectOk<CloudTrailTrail[]>(cloudtrailCollector, regionalOptions('us-east-1'));
    expect(part).toEqual([expect.objectContaining({ name: 'org-trail', is_organization_trail: true, is_logging: null, latest_delivery_time: null })]);
  });

  test('no trails is ok and empty', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [] });
    const { part } = await collectOk<CloudTrailTrail[]>(cloudtrailCollector);
    expect(part).toEqual([]);
  });

  test('AccessDenied is access_denied', async () => {
    ct.on(DescribeTrailsCommand).rejects(accessDenied('cloudtrail:DescribeTrails'));
    const run = await runCollector(cloudtrailCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/cloudtrail:DescribeTrails/);
  });

  test('merge reports every trail once across regions', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: ALL });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const east = await collectOk<CloudTrailTrail[]>(cloudtrailCollector, regionalOptions('us-east-1'));
    const west = await collectOk<CloudTrailTrail[]>(cloudtrailCollector, regionalOptions('eu-west-1'));
    const section = expectValid(securitySection, { cloudtrail: cloudtrailCollector.merge!([east.part, west.part], mergeContext()) });
    expect(section.cloudtrail?.map((t) => t.arn).sort()).toEqual(ALL.map((t) => t.TrailARN).sort());
  });

  test('a throttled DescribeTrails is retried by the SDK and the retried answer is used', async () => {
    ct.on(DescribeTrailsCommand).rejectsOnce(throttling()).resolves({ trailList: [LOCAL_TRAIL] });
    ct.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestDeliveryTime: new Date('2026-11-21T00:55:00Z') });
    const run = await runCollector(cloudtrailCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(ct.commandCalls(DescribeTrailsCommand)).toHaveLength(2);
    expect(run.part).toEqual([expect.objectContaining({ arn: LOCAL_TRAIL.TrailARN, is_logging: true, latest_delivery_time: '2026-11-21T00:55:00.000Z' })]);
  });
});
