import type { Command } from 'commander';
import { dbOption, notImplemented } from '../common.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a static HTML report')
    .requiredOption('--out <dir>', 'output folder')
    .addOption(dbOption())
    .action(() => notImplemented('report', 'the "Report and questions" roadmap item'));
}
