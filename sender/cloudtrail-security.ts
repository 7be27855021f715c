// Which CloudTrail events are security-relevant (kept one by one in `activity.events` for sequence
// detection), and which of their request parameters name the resources involved. The subset is
// defined here and only here.

/** The parts of a CloudTrail record (the `CloudTrailEvent` JSON of LookupEvents) that we read. */
export interface TrailRecord {
  eventID?: string;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  readOnly?: boolean;
  userIdentity?: { type?: string; arn?: string; accountId?: string; invokedBy?: string };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown> | null;
}

/**
 * The security-relevant subset, per event source: '*' = every write event of that service.
 * - IAM: every write (users, roles, policies, keys, MFA …) and every Organizations write;
 * - CloudTrail / Config: anything that stops or narrows recording;
 * - KMS: key deletion, disabling, policy and grant changes;
 * - S3: bucket policy / ACL / Block Public Access changes (bucket and account level);
 * - EC2: snapshot and AMI sharing, security group ingress;
 * - console sign-ins; STS AssumeRole by anything but an AWS service (role use after CreateRole /
 *   AttachRolePolicy is the last step of an escalation; cross-account use is flagged by
 *   isCrossAccountAssumeRole). Service role assumptions (Lambda, ECS …) are routine and left out.
 */
export const SECURITY_EVENTS: Readonly<Record<string, '*' | readonly string[]>> = {
  'iam.amazonaws.com': '*',
  'organizations.amazonaws.com': '*',
  'cloudtrail.amazonaws.com': ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
  'config.amazonaws.com': ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteConfigRule', 'DeleteOrganizationConfigRule', 'DeleteDeliveryChannel'],
  'kms.amazonaws.com': ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy', 'CreateGrant'],
  's3.amazonaws.com': [
    'PutBucketPolicy',
    'DeleteBucketPolicy',
    'PutBucketAcl',
    // the API is Put/DeletePublicAccessBlock; CloudTrail names the bucket-level events like this
    'PutBucketPublicAccessBlock',
    'DeleteBucketPublicAccessBlock',
    'PutAccountPublicAccessBlock',
    'DeleteAccountPublicAccessBlock',
  ],
  'ec2.amazonaws.com': ['ModifySnapshotAttribute', 'ModifyImageAttribute', 'AuthorizeSecurityGroupIngress'],
  'signin.amazonaws.com': ['ConsoleLogin'],
  'sts.amazonaws.com': ['AssumeRole'],
};

const ROLE_ACCOUNT = /^arn:[\w-]+:iam::(\d{12}):/;

/** AssumeRole of a role in another account than the caller's (either direction). */
export function isCrossAccountAssumeRole(r: TrailRecord): boolean {
  if (r.eventSource !== 'sts.amazonaws.com' || r.eventName !== 'AssumeRole') return false;
  const roleArn = r.requestParameters?.roleArn;
  const roleAccount = typeof roleArn === 'string' ? ROLE_ACCOUNT.exec(roleArn)?.[1] : undefined;
  const caller = r.userIdentity?.accountId;
  return roleAccount !== undefined && caller !== undefined && /^\d{12}$/.test(caller) && caller !== roleAccount;
}

export function isSecurityRelevant(r: TrailRecord): boolean {
  if (!r.eventSource || !r.eventName) return false;
  const names = SECURITY_EVENTS[r.eventSource];
  if (names === undefined) return false;
  if (r.eventSource === 'sts.amazonaws.com') return isCrossAccountAssumeRole(r) || (r.eventName === 'AssumeRole' && r.userIdentity?.type !== 'AWSService');
  if (names === '*') return r.readOnly !== true;
  return names.includes(r.eventName);
}

/** Request parameters kept verbatim when present: the ones that name a resource or a principal. */
const RESOURCE_PARAMETERS = [
  'userName',
  'roleName',
  'groupName',
  'policyArn',
  'policyName',
  'instanceProfileName',
  'serialNumber',
  'roleArn',
  'roleSessionName',
  'sourceIdentity',
  'bucketName',
  'keyId',
  'granteePrincipal',
  'retiringPrincipal',
  'pendingWindowInDays',
  'snapshotId',
  'imageId',
  'attributeType',
  'groupId',
  'cidrIp',
  'ipProtocol',
  'fromPort',
  'toPort',
  'name',
  'trailName',
  'configRuleName',
  'configurationRecorderName',
  'deliveryChannelName',
  'accountId',
  'targetId',
  'policyId',
  'organizationalUnitId',
  'parentId',
] as const;

const MAX_VALUE = 2048;

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.slice(0, MAX_VALUE);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',').slice(0, MAX_VALUE);
  return undefined;
}

function items(v: unknown): Record<string, unknown>[] {
  const list = (v as { items?: unknown } | undefined)?.items;
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}

/** "tcp 22-22 from 0.0.0.0/0,::/0; -1 all from sg-123" */
function ipPermissionsSummary(v: unknown): string | undefined {
  const rules = items(v).map((p) => {
    const proto = String(p.ipProtocol ?? '?');
    const ports = p.fromPort === undefined ? 'all' : `${String(p.fromPort)}-${String(p.toPort ?? p.fromPort)}`;
    const sources = [
      ...items(p.ipRanges).map((r) => r.cidrIp),
      ...items(p.ipv6Ranges).map((r) => r.cidrIpv6),
      ...items(p.groups).map((g) => g.groupId),
      ...items(p.prefixListIds).map((l) => l.prefixListId),
    ].filter((s): s is string => typeof s === 'string');
    return `${proto} ${ports} from ${sources.join(',') || '?'}`;
  });
  return rules.length > 0 ? rules.join('; ').slice(0, MAX_VALUE) : undefined;
}

/** Snapshot/AMI permission changes: "all" means public; otherwise the account ids. */
function permissionTargets(v: unknown): string | undefined {
  const targets = items(v).map((i) => (typeof i.group === 'string' ? i.group : typeof i.userId === 'string' ? i.userId : undefined)).filter((s): s is string => !!s);
  return targets.length > 0 ? targets.join(',') : undefined;
}

/** The request parameters (and a few response facts) that name what the event touched. */
export function resourcesOf(r: TrailRecord): Record<string, string> {
  const out: Record<string, string> = {};
  const params = r.requestParameters ?? {};
  for (const key of RESOURCE_PARAMETERS) {
    const value = scalar(params[key]);
    if (value !== undefined) out[key] = value;
  }
  const perms = ipPermissionsSummary(params.ipPermissions);
  if (perms) out.ipPermissions = perms;
  for (const attr of ['createVolumePermission', 'launchPermission'] as const) {
    const change = params[attr] as { add?: unknown; remove?: unknown } | undefined;
    const added = permissionTargets(change?.add);
    const removed = permissionTargets(change?.remove);
    if (added) out.sharedWith = added;
    if (removed) out.unsharedFrom = removed;
  }
  const block = params.PublicAccessBlockConfiguration ?? params.publicAccessBlock;
  if (block && typeof block === 'object') {
    out.publicAccessBlock = Object.entries(block as Record<string, unknown>)
      .filter(([k]) => k !== 'xmlns')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(',');
  }
  if (r.eventName === 'PutBucketPolicy') {
    const policy = JSON.stringify(params.bucketPolicy ?? '');
    if (/"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*"\*")/.test(policy)) out.publicPrincipal = 'true';
  }
  const operations = scalar(params.operations);
  if (operations) out.operations = operations;
  const accessKeyId = (r.responseElements?.accessKey as { accessKeyId?: unknown } | undefined)?.accessKeyId;
  if (typeof accessKeyId === 'string') out.accessKeyId = accessKeyId;
  if (r.eventName === 'ConsoleLogin') {
    const result = scalar(r.responseElements?.ConsoleLogin);
    const mfa = scalar(r.additionalEventData?.MFAUsed);
    if (result) out.result = result;
    if (mfa) out.mfaUsed = mfa;
  }
  return out;
}
