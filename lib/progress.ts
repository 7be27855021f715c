// Progress on stderr for long commands (simulate, receive, demo): bars on a terminal (cli-progress),
// a line every ~10 % otherwise (CI logs, pipes).
import cliProgress from 'cli-progress';

export interface Bar {
  start(total: number): void;
  /** One more item done; `detail` is shown next to the count. */
  tick(detail?: string): void;
  /** The item count is known only later (a pipeline stage): set it without restarting. */
  setTotal(total: number): void;
}

export interface Bars {
  bar(name: string): Bar;
  stop(): void;
}

export function progressBars(stream: NodeJS.WriteStream = process.stderr, enabled = true): Bars {
  if (!enabled) {
    const noop: Bar = { start() {}, tick() {}, setTotal() {} };
    return { bar: () => noop, stop() {} };
  }
  if (stream.isTTY) {
    const multi = new cliProgress.MultiBar(
      { format: '{name} {bar} {value}/{total} files {detail}', stream, hideCursor: true, clearOnComplete: false, autopadding: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      bar(name) {
        let bar: cliProgress.SingleBar | undefined;
        let done = 0;
        return {
          start(total) {
            bar = multi.create(total, 0, { name: name.padEnd(8), detail: '' });
          },
          tick(detail = '') {
            done++;
            bar?.update(done, { name: name.padEnd(8), detail });
          },
          setTotal(total) {
            bar?.setTotal(total);
          },
        };
      },
      stop() {
        multi.stop();
      },
    };
  }
  return {
    bar(name) {
      let total = 0;
      let done = 0;
      let every = 1;
      return {
        start(n) {
          total = n;
          every = Math.max(1, Math.ceil(n / 10));
        },
        tick(detail = '') {
          done++;
          if (done % every === 0 || done === total) stream.write(`${name}: ${done}/${total} files${detail ? ` ${detail}` : ''}\n`);
        },
        setTotal(n) {
          total = n;
          every = Math.max(1, Math.ceil(n / 10));
        },
      };
    },
    stop() {},
  };
}
