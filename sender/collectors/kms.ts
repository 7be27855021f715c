// KMS: every key of the region (full state), with automatic rotation for customer-managed
// symmetric keys.
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, paginateListKeys, type KeyListEntry, type KeyMetadata } from '@aws-sdk/client-kms';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatParts, type Collector } from '../collector.js';
import { errorName, isoTime, mapBounded } from './common.js';
import { isAccessDenied, oneOf } from './security-common.js';

type Key = NonNullable<SecuritySection['kms']>[number];

/** DescribeKey + GetKeyRotationStatus calls in flight per region, well under KMS's shared read quota. */
export const KMS_CONCURRENCY = 8;
/** Key states in which GetKeyRotationStatus answers; other states (PendingDeletion, Unavailable …) leave rotation unknown. */
const ROTATION_STATES = new Set(['Enabled', 'Disabled']);
/** Rotation is not applicable to this key (imported material, custom key store) or it changed state meanwhile. */
const ROTATION_UNSUPPORTED = new Set(['UnsupportedOperationException', 'KMSInvalidStateException', 'NotFoundException']);

export const kmsCollector: Collector<Key[]> = {
  name: 'kms',
  target: { section: 'security', part: 'kms' },
  scope: 'regional',
  api: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(KMSClient);
    const entries: KeyListEntry[] = [];
    for await (const page of paginateListKeys({ client, pageSize: 1000 }, { Limit: 1000 })) entries.push(...(page.Keys ?? []));

    // A key policy can deny this role DescribeKey on single keys; that costs those keys, not the
    // region. Only if every key is denied is the permission itself missing (access_denied).
    const describeDenied: unknown[] = [];
    let rotationDenied = 0;
    const { results: keys } = await mapBounded(entries, KMS_CONCURRENCY, async (entry): Promise<Key | null> => {
      let meta: KeyMetadata | undefined;
      try {
        meta = (await client.send(new DescribeKeyCommand({ KeyId: entry.KeyArn ?? entry.KeyId }))).KeyMetadata;
      } catch (error) {
        if (isAccessDenied(error)) {
          describeDenied.push(error);
          return null;
        }
        if (errorName(error) === 'NotFoundException') return null; // deleted since ListKeys
        throw error;
      }
      if (!meta?.KeyId) return null;
      let rotation: boolean | null = null;
      // AWS-managed keys rotate on AWS's schedule (left null); asymmetric and HMAC keys cannot rotate.
      if (meta.KeyManager === 'CUSTOMER' && meta.KeySpec === 'SYMMETRIC_DEFAULT' && ROTATION_STATES.has(meta.KeyState ?? '')) {
        try {
          rotation = (await client.send(new GetKeyRotationStatusCommand({ KeyId: meta.Arn ?? meta.KeyId }))).KeyRotationEnabled ?? null;
        } catch (error) {
          if (isAccessDenied(error)) rotationDenied += 1;
          else if (!ROTATION_UNSUPPORTED.has(errorName(error) ?? '')) throw error;
        }
      }
      return mapKey(meta, rotation, ctx.region);
    });

    if (describeDenied.length > 0 && describeDenied.length === entries.length) throw describeDenied[0];
    if (describeDenied.length > 0) ctx.markTruncated(`kms: DescribeKey denied on ${describeDenied.length} of ${entries.length} keys (key policy); those keys are missing`);
    if (rotationDenied > 0) ctx.markTruncated(`kms: GetKeyRotationStatus denied on ${rotationDenied} keys; their rotation_enabled is null`);
    return keys.filter((k): k is Key => k != null);
  },

  merge: concatParts,
};

export function mapKey(meta: KeyMetadata, rotation: boolean | null, region: string): Key {
  const keyId = meta.KeyId ?? '';
  return {
    key_id: keyId,
    arn: meta.Arn ?? keyId,
    region,
    description: meta.Description || null,
    key_usage: meta.KeyUsage ?? null,
    key_spec: meta.KeySpec ?? null,
    key_state: meta.KeyState ?? 'Unknown',
    key_manager: oneOf(meta.KeyManager, ['AWS', 'CUSTOMER'] as const),
    origin: meta.Origin ?? null,
    enabled: meta.Enabled ?? false,
    rotation_enabled: rotation,
    multi_region: meta.MultiRegion ?? null,
    creation_date: isoTime(meta.CreationDate),
    deletion_date: isoTime(meta.DeletionDate),
  };
}
