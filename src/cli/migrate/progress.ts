import { SingleBar } from 'cli-progress';
import type { CliIO } from '../cli-io';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on standard error with records per second and time left (cli-progress computes
 * the ETA from its own moving average); nothing when standard error is not a terminal or output is JSON.
 */
export function progressBar(io: CliIO, json: boolean, label: string): Progress {
  if (json || !io.stderr.isTTY) return SILENT;
  const bar = new SingleBar({
    stream: io.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} records | {rate} records/s | ETA {eta_formatted}`,
    hideCursor: true,
    etaBuffer: 200,
    fps: 5,
  });
  const started = Date.now();
  let running = false;
  return {
    update(done, total) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      const rate = Math.round(done / seconds);
      if (!running) {
        bar.start(total, done, { rate });
        running = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { rate });
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
