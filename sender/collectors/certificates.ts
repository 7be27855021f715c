// ACM: every certificate of the region, of every status and key algorithm, with its details.
import {
  ACMClient,
  CertificateStatus,
  DescribeCertificateCommand,
  KeyAlgorithm,
  paginateListCertificates,
  type CertificateDetail,
  type CertificateSummary,
} from '@aws-sdk/client-acm';
import type { SecuritySection } from '../../snapshot/index.js';
import { concatParts, type Collector } from '../collector.js';
import { errorName, isoTime, mapBounded } from './common.js';
import { oneOf } from './security-common.js';

type Certificate = NonNullable<SecuritySection['certificates']>[number];

/** DescribeCertificate calls in flight per region (ACM allows about 10 per second). */
export const ACM_CONCURRENCY = 5;
/** Without keyTypes ListCertificates returns only RSA_1024/RSA_2048 certificates; list every algorithm the SDK knows. */
export const ALL_KEY_TYPES = Object.values(KeyAlgorithm);
/** Every status, expired and failed included: the table shows the full state. */
export const ALL_STATUSES = Object.values(CertificateStatus);

export const certificatesCollector: Collector<Certificate[]> = {
  name: 'certificates',
  target: { section: 'security', part: 'certificates' },
  scope: 'regional',
  api: ['acm:ListCertificates', 'acm:DescribeCertificate'],
  granularities: ['DAILY'],
  timeSeries: false,

  async collect(ctx) {
    const client = ctx.client(ACMClient);
    const summaries: CertificateSummary[] = [];
    const pages = paginateListCertificates(
      { client, pageSize: 1000 },
      { CertificateStatuses: [...ALL_STATUSES], Includes: { keyTypes: [...ALL_KEY_TYPES] }, MaxItems: 1000 },
    );
    for await (const page of pages) summaries.push(...(page.CertificateSummaryList ?? []).filter((s) => s.CertificateArn));

    const { results } = await mapBounded(summaries, ACM_CONCURRENCY, async (summary) => {
      try {
        const { Certificate } = await client.send(new DescribeCertificateCommand({ CertificateArn: summary.CertificateArn }));
        return mapCertificate(summary, Certificate, ctx.region);
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return null; // deleted since the listing
        throw error;
      }
    });
    return results.filter((c): c is Certificate => c != null);
  },

  merge: concatParts,
};

export function mapCertificate(summary: CertificateSummary, detail: CertificateDetail | undefined, region: string): Certificate {
  const inUseBy = detail?.InUseBy;
  return {
    arn: detail?.CertificateArn ?? summary.CertificateArn ?? '',
    region,
    domain_name: detail?.DomainName ?? summary.DomainName ?? '',
    subject_alternative_names: detail?.SubjectAlternativeNames ?? summary.SubjectAlternativeNameSummaries ?? [],
    status: detail?.Status ?? summary.Status ?? 'UNKNOWN',
    type: oneOf(detail?.Type ?? summary.Type, ['IMPORTED', 'AMAZON_ISSUED', 'PRIVATE'] as const),
    key_algorithm: keyAlgorithm(detail?.KeyAlgorithm ?? summary.KeyAlgorithm),
    in_use: inUseBy ? inUseBy.length > 0 : (summary.InUse ?? null),
    renewal_eligibility: detail?.RenewalEligibility ?? summary.RenewalEligibility ?? null,
    // CreatedAt exists only for ACM-issued certificates; for imported ones ImportedAt is when ACM got it.
    created_at: isoTime(detail?.CreatedAt ?? detail?.ImportedAt ?? summary.CreatedAt ?? summary.ImportedAt),
    issued_at: isoTime(detail?.IssuedAt ?? summary.IssuedAt),
    not_before: isoTime(detail?.NotBefore ?? summary.NotBefore),
    not_after: isoTime(detail?.NotAfter ?? summary.NotAfter),
  };
}

/** DescribeCertificate spells algorithms with hyphens (RSA-2048) where the API enum uses underscores (RSA_2048): keep one form. */
function keyAlgorithm(value: string | undefined): string | null {
  return value ? value.replace(/-/g, '_') : null;
}
