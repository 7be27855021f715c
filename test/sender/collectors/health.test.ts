import { mockClient } from 'aws-sdk-client-mock';
import { DescribeEntityAggregatesCommand, DescribeEventsCommand, HealthClient, type Event } from '@aws-sdk/client-health';
import { healthCollector } from '../../../sender/collectors/health.js';
import { runCollector } from '../../../sender/run-collector.js';
import { healthSection } from '../../../snapshot/index.js';
import { runOptions, retryingClientFactory, throttling } from '../support/aws.js';

const health = mockClient(HealthClient);
// Account scope, run from the home region; the Health API answers in us-east-1.
const options = runOptions({ region: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] });

const RETIREMENT = 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_1234';
const OUTAGE = 'arn:aws:health:eu-west-1::event/LAMBDA/AWS_LAMBDA_OPERATIONAL_ISSUE/AWS_LAMBDA_OPERATIONAL_ISSUE_5678';

function event(arn: string, extra: Partial<Event>): Event {
  return { arn, lastUpdatedTime: new Date('2026-11-20T09:00:00Z'), ...extra };
}

beforeEach(() => {
  health.reset();
  health.on(DescribeEventsCommand, { nextToken: undefined }).resolves({
    events: [
      event(RETIREMENT, {
        service: 'EC2',
        eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        eventTypeCategory: 'scheduledChange',
        region: 'us-east-1',
        statusCode: 'upcoming',
        eventScopeCode: 'ACCOUNT_SPECIFIC',
        startTime: new Date('2026-12-01T00:00:00Z'),
      }),
    ],
    nextToken: 'events-2',
  });
  health.on(DescribeEventsCommand, { nextToken: 'events-2' }).resolves({
    events: [
      event(OUTAGE, {
        service: 'LAMBDA',
        eventTypeCode: 'AWS_LAMBDA_OPERATIONAL_ISSUE',
        eventTypeCategory: 'issue',
        region: 'eu-west-1',
        availabilityZone: 'euw1-az1',
        statusCode: 'closed',
        eventScopeCode: 'PUBLIC',
        startTime: new Date('2026-11-20T07:00:00Z'),
        endTime: new Date('2026-11-20T08:30:00Z'),
      }),
    ],
  });
  health.on(DescribeEntityAggregatesCommand).resolves({ entityAggregates: [{ eventArn: RETIREMENT, count: 1, statuses: { IMPAIRED: 1 } }] });
});

test('events updated in the period, with affected-entity counts', async () => {
  const run = await runCollector(healthCollector, options);
  expect(run).toMatchObject({ status: 'ok', truncated: false });
  expect(await (health.call(0).thisValue as HealthClient).config.region()).toBe('us-east-1');
  expect(health).toHaveReceivedCommandWith(DescribeEventsCommand, {
    filter: { lastUpdatedTimes: [{ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }] },
    maxResults: 100,
    nextToken: 'events-2',
  });
  expect(health).toHaveReceivedCommandWith(DescribeEntityAggregatesCommand, { eventArns: [RETIREMENT, OUTAGE] });
  expect(healthSection.parse(run.part)).toEqual([
    {
      arn: RETIREMENT,
      service: 'EC2',
      event_type_code: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      event_type_category: 'scheduledChange',
      region: 'us-east-1',
      availability_zone: null,
      status_code: 'upcoming',
      scope: 'ACCOUNT_SPECIFIC',
      start_time: '2026-12-01T00:00:00.000Z',
      end_time: null,
      last_updated_time: '2026-11-20T09:00:00.000Z',
      affected_entities: 1,
    },
    {
      arn: OUTAGE,
      service: 'LAMBDA',
      event_type_code: 'AWS_LAMBDA_OPERATIONAL_ISSUE',
      event_type_category: 'issue',
      region: 'eu-west-1',
      availability_zone: 'euw1-az1',
      status_code: 'closed',
      scope: 'PUBLIC',
      start_time: '2026-11-20T07:00:00.000Z',
      end_time: '2026-11-20T08:30:00.000Z',
      last_updated_time: '2026-11-20T09:00:00.000Z',
      affected_entities: 0,
    },
  ]);
});

test('entity counts are asked for 50 events at a time', async () => {
  const arns = Array.from({ length: 120 }, (_, i) => `arn:aws:health:us-east-1::event/EC2/AWS_EC2_MAINTENANCE_SCHEDULED/E${i}`);
  health.on(DescribeEventsCommand).resolves({ events: arns.map((arn) => event(arn, { service: 'EC2', eventTypeCode: 'AWS_EC2_MAINTENANCE_SCHEDULED', eventTypeCategory: 'scheduledChange', statusCode: 'upcoming' })) });
  health.on(DescribeEntityAggregatesCommand).callsFake((input: { eventArns: string[] }) => ({ entityAggregates: input.eventArns.map((eventArn) => ({ eventArn, count: 2 })) }));
  const run = await runCollector(healthCollector, options);
  const rows = healthSection.parse(run.part);
  expect(rows).toHaveLength(120);
  expect(rows.every((r) => r.affected_entities === 2)).toBe(true);
  expect(health.commandCalls(DescribeEntityAggregatesCommand).map((c) => c.args[0].input.eventArns?.length)).toEqual([50, 50, 20]);
});

test('an event of a category the contract does not know is left out and the run says so', async () => {
  health.on(DescribeEventsCommand).resolves({ events: [event(OUTAGE, { service: 'LAMBDA', eventTypeCategory: 'futureCategory' as never, statusCode: 'open' })] });
  const run = await runCollector(healthCollector, options);
  expect(run.part).toEqual([]);
  expect(run.truncationReasons).toEqual(['health: 1 event(s) with a category or status the contract does not know were left out']);
});

test('without a Business or Enterprise support plan it is not_enabled', async () => {
  health.on(DescribeEventsCommand).rejects(Object.assign(new Error('The AWS Health API requires a Business, Enterprise On-Ramp, or Enterprise Support plan'), { name: 'SubscriptionRequiredException' }));
  expect(await runCollector(healthCollector, options)).toMatchObject({ status: 'not_enabled' });
});

test('AccessDenied becomes access_denied', async () => {
  health.on(DescribeEventsCommand).rejects(Object.assign(new Error('not authorized to perform health:DescribeEvents'), { name: 'AccessDeniedException' }));
  expect(await runCollector(healthCollector, options)).toMatchObject({ status: 'access_denied' });
});

describe('throttling', () => {
  test('a throttled call is retried by the SDK and its second result is kept', async () => {
    health
      .on(DescribeEntityAggregatesCommand)
      .rejectsOnce(throttling())
      .resolves({ entityAggregates: [{ eventArn: OUTAGE, count: 7 }] });
    const run = await runCollector(healthCollector, { ...options, clientFactory: retryingClientFactory(3) });
    expect(run.status).toBe('ok');
    expect(healthSection.parse(run.part).map((e) => e.affected_entities)).toEqual([0, 7]);
    expect(health).toHaveReceivedCommandTimes(DescribeEntityAggregatesCommand, 2);
  });
});
