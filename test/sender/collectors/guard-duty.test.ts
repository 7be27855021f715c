import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand, type Finding as ApiFinding } from '@aws-sdk/client-guardduty';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { guardDutyCollector } from '../../../sender/collectors/guard-duty.js';
import { accessDenied, ACCOUNT, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Finding = NonNullable<ReturnType<typeof securitySection.parse>['guard_duty']>[number];
const schema = securitySection.shape.guard_duty;
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';

const PORT_PROBE: ApiFinding = {
  AccountId: ACCOUNT,
  Arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/${DETECTOR}/finding/6ec5d8f1a2b3c4d5e6f7a8b9c0d1e2f3`,
  Id: '6ec5d8f1a2b3c4d5e6f7a8b9c0d1e2f3',
  Partition: 'aws',
  Region: 'us-east-1',
  SchemaVersion: '2.0',
  Type: 'Recon:EC2/PortProbeUnprotectedPort',
  Severity: 2,
  Confidence: 5,
  Title: 'Unprotected port on EC2 instance i-0abc12345def67890 is being probed.',
  Description: 'EC2 instance has an unprotected port which is being probed by a known malicious host.',
  CreatedAt: '2026-11-18T03:00:00.000Z',
  UpdatedAt: '2026-11-20T02:00:00.000Z',
  Resource: { ResourceType: 'Instance', InstanceDetails: { InstanceId: 'i-0abc12345def67890', InstanceType: 'm5.large' } },
  Service: { ServiceName: 'guardduty', DetectorId: DETECTOR, Count: 14, Archived: false, EventFirstSeen: '2026-11-18T02:58:00.000Z', EventLastSeen: '2026-11-20T01:59:00.000Z' },
};
const KEY_ABUSE: ApiFinding = {
  ...PORT_PROBE,
  Id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  Arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:detector/${DETECTOR}/finding/a1b2c3d4e5f60718293a4b5c6d7e8f90`,
  Type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
  Severity: 8,
  Title: 'Credentials for instance role payments-api used from external IP address.',
  Resource: { ResourceType: 'AccessKey', AccessKeyDetails: { AccessKeyId: 'ASIAXXXXEXAMPLE', PrincipalId: 'AROAEXAMPLE:i-0abc', UserName: 'payments-api', UserType: 'AssumedRole' } },
  Service: { DetectorId: DETECTOR, Count: 1, Archived: true },
};
const S3_EXFIL: ApiFinding = {
  ...PORT_PROBE,
  Id: 'b2c3d4e5f60718293a4b5c6d7e8f90a1',
  Type: 'Exfiltration:S3/AnomalousBehavior',
  Severity: 9.5,
  Resource: { ResourceType: 'S3Bucket', S3BucketDetails: [{ Name: 'payments-exports', Arn: 'arn:aws:s3:::payments-exports', Type: 'Destination' }] },
  Service: undefined,
  Confidence: undefined,
};

describe('guard_duty collector with mocked SDK', () => {
  let gd: AwsClientStub<GuardDutyClient>;
  beforeEach(() => {
    gd = mockClient(GuardDutyClient);
  });
  afterEach(() => gd.restore());

  test('lists this account’s findings updated in the period and maps them', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    const list = paged([{ FindingIds: [PORT_PROBE.Id!, KEY_ABUSE.Id!, S3_EXFIL.Id!] }], 'NextToken', 'NextToken');
    gd.on(ListFindingsCommand).callsFake(list.fake);
    gd.on(GetFindingsCommand).resolves({ Findings: [PORT_PROBE, KEY_ABUSE, S3_EXFIL] });

    const { part } = await collectOk<Finding[]>(guardDutyCollector);
    const findings = expectValid(schema, part)!;
    expect(list.inputs[0]).toMatchObject({
      DetectorId: DETECTOR,
      MaxResults: 50,
      FindingCriteria: {
        Criterion: {
          updatedAt: { GreaterThanOrEqual: Date.parse('2026-11-20T00:00:00Z'), LessThan: Date.parse('2026-11-21T00:00:00Z') },
          accountId: { Equals: [ACCOUNT] },
        },
      },
    });
    expect(gd).toHaveReceivedCommandWith(GetFindingsCommand, { DetectorId: DETECTOR, FindingIds: [PORT_PROBE.Id!, KEY_ABUSE.Id!, S3_EXFIL.Id!] });
    expect(findings[0]).toEqual({
      id: '6ec5d8f1a2b3c4d5e6f7a8b9c0d1e2f3',
      detector_id: DETECTOR,
      type: 'Recon:EC2/PortProbeUnprotectedPort',
      severity: 2,
      title: 'Unprotected port on EC2 instance i-0abc12345def67890 is being probed.',
      description: 'EC2 instance has an unprotected port which is being probed by a known malicious host.',
      region: 'us-east-1',
      resource_type: 'Instance',
      resource_id: 'i-0abc12345def67890',
      confidence: 5,
      count: 14,
      archived: false,
      created_at: '2026-11-18T03:00:00.000Z',
      updated_at: '2026-11-20T02:00:00.000Z',
    });
    expect(findings[1]).toMatchObject({ resource_type: 'AccessKey', resource_id: 'ASIAXXXXEXAMPLE', severity: 8, archived: true, count: 1 });
    expect(findings[2]).toMatchObject({ resource_type: 'S3Bucket', resource_id: 'payments-exports', severity: 9.5, confidence: null, count: 1, archived: false, detector_id: DETECTOR });
  });

  test('reads every ListFindings page and fetches all ids in batches of 50', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `finding-${String(i).padStart(3, '0')}`);
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    const list = paged([{ FindingIds: ids.slice(0, 50) }, { FindingIds: ids.slice(50, 100) }, { FindingIds: ids.slice(100) }], 'NextToken', 'NextToken');
    gd.on(ListFindingsCommand).callsFake(list.fake);
    const batches: string[][] = [];
    gd.on(GetFindingsCommand).callsFake((input: { FindingIds: string[] }) => {
      batches.push([...input.FindingIds]);
      return { Findings: input.FindingIds.map((Id) => ({ ...PORT_PROBE, Id })) };
    });

    const { part } = await collectOk<Finding[]>(guardDutyCollector);
    expect(list.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(part.map((f) => f.id)).toEqual(ids);
  });

  test('no detector in the region is not_enabled', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    const run = await runCollector(guardDutyCollector, regionalOptions('eu-west-1'));
    expect(run.status).toBe('not_enabled');
    expect(run.error).toMatch(/no detector in eu-west-1/);
    expect(gd).not.toHaveReceivedCommand(ListFindingsCommand);
  });

  test('a detector without findings is ok and empty', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [] });
    const { part } = await collectOk<Finding[]>(guardDutyCollector);
    expect(part).toEqual([]);
    expect(gd).not.toHaveReceivedCommand(GetFindingsCommand);
  });

  test('AccessDenied is access_denied', async () => {
    gd.on(ListDetectorsCommand).rejects(accessDenied('guardduty:ListDetectors'));
    const run = await runCollector(guardDutyCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/guardduty:ListDetectors/);
  });

  test('merge concatenates the regions', async () => {
    gd.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR] });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [PORT_PROBE.Id!] });
    gd.on(GetFindingsCommand).resolves({ Findings: [PORT_PROBE] });
    const east = await collectOk<Finding[]>(guardDutyCollector, regionalOptions('us-east-1'));
    gd.on(GetFindingsCommand).resolves({ Findings: [{ ...PORT_PROBE, Id: 'eu-finding', Region: 'eu-west-1' }] });
    const west = await collectOk<Finding[]>(guardDutyCollector, regionalOptions('eu-west-1'));
    const section = expectValid(securitySection, { guard_duty: guardDutyCollector.merge!([east.part, west.part], mergeContext()) });
    expect(section.guard_duty?.map((f) => [f.id, f.region])).toEqual([
      [PORT_PROBE.Id, 'us-east-1'],
      ['eu-finding', 'eu-west-1'],
    ]);
  });

  test('a throttled ListDetectors is retried by the SDK and the retried answer is used', async () => {
    gd.on(ListDetectorsCommand).rejectsOnce(throttling()).resolves({ DetectorIds: [DETECTOR] });
    gd.on(ListFindingsCommand).resolves({ FindingIds: [PORT_PROBE.Id!] });
    gd.on(GetFindingsCommand).resolves({ Findings: [PORT_PROBE] });
    const run = await runCollector(guardDutyCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(gd.commandCalls(ListDetectorsCommand)).toHaveLength(2);
    expect(run.part).toEqual([expect.objectContaining({ id: PORT_PROBE.Id, detector_id: DETECTOR, resource_id: 'i-0abc12345def67890', count: 14 })]);
  });
});
