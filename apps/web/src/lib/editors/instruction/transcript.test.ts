import { describe, expect, it } from 'vitest';
import { activeSegmentId, formatTime, parseTime, segmentAt } from './transcript.ts';

const segments = [
  { id: 'a', start: 0, end: 2 },
  { id: 'b', start: 2, end: 5 },
  { id: 'c', start: 4, end: 6 },
  { id: 'd', start: 9, end: 10 },
];

describe('transcript timing', () => {
  it('finds the segment playing, the latest-starting when they overlap, none in gaps', () => {
    expect(activeSegmentId(segments, 0)).toBe('a');
    expect(activeSegmentId(segments, 2)).toBe('b');
    expect(activeSegmentId(segments, 4.5)).toBe('c');
    expect(activeSegmentId(segments, 7)).toBeNull();
    expect(activeSegmentId([], 1)).toBeNull();
  });

  it('adds a segment at the playhead up to the next one, the default length and the recording end', () => {
    expect(segmentAt(6.123, segments, null)).toEqual({ start: 6.12, end: 9 });
    expect(segmentAt(10, segments, null)).toEqual({ start: 10, end: 13 });
    expect(segmentAt(10, segments, 11.5)).toEqual({ start: 10, end: 11.5 });
    expect(segmentAt(12, [], 12)).toEqual({ start: 12, end: 15 });
  });

  it('formats and parses times', () => {
    expect(formatTime(62.5)).toBe('1:02.50');
    expect(formatTime(3.456)).toBe('0:03.46');
    expect(formatTime(Number.NaN)).toBe('–:––');
    expect(parseTime(' 1.234 ')).toBe(1.23);
    expect(parseTime('')).toBeNull();
    expect(parseTime('-1')).toBeNull();
    expect(parseTime('abc')).toBeNull();
  });
});
