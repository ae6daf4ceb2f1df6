import { describe, expect, it } from 'vitest';
import { createSeqRanges } from './seq-ranges.ts';

describe('seq ranges', () => {
  it('[I3] in-order ranges advance appliedSeq and leave nothing behind', () => {
    const seqs = createSeqRanges({ appliedSeq: 4 });
    seqs.add(5, 5);
    seqs.add(6, 9);
    expect(seqs.appliedSeq).toBe(9);
    expect(seqs.behind).toBe(false);
  });

  it('[I3] a range after a hole waits; filling the hole absorbs every range it joins', () => {
    const seqs = createSeqRanges({ appliedSeq: 0 });
    seqs.add(3, 4);
    seqs.add(8, 8);
    expect(seqs.appliedSeq).toBe(0);
    expect(seqs.behind).toBe(true);
    seqs.add(1, 2);
    expect(seqs.appliedSeq).toBe(4);
    expect(seqs.behind).toBe(true);
    seqs.add(5, 7);
    expect(seqs.appliedSeq).toBe(8);
    expect(seqs.behind).toBe(false);
  });

  it('[I3] overlapping, duplicate and already applied ranges change nothing they should not', () => {
    const seqs = createSeqRanges({ appliedSeq: 10 });
    seqs.add(3, 7);
    seqs.add(10, 10);
    expect(seqs.appliedSeq).toBe(10);
    expect(seqs.behind).toBe(false);
    seqs.add(14, 16);
    seqs.add(15, 20);
    seqs.add(12, 13);
    expect(seqs.appliedSeq).toBe(10);
    seqs.add(9, 11);
    expect(seqs.appliedSeq).toBe(20);
    expect(seqs.behind).toBe(false);
  });

  it('[I3] malformed ranges are ignored', () => {
    const seqs = createSeqRanges({ appliedSeq: 2 });
    seqs.add(5, 4);
    seqs.add(0, 3);
    seqs.add(3, Number.NaN);
    seqs.add(3.5, 4);
    expect(seqs.appliedSeq).toBe(2);
    expect(seqs.behind).toBe(false);
  });

  it('[I4] a seq known from the store but not applied leaves the room behind until it is applied', () => {
    const seqs = createSeqRanges({ appliedSeq: 5 });
    seqs.noteKnown(5);
    expect(seqs.behind).toBe(false);
    seqs.noteKnown(7);
    expect(seqs.behind).toBe(true);
    expect(seqs.knownSeq).toBe(7);
    seqs.add(6, 7);
    expect(seqs.behind).toBe(false);
    seqs.noteKnown(6);
    expect(seqs.knownSeq).toBe(7);
  });
});
