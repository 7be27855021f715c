import { mockClient } from 'aws-sdk-client-mock';
import { DescribeCasesCommand, SupportClient, type CaseDetails } from '@aws-sdk/client-support';
import { supportTicketsCollector } from '../../../sender/collectors/support-tickets.js';
import { runCollector } from '../../../sender/run-collector.js';
import { supportTicketsSection } from '../../../snapshot/index.js';
import { runOptions, retryingClientFactory, throttling } from '../support/aws.js';

const support = mockClient(SupportClient);
const options = runOptions({ region: 'eu-west-1', regions: ['eu-west-1'] });

function supportCase(id: string, timeCreated: string, communications: string[], extra: Partial<CaseDetails> = {}): CaseDetails {
  return {
    caseId: `case-123456789012-muen-2026-${id}`,
    displayId: `17000000000${id.length}`,
    subject: `Case ${id}`,
    status: 'opened',
    serviceCode: 'amazon-elastic-compute-cloud-linux',
    categoryCode: 'other',
    severityCode: 'normal',
    submittedBy: 'jane@example.com',
    timeCreated,
    language: 'en',
    // Newest first, as the API returns them.
    recentCommunications: { communications: communications.map((t) => ({ caseId: id, body: 'redacted', submittedBy: 'jane@example.com', timeCreated: t })) },
    ...extra,
  };
}

const limitIncrease = supportCase('limit', '2026-11-20T10:00:00.000Z', ['2026-11-20T16:00:00.000Z', '2026-11-20T10:00:00.000Z'], {
  subject: 'Increase EC2 vCPU limit',
  status: 'resolved',
  severityCode: 'low',
  serviceCode: 'service-limit-increase',
  displayId: '170000000001',
});
const createdToday = supportCase('today', '2026-11-21T03:00:00.000Z', ['2026-11-21T03:00:00.000Z']);
const olderWorkedOn = supportCase('older', '2026-10-01T08:00:00.000Z', ['2026-11-21T01:00:00.000Z', '2026-11-20T12:00:00.000Z'], { severityCode: 'urgent', status: 'pending-customer-action' });
const olderIdle = supportCase('idle', '2026-09-01T08:00:00.000Z', ['2026-11-01T08:00:00.000Z']);
const openNew = supportCase('opennew', '2026-11-20T20:00:00.000Z', ['2026-11-20T20:00:00.000Z'], { severityCode: 'high' });

beforeEach(() => {
  support.reset();
  support.on(DescribeCasesCommand, { includeResolvedCases: true, nextToken: undefined }).resolves({ cases: [limitIncrease, openNew], nextToken: 'cases-2' });
  support.on(DescribeCasesCommand, { includeResolvedCases: true, nextToken: 'cases-2' }).resolves({ cases: [createdToday] });
  support.on(DescribeCasesCommand, { includeResolvedCases: false }).resolves({ cases: [olderWorkedOn, olderIdle, openNew] });
});

test('cases created or updated in the period, each once', async () => {
  const run = await runCollector(supportTicketsCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  expect(await (support.call(0).thisValue as SupportClient).config.region()).toBe('us-east-1');
  expect(support).toHaveReceivedCommandWith(DescribeCasesCommand, { includeResolvedCases: true, afterTime: '2026-11-20T00:00:00.000Z', includeCommunications: true, maxResults: 100, nextToken: 'cases-2' });
  expect(support).toHaveReceivedCommandWith(DescribeCasesCommand, { includeResolvedCases: false, includeCommunications: true });
  expect(supportTicketsSection.parse(run.part)).toEqual([
    {
      case_id: 'case-123456789012-muen-2026-limit',
      display_id: '170000000001',
      subject: 'Increase EC2 vCPU limit',
      status: 'resolved',
      severity_code: 'low',
      service_code: 'service-limit-increase',
      category_code: 'other',
      submitted_by: 'jane@example.com',
      language: 'en',
      time_created: '2026-11-20T10:00:00.000Z',
      last_updated: '2026-11-20T16:00:00.000Z',
    },
    expect.objectContaining({ case_id: 'case-123456789012-muen-2026-opennew', severity_code: 'high', time_created: '2026-11-20T20:00:00.000Z' }),
    // Created long before, but worked on during the period; last_updated is the newest communication.
    expect.objectContaining({ case_id: 'case-123456789012-muen-2026-older', status: 'pending-customer-action', severity_code: 'urgent', last_updated: '2026-11-21T01:00:00.000Z' }),
  ]);
});

test('without a Business or Enterprise support plan it is not_enabled', async () => {
  support.on(DescribeCasesCommand).rejects(Object.assign(new Error('AWS Premium Support Subscription is required to use this service.'), { name: 'SubscriptionRequiredException' }));
  expect(await runCollector(supportTicketsCollector, options)).toMatchObject({ status: 'not_enabled' });
});

test('AccessDenied becomes access_denied', async () => {
  support.on(DescribeCasesCommand).rejects(Object.assign(new Error('not authorized to perform support:DescribeCases'), { name: 'AccessDeniedException' }));
  expect(await runCollector(supportTicketsCollector, options)).toMatchObject({ status: 'access_denied' });
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    support
      .on(DescribeCasesCommand, { includeResolvedCases: true })
      .rejectsOnce(throttling())
      .resolves({ cases: [limitIncrease] });
    support.on(DescribeCasesCommand, { includeResolvedCases: false }).resolves({ cases: [] });
    const run = await runCollector(supportTicketsCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(supportTicketsSection.parse(run.part).map((c) => c.subject)).toEqual(['Increase EC2 vCPU limit']);
    expect(support.commandCalls(DescribeCasesCommand).filter((c) => c.args[0].input.includeResolvedCases)).toHaveLength(2);
  });
});
