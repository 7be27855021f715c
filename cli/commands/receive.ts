import type { Command } from 'commander';
import { dbOption, notImplemented } from '../common.js';

export function registerReceive(program: Command): void {
  program
    .command('receive')
    .description('validate and load every pending snapshot under data/ into the database')
    .requiredOption('--bucket <dir|s3://bucket>', 'local bucket folder or s3://bucket')
    .option('--prefix <prefix>', 'key prefix to load', 'data/')
    .addOption(dbOption())
    .action(() => notImplemented('receive', 'the "Receiver" issue'));
}
