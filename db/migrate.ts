// Applies sql/NNNN_*.sql in order and records them in kysely's migration table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely/migration';
import { splitQuery, postgreSplitterOptions } from 'dbgate-query-splitter';
import { sqlDir } from '../lib/paths.js';

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Splits a script into single statements (the Data API and prepared statements take one at a time). */
export function splitStatements(script: string): string[] {
  return splitQuery(script, { ...postgreSplitterOptions, multilineComments: true })
    .map((s) => (typeof s === 'string' ? s : s.text).trim())
    .filter((s) => s.length > 0);
}

export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string = sqlDir()) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(this.dir).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const statements = splitStatements(readFileSync(join(this.dir, file), 'utf8'));
      migrations[file.replace(/\.sql$/, '')] = {
        async up(db) {
          for (const statement of statements) await sql.raw(statement).execute(db);
        },
      };
    }
    return migrations;
  }
}

export interface MigrateOutcome {
  applied: string[];
  alreadyApplied: number;
}

export async function migrateToLatest<DB>(db: Kysely<DB>, dir?: string): Promise<MigrateOutcome> {
  const provider = new SqlFileMigrationProvider(dir);
  const migrator = new Migrator({ db, provider });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const name = failed ? ` in ${failed.migrationName}.sql` : '';
    throw new Error(`migration failed${name}: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const all = await provider.getMigrations();
  return { applied, alreadyApplied: Object.keys(all).length - applied.length };
}
