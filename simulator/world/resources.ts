// What exists on a given day: each slot of the profile holds one resource per epoch; ephemeral
// slots hold it for part of each epoch. O(slots) per day, no history needed.
import { stream } from '../rng.js';
import { DAY_MS, isWeekend } from '../dates.js';
import type { AccountProfile, BucketSpec, FunctionSpec, InstanceSlot, OrphanVolumeSlot } from './profile.js';

export interface Epoch {
  index: number;
  startDay: number;
  /** Position within the epoch, 0..1. */
  position: number;
}

export function epochOf(day: number, epochLen: number, offset: number): Epoch {
  const index = Math.floor((day + offset) / epochLen);
  const startDay = index * epochLen - offset;
  return { index, startDay, position: (day - startDay) / epochLen };
}

function present(epoch: Epoch, presence: readonly [number, number]): boolean {
  return epoch.position >= presence[0] && epoch.position < presence[1];
}

export interface InstanceState {
  slot: InstanceSlot;
  id: string;
  launchTime: Date;
  state: 'running' | 'stopped';
  privateIp: string;
  publicIp?: string;
  amiId: string;
  rootVolumeId: string;
  dataVolumeId?: string;
  /** Days since launch. */
  ageDays: number;
}

export interface VolumeState {
  id: string;
  region: string;
  az: string;
  sizeGb: number;
  volumeType: string;
  state: 'in-use' | 'available';
  instanceId?: string;
  created: Date;
  encrypted: boolean;
  iops?: number;
}

export function instanceInSlot(seed: string, accountId: string, slot: InstanceSlot, day: number): InstanceState | undefined {
  const epoch = epochOf(day, slot.epochLen, slot.offset);
  if (slot.kind === 'ephemeral' && !present(epoch, slot.presence)) return undefined;
  const rng = stream(seed, 'instance', accountId, slot.slot, epoch.index);
  const firstDay = slot.kind === 'ephemeral' ? epoch.startDay + Math.ceil(slot.presence[0] * slot.epochLen) : epoch.startDay;
  const launchTime = new Date(firstDay * DAY_MS + rng.int(6 * 3600, 20 * 3600) * 1000);
  const id = `i-0${rng.hex(16)}`;
  const cidrBase = slot.publicIp ? 0 : 64;
  return {
    slot,
    id,
    launchTime,
    state: slot.stoppedOnWeekends && isWeekend(day) ? 'stopped' : 'running',
    privateIp: `10.${(slot.slot * 7) % 200 + 10}.${cidrBase + rng.int(0, 15)}.${rng.int(4, 250)}`,
    publicIp: slot.publicIp ? `${rng.pick(['3', '18', '34', '52', '54'])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : undefined,
    amiId: `ami-0${rng.hex(16)}`,
    rootVolumeId: `vol-0${rng.hex(16)}`,
    dataVolumeId: slot.dataGb > 0 ? `vol-0${rng.hex(16)}` : undefined,
    ageDays: day - firstDay,
  };
}

export function instancesAt(seed: string, profile: AccountProfile, day: number): InstanceState[] {
  const out: InstanceState[] = [];
  for (const slot of profile.instances) {
    const i = instanceInSlot(seed, profile.account.id, slot, day);
    if (i) out.push(i);
  }
  return out;
}

function orphanVolumeAt(seed: string, accountId: string, v: OrphanVolumeSlot, day: number): VolumeState | undefined {
  const epoch = epochOf(day, v.epochLen, v.offset);
  if (!present(epoch, v.presence)) return undefined;
  const rng = stream(seed, 'orphan-volume', accountId, v.slot, epoch.index);
  return {
    id: `vol-0${rng.hex(16)}`,
    region: v.region,
    az: v.az,
    sizeGb: v.sizeGb,
    volumeType: v.volumeType,
    state: 'available',
    created: new Date((epoch.startDay + Math.ceil(v.presence[0] * v.epochLen)) * DAY_MS + rng.int(0, 86_399) * 1000),
    encrypted: rng.chance(0.8),
    iops: v.volumeType === 'io2' ? 3000 : undefined,
  };
}

export function volumesAt(seed: string, profile: AccountProfile, instances: readonly InstanceState[], day: number): VolumeState[] {
  const out: VolumeState[] = [];
  for (const i of instances) {
    out.push({ id: i.rootVolumeId, region: i.slot.region, az: i.slot.az, sizeGb: i.slot.rootGb, volumeType: 'gp3', state: 'in-use', instanceId: i.id, created: i.launchTime, encrypted: i.slot.imdsV2 || i.slot.slot % 5 !== 0 });
    if (i.dataVolumeId) out.push({ id: i.dataVolumeId, region: i.slot.region, az: i.slot.az, sizeGb: i.slot.dataGb, volumeType: i.slot.slot % 4 === 0 ? 'gp2' : 'gp3', state: 'in-use', instanceId: i.id, created: i.launchTime, encrypted: true });
  }
  for (const v of profile.orphanVolumes) {
    const s = orphanVolumeAt(seed, profile.account.id, v, day);
    if (s) out.push(s);
  }
  return out;
}

export interface BucketState {
  spec: BucketSpec;
  name: string;
  created: Date;
}

export function bucketsAt(seed: string, profile: AccountProfile, day: number): BucketState[] {
  const out: BucketState[] = [];
  for (const b of profile.buckets) {
    if (!b.temp) {
      out.push({ spec: b, name: b.name, created: b.created });
      continue;
    }
    const epoch = epochOf(day, b.temp.epochLen, b.temp.offset);
    if (!present(epoch, b.temp.presence)) continue;
    const rng = stream(seed, 'bucket', profile.account.id, b.name, epoch.index);
    const created = new Date((epoch.startDay + Math.ceil(b.temp.presence[0] * b.temp.epochLen)) * DAY_MS + rng.int(0, 86_399) * 1000);
    out.push({ spec: b, name: `${b.name.slice(0, 56)}-${rng.alnum(6)}`, created });
  }
  return out;
}

/** When a function was last deployed, on or before `day` (deploys follow a steady cadence). */
export function lastDeployed(seed: string, accountId: string, fn: FunctionSpec, day: number): Date {
  const interval = Math.max(1, Math.round(7 / fn.deploysPerWeek));
  const phase = Math.floor(stream(seed, 'deploy-phase', accountId, fn.name).float() * interval);
  const deployDay = Math.floor((day - phase) / interval) * interval + phase;
  const created = Math.floor(fn.created.getTime() / DAY_MS);
  const d = Math.max(created, deployDay);
  const rng = stream(seed, 'deploy', accountId, fn.name, d);
  return new Date(d * DAY_MS + rng.int(8 * 3600, 19 * 3600) * 1000);
}
