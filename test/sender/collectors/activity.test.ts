import { mockClient } from 'aws-sdk-client-mock';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { activityCollector, principalTypeOf, stopMarginMs, unitsOf } from '../../../sender/collectors/activity.js';
import { isSecurityRelevant, resourcesOf } from '../../../sender/cloudtrail-security.js';
import { runCollector } from '../../../sender/run-collector.js';
import { activitySection } from '../../../snapshot/index.js';
import { ACCOUNT, accessDenied, DAY, retryingClientFactory, runOptions, RUN_AT, testConfig, throttling } from '../support/aws.js';

const ct = mockClient(CloudTrailClient);
beforeEach(() => ct.reset());

const jane = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/jane`, accountId: ACCOUNT, userName: 'jane' };
const ci = { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gh-actions`, accountId: ACCOUNT };
let seq = 0;
function event(record: Record<string, unknown>): Event {
  const id = (record.eventID as string) ?? `e7f1c2d3-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const full: Record<string, unknown> = { eventVersion: '1.09', awsRegion: 'us-east-1', readOnly: false, eventType: 'AwsApiCall', recipientAccountId: ACCOUNT, ...record, eventID: id };
  return { EventId: id, EventName: full.eventName as string, EventSource: full.eventSource as string, EventTime: new Date(full.eventTime as string), ReadOnly: String(full.readOnly), CloudTrailEvent: JSON.stringify(full) };
}

const runInstances = (time: string, maxCount: number) =>
  event({
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    userIdentity: ci,
    sourceIPAddress: '140.82.112.3',
    userAgent: 'aws-sdk-go-v2/1.30.0 terraform/1.9.5',
    requestParameters: { instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount }] }, instanceType: 'm5.large' },
  });
const attachRolePolicy = event({
  eventTime: '2026-11-20T11:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'AttachRolePolicy',
  userIdentity: jane,
  sourceIPAddress: '203.0.113.10',
  userAgent: 'console.amazonaws.com',
  requestParameters: { roleName: 'payments-admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
});
const putBucketPolicyDenied = (time: string) =>
  event({
    eventTime: time,
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
    sourceIPAddress: 'cloudformation.amazonaws.com',
    userAgent: 'cloudformation.amazonaws.com',
    errorCode: 'AccessDenied',
    requestParameters: { bucketName: 'payments-exports', bucketPolicy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] } },
  });
const authorizeIngress = event({
  eventTime: '2026-11-20T13:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  userIdentity: jane,
  sourceIPAddress: '203.0.113.10',
  userAgent: 'console.amazonaws.com',
  requestParameters: { groupId: 'sg-0123', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } },
});
const createVolume = event({ eventTime: '2026-11-20T14:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'CreateVolume', userIdentity: ci, sourceIPAddress: '140.82.112.3', userAgent: 'terraform', requestParameters: { size: 100, volumeType: 'gp3' } });
// LookupEvents' EndTime is inclusive: an event at exactly midnight belongs to the next day
const nextDay = event({ eventTime: '2026-11-21T00:00:00Z', eventSource: 'ec2.amazonaws.com', eventName: 'CreateTags', userIdentity: ci });
const crossAccountAssumeRole = event({
  eventTime: '2026-11-20T08:00:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  readOnly: true,
  userIdentity: { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '777788889999' },
  sourceIPAddress: '192.0.2.101',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/OrgPulseReadOnly`, roleSessionName: 'audit' },
});
const sameAccountAssumeRole = event({
  eventTime: '2026-11-20T08:05:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  readOnly: true,
  userIdentity: jane,
  requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/payments-admin`, roleSessionName: 'jane' },
});

function writeEvents(pages: Event[][]) {
  pages.forEach((events, i) => {
    ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }], NextToken: i === 0 ? undefined : `w${i}` }).resolves({
      Events: events,
      NextToken: i < pages.length - 1 ? `w${i + 1}` : undefined,
    });
  });
}
function assumeRoleEvents(events: Event[]) {
  ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }).resolves({ Events: events });
}

test('happy path: every page, aggregates with units, security events with their resources', async () => {
  writeEvents([[runInstances('2026-11-20T09:01:00Z', 2), runInstances('2026-11-20T09:05:00Z', 4), attachRolePolicy], [putBucketPolicyDenied('2026-11-20T12:00:00Z'), putBucketPolicyDenied('2026-11-20T12:30:00Z'), authorizeIngress], [createVolume, nextDay]]);
  assumeRoleEvents([crossAccountAssumeRole, sameAccountAssumeRole]);
  const run = await runCollector(activityCollector, runOptions());
  expect(run).toMatchObject({ status: 'ok', apiCalls: 4, truncated: false });
  const section = activitySection.parse(run.part);
  expect(section.total_events).toBe(7);
  // includes the same-account AssumeRole by a person: role use is the last step of an escalation
  expect(section.security_events_total).toBe(6);
  expect(section.aggregates).toContainEqual({
    event_source: 'ec2.amazonaws.com',
    event_name: 'RunInstances',
    region: 'us-east-1',
    principal_arn: ci.arn,
    principal_type: 'AssumedRole',
    source_ip: '140.82.112.3',
    user_agent: 'aws-sdk-go-v2/1.30.0 terraform/1.9.5',
    error_code: null,
    count: 2,
    units: 6,
    first_seen: '2026-11-20T09:01:00.000Z',
    last_seen: '2026-11-20T09:05:00.000Z',
  });
  expect(section.aggregates).toContainEqual(expect.objectContaining({ event_name: 'PutBucketPolicy', principal_arn: null, principal_type: 'AWSService', error_code: 'AccessDenied', count: 2, units: null }));
  expect(section.aggregates).toContainEqual(expect.objectContaining({ event_name: 'CreateVolume', units: 1 }));
  expect(section.aggregates.find((a) => a.event_name === 'CreateTags')).toBeUndefined();
  expect(section.aggregates.find((a) => a.event_name === 'AssumeRole')).toBeUndefined(); // read-only: not a write aggregate

  expect(section.events.map((e) => e.event_name)).toEqual(['AssumeRole', 'AssumeRole', 'AttachRolePolicy', 'PutBucketPolicy', 'PutBucketPolicy', 'AuthorizeSecurityGroupIngress']);
  expect(section.events[1]).toMatchObject({ event_time: '2026-11-20T08:05:00.000Z', principal_arn: jane.arn, resources: { roleArn: `arn:aws:iam::${ACCOUNT}:role/payments-admin` } });
  expect(section.events[0]).toMatchObject({ principal_type: 'AWSAccount', principal_account_id: '777788889999', resources: { roleArn: `arn:aws:iam::${ACCOUNT}:role/OrgPulseReadOnly`, roleSessionName: 'audit' } });
  expect(section.events[2]).toMatchObject({ event_time: '2026-11-20T11:00:00.000Z', principal_arn: jane.arn, principal_account_id: ACCOUNT, resources: { roleName: 'payments-admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } });
  expect(section.events[3]!.resources).toEqual({ bucketName: 'payments-exports', publicPrincipal: 'true' });
  expect(section.events[5]!.resources).toEqual({ groupId: 'sg-0123', ipPermissions: 'tcp 22-22 from 0.0.0.0/0' });

  expect(ct).toHaveReceivedCommandWith(LookupEventsCommand, {
    LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
    StartTime: new Date('2026-11-20T00:00:00Z'),
    EndTime: new Date('2026-11-21T00:00:00Z'),
    MaxResults: 50,
  });
});

test('the page cap stops reading and marks the output truncated, keeping what was read', async () => {
  writeEvents([[runInstances('2026-11-20T09:01:00Z', 1)], [attachRolePolicy], [createVolume]]);
  const run = await runCollector(activityCollector, runOptions({ config: { ...testConfig, activityMaxPages: 2 } }));
  expect(run).toMatchObject({ status: 'ok', apiCalls: 2, truncated: true });
  expect(run.truncationReasons.join()).toMatch(/page cap \(2\)/);
  expect(activitySection.parse(run.part).total_events).toBe(2);
});

test('the time budget is planned with the rate limit: reading stops before the budget would run out', async () => {
  writeEvents([[runInstances('2026-11-20T09:01:00Z', 1)], [attachRolePolicy]]);
  // 1 request/s and a 1.5 s budget: the second page would wait 1 s, past the budget minus its margin
  const config = { ...testConfig, lookupEventsPerSecond: 1, collectorBudgetMs: 1500 };
  expect(stopMarginMs(1500)).toBe(1000);
  const run = await runCollector(activityCollector, runOptions({ config, region: 'ap-south-1', regions: ['ap-south-1'] }));
  expect(run).toMatchObject({ status: 'ok', apiCalls: 1, truncated: true });
  expect(run.truncationReasons.join()).toMatch(/budget/);
});

test('the security event cap keeps the latest events (LookupEvents reads newest first) and counts them all', async () => {
  writeEvents([[authorizeIngress, putBucketPolicyDenied('2026-11-20T12:00:00Z'), attachRolePolicy]]);
  assumeRoleEvents([]);
  const run = await runCollector(activityCollector, runOptions({ config: { ...testConfig, activityEventCap: 2 } }));
  expect(run.truncated).toBe(true);
  const section = activitySection.parse(run.part);
  expect(section.events.map((e) => e.event_name)).toEqual(['PutBucketPolicy', 'AuthorizeSecurityGroupIngress']);
  expect(section.security_events_total).toBe(3);
  expect(section.total_events).toBe(3);
});

test('merge: regions combined, events in time order, the snapshot-wide cap keeps the latest', () => {
  const part = (region: string, times: string[]) => ({
    aggregates: [{ event_source: 'iam.amazonaws.com', event_name: 'CreateUser', region: 'us-east-1', principal_arn: jane.arn, principal_type: 'IAMUser' as const, count: times.length, first_seen: times[0]!, last_seen: times.at(-1)! }],
    events: times.map((t, i) => ({ event_id: `${region}-${i}`, event_time: t, event_source: 'iam.amazonaws.com', event_name: 'CreateUser', region, principal_type: 'IAMUser' as const, resources: {} })),
    total_events: times.length,
    security_events_total: times.length,
  });
  const reasons: string[] = [];
  const merged = activityCollector.merge!([part('us-east-1', ['2026-11-20T10:00:00.000Z', '2026-11-20T12:00:00.000Z']), part('eu-west-1', ['2026-11-20T11:00:00.000Z'])], {
    accountId: ACCOUNT,
    period: DAY,
    region: 'us-east-1',
    regions: ['us-east-1', 'eu-west-1'],
    config: { ...testConfig, activityEventCap: 2 },
    now: () => RUN_AT,
    markTruncated: (r) => reasons.push(r),
  });
  const section = activitySection.parse(merged);
  expect(section.events.map((e) => e.event_id)).toEqual(['eu-west-1-0', 'us-east-1-1']);
  expect(section.aggregates).toEqual([expect.objectContaining({ count: 3, first_seen: '2026-11-20T10:00:00.000Z', last_seen: '2026-11-20T12:00:00.000Z' })]);
  expect(section).toMatchObject({ total_events: 3, security_events_total: 3 });
  expect(reasons).toEqual([expect.stringMatching(/more than 2 security events in the snapshot/)]);
});

test('a throttled LookupEvents is retried by the SDK', async () => {
  ct.on(LookupEventsCommand, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] })
    .rejectsOnce(throttling())
    .resolves({ Events: [attachRolePolicy] });
  assumeRoleEvents([]);
  const run = await runCollector(activityCollector, runOptions({ clientFactory: retryingClientFactory(3), config: { ...testConfig, maxAttempts: 3 } }));
  expect(run.status).toBe('ok');
  expect(activitySection.parse(run.part).total_events).toBe(1);
  expect(ct).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
});

test('AccessDenied → access_denied', async () => {
  ct.on(LookupEventsCommand).rejects(accessDenied('cloudtrail:LookupEvents'));
  expect((await runCollector(activityCollector, runOptions())).status).toBe('access_denied');
});

describe('record parsing', () => {
  test('principal types map to the contract enum', () => {
    expect(['Root', 'IAMUser', 'AssumedRole', 'Role', 'SAMLUser', 'WebIdentityUser', 'AWSService', 'AWSAccount', 'IdentityCenterUser', 'Directory', undefined].map(principalTypeOf)).toEqual([
      'Root',
      'IAMUser',
      'AssumedRole',
      'AssumedRole',
      'FederatedUser',
      'FederatedUser',
      'AWSService',
      'AWSAccount',
      'IdentityCenterUser',
      'Unknown',
      'Unknown',
    ]);
  });

  test('units: RunInstances maxCount (or minCount) per item, CreateVolume one each, others none', () => {
    expect(unitsOf({ eventName: 'RunInstances', requestParameters: { instancesSet: { items: [{ maxCount: 3 }, { minCount: 2 }] } } })).toBe(5);
    expect(unitsOf({ eventName: 'CreateVolume', requestParameters: { size: 500 } })).toBe(1);
    expect(unitsOf({ eventName: 'CreateUser' })).toBeUndefined();
  });

  test('the security-relevant subset', () => {
    const rel = (eventSource: string, eventName: string, extra: object = {}) => isSecurityRelevant({ eventSource, eventName, ...extra });
    expect(rel('iam.amazonaws.com', 'CreateAccessKey')).toBe(true);
    expect(rel('organizations.amazonaws.com', 'LeaveOrganization')).toBe(true);
    expect(rel('cloudtrail.amazonaws.com', 'StopLogging')).toBe(true);
    expect(rel('cloudtrail.amazonaws.com', 'CreateTrail')).toBe(false);
    expect(rel('config.amazonaws.com', 'StopConfigurationRecorder')).toBe(true);
    expect(rel('kms.amazonaws.com', 'ScheduleKeyDeletion')).toBe(true);
    expect(rel('kms.amazonaws.com', 'Encrypt')).toBe(false);
    expect(rel('s3.amazonaws.com', 'PutBucketPublicAccessBlock')).toBe(true);
    expect(rel('ec2.amazonaws.com', 'ModifySnapshotAttribute')).toBe(true);
    expect(rel('ec2.amazonaws.com', 'RunInstances')).toBe(false);
    expect(rel('signin.amazonaws.com', 'ConsoleLogin')).toBe(true);
    expect(rel('sts.amazonaws.com', 'AssumeRole', { userIdentity: { accountId: '777788889999' }, requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/x` } })).toBe(true);
    // same-account role use by a person or CI is kept (CreateRole → AttachRolePolicy → AssumeRole)
    expect(rel('sts.amazonaws.com', 'AssumeRole', { userIdentity: { type: 'IAMUser', accountId: ACCOUNT }, requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/x` } })).toBe(true);
    expect(rel('sts.amazonaws.com', 'AssumeRole', { userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }, requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/x` } })).toBe(false);
  });

  test('resources: snapshot sharing, public access blocks, console sign-ins', () => {
    expect(resourcesOf({ eventName: 'ModifySnapshotAttribute', requestParameters: { snapshotId: 'snap-1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } } })).toEqual({
      snapshotId: 'snap-1',
      attributeType: 'CREATE_VOLUME_PERMISSION',
      sharedWith: 'all',
    });
    expect(resourcesOf({ eventName: 'PutBucketPublicAccessBlock', requestParameters: { bucketName: 'b', PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', BlockPublicAcls: false, RestrictPublicBuckets: false } } })).toEqual({
      bucketName: 'b',
      publicAccessBlock: 'BlockPublicAcls=false,RestrictPublicBuckets=false',
    });
    expect(resourcesOf({ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'No' } })).toEqual({ result: 'Failure', mfaUsed: 'No' });
  });
});
