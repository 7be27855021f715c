// Strings are stored verbatim: quotes, backslashes, JSON and SQL look-alikes, emoji, 1 MB text.
import { sql } from 'kysely';
import { describeEachDatabase } from '../../support/databases.js';
import { instance, load, snapshotOf } from './helpers.js';

const HOSTILE = [
  `O'Brien "the quoted" \\ backslash \\\\ double \\n not-a-newline`,
  `'); drop table accounts; --`,
  `$1 $$ dollar-quoted $$ ::jsonb {"a": [1, 2]} \\u0000-as-text`,
  'emoji 😀🚀 and 中文, ñ, Zalgo z̷̢͉a̸l̶g̷o, RTL \u202Eevil',
  'tab\tnewline\ncarriage\rreturn \u2028 separator',
];
const BIG = 'x'.repeat(1_048_576 - 10) + '😀"\\\'';

describeEachDatabase('hostile strings', (get) => {
  test('are stored verbatim in keys, text, arrays and JSON columns', async () => {
    const { db } = get();
    const A = '999999999901';
    const result = await load(db, snapshotOf('2026-11-18', A, (s) => {
      s.account!.name = HOSTILE[0]!;
      s.account!.tags = Object.fromEntries(HOSTILE.map((h, i) => [`k${i}'"`, h.slice(0, 200)]));
      s.service_resources = HOSTILE.map((h, i) => ({ ...instance(`id-${i}-${h}`, 'running'), name: h, tags: { [h.slice(0, 100)]: h.slice(0, 200) } }));
      s.security!.security_hub!.findings![0]!.description = BIG;
      s.security!.security_hub!.findings![0]!.types = HOSTILE;
    }));
    expect(result.rowsByTable.service_resources).toBe(HOSTILE.length);
    const { rows: acc } = await sql<{ account_name: string; tags: Record<string, string> }>`select account_name, tags from accounts where account_id = ${A}`.execute(db);
    expect(acc[0]!.account_name).toBe(HOSTILE[0]);
    expect(acc[0]!.tags).toEqual(Object.fromEntries(HOSTILE.map((h, i) => [`k${i}'"`, h.slice(0, 200)])));
    const { rows: res } = await sql<{ resource_id: string; name: string; tags: Record<string, string> }>`
      select resource_id, name, tags from service_resources where account_id = ${A} order by resource_id`.execute(db);
    expect(res).toEqual(HOSTILE.map((h, i) => ({ resource_id: `id-${i}-${h}`, name: h, tags: { [h.slice(0, 100)]: h.slice(0, 200) } })));
    const { rows: f } = await sql<{ description: string; types: string[] }>`select description, types from findings where account_id = ${A} and severity = 'CRITICAL'`.execute(db);
    expect(f[0]!.description.length).toBe(BIG.length);
    expect(f[0]!.description === BIG).toBe(true);
    expect(f[0]!.types).toEqual(HOSTILE);
    // and loading them again is recognised as unchanged
    const again = await load(db, snapshotOf('2026-11-18', A, (s) => {
      s.account!.name = HOSTILE[0]!;
      s.account!.tags = Object.fromEntries(HOSTILE.map((h, i) => [`k${i}'"`, h.slice(0, 200)]));
      s.service_resources = HOSTILE.map((h, i) => ({ ...instance(`id-${i}-${h}`, 'running'), name: h, tags: { [h.slice(0, 100)]: h.slice(0, 200) } }));
      s.security!.security_hub!.findings![0]!.description = BIG;
      s.security!.security_hub!.findings![0]!.types = HOSTILE;
    }));
    expect(again.rowsByTable).toEqual({ snapshots: 1 });
  });
});
