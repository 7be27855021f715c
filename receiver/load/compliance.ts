// config section → config_rules and config_evaluations (state) and the daily config_reports
// summary (time series), computed from the rules' compliance and the non-compliant evaluations.
import type { ConfigSection } from '../../snapshot/index.js';
import { upsertKeys } from '../../db/keys.js';
import { asRow, insertRows, updateIfChanged } from './bulk.js';
import type { LoadContext } from './context.js';
import { streamId, writeItems, type ItemWriter } from './item-writer.js';
import { stateWriter, writeState } from './state.js';

type Evaluation = ConfigSection['evaluations'][number];

/** config_evaluations; counts the non-compliant resources for the day's report as the items pass. */
export interface EvaluationsWriter extends ItemWriter<Evaluation> {
  readonly nonCompliant: ReadonlySet<string>;
}

export function evaluationsWriter(ctx: LoadContext): EvaluationsWriter {
  const state = stateWriter(ctx, 'config_evaluations', asRow);
  const nonCompliant = new Set<string>();
  return {
    nonCompliant,
    async add(items) {
      for (const e of items) if (e.compliance_type === 'NON_COMPLIANT') nonCompliant.add(JSON.stringify([e.resource_type, e.resource_id]));
      await state.add(items);
    },
    finish: () => state.finish(),
  };
}

export async function writeConfig(ctx: LoadContext, config: ConfigSection): Promise<void> {
  await writeState(ctx, 'config_rules', config.rules, asRow);
  const { nonCompliant } = await writeItems(ctx, streamId('config', 'evaluations'), config.evaluations, evaluationsWriter);
  // rules are few and do not stream: the section has them all
  const count = (c: string) => config.rules.filter((r) => r.compliance === c).length;
  await insertRows(
    ctx,
    'config_reports',
    [
      {
        total_rules: config.rules.length,
        compliant_rules: count('COMPLIANT'),
        non_compliant_rules: count('NON_COMPLIANT'),
        not_applicable_rules: count('NOT_APPLICABLE'),
        insufficient_data_rules: count('INSUFFICIENT_DATA'),
        non_compliant_resources: nonCompliant.size,
      },
    ],
    {
      constants: { account_id: ctx.accountId, granularity: ctx.granularity, period_start: ctx.date, ingestion_id: ctx.ingestionId },
      onConflict: updateIfChanged(upsertKeys.config_reports),
    },
  );
}
