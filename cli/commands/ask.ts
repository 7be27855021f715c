import type { Command } from 'commander';
import { dbOption, notImplemented } from '../common.js';

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('answer a natural-language question with SQL over the views')
    .argument('<question>', 'the question, in quotes')
    .addOption(dbOption())
    .action(() => notImplemented('ask', 'the "Report and questions" roadmap item'));
}
