import { mockClient } from 'aws-sdk-client-mock';
import { DescribeAppCommand, DescribeResiliencyPolicyCommand, ListAppsCommand, ResiliencehubClient, type App } from '@aws-sdk/client-resiliencehub';
import { resilienceHubCollector } from '../../../sender/collectors/resilience-hub.js';
import { runCollector } from '../../../sender/run-collector.js';
import { resilienceHubSection } from '../../../snapshot/index.js';
import { ACCOUNT, mergeContext, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Part = Parameters<NonNullable<typeof resilienceHubCollector.merge>>[0][number];

/**
 * @aws-sdk/client-resiliencehub is an older release (smithy-client 2) than the client and command
 * types aws-sdk-client-mock's typings expect; it mocks it the same at run time, so the stub is typed loosely.
 */
interface Behavior {
  resolves(output: object): Behavior;
  rejects(error: Error): Behavior;
  rejectsOnce(error: Error): Behavior;
}
interface LooseStub {
  on(command: unknown, input?: object): Behavior;
  reset(): void;
  commandCalls(command: unknown): { args: [{ input: Record<string, unknown> }] }[];
}
const hub = mockClient(ResiliencehubClient as never) as unknown as LooseStub;
const options = regionalOptions();

const PAYMENTS = `arn:aws:resiliencehub:us-east-1:${ACCOUNT}:app/0a1b2c3d-app`;
const LEDGER = `arn:aws:resiliencehub:us-east-1:${ACCOUNT}:app/9f8e7d6c-app`;
const POLICY = `arn:aws:resiliencehub:us-east-1:${ACCOUNT}:resiliency-policy/mission-critical`;

const payments: App = {
  appArn: PAYMENTS,
  name: 'payments',
  description: 'Card payments',
  policyArn: POLICY,
  creationTime: new Date('2025-06-01T00:00:00Z'),
  status: 'Active',
  complianceStatus: 'PolicyMet',
  lastAppComplianceEvaluationTime: new Date('2026-11-15T00:00:00Z'),
  resiliencyScore: 82,
  driftStatus: 'NotDetected',
  // The app's current (assessed) RTO/RPO, not the policy's targets.
  rtoInSecs: 1200,
  rpoInSecs: 60,
};

beforeEach(() => {
  hub.reset();
  hub.on(ListAppsCommand, { nextToken: undefined }).resolves({
    appSummaries: [{ appArn: PAYMENTS, name: 'payments', creationTime: new Date('2025-06-01T00:00:00Z'), complianceStatus: 'PolicyMet', resiliencyScore: 82 }],
    nextToken: 'apps-2',
  });
  hub.on(ListAppsCommand, { nextToken: 'apps-2' }).resolves({
    appSummaries: [{ appArn: LEDGER, name: 'ledger', creationTime: new Date('2026-02-01T00:00:00Z'), status: 'Active' }],
  });
  hub.on(DescribeAppCommand, { appArn: PAYMENTS }).resolves({ app: payments });
  hub.on(DescribeAppCommand, { appArn: LEDGER }).resolves({
    app: { appArn: LEDGER, name: 'ledger', policyArn: POLICY, creationTime: new Date('2026-02-01T00:00:00Z'), status: 'Active', complianceStatus: 'NotAssessed' },
  });
  hub.on(DescribeResiliencyPolicyCommand, { policyArn: POLICY }).resolves({
    policy: {
      policyArn: POLICY,
      policyName: 'mission-critical',
      tier: 'MissionCritical',
      policy: { AZ: { rpoInSecs: 300, rtoInSecs: 3600 }, Hardware: { rpoInSecs: 60, rtoInSecs: 600 }, Software: { rpoInSecs: 60, rtoInSecs: 600 }, Region: { rpoInSecs: 3600, rtoInSecs: 14400 } },
    },
  });
});

test('apps across pages with score, compliance, drift and the policy’s AZ targets', async () => {
  const run = await runCollector(resilienceHubCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  expect(hub.commandCalls(ListAppsCommand).map((c) => c.args[0].input)).toContainEqual(expect.objectContaining({ nextToken: 'apps-2', maxResults: 100 }));
  // Both apps use one policy: it is described once.
  expect(hub.commandCalls(DescribeResiliencyPolicyCommand)).toHaveLength(1);
  expect(resilienceHubSection.parse(resilienceHubCollector.merge!([run.part as Part], mergeContext()))).toEqual([
    {
      app_arn: PAYMENTS,
      name: 'payments',
      region: 'us-east-1',
      description: 'Card payments',
      compliance_status: 'PolicyMet',
      resiliency_score: 82,
      status: 'Active',
      drift_status: 'NotDetected',
      policy_name: 'mission-critical',
      rpo_seconds: 300,
      rto_seconds: 3600,
      creation_time: '2025-06-01T00:00:00.000Z',
      last_assessment_time: '2026-11-15T00:00:00.000Z',
      last_drill_time: null,
    },
    {
      app_arn: LEDGER,
      name: 'ledger',
      region: 'us-east-1',
      description: null,
      compliance_status: 'NotAssessed',
      resiliency_score: null,
      status: 'Active',
      drift_status: null,
      policy_name: 'mission-critical',
      rpo_seconds: 300,
      rto_seconds: 3600,
      creation_time: '2026-02-01T00:00:00.000Z',
      last_assessment_time: null,
      last_drill_time: null,
    },
  ]);
});

test('an app deleted between listing and describing is left out', async () => {
  hub.on(DescribeAppCommand, { appArn: LEDGER }).rejects(Object.assign(new Error('App not found'), { name: 'ResourceNotFoundException' }));
  const run = await runCollector(resilienceHubCollector, options);
  expect(run.status).toBe('ok');
  expect(resilienceHubSection.parse(run.part).map((a) => a.name)).toEqual(['payments']);
});

test('AccessDenied becomes access_denied', async () => {
  hub.on(ListAppsCommand).rejects(Object.assign(new Error('not authorized to perform resiliencehub:ListApps'), { name: 'AccessDeniedException' }));
  expect(await runCollector(resilienceHubCollector, options)).toMatchObject({ status: 'access_denied' });
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    hub.on(ListAppsCommand).resolves({ appSummaries: [{ appArn: PAYMENTS, name: 'payments', creationTime: new Date('2025-06-01T00:00:00Z') }] });
    hub
      .on(DescribeAppCommand)
      .rejectsOnce(throttling())
      .resolves({ app: payments });
    const run = await runCollector(resilienceHubCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(resilienceHubSection.parse(run.part)).toEqual([expect.objectContaining({ name: 'payments', description: 'Card payments', policy_name: 'mission-critical' })]);
    expect(hub.commandCalls(DescribeAppCommand)).toHaveLength(2);
  });
});

test('merge concatenates the regions', async () => {
  const east = await runCollector(resilienceHubCollector, options);
  hub.reset();
  hub.on(ListAppsCommand).resolves({ appSummaries: [{ appArn: `arn:aws:resiliencehub:eu-west-1:${ACCOUNT}:app/west`, name: 'west', creationTime: new Date('2026-01-01T00:00:00Z') }] });
  hub.on(DescribeAppCommand).resolves({ app: { appArn: `arn:aws:resiliencehub:eu-west-1:${ACCOUNT}:app/west`, name: 'west', creationTime: new Date('2026-01-01T00:00:00Z') } });
  const west = await runCollector(resilienceHubCollector, { ...options, region: 'eu-west-1' });
  const rows = resilienceHubSection.parse(resilienceHubCollector.merge!([east.part as Part, west.part as Part], mergeContext()));
  expect(rows.map((r) => `${r.region}/${r.name}`)).toEqual(['us-east-1/payments', 'us-east-1/ledger', 'eu-west-1/west']);
  expect(rows[2]).toMatchObject({ policy_name: null, rpo_seconds: null });
});
