// The regions a snapshot covers: every region enabled for the account, unless configured.
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { ClientFactory } from './clients.js';

/** Whether the value is an AWS region code ("eu-west-1"). */
export function isRegionCode(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}

/** Opt-in statuses of regions the account can use. */
const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

/** EC2 DescribeRegions (AllRegions, so the opt-in status is explicit), enabled ones only, sorted. */
export async function discoverRegions(clientFactory: ClientFactory, homeRegion: string): Promise<string[]> {
  const ec2 = clientFactory(EC2Client, homeRegion);
  try {
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    return (out.Regions ?? [])
      .filter((r) => r.RegionName && ENABLED.has(r.OptInStatus ?? ''))
      .map((r) => r.RegionName!)
      .sort();
  } finally {
    ec2.destroy();
  }
}

/** "eu-west-1, us-east-1" → ['eu-west-1', 'us-east-1']; throws on anything that is not a region code. */
export function parseRegionList(value: string): string[] {
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = regions.filter((r) => !isRegionCode(r));
  if (bad.length > 0) throw new Error(`not region codes: ${bad.join(', ')}`);
  return [...new Set(regions)];
}
