import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { mockClient } from 'aws-sdk-client-mock';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { LocalDirectoryStorage, ObjectNotFoundError, S3Storage, StorageLocationError, openStorage } from '../../receiver/storage/index.js';
import { TestBucket } from './support/bucket.js';

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

describe('LocalDirectoryStorage', () => {
  let bucket: TestBucket;
  beforeEach(() => {
    bucket = new TestBucket();
  });
  afterEach(() => bucket.remove());

  test('lists by prefix, reads, writes, moves (replacing), and prunes emptied folders', async () => {
    const s = bucket.storage;
    bucket.put('data/111111111111/2026-11-20_DAILY.json.gz', 'a');
    bucket.put('data/111111111111/2026-11-21_DAILY.json.gz', 'bb');
    bucket.put('data/222222222222/2026-11-20_DAILY.json.gz', 'c');
    bucket.put('loaded/111111111111/2026-11-19_DAILY.json.gz', 'old');
    expect(await all(s.list('data/'))).toEqual([
      { key: 'data/111111111111/2026-11-20_DAILY.json.gz', size: 1 },
      { key: 'data/111111111111/2026-11-21_DAILY.json.gz', size: 2 },
      { key: 'data/222222222222/2026-11-20_DAILY.json.gz', size: 1 },
    ]);
    expect((await all(s.list('data/2'))).map((o) => o.key)).toEqual(['data/222222222222/2026-11-20_DAILY.json.gz']);
    expect(await all(s.list('nothing/'))).toEqual([]);
    expect(await text((await s.get('data/111111111111/2026-11-21_DAILY.json.gz')).body)).toBe('bb');
    await expect(s.get('data/111111111111/nope.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await s.put('rejected/x/y.error.json', '{"reason":"x"}', 'application/json');
    expect(bucket.read('rejected/x/y.error.json')).toBe('{"reason":"x"}');
    await s.move('data/222222222222/2026-11-20_DAILY.json.gz', 'loaded/222222222222/2026-11-20_DAILY.json.gz');
    expect(await s.exists('loaded/222222222222/2026-11-20_DAILY.json.gz')).toBe(true);
    expect(await s.exists('data/222222222222/2026-11-20_DAILY.json.gz')).toBe(false);
    expect(bucket.keys()).not.toContain('data/222222222222');
    await expect(s.move('data/222222222222/2026-11-20_DAILY.json.gz', 'loaded/z')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  test('refuses keys that would leave the bucket folder', async () => {
    const s = new LocalDirectoryStorage(bucket.root);
    await expect(s.get('../etc/passwd')).rejects.toThrow(/unsafe object key/);
    await expect(s.put('/abs', 'x', 'text/plain')).rejects.toThrow(/unsafe object key/);
    await expect(s.move('data/a', 'data/../../b')).rejects.toThrow(/unsafe object key/);
  });

  test('openStorage: a folder, s3://bucket, or a clear error', () => {
    expect(openStorage(bucket.root)).toBeInstanceOf(LocalDirectoryStorage);
    const s3 = openStorage('s3://orgpulse-data-111122223333', { s3Client: new S3Client({ region: 'eu-west-1' }) });
    expect(s3).toBeInstanceOf(S3Storage);
    expect(s3.description).toBe('s3://orgpulse-data-111122223333');
    expect(() => openStorage(`${bucket.root}/missing`)).toThrow(StorageLocationError);
    expect(() => openStorage('s3://Bad_Bucket/path')).toThrow(StorageLocationError);
    expect(() => openStorage('gs://bucket')).toThrow(/unsupported bucket URL/);
  });
});

describe('S3Storage', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());
  const storage = (kmsKeyId?: string) => new S3Storage(new S3Client({ region: 'eu-west-1' }), 'orgpulse-data', kmsKeyId ? { kmsKeyId } : {});

  test('lists every page, skipping folder markers', async () => {
    s3.on(ListObjectsV2Command, { Bucket: 'orgpulse-data', Prefix: 'data/', ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 'data/111111111111/', Size: 0 }, { Key: 'data/111111111111/2026-11-20_DAILY.json.gz', Size: 10, ETag: '"e1"' }],
      IsTruncated: true,
      NextContinuationToken: 'page-2',
    });
    s3.on(ListObjectsV2Command, { Bucket: 'orgpulse-data', Prefix: 'data/', ContinuationToken: 'page-2' }).resolves({ Contents: [{ Key: 'data/222222222222/2026-11-20_DAILY.json.gz', Size: 20 }], IsTruncated: false });
    expect(await all(storage().list('data/'))).toEqual([
      { key: 'data/111111111111/2026-11-20_DAILY.json.gz', size: 10, etag: '"e1"' },
      { key: 'data/222222222222/2026-11-20_DAILY.json.gz', size: 20 },
    ]);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
  });

  test('streams a body; NoSuchKey becomes ObjectNotFoundError; other errors pass through', async () => {
    s3.on(GetObjectCommand, { Key: 'data/a' }).resolves({ Body: sdkStreamMixin(Readable.from([Buffer.from('hello')])), ContentLength: 5, ETag: '"x"' });
    s3.on(GetObjectCommand, { Key: 'data/gone' }).rejects(new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: 'gone' }));
    s3.on(GetObjectCommand, { Key: 'data/denied' }).rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'KMS denied' }));
    const got = await storage().get('data/a');
    expect(got).toMatchObject({ size: 5, etag: '"x"' });
    expect(await text(got.body)).toBe('hello');
    await expect(storage().get('data/gone')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage().get('data/denied')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('move = CopyObject (URL-encoded source, KMS when configured) then DeleteObject; put carries the content type', async () => {
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    await storage('alias/orgpulse').move('data/111111111111/a b+c.json', 'rejected/111111111111/a b+c.json');
    expect(s3).toHaveReceivedNthCommandWith(1, CopyObjectCommand, {
      Bucket: 'orgpulse-data',
      Key: 'rejected/111111111111/a b+c.json',
      CopySource: 'orgpulse-data/data/111111111111/a%20b%2Bc.json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/orgpulse',
    });
    expect(s3).toHaveReceivedNthCommandWith(2, DeleteObjectCommand, { Bucket: 'orgpulse-data', Key: 'data/111111111111/a b+c.json' });
    await storage().put('rejected/x.error.json', '{}', 'application/json');
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'rejected/x.error.json', Body: '{}', ContentType: 'application/json' });
  });

  test('a failed copy deletes nothing; exists() reads HeadObject', async () => {
    s3.on(CopyObjectCommand).rejects(new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'boom' }));
    await expect(storage().move('data/a', 'loaded/a')).rejects.toMatchObject({ name: 'InternalError' });
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectCommand, 0);
    s3.on(HeadObjectCommand, { Key: 'loaded/a' }).resolves({});
    s3.on(HeadObjectCommand, { Key: 'loaded/b' }).rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 }, message: '' }));
    expect(await storage().exists('loaded/a')).toBe(true);
    expect(await storage().exists('loaded/b')).toBe(false);
  });
});
