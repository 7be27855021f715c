import type { Command } from 'commander';
import { dbOption, notImplemented, parsePositiveInt } from '../common.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('generate a simulated organization through the real collectors into a local bucket folder, plus DIR/truth.json')
    .requiredOption('--accounts <n>', 'number of member accounts', parsePositiveInt('--accounts'))
    .requiredOption('--days <d>', 'number of days of history', parsePositiveInt('--days'))
    .requiredOption('--bucket <dir>', 'local bucket folder to write data/ into')
    .option('--seed <s>', 'random seed (same seed, same files)', '1')
    .option('--latency-ms <l>', 'simulated latency of every AWS API call', '0')
    .addOption(dbOption().hideHelp())
    .action(() => notImplemented('simulate', 'the "Simulated organization" issue'));
}
