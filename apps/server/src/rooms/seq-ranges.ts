/**
 * Which stored updates of one document a room has applied, by seq. `appliedSeq` is the highest seq
 * with everything up to it applied; ranges applied beyond it wait until the hole before them closes.
 * Pure bookkeeping: no timers, no I/O (catch-up.ts acts on `behind`).
 */
export interface SeqRanges {
  /** Highest seq with every seq ≤ it applied. */
  readonly appliedSeq: number;
  /** Highest seq known to exist (applied, announced or reported by the store). */
  readonly knownSeq: number;
  /** Something known is not applied yet: a hole before an applied range, or a newer seq in the store. */
  readonly behind: boolean;
  /** Records that seqs `firstSeq..lastSeq` are applied. */
  add(firstSeq: number, lastSeq: number): void;
  /** Records that the store holds updates up to `seq` (they may not have arrived yet). */
  noteKnown(seq: number): void;
}

/**
 * @example
 * const seqs = createSeqRanges({ appliedSeq: 4 });
 * seqs.add(7, 8); // seqs.behind: 5 and 6 are missing
 * seqs.add(5, 6); // seqs.appliedSeq === 8
 */
export function createSeqRanges(options: { appliedSeq: number }): SeqRanges {
  let appliedSeq = options.appliedSeq;
  let knownSeq = appliedSeq;
  // Disjoint, sorted, each starting above appliedSeq + 1.
  const ahead: Array<[number, number]> = [];

  const absorb = () => {
    while (ahead.length > 0 && ahead[0]![0] <= appliedSeq + 1) {
      appliedSeq = Math.max(appliedSeq, ahead.shift()![1]);
    }
  };

  return {
    get appliedSeq() {
      return appliedSeq;
    },
    get knownSeq() {
      return knownSeq;
    },
    get behind() {
      return ahead.length > 0 || knownSeq > appliedSeq;
    },
    add(firstSeq, lastSeq) {
      if (!Number.isSafeInteger(firstSeq) || !Number.isSafeInteger(lastSeq) || firstSeq < 1 || lastSeq < firstSeq) return;
      knownSeq = Math.max(knownSeq, lastSeq);
      if (lastSeq <= appliedSeq) return;
      let first = firstSeq;
      let last = lastSeq;
      const kept: Array<[number, number]> = [];
      for (const range of ahead) {
        // Overlapping or touching ranges merge into one.
        if (range[1] + 1 < first || range[0] > last + 1) kept.push(range);
        else {
          first = Math.min(first, range[0]);
          last = Math.max(last, range[1]);
        }
      }
      kept.push([first, last]);
      kept.sort((a, b) => a[0] - b[0]);
      ahead.splice(0, ahead.length, ...kept);
      absorb();
    },
    noteKnown(seq) {
      if (Number.isSafeInteger(seq)) knownSeq = Math.max(knownSeq, seq);
    },
  };
}
