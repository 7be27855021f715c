import type { Command } from 'commander';
import { registerMigrate } from './migrate.js';
import { registerSimulate } from './simulate.js';
import { registerReceive } from './receive.js';
import { registerDetect } from './detect.js';
import { registerReport } from './report.js';
import { registerAsk } from './ask.js';
import { registerDemo } from './demo.js';

/** Every orgpulse command, in the order --help lists them (names fixed by shared/README.md). */
export function registerCommands(program: Command): void {
  registerMigrate(program);
  registerSimulate(program);
  registerReceive(program);
  registerDetect(program);
  registerReport(program);
  registerAsk(program);
  registerDemo(program);
}
