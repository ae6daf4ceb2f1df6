import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createOutbox, frameBinary, type OutboxTarget } from './outbox.ts';

interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
// ws' frame parser (what its clients use); @types/ws does not declare it.
const { Receiver } = createRequire(import.meta.url)('ws') as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver };

/** Decodes server frames with ws' own parser, as a client would. */
function decode(bytes: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(true);
    messages.push(data);
  });
  receiver.on('error', (error) => {
    throw error;
  });
  receiver.write(bytes);
  return messages;
}

function recordingTarget(open = true): OutboxTarget & { writes: Buffer[] } {
  const socket = new PassThrough();
  const writes: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => writes.push(chunk));
  return { socket, isOpen: () => open, writes };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('frameBinary', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])('frames a %i-byte payload that a client decodes back byte-exact', (size) => {
    const payload = new Uint8Array(size).map((_, i) => (i * 7) % 256);
    const [message, ...rest] = decode(frameBinary(payload));
    expect(rest).toEqual([]);
    expect(Buffer.compare(message as Buffer, Buffer.from(payload))).toBe(0);
  });
});

describe('createOutbox', () => {
  it('sends what one tick queued for a socket in one write, in order', async () => {
    const outbox = createOutbox();
    const target = recordingTarget();
    outbox.send(target, new Uint8Array([0, 2, 1, 9]));
    outbox.send(target, new Uint8Array([1, 3, 7, 7, 7]));
    await tick();
    expect(target.writes).toHaveLength(1);
    expect(decode(target.writes[0] as Buffer).map((m) => [...m])).toEqual([
      [0, 2, 1, 9],
      [1, 3, 7, 7, 7],
    ]);
    outbox.send(target, new Uint8Array([5]));
    await tick();
    expect(target.writes).toHaveLength(2);
  });

  it('gives every recipient of one broadcast message the same frame', async () => {
    const outbox = createOutbox();
    const a = recordingTarget();
    const b = recordingTarget();
    const message = new Uint8Array([0, 2, 4, 1, 2, 3, 4]);
    outbox.send(a, message);
    outbox.send(b, message);
    await tick();
    expect(a.writes[0]).toEqual(b.writes[0]);
    expect([...(decode(a.writes[0] as Buffer)[0] as Buffer)]).toEqual([...message]);
  });

  it('writes nothing to a socket that closed (no data frame after a close frame)', async () => {
    const outbox = createOutbox();
    let open = true;
    const target = { ...recordingTarget(), isOpen: () => open };
    outbox.send(target, new Uint8Array([1]));
    open = false;
    await tick();
    expect(target.writes).toEqual([]);
  });

  it('reports the messages each flush wrote, not those dropped for a closed socket', async () => {
    const counts: number[] = [];
    const outbox = createOutbox({ onWritten: (messages) => counts.push(messages) });
    const a = recordingTarget();
    const closed = recordingTarget(false);
    const message = new Uint8Array([0, 2, 1, 1]);
    outbox.send(a, message);
    outbox.send(a, new Uint8Array([1, 1]));
    outbox.send(closed, message);
    await tick();
    outbox.send(closed, message);
    await tick();
    expect(counts).toEqual([2]);
  });
});
