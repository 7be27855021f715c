// CloudTrail management events of an account and day: people (console and CLI, from documentation
// IP ranges), CI (GitHub Actions via CloudFormation, Terraform), AWS services and service-linked
// roles, SSM agents, and the security account's cross-account tooling. Everything an anomaly adds
// is built with the same helpers, so injected events look like the rest.
import { stream, type Rng } from '../rng.js';
import { DAY_MS, isWeekend } from '../dates.js';
import type { Organization, Person, SimAccount } from './org.js';
import type { AccountProfile } from './profile.js';
import { instancesAt, type InstanceState } from './resources.js';

export interface UserIdentity {
  type: 'IAMUser' | 'AssumedRole' | 'AWSService' | 'AWSAccount' | 'Root' | 'WebIdentityUser';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
  };
}

export interface Actor {
  kind: 'human' | 'ci' | 'terraform' | 'cloudformation' | 'service' | 'service-role' | 'instance' | 'cross-account' | 'function';
  identity: UserIdentity;
  /** LookupEvents' Username: the IAM user, the role session, or the service. */
  username: string;
  sourceIp: string;
  userAgent: string;
  vpcEndpointId?: string;
  console?: boolean;
}

export interface TrailEvent {
  id: string;
  /** Epoch milliseconds, whole seconds (CloudTrail has no sub-second precision). */
  time: number;
  source: string;
  name: string;
  region: string;
  actor: Actor;
  readOnly: boolean;
  request: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  additional?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  resources?: { type: string; name: string }[];
}

/** CI runners egress through these (self-hosted runners behind NAT, documentation range). */
export const CI_IPS = ['198.51.100.10', '198.51.100.11', '198.51.100.12', '198.51.100.13'];

export const TERRAFORM_UA =
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64';
export const GITHUB_CLI_UA =
  'aws-cli/2.17.43 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off';
export const DOCKER_UA = 'docker/27.1.1 go/go1.21.12 git-commit/cc13f95 kernel/6.5.0-1025-azure os/linux arch/amd64 UpstreamClient(Docker-Client/27.1.1 \\(linux\\))';
export const SSM_AGENT_UA = 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0';
export const LAMBDA_LOGS_UA = 'awslambda-worker/1.0 rusoto/0.48.0 rust/1.79.0 linux';

function hash16(rng: Rng): string {
  return rng.alnum(16, true);
}

function consoleAgent(source: string): string {
  if (source === 'ec2.amazonaws.com') return 'console.ec2.amazonaws.com';
  if (source === 's3.amazonaws.com') return '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.223-190.873.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]';
  return 'AWS Internal';
}

/** The SSO session of a person in an account (IAM Identity Center permission set role). */
export function ssoActor(seed: string, account: SimAccount, person: Person, day: number, ip: string, console: boolean, service = ''): Actor {
  const roleName = `AWSReservedSSO_${person.permissionSet}_${stream(seed, 'sso-role', account.id, person.permissionSet).hex(16)}`;
  const roleId = `AROA${stream(seed, 'role-id', account.id, roleName).alnum(17, true)}`;
  const keyRng = stream(seed, 'sso-key', account.id, person.username, day);
  return {
    kind: 'human',
    identity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${person.email}`,
      arn: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${person.email}`,
      accountId: account.id,
      accessKeyId: `ASIA${hash16(keyRng)}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account.id}:role/aws-reserved/sso.amazonaws.com/${roleName}`, accountId: account.id, userName: roleName },
        attributes: { creationDate: new Date(day * DAY_MS + 7 * 3600_000).toISOString().replace('.000', ''), mfaAuthenticated: 'false' },
      },
    },
    username: person.email,
    sourceIp: ip,
    userAgent: console ? consoleAgent(service) : person.cliUserAgent,
    console,
  };
}

export function iamUserActor(seed: string, account: SimAccount, userName: string, ip: string, userAgent: string): Actor {
  const r = stream(seed, 'iam-user', account.id, userName);
  return {
    kind: 'human',
    identity: { type: 'IAMUser', principalId: `AIDA${r.alnum(17, true)}`, arn: `arn:aws:iam::${account.id}:user/${userName}`, accountId: account.id, accessKeyId: `AKIA${r.alnum(16, true)}`, userName },
    username: userName,
    sourceIp: ip,
    userAgent,
  };
}

export function roleActor(seed: string, account: SimAccount, roleName: string, session: string, kind: Actor['kind'], ip: string, userAgent: string, day: number): Actor {
  const roleId = `AROA${stream(seed, 'role-id', account.id, roleName).alnum(17, true)}`;
  return {
    kind,
    identity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${session}`,
      accountId: account.id,
      accessKeyId: `ASIA${stream(seed, 'role-key', account.id, roleName, session, day).alnum(16, true)}`,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account.id}:role/${roleName}`, accountId: account.id, userName: roleName },
        attributes: { creationDate: new Date(day * DAY_MS).toISOString().replace('.000', ''), mfaAuthenticated: 'false' },
      },
    },
    username: session,
    sourceIp: ip,
    userAgent,
  };
}

export function serviceActor(service: string): Actor {
  return { kind: 'service', identity: { type: 'AWSService', invokedBy: service }, username: service, sourceIp: service, userAgent: service };
}

/** The caller of a cross-account request, as the target account's trail records it. */
export function crossAccountActor(seed: string, callerAccount: string, roleName: string, session: string, ip: string, userAgent: string): Actor {
  const roleId = `AROA${stream(seed, 'role-id', callerAccount, roleName).alnum(17, true)}`;
  return {
    kind: 'cross-account',
    identity: { type: 'AWSAccount', principalId: `${roleId}:${session}`, accountId: callerAccount },
    username: session,
    sourceIp: ip,
    userAgent,
  };
}

/** An event; ids come from the caller's stream so the day is reproducible. */
export function makeEvent(rng: Rng, time: number, region: string, source: string, name: string, actor: Actor, request: Record<string, unknown> | null, extra: Partial<TrailEvent> = {}): TrailEvent {
  return { id: rng.uuid(), time: Math.floor(time / 1000) * 1000, source, name, region, actor, readOnly: false, request, ...extra };
}

/** CloudTrail's JSON record for an event, as LookupEvents' CloudTrailEvent carries it. */
export function cloudTrailRecord(e: TrailEvent, recipientAccountId: string): string {
  const tls = e.actor.kind === 'service' || e.actor.kind === 'service-role' ? undefined : { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${e.source.split('.')[0]}.${e.region}.amazonaws.com` };
  const record: Record<string, unknown> = {
    eventVersion: '1.10',
    userIdentity: e.actor.identity,
    eventTime: new Date(e.time).toISOString().replace('.000', ''),
    eventSource: e.source,
    eventName: e.name,
    awsRegion: e.region,
    sourceIPAddress: e.actor.sourceIp,
    userAgent: e.actor.userAgent,
  };
  if (e.errorCode) {
    record.errorCode = e.errorCode;
    record.errorMessage = e.errorMessage ?? '';
  }
  record.requestParameters = e.request;
  record.responseElements = e.response ?? null;
  if (e.additional) record.additionalEventData = e.additional;
  record.requestID = e.id.replace(/-/g, '').slice(0, 8) + e.id.slice(8);
  record.eventID = e.id;
  record.readOnly = e.readOnly;
  if (e.resources) record.resources = e.resources.map((r) => ({ accountId: recipientAccountId, type: r.type, ARN: r.name }));
  record.eventType = e.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : e.actor.kind === 'service' ? 'AwsServiceEvent' : 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = recipientAccountId;
  if (e.actor.vpcEndpointId) record.vpcEndpointId = e.actor.vpcEndpointId;
  record.eventCategory = 'Management';
  if (tls) record.tlsDetails = tls;
  if (e.actor.console) record.sessionCredentialFromConsole = 'true';
  return JSON.stringify(record);
}

// ---- vocabulary ------------------------------------------------------------------------------

type Action = { source: string; name: string; weight: number; needs?: 'dbs' | 'functions' | 'ecs' | 'dynamodb' | 'instances' | 'management' | 'security' };

const DEVELOPER_ACTIONS: readonly Action[] = [
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionConfiguration20150331v2', weight: 3, needs: 'functions' },
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', weight: 2, needs: 'functions' },
  { source: 'lambda.amazonaws.com', name: 'PublishVersion20150331', weight: 1, needs: 'functions' },
  { source: 'ec2.amazonaws.com', name: 'StartInstances', weight: 2, needs: 'instances' },
  { source: 'ec2.amazonaws.com', name: 'StopInstances', weight: 2, needs: 'instances' },
  { source: 'ec2.amazonaws.com', name: 'RebootInstances', weight: 0.6, needs: 'instances' },
  { source: 'ec2.amazonaws.com', name: 'CreateTags', weight: 3 },
  { source: 'ec2.amazonaws.com', name: 'CreateSnapshot', weight: 0.8, needs: 'instances' },
  { source: 's3.amazonaws.com', name: 'PutBucketTagging', weight: 1 },
  { source: 's3.amazonaws.com', name: 'PutBucketLifecycle', weight: 0.5 },
  { source: 's3.amazonaws.com', name: 'PutBucketVersioning', weight: 0.3 },
  { source: 'ssm.amazonaws.com', name: 'SendCommand', weight: 2, needs: 'instances' },
  { source: 'ssm.amazonaws.com', name: 'StartSession', weight: 3, needs: 'instances' },
  { source: 'ssm.amazonaws.com', name: 'PutParameter', weight: 2 },
  { source: 'monitoring.amazonaws.com', name: 'PutMetricAlarm', weight: 2 },
  { source: 'monitoring.amazonaws.com', name: 'PutDashboard', weight: 1 },
  { source: 'monitoring.amazonaws.com', name: 'DeleteAlarms', weight: 0.4 },
  { source: 'logs.amazonaws.com', name: 'PutRetentionPolicy', weight: 0.5 },
  { source: 'logs.amazonaws.com', name: 'CreateLogGroup', weight: 0.4 },
  { source: 'cloudformation.amazonaws.com', name: 'UpdateStack', weight: 0.5 },
  { source: 'rds.amazonaws.com', name: 'CreateDBSnapshot', weight: 0.5, needs: 'dbs' },
  { source: 'rds.amazonaws.com', name: 'ModifyDBInstance', weight: 0.2, needs: 'dbs' },
  { source: 'ecs.amazonaws.com', name: 'UpdateService', weight: 1, needs: 'ecs' },
  { source: 'dynamodb.amazonaws.com', name: 'UpdateTable', weight: 0.3, needs: 'dynamodb' },
  { source: 'sqs.amazonaws.com', name: 'SetQueueAttributes', weight: 0.3 },
  { source: 'secretsmanager.amazonaws.com', name: 'PutSecretValue', weight: 0.5 },
];

const ADMIN_ACTIONS: readonly Action[] = [
  { source: 'iam.amazonaws.com', name: 'PutRolePolicy', weight: 1 },
  { source: 'iam.amazonaws.com', name: 'UpdateAssumeRolePolicy', weight: 0.3 },
  { source: 'iam.amazonaws.com', name: 'TagRole', weight: 0.5 },
  { source: 'iam.amazonaws.com', name: 'AttachRolePolicy', weight: 0.3 },
  { source: 'iam.amazonaws.com', name: 'DetachRolePolicy', weight: 0.2 },
  { source: 'kms.amazonaws.com', name: 'PutKeyPolicy', weight: 0.1 },
  { source: 'ec2.amazonaws.com', name: 'AuthorizeSecurityGroupIngress', weight: 0.5 },
  { source: 's3.amazonaws.com', name: 'PutBucketPolicy', weight: 0.3 },
  { source: 'organizations.amazonaws.com', name: 'TagResource', weight: 0.4, needs: 'management' },
  { source: 'organizations.amazonaws.com', name: 'MoveAccount', weight: 0.05, needs: 'management' },
  { source: 'securityhub.amazonaws.com', name: 'BatchUpdateFindings', weight: 3, needs: 'security' },
  { source: 'guardduty.amazonaws.com', name: 'ArchiveFindings', weight: 1, needs: 'security' },
  { source: 'config.amazonaws.com', name: 'PutConfigRule', weight: 0.2, needs: 'security' },
];

/** Event names nobody uses in normal operation: never-seen event-name anomalies draw from these. */
export const RARE_EVENT_NAMES: readonly { source: string; name: string }[] = [
  { source: 'cloudtrail.amazonaws.com', name: 'StopLogging' },
  { source: 'cloudtrail.amazonaws.com', name: 'DeleteTrail' },
  { source: 'cloudtrail.amazonaws.com', name: 'PutEventSelectors' },
  { source: 'ec2.amazonaws.com', name: 'DeleteFlowLogs' },
  { source: 'guardduty.amazonaws.com', name: 'DeleteDetector' },
  { source: 'config.amazonaws.com', name: 'StopConfigurationRecorder' },
  { source: 'config.amazonaws.com', name: 'DeleteConfigRule' },
  { source: 's3.amazonaws.com', name: 'DeleteBucketPolicy' },
  { source: 's3.amazonaws.com', name: 'PutBucketAcl' },
  { source: 's3.amazonaws.com', name: 'DeleteBucketPublicAccessBlock' },
  { source: 'ec2.amazonaws.com', name: 'ModifySnapshotAttribute' },
  { source: 'ec2.amazonaws.com', name: 'ModifyImageAttribute' },
  { source: 'iam.amazonaws.com', name: 'CreateLoginProfile' },
  { source: 'iam.amazonaws.com', name: 'DeactivateMFADevice' },
  { source: 'iam.amazonaws.com', name: 'DeleteAccountPasswordPolicy' },
  { source: 'kms.amazonaws.com', name: 'ScheduleKeyDeletion' },
  { source: 'kms.amazonaws.com', name: 'DisableKey' },
  { source: 'logs.amazonaws.com', name: 'DeleteLogGroup' },
  { source: 'ec2.amazonaws.com', name: 'DisableEbsEncryptionByDefault' },
];

/** Account-type limits on daily RunInstances and CreateVolume events in normal operation (below the detection thresholds). */
export const USAGE_THRESHOLDS: Readonly<Record<string, { ec2: number; lambda: number; ebs: number }>> = {
  production: { ec2: 10, lambda: 1000, ebs: 20 },
  staging: { ec2: 5, lambda: 500, ebs: 10 },
  development: { ec2: 2, lambda: 100, ebs: 5 },
  // Sandbox accounts are held to the development thresholds (the seed has no sandbox row).
  sandbox: { ec2: 2, lambda: 100, ebs: 5 },
};

export function thresholdsOf(account: SimAccount): { ec2: number; lambda: number; ebs: number } {
  return USAGE_THRESHOLDS[account.type] ?? (USAGE_THRESHOLDS.development as { ec2: number; lambda: number; ebs: number });
}

// ---- request parameters ----------------------------------------------------------------------

export interface ParamContext {
  rng: Rng;
  account: SimAccount;
  profile: AccountProfile;
  region: string;
  instances: readonly InstanceState[];
}

function instanceIn(ctx: ParamContext): InstanceState | undefined {
  const local = ctx.instances.filter((i) => i.slot.region === ctx.region);
  return local.length > 0 ? ctx.rng.pick(local) : undefined;
}

const READONLY_POLICIES = ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy', 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'];

export function paramsFor(name: string, ctx: ParamContext): { request: Record<string, unknown> | null; resources?: TrailEvent['resources'] } {
  const { rng, profile, account } = ctx;
  const fn = profile.functions.length > 0 ? rng.pick(profile.functions) : undefined;
  const bucket = profile.buckets.length > 0 ? rng.pick(profile.buckets).name : `${profile.slug}-assets`;
  const inst = instanceIn(ctx);
  switch (name) {
    case 'UpdateFunctionConfiguration20150331v2':
      return { request: { functionName: fn?.name ?? `${profile.slug}-handler`, memorySize: fn?.memory ?? 256, timeout: rng.pick([30, 60, 300]) } };
    case 'UpdateFunctionCode20150331v2':
      return { request: { functionName: fn?.name ?? `${profile.slug}-handler`, publish: false, dryRun: false } };
    case 'PublishVersion20150331':
      return { request: { functionName: fn?.name ?? `${profile.slug}-handler` } };
    case 'StartInstances':
    case 'StopInstances':
    case 'RebootInstances':
    case 'TerminateInstances':
      return { request: { instancesSet: { items: [{ instanceId: inst?.id ?? `i-0${rng.hex(16)}` }] }, ...(name === 'StopInstances' ? { force: false } : {}) } };
    case 'CreateTags':
      return { request: { resourcesSet: { items: [{ resourceId: inst?.id ?? `i-0${rng.hex(16)}` }] }, tagSet: { items: [{ key: rng.pick(['Owner', 'Project', 'Schedule', 'CostCenter']), value: rng.pick(['platform', account.costCenter, 'office-hours', account.product]) }] } } };
    case 'CreateSnapshot':
      return { request: { volumeId: inst?.rootVolumeId ?? `vol-0${rng.hex(16)}`, description: 'pre-change backup' } };
    case 'PutBucketTagging':
    case 'PutBucketLifecycle':
    case 'PutBucketVersioning':
      return { request: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, [name.slice(9).toLowerCase()]: '' }, resources: [{ type: 'AWS::S3::Bucket', name: `arn:aws:s3:::${bucket}` }] };
    case 'PutBucketPolicy':
      return { request: { bucketName: bucket, Host: `${bucket}.s3.amazonaws.com`, bucketPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }, policy: '' } };
    case 'SendCommand':
      return { request: { documentName: rng.pick(['AWS-RunShellScript', 'AWS-RunPatchBaseline', 'AWS-UpdateSSMAgent']), instanceIds: [inst?.id ?? `i-0${rng.hex(16)}`], interactive: false } };
    case 'StartSession':
      return { request: { target: inst?.id ?? `i-0${rng.hex(16)}` } };
    case 'PutParameter':
      return { request: { name: `/${profile.slug}/${rng.pick(['feature-flags', 'config/timeout', 'config/batch-size', 'release'])}`, type: 'String', overwrite: true } };
    case 'PutMetricAlarm':
      return { request: { alarmName: `${profile.slug}-${rng.pick(['5xx-rate', 'latency-p99', 'queue-depth', 'cpu-high', 'errors'])}`, metricName: rng.pick(['HTTPCode_Target_5XX_Count', 'Latency', 'CPUUtilization', 'Errors']), threshold: rng.int(1, 100), evaluationPeriods: rng.int(1, 5) } };
    case 'PutDashboard':
      return { request: { dashboardName: `${profile.slug}-overview` } };
    case 'DeleteAlarms':
      return { request: { alarmNames: [`${profile.slug}-old-${rng.alnum(4)}`] } };
    case 'PutRetentionPolicy':
    case 'CreateLogGroup':
      return { request: { logGroupName: `/aws/lambda/${fn?.name ?? profile.slug}`, ...(name === 'PutRetentionPolicy' ? { retentionInDays: rng.pick([14, 30, 90]) } : {}) } };
    case 'UpdateStack':
    case 'CreateChangeSet':
    case 'ExecuteChangeSet':
      return { request: { stackName: `${profile.slug}-${rng.pick(['api', 'web', 'worker', 'infra'])}`, ...(name !== 'UpdateStack' ? { changeSetName: `cdk-deploy-change-set` } : {}) } };
    case 'CreateDBSnapshot':
      return { request: { dBSnapshotIdentifier: `${profile.dbs[0]?.id ?? profile.slug}-manual-${rng.alnum(6)}`, dBInstanceIdentifier: profile.dbs[0]?.id ?? `${profile.slug}-db` } };
    case 'ModifyDBInstance':
      return { request: { dBInstanceIdentifier: profile.dbs[0]?.id ?? `${profile.slug}-db`, backupRetentionPeriod: 14, applyImmediately: false } };
    case 'UpdateService':
      return { request: { cluster: `${profile.slug}-${account.environment}`, service: `${profile.slug}-api`, desiredCount: rng.int(2, 8) } };
    case 'RegisterTaskDefinition':
      return { request: { family: `${profile.slug}-api`, cpu: '512', memory: '1024' } };
    case 'UpdateTable':
      return { request: { tableName: `${profile.slug}-sessions`, billingMode: 'PAY_PER_REQUEST' } };
    case 'SetQueueAttributes':
      return { request: { queueUrl: `https://sqs.${ctx.region}.amazonaws.com/${account.id}/${profile.slug}-jobs`, attributes: { VisibilityTimeout: '120' } } };
    case 'PutSecretValue':
      return { request: { secretId: `${profile.slug}/api/stripe` } };
    case 'PutRolePolicy':
      return { request: { roleName: `${profile.slug}-${rng.pick(['app', 'worker', 'ecs-task', 'lambda-exec'])}-role`, policyName: rng.pick(['s3-access', 'sqs-access', 'kms-decrypt', 'dynamodb-rw']), policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}' } };
    case 'UpdateAssumeRolePolicy':
    case 'TagRole':
    case 'DetachRolePolicy':
    case 'AttachRolePolicy':
      return { request: { roleName: `${profile.slug}-${rng.pick(['app', 'worker', 'ecs-task', 'lambda-exec', 'ci-readonly'])}-role`, ...(name.endsWith('RolePolicy') && name !== 'UpdateAssumeRolePolicy' ? { policyArn: rng.pick(READONLY_POLICIES) } : name === 'TagRole' ? { tags: [{ key: 'Owner', value: 'platform' }] } : { policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' }) } };
    case 'CreateRole':
      return { request: { roleName: `${profile.slug}-${rng.pick(['ingest', 'export', 'scheduler', 'migration'])}-role`, assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}', path: '/' } };
    case 'PutKeyPolicy':
      return { request: { keyId: rng.uuid(), policyName: 'default' } };
    case 'AuthorizeSecurityGroupIngress':
      return { request: { groupId: `sg-0${rng.hex(16)}`, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: rng.pick([443, 5432, 6379, 8080]), toPort: 443, ipRanges: { items: [{ cidrIp: rng.pick(['10.0.0.0/8', '172.16.0.0/12', '10.20.0.0/16']) }] } }] } } };
    case 'TagResource':
    case 'MoveAccount':
      return { request: { resourceId: ctx.rng.digits(12), tags: [{ key: 'Owner', value: 'platform' }] } };
    case 'BatchUpdateFindings':
      return { request: { findingIdentifiers: [{ id: `arn:aws:securityhub:${ctx.region}:${account.id}:finding/${rng.uuid()}` }], workflow: { status: rng.pick(['NOTIFIED', 'RESOLVED', 'SUPPRESSED']) } } };
    case 'ArchiveFindings':
      return { request: { detectorId: rng.hex(32), findingIds: [rng.hex(32)] } };
    case 'PutConfigRule':
      return { request: { configRule: { configRuleName: 'required-tags' } } };
    case 'ConsoleLogin':
      return { request: null };
    default:
      return { request: {} };
  }
}

// ---- the day's events ------------------------------------------------------------------------

function workTime(rng: Rng, day: number, tz: number): number {
  // 08:00–19:00 local, a little skewed to the morning.
  const local = 8 + Math.min(rng.float(), rng.float()) * 6 + rng.float() * 5;
  return day * DAY_MS + Math.round(((local - tz + 24) % 24) * 3600_000);
}

function anyTime(rng: Rng, day: number): number {
  return day * DAY_MS + rng.int(0, 86_399) * 1000;
}

function humanActions(account: SimAccount, person: Person, profile: AccountProfile, instances: readonly InstanceState[]): Action[] {
  const base = person.permissionSet === 'DeveloperAccess' ? DEVELOPER_ACTIONS : [...DEVELOPER_ACTIONS, ...ADMIN_ACTIONS];
  return base.filter((a) => {
    switch (a.needs) {
      case 'dbs':
        return profile.dbs.length > 0;
      case 'functions':
        return profile.functions.length > 0;
      case 'ecs':
        return profile.features.ecs;
      case 'dynamodb':
        return profile.features.dynamodb;
      case 'instances':
        return instances.length > 0;
      case 'management':
        return account.role === 'management';
      case 'security':
        return account.role === 'security';
      default:
        return true;
    }
  });
}

/** IAM and a few other global services log in us-east-1. */
function regionOf(source: string, rng: Rng, account: SimAccount): string {
  if (source === 'iam.amazonaws.com' || source === 'organizations.amazonaws.com' || source === 'signin.amazonaws.com') return 'us-east-1';
  return rng.chance(0.8) ? (account.regions[0] as string) : rng.pick(account.regions);
}

export interface ActivityOptions {
  seed: string;
  org: Organization;
  profile: AccountProfile;
  day: number;
  instances?: readonly InstanceState[];
}

/** Every management event of the account on `day`, all regions, oldest first. */
export function activityAt(options: ActivityOptions): TrailEvent[] {
  const { seed, org, profile, day } = options;
  const account = profile.account;
  const instances = options.instances ?? instancesAt(seed, profile, day);
  const weekend = isWeekend(day);
  const out: TrailEvent[] = [];
  const th = thresholdsOf(account);

  // People.
  const busy = account.role === 'security' ? 5 : account.role === 'management' ? 4 : account.type === 'production' ? 5 : account.type === 'sandbox' ? 6 : 7;
  for (const pi of account.people) {
    const person = org.people[pi];
    if (!person) continue;
    const rng = stream(seed, 'human', account.id, person.username, day);
    if (!rng.chance(weekend ? 0.06 : account.type === 'sandbox' ? 0.35 : 0.7)) continue;
    const actions = humanActions(account, person, profile, instances);
    const n = 1 + rng.poisson(busy);
    const atOffice = rng.chance(0.6);
    const ip = atOffice ? person.officeIp : person.homeIp;
    const iamUser = person.iamUser && account.role === 'workload';
    if (iamUser) {
      const actor = iamUserActor(seed, account, person.username, ip, 'AWS Internal');
      const t = workTime(rng, day, person.tz);
      out.push(makeEvent(rng, t, 'us-east-1', 'signin.amazonaws.com', 'ConsoleLogin', { ...actor, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36' }, null, { response: { ConsoleLogin: 'Success' }, additional: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' } }));
    }
    const consoleSession = rng.chance(0.55);
    for (let i = 0; i < n; i++) {
      const action = rng.weighted(actions.map((a) => [a, a.weight] as const));
      const region = regionOf(action.source, rng, account);
      const t = workTime(rng, day, person.tz);
      const actor = iamUser ? iamUserActor(seed, account, person.username, ip, consoleSession ? consoleAgent(action.source) : person.cliUserAgent) : ssoActor(seed, account, person, day, ip, consoleSession, action.source);
      const { request, resources } = paramsFor(action.name, { rng, account, profile, region, instances });
      const denied = rng.chance(0.03);
      out.push(makeEvent(rng, t, region, action.source, action.name, actor, request, denied ? { errorCode: action.source === 'ec2.amazonaws.com' ? 'Client.UnauthorizedOperation' : 'AccessDenied', errorMessage: `User: ${actor.identity.arn} is not authorized to perform: ${action.source.split('.')[0]}:${action.name}` , resources } : { resources }));
    }
    // Switching into a workload role from the SSO session (a same-account AssumeRole, read-only).
    if (!iamUser && rng.chance(0.3)) {
      const actor = ssoActor(seed, account, person, day, ip, false);
      out.push(makeEvent(rng, workTime(rng, day, person.tz), account.regions[0] as string, 'sts.amazonaws.com', 'AssumeRole', actor, { roleArn: `arn:aws:iam::${account.id}:role/${profile.slug}-operator`, roleSessionName: person.username, durationSeconds: 3600 }, { readOnly: true }));
    }
    // A key rotation now and then by people who still have IAM users.
    if (iamUser && rng.chance(0.04)) {
      const actor = iamUserActor(seed, account, person.username, ip, person.cliUserAgent);
      out.push(makeEvent(rng, workTime(rng, day, person.tz), 'us-east-1', 'iam.amazonaws.com', 'CreateAccessKey', actor, { userName: person.username }, { response: { accessKey: { accessKeyId: `AKIA${rng.alnum(16, true)}`, status: 'Active', userName: person.username } } }));
    }
  }

  // CI: GitHub Actions deploys through CloudFormation (CDK), pushing images first.
  if (account.role === 'workload' && account.type !== 'sandbox') {
    const rng = stream(seed, 'ci', account.id, day);
    const deploys = weekend ? (rng.chance(0.1) ? 1 : 0) : rng.poisson(account.type === 'production' ? 1.5 : account.type === 'staging' ? 3 : 4);
    const region = account.regions[0] as string;
    const gh = roleActor(seed, account, 'github-actions-deploy', 'GitHubActions', 'ci', rng.pick(CI_IPS), GITHUB_CLI_UA, day);
    const cfn = { ...roleActor(seed, account, `cdk-hnb659fds-cfn-exec-role-${account.id}-${region}`, 'AWSCloudFormation', 'cloudformation', 'cloudformation.amazonaws.com', 'cloudformation.amazonaws.com', day) };
    for (let d = 0; d < deploys; d++) {
      const t0 = workTime(rng, day, -5);
      const ctx = { rng, account, profile, region, instances };
      const docker = { ...gh, userAgent: DOCKER_UA };
      out.push(makeEvent(rng, t0, region, 'ecr.amazonaws.com', 'InitiateLayerUpload', docker, { repositoryName: `${profile.slug}-api` }));
      out.push(makeEvent(rng, t0 + 20_000, region, 'ecr.amazonaws.com', 'CompleteLayerUpload', docker, { repositoryName: `${profile.slug}-api` }));
      out.push(makeEvent(rng, t0 + 25_000, region, 'ecr.amazonaws.com', 'PutImage', docker, { repositoryName: `${profile.slug}-api`, imageTag: rng.hex(7) }));
      out.push(makeEvent(rng, t0 + 60_000, region, 'cloudformation.amazonaws.com', 'CreateChangeSet', gh, paramsFor('CreateChangeSet', ctx).request));
      out.push(makeEvent(rng, t0 + 90_000, region, 'cloudformation.amazonaws.com', 'ExecuteChangeSet', gh, paramsFor('ExecuteChangeSet', ctx).request));
      const steps = rng.int(1, 4);
      for (let s = 0; s < steps; s++) {
        const name = profile.features.ecs ? rng.pick(['RegisterTaskDefinition', 'UpdateService', 'UpdateFunctionCode20150331v2']) : rng.pick(['UpdateFunctionCode20150331v2', 'UpdateFunctionConfiguration20150331v2', 'PutRolePolicy']);
        const source = name.startsWith('Update') && name.includes('Function') ? 'lambda.amazonaws.com' : name === 'PutRolePolicy' ? 'iam.amazonaws.com' : 'ecs.amazonaws.com';
        out.push(makeEvent(rng, t0 + 120_000 + s * 15_000, source === 'iam.amazonaws.com' ? 'us-east-1' : region, source, name, cfn, paramsFor(name, ctx).request));
      }
    }
  }

  // Terraform applies from CI runners.
  {
    const rng = stream(seed, 'terraform', account.id, day);
    const runs = weekend || account.type === 'sandbox' ? 0 : rng.poisson(account.type === 'production' ? 0.5 : account.role !== 'workload' ? 0.4 : 1.2);
    const tf = roleActor(seed, account, 'terraform-apply', 'terraform', 'terraform', rng.pick(CI_IPS), TERRAFORM_UA, day);
    for (let r = 0; r < runs; r++) {
      const t0 = workTime(rng, day, 0);
      const n = rng.int(3, 12);
      for (let i = 0; i < n; i++) {
        const name = rng.weighted<string>([['CreateTags', 3], ['AuthorizeSecurityGroupIngress', 1], ['PutRolePolicy', 1.5], ['CreateRole', 0.3], ['AttachRolePolicy', 0.6], ['PutBucketPolicy', 0.6], ['CreateLogGroup', 1], ['PutRetentionPolicy', 1], ['PutMetricAlarm', 1.5], ['PutParameter', 1]]);
        const source =
          name.includes('Role') ? 'iam.amazonaws.com' : name.startsWith('PutBucket') ? 's3.amazonaws.com' : name.includes('LogGroup') || name === 'PutRetentionPolicy' ? 'logs.amazonaws.com' : name === 'PutMetricAlarm' ? 'monitoring.amazonaws.com' : name === 'PutParameter' ? 'ssm.amazonaws.com' : 'ec2.amazonaws.com';
        const region = source === 'iam.amazonaws.com' ? 'us-east-1' : (account.regions[0] as string);
        out.push(makeEvent(rng, t0 + i * 4000, region, source, name, { ...tf, userAgent: `${TERRAFORM_UA} api/${source.split('.')[0]}#1.${rng.int(30, 40)}.${rng.int(0, 9)}` }, paramsFor(name, { rng, account, profile, region, instances }).request));
      }
    }
  }

  // Auto Scaling replaces instances; EBS volumes and KMS grants come with them.
  {
    const rng = stream(seed, 'asg', account.id, day);
    const launches = Math.min(th.ec2 - 1, profile.asgs.length > 0 ? rng.poisson(account.type === 'production' ? 2.5 : 1) : account.type !== 'sandbox' && rng.chance(0.1) ? 1 : 0);
    for (let i = 0; i < launches; i++) {
      const asg = profile.asgs[i % Math.max(1, profile.asgs.length)];
      const region = asg?.region ?? (account.regions[0] as string);
      const actor = roleActor(seed, account, 'AWSServiceRoleForAutoScaling', 'AutoScaling', 'service-role', 'autoscaling.amazonaws.com', 'autoscaling.amazonaws.com', day);
      const t = anyTime(rng, day);
      const type = profile.instances.find((s) => s.region === region)?.type ?? 'm6i.large';
      out.push(makeEvent(rng, t, region, 'ec2.amazonaws.com', 'RunInstances', actor, { instancesSet: { items: [{ imageId: `ami-0${rng.hex(16)}`, minCount: 1, maxCount: 1 }] }, instanceType: type, launchTemplate: { launchTemplateId: `lt-0${rng.hex(16)}`, version: '$Latest' }, subnetId: profile.vpcs.find((v) => v.region === region)?.subnets[1]?.id }));
      out.push(makeEvent(rng, t + 2000, region, 'kms.amazonaws.com', 'CreateGrant', serviceActor('ec2.amazonaws.com'), { keyId: `arn:aws:kms:${region}:${account.id}:alias/aws/ebs`, granteePrincipal: `${region}:${account.id}:ebs` }));
      out.push(makeEvent(rng, t + 600_000 + rng.int(0, 3_600_000), region, 'ec2.amazonaws.com', 'TerminateInstances', actor, paramsFor('TerminateInstances', { rng, account, profile, region, instances }).request));
      out.push(makeEvent(rng, t + 30_000, region, 'elasticloadbalancing.amazonaws.com', 'RegisterTargets', { ...actor }, { targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account.id}:targetgroup/${profile.slug}-tg/${rng.hex(16)}`, targets: [{ id: `i-0${rng.hex(16)}` }] }));
    }
    const volumes = Math.min(th.ebs - 1, rng.poisson(account.type === 'production' ? 2 : account.type === 'sandbox' ? 0.1 : 0.6));
    for (let i = 0; i < volumes; i++) {
      const region = account.regions[0] as string;
      const tf = roleActor(seed, account, 'terraform-apply', 'terraform', 'terraform', rng.pick(CI_IPS), `${TERRAFORM_UA} api/ec2#1.177.0`, day);
      out.push(makeEvent(rng, workTime(rng, day, 0), region, 'ec2.amazonaws.com', 'CreateVolume', tf, { size: rng.pick([20, 50, 100, 200]), zone: `${region}a`, volumeType: 'gp3', encrypted: true }));
    }
  }

  // AWS services and agents, all day long.
  {
    const rng = stream(seed, 'services', account.id, day);
    for (const fn of profile.functions) {
      const n = rng.poisson(1.5);
      const fnRole = roleActor(seed, account, `${fn.name}-role`.slice(0, 64), fn.name, 'function', 'lambda.amazonaws.com', LAMBDA_LOGS_UA, day);
      for (let i = 0; i < n; i++) {
        const t = anyTime(rng, day);
        out.push(makeEvent(rng, t, fn.region, 'sts.amazonaws.com', 'AssumeRole', serviceActor('lambda.amazonaws.com'), { roleArn: `arn:aws:iam::${account.id}:role/${fn.name}-role`.slice(0, 120), roleSessionName: fn.name }, { readOnly: true }));
        out.push(makeEvent(rng, t + 900, fn.region, 'logs.amazonaws.com', 'CreateLogStream', fnRole, { logGroupName: `/aws/lambda/${fn.name}`, logStreamName: `${new Date(t).toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${rng.hex(32)}` }));
      }
    }
    for (const inst of instances) {
      if (!inst.slot.ssm || inst.state !== 'running') continue;
      const actor = roleActor(seed, account, `${profile.slug}-ec2-ssm-role`, inst.id, 'instance', inst.privateIp, SSM_AGENT_UA, day);
      actor.vpcEndpointId = `vpce-0${stream(seed, 'vpce', account.id, inst.slot.region).hex(16)}`;
      for (let h = 0; h < 24; h += 6) {
        out.push(makeEvent(rng, day * DAY_MS + (h * 3600 + rng.int(0, 6 * 3600 - 1)) * 1000, inst.slot.region, 'ssm.amazonaws.com', 'UpdateInstanceInformation', actor, { instanceId: inst.id, agentVersion: '3.3.1142.0', platformType: inst.slot.platform, platformName: inst.slot.osName, platformVersion: inst.slot.osVersion, agentStatus: 'Active' }));
      }
    }
    for (const region of account.regions) {
      if (account.securityHub) {
        const n = rng.poisson(account.type === 'production' ? 12 : 5);
        for (let i = 0; i < n; i++) out.push(makeEvent(rng, anyTime(rng, day), region, 'securityhub.amazonaws.com', 'BatchImportFindings', serviceActor('securityhub.amazonaws.com'), { findingsCount: rng.int(1, 40) }));
      }
      if (account.config) {
        const configRole = roleActor(seed, account, 'AWSServiceRoleForConfig', 'AWSConfig-Describe', 'service-role', 'config.amazonaws.com', 'config.amazonaws.com', day);
        const n = rng.poisson(account.type === 'production' ? 8 : 3);
        for (let i = 0; i < n; i++) out.push(makeEvent(rng, anyTime(rng, day), region, 'config.amazonaws.com', 'PutEvaluations', configRole, { evaluations: [{ complianceResourceType: 'AWS::EC2::Instance', complianceType: rng.pick(['COMPLIANT', 'NON_COMPLIANT']) }], testMode: false }));
      }
    }
    // The OrgPulse sender itself runs daily at 01:0x UTC: Lambda assumes its role.
    out.push(makeEvent(rng, day * DAY_MS + 3600_000 + account.collectionOffsetSec * 1000, 'us-east-1', 'sts.amazonaws.com', 'AssumeRole', serviceActor('lambda.amazonaws.com'), { roleArn: `arn:aws:iam::${account.id}:role/orgpulse-sender-role`, roleSessionName: 'orgpulse-sender' }, { readOnly: true }));
    // Backups.
    if (profile.dbs.length > 0) {
      const backup = roleActor(seed, account, 'AWSServiceRoleForBackup', 'AWSBackup-AWSServiceRoleForBackup', 'service-role', 'backup.amazonaws.com', 'backup.amazonaws.com', day);
      for (const db of profile.dbs) out.push(makeEvent(rng, day * DAY_MS + (5 * 3600 + rng.int(0, 3600)) * 1000, db.region, 'rds.amazonaws.com', 'CreateDBSnapshot', backup, { dBSnapshotIdentifier: `awsbackup:job-${rng.uuid()}`, dBInstanceIdentifier: db.id }));
    }
  }

  // The security account's tooling assumes an audit role in every other account each day (cross-account, read-only).
  const security = org.accounts.find((x) => x.role === 'security');
  if (security && security.id !== account.id) {
    const rng = stream(seed, 'audit', account.id, day);
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const actor = crossAccountActor(seed, security.id, 'security-tooling', 'prowler-scan', `198.51.100.${40 + (security.index % 8)}`, 'Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.1.102 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython cfg/retry-mode#adaptive Botocore/1.35.10');
      out.push(makeEvent(rng, day * DAY_MS + (3 * 3600 + i * 8 * 3600 + rng.int(0, 1800)) * 1000, 'us-east-1', 'sts.amazonaws.com', 'AssumeRole', actor, { roleArn: `arn:aws:iam::${account.id}:role/security-audit`, roleSessionName: 'prowler-scan', durationSeconds: 3600 }, { readOnly: true }));
    }
  }
  return out;
}

/** Sorts a day's events oldest first, ties by id (deterministic). */
export function sortEvents(events: TrailEvent[]): TrailEvent[] {
  return events.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
