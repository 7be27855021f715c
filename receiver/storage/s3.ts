// The bucket in S3: paginated listing, streamed reads, copy + delete to move.
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { ObjectNotFoundError, type ObjectBody, type SnapshotStorage, type StoredObject } from './types.js';

export interface S3StorageOptions {
  /** KMS key for objects the receiver writes (moves, error.json); the bucket default applies otherwise. */
  kmsKeyId?: string;
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** CopySource is "bucket/key" with the key URL-encoded, slashes kept. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export class S3Storage implements SnapshotStorage {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    private readonly options: S3StorageOptions = {},
  ) {}

  get description(): string {
    return `s3://${this.bucket}`;
  }

  private encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    return this.options.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.options.kmsKeyId } : {};
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix })) {
      for (const item of page.Contents ?? []) {
        if (!item.Key || item.Key.endsWith('/')) continue;
        yield { key: item.Key, size: item.Size ?? 0, ...(item.ETag ? { etag: item.ETag } : {}) };
      }
    }
  }

  async get(key: string): Promise<ObjectBody> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const raw = out.Body as unknown;
      let body: Readable;
      if (raw instanceof Readable) body = raw;
      else if (raw && typeof (raw as { transformToWebStream?: unknown }).transformToWebStream === 'function') {
        body = Readable.fromWeb((raw as { transformToWebStream(): ReadableStream }).transformToWebStream());
      } else throw new Error(`GetObject ${key} returned no readable body`);
      return { body, ...(out.ContentLength !== undefined ? { size: out.ContentLength } : {}), ...(out.ETag ? { etag: out.ETag } : {}) };
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key, { cause: error });
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async put(key: string, body: string | Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...this.encryption() }));
  }

  async move(from: string, to: string): Promise<void> {
    try {
      await this.client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: copySource(this.bucket, from), MetadataDirective: 'COPY', ...this.encryption() }),
      );
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(from, { cause: error });
      throw error;
    }
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
  }
}
