// Section arrays written batch by batch. The big arrays of a section (findings, resources,
// inventory, services, activity) reach their writer in batches while the file streams, so writing
// starts long before the section ends and such a section is not held whole (except by a state
// writer out of order, which plans the section at its end); the section's loader
// then finishes the writer its batches went to. Any other array is written in one go.
import type { LoadContext } from './context.js';

export interface ItemWriter<T> {
  /** Takes the next items of the array; may queue statements. */
  add(items: readonly T[]): Promise<void>;
  /** The array is complete: writes what depends on all of it (deletions, closed versions). */
  finish(): Promise<void>;
}

export type ItemWriterFactory<T> = (ctx: LoadContext) => ItemWriter<T>;

/** Where a streamed array's batches go: `section:path` (path inside the section, '' for the section itself). */
export const streamId = (section: string, path: string): string => `${section}:${path}`;

/** The writer that batches of `id` already went to, creating it for the first batch. */
export function streamWriter<T>(ctx: LoadContext, id: string, create: ItemWriterFactory<T>): ItemWriter<T> {
  let writer = ctx.streams.get(id) as ItemWriter<T> | undefined;
  if (!writer) {
    writer = create(ctx);
    ctx.streams.set(id, writer as ItemWriter<unknown>);
  }
  return writer;
}

/**
 * Writes one array of a section: what is left of it (all of it when nothing streamed) goes to the
 * writer its earlier batches went to, which is then finished and returned (for what it counted).
 */
export async function writeItems<T, W extends ItemWriter<T>>(ctx: LoadContext, id: string, items: readonly T[], create: (ctx: LoadContext) => W): Promise<W> {
  const writer = streamWriter(ctx, id, create) as W;
  ctx.streams.delete(id);
  await writer.add(items);
  await writer.finish();
  return writer;
}
