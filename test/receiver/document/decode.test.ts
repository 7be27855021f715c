// Reading the bytes: gzip, size limit, UTF-8 — each failure has its reason.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { decodeText } from '../../../receiver/document/decode.js';
import { RejectError } from '../../../receiver/errors.js';

async function decode(bytes: Buffer, options: { gzip: boolean; maxBytes?: number }, chunk = 7): Promise<string | RejectError> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  let out = '';
  try {
    for await (const text of decodeText(Readable.from(parts), { gzip: options.gzip, maxBytes: options.maxBytes ?? 1_000_000 })) out += text;
    return out;
  } catch (error) {
    if (error instanceof RejectError) return error;
    throw error;
  }
}

test('multi-byte characters split across chunks decode intact; a BOM is dropped', async () => {
  const text = '{"a":"é 🚀 中文"}';
  expect(await decode(Buffer.from(`\ufeff${text}`), { gzip: false }, 3)).toBe(text);
  expect(await decode(gzipSync(text), { gzip: true }, 5)).toBe(text);
});

test('invalid UTF-8, a gzip file under a .json key, truncated and corrupt gzip, too large', async () => {
  expect(await decode(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { gzip: false })).toMatchObject({ reason: 'not_json', message: expect.stringMatching(/UTF-8/) });
  expect(await decode(Buffer.from([0x7b, 0x22, 0xe2, 0x82]), { gzip: false })).toMatchObject({ reason: 'not_json' });
  expect(await decode(gzipSync('{}'), { gzip: false })).toMatchObject({ reason: 'not_json', message: expect.stringMatching(/gzip-compressed/) });
  const gz = gzipSync('{"a":"'.padEnd(5000, 'x') + '"}');
  expect(await decode(gz.subarray(0, gz.length - 10), { gzip: true })).toMatchObject({ reason: 'gzip_corrupt', message: expect.stringMatching(/truncated/) });
  expect(await decode(Buffer.from('not gzip at all'), { gzip: true })).toMatchObject({ reason: 'gzip_corrupt' });
  expect(await decode(gzipSync('x'.repeat(5000)), { gzip: true, maxBytes: 4096 })).toMatchObject({ reason: 'too_large' });
  expect(await decode(Buffer.from('x'.repeat(5000)), { gzip: false, maxBytes: 4096 })).toMatchObject({ reason: 'too_large' });
});
