import type { Command } from 'commander';
import { dbOption, notImplemented, parsePositiveInt } from '../common.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('simulate an organization, load it and summarise it (npm start)')
    .option('--accounts <n>', 'number of member accounts', parsePositiveInt('--accounts'), 25)
    .option('--days <d>', 'number of days', parsePositiveInt('--days'), 60)
    .option('--seed <s>', 'random seed', '1')
    .addOption(dbOption())
    .action(() => notImplemented('demo', 'the "Simulated organization" issue'));
}
