// SSM inventory: managed nodes with their patch summary, and per node its installed applications
// and patches (each tied to its own node; the seed attached them all to the first one). Full state, per region.
import {
  ListInventoryEntriesCommand,
  SSMClient,
  paginateDescribeInstanceInformation,
  paginateDescribeInstancePatchStates,
  paginateDescribeInstancePatches,
  type InstanceInformation,
  type InstancePatchState,
} from '@aws-sdk/client-ssm';
import type { z } from 'zod';
import type { installedApplication, instancePatch, inventorySection, managedInstance } from '../../snapshot/index.js';
import { concatFields, type Collector, type CollectContext } from '../collector.js';
import { pagesOf } from '../pagination.js';
import { chunk, countOrNull, errorName, isoTime, mapBounded, softDeadline, uniqueBy } from './common.js';

type ManagedInstance = z.input<typeof managedInstance>;
type InstalledApplication = z.input<typeof installedApplication>;
type InstancePatch = z.input<typeof instancePatch>;
type InventoryPart = { instances: ManagedInstance[]; applications: InstalledApplication[]; patches: InstancePatch[] };

/** Per-node detail calls in flight (SSM throttles ListInventoryEntries and DescribeInstancePatches per account). */
const INSTANCE_CONCURRENCY = 5;
/** API maxima: DescribeInstanceInformation and DescribeInstancePatchStates take 50, ListInventoryEntries 50, DescribeInstancePatches 100. */
const INFO_PAGE = 50;
const PATCH_STATES_BATCH = 50;
const ENTRIES_PAGE = 50;
const PATCHES_PAGE = 100;

/**
 * Patch states that need attention, then the installed ones; NOT_APPLICABLE (often over a thousand
 * per node) is only counted, in patch_summary. The State filter takes the display spelling
 * ("InstalledPendingReboot"), not the upper-case value the API returns.
 */
const PATCH_PASSES: { filter: string[]; summary: (s: InstancePatchState) => number }[] = [
  {
    filter: ['Missing', 'Failed', 'InstalledPendingReboot', 'InstalledRejected', 'AvailableSecurityUpdate'],
    summary: (s) => (s.MissingCount ?? 0) + (s.FailedCount ?? 0) + (s.InstalledPendingRebootCount ?? 0) + (s.InstalledRejectedCount ?? 0) + (s.AvailableSecurityUpdateCount ?? 0),
  },
  { filter: ['Installed', 'InstalledOther'], summary: (s) => (s.InstalledCount ?? 0) + (s.InstalledOtherCount ?? 0) },
];
const PATCH_STATES = new Set<string>(['INSTALLED', 'INSTALLED_OTHER', 'INSTALLED_PENDING_REBOOT', 'INSTALLED_REJECTED', 'MISSING', 'NOT_APPLICABLE', 'FAILED', 'AVAILABLE_SECURITY_UPDATE']);

function text(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function instanceRow(i: InstanceInformation & { InstanceId: string }, region: string, state: InstancePatchState | undefined): ManagedInstance {
  return {
    instance_id: i.InstanceId,
    region,
    resource_type: i.ResourceType ?? null,
    computer_name: text(i.ComputerName),
    ip_address: text(i.IPAddress),
    platform_type: i.PlatformType === 'Windows' || i.PlatformType === 'Linux' || i.PlatformType === 'MacOS' ? i.PlatformType : null,
    platform_name: text(i.PlatformName),
    platform_version: text(i.PlatformVersion),
    agent_version: text(i.AgentVersion),
    is_latest_version: i.IsLatestVersion ?? null,
    ping_status: i.PingStatus === 'Online' || i.PingStatus === 'ConnectionLost' || i.PingStatus === 'Inactive' ? i.PingStatus : null,
    last_ping_at: isoTime(i.LastPingDateTime),
    association_status: text(i.AssociationStatus),
    last_association_execution_at: isoTime(i.LastAssociationExecutionDate),
    last_successful_association_at: isoTime(i.LastSuccessfulAssociationExecutionDate),
    patch_summary: state
      ? {
          installed: countOrNull(state.InstalledCount) ?? 0,
          installed_other: countOrNull(state.InstalledOtherCount) ?? 0,
          installed_pending_reboot: countOrNull(state.InstalledPendingRebootCount) ?? 0,
          installed_rejected: countOrNull(state.InstalledRejectedCount) ?? 0,
          missing: countOrNull(state.MissingCount) ?? 0,
          failed: countOrNull(state.FailedCount) ?? 0,
          not_applicable: countOrNull(state.NotApplicableCount) ?? 0,
          operation: state.Operation === 'Scan' || state.Operation === 'Install' ? state.Operation : null,
          operation_end_time: isoTime(state.OperationEndTime),
          baseline_id: text(state.BaselineId),
        }
      : null,
  };
}

/** A node that went away between the listing and the detail call has nothing to report. */
function isGoneInstance(error: unknown): boolean {
  return errorName(error) === 'InvalidInstanceId';
}

interface Details {
  applications: InstalledApplication[];
  patches: InstancePatch[];
  applicationsCapped: boolean;
  patchesCapped: boolean;
  unknownPatchStates: number;
  patchesShort: boolean;
}

async function applicationsOf(ssm: SSMClient, instanceId: string, cap: number): Promise<{ rows: InstalledApplication[]; capped: boolean }> {
  const rows: InstalledApplication[] = [];
  // ListInventoryEntries has no SDK paginator.
  const pages = pagesOf(
    (NextToken) => ssm.send(new ListInventoryEntriesCommand({ InstanceId: instanceId, TypeName: 'AWS:Application', MaxResults: ENTRIES_PAGE, NextToken })),
    (page) => page.NextToken,
  );
  for await (const page of pages) {
    for (const e of page.Entries ?? []) {
      const name = e.Name?.trim();
      if (!name) continue;
      rows.push({
        instance_id: instanceId,
        name: name.slice(0, 512),
        version: text(e.Version),
        publisher: text(e.Publisher),
        architecture: text(e.Architecture),
        application_type: text(e.ApplicationType),
        install_time: isoTime(e.InstalledTime),
      });
    }
    if (rows.length >= cap) return { rows: rows.slice(0, cap), capped: rows.length > cap || Boolean(page.NextToken) };
  }
  return { rows, capped: false };
}

async function patchesOf(ssm: SSMClient, instanceId: string, summary: InstancePatchState, cap: number): Promise<{ rows: InstancePatch[]; capped: boolean; unknown: number; short: boolean }> {
  const rows: InstancePatch[] = [];
  let unknown = 0;
  let short = false;
  for (const [i, pass] of PATCH_PASSES.entries()) {
    const before = rows.length + unknown;
    for await (const page of paginateDescribeInstancePatches({ client: ssm, pageSize: PATCHES_PAGE }, { InstanceId: instanceId, Filters: [{ Key: 'State', Values: pass.filter }] })) {
      for (const p of page.Patches ?? []) {
        if (!p.KBId || !p.State) continue;
        if (!PATCH_STATES.has(p.State)) {
          unknown++;
          continue;
        }
        const installed = p.State.startsWith('INSTALLED');
        rows.push({
          instance_id: instanceId,
          kb_id: p.KBId,
          title: p.Title ?? p.KBId,
          classification: text(p.Classification),
          severity: text(p.Severity),
          state: p.State as InstancePatch['state'],
          // SSM reports epoch 0 as the install time of patches that are not installed.
          installed_time: installed && p.InstalledTime && p.InstalledTime.getTime() > 0 ? isoTime(p.InstalledTime) : null,
        });
      }
      if (rows.length >= cap) {
        const capped = rows.length > cap || Boolean(page.NextToken) || i < PATCH_PASSES.length - 1;
        return { rows: rows.slice(0, cap), capped, unknown, short };
      }
    }
    // The summary comes from the same scan: fewer details than it counts means some were not returned.
    if (rows.length + unknown - before < pass.summary(summary)) short = true;
  }
  return { rows, capped: false, unknown, short };
}

async function detailsOf(ctx: CollectContext, ssm: SSMClient, instanceId: string, patchState: InstancePatchState | undefined): Promise<Details> {
  const [apps, patches] = await Promise.all([
    applicationsOf(ssm, instanceId, ctx.config.inventoryApplicationsPerInstance).catch((e: unknown) => {
      if (isGoneInstance(e)) return { rows: [], capped: false };
      throw e;
    }),
    // A node that was never scanned has no patch data; don't spend a call on it.
    patchState
      ? patchesOf(ssm, instanceId, patchState, ctx.config.inventoryPatchesPerInstance).catch((e: unknown) => {
          if (isGoneInstance(e)) return { rows: [], capped: false, unknown: 0, short: false };
          throw e;
        })
      : { rows: [], capped: false, unknown: 0, short: false },
  ]);
  return { applications: apps.rows, patches: patches.rows, applicationsCapped: apps.capped, patchesCapped: patches.capped, unknownPatchStates: patches.unknown, patchesShort: patches.short };
}

function report(ctx: CollectContext, details: (Details | undefined)[], skipped: number): void {
  const count = (f: (d: Details) => boolean) => details.filter((d) => d && f(d)).length;
  const appsCapped = count((d) => d.applicationsCapped);
  const patchesCapped = count((d) => d.patchesCapped);
  const unknown = details.reduce((n, d) => n + (d?.unknownPatchStates ?? 0), 0);
  const short = count((d) => d.patchesShort);
  if (appsCapped) ctx.markTruncated(`inventory: applications capped at ${ctx.config.inventoryApplicationsPerInstance} per instance on ${appsCapped} instance(s)`);
  if (patchesCapped) ctx.markTruncated(`inventory: patches capped at ${ctx.config.inventoryPatchesPerInstance} per instance on ${patchesCapped} instance(s)`);
  if (unknown) ctx.markTruncated(`inventory: ${unknown} patch(es) with a state the contract does not know were left out`);
  if (short) ctx.markTruncated(`inventory: fewer patches returned than the patch summary counts on ${short} instance(s)`);
  if (skipped) ctx.markTruncated(`inventory: applications and patches of ${skipped} instance(s) not read before the time budget ran low`);
}

export const inventoryCollector: Collector<InventoryPart, z.input<typeof inventorySection>> = {
  name: 'inventory',
  target: { section: 'inventory' },
  scope: 'regional',
  api: ['ssm:DescribeInstanceInformation', 'ssm:DescribeInstancePatchStates', 'ssm:ListInventoryEntries', 'ssm:DescribeInstancePatches'],
  timeSeries: false,
  granularities: ['DAILY'],
  async collect(ctx) {
    const ssm = ctx.client(SSMClient);
    const infos: (InstanceInformation & { InstanceId: string })[] = [];
    for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: INFO_PAGE }, {})) {
      for (const i of page.InstanceInformationList ?? []) if (i.InstanceId) infos.push(i as InstanceInformation & { InstanceId: string });
    }
    const nodes = uniqueBy(infos, (i) => i.InstanceId);

    const states = new Map<string, InstancePatchState>();
    for (const ids of chunk(nodes.map((i) => i.InstanceId), PATCH_STATES_BATCH)) {
      for await (const page of paginateDescribeInstancePatchStates({ client: ssm, pageSize: PATCH_STATES_BATCH }, { InstanceIds: ids })) {
        for (const s of page.InstancePatchStates ?? []) if (s.InstanceId) states.set(s.InstanceId, s);
      }
    }

    const { results, skipped } = await mapBounded(nodes, INSTANCE_CONCURRENCY, (i) => detailsOf(ctx, ssm, i.InstanceId, states.get(i.InstanceId)), softDeadline(ctx));
    report(ctx, results, skipped);
    return {
      instances: nodes.map((i) => instanceRow(i, ctx.region, states.get(i.InstanceId))),
      applications: uniqueBy(
        results.flatMap((d) => d?.applications ?? []),
        (a) => [a.instance_id, a.name, a.version ?? '', a.architecture ?? ''].join('\u0000'),
      ),
      patches: uniqueBy(
        results.flatMap((d) => d?.patches ?? []),
        (p) => `${p.instance_id}\u0000${p.kb_id}`,
      ),
    };
  },
  merge: concatFields,
};
