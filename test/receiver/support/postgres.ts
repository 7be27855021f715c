// A node-postgres Kysely like openDatabase's, plus the error listeners a pool needs so that a
// connection killed by the server fails its query instead of crashing the process. openDatabase
// lacks them (reported with the fix in docs/receiver.md); the fault-injection test needs them.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { OrgPulseDb } from '../../../db/open.js';
import type { Database } from '../../../db/schema.js';

const PG_INT8 = 20;
const PG_DATE = 1082;
const PG_NUMERIC = 1700;

export function openPostgresWithErrorListeners(url: string): OrgPulseDb {
  const parsers: Record<number, (v: string) => unknown> = { [PG_DATE]: (v) => v, [PG_NUMERIC]: (v) => v, [PG_INT8]: (v) => Number(v) };
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
