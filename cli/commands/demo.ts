import type { Command } from 'commander';
import { runDemo, DemoLocationError, DEFAULT_BUCKET_DIR } from '../../simulator/demo.js';
import { dbOption, parseIsoDate, parsePositiveInt, UsageError } from '../common.js';

interface DemoCliOptions {
  accounts: number;
  days: number;
  seed: string;
  db?: string;
  bucket: string;
  endDate?: string;
  workers?: number;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('simulate an organization, load it and summarise it (npm start)')
    .option('--accounts <n>', 'number of accounts', parsePositiveInt('--accounts'), 25)
    .option('--days <d>', 'number of days', parsePositiveInt('--days'), 60)
    .option('--seed <s>', 'random seed', '1')
    .option('--bucket <dir>', 'local bucket folder (wiped first)', DEFAULT_BUCKET_DIR)
    .option('--end-date <date>', 'last simulated day, YYYY-MM-DD (default: yesterday UTC)', parseIsoDate('--end-date'))
    .option('--workers <n>', 'simulator worker threads (default: one per CPU, less one for loading)', parsePositiveInt('--workers'))
    .addOption(dbOption())
    .action(async (opts: DemoCliOptions) => {
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const result = await runDemo({ accounts: opts.accounts, days: opts.days, seed: opts.seed, db: opts.db, bucket: opts.bucket, endDate: opts.endDate, workers: opts.workers }).catch((error: unknown) => {
        throw error instanceof DemoLocationError ? new UsageError(error.message) : error;
      });
      process.stdout.write(result.text);
      if (result.summary.files.rejected + result.summary.files.failed > 0) process.exitCode = 1;
    });
}
