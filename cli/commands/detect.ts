import type { Command } from 'commander';
import { dbOption, notImplemented, parseIsoDate } from '../common.js';

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('run the anomaly detectors for a day or a range of days')
    .option('--date <d>', 'day to score (default: the latest loaded day)', parseIsoDate('--date'))
    .option('--from <d>', 'first day of a range', parseIsoDate('--from'))
    .option('--to <d>', 'last day of a range', parseIsoDate('--to'))
    .addOption(dbOption())
    .action(() => notImplemented('detect', 'the "Anomaly detection, daily" roadmap item'));
}
