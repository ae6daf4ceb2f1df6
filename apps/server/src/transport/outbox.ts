import type { Duplex } from 'node:stream';

/** Where an outbox writes: the upgraded socket, and whether its WebSocket may still send data frames. */
export interface OutboxTarget {
  socket: Duplex;
  /** False once a close frame was sent or the socket closed: data frames must not follow a close frame. */
  isOpen(): boolean;
}

export interface Outbox {
  /** Queues one binary message for a target; everything queued in this tick leaves in one write per target. */
  send(target: OutboxTarget, message: Uint8Array): void;
}

/**
 * Frames a binary WebSocket message as a server sends it (RFC 6455 §5.2: FIN, opcode 2, no mask),
 * header and payload in one buffer.
 */
export function frameBinary(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

/**
 * Sends document messages with as little work per recipient as possible: a message broadcast to a
 * room is framed once (the same `Uint8Array` reaches every session, so frames are cached per message),
 * and what one socket is sent in one tick (an update and the cursor that follows it, a batch of
 * updates) leaves in a single write, so one system call per socket per tick.
 * `onWritten` hears how many messages each flush wrote (for the metrics).
 * @example const outbox = createOutbox(); outbox.send({ socket, isOpen: () => ws.readyState === ws.OPEN }, message);
 */
export function createOutbox(options: { onWritten?(messages: number): void } = {}): Outbox {
  const frames = new WeakMap<Uint8Array, Buffer>();
  const queued = new Map<OutboxTarget, Buffer[]>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    let written = 0;
    for (const [target, list] of queued) {
      if (!target.isOpen() || target.socket.destroyed) continue;
      target.socket.write(list.length === 1 ? (list[0] as Buffer) : Buffer.concat(list));
      written += list.length;
    }
    queued.clear();
    if (written > 0) options.onWritten?.(written);
  };

  return {
    send(target, message) {
      let frame = frames.get(message);
      if (!frame) {
        frame = frameBinary(message);
        frames.set(message, frame);
      }
      const list = queued.get(target);
      if (list) list.push(frame);
      else queued.set(target, [frame]);
      if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    },
  };
}
