// inventory section (SSM) → inventory_instances, inventory_applications, inventory_patches (state).
import { asRow } from './bulk.js';
import type { InventorySection } from '../../snapshot/index.js';
import type { LoadContext } from './context.js';
import { writeItems, streamId, type ItemWriter } from './item-writer.js';
import { stateWriter } from './state.js';
import type { Row } from './types.js';

// Ping and association times change on every collection; they are not kept, so an idle
// instance does not get a new version every day.
const instanceRow = (i: InventorySection['instances'][number]): Row => ({
  instance_id: i.instance_id,
  region: i.region,
  resource_type: i.resource_type,
  computer_name: i.computer_name,
  ip_address: i.ip_address,
  platform_type: i.platform_type,
  platform_name: i.platform_name,
  platform_version: i.platform_version,
  agent_version: i.agent_version,
  is_latest_version: i.is_latest_version,
  ping_status: i.ping_status,
  association_status: i.association_status,
  patches_installed: i.patch_summary?.installed,
  patches_installed_other: i.patch_summary?.installed_other,
  patches_installed_pending_reboot: i.patch_summary?.installed_pending_reboot,
  patches_installed_rejected: i.patch_summary?.installed_rejected,
  patches_missing: i.patch_summary?.missing,
  patches_failed: i.patch_summary?.failed,
  patches_not_applicable: i.patch_summary?.not_applicable,
  patch_operation: i.patch_summary?.operation,
  patch_operation_end_time: i.patch_summary?.operation_end_time,
  patch_baseline_id: i.patch_summary?.baseline_id,
});

export const instancesWriter = (ctx: LoadContext): ItemWriter<InventorySection['instances'][number]> => stateWriter(ctx, 'inventory_instances', instanceRow);
// version and architecture are part of the key: '' when unknown (the columns' default).
export const applicationsWriter = (ctx: LoadContext): ItemWriter<InventorySection['applications'][number]> =>
  stateWriter(ctx, 'inventory_applications', (a) => ({ ...a, version: a.version ?? '', architecture: a.architecture ?? '' }));
export const patchesWriter = (ctx: LoadContext): ItemWriter<InventorySection['patches'][number]> => stateWriter(ctx, 'inventory_patches', asRow);

export async function writeInventory(ctx: LoadContext, inventory: InventorySection): Promise<void> {
  await writeItems(ctx, streamId('inventory', 'instances'), inventory.instances, instancesWriter);
  await writeItems(ctx, streamId('inventory', 'applications'), inventory.applications, applicationsWriter);
  await writeItems(ctx, streamId('inventory', 'patches'), inventory.patches, patchesWriter);
}
