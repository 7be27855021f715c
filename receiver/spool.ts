// Copies a stored object to a local temporary file while hashing it. The file is then read (and
// re-read, if need be) from local disk: a slow database load never holds an S3 response open,
// and the sha256 is known before anything is written, for duplicate detection.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RejectError } from './errors.js';
import type { SnapshotStorage } from './storage/index.js';

export interface Spool {
  path: string;
  sha256: string;
  /** Stored (possibly compressed) size. */
  bytes: number;
  etag?: string;
  dispose(): Promise<void>;
}

/** Throws ObjectNotFoundError, RejectError too_large (stored size over the limit), or the storage error. */
export async function spoolObject(storage: SnapshotStorage, key: string, options: { maxBytes: number; dir?: string }): Promise<Spool> {
  const object = await storage.get(key);
  if (object.size !== undefined && object.size > options.maxBytes) {
    object.body.destroy();
    throw new RejectError('too_large', `the stored file is ${object.size} bytes, over the limit of ${options.maxBytes} bytes`);
  }
  // straight in the temporary directory, so that nothing is left behind once it is disposed;
  // created new (wx) and readable by this user only (0600)
  const path = join(options.dir ?? tmpdir(), `orgpulse-spool-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        done(new RejectError('too_large', `the stored file is over the limit of ${options.maxBytes} bytes`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const dispose = (): Promise<void> => rm(path, { force: true });
  try {
    await pipeline(object.body, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await dispose();
    throw error;
  }
  return { path, sha256: hash.digest('hex'), bytes, ...(object.etag ? { etag: object.etag } : {}), dispose };
}
