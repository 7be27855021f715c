// The bucket as the receiver sees it: S3 in AWS, a folder that mirrors the bucket layout locally.
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Stored (possibly compressed) size in bytes. */
  size: number;
  etag?: string;
}

export interface ObjectBody {
  body: Readable;
  size?: number;
  etag?: string;
}

export interface SnapshotStorage {
  /** Human-readable location, e.g. `s3://bucket` or a folder path. */
  readonly description: string;
  /** Every object under the prefix (all pages). Keys ending in "/" (folder markers) are left out. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Throws ObjectNotFoundError when the key does not exist. */
  get(key: string): Promise<ObjectBody>;
  exists(key: string): Promise<boolean>;
  put(key: string, body: string | Buffer, contentType: string): Promise<void>;
  /** Moves an object (S3: copy then delete); an existing destination is replaced. */
  move(from: string, to: string): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  constructor(readonly key: string, options?: { cause?: unknown }) {
    super(`object ${key} does not exist`, options);
  }
}
