import { describe, expect, it } from 'vitest';
import { encodeMarker, markerLength, markerLimits, scanMarkers } from './marker.ts';

function scanAll(bytes: Uint8Array) {
  const found: Array<[number, number, number]> = [];
  scanMarkers(bytes, (writer, seq, timeUs) => found.push([writer, seq, timeUs]));
  return found;
}

describe('edit markers', () => {
  it('encode to 20 ASCII characters and decode back from a frame', () => {
    const marker = encodeMarker({ writer: 999, seq: 123_456, timeUs: 98_765_432_101 });
    expect(marker).toHaveLength(markerLength);
    const frame = Buffer.concat([Buffer.from([0, 2, 0x7e, 0x7e, 9]), Buffer.from(marker), Buffer.from([0x7e, 1])]);
    expect(scanAll(frame)).toEqual([[999, 123_456, 98_765_432_101]]);
  });

  it('finds every marker of a batched frame and skips stray ~ bytes and truncated markers', () => {
    const a = encodeMarker({ writer: 1, seq: 0, timeUs: 5 });
    const b = encodeMarker({ writer: 2, seq: 7, timeUs: markerLimits.timeUs });
    const frame = Buffer.from(`xx~~${a}~zz${b}${a.slice(0, 12)}`, 'latin1');
    expect(scanAll(frame)).toEqual([
      [1, 0, 5],
      [2, 7, markerLimits.timeUs],
    ]);
  });

  it('rejects values that do not fit', () => {
    expect(() => encodeMarker({ writer: markerLimits.writer + 1, seq: 0, timeUs: 0 })).toThrow(RangeError);
    expect(() => encodeMarker({ writer: 0, seq: -1, timeUs: 0 })).toThrow(RangeError);
  });
});
