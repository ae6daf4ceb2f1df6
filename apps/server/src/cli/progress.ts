/** A progress line on stderr: a redrawn bar on a terminal, plain periodic lines in logs and pipes. */
export interface Progress {
  /** `total` null: a count without a bar (imports do not know their record count up front). */
  update(done: number, total: number | null): void;
  /** Ends the line (terminal) or prints the last count once more if it changed. */
  finish(): void;
}

/**
 * `[########------------]  40/100  40%` for a total, `123` without one.
 * @example renderProgress(40, 100, 20) // '[########------------] 40/100 40%'
 */
export function renderProgress(done: number, total: number | null, width = 30): string {
  if (total === null) return String(done);
  if (total <= 0) return `[${'#'.repeat(width)}] 0/0 100%`;
  const share = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor(share * 100)}%`;
}

/**
 * @example const bar = createProgress({ stream: process.stderr, label: 'export', unit: 'items' }); bar.update(3, 10); bar.finish();
 */
export function createProgress(options: {
  stream: { write(text: string): unknown; isTTY?: boolean };
  label: string;
  unit: string;
  /** Plain mode: at most one line per this many ms (default 2000). */
  intervalMs?: number;
  now?: () => number;
}): Progress {
  const { stream, label, unit } = options;
  const tty = options.stream.isTTY === true;
  const interval = options.intervalMs ?? 2000;
  const now = options.now ?? Date.now;
  let lastLine = '';
  let lastPrinted = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  const line = (done: number, total: number | null) => `${label} ${renderProgress(done, total)} ${unit}`;
  return {
    update(done, total) {
      lastLine = line(done, total);
      if (tty) {
        stream.write(`\r${lastLine}\u001b[K`);
        return;
      }
      const complete = total !== null && done >= total;
      if (lastLine !== lastPrinted && (complete || now() - lastAt >= interval)) {
        stream.write(`${lastLine}\n`);
        lastPrinted = lastLine;
        lastAt = now();
      }
    },
    finish() {
      if (tty) {
        if (lastLine) stream.write('\n');
      } else if (lastLine && lastLine !== lastPrinted) {
        stream.write(`${lastLine}\n`);
        lastPrinted = lastLine;
      }
    },
  };
}
