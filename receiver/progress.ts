// Progress of a receive run: a bar on a terminal, a line every N files otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';
import type { ProcessResult } from './process-object.js';

export interface ProgressReporter {
  start(total: number): void;
  tick(result: ProcessResult): void;
  stop(): void;
}

export const silentProgress: ProgressReporter = { start() {}, tick() {}, stop() {} };

interface Counts {
  loaded: number;
  rejected: number;
  failed: number;
  duplicate: number;
  rows: number;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const counts: Counts = { loaded: 0, rejected: 0, failed: 0, duplicate: 0, rows: 0 };
  let done = 0;
  let total = 0;
  const count = (r: ProcessResult): void => {
    done++;
    counts[r.status]++;
    counts.rows += r.totalRows;
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'receive {bar} {value}/{total} files | loaded {loaded} rejected {rejected} failed {failed} duplicate {duplicate} | {rows} rows', stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(n) {
        total = n;
        bar.start(n, 0, { ...counts });
      },
      tick(r) {
        count(r);
        bar.update(done, { ...counts });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let every = 1;
  const line = (): void => {
    stream.write(`receive: ${done}/${total} files (loaded ${counts.loaded}, rejected ${counts.rejected}, failed ${counts.failed}, duplicate ${counts.duplicate}, ${counts.rows} rows)\n`);
  };
  return {
    start(n) {
      total = n;
      // About ten lines per run, at most one per 100 files.
      every = Math.max(1, Math.min(100, Math.ceil(n / 10)));
    },
    tick(r) {
      count(r);
      if (done % every === 0 && done < total) line();
    },
    stop() {
      if (total > 0) line();
    },
  };
}
