// Security Hub (ASFF), GuardDuty and Inspector findings, with the filters the APIs take.
import type { AwsSecurityFinding, AwsSecurityFindingFilters, DateFilter, GetFindingsCommandInput as HubInput, GetFindingsCommandOutput as HubOutput, StringFilter } from '@aws-sdk/client-securityhub';
import type {
  Condition,
  Finding as GuardDutyFinding,
  GetFindingsCommandInput as GdGetInput,
  GetFindingsCommandOutput as GdGetOutput,
  ListDetectorsCommandInput,
  ListDetectorsCommandOutput,
  ListFindingsCommandInput as GdListInput,
  ListFindingsCommandOutput as GdListOutput,
} from '@aws-sdk/client-guardduty';
import type {
  BatchGetAccountStatusCommandInput,
  BatchGetAccountStatusCommandOutput,
  DateFilter as InspectorDateFilter,
  Finding as InspectorFinding,
  ListFindingsCommandInput as InspectorListInput,
  ListFindingsCommandOutput as InspectorListOutput,
  State as InspectorState,
  StringFilter as InspectorStringFilter,
} from '@aws-sdk/client-inspector2';
import { stream } from '../rng.js';
import { DAY_MS } from '../dates.js';
import { FSBP, guardDutyFindings, inspectorFindings, securityHubFindings, type ControlTemplate, type CveTemplate, type FindingInstance, type GuardDutyTemplate, type InspectorTarget, type Severity } from '../world/findings.js';
import type { AccountDay } from '../world/index.js';
import { handler, page, SimulatedServiceError, type ServiceResponders } from './types.js';

const NORMALIZED: Record<Severity, number> = { CRITICAL: 90, HIGH: 70, MEDIUM: 40, LOW: 1, INFORMATIONAL: 0 };

function gdLabel(severity: number): Severity {
  return severity >= 9 ? 'CRITICAL' : severity >= 7 ? 'HIGH' : severity >= 4 ? 'MEDIUM' : 'LOW';
}

function hubOf(day: AccountDay) {
  return day.once('hub', () => securityHubFindings(day.seed, day.profile, day.day));
}
function gdOf(day: AccountDay) {
  return day.once('gd', () => guardDutyFindings(day.seed, day.profile, day.day));
}
function inspOf(day: AccountDay) {
  return day.once('insp', () => inspectorFindings(day.seed, day.profile, day.day));
}

function detectorId(day: AccountDay, region: string): string {
  return stream(day.seed, 'detector', day.account.id, region).hex(32);
}

function gdId(day: AccountDay, f: FindingInstance<GuardDutyTemplate>): string {
  return stream(day.seed, 'gd-id', f.key).hex(32);
}

function inspArn(day: AccountDay, f: FindingInstance<CveTemplate>): string {
  return `arn:aws:inspector2:${f.region}:${day.account.id}:finding/${stream(day.seed, 'insp-id', f.key).hex(32)}`;
}

function controlFinding(day: AccountDay, f: FindingInstance<ControlTemplate>): AwsSecurityFinding {
  const t = f.template;
  const a = day.account;
  const resolved = f.resolvedAt !== undefined;
  const archived = resolved && stream(day.seed, 'archived', f.key).chance(0.3);
  const status = resolved ? 'RESOLVED' : stream(day.seed, 'notified', f.key).chance(0.2) ? 'NOTIFIED' : 'NEW';
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:securityhub:${f.region}:${a.id}:security-control/${t.control}/finding/${stream(day.seed, 'hub-id', f.key).uuid()}`,
    ProductArn: `arn:aws:securityhub:${f.region}::product/aws/securityhub`,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    Region: f.region,
    GeneratorId: `security-control/${t.control}`,
    AwsAccountId: a.id,
    AwsAccountName: a.name,
    Types: t.types,
    FirstObservedAt: f.createdAt.toISOString(),
    LastObservedAt: f.updatedAt.toISOString(),
    CreatedAt: f.createdAt.toISOString(),
    UpdatedAt: f.updatedAt.toISOString(),
    Severity: { Label: t.severity, Normalized: NORMALIZED[t.severity], Original: t.severity },
    Title: t.title,
    Description: `This AWS control checks ${t.title.charAt(0).toLowerCase()}${t.title.slice(1)}.`,
    Remediation: { Recommendation: { Text: t.remediation, Url: `https://docs.aws.amazon.com/console/securityhub/${t.control}/remediation` } },
    ProductFields: { RelatedAWSResources: '[]', StandardsArn: `arn:aws:securityhub:::standards/${FSBP}`, ControlId: t.control, 'aws/securityhub/ProductName': 'Security Hub', 'aws/securityhub/CompanyName': 'AWS', 'aws/securityhub/FindingId': `arn:aws:securityhub:${f.region}::product/aws/securityhub/${f.key}` },
    Resources: [{ Type: t.resourceType, Id: f.resourceId, Partition: 'aws', Region: f.region }],
    Compliance: { Status: resolved ? 'PASSED' : 'FAILED', SecurityControlId: t.control, AssociatedStandards: [{ StandardsId: `standards/${FSBP}` }] },
    WorkflowState: status === 'RESOLVED' ? 'RESOLVED' : 'NEW',
    Workflow: { Status: status },
    RecordState: archived ? 'ARCHIVED' : 'ACTIVE',
    FindingProviderFields: { Severity: { Label: t.severity, Original: t.severity }, Types: t.types },
    ProcessedAt: new Date(f.updatedAt.getTime() + 4000).toISOString(),
  };
}

function guardDutyAsff(day: AccountDay, f: FindingInstance<GuardDutyTemplate>): AwsSecurityFinding {
  const a = day.account;
  const det = detectorId(day, f.region);
  const label = gdLabel(f.template.severity);
  const id = gdId(day, f);
  return {
    SchemaVersion: '2018-10-08',
    Id: `arn:aws:guardduty:${f.region}:${a.id}:detector/${det}/finding/${id}`,
    ProductArn: `arn:aws:securityhub:${f.region}::product/aws/guardduty`,
    ProductName: 'GuardDuty',
    CompanyName: 'Amazon',
    Region: f.region,
    GeneratorId: `arn:aws:guardduty:${f.region}:${a.id}:detector/${det}`,
    AwsAccountId: a.id,
    Types: [`TTPs/${f.template.type.split(':')[0]}/${f.template.type.replace('/', '-')}`],
    FirstObservedAt: f.createdAt.toISOString(),
    LastObservedAt: f.updatedAt.toISOString(),
    CreatedAt: f.createdAt.toISOString(),
    UpdatedAt: f.updatedAt.toISOString(),
    Severity: { Label: label, Normalized: Math.round(f.template.severity * 10), Product: f.template.severity, Original: String(f.template.severity) },
    Title: f.template.title(f.resourceId),
    Description: f.template.description,
    ProductFields: { 'aws/guardduty/service/count': String(f.count), 'aws/securityhub/ProductName': 'GuardDuty', 'aws/securityhub/CompanyName': 'Amazon' },
    Resources: [{ Type: f.template.resourceType === 'Instance' ? 'AwsEc2Instance' : f.template.resourceType === 'S3Bucket' ? 'AwsS3Bucket' : 'AwsIamAccessKey', Id: f.resourceId, Partition: 'aws', Region: f.region }],
    WorkflowState: 'NEW',
    Workflow: { Status: f.resolvedAt ? 'RESOLVED' : 'NEW' },
    RecordState: f.resolvedAt ? 'ARCHIVED' : 'ACTIVE',
  };
}

function inspectorAsff(day: AccountDay, f: FindingInstance<CveTemplate> & { target: InspectorTarget }): AwsSecurityFinding {
  const a = day.account;
  const t = f.template;
  return {
    SchemaVersion: '2018-10-08',
    Id: inspArn(day, f),
    ProductArn: `arn:aws:securityhub:${f.region}::product/aws/inspector`,
    ProductName: 'Inspector',
    CompanyName: 'Amazon',
    Region: f.region,
    GeneratorId: 'AWSInspector',
    AwsAccountId: a.id,
    Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
    FirstObservedAt: f.createdAt.toISOString(),
    LastObservedAt: f.updatedAt.toISOString(),
    CreatedAt: f.createdAt.toISOString(),
    UpdatedAt: f.updatedAt.toISOString(),
    Severity: { Label: t.severity, Normalized: NORMALIZED[t.severity], Original: t.severity },
    Title: `${t.cve} - ${t.pkg}`,
    Description: t.description,
    Remediation: { Recommendation: { Text: `Upgrade ${t.pkg} to a fixed version.` } },
    Resources: [{ Type: f.target.type === 'AWS_EC2_INSTANCE' ? 'AwsEc2Instance' : f.target.type === 'AWS_LAMBDA_FUNCTION' ? 'AwsLambdaFunction' : 'AwsEcrContainerImage', Id: f.target.id, Partition: 'aws', Region: f.region }],
    Vulnerabilities: [{ Id: t.cve, FixAvailable: t.fix, ExploitAvailable: t.exploit ? 'YES' : 'NO' }],
    WorkflowState: 'NEW',
    Workflow: { Status: f.resolvedAt ? 'RESOLVED' : 'NEW' },
    RecordState: f.resolvedAt ? 'ARCHIVED' : 'ACTIVE',
  };
}

function stringFilterMatch(value: string | undefined, filters: readonly StringFilter[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  const v = value ?? '';
  const positive = filters.filter((f) => !f.Comparison || ['EQUALS', 'PREFIX', 'CONTAINS'].includes(f.Comparison));
  const negative = filters.filter((f) => f.Comparison && ['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS'].includes(f.Comparison));
  const test = (f: StringFilter) => {
    const x = f.Value ?? '';
    switch (f.Comparison) {
      case 'PREFIX':
      case 'PREFIX_NOT_EQUALS':
        return v.startsWith(x);
      case 'CONTAINS':
      case 'NOT_CONTAINS':
        return v.includes(x);
      default:
        return v === x;
    }
  };
  return (positive.length === 0 || positive.some(test)) && negative.every((f) => !test(f));
}

function dateFilterMatch(value: string | undefined, filters: readonly DateFilter[] | undefined, now: Date): boolean {
  if (!filters || filters.length === 0) return true;
  const t = value ? Date.parse(value) : Number.NaN;
  return filters.some((f) => {
    if (f.DateRange?.Value !== undefined) return t >= now.getTime() - f.DateRange.Value * DAY_MS && t <= now.getTime();
    const s = f.Start ? Date.parse(f.Start) : Number.NEGATIVE_INFINITY;
    const e = f.End ? Date.parse(f.End) : Number.POSITIVE_INFINITY;
    return t >= s && t <= e;
  });
}

function hubMatches(f: AwsSecurityFinding, filters: AwsSecurityFindingFilters | undefined, now: Date): boolean {
  if (!filters) return true;
  return (
    dateFilterMatch(f.UpdatedAt, filters.UpdatedAt, now) &&
    dateFilterMatch(f.CreatedAt, filters.CreatedAt, now) &&
    stringFilterMatch(f.AwsAccountId, filters.AwsAccountId) &&
    stringFilterMatch(f.RecordState, filters.RecordState) &&
    stringFilterMatch(f.Workflow?.Status, filters.WorkflowStatus) &&
    stringFilterMatch(f.Severity?.Label, filters.SeverityLabel) &&
    stringFilterMatch(f.Compliance?.Status, filters.ComplianceStatus) &&
    stringFilterMatch(f.ProductName, filters.ProductName) &&
    stringFilterMatch(f.Region, filters.Region) &&
    stringFilterMatch(f.Title, filters.Title)
  );
}

function allHubFindings(day: AccountDay, region: string): AwsSecurityFinding[] {
  return day.once(`hub-asff:${region}`, () => {
    const list: AwsSecurityFinding[] = [];
    for (const f of hubOf(day)) if (f.region === region) list.push(controlFinding(day, f));
    for (const f of gdOf(day)) if (f.region === region) list.push(guardDutyAsff(day, f));
    for (const f of inspOf(day)) if (f.region === region) list.push(inspectorAsff(day, f));
    return list.sort((x, y) => (x.UpdatedAt ?? '') < (y.UpdatedAt ?? '') ? 1 : (x.UpdatedAt ?? '') > (y.UpdatedAt ?? '') ? -1 : (x.Id ?? '') < (y.Id ?? '') ? -1 : 1);
  });
}

export const securityHub: ServiceResponders = {
  GetFindings: handler<HubInput, HubOutput>((input, ctx) => {
    const { day } = ctx;
    if (!day.account.securityHub) throw new SimulatedServiceError('InvalidAccessException', `Account ${day.account.id} is not subscribed to AWS Security Hub`, 401);
    const matching = allHubFindings(day, ctx.region).filter((f) => hubMatches(f, input.Filters, day.collectedAt));
    const { items, next } = page(matching, input.NextToken, input.MaxResults, 100, 'hub');
    return { Findings: items, NextToken: next };
  }),
};

// ---- GuardDuty ----

function gdFinding(day: AccountDay, f: FindingInstance<GuardDutyTemplate>): GuardDutyFinding {
  const a = day.account;
  const det = detectorId(day, f.region);
  const id = gdId(day, f);
  const resource: GuardDutyFinding['Resource'] =
    f.template.resourceType === 'Instance'
      ? { ResourceType: 'Instance', InstanceDetails: { InstanceId: f.resourceId, InstanceState: 'running', AvailabilityZone: `${f.region}a`, Platform: undefined, Tags: [{ Key: 'Product', Value: a.product }] } }
      : f.template.resourceType === 'S3Bucket'
        ? { ResourceType: 'S3Bucket', S3BucketDetails: [{ Arn: `arn:aws:s3:::${f.resourceId}`, Name: f.resourceId, Type: 'Destination', CreatedAt: new Date(Date.UTC(2024, 0, 15)) }] }
        : { ResourceType: 'AccessKey', AccessKeyDetails: { AccessKeyId: f.resourceId, PrincipalId: `AROA${stream(day.seed, 'gd-principal', f.key).alnum(17, true)}:i-0${stream(day.seed, 'gd-i', f.key).hex(16)}`, UserName: `${day.profile.slug}-ec2-ssm-role`, UserType: 'AssumedRole' } };
  return {
    AccountId: a.id,
    Arn: `arn:aws:guardduty:${f.region}:${a.id}:detector/${det}/finding/${id}`,
    CreatedAt: f.createdAt.toISOString(),
    Description: f.template.description,
    Id: id,
    Partition: 'aws',
    Region: f.region,
    Resource: resource,
    SchemaVersion: '2.0',
    Service: {
      ServiceName: 'guardduty',
      DetectorId: det,
      Archived: f.resolvedAt !== undefined,
      Count: f.count,
      EventFirstSeen: f.createdAt.toISOString(),
      EventLastSeen: f.updatedAt.toISOString(),
      ResourceRole: 'TARGET',
      Action: f.template.type.startsWith('Recon') || f.template.type.includes('SSHBruteForce') ? { ActionType: 'PORT_PROBE', PortProbeAction: { Blocked: false, PortProbeDetails: [{ LocalPortDetails: { Port: 22, PortName: 'SSH' }, RemoteIpDetails: { IpAddressV4: `198.51.100.${stream(day.seed, 'gd-ip', f.key).int(60, 120)}`, Country: { CountryName: 'Unknown' } } }] } } : { ActionType: 'AWS_API_CALL', AwsApiCallAction: { Api: 'ListBuckets', CallerType: 'Remote IP', ServiceName: 's3.amazonaws.com' } },
    },
    Severity: f.template.severity,
    Confidence: 5 + (stream(day.seed, 'gd-conf', f.key).int(0, 40) / 10),
    Title: f.template.title(f.resourceId),
    Type: f.template.type,
    UpdatedAt: f.updatedAt.toISOString(),
  };
}

function gdFindingsIn(day: AccountDay, region: string): GuardDutyFinding[] {
  return day.once(`gd-api:${region}`, () => gdOf(day).filter((f) => f.region === region).map((f) => gdFinding(day, f)));
}

function numeric(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? (Number.isFinite(Number(value)) ? Number(value) : Date.parse(value)) : Number.NaN;
}

function fieldOf(f: GuardDutyFinding, field: string): unknown {
  switch (field) {
    case 'updatedAt':
      return Date.parse(f.UpdatedAt ?? '');
    case 'createdAt':
      return Date.parse(f.CreatedAt ?? '');
    case 'accountId':
      return f.AccountId;
    case 'region':
      return f.Region;
    case 'id':
      return f.Id;
    case 'type':
      return f.Type;
    case 'severity':
      return f.Severity;
    case 'service.archived':
      return String(f.Service?.Archived ?? false);
    case 'resource.resourceType':
      return f.Resource?.ResourceType;
    case 'resource.instanceDetails.instanceId':
      return f.Resource?.InstanceDetails?.InstanceId;
    default:
      throw new SimulatedServiceError('BadRequestException', `The request is rejected because an invalid or out-of-range value is specified as an input parameter: ${field}`);
  }
}

function conditionMatches(value: unknown, c: Condition): boolean {
  const eq = [...(c.Eq ?? []), ...(c.Equals ?? [])];
  const neq = [...(c.Neq ?? []), ...(c.NotEquals ?? [])];
  if (eq.length > 0 && !eq.includes(String(value))) return false;
  if (neq.length > 0 && neq.includes(String(value))) return false;
  const n = numeric(value);
  const bounds: [number | undefined, (a: number, b: number) => boolean][] = [
    [c.Gt ?? c.GreaterThan, (a, b) => a > b],
    [c.Gte ?? c.GreaterThanOrEqual, (a, b) => a >= b],
    [c.Lt ?? c.LessThan, (a, b) => a < b],
    [c.Lte ?? c.LessThanOrEqual, (a, b) => a <= b],
  ];
  return bounds.every(([bound, op]) => bound === undefined || op(n, bound));
}

export const guardDuty: ServiceResponders = {
  ListDetectors: handler<ListDetectorsCommandInput, ListDetectorsCommandOutput>((_input, { day, region }) => ({ DetectorIds: day.account.guardDuty ? [detectorId(day, region)] : [] })),
  ListFindings: handler<GdListInput, GdListOutput>((input, ctx) => {
    if (input.DetectorId !== detectorId(ctx.day, ctx.region)) throw new SimulatedServiceError('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.');
    const criteria = Object.entries(input.FindingCriteria?.Criterion ?? {});
    const ids = gdFindingsIn(ctx.day, ctx.region)
      .filter((f) => criteria.every(([field, c]) => conditionMatches(fieldOf(f, field), c)))
      .map((f) => f.Id as string);
    const { items, next } = page(ids, input.NextToken, input.MaxResults, 50, 'gd');
    return { FindingIds: items, NextToken: next };
  }),
  GetFindings: handler<GdGetInput, GdGetOutput>((input, ctx) => {
    if ((input.FindingIds ?? []).length > 50) throw new SimulatedServiceError('BadRequestException', 'The request is rejected because the findingIds array has more than 50 elements.');
    const wanted = new Set(input.FindingIds ?? []);
    return { Findings: gdFindingsIn(ctx.day, ctx.region).filter((f) => wanted.has(f.Id ?? '')) };
  }),
};

// ---- Inspector ----

function inspectorFinding(day: AccountDay, f: FindingInstance<CveTemplate> & { target: InspectorTarget }): InspectorFinding {
  const t = f.template;
  const r = stream(day.seed, 'insp-pkg', f.key);
  const version = `${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 30)}`;
  return {
    findingArn: inspArn(day, f),
    awsAccountId: day.account.id,
    type: 'PACKAGE_VULNERABILITY',
    description: t.description,
    title: `${t.cve} - ${t.pkg}`,
    remediation: { recommendation: { text: `Upgrade ${t.pkg} to a fixed version.` } },
    severity: t.severity,
    firstObservedAt: f.createdAt,
    lastObservedAt: f.updatedAt,
    updatedAt: f.updatedAt,
    status: f.resolvedAt ? 'CLOSED' : 'ACTIVE',
    resources: [{ type: f.target.type, id: f.target.id, partition: 'aws', region: f.region }],
    inspectorScore: t.score,
    packageVulnerabilityDetails: {
      vulnerabilityId: t.cve,
      source: 'NVD',
      vulnerablePackages: [{ name: t.pkg, version, fixedInVersion: t.fix === 'NO' ? 'NotAvailable' : `${version}-${r.int(2, 9)}`, packageManager: f.target.type === 'AWS_LAMBDA_FUNCTION' ? 'NODEPKG' : 'OS' }],
      sourceUrl: `https://nvd.nist.gov/vuln/detail/${t.cve}`,
      vendorSeverity: t.severity,
      referenceUrls: [`https://nvd.nist.gov/vuln/detail/${t.cve}`],
      cvss: [{ baseScore: t.score, scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'NVD', version: '3.1' }],
    },
    fixAvailable: t.fix,
    exploitAvailable: t.exploit ? 'YES' : 'NO',
    epss: { score: t.exploit ? 0.9 : 0.004 },
  };
}

function inspectorStringMatch(value: string | undefined, filters: readonly InspectorStringFilter[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  const pos = filters.filter((f) => f.comparison === 'EQUALS' || f.comparison === 'PREFIX');
  const neg = filters.filter((f) => f.comparison === 'NOT_EQUALS');
  const v = value ?? '';
  return (pos.length === 0 || pos.some((f) => (f.comparison === 'PREFIX' ? v.startsWith(f.value ?? '') : v === f.value))) && neg.every((f) => v !== f.value);
}

function inspectorDateMatch(value: Date | undefined, filters: readonly InspectorDateFilter[] | undefined): boolean {
  if (!filters || filters.length === 0) return true;
  const t = value?.getTime() ?? Number.NaN;
  return filters.some((f) => (f.startInclusive === undefined || t >= f.startInclusive.getTime()) && (f.endInclusive === undefined || t <= f.endInclusive.getTime()));
}

export const inspector2: ServiceResponders = {
  BatchGetAccountStatus: handler<BatchGetAccountStatusCommandInput, BatchGetAccountStatusCommandOutput>((input, { day }) => {
    const on = day.account.inspector;
    const status = on ? 'ENABLED' : 'DISABLED';
    const rs: InspectorState = { status, errorCode: undefined, errorMessage: undefined };
    return {
      accounts: (input.accountIds ?? [day.account.id]).map((accountId) => ({ accountId, state: rs, resourceState: { ec2: rs, ecr: rs, lambda: rs, lambdaCode: rs } })),
      failedAccounts: [],
    };
  }),
  ListFindings: handler<InspectorListInput, InspectorListOutput>((input, ctx) => {
    const { day } = ctx;
    const fc = input.filterCriteria;
    const list = day.once(`insp-api:${ctx.region}`, () => inspOf(day).filter((f) => f.region === ctx.region).map((f) => inspectorFinding(day, f)));
    const matching = list.filter(
      (f) =>
        inspectorStringMatch(f.awsAccountId, fc?.awsAccountId) &&
        inspectorStringMatch(f.status, fc?.findingStatus) &&
        inspectorStringMatch(f.severity, fc?.severity) &&
        inspectorStringMatch(f.resources?.[0]?.type, fc?.resourceType) &&
        inspectorDateMatch(f.updatedAt, fc?.updatedAt) &&
        inspectorDateMatch(f.lastObservedAt, fc?.lastObservedAt) &&
        inspectorDateMatch(f.firstObservedAt, fc?.firstObservedAt),
    );
    const { items, next } = page(matching, input.nextToken, input.maxResults, 100, 'insp');
    return { findings: items, nextToken: next };
  }),
};

export { hubOf };
