// Static facts the world draws from: regions and their usage-type prefixes, on-demand prices,
// product and people names. Prices are us-east-1 on-demand list prices (Linux), rounded.

export interface RegionInfo {
  code: string;
  /** Cost Explorer usage-type prefix. Real CE omits it for some us-east-1 usage types; we always write USE1 so the region can be read back. */
  prefix: string;
  /** Price multiplier relative to us-east-1. */
  priceFactor: number;
  azs: readonly string[];
  /** UTC offset of the people who mostly work in it, hours. */
  tz: number;
}

const az = (region: string, letters = 'abc') => [...letters].map((l) => `${region}${l}`);

export const REGIONS: Readonly<Record<string, RegionInfo>> = {
  'us-east-1': { code: 'us-east-1', prefix: 'USE1', priceFactor: 1, azs: az('us-east-1', 'abcdf'), tz: -5 },
  'us-east-2': { code: 'us-east-2', prefix: 'USE2', priceFactor: 1, azs: az('us-east-2'), tz: -5 },
  'us-west-1': { code: 'us-west-1', prefix: 'USW1', priceFactor: 1.17, azs: az('us-west-1', 'ac'), tz: -8 },
  'us-west-2': { code: 'us-west-2', prefix: 'USW2', priceFactor: 1, azs: az('us-west-2', 'abcd'), tz: -8 },
  'ca-central-1': { code: 'ca-central-1', prefix: 'CAN1', priceFactor: 1.1, azs: az('ca-central-1', 'abd'), tz: -5 },
  'sa-east-1': { code: 'sa-east-1', prefix: 'SAE1', priceFactor: 1.55, azs: az('sa-east-1'), tz: -3 },
  'eu-west-1': { code: 'eu-west-1', prefix: 'EU', priceFactor: 1.1, azs: az('eu-west-1'), tz: 0 },
  'eu-west-2': { code: 'eu-west-2', prefix: 'EUW2', priceFactor: 1.15, azs: az('eu-west-2'), tz: 0 },
  'eu-west-3': { code: 'eu-west-3', prefix: 'EUW3', priceFactor: 1.16, azs: az('eu-west-3'), tz: 1 },
  'eu-central-1': { code: 'eu-central-1', prefix: 'EUC1', priceFactor: 1.15, azs: az('eu-central-1'), tz: 1 },
  'eu-north-1': { code: 'eu-north-1', prefix: 'EUN1', priceFactor: 1.05, azs: az('eu-north-1'), tz: 1 },
  'eu-south-1': { code: 'eu-south-1', prefix: 'EUS1', priceFactor: 1.17, azs: az('eu-south-1'), tz: 1 },
  'me-central-1': { code: 'me-central-1', prefix: 'MEC1', priceFactor: 1.2, azs: az('me-central-1'), tz: 4 },
  'af-south-1': { code: 'af-south-1', prefix: 'AFS1', priceFactor: 1.3, azs: az('af-south-1'), tz: 2 },
  'ap-south-1': { code: 'ap-south-1', prefix: 'APS3', priceFactor: 1.05, azs: az('ap-south-1'), tz: 5 },
  'ap-southeast-1': { code: 'ap-southeast-1', prefix: 'APS1', priceFactor: 1.2, azs: az('ap-southeast-1'), tz: 8 },
  'ap-southeast-2': { code: 'ap-southeast-2', prefix: 'APS2', priceFactor: 1.25, azs: az('ap-southeast-2'), tz: 10 },
  'ap-southeast-3': { code: 'ap-southeast-3', prefix: 'APS4', priceFactor: 1.2, azs: az('ap-southeast-3'), tz: 7 },
  'ap-northeast-1': { code: 'ap-northeast-1', prefix: 'APN1', priceFactor: 1.3, azs: az('ap-northeast-1', 'acd'), tz: 9 },
  'ap-northeast-2': { code: 'ap-northeast-2', prefix: 'APN2', priceFactor: 1.2, azs: az('ap-northeast-2', 'abcd'), tz: 9 },
  'ap-east-1': { code: 'ap-east-1', prefix: 'APE1', priceFactor: 1.35, azs: az('ap-east-1'), tz: 8 },
};

/** Regions enabled by default in every account (what DescribeRegions lists without opt-in regions). */
export const DEFAULT_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
] as const;

/** Regions the organization normally works in (home and secondary regions are drawn from these). */
export const WORK_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'us-east-2', 'ap-southeast-2', 'ap-northeast-1', 'ca-central-1'] as const;

/** Regions nobody in the organization uses: where "never-seen region" anomalies happen. */
export const UNUSED_REGIONS = ['sa-east-1', 'ap-southeast-1', 'ap-south-1', 'me-central-1', 'af-south-1', 'ap-southeast-3', 'eu-south-1', 'ap-east-1', 'eu-north-1'] as const;

export function regionInfo(region: string): RegionInfo {
  const info = REGIONS[region];
  if (!info) throw new Error(`unknown region ${region}`);
  return info;
}

export const EC2_PRICES: Readonly<Record<string, number>> = {
  't3.micro': 0.0104, 't3.small': 0.0208, 't3.medium': 0.0416, 't3.large': 0.0832, 't3.xlarge': 0.1664,
  't4g.medium': 0.0336, 't4g.large': 0.0672,
  'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm6i.2xlarge': 0.384,
  'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'c5.large': 0.085, 'c5.xlarge': 0.17, 'c5.2xlarge': 0.34, 'c6g.large': 0.068,
  'c6g.xlarge': 0.136, 'c7g.2xlarge': 0.289, 'r5.large': 0.126, 'r5.xlarge': 0.252, 'r6g.large': 0.1008, 'r6g.xlarge': 0.2016,
  'g4dn.xlarge': 0.526, 'g5.xlarge': 1.006, 'p3.2xlarge': 3.06, 'p3.8xlarge': 12.24, 'g5.12xlarge': 5.672, 'c5.24xlarge': 4.08,
  'c5.18xlarge': 3.06, 'g4dn.12xlarge': 3.912, 'm6i.4xlarge': 0.768, 'r6g.2xlarge': 0.4032, 'c6g.4xlarge': 0.544, 'm7g.2xlarge': 0.3264,
  'r5.2xlarge': 0.504, 'c5.4xlarge': 0.68, 'c6g.2xlarge': 0.272,
};

/** vCPU and memory (MiB) of the instance types, for Compute Optimizer and inventory. */
export const EC2_SHAPES: Readonly<Record<string, { vcpu: number; memory: number; arch: 'x86_64' | 'arm64' }>> = {
  't3.micro': { vcpu: 2, memory: 1024, arch: 'x86_64' }, 't3.small': { vcpu: 2, memory: 2048, arch: 'x86_64' },
  't3.medium': { vcpu: 2, memory: 4096, arch: 'x86_64' }, 't3.large': { vcpu: 2, memory: 8192, arch: 'x86_64' },
  't3.xlarge': { vcpu: 4, memory: 16384, arch: 'x86_64' }, 't4g.medium': { vcpu: 2, memory: 4096, arch: 'arm64' },
  't4g.large': { vcpu: 2, memory: 8192, arch: 'arm64' }, 'm5.large': { vcpu: 2, memory: 8192, arch: 'x86_64' },
  'm5.xlarge': { vcpu: 4, memory: 16384, arch: 'x86_64' }, 'm5.2xlarge': { vcpu: 8, memory: 32768, arch: 'x86_64' },
  'm6i.large': { vcpu: 2, memory: 8192, arch: 'x86_64' }, 'm6i.xlarge': { vcpu: 4, memory: 16384, arch: 'x86_64' },
  'm6i.2xlarge': { vcpu: 8, memory: 32768, arch: 'x86_64' }, 'm7g.large': { vcpu: 2, memory: 8192, arch: 'arm64' },
  'm7g.xlarge': { vcpu: 4, memory: 16384, arch: 'arm64' }, 'c5.large': { vcpu: 2, memory: 4096, arch: 'x86_64' },
  'c5.xlarge': { vcpu: 4, memory: 8192, arch: 'x86_64' }, 'c5.2xlarge': { vcpu: 8, memory: 16384, arch: 'x86_64' },
  'c6g.large': { vcpu: 2, memory: 4096, arch: 'arm64' }, 'c6g.xlarge': { vcpu: 4, memory: 8192, arch: 'arm64' },
  'c7g.2xlarge': { vcpu: 8, memory: 16384, arch: 'arm64' }, 'r5.large': { vcpu: 2, memory: 16384, arch: 'x86_64' },
  'r5.xlarge': { vcpu: 4, memory: 32768, arch: 'x86_64' }, 'r6g.large': { vcpu: 2, memory: 16384, arch: 'arm64' },
  'r6g.xlarge': { vcpu: 4, memory: 32768, arch: 'arm64' }, 'g4dn.xlarge': { vcpu: 4, memory: 16384, arch: 'x86_64' },
  'g5.xlarge': { vcpu: 4, memory: 16384, arch: 'x86_64' }, 'p3.2xlarge': { vcpu: 8, memory: 62464, arch: 'x86_64' },
  'p3.8xlarge': { vcpu: 32, memory: 249856, arch: 'x86_64' }, 'g5.12xlarge': { vcpu: 48, memory: 196608, arch: 'x86_64' },
  'c5.24xlarge': { vcpu: 96, memory: 196608, arch: 'x86_64' }, 'c5.18xlarge': { vcpu: 72, memory: 147456, arch: 'x86_64' },
  'g4dn.12xlarge': { vcpu: 48, memory: 196608, arch: 'x86_64' }, 'm6i.4xlarge': { vcpu: 16, memory: 65536, arch: 'x86_64' },
  'r6g.2xlarge': { vcpu: 8, memory: 65536, arch: 'arm64' }, 'c6g.4xlarge': { vcpu: 16, memory: 32768, arch: 'arm64' },
  'm7g.2xlarge': { vcpu: 8, memory: 32768, arch: 'arm64' }, 'r5.2xlarge': { vcpu: 8, memory: 65536, arch: 'x86_64' },
  'c5.4xlarge': { vcpu: 16, memory: 32768, arch: 'x86_64' }, 'c6g.2xlarge': { vcpu: 8, memory: 16384, arch: 'arm64' },
};

/** Instance types that show up in bursts: GPU and compute-heavy, what cryptomining and runaway jobs launch. */
export const BURST_INSTANCE_TYPES = ['p3.2xlarge', 'p3.8xlarge', 'g5.12xlarge', 'c5.24xlarge', 'c5.18xlarge', 'g4dn.12xlarge'] as const;

export const RDS_PRICES: Readonly<Record<string, number>> = {
  'db.t3.medium': 0.068, 'db.t4g.medium': 0.065, 'db.m6g.large': 0.152, 'db.r6g.large': 0.26, 'db.r6g.xlarge': 0.519, 'db.r5.large': 0.25,
};

export const PRODUCTS = [
  'Payments', 'Checkout', 'Catalog', 'Search', 'Identity', 'Analytics', 'Data Platform', 'Mobile API', 'Notifications', 'Billing',
  'Shipping', 'Recommendations', 'Support Portal', 'Marketing Site', 'ML Platform', 'Inventory', 'Pricing', 'Loyalty', 'Reviews',
  'Partner API', 'Fraud', 'Ledger', 'Reporting', 'Media', 'Messaging', 'Scheduling', 'Onboarding', 'Documents', 'Maps', 'Telemetry',
  'Edge', 'Gateway', 'Warehouse', 'Returns', 'Subscriptions', 'Tax', 'Compliance', 'Streaming', 'Workflow', 'Integrations',
] as const;

export const FIRST_NAMES = [
  'jane', 'john', 'maria', 'wei', 'aisha', 'lucas', 'sofia', 'omar', 'emma', 'noah', 'priya', 'mateo', 'yuki', 'lena', 'kofi',
  'ana', 'david', 'fatima', 'li', 'olga', 'pierre', 'sara', 'tomas', 'ines', 'ravi', 'chen', 'nina', 'arjun', 'clara', 'hugo',
  'mei', 'ivan', 'zoe', 'samuel', 'elif', 'jonas', 'amara', 'felix', 'lara', 'diego',
] as const;

export const LAST_NAMES = [
  'doe', 'smith', 'garcia', 'zhang', 'khan', 'silva', 'rossi', 'haddad', 'muller', 'kim', 'patel', 'lopez', 'tanaka', 'novak',
  'mensah', 'costa', 'cohen', 'ali', 'wang', 'ivanova', 'martin', 'nilsson', 'horvat', 'ferreira', 'iyer', 'liu', 'berg', 'rao',
  'weber', 'dubois', 'sato', 'petrov', 'brown', 'okafor', 'yilmaz', 'larsen', 'adeyemi', 'schmidt', 'moreau', 'reyes',
] as const;

export const CITIES = [
  { city: 'Seattle', state: 'WA', postal: '98101', country: 'US', phone: '+1-206-555-01' },
  { city: 'Austin', state: 'TX', postal: '78701', country: 'US', phone: '+1-512-555-01' },
  { city: 'New York', state: 'NY', postal: '10001', country: 'US', phone: '+1-212-555-01' },
  { city: 'Dublin', state: 'Dublin', postal: 'D02 X285', country: 'IE', phone: '+353-1-555-01' },
  { city: 'Berlin', state: 'Berlin', postal: '10115', country: 'DE', phone: '+49-30-5550-1' },
] as const;
