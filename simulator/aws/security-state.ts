// KMS keys, WAFv2 web ACLs, Secrets Manager secrets and ACM certificates.
import type { DescribeKeyCommandInput, DescribeKeyCommandOutput, GetKeyRotationStatusCommandInput, GetKeyRotationStatusCommandOutput, ListKeysCommandInput, ListKeysCommandOutput } from '@aws-sdk/client-kms';
import type {
  GetLoggingConfigurationCommandInput,
  GetLoggingConfigurationCommandOutput,
  GetWebACLCommandInput,
  GetWebACLCommandOutput,
  ListResourcesForWebACLCommandInput,
  ListResourcesForWebACLCommandOutput,
  ListWebACLsCommandInput,
  ListWebACLsCommandOutput,
  Rule,
} from '@aws-sdk/client-wafv2';
import type { ListSecretsCommandInput, ListSecretsCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { CertificateSummary, DescribeCertificateCommandInput, DescribeCertificateCommandOutput, ListCertificatesCommandInput, ListCertificatesCommandOutput } from '@aws-sdk/client-acm';
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import { certificatesAt, kmsKeysAt, secretsAt, webAclsAt, type CertificateState, type KmsKeyState, type WebAclState } from '../world/security-state.js';
import type { AccountDay } from '../world/index.js';
import { decodeToken, encodeToken, handler, page, SimulatedServiceError, type ServiceResponders } from './types.js';

function keysOf(day: AccountDay, region: string): KmsKeyState[] {
  return day.once(`kms:${region}`, () => kmsKeysAt(day.seed, day.profile, region, day.day));
}

function findKey(day: AccountDay, region: string, keyId: string | undefined): KmsKeyState {
  const k = keysOf(day, region).find((x) => x.id === keyId || x.arn === keyId);
  if (!k) throw new SimulatedServiceError('NotFoundException', `Key '${keyId ?? ''}' does not exist`);
  return k;
}

export const kms: ServiceResponders = {
  ListKeys: handler<ListKeysCommandInput, ListKeysCommandOutput>((input, { day, region }) => {
    const { items, next } = page(keysOf(day, region), input.Marker, input.Limit, 1000, 'kms');
    return { Keys: items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })), NextMarker: next, Truncated: next !== undefined };
  }),
  DescribeKey: handler<DescribeKeyCommandInput, DescribeKeyCommandOutput>((input, { day, region }) => {
    const k = findKey(day, region, input.KeyId);
    return {
      KeyMetadata: {
        AWSAccountId: day.account.id,
        KeyId: k.id,
        Arn: k.arn,
        CreationDate: k.created,
        Enabled: k.state === 'Enabled',
        Description: k.description,
        KeyUsage: k.usage,
        KeyState: k.state,
        DeletionDate: k.deletionDate,
        PendingDeletionWindowInDays: k.deletionDate ? 30 : undefined,
        Origin: k.origin,
        KeyManager: k.manager,
        CustomerMasterKeySpec: k.spec,
        KeySpec: k.spec,
        EncryptionAlgorithms: k.usage === 'ENCRYPT_DECRYPT' ? ['SYMMETRIC_DEFAULT'] : undefined,
        SigningAlgorithms: k.usage === 'SIGN_VERIFY' ? ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'] : undefined,
        MultiRegion: k.multiRegion,
        MultiRegionConfiguration: k.multiRegion ? { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: k.arn, Region: region }, ReplicaKeys: [] } : undefined,
      },
    };
  }),
  GetKeyRotationStatus: handler<GetKeyRotationStatusCommandInput, GetKeyRotationStatusCommandOutput>((input, { day, region }) => {
    const k = findKey(day, region, input.KeyId);
    if (k.spec !== 'SYMMETRIC_DEFAULT' || k.origin === 'EXTERNAL') throw new SimulatedServiceError('UnsupportedOperationException', `${k.arn} origin is ${k.origin} which is not valid for this operation.`);
    if (k.state === 'PendingDeletion') throw new SimulatedServiceError('KMSInvalidStateException', `${k.arn} is pending deletion.`);
    const next = new Date(k.created.getTime() + Math.ceil((day.day * DAY_MS - k.created.getTime()) / (365 * DAY_MS)) * 365 * DAY_MS);
    return { KeyRotationEnabled: k.rotation, KeyId: k.arn, RotationPeriodInDays: k.rotation ? 365 : undefined, NextRotationDate: k.rotation ? next : undefined };
  }),
};

function aclsOf(day: AccountDay, region: string): WebAclState[] {
  return day.once(`waf:${region}`, () => webAclsAt(day.seed, day.profile, region));
}

function wafRule(r: WebAclState['rules'][number], acl: WebAclState, region: string, accountId: string): Rule {
  const visibility = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: r.name };
  switch (r.kind) {
    case 'managed':
    case 'sqli':
      return { Name: r.name, Priority: r.priority, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: r.group } }, OverrideAction: { None: {} }, VisibilityConfig: visibility };
    case 'rate':
      return { Name: r.name, Priority: r.priority, Statement: { RateBasedStatement: { Limit: r.limit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } }, Action: { Block: {} }, VisibilityConfig: visibility };
    case 'geo':
      return { Name: r.name, Priority: r.priority, Statement: { GeoMatchStatement: { CountryCodes: r.countries as never } }, Action: { Block: {} }, VisibilityConfig: visibility };
    case 'ipset':
      return { Name: r.name, Priority: r.priority, Statement: { IPSetReferenceStatement: { ARN: `arn:aws:wafv2:${region}:${accountId}:${acl.scope === 'CLOUDFRONT' ? 'global' : 'regional'}/ipset/office-ips/${stream('ipset', acl.id).uuid()}` } }, Action: { Count: {} }, VisibilityConfig: visibility };
  }
}

function scopedAcls(day: AccountDay, region: string, scope: string | undefined): WebAclState[] {
  if (scope === 'CLOUDFRONT' && region !== 'us-east-1') throw new SimulatedServiceError('WAFInvalidParameterException', 'Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: CLOUDFRONT');
  return aclsOf(day, region).filter((a) => a.scope === (scope ?? 'REGIONAL'));
}

export const wafv2: ServiceResponders = {
  ListWebACLs: handler<ListWebACLsCommandInput, ListWebACLsCommandOutput>((input, { day, region }) => {
    const { items, next } = page(scopedAcls(day, region, input.Scope), input.NextMarker, input.Limit, 100, 'waf');
    return { WebACLs: items.map((a) => ({ Name: a.name, Id: a.id, Description: a.description, LockToken: stream('lock', a.id).uuid(), ARN: a.arn })), NextMarker: next };
  }),
  GetWebACL: handler<GetWebACLCommandInput, GetWebACLCommandOutput>((input, { day, region }) => {
    const acl = scopedAcls(day, region, input.Scope).find((a) => a.id === input.Id && a.name === input.Name);
    if (!acl) throw new SimulatedServiceError('WAFNonexistentItemException', "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
    return {
      WebACL: {
        Name: acl.name,
        Id: acl.id,
        ARN: acl.arn,
        DefaultAction: acl.defaultBlock ? { Block: {} } : { Allow: {} },
        Description: acl.description,
        Rules: acl.rules.map((r) => wafRule(r, acl, region, day.account.id)),
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl.name },
        Capacity: acl.capacity,
        ManagedByFirewallManager: false,
        LabelNamespace: `awswaf:${day.account.id}:webacl:${acl.name}:`,
      },
      LockToken: stream('lock', acl.id).uuid(),
    };
  }),
  ListResourcesForWebACL: handler<ListResourcesForWebACLCommandInput, ListResourcesForWebACLCommandOutput>((input, { day, region }) => {
    const acl = aclsOf(day, region).find((a) => a.arn === input.WebACLArn);
    if (!acl) throw new SimulatedServiceError('WAFNonexistentItemException', "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
    return { ResourceArns: (input.ResourceType ?? 'APPLICATION_LOAD_BALANCER') === 'APPLICATION_LOAD_BALANCER' ? acl.resources : [] };
  }),
  GetLoggingConfiguration: handler<GetLoggingConfigurationCommandInput, GetLoggingConfigurationCommandOutput>((input, { day, region }) => {
    const acl = aclsOf(day, region).find((a) => a.arn === input.ResourceArn);
    if (!acl || !acl.logging) throw new SimulatedServiceError('WAFNonexistentItemException', "AWS WAF couldn’t perform the operation because your resource doesn't exist.");
    return { LoggingConfiguration: { ResourceArn: acl.arn, LogDestinationConfigs: [`arn:aws:logs:${region}:${day.account.id}:log-group:aws-waf-logs-${acl.name}`], ManagedByFirewallManager: false, LogType: 'WAF_LOGS', LogScope: 'CUSTOMER' } };
  }),
};

export const secretsManager: ServiceResponders = {
  ListSecrets: handler<ListSecretsCommandInput, ListSecretsCommandOutput>((input, { day, region }) => {
    const list = day.once(`secrets:${region}`, () => secretsAt(day.seed, day.profile, region, day.day));
    const { items, next } = page(list, input.NextToken, input.MaxResults, 100, 'sm');
    return {
      SecretList: items.map((s) => ({
        ARN: s.arn,
        Name: s.name,
        Description: s.description,
        KmsKeyId: s.kmsKeyId,
        RotationEnabled: s.rotationEnabled,
        RotationLambdaARN: s.rotationLambda,
        RotationRules: s.rotationDays ? { AutomaticallyAfterDays: s.rotationDays } : undefined,
        LastRotatedDate: s.lastRotated,
        LastChangedDate: s.lastChanged,
        LastAccessedDate: s.lastAccessed,
        CreatedDate: s.created,
        NextRotationDate: s.rotationDays && s.lastRotated ? new Date(s.lastRotated.getTime() + s.rotationDays * DAY_MS) : undefined,
        Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
        SecretVersionsToStages: { [stream('version', s.arn, s.lastChanged.getTime()).uuid()]: ['AWSCURRENT'] },
      })),
      NextToken: next,
    };
  }),
};

function certsOf(day: AccountDay, region: string): CertificateState[] {
  return day.once(`acm:${region}`, () => certificatesAt(day.seed, day.profile, region, day.day));
}

function summary(c: CertificateState): CertificateSummary {
  return {
    CertificateArn: c.arn,
    DomainName: c.domain,
    SubjectAlternativeNameSummaries: c.sans,
    HasAdditionalSubjectAlternativeNames: false,
    Status: c.status,
    Type: c.type,
    KeyAlgorithm: c.keyAlgorithm,
    KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
    ExtendedKeyUsages: ['TLS_WEB_SERVER_AUTHENTICATION', 'TLS_WEB_CLIENT_AUTHENTICATION'],
    InUse: c.inUseBy.length > 0,
    RenewalEligibility: c.renewalEligibility,
    NotBefore: c.notBefore,
    NotAfter: c.notAfter,
    CreatedAt: c.type === 'IMPORTED' ? undefined : c.created,
    IssuedAt: c.issued,
    ImportedAt: c.imported,
  };
}

export const acm: ServiceResponders = {
  ListCertificates: handler<ListCertificatesCommandInput, ListCertificatesCommandOutput>((input, { day, region }) => {
    const statuses = input.CertificateStatuses && input.CertificateStatuses.length > 0 ? new Set<string>(input.CertificateStatuses) : undefined;
    // Without Includes.keyTypes ACM lists only RSA_1024 and RSA_2048 certificates.
    const keyTypes = new Set<string>(input.Includes?.keyTypes ?? ['RSA_1024', 'RSA_2048']);
    const list = certsOf(day, region).filter((c) => (!statuses || statuses.has(c.status)) && keyTypes.has(c.keyAlgorithm));
    const size = Math.max(1, Math.min(1000, input.MaxItems ?? 1000));
    const offset = decodeToken(input.NextToken);
    const items = list.slice(offset, offset + size);
    return { CertificateSummaryList: items.map(summary), NextToken: offset + size < list.length ? encodeToken(offset + size, 'acm') : undefined };
  }),
  DescribeCertificate: handler<DescribeCertificateCommandInput, DescribeCertificateCommandOutput>((input, { day, region }) => {
    const c = certsOf(day, region).find((x) => x.arn === input.CertificateArn);
    if (!c) throw new SimulatedServiceError('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn ?? ''}.`);
    const rng = stream(day.seed, 'cert-serial', c.arn, c.notBefore.getTime());
    return {
      Certificate: {
        CertificateArn: c.arn,
        DomainName: c.domain,
        SubjectAlternativeNames: c.sans,
        DomainValidationOptions: c.type === 'AMAZON_ISSUED' ? c.sans.map((d) => ({ DomainName: d, ValidationDomain: d, ValidationStatus: 'SUCCESS', ValidationMethod: 'DNS' })) : undefined,
        Serial: (rng.hex(32).match(/../g) ?? []).join(':'),
        Subject: `CN=${c.domain}`,
        Issuer: c.type === 'IMPORTED' ? 'DigiCert Inc' : 'Amazon',
        CreatedAt: c.type === 'IMPORTED' ? undefined : c.created,
        IssuedAt: c.issued,
        ImportedAt: c.imported,
        Status: c.status,
        NotBefore: c.notBefore,
        NotAfter: c.notAfter,
        KeyAlgorithm: c.keyAlgorithm,
        SignatureAlgorithm: c.keyAlgorithm.startsWith('EC') ? 'SHA256WITHECDSA' : 'SHA256WITHRSA',
        InUseBy: c.inUseBy,
        Type: c.type,
        RenewalEligibility: c.renewalEligibility,
        KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
        ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' }],
        Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
      },
    };
  }),
};
