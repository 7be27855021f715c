import { KMSClient, ListKeysCommand, type ListKeysCommandOutput } from '@aws-sdk/client-kms';
import { meteredClient, type CallMeter } from '../../sender/clients.js';

/** A real KMS client whose transport answers ListKeys with one key and records the abort signal it was given. */
function kms() {
  const signals: (AbortSignal | undefined)[] = [];
  const requestHandler = {
    async handle(_request: unknown, options?: { abortSignal?: AbortSignal }) {
      signals.push(options?.abortSignal);
      const body = Buffer.from(JSON.stringify({ Keys: [{ KeyId: 'key-1' }], Truncated: false }));
      return { response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const client = new KMSClient({ region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, requestHandler });
  return { client, signals };
}

/** A callback that is never called must fail the test quickly, not at jest's two-minute timeout. */
const CALLBACK_TIMEOUT_MS = 5_000;

/** send() in callback style — (command, cb), or (command, options, cb) — as a promise of what the callback got. */
function sendWithCallback(client: KMSClient, options?: { abortSignal?: AbortSignal }) {
  return new Promise<{ error: unknown; output?: ListKeysCommandOutput }>((resolve) => {
    const callback = (error: unknown, output?: ListKeysCommandOutput) => resolve({ error, output });
    if (options) client.send(new ListKeysCommand({}), options, callback);
    else client.send(new ListKeysCommand({}), callback);
  });
}

test('a promise-style send is counted and carries the budget signal', async () => {
  const { client, signals } = kms();
  const meter: CallMeter = { calls: 0 };
  const budget = new AbortController();
  const out = await meteredClient(client, meter, budget.signal).send(new ListKeysCommand({}));
  expect(out.Keys).toEqual([{ KeyId: 'key-1' }]);
  expect(meter.calls).toBe(1);
  expect(signals).toEqual([budget.signal]);
});

test('a callback given as the second argument is called with the output', async () => {
  const { client, signals } = kms();
  const meter: CallMeter = { calls: 0 };
  const budget = new AbortController();
  const { error, output } = await sendWithCallback(meteredClient(client, meter, budget.signal));
  expect(error).toBeNull();
  expect(output?.Keys).toEqual([{ KeyId: 'key-1' }]);
  expect(meter.calls).toBe(1);
  expect(signals).toEqual([budget.signal]);
}, CALLBACK_TIMEOUT_MS);

test('a callback after options is called, and the options are kept', async () => {
  const { client, signals } = kms();
  const meter: CallMeter = { calls: 0 };
  const own = new AbortController();
  const { error, output } = await sendWithCallback(meteredClient(client, meter, new AbortController().signal), { abortSignal: own.signal });
  expect(error).toBeNull();
  expect(output?.Keys).toHaveLength(1);
  expect(meter.calls).toBe(1);
  expect(signals).toEqual([own.signal]);
}, CALLBACK_TIMEOUT_MS);

test('after the budget is used up, neither style sends: the promise rejects and the callback gets the error', async () => {
  const { client, signals } = kms();
  const meter: CallMeter = { calls: 0 };
  const budget = new AbortController();
  budget.abort(new Error('kms used up its budget'));
  const metered = meteredClient(client, meter, budget.signal);
  await expect(metered.send(new ListKeysCommand({}))).rejects.toThrow('kms used up its budget');
  const { error } = await sendWithCallback(metered);
  expect(error).toEqual(new Error('kms used up its budget'));
  expect(meter.calls).toBe(0);
  expect(signals).toEqual([]);
}, CALLBACK_TIMEOUT_MS);
