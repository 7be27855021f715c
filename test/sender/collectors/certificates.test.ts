import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type CertificateDetail, type CertificateSummary, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { securitySection } from '../../../snapshot/index.js';
import { runCollector } from '../../../sender/run-collector.js';
import { ACM_CONCURRENCY, certificatesCollector } from '../../../sender/collectors/certificates.js';
import { accessDenied, ACCOUNT, awsError, collectOk, expectValid, mergeContext, paged, regionalOptions, retryingClientFactory, throttling } from '../support/aws.js';

type Certificate = NonNullable<ReturnType<typeof securitySection.parse>['certificates']>[number];
const schema = securitySection.shape.certificates;
const certArn = (id: string, region = 'us-east-1') => `arn:aws:acm:${region}:${ACCOUNT}:certificate/${id}`;

const API_CERT: CertificateDetail = {
  CertificateArn: certArn('0f1e2d3c-aaaa-bbbb-cccc-123456789abc'),
  DomainName: 'api.payments.example.com',
  SubjectAlternativeNames: ['api.payments.example.com', 'www.payments.example.com'],
  DomainValidationOptions: [{ DomainName: 'api.payments.example.com', ValidationStatus: 'SUCCESS', ValidationMethod: 'DNS' }],
  Serial: '0a:1b:2c',
  Subject: 'CN=api.payments.example.com',
  Issuer: 'Amazon',
  CreatedAt: new Date('2026-01-10T00:00:00Z'),
  IssuedAt: new Date('2026-01-10T00:05:00Z'),
  Status: 'ISSUED',
  NotBefore: new Date('2026-01-10T00:00:00Z'),
  NotAfter: new Date('2027-02-09T23:59:59Z'),
  KeyAlgorithm: 'RSA_2048',
  SignatureAlgorithm: 'SHA256WITHRSA',
  InUseBy: [`arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/payments/50dc6c495c0c9188`],
  Type: 'AMAZON_ISSUED',
  RenewalEligibility: 'ELIGIBLE',
  Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
};
/** Imported, EC key, expired and unused: only listed when keyTypes and statuses are asked for. */
const IMPORTED_CERT: CertificateDetail = {
  CertificateArn: certArn('9a8b7c6d-1111-2222-3333-444455556666'),
  DomainName: 'legacy.example.com',
  SubjectAlternativeNames: ['legacy.example.com'],
  ImportedAt: new Date('2024-03-01T12:00:00Z'),
  Status: 'EXPIRED',
  NotBefore: new Date('2024-03-01T00:00:00Z'),
  NotAfter: new Date('2025-03-01T00:00:00Z'),
  KeyAlgorithm: 'EC_prime256v1',
  InUseBy: [],
  Type: 'IMPORTED',
  RenewalEligibility: 'INELIGIBLE',
};
const summaryOf = (d: CertificateDetail): CertificateSummary => ({ CertificateArn: d.CertificateArn, DomainName: d.DomainName, Status: d.Status, Type: d.Type, KeyAlgorithm: d.KeyAlgorithm, InUse: (d.InUseBy?.length ?? 0) > 0 });

function describeFrom(certs: CertificateDetail[]) {
  return (input: { CertificateArn?: string }) => {
    const c = certs.find((x) => x.CertificateArn === input.CertificateArn);
    if (!c) throw awsError('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn}.`);
    return { Certificate: c };
  };
}

describe('certificates collector with mocked SDK', () => {
  let acm: AwsClientStub<ACMClient>;
  beforeEach(() => {
    acm = mockClient(ACMClient);
  });
  afterEach(() => acm.restore());

  test('lists certificates of every status and key type and maps their details', async () => {
    const list = paged([{ CertificateSummaryList: [API_CERT, IMPORTED_CERT].map(summaryOf) }], 'NextToken', 'NextToken');
    acm.on(ListCertificatesCommand).callsFake(list.fake);
    acm.on(DescribeCertificateCommand).callsFake(describeFrom([API_CERT, IMPORTED_CERT]));

    const { part } = await collectOk<Certificate[]>(certificatesCollector);
    const certs = expectValid(schema, part)!;
    const input = list.inputs[0] as { CertificateStatuses: string[]; Includes: { keyTypes: string[] }; MaxItems: number };
    expect(input.MaxItems).toBe(1000);
    expect(input.CertificateStatuses).toEqual(expect.arrayContaining(['ISSUED', 'EXPIRED', 'PENDING_VALIDATION', 'INACTIVE', 'REVOKED', 'FAILED', 'VALIDATION_TIMED_OUT']));
    expect(input.Includes.keyTypes).toEqual(expect.arrayContaining(['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1']));
    expect(certs).toEqual([
      {
        arn: API_CERT.CertificateArn,
        region: 'us-east-1',
        domain_name: 'api.payments.example.com',
        subject_alternative_names: ['api.payments.example.com', 'www.payments.example.com'],
        status: 'ISSUED',
        type: 'AMAZON_ISSUED',
        key_algorithm: 'RSA_2048',
        in_use: true,
        renewal_eligibility: 'ELIGIBLE',
        created_at: '2026-01-10T00:00:00.000Z',
        issued_at: '2026-01-10T00:05:00.000Z',
        not_before: '2026-01-10T00:00:00.000Z',
        not_after: '2027-02-09T23:59:59.000Z',
      },
      {
        arn: IMPORTED_CERT.CertificateArn,
        region: 'us-east-1',
        domain_name: 'legacy.example.com',
        subject_alternative_names: ['legacy.example.com'],
        status: 'EXPIRED',
        type: 'IMPORTED',
        key_algorithm: 'EC_prime256v1',
        in_use: false,
        renewal_eligibility: 'INELIGIBLE',
        created_at: '2024-03-01T12:00:00.000Z',
        issued_at: null,
        not_before: '2024-03-01T00:00:00.000Z',
        not_after: '2025-03-01T00:00:00.000Z',
      },
    ]);
  });

  test('reads every page with the token of the previous one', async () => {
    const certs = [0, 1, 2, 3, 4].map((i) => ({ ...API_CERT, CertificateArn: certArn(`cert-${i}`) }));
    const list = paged([{ CertificateSummaryList: certs.slice(0, 2).map(summaryOf) }, { CertificateSummaryList: certs.slice(2, 4).map(summaryOf) }, { CertificateSummaryList: certs.slice(4).map(summaryOf) }], 'NextToken', 'NextToken');
    acm.on(ListCertificatesCommand).callsFake(list.fake);
    acm.on(DescribeCertificateCommand).callsFake(describeFrom(certs));
    const { part } = await collectOk<Certificate[]>(certificatesCollector);
    expect(list.tokens()).toEqual([undefined, 'page-1', 'page-2']);
    expect(part.map((c) => c.arn)).toEqual(certs.map((c) => c.CertificateArn));
  });

  test(`never has more than ${ACM_CONCURRENCY} DescribeCertificate calls in flight`, async () => {
    const certs = Array.from({ length: 23 }, (_, i) => ({ ...API_CERT, CertificateArn: certArn(`cert-${i}`) }));
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: certs.map(summaryOf) });
    let inFlight = 0;
    let peak = 0;
    const describe = describeFrom(certs);
    acm.on(DescribeCertificateCommand).callsFake(async (input: { CertificateArn?: string }) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return describe(input);
    });
    const { part } = await collectOk<Certificate[]>(certificatesCollector);
    expect(part).toHaveLength(23);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(ACM_CONCURRENCY);
  });

  test('a certificate deleted between listing and describing is skipped', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [API_CERT, IMPORTED_CERT].map(summaryOf) });
    acm.on(DescribeCertificateCommand).callsFake(describeFrom([API_CERT]));
    const { part } = await collectOk<Certificate[]>(certificatesCollector);
    expect(part.map((c) => c.arn)).toEqual([API_CERT.CertificateArn]);
  });

  test('AccessDenied is access_denied', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summaryOf(API_CERT)] });
    acm.on(DescribeCertificateCommand).rejects(accessDenied('acm:DescribeCertificate'));
    const run = await runCollector(certificatesCollector, regionalOptions());
    expect(run.status).toBe('access_denied');
    expect(run.error).toMatch(/acm:DescribeCertificate/);
  });

  test('merge concatenates the regions', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summaryOf(API_CERT)] });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: API_CERT });
    const east = await collectOk<Certificate[]>(certificatesCollector, regionalOptions('us-east-1'));
    const westCert = { ...IMPORTED_CERT, CertificateArn: certArn('west', 'eu-west-1') };
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summaryOf(westCert)] });
    acm.on(DescribeCertificateCommand).resolves({ Certificate: westCert });
    const west = await collectOk<Certificate[]>(certificatesCollector, regionalOptions('eu-west-1'));
    const section = expectValid(securitySection, { certificates: certificatesCollector.merge!([east.part, west.part], mergeContext()) });
    expect(section.certificates?.map((c) => [c.region, c.status])).toEqual([
      ['us-east-1', 'ISSUED'],
      ['eu-west-1', 'EXPIRED'],
    ]);
  });

  test('a throttled ListCertificates is retried by the SDK and the retried page is used', async () => {
    acm.on(ListCertificatesCommand).rejectsOnce(throttling()).resolves({ CertificateSummaryList: [{ CertificateArn: API_CERT.CertificateArn, DomainName: API_CERT.DomainName }] });
    // DescribeCertificate spells key algorithms with a hyphen on the wire.
    const detail: CertificateDetail = { CertificateArn: API_CERT.CertificateArn, DomainName: API_CERT.DomainName, Status: 'ISSUED', Type: 'AMAZON_ISSUED', KeyAlgorithm: 'RSA-2048' as KeyAlgorithm, InUseBy: [], NotAfter: new Date('2027-02-09T23:59:59Z') };
    acm.on(DescribeCertificateCommand).resolves({ Certificate: detail });
    const run = await runCollector(certificatesCollector, regionalOptions('us-east-1', { clientFactory: retryingClientFactory(3) }));
    expect(run.status).toBe('ok');
    expect(acm.commandCalls(ListCertificatesCommand)).toHaveLength(2);
    expect(run.part).toEqual([expect.objectContaining({ arn: API_CERT.CertificateArn, status: 'ISSUED', key_algorithm: 'RSA_2048', in_use: false, not_after: '2027-02-09T23:59:59.000Z' })]);
  });
});
