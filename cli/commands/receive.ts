import type { Command } from 'commander';
import pino from 'pino';
import { describeDatabase, openDatabase } from '../../db/open.js';
import { migrateToLatest } from '../../db/migrate.js';
import { DEFAULT_MAX_BYTES, formatSummary, openStorage, receiveAll, StorageLocationError } from '../../receiver/index.js';
import { dbOption, parsePositiveInt, UsageError } from '../common.js';

interface ReceiveCliOptions {
  bucket: string;
  prefix: string;
  db?: string;
  concurrency?: number;
  maxMb?: number;
}

export async function runReceive(opts: ReceiveCliOptions): Promise<void> {
  let storage;
  try {
    storage = openStorage(opts.bucket, process.env.ORGPULSE_KMS_KEY_ID ? { kmsKeyId: process.env.ORGPULSE_KMS_KEY_ID } : {});
  } catch (error) {
    if (error instanceof StorageLocationError) throw new UsageError(error.message);
    throw error;
  }
  const db = await openDatabase(opts.db);
  try {
    const outcome = await migrateToLatest(db);
    if (outcome.applied.length > 0) process.stderr.write(`${describeDatabase(db).display}: applied ${outcome.applied.length} migration(s)\n`);
    // JSON logs go to stderr only when asked for (ORGPULSE_LOG_LEVEL=info); the summary says what happened.
    const logger = pino({ level: process.env.ORGPULSE_LOG_LEVEL ?? 'silent' }, pino.destination(2));
    const summary = await receiveAll({
      db,
      storage,
      prefix: opts.prefix,
      progress: true,
      logger,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      maxBytes: opts.maxMb ? opts.maxMb * 1024 * 1024 : DEFAULT_MAX_BYTES,
    });
    process.stdout.write(`${storage.description} → ${describeDatabase(db).display}\n${formatSummary(summary)}`);
    if (summary.rejected + summary.failed > 0) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

export function registerReceive(program: Command): void {
  program
    .command('receive')
    .description('validate and load every pending snapshot under data/ into the database')
    .requiredOption('--bucket <dir|s3://bucket>', 'local bucket folder or s3://bucket')
    .option('--prefix <prefix>', 'key prefix to load', 'data/')
    .option('--concurrency <n>', 'accounts loaded side by side (one account is always loaded in date order)', parsePositiveInt('--concurrency'))
    .option('--max-mb <n>', 'largest uncompressed snapshot accepted, in MB (default 100)', parsePositiveInt('--max-mb'))
    .addOption(dbOption())
    .action(async (opts: ReceiveCliOptions) => runReceive(opts));
}
