// service_resources and compute_optimizer sections → state tables of the same names.
import type { Snapshot } from '../../snapshot/index.js';
import { asRow } from './bulk.js';
import type { LoadContext } from './context.js';
import { writeItems, streamId, type ItemWriter } from './item-writer.js';
import { stateWriter } from './state.js';

type ServiceResources = NonNullable<Snapshot['service_resources']>;

export const serviceResourcesWriter = (ctx: LoadContext): ItemWriter<ServiceResources[number]> => stateWriter(ctx, 'service_resources', asRow);

export async function writeServiceResources(ctx: LoadContext, resources: ServiceResources): Promise<void> {
  await writeItems(ctx, streamId('service_resources', ''), resources, serviceResourcesWriter);
}

type Recommendations = NonNullable<Snapshot['compute_optimizer']>;

export const computeOptimizerWriter = (ctx: LoadContext): ItemWriter<Recommendations[number]> => stateWriter(ctx, 'compute_optimizer', asRow);

export async function writeComputeOptimizer(ctx: LoadContext, recommendations: Recommendations): Promise<void> {
  await writeItems(ctx, streamId('compute_optimizer', ''), recommendations, computeOptimizerWriter);
}
