import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { KMS_CONCURRENCY, kmsCollector } from '../../../sender/collectors/kms.js';
import { accessDenied, ACCOUNT, awsError, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Key = NonNullable<ReturnType<typeof securitySection.parse>['kms']>[number];
const schema = securitySection.shape.kms;

const arn = (id: string, region = 'us-east-1') => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const CUSTOMER_KEY: KeyMetadata = {
  AWSAccountId: ACCOUNT,
  KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  Arn: arn('1234abcd-12ab-34cd-56ef-1234567890ab'),
  CreationDate: new Date('2022-01-01T00:00:00Z'),
  Enabled: true,
  Description: 'payments data key',
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyState: 'Enabled',
  Origin: 'AWS_KMS',
  KeyManager: 'CUSTOMER',
  KeySpec: 'SYMMETRIC_DEFAULT',
  MultiRegion: false,
};
const AWS_KEY: KeyMetadata = {
  AWSAccountId: ACCOUNT,
  KeyId: '0f0e0d0c-aaaa-bbbb-cccc-000000000001',
  Arn: arn('0f0e0d0c-aaaa-bbbb-cccc-000000000001'),
  CreationDate: new Date('2019-05-05T10:00:00Z'),
  Enabled: true,
  Description: 'Default key that protects my S3 objects when no other key is defined',
  KeyUsage: 'ENCRYPT_DECRYPT',
  KeyState: 'Enabled',
  Origin: 'AWS_KMS',
  KeyManager: 'AWS',
  KeySpec: 'SYMMETRIC_DEFAULT',
  MultiRegion: false,
};
const SIGNING_KEY: KeyMetadata = {
  ...CUSTOMER_KEY,
  KeyId: 'aaaa1111-2222-3333-4444-555566667777',
  Arn: arn('aaaa1111-2222-3333-4444-555566667777'),
  Description: '',
  KeyUsage: 'SIGN_VERIFY',
  KeySpec: 'ECC_NIST_P256',
};
const DELETING_KEY: KeyMetadata = {
  ...CUSTOMER_KEY,
  KeyId: 'dddd0000-2222-3333-4444-555566667777',
  Arn: arn('dddd0000-2222-3333-4444-555566667777'),
  Enabled: false,
  KeyState: 'PendingDeletion',
  DeletionDate: new Date('2026-11-27T00:00:00Z'),
};
const entry = (m: KeyMetadata) => ({ KeyId: m.KeyId, KeyArn: m.Arn });

function describeFrom(keys: KeyMetadata[]) {
  return (input: { KeyId?: string }) => {
    const meta = keys.find((k) => k.Arn === input.KeyId || k.KeyId === input.KeyId);
    if (!meta) throw awsError('NotFoundException', `Key '${input.KeyId}' does not exist`);
    return { KeyMetadata: meta };
  };
}

describe('kms collector with mocked SDK', () => {
  let kms: AwsClientStub<KMSClient>;
  beforeEach(() => {
    kms = mockClient(KMSClient);
  });
  afterEach(() => kms.restore());

  test('reports every key (not only new ones) with rotation for customer-managed symmetric keys only', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [CUSTOMER_KEY, AWS_KEY, SIGNING_KEY, DELETING_KEY].map(entry), Truncated: false });
    kms.on(DescribeKeyCommand).callsFake(describeFrom([CUSTOMER_KEY, AWS_KEY, SIGNING_KEY, DELETING_KEY]));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });

    const { part, run } = await collectOk<Key[]>(kmsCollector);
    const keys = expectValid(schema, part)!;
    expect(keys).toEqual([
      {
        key_id: CUSTOMER_KEY.KeyId,
        arn: CUSTOMER_KEY.Arn,
        region: 'us-east-1',
        description: 'payments data key',
        key_usage: 'ENCRYPT_DECRYPT',
        key_spec: 'SYMMETRIC_DEFAULT',
        key_state: 'Enabled',
        key_manager: 'CUSTOMER',
        origin: 'AWS_KMS',
        enabled: true,
        rotation_enabled: true,
        multi_region: false,
        creation_date: '2022-01-01T00:00:00.000Z',
        deletion_date: null,
      },
      expect.objectContaining({ key_id: AWS_KEY.KeyId, key_manager: 'AWS', rotation_enabled: null, creation_date: '2019-05-05T10:00:00.000Z' }),
      expect.objectContaining({ key_id: SIGNING_KEY.KeyId, key_spec: 'ECC_NIST_P256', key_usage: 'SIGN_VERIFY', rotation_enabled: null, description: null }),
      expect.objectContaining({ key_id: DELETING_KEY.KeyId, key_state: 'PendingDeletion', enabled: false, rotation_enabled: null, deletion_date: '2026-11-27T00:00:00.000Z' }),
    ]);
    // Rotation asked once, for the only customer symmetric key in a state that has one.
    expect(kms).toHaveReceivedCommandTimes(GetKeyRotationStatusCommand, 1);
    expect(kms).toHaveReceivedCommandWith(GetKeyRotationStatusCommand, { KeyId: CUSTOMER_KEY.Arn });
    expect(run.apiCalls).toBe(1 + 4 + 1);
    expect(run.truncated).toBe(false);
  });

  test('follows ListKeys markers across pages', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ ...AWS_KEY, KeyId: `key-${i}`, Arn: arn(`key-${i}`) }));
    const pages = paged([{ Keys: all.slice(0, 2).map(entry), Truncated: true }, { Keys: all.slice(2, 4).map(entry), Truncated: true }, { Keys: all.slice(4).map(entry), Truncated: false }], 'Marker', 'NextMarker');
    kms.on(ListKeysCommand).callsFake(pages.fake);
    kms.on(DescribeKeyCommand).callsFake(describeFrom(all));

    const { part } = await collectOk<Key[]>(kmsCollector);
    expect(pages.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(pages.inputs.every((i) => i.Limit === 1000)).toBe(true);
    expect(part.map((k) => k.key_id)).toEqual(['key-0', 'key-1', 'key-2', 'key-3', 'key-4']);
  });

  test(`never has more than ${KMS_CONCURRENCY} key calls in flight`, async () => {
    const all = Array.from({ length: 30 }, (_, i) => ({ ...CUSTOMER_KEY, KeyId: `key-${i}`, Arn: arn(`key-${i}`) }));
    kms.on(ListKeysCommand).resolves({ Keys: all.map(entry) });
    let inFlight = 0;
    let peak = 0;
    const slow = async <T>(value: T) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return value;
    };
    const describe = describeFrom(all);
    kms.on(DescribeKeyCommand).callsFake((input: { KeyId?: string }) => slow(describe(input)));
    kms.on(GetKeyRotationStatusCommand).callsFake(() => slow({ KeyRotationEnabled: false }));

    const { part } = await collectOk<Key[]>(kmsCollector);
    expect(part).toHaveLength(30);
    expect(part.every((k) => k.rotation_enabled === false)).toBe(true);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(KMS_CONCURRENCY);
  });

  test('a key policy denying DescribeKey on one key drops that key and marks the output truncated', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [entry(CUSTOMER_KEY), entry(SIGNING_KEY)] });
    kms.on(DescribeKeyCommand, { KeyId: CUSTOMER_KEY.Arn }).rejects(accessDenied('kms:DescribeKey'));
    kms.on(DescribeKeyCommand, { KeyId: SIGNING_KEY.Arn }).resolves({ KeyMetadata: SIGNING_KEY });

    const { part, run } = await collectOk<Key[]>(kmsCollector);
    expect(part.map((k) => k.key_id)).toEqual([SIGNING_KEY.KeyId]);
    expect(run.truncated).toBe(true);
    expect(run.truncationReasons).toEqual([expect.stringMatching(/DescribeKey denied on 1 of 2 keys/)]);
  });

  test('rotation status that cannot be read is null, not a failure', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [entry(CUSTOMER_KEY)] });
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { ...CUSTOMER_KEY, Origin: 'EXTERNAL' } });
    kms.on(GetKeyRotationStatusCommand).rejects(awsError('UnsupportedOperationException', 'You cannot perform this operation on a KMS key with imported key material'));

    const { part, run } = await collectOk<Key[]>(kmsCollector);
    expect(part).toEqual([expect.objectContaining({ origin: 'EXTERNAL', rotation_enabled: null })]);
    expect(run.truncated).toBe(false);
  });

  test('ListKeys denied is access_denied', async () => {
    kms.on(ListKeysCommand).rejects(accessDenied('kms:ListKeys'));
    const run = await runCollector(kmsCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/kms:ListKeys/);
  });

  test('DescribeKey denied on every key is access_denied (the permission is missing)', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [entry(CUSTOMER_KEY), entry(AWS_KEY)] });
    kms.on(DescribeKeyCommand).rejects(accessDenied('kms:DescribeKey'));
    const run = await runCollector(kmsCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/kms:DescribeKey/);
  });

  test('an empty region is ok with no keys', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [] });
    const { part } = await collectOk<Key[]>(kmsCollector);
    expect(part).toEqual([]);
  });

  test('merge concatenates the regions', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [entry(CUSTOMER_KEY)] });
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: CUSTOMER_KEY });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    const east = await collectOk<Key[]>(kmsCollector, regionalOptions('us-east-1'));
    const west = await collectOk<Key[]>(kmsCollector, regionalOptions('eu-west-1'));
    const merged = kmsCollector.merge!([east.part, west.part], mergeContext());
    const section = expectValid(securitySection, { kms: merged });
    expect(section.kms?.map((k) => k.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  test('a throttled ListKeys is retried by the SDK and the retried answer is used', async () => {
    kms.on(ListKeysCommand).rejectsOnce(throttling()).resolves({ Keys: [{ KeyId: CUSTOMER_KEY.KeyId, KeyArn: CUSTOMER_KEY.Arn }], Truncated: false });
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: CUSTOMER_KEY });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    const run = await runCollector(kmsCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(kms.commandCalls(ListKeysCommand)).toHaveLength(2);
    expect(run.part).toEqual([expect.objectContaining({ key_id: CUSTOMER_KEY.KeyId, rotation_enabled: true, creation_date: '2022-01-01T00:00:00.000Z' })]);
  });
});
