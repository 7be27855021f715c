import type { Command } from 'commander';
import { openDatabase, describeDatabase } from '../../db/open.js';
import { migrateToLatest } from '../../db/migrate.js';
import { dbOption } from '../common.js';

export async function runMigrate(dbUrl: string | undefined): Promise<void> {
  const db = await openDatabase(dbUrl);
  try {
    const { display } = describeDatabase(db);
    const outcome = await migrateToLatest(db);
    if (outcome.applied.length === 0) console.log(`${display}: schema is up to date (${outcome.alreadyApplied} migrations applied earlier)`);
    else console.log(`${display}: applied ${outcome.applied.length} migration(s): ${outcome.applied.join(', ')}`);
  } finally {
    await db.destroy();
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply the sql/ migrations (creates the schema on a new database; a no-op when up to date)')
    .addOption(dbOption())
    .action(async (opts: { db?: string }) => runMigrate(opts.db));
}
