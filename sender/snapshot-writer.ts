// Turns a snapshot into the object the receiver reads: validated against the contract, gzipped
// JSON, under data/{account}/{start}_{GRANULARITY}.json.gz. An invalid document is a sender bug and
// is never uploaded: the receiver would reject it anyway, and a loud failure here points at the cause.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { validateSnapshot, type ContractIssue, type Period, type SnapshotInput } from '../snapshot/index.js';
import { silentLogger, type Logger } from './log.js';

export function snapshotKey(accountId: string, period: Pick<Period, 'granularity' | 'start'>): string {
  return `data/${accountId}/${period.start}_${period.granularity}.json.gz`;
}

export class SnapshotContractError extends Error {
  override name = 'SnapshotContractError';
  constructor(readonly issues: ContractIssue[]) {
    super(
      `the snapshot violates the contract and was not uploaded (a sender bug): ${issues
        .slice(0, 10)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')}${issues.length > 10 ? ` … and ${issues.length - 10} more` : ''}`,
    );
  }
}

/** Validates, then gzips the JSON (keys in the order they were built: envelope first). */
export function encodeSnapshot(snapshot: SnapshotInput, logger: Logger = silentLogger): Buffer {
  const result = validateSnapshot(snapshot);
  if (!result.ok) {
    const error = new SnapshotContractError(result.issues.length > 0 ? result.issues : [{ path: '(root)', message: result.message, code: result.reason }]);
    logger.error({ issues: error.issues, account_id: snapshot.account_id, period: snapshot.period }, 'SENDER BUG: snapshot violates the contract, not uploading');
    throw error;
  }
  if (result.unknownFields > 0) logger.warn({ paths: result.unknownFieldPaths }, 'snapshot has fields the contract does not know; the receiver will drop them');
  return gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
}

export interface SnapshotMeta {
  contentType: string;
  contentEncoding: string;
}

/** Where snapshots go: the central S3 bucket, or a local folder that mirrors it. */
export interface SnapshotSink {
  put(key: string, body: Buffer, meta: SnapshotMeta): Promise<void>;
}

export const SNAPSHOT_META: SnapshotMeta = { contentType: 'application/json', contentEncoding: 'gzip' };

/** Encodes and stores a snapshot; returns its key and size. */
export async function uploadSnapshot(sink: SnapshotSink, snapshot: SnapshotInput, logger: Logger = silentLogger): Promise<{ key: string; bytes: number }> {
  const body = encodeSnapshot(snapshot, logger);
  const key = snapshotKey(snapshot.account_id, snapshot.period);
  await sink.put(key, body, SNAPSHOT_META);
  return { key, bytes: body.length };
}

/**
 * The central bucket: encrypted with the hub's KMS key (the hub can read what it did not write)
 * and owned by the bucket owner.
 */
export function s3Sink(s3: S3Client, bucket: string, kmsKeyId: string): SnapshotSink {
  return {
    async put(key, body, meta) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: meta.contentType,
          ContentEncoding: meta.contentEncoding,
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: kmsKeyId,
          ACL: 'bucket-owner-full-control',
        }),
      );
    },
  };
}

/** A folder laid out like the bucket (root/data/…), for the local simulator. */
export function localDirSink(root: string): SnapshotSink {
  return {
    async put(key, body) {
      const path = join(root, ...key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      // write then rename, so a receiver listing the folder never reads half a file
      await writeFile(`${path}.part`, body);
      await rename(`${path}.part`, path);
    },
  };
}
