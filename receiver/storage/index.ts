// Picks the storage adapter from a --bucket value: `s3://bucket` or a local folder.
import { existsSync, statSync } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { LocalDirectoryStorage } from './local.js';
import { S3Storage, type S3StorageOptions } from './s3.js';
import type { SnapshotStorage } from './types.js';

export { LocalDirectoryStorage } from './local.js';
export { S3Storage, copySource, type S3StorageOptions } from './s3.js';
export { ObjectNotFoundError, type ObjectBody, type SnapshotStorage, type StoredObject } from './types.js';

export class StorageLocationError extends Error {}

export interface OpenStorageOptions extends S3StorageOptions {
  /** An S3 client to use (tests, custom endpoints); one with the default configuration otherwise. */
  s3Client?: S3Client;
}

/** `s3://bucket` → S3Storage; anything else is a folder that must exist → LocalDirectoryStorage. */
export function openStorage(bucket: string, options: OpenStorageOptions = {}): SnapshotStorage {
  const value = bucket.trim();
  if (value.startsWith('s3://')) {
    const name = value.slice('s3://'.length).replace(/\/$/, '');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) {
      throw new StorageLocationError(`"${value}" is not an S3 bucket URL (s3://bucket-name, no path)`);
    }
    const { s3Client, ...rest } = options;
    return new S3Storage(s3Client ?? new S3Client({}), name, rest);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new StorageLocationError(`unsupported bucket URL "${value}"; use s3://bucket or a folder`);
  if (!existsSync(value) || !statSync(value).isDirectory()) throw new StorageLocationError(`bucket folder "${value}" does not exist`);
  return new LocalDirectoryStorage(value);
}
