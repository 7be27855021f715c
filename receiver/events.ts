// The objects an event names: SQS messages carrying S3 event notifications (or EventBridge
// "Object Created" events), and S3 events delivered to the function directly.
import type { S3Event, S3EventRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { decodeEventKey } from './keys.js';

export interface ObjectRef {
  bucket: string;
  key: string;
}

export type MessageObjects =
  | { kind: 'objects'; objects: ObjectRef[]; ignored: string[] }
  /** s3:TestEvent, sent once when the notification is configured. */
  | { kind: 'test' }
  | { kind: 'unreadable'; why: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSqsEvent(event: unknown): event is SQSEvent {
  return isObject(event) && Array.isArray(event.Records) && event.Records.every((r) => isObject(r) && r.eventSource === 'aws:sqs');
}

export function isS3Event(event: unknown): event is S3Event {
  return isObject(event) && Array.isArray(event.Records) && event.Records.every((r) => isObject(r) && r.eventSource === 'aws:s3');
}

/** Objects created by S3 records; other event names (removals, restores) are ignored, with a note. */
export function objectsOfS3Records(records: readonly S3EventRecord[]): { objects: ObjectRef[]; ignored: string[] } {
  const objects: ObjectRef[] = [];
  const ignored: string[] = [];
  for (const r of records) {
    const key = decodeEventKey(r.s3.object.key);
    if (!r.eventName.startsWith('ObjectCreated:')) ignored.push(`${r.eventName} ${key}`);
    else objects.push({ bucket: r.s3.bucket.name, key });
  }
  return { objects, ignored };
}

export function objectsOfMessage(record: SQSRecord): MessageObjects {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { kind: 'unreadable', why: 'the message body is not JSON' };
  }
  if (!isObject(body)) return { kind: 'unreadable', why: 'the message body is not a JSON object' };
  if (body.Event === 's3:TestEvent') return { kind: 'test' };
  if (Array.isArray(body.Records)) {
    const records = body.Records.filter((r): r is S3EventRecord => isObject(r) && isObject(r.s3) && typeof r.eventName === 'string');
    if (records.length !== body.Records.length) return { kind: 'unreadable', why: 'a record is not an S3 event record' };
    return { kind: 'objects', ...objectsOfS3Records(records) };
  }
  // EventBridge (S3 → EventBridge → SQS): keys are not URL-encoded there.
  if (body.source === 'aws.s3' && isObject(body.detail) && isObject(body.detail.bucket) && isObject(body.detail.object)) {
    const bucket = body.detail.bucket.name;
    const key = body.detail.object.key;
    if (typeof bucket === 'string' && typeof key === 'string') {
      return body['detail-type'] === 'Object Created' ? { kind: 'objects', objects: [{ bucket, key }], ignored: [] } : { kind: 'objects', objects: [], ignored: [`${String(body['detail-type'])} ${key}`] };
    }
  }
  return { kind: 'unreadable', why: 'the message is neither an S3 event notification nor an EventBridge S3 event' };
}
