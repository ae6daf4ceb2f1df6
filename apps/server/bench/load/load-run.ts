// One timed load run inside the load generator: writers edit on a timer, every client (writers included)
// checks each writer's sequence and times deliveries; figures cover edits sent inside the window only.
import { encodeMarker, scanMarkers } from './marker.ts';
import { createSamples, createSeqCheck, percentile, type SeqReport } from './stats.ts';

/** Send time of an edit, µs on this process' clock (the only clock markers use). */
export const nowUs = (): number => Math.round(performance.now() * 1000);

/** The outcome of a run, sent back to the orchestrator. */
export interface RunResult {
  windowMs: number;
  editsInWindow: number;
  expected: number;
  delivered: number;
  gaps: number;
  duplicates: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

interface Writer {
  index: number;
  doc: number;
  sent: number[];
}

/**
 * Book-keeping of a run: register writers (global index, document) and receivers (document, own writer
 * index or -1), then feed received bytes to the receiver's `receive`.
 */
export function createLoadRun(options: { peersPerDoc: (doc: number) => number }) {
  const writers: Writer[] = [];
  const receivers: Array<{ doc: number; self: number; checks: Map<number, ReturnType<typeof createSeqCheck>> }> = [];
  const samples = createSamples(1 << 16);
  let window: { from: number; to: number } = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  let delivered = 0;
  const inWindow = (t: number) => t >= window.from && t < window.to;

  return {
    addWriter(doc: number): Writer {
      const writer: Writer = { index: writers.length, doc, sent: [] };
      writers.push(writer);
      return writer;
    },
    /** The marker for the writer's next edit (and records its send time). */
    nextMarker(writer: Writer): string {
      const timeUs = nowUs();
      const marker = encodeMarker({ writer: writer.index, seq: writer.sent.length, timeUs });
      writer.sent.push(timeUs);
      return marker;
    },
    writerAt(index: number): Writer {
      const writer = writers[index];
      if (!writer) throw new Error(`no writer ${index}`);
      return writer;
    },
    /**
     * A receiver on `doc` (`self`: its own writer index, or -1); returns the function to call with every
     * frame or remote update it gets.
     */
    addReceiver(doc: number, self = -1): (bytes: Uint8Array) => void {
      const checks = new Map<number, ReturnType<typeof createSeqCheck>>();
      receivers.push({ doc, self, checks });
      return (bytes) => {
        const at = nowUs();
        scanMarkers(bytes, (writer, seq, timeUs) => {
          let check = checks.get(writer);
          if (!check) checks.set(writer, (check = createSeqCheck()));
          if (check.see(seq) && inWindow(timeUs)) {
            delivered++;
            samples.push(at - timeUs);
          }
        });
      };
    },
    startWindow() {
      window = { from: nowUs(), to: Number.POSITIVE_INFINITY };
    },
    endWindow() {
      window = { ...window, to: nowUs() };
    },
    /** Figures once writers have stopped and in-flight edits have drained. */
    result(): RunResult {
      let editsInWindow = 0;
      let expected = 0;
      for (const writer of writers) {
        const count = writer.sent.filter(inWindow).length;
        editsInWindow += count;
        expected += count * options.peersPerDoc(writer.doc);
      }
      const total: SeqReport = { received: 0, gaps: 0, duplicates: 0 };
      for (const receiver of receivers) {
        for (const writer of writers) {
          if (writer.doc !== receiver.doc || writer.index === receiver.self) continue;
          const report = (receiver.checks.get(writer.index) ?? createSeqCheck()).finish(writer.sent.length);
          total.gaps += report.gaps;
          total.duplicates += report.duplicates;
        }
      }
      const sorted = samples.sorted();
      const ms = (p: number) => percentile(sorted, p) / 1000;
      return {
        windowMs: (window.to - window.from) / 1000,
        editsInWindow,
        expected,
        delivered,
        gaps: total.gaps,
        duplicates: total.duplicates,
        latencyMs: { p50: ms(50), p95: ms(95), p99: ms(99), max: ms(100) },
      };
    },
  };
}
