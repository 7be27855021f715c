// service_resources and compute_optimizer sections → state tables of the same names.
import type { Snapshot } from '../../snapshot/index.js';
import { asRow } from './bulk.js';
import type { LoadContext } from './context.js';
import { writeState } from './state.js';

export async function writeServiceResources(ctx: LoadContext, resources: NonNullable<Snapshot['service_resources']>): Promise<void> {
  await writeState(ctx, 'service_resources', resources, asRow);
}

export async function writeComputeOptimizer(ctx: LoadContext, recommendations: NonNullable<Snapshot['compute_optimizer']>): Promise<void> {
  await writeState(ctx, 'compute_optimizer', recommendations, asRow);
}
