// Bytes of a stored file → UTF-8 text chunks: gunzip when the key says .gz, the uncompressed size
// limit enforced as the bytes arrive (nothing bigger than one chunk is ever held), strict UTF-8.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RejectError } from '../errors.js';

export interface DecodeOptions {
  gzip: boolean;
  /** Largest uncompressed size accepted, in bytes. */
  maxBytes: number;
}

export interface DecodeStats {
  /** Uncompressed bytes read so far. */
  bytes: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function gzipError(error: unknown): RejectError {
  const message = (error as Error).message ?? String(error);
  const what = /unexpected end/i.test(message) ? 'the gzip stream is truncated' : 'the gzip stream is corrupt';
  return new RejectError('gzip_corrupt', `${what} (${message})`, [], { cause: error });
}

/** Yields text chunks; throws RejectError too_large / gzip_corrupt / not_json (bad UTF-8). */
export async function* decodeText(input: Readable, options: DecodeOptions, stats: DecodeStats = { bytes: 0 }): AsyncGenerator<string> {
  let source: AsyncIterable<Buffer> = input;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  if (options.gzip) {
    gunzip = createGunzip();
    const gz = gunzip;
    input.on('error', (error) => gz.destroy(error));
    input.pipe(gz);
    source = gz;
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    const iterator = source[Symbol.asyncIterator]();
    for (;;) {
      let step: IteratorResult<Buffer>;
      try {
        step = await iterator.next();
      } catch (error) {
        if (gunzip && (error as { errno?: unknown }).errno !== undefined && String((error as { code?: unknown }).code).startsWith('Z_')) throw gzipError(error);
        throw error;
      }
      if (step.done) break;
      const chunk = step.value;
      if (first && chunk.length > 0) {
        first = false;
        if (!options.gzip && chunk[0] === GZIP_MAGIC_0 && chunk[1] === GZIP_MAGIC_1) {
          throw new RejectError('not_json', 'the file is gzip-compressed but its key does not end in .gz');
        }
      }
      stats.bytes += chunk.length;
      if (stats.bytes > options.maxBytes) {
        throw new RejectError('too_large', `the snapshot is larger than the limit of ${options.maxBytes} bytes uncompressed`);
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (error) {
        throw new RejectError('not_json', `the file is not valid UTF-8 (near byte ${stats.bytes - chunk.length})`, [], { cause: error });
      }
      if (text.length > 0) yield text;
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch (error) {
      throw new RejectError('not_json', 'the file ends inside a UTF-8 sequence', [], { cause: error });
    }
    if (tail.length > 0) yield tail;
  } finally {
    // Stop reading on early exit (rejection): release the file and the inflater.
    gunzip?.destroy();
    input.destroy();
  }
}
