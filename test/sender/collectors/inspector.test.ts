import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { BatchGetAccountStatusCommand, Inspector2Client, ListFindingsCommand, type Finding as ApiFinding } from '@aws-sdk/client-inspector2';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { inspectorCollector } from '../../../sender/collectors/inspector.js';
import { accessDenied, ACCOUNT, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Finding = NonNullable<ReturnType<typeof securitySection.parse>['inspector']>[number];
const schema = securitySection.shape.inspector;

const status = (s: string) => ({ accounts: [{ accountId: ACCOUNT, state: { status: s, errorCode: undefined, errorMessage: undefined }, resourceState: undefined }] }) as never;

const OPENSSL: ApiFinding = {
  findingArn: `arn:aws:inspector2:us-east-1:${ACCOUNT}:finding/0a1b2c3d4e5f`,
  awsAccountId: ACCOUNT,
  type: 'PACKAGE_VULNERABILITY',
  title: 'CVE-2026-12345 - openssl',
  description: 'A buffer overflow in openssl allows remote attackers to execute code.',
  remediation: { recommendation: { text: 'None Provided' } },
  severity: 'HIGH',
  firstObservedAt: new Date('2026-11-10T00:00:00Z'),
  lastObservedAt: new Date('2026-11-20T05:00:00Z'),
  updatedAt: new Date('2026-11-20T05:00:00Z'),
  status: 'ACTIVE',
  resources: [{ type: 'AWS_EC2_INSTANCE', id: 'i-0abc12345def67890', partition: 'aws', region: 'us-east-1' }],
  inspectorScore: 7.5,
  packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2026-12345', source: 'NVD', vulnerablePackages: [{ name: 'openssl', version: '3.0.8' }] },
  fixAvailable: 'YES',
  exploitAvailable: 'NO',
};
const OPEN_PORT: ApiFinding = {
  findingArn: `arn:aws:inspector2:us-east-1:${ACCOUNT}:finding/9f8e7d6c5b4a`,
  awsAccountId: ACCOUNT,
  type: 'NETWORK_REACHABILITY',
  title: 'Port 22 is reachable from an Internet Gateway',
  description: 'On the instance i-0abc12345def67890, the port range 22-22 is reachable from the InternetGateway.',
  remediation: { recommendation: { text: 'Restrict the security group.' } },
  severity: 'MEDIUM',
  firstObservedAt: new Date('2026-11-01T00:00:00Z'),
  lastObservedAt: new Date('2026-11-20T04:00:00Z'),
  updatedAt: new Date('2026-11-20T04:00:00Z'),
  status: 'CLOSED',
  resources: [{ type: 'AWS_EC2_INSTANCE', id: 'i-0abc12345def67890' }],
};

describe('inspector collector with mocked SDK', () => {
  let insp: AwsClientStub<Inspector2Client>;
  beforeEach(() => {
    insp = mockClient(Inspector2Client);
  });
  afterEach(() => insp.restore());

  test('maps this account’s findings updated in the period', async () => {
    insp.on(BatchGetAccountStatusCommand).resolves(status('ENABLED'));
    const list = paged([{ findings: [OPENSSL, OPEN_PORT] }], 'nextToken', 'nextToken');
    insp.on(ListFindingsCommand).callsFake(list.fake);

    const { part } = await collectOk<Finding[]>(inspectorCollector);
    const findings = expectValid(schema, part)!;
    expect(insp).toHaveReceivedCommandWith(BatchGetAccountStatusCommand, { accountIds: [ACCOUNT] });
    expect(list.inputs[0]).toEqual({
      filterCriteria: {
        awsAccountId: [{ comparison: 'EQUALS', value: ACCOUNT }],
        updatedAt: [{ startInclusive: new Date('2026-11-20T00:00:00.000Z'), endInclusive: new Date('2026-11-20T23:59:59.999Z') }],
      },
      maxResults: 100,
      nextToken: undefined,
    });
    expect(findings[0]).toEqual({
      arn: OPENSSL.findingArn,
      type: 'PACKAGE_VULNERABILITY',
      severity: 'HIGH',
      status: 'ACTIVE',
      title: 'CVE-2026-12345 - openssl',
      description: 'A buffer overflow in openssl allows remote attackers to execute code.',
      region: 'us-east-1',
      resource_type: 'AWS_EC2_INSTANCE',
      resource_id: 'i-0abc12345def67890',
      vulnerability_id: 'CVE-2026-12345',
      inspector_score: 7.5,
      exploit_available: false,
      fix_available: 'YES',
      first_observed_at: '2026-11-10T00:00:00.000Z',
      last_observed_at: '2026-11-20T05:00:00.000Z',
      updated_at: '2026-11-20T05:00:00.000Z',
    });
    // A network finding has no package, score or exploit data; its region falls back to the run's.
    expect(findings[1]).toMatchObject({ type: 'NETWORK_REACHABILITY', status: 'CLOSED', severity: 'MEDIUM', vulnerability_id: null, inspector_score: null, exploit_available: null, fix_available: null, region: 'us-east-1' });
  });

  test('reads every page with the token of the previous one', async () => {
    insp.on(BatchGetAccountStatusCommand).resolves(status('ENABLED'));
    const f = (i: number): ApiFinding => ({ ...OPENSSL, findingArn: `${OPENSSL.findingArn}${i}` });
    const list = paged([{ findings: [f(0), f(1)] }, { findings: [f(2), f(3)] }, { findings: [f(4)] }], 'nextToken', 'nextToken');
    insp.on(ListFindingsCommand).callsFake(list.fake);

    const { part } = await collectOk<Finding[]>(inspectorCollector);
    expect(list.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(part.map((x) => x.arn)).toEqual([0, 1, 2, 3, 4].map((i) => `${OPENSSL.findingArn}${i}`));
  });

  test.each(['DISABLED', 'SUSPENDED'])('an account whose Inspector is %s is not_enabled without listing findings', async (state) => {
    insp.on(BatchGetAccountStatusCommand).resolves(status(state));
    const run = await runCollector(inspectorCollector, regionalOptions('eu-west-1'));
    expect(run.status).toBe('not_enabled');
    expect(run.error).toMatch(new RegExp(`Inspector is ${state}`));
    expect(insp).not.toHaveReceivedCommand(ListFindingsCommand);
  });

  test('a denied status check leaves the decision to ListFindings', async () => {
    insp.on(BatchGetAccountStatusCommand).rejects(accessDenied('inspector2:BatchGetAccountStatus'));
    insp.on(ListFindingsCommand).resolves({ findings: [OPENSSL] });
    const { part } = await collectOk<Finding[]>(inspectorCollector);
    expect(part.map((f) => f.arn)).toEqual([OPENSSL.findingArn]);
  });

  test('ListFindings denied is access_denied', async () => {
    insp.on(BatchGetAccountStatusCommand).rejects(accessDenied('inspector2:BatchGetAccountStatus'));
    insp.on(ListFindingsCommand).rejects(accessDenied('inspector2:ListFindings'));
    const run = await runCollector(inspectorCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/inspector2:ListFindings/);
  });

  test('merge concatenates the regions', async () => {
    insp.on(BatchGetAccountStatusCommand).resolves(status('ENABLED'));
    insp.on(ListFindingsCommand).resolves({ findings: [OPENSSL] });
    const east = await collectOk<Finding[]>(inspectorCollector, regionalOptions('us-east-1'));
    insp.on(ListFindingsCommand).resolves({ findings: [{ ...OPENSSL, findingArn: OPENSSL.findingArn!.replace('us-east-1', 'eu-west-1'), resources: [{ type: 'AWS_LAMBDA_FUNCTION', id: 'arn:aws:lambda:eu-west-1:123456789012:function:payments-webhook', region: 'eu-west-1' }] }] });
    const west = await collectOk<Finding[]>(inspectorCollector, regionalOptions('eu-west-1'));
    const section = expectValid(securitySection, { inspector: inspectorCollector.merge!([east.part, west.part], mergeContext()) });
    expect(section.inspector?.map((f) => [f.region, f.resource_type])).toEqual([
      ['us-east-1', 'AWS_EC2_INSTANCE'],
      ['eu-west-1', 'AWS_LAMBDA_FUNCTION'],
    ]);
  });

  test('a throttled ListFindings is retried by the SDK and the retried page is used', async () => {
    insp.on(BatchGetAccountStatusCommand).resolves(status('ENABLED'));
    insp.on(ListFindingsCommand).rejectsOnce(throttling()).resolves({ findings: [OPENSSL] });
    const run = await runCollector(inspectorCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(insp.calls().map((c) => c.args[0].constructor.name)).toEqual(['BatchGetAccountStatusCommand', 'ListFindingsCommand', 'ListFindingsCommand']);
    expect(run.part).toEqual([expect.objectContaining({ arn: OPENSSL.findingArn, first_observed_at: '2026-11-10T00:00:00.000Z', inspector_score: 7.5 })]);
  });
});
