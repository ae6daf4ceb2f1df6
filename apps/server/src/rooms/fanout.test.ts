import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { decodeFanout, encodeFanout, type FanoutMessage } from './fanout.ts';

function raw(kind: number, instanceId: string, payload: Uint8Array, ...numbers: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, instanceId);
  encoding.writeVarUint8Array(encoder, payload);
  for (const n of numbers) encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
}

describe('fan-out messages', () => {
  it('[I3] an update carries the seq range it was stored with; awareness carries none', () => {
    const update: FanoutMessage = { kind: 'update', instanceId: 'i-1', payload: Uint8Array.of(1, 2, 3), firstSeq: 7, lastSeq: 9 };
    const awareness: FanoutMessage = { kind: 'awareness', instanceId: 'i-2', payload: Uint8Array.of(4) };
    expect(decodeFanout(encodeFanout(update))).toEqual(update);
    expect(decodeFanout(encodeFanout(awareness))).toEqual(awareness);
  });

  it('[I3] malformed messages decode to null', () => {
    const payload = Uint8Array.of(1);
    expect(decodeFanout(new Uint8Array())).toBeNull();
    expect(decodeFanout(raw(0, 'i', payload))).toBeNull(); // an update without seqs
    expect(decodeFanout(raw(0, 'i', payload, 3))).toBeNull();
    expect(decodeFanout(raw(0, 'i', payload, 0, 0))).toBeNull();
    expect(decodeFanout(raw(0, 'i', payload, 5, 4))).toBeNull();
    expect(decodeFanout(raw(0, 'i', payload, 1, 2, 3))).toBeNull(); // trailing bytes
    expect(decodeFanout(raw(1, 'i', payload, 1))).toBeNull();
    expect(decodeFanout(raw(2, 'i', payload))).toBeNull();
    expect(decodeFanout(raw(0, 'i', payload, 1, 2).slice(0, -1))).toBeNull();
  });
});
