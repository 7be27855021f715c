// Secrets Manager: every secret of the region (full state, including those scheduled for deletion)
// with rotation, dates, KMS key and tags. Metadata only: secret values are never read.
import { SecretsManagerClient, paginateListSecrets, type SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatParts, type Collector } from '../collector.js';
import { isoTime, tagRecord } from './common.js';

type Secret = NonNullable<SecuritySection['secrets_manager']>[number];

export const secretsManagerCollector: Collector<Secret[]> = {
  name: 'secrets_manager',
  target: { section: 'security', part: 'secrets_manager' },
  scope: 'regional',
  api: ['secretsmanager:ListSecrets'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(SecretsManagerClient);
    const secrets: Secret[] = [];
    for await (const page of paginateListSecrets({ client, pageSize: 100 }, { IncludePlannedDeletion: true, MaxResults: 100 })) {
      for (const entry of page.SecretList ?? []) if (entry.ARN && entry.Name) secrets.push(mapSecret(entry, ctx.region));
    }
    return secrets;
  },

  merge: concatParts,
};

export function mapSecret(s: SecretListEntry, region: string): Secret {
  return {
    arn: s.ARN ?? '',
    name: s.Name ?? '',
    region,
    description: s.Description || null,
    // Absent means the AWS managed key aws/secretsmanager.
    kms_key_id: s.KmsKeyId ?? null,
    rotation_enabled: s.RotationEnabled ?? false,
    rotation_lambda_arn: s.RotationLambdaARN ?? null,
    rotation_days: rotationDays(s.RotationRules?.AutomaticallyAfterDays, s.RotationRules?.ScheduleExpression),
    created_date: isoTime(s.CreatedDate),
    last_changed_date: isoTime(s.LastChangedDate),
    last_accessed_date: isoTime(s.LastAccessedDate),
    last_rotated_date: isoTime(s.LastRotatedDate),
    deleted_date: isoTime(s.DeletedDate),
    tags: tagRecord(s.Tags),
  };
}

/** Days between rotations: AutomaticallyAfterDays, or a `rate(N days)` schedule; cron and hourly schedules have no day count. */
export function rotationDays(afterDays: number | undefined, schedule: string | undefined): number | null {
  if (typeof afterDays === 'number' && Number.isInteger(afterDays) && afterDays >= 0) return afterDays;
  const m = schedule?.match(/^rate\(\s*(\d+)\s+days?\s*\)$/i);
  return m?.[1] ? Number(m[1]) : null;
}
