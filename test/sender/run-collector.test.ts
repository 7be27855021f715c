import { mockClient } from 'aws-sdk-client-mock';
import { KMSClient, ListKeysCommand, paginateListKeys } from '@aws-sdk/client-kms';
import { runCollector } from '../../sender/run-collector.js';
import type { Collector } from '../../sender/collector.js';
import { runOptions } from './support/aws.js';

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const listKeys: Collector<string[]> = {
  name: 'kms',
  target: { section: 'security', part: 'kms' },
  scope: 'regional',
  api: ['kms:ListKeys'],
  async collect(ctx) {
    const ids: string[] = [];
    for await (const page of paginateListKeys({ client: ctx.client(KMSClient) }, {})) ids.push(...(page.Keys ?? []).map((k) => k.KeyId!));
    return ids;
  },
};

const options = runOptions({ region: 'eu-west-1', regions: ['eu-west-1'] });

test('calls through paginators are counted and the part is returned', async () => {
  kms.on(ListKeysCommand, { Marker: undefined }).resolves({ Keys: [{ KeyId: 'a' }], NextMarker: 'm1', Truncated: true });
  kms.on(ListKeysCommand, { Marker: 'm1' }).resolves({ Keys: [{ KeyId: 'b' }] });
  const run = await runCollector(listKeys, options);
  expect(run).toMatchObject({ status: 'ok', part: ['a', 'b'], apiCalls: 2, region: 'eu-west-1' });
});

test('AccessDenied becomes access_denied with the message, not an exception', async () => {
  kms.on(ListKeysCommand).rejects(Object.assign(new Error('User is not authorized to perform kms:ListKeys'), { name: 'AccessDeniedException' }));
  const run = await runCollector(listKeys, options);
  expect(run.status).toBe('access_denied');
  expect(run.error).toMatch(/not authorized/);
});

test('a collector over its time budget fails with a budget message', async () => {
  kms.on(ListKeysCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Keys: [] }), 200)));
  const slow: Collector<string[]> = {
    ...listKeys,
    async collect(ctx) {
      for (;;) await ctx.client(KMSClient).send(new ListKeysCommand({}));
    },
  };
  const run = await runCollector(slow, { ...options, config: { ...options.config, collectorBudgetMs: 300 } });
  expect(run.status).toBe('failed');
  expect(run.error).toMatch(/budget/);
});
