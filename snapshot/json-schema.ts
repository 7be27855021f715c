import { z } from 'zod';
import { snapshotSchema } from './snapshot.js';

/** JSON Schema (draft 2020-12) of a snapshot as senders write it, for non-TypeScript producers. */
export function buildSnapshotJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(snapshotSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $id: 'https://github.com/orgpulse/orgpulse/docs/snapshot.schema.json',
    title: 'OrgPulse account snapshot',
    description:
      'One document per AWS account and period, written by the sender to data/{account_id}/{date}_{DAILY|MONTHLY}.json.gz. Generated from snapshot/ (zod) by `npm run schema:json`; do not edit.',
    ...schema,
  };
}

export function renderSnapshotJsonSchema(): string {
  return `${JSON.stringify(buildSnapshotJsonSchema(), null, 2)}\n`;
}
