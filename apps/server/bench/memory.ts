// Memory sampling for the export benchmark: RSS and heapUsed every 50 ms, peaks kept, marks taken on demand.

/** A sampled figure, in bytes. */
export interface MemoryMark {
  label: string;
  rss: number;
  heapUsed: number;
}

/** What one child process reports back to the orchestrator (one `RESULT {json}` line on stdout). */
export interface RunResult {
  kind: 'concord' | 'load-all';
  items: number;
  rows: number;
  outputBytes: number;
  wallMs: number;
  /** RSS just before the export started (modules loaded, database open). */
  baselineRss: number;
  peakRss: number;
  peakHeapUsed: number;
  /** process.resourceUsage().maxRSS, bytes (the kernel's peak, includes what 50 ms sampling misses). */
  maxRss: number;
  marks: MemoryMark[];
  files: { path: string; bytes: number; sha256: string }[];
  /** Set when the run died (e.g. V8 out of memory): the orchestrator fills it in from the exit. */
  failure?: string;
}

/**
 * Samples process memory every `everyMs` (default 50) until stopped; `mark` records the current figures
 * under a label (progress points).
 * @example const memory = createMemorySampler(); ...; memory.mark('50 %'); const { peakRss } = memory.stop();
 */
export function createMemorySampler(everyMs = 50) {
  let peakRss = 0;
  let peakHeapUsed = 0;
  const marks: MemoryMark[] = [];
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    if (rss > peakRss) peakRss = rss;
    if (heapUsed > peakHeapUsed) peakHeapUsed = heapUsed;
    return { rss, heapUsed };
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    mark(label: string): MemoryMark {
      const mark = { label, ...sample() };
      marks.push(mark);
      return mark;
    },
    stop(): { peakRss: number; peakHeapUsed: number; marks: MemoryMark[] } {
      clearInterval(timer);
      sample();
      return { peakRss, peakHeapUsed, marks };
    },
  };
}

/** Bytes as MB with one decimal. */
export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** Prints the result line the orchestrator parses. */
export function report(result: RunResult): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}
