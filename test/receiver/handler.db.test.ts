// The Lambda handler with realistic SQS / S3 event JSON; S3 is mocked at the SDK boundary.
import { Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mockClient } from 'aws-sdk-client-mock';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import type { S3Event, SQSEvent, SQSRecord } from 'aws-lambda';
import pino from 'pino';
import { describeEachDatabase } from '../support/databases.js';
import { createHandler } from '../../receiver/handler.js';
import { S3Storage } from '../../receiver/storage/index.js';
import { ingestions } from './support/bucket.js';
import { completeSnapshot, snapshotKey } from './fixtures/documents.js';

const BUCKET = 'orgpulse-data-111122223333';
const s3 = mockClient(S3Client);

function s3Record(key: string, eventName = 'ObjectCreated:Put') {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2026-11-21T01:00:13.120Z',
    eventName,
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:orgpulse-sender' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'orgpulse-data',
      bucket: { name: BUCKET, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${BUCKET}` },
      // Keys arrive URL-encoded, spaces as "+".
      object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0A1B2C3D4E5F678901' },
    },
  };
}

function sqsRecord(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1795300000000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1795300000001' },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:orgpulse-receiver',
    awsRegion: 'eu-west-1',
  };
}

function body(content: Buffer) {
  return sdkStreamMixin(Readable.from([content]));
}

function notFound(): S3ServiceException {
  return new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' });
}

/** Captures the handler's JSON log lines. */
function captureLogs(): { lines: Record<string, unknown>[]; logger: pino.Logger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, sink) };
}

describeEachDatabase('receiver Lambda handler', (get) => {
  beforeEach(() => {
    s3.reset();
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'Not Found' }));
  });

  function handlerWith(logger: pino.Logger, openDb = async () => get().db) {
    return createHandler({ openDb, logger, storageFor: (bucket) => new S3Storage(new S3Client({ region: 'eu-west-1' }), bucket) });
  }

  test('loads the objects named in the messages, moves them, logs key and ingestion id on every line', async () => {
    const a = snapshotKey('400000000001', '2026-11-20');
    const b = snapshotKey('400000000002', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: a }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000001')))) }));
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: b }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000002')))) }));
    const { lines, logger } = captureLogs();
    const event: SQSEvent = { Records: [sqsRecord('m-1', { Records: [s3Record(a)] }), sqsRecord('m-2', { Records: [s3Record(b)] })] };
    const out = await handlerWith(logger)(event, { awsRequestId: 'req-1' });
    expect(out).toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 2);
    expect(s3).toHaveReceivedCommandWith(CopyObjectCommand, { Bucket: BUCKET, Key: 'loaded/400000000001/2026-11-20_DAILY.json.gz', CopySource: `${BUCKET}/${a}` });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: BUCKET, Key: a });
    const rows = await ingestions(get().db, a);
    expect(rows).toEqual([expect.objectContaining({ status: 'loaded' })]);
    const fileLines = lines.filter((l) => l.key === a);
    expect(fileLines.length).toBeGreaterThan(0);
    for (const l of fileLines) expect(l).toMatchObject({ requestId: 'req-1', messageId: 'm-1', bucket: BUCKET });
    // After the object is read, every line names the ingestion.
    expect(fileLines.filter((l) => l.msg !== 'read the object').every((l) => l.ingestionId === rows[0]!.ingestion_id)).toBe(true);
    expect(fileLines.some((l) => l.msg === 'loaded')).toBe(true);
  });

  test('s3:TestEvent is ignored; removals and keys outside data/ are ignored', async () => {
    const { logger } = captureLogs();
    const event: SQSEvent = {
      Records: [
        sqsRecord('t-1', { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-11-21T00:00:00.000Z', Bucket: BUCKET, RequestId: 'X', HostId: 'Y' }),
        sqsRecord('t-2', { Records: [s3Record('data/400000000003/2026-11-20_DAILY.json.gz', 'ObjectRemoved:Delete'), s3Record('loaded/400000000003/2026-11-20_DAILY.json.gz')] }),
      ],
    };
    expect(await handlerWith(logger)(event)).toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  test('a transient S3 error fails only that message; a rejected file is handled, not a failure', async () => {
    const ok = snapshotKey('400000000004', '2026-11-20');
    const flaky = snapshotKey('400000000005', '2026-11-20');
    const bad = 'data/400000000006/my notes.txt';
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: ok }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000004')))) }));
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: flaky }).rejects(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Please reduce your request rate.' }));
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: bad }).callsFake(() => ({ Body: body(Buffer.from('hello')) }));
    const { logger } = captureLogs();
    const event: SQSEvent = { Records: [sqsRecord('ok', { Records: [s3Record(ok)] }), sqsRecord('flaky', { Records: [s3Record(flaky)] }), sqsRecord('bad', { Records: [s3Record(bad)] })] };
    const out = await handlerWith(logger)(event);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'flaky' }] });
    // The flaky object stays where it is: no copy, no delete.
    expect(s3).not.toHaveReceivedCommandWith(CopyObjectCommand, { CopySource: `${BUCKET}/${flaky}` });
    expect(s3).not.toHaveReceivedCommandWith(DeleteObjectCommand, { Key: flaky });
    expect(await ingestions(get().db, flaky)).toEqual([expect.objectContaining({ status: 'failed', reason: 'storage_unavailable' })]);
    // The bad key (decoded from "my+notes.txt") was rejected: error report written, then moved.
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'rejected/400000000006/my notes.txt.error.json', ContentType: 'application/json' });
    expect(s3).toHaveReceivedCommandWith(CopyObjectCommand, { Key: 'rejected/400000000006/my notes.txt', CopySource: `${BUCKET}/data/400000000006/my%20notes.txt` });
    expect(await ingestions(get().db, bad)).toEqual([expect.objectContaining({ status: 'rejected', reason: 'bad_key' })]);
  });

  test('an event for a key that no longer exists is recorded and not retried', async () => {
    const gone = snapshotKey('400000000007', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: gone }).rejects(notFound());
    s3.on(HeadObjectCommand, { Bucket: BUCKET, Key: 'loaded/400000000007/2026-11-20_DAILY.json.gz' }).resolves({});
    const { logger } = captureLogs();
    expect(await handlerWith(logger)({ Records: [sqsRecord('g', { Records: [s3Record(gone)] })] })).toEqual({ batchItemFailures: [] });
    expect(await ingestions(get().db, gone)).toEqual([expect.objectContaining({ status: 'duplicate', reason: 'already_processed' })]);
  });

  test('an unreadable message fails (to reach the DLQ); the database is opened once per container', async () => {
    const { logger } = captureLogs();
    let opened = 0;
    const handler = handlerWith(logger, async () => {
      opened++;
      return get().db;
    });
    const key = snapshotKey('400000000008', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000008')))) }));
    expect(await handler({ Records: [sqsRecord('junk', 'not json at all'), sqsRecord('k', { Records: [s3Record(key)] })] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'junk' }] });
    expect(await handler({ Records: [sqsRecord('k2', { Records: [s3Record(key)] })] })).toEqual({ batchItemFailures: [] });
    expect(opened).toBe(1);
  });

  test('a database that cannot be opened fails every message with objects, and is retried on the next invocation', async () => {
    const { logger } = captureLogs();
    let attempts = 0;
    const handler = handlerWith(logger, async () => {
      attempts++;
      if (attempts === 1) throw new Error('cannot connect to PostgreSQL: ECONNREFUSED');
      return get().db;
    });
    const key = snapshotKey('400000000009', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000009')))) }));
    expect(await handler({ Records: [sqsRecord('a', { Records: [s3Record(key)] })] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }] });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
    expect(await handler({ Records: [sqsRecord('a', { Records: [s3Record(key)] })] })).toEqual({ batchItemFailures: [] });
    expect(attempts).toBe(2);
  });

  test('a plain S3 event (direct invocation) is processed; a transient error throws so Lambda retries', async () => {
    const { logger } = captureLogs();
    const key = snapshotKey('400000000010', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: key }).callsFake(() => ({ Body: body(gzipSync(JSON.stringify(completeSnapshot('2026-11-20', '400000000010')))) }));
    const event = { Records: [s3Record(key)] } as unknown as S3Event;
    expect(await handlerWith(logger)(event)).toEqual({ batchItemFailures: [] });
    expect(await ingestions(get().db, key)).toEqual([expect.objectContaining({ status: 'loaded' })]);
    const flaky = snapshotKey('400000000011', '2026-11-20');
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: flaky }).rejects(new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'We encountered an internal error.' }));
    await expect(handlerWith(logger)({ Records: [s3Record(flaky)] } as unknown as S3Event)).rejects.toThrow(/retried/);
  });
});
