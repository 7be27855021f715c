import type { Command } from 'commander';
import { dbOption, notImplemented, parseIsoDate, parsePositiveInt } from '../common.js';
import { registerMigrate } from './migrate.js';

export function registerCommands(program: Command): void {
  registerMigrate(program);

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

  program
    .command('receive')
    .description('validate and load every pending snapshot under data/ into the database')
    .requiredOption('--bucket <dir|s3://bucket>', 'local bucket folder or s3://bucket')
    .option('--prefix <prefix>', 'key prefix to load', 'data/')
    .addOption(dbOption())
    .action(() => notImplemented('receive', 'the "Receiver" issue'));

  program
    .command('detect')
    .description('run the anomaly detectors for a day or a range of days')
    .option('--date <d>', 'day to score (default: the latest loaded day)', parseIsoDate('--date'))
    .option('--from <d>', 'first day of a range', parseIsoDate('--from'))
    .option('--to <d>', 'last day of a range', parseIsoDate('--to'))
    .addOption(dbOption())
    .action(() => notImplemented('detect', 'the "Anomaly detection, daily" roadmap item'));

  program
    .command('report')
    .description('write a static HTML report')
    .requiredOption('--out <dir>', 'output folder')
    .addOption(dbOption())
    .action(() => notImplemented('report', 'the "Report and questions" roadmap item'));

  program
    .command('ask')
    .description('answer a natural-language question with SQL over the views')
    .argument('<question>', 'the question, in quotes')
    .addOption(dbOption())
    .action(() => notImplemented('ask', 'the "Report and questions" roadmap item'));

  program
    .command('demo')
    .description('simulate an organization, load it and summarise it (npm start)')
    .option('--accounts <n>', 'number of member accounts', parsePositiveInt('--accounts'), 25)
    .option('--days <d>', 'number of days', parsePositiveInt('--days'), 60)
    .option('--seed <s>', 'random seed', '1')
    .addOption(dbOption())
    .action(() => notImplemented('demo', 'the "Simulated organization" issue'));
}
