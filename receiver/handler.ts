// Lambda entry point: SQS messages with S3 event notifications (or direct S3 events) → the objects
// they name, one by one, through processObject. Never lists the bucket.
//
// Environment: ORGPULSE_DB (database URL, e.g. data-api://…; required), ORGPULSE_MAX_BYTES
// (default 104857600), ORGPULSE_PREFIX (default data/), ORGPULSE_KMS_KEY_ID (key for the objects
// the receiver writes; the bucket default otherwise), ORGPULSE_LOG_LEVEL (default info).
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import pino, { type Logger } from 'pino';
import { openDatabase, type OrgPulseDb } from '../db/open.js';
import { isS3Event, isSqsEvent, objectsOfMessage, objectsOfS3Records, type ObjectRef } from './events.js';
import { DATA_PREFIX } from './keys.js';
import { DEFAULT_MAX_BYTES, processObject, type ProcessResult } from './process-object.js';
import { S3Storage, type SnapshotStorage } from './storage/index.js';

export interface HandlerOptions {
  /** Opens the database (once per container). Default: openDatabase(ORGPULSE_DB). */
  openDb?: () => Promise<OrgPulseDb>;
  /** Storage for a bucket named in an event. Default: S3 with one client per container. */
  storageFor?: (bucket: string) => SnapshotStorage;
  logger?: Logger;
  maxBytes?: number;
  prefix?: string;
}

export type ReceiverHandler = (event: SQSEvent | S3Event, context?: Pick<Context, 'awsRequestId'>) => Promise<SQSBatchResponse>;

function defaultOpenDb(): Promise<OrgPulseDb> {
  const url = process.env.ORGPULSE_DB;
  if (!url) return Promise.reject(new Error('ORGPULSE_DB is not set (e.g. data-api://<cluster-arn>?secret=<secret-arn>&database=<db>)'));
  return openDatabase(url);
}

function defaultStorageFor(): (bucket: string) => SnapshotStorage {
  let client: S3Client | undefined;
  const byBucket = new Map<string, SnapshotStorage>();
  return (bucket) => {
    client ??= new S3Client({});
    let storage = byBucket.get(bucket);
    if (!storage) {
      storage = new S3Storage(client, bucket, process.env.ORGPULSE_KMS_KEY_ID ? { kmsKeyId: process.env.ORGPULSE_KMS_KEY_ID } : {});
      byBucket.set(bucket, storage);
    }
    return storage;
  };
}

export function createHandler(options: HandlerOptions = {}): ReceiverHandler {
  const logger = options.logger ?? pino({ level: process.env.ORGPULSE_LOG_LEVEL ?? 'info' });
  const openDb = options.openDb ?? defaultOpenDb;
  const storageFor = options.storageFor ?? defaultStorageFor();
  const maxBytes = options.maxBytes ?? (Number(process.env.ORGPULSE_MAX_BYTES) || DEFAULT_MAX_BYTES);
  const prefix = options.prefix ?? process.env.ORGPULSE_PREFIX ?? DATA_PREFIX;
  // Opened on first use and kept for the container's lifetime; a failed open is retried next time.
  let db: Promise<OrgPulseDb> | undefined;

  async function processAll(objects: readonly ObjectRef[], log: Logger): Promise<ProcessResult[] | 'database_unavailable'> {
    const results: ProcessResult[] = [];
    for (const { bucket, key } of objects) {
      if (!key.startsWith(prefix)) {
        log.info({ bucket, key }, `ignored: not under ${prefix}`);
        continue;
      }
      let database: OrgPulseDb;
      try {
        database = await (db ??= openDb());
      } catch (error) {
        db = undefined;
        log.error({ err: error, key }, 'cannot open the database; the message will be retried');
        return 'database_unavailable';
      }
      results.push(await processObject({ db: database, storage: storageFor(bucket), key, maxBytes, logger: log.child({ bucket }) }));
    }
    return results;
  }

  return async (event, context) => {
    const log = context?.awsRequestId ? logger.child({ requestId: context.awsRequestId }) : logger;
    if (isS3Event(event)) {
      // Invoked by S3 directly (asynchronously): throwing makes Lambda retry the event.
      const { objects, ignored } = objectsOfS3Records(event.Records);
      for (const i of ignored) log.info({ event: i }, 'ignored: not an object creation');
      const results = await processAll(objects, log);
      if (results === 'database_unavailable' || results.some((r) => r.retry)) throw new Error('some objects must be retried; see the log');
      return { batchItemFailures: [] };
    }
    if (!isSqsEvent(event)) {
      log.error({ event }, 'unknown event shape');
      throw new Error('unsupported event: expected SQS messages or S3 event notifications');
    }
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const mlog = log.child({ messageId: record.messageId });
      const parsed = objectsOfMessage(record);
      if (parsed.kind === 'test') {
        mlog.info('s3:TestEvent ignored');
        continue;
      }
      if (parsed.kind === 'unreadable') {
        // Retried until it reaches the dead-letter queue, where someone can look at it.
        mlog.error({ why: parsed.why, body: record.body.slice(0, 2000) }, 'unreadable message');
        failures.push({ itemIdentifier: record.messageId });
        continue;
      }
      for (const i of parsed.ignored) mlog.info({ event: i }, 'ignored: not an object creation');
      const results = await processAll(parsed.objects, mlog);
      if (results === 'database_unavailable' || results.some((r) => r.retry)) failures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures: failures };
  };
}

/** The deployed handler (configuration from the environment). */
export const handler: ReceiverHandler = createHandler();
