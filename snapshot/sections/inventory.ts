import { z } from 'zod';
import { count, identifier, isoDateTime, opt, region, text } from '../common.js';

/** SSM managed nodes, with their patch summary (full state). */
export const managedInstance = z.object({
  instance_id: identifier,
  region,
  resource_type: opt(text),
  computer_name: opt(text),
  ip_address: opt(text),
  platform_type: opt(z.enum(['Windows', 'Linux', 'MacOS'])),
  platform_name: opt(text),
  platform_version: opt(text),
  agent_version: opt(text),
  is_latest_version: opt(z.boolean()),
  ping_status: opt(z.enum(['Online', 'ConnectionLost', 'Inactive'])),
  last_ping_at: opt(isoDateTime),
  association_status: opt(text),
  last_association_execution_at: opt(isoDateTime),
  last_successful_association_at: opt(isoDateTime),
  patch_summary: opt(
    z.object({
      installed: count,
      installed_other: count.default(0),
      installed_pending_reboot: count.default(0),
      installed_rejected: count.default(0),
      missing: count,
      failed: count,
      not_applicable: count.default(0),
      operation: opt(z.enum(['Scan', 'Install'])),
      operation_end_time: opt(isoDateTime),
      baseline_id: opt(text),
    }),
  ),
});

export const installedApplication = z.object({
  instance_id: identifier,
  name: identifier,
  version: opt(text),
  publisher: opt(text),
  architecture: opt(text),
  application_type: opt(text),
  install_time: opt(isoDateTime),
});

export const instancePatch = z.object({
  instance_id: identifier,
  kb_id: identifier,
  title: text,
  classification: opt(text),
  severity: opt(text),
  state: z.enum([
    'INSTALLED',
    'INSTALLED_OTHER',
    'INSTALLED_PENDING_REBOOT',
    'INSTALLED_REJECTED',
    'MISSING',
    'NOT_APPLICABLE',
    'FAILED',
    'AVAILABLE_SECURITY_UPDATE',
  ]),
  installed_time: opt(isoDateTime),
});

export const inventorySection = z.object({
  instances: z.array(managedInstance).default([]),
  applications: z.array(installedApplication).default([]),
  patches: z.array(instancePatch).default([]),
});
export type InventorySection = z.infer<typeof inventorySection>;
