// config section → config_rules and config_evaluations (state) and the daily config_reports
// summary (time series), computed from the rules' compliance and the non-compliant evaluations.
import type { ConfigSection } from '../../snapshot/index.js';
import { upsertKeys } from '../../db/keys.js';
import { asRow, insertRows, updateIfChanged } from './bulk.js';
import type { LoadContext } from './context.js';
import { writeState } from './state.js';

export async function writeConfig(ctx: LoadContext, config: ConfigSection): Promise<void> {
  await writeState(ctx, 'config_rules', config.rules, asRow);
  await writeState(ctx, 'config_evaluations', config.evaluations, asRow);

  const count = (c: string) => config.rules.filter((r) => r.compliance === c).length;
  const nonCompliant = new Set(
    config.evaluations.filter((e) => e.compliance_type === 'NON_COMPLIANT').map((e) => JSON.stringify([e.resource_type, e.resource_id])),
  );
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
