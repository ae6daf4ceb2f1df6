import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { flushToServer, type FlushableProvider } from './flush.ts';

/** A socket that records what is sent and lets the test deliver server frames. */
function fakeSocket() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const sent: Uint8Array[] = [];
  return {
    sent,
    listeners,
    ws: {
      readyState: 1,
      send: (data: Uint8Array) => sent.push(data),
      addEventListener: (_: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: (event: MessageEvent) => void) => listeners.delete(listener),
    },
    deliver(bytes: Uint8Array) {
      const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      for (const listener of [...listeners]) listener({ data } as MessageEvent);
    },
  };
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('flushToServer', () => {
  it('sends a sync step 1 and resolves on the step 2 answer, not on other frames', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'typed');
    const socket = fakeSocket();
    const provider = { doc, ws: socket.ws, wsconnected: true } as unknown as FlushableProvider;
    let done = false;
    const flushing = flushToServer(provider).then(() => (done = true));
    const decoder = decoding.createDecoder(socket.sent[0]!);
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep1);
    socket.deliver(frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, new Uint8Array([0])))));
    socket.deliver(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(new Y.Doc())))));
    await Promise.resolve();
    expect(done).toBe(false);
    socket.deliver(frame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, new Y.Doc()))));
    await flushing;
    expect(done).toBe(true);
    expect(socket.listeners.size).toBe(0);
  });

  it('rejects at once when not connected, and after the timeout when no answer comes', async () => {
    const doc = new Y.Doc();
    await expect(flushToServer({ doc, ws: null, wsconnected: false })).rejects.toThrow(/Not connected/);
    vi.useFakeTimers();
    try {
      const socket = fakeSocket();
      const flushing = flushToServer({ doc, ws: socket.ws, wsconnected: true } as unknown as FlushableProvider, { timeoutMs: 500 });
      const check = expect(flushing).rejects.toThrow(/did not confirm/);
      await vi.advanceTimersByTimeAsync(600);
      await check;
      expect(socket.listeners.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
