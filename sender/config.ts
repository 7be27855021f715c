// The sender Lambda's configuration, from its environment (set by the StackSet). Every problem is
// reported at once, naming the variable and what it should hold.
import { defaultSenderConfig, type AccountLabels, type SenderConfig } from './collector.js';
import { isRegionCode, parseRegionList } from './regions.js';

export const SENDER_VERSION = '0.1.0';

export interface HandlerConfig {
  /** Central bucket in the hub account. */
  bucket: string;
  /** The hub's KMS key the snapshots are encrypted with. */
  kmsKeyArn: string;
  /** Region of the bucket (default: the home region; cross-region redirects are followed anyway). */
  bucketRegion: string;
  /** Where the function runs: account-wide collectors and region discovery. */
  homeRegion: string;
  /** Regions to cover; undefined = every enabled region (discovered). */
  regions?: string[];
  collect: SenderConfig;
  senderVersion: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`sender configuration is invalid:\n- ${problems.join('\n- ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Positive integer (or positive number when `fraction`) settings: env name → SenderConfig key. */
const NUMERIC: readonly { env: string; key: keyof Omit<SenderConfig, 'labels'>; what: string; fraction?: boolean }[] = [
  { env: 'ACTIVITY_EVENT_CAP', key: 'activityEventCap', what: 'max security-relevant CloudTrail events per snapshot' },
  { env: 'ACTIVITY_MAX_PAGES', key: 'activityMaxPages', what: 'max LookupEvents pages per region' },
  { env: 'LOOKUP_EVENTS_PER_SECOND', key: 'lookupEventsPerSecond', what: 'LookupEvents requests per second per region (AWS allows 2)', fraction: true },
  { env: 'CONFIG_EVALUATIONS_PER_RULE', key: 'configEvaluationsPerRule', what: 'max Config evaluations per rule' },
  { env: 'COLLECTOR_BUDGET_MS', key: 'collectorBudgetMs', what: 'time budget of one collector in one region, ms' },
  { env: 'CONCURRENCY', key: 'concurrency', what: 'collector runs at once' },
  { env: 'MAX_ATTEMPTS', key: 'maxAttempts', what: 'SDK attempts per call' },
];

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KMS_KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+$/;

export function loadConfig(env: Env = process.env): HandlerConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };

  const bucket = value('BUCKET');
  if (!bucket) problems.push('BUCKET is required: the name of the central snapshot bucket in the hub account');
  else if (!BUCKET_NAME.test(bucket)) problems.push(`BUCKET ${JSON.stringify(bucket)} is not an S3 bucket name (give the name, not an ARN or s3:// URL)`);

  const kmsKeyArn = value('KMS_KEY_ARN');
  if (!kmsKeyArn) problems.push("KMS_KEY_ARN is required: the ARN of the hub's KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID)");
  else if (!KMS_KEY_ARN.test(kmsKeyArn)) problems.push(`KMS_KEY_ARN ${JSON.stringify(kmsKeyArn)} is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID): a bare key id would name a key in this account`);

  const homeRegion = value('AWS_REGION') ?? value('AWS_DEFAULT_REGION') ?? 'us-east-1';
  const bucketRegion = value('BUCKET_REGION') ?? homeRegion;
  if (!isRegionCode(bucketRegion)) problems.push(`BUCKET_REGION ${JSON.stringify(bucketRegion)} is not a region code`);

  let regions: string[] | undefined;
  const regionList = value('REGIONS');
  if (regionList) {
    try {
      regions = parseRegionList(regionList);
      if (regions.length === 0) regions = undefined;
    } catch (error) {
      problems.push(`REGIONS must be a comma-separated list of region codes (or unset for every enabled region): ${(error as Error).message}`);
    }
  }

  const collect: SenderConfig = { ...defaultSenderConfig };
  for (const { env: name, key, what, fraction } of NUMERIC) {
    const raw = value(name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || (!fraction && !Number.isInteger(n))) problems.push(`${name} must be a positive ${fraction ? 'number' : 'integer'} (${what}), got ${JSON.stringify(raw)}`);
    else collect[key] = n;
  }
  const labels: AccountLabels = {};
  const label = (name: string, key: keyof AccountLabels) => {
    const v = value(name);
    if (v) labels[key] = v;
  };
  label('PARTNER', 'partner_name');
  label('CUSTOMER', 'customer_name');
  label('CATEGORY', 'category');
  label('ENVIRONMENT', 'environment');
  if (Object.keys(labels).length > 0) collect.labels = labels;

  if (problems.length > 0) throw new ConfigError(problems);
  return { bucket: bucket!, kmsKeyArn: kmsKeyArn!, bucketRegion, homeRegion, regions, collect, senderVersion: value('SENDER_VERSION') ?? SENDER_VERSION };
}
