// A local folder laid out like the bucket (data/, loaded/, rejected/), for local runs and tests.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ObjectNotFoundError, type ObjectBody, type SnapshotStorage, type StoredObject } from './types.js';

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export class LocalDirectoryStorage implements SnapshotStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get description(): string {
    return this.root;
  }

  /** Maps a key to a path inside the root; keys that would escape it are refused. */
  pathOf(key: string): string {
    const parts = key.split('/');
    if (key.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '') || key.includes('\\') || key.includes('\0')) {
      throw new Error(`unsafe object key for a local bucket: ${JSON.stringify(key)}`);
    }
    return join(this.root, ...parts);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    // Start the walk at the deepest folder the prefix names; filter the rest by string prefix.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    const start = base === '' ? this.root : this.pathOf(base);
    yield* this.walk(start, base === '' ? '' : `${base}/`, prefix);
  }

  private async *walk(dir: string, keyPrefix: string, prefix: string): AsyncIterable<StoredObject> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) yield* this.walk(join(dir, entry.name), `${key}/`, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await stat(join(dir, entry.name));
        yield { key, size: info.size };
      }
    }
  }

  async get(key: string): Promise<ObjectBody> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      return { body: createReadStream(path), size: info.size };
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key, { cause: error });
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async put(key: string, body: string | Buffer, _contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${path}.${process.pid}.${Date.now()}.part`;
    await writeFile(tmp, body);
    await rename(tmp, path);
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(source, target);
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(from, { cause: error });
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(source, target);
      await unlink(source);
    }
    await this.pruneEmptyFolders(dirname(source));
  }

  /** S3 has no folders: an emptied data/{account}/ goes too (the top folder, data/, stays). */
  private async pruneEmptyFolders(dir: string): Promise<void> {
    for (let current = dir; dirname(current) !== this.root && current !== this.root; current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone)
      }
    }
  }
}

