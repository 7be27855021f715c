// Progress of a receive run, with the running counts next to the bar (lib/progress.ts draws it).
import { progressBars } from '../lib/progress.js';
import type { ProcessResult } from './process-object.js';

export interface ProgressReporter {
  start(total: number): void;
  tick(result: ProcessResult): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = { start() {}, tick() {}, stop() {} };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const counts = { loaded: 0, rejected: 0, failed: 0, duplicate: 0, rows: 0 };
  const bars = progressBars(stream);
  const bar = bars.bar('receive');
  return {
    start: (total) => bar.start(total),
    tick(r) {
      counts[r.status]++;
      counts.rows += r.totalRows;
      bar.tick(`(loaded ${counts.loaded}, rejected ${counts.rejected}, failed ${counts.failed}, duplicate ${counts.duplicate}, ${counts.rows} rows)`);
    },
    stop: () => bars.stop(),
  };
}
