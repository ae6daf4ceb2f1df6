import { CloseCode } from '@concord/protocol';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ProtocolError } from './protocol-error.ts';
import { UpdateGuard } from './update-guard.ts';

/** A varuint lib0 decodes as NaN: continuation bytes until its multiplier overflows to Infinity, then an end byte. */
const nanVarint = [...new Array<number>(160).fill(0x80), 0x01];

function varUint(n: number): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, n);
  return [...encoding.toUint8Array(encoder)];
}

/** A v1 update: one client (`client` bytes) at clock 0 with the given struct bytes, and an empty delete set. */
function update(client: number[], structCount: number, structs: number[]): Uint8Array {
  return new Uint8Array([1, structCount, ...client, 0, ...structs, 0]);
}

function refusal(guard: UpdateGuard, bytes: Uint8Array): ProtocolError | null {
  try {
    guard.check(bytes);
    return null;
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

describe('UpdateGuard', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['a GC whose length decodes to NaN', update([9], 1, [0, ...nanVarint])],
    ['a client id that decodes to NaN', update(nanVarint, 1, [0, 1])],
    ['two GCs of 2^53-1 (the clock passes 2^53)', update([6], 2, [0, ...varUint(2 ** 53 - 1), 0, ...varUint(2 ** 53 - 1)])],
  ];

  for (const [name, bytes] of cases) {
    it(`[R14] ${name} is refused with 1007; the document still encodes and takes edits`, () => {
      const doc = new Y.Doc();
      doc.getText('caption').insert(0, 'intact');
      const before = Y.encodeStateAsUpdate(doc);
      const guard = new UpdateGuard(doc);
      // Yjs itself integrates these: without the guard the document could not be encoded any more (or would encode wrong).
      expect(refusal(guard, bytes)?.code).toBe(CloseCode.invalidPayload);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
      const author = new Y.Doc();
      Y.applyUpdate(author, before);
      author.getText('caption').insert(6, '!');
      const edit = Y.encodeStateAsUpdate(author, Y.encodeStateVector(doc));
      expect(refusal(guard, edit)).toBeNull();
      Y.applyUpdate(doc, edit);
      expect(doc.getText('caption').toString()).toBe('intact!');
    });
  }

  it('[R15] a struct of length 0 is refused with 1007: the update stored for it could not be applied again', () => {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, 'intact');
    const before = Y.encodeStateAsUpdate(doc);
    const guard = new UpdateGuard(doc);
    // Client 7: a GC of length 3, then deleted content of length 0 in the root type 'caption'.
    const empty = update([7], 2, [0, 3, 1, 1, 7, ...[...'caption'].map((c) => c.charCodeAt(0)), 0]);
    expect(refusal(guard, empty)?.code).toBe(CloseCode.invalidPayload);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // What happened without the guard: Yjs integrates it, and the update it emits (what the room stores) throws on load.
    const unguarded = new Y.Doc();
    let emitted: Uint8Array | null = null;
    unguarded.on('update', (u: Uint8Array) => (emitted = u));
    Y.applyUpdate(unguarded, empty);
    expect(() => Y.applyUpdate(new Y.Doc(), emitted!)).toThrow();
  });

  it('[R14] a struct held pending far ahead (clock 2^53-1) is not refused: it never integrates', () => {
    const guard = new UpdateGuard(new Y.Doc());
    expect(refusal(guard, new Uint8Array([1, 1, 6, ...varUint(2 ** 53 - 1), 0, ...varUint(2 ** 53 - 1), 0]))).toBeNull();
  });

  it('[R16] a deletion of unwritten clocks that ends past 2^53-1 is refused with 1007; one within range is held pending as before', () => {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, 'intact');
    const before = Y.encodeStateAsUpdate(doc);
    const guard = new UpdateGuard(doc);
    // No structs; a delete set for client 9 over clocks nobody has written yet (the fuzzer's shape).
    const ranges = [[1, 2 ** 53 - 1], [1, 2 ** 53 - 1], [0, 2 ** 32]].flatMap(([clock, len]) => [...varUint(clock!), ...varUint(len!)]);
    const deletion = new Uint8Array([0, 1, 9, 3, ...ranges]);
    expect(refusal(guard, deletion)?.code).toBe(CloseCode.invalidPayload);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // A deletion of unwritten clocks within range is held pending as before.
    expect(refusal(guard, new Uint8Array([0, 1, 9, 1, ...varUint(5), ...varUint(3)]))).toBeNull();
  });

  /** One client's update inserting `n` numbers at the front of 'list', one struct each (they never merge). */
  function frontInserts(n: number, clientId: number): Uint8Array {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    for (let i = 0; i < n; i++) doc.getArray('list').insert(0, [i]);
    return Y.encodeStateAsUpdate(doc);
  }

  it('[R17] an update that takes longer than the budget to integrate is refused with 1008 before the real document pays for it', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, frontInserts(5_000, 5));
    const before = Y.encodeStateAsUpdate(doc);
    const guard = new UpdateGuard(doc, 20);
    // Made without knowing the 5,000: each of the 3,000 scans them in Yjs' conflict resolution (~1 s unchecked here).
    const crafted = frontInserts(3_000, 6);
    const started = performance.now();
    const error = refusal(guard, crafted);
    const took = performance.now() - started;
    expect(error?.code).toBe(CloseCode.policyViolation);
    expect(error?.message).toMatch(/longer than 2[0-9] ms/);
    // Stopped near the budget, not after the whole integration (generous bound for a loaded machine).
    expect(took).toBeLessThan(400);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // The guard works on: a fresh shadow takes an ordinary edit.
    const author = new Y.Doc();
    Y.applyUpdate(author, before);
    author.getArray('list').insert(0, ['edit']);
    expect(refusal(guard, Y.encodeStateAsUpdate(author, Y.encodeStateVector(doc)))).toBeNull();
  });

  it('[R17] large ordinary updates stay within the default budget', () => {
    const guard = new UpdateGuard(new Y.Doc());
    // A client that built a 3,000-element list or pasted 300,000 characters while offline.
    expect(refusal(guard, frontInserts(3_000, 7))).toBeNull();
    const text = new Y.Doc();
    text.getText('caption').insert(0, 'x'.repeat(300_000));
    expect(refusal(guard, Y.encodeStateAsUpdate(text))).toBeNull();
  });

  it('[R17] an ordinary edit is never refused, even when a pause (GC, another thread, the scheduler) makes its check overrun', () => {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, 'hello world '.repeat(100));
    const guard = new UpdateGuard(doc, 5);
    const author = new Y.Doc();
    Y.applyUpdate(author, Y.encodeStateAsUpdate(doc));
    // Each check sits through one 50 ms pause that used 50 ms of the process' CPU (a GC, another thread):
    // the clock's second read in a check (the first is arm's) jumps; other reads move 10 µs.
    let now = performance.now();
    let cpuUs = process.cpuUsage().user;
    let reads = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => {
      const jump = ++reads === 2 ? 50 : 0.01;
      cpuUs += jump * 1000;
      return (now += jump);
    });
    const usage = vi.spyOn(process, 'cpuUsage').mockImplementation(() => ({ user: cpuUs, system: 0 }));
    try {
      for (let i = 0; i < 24; i++) {
        const sv = Y.encodeStateVector(author);
        author.transact(() => {
          const caption = author.getText('caption');
          caption.insert(i * 7, '~edit-of-20-chars-!');
          author.getMap('meta').set('seq', i);
          // Every third edit also deletes and formats: enough lookups that its check is timed (and sits through a pause).
          if (i % 3 === 2) {
            caption.delete(i * 11, 5);
            caption.format(0, 20, { bold: i % 2 === 0 });
          }
        });
        reads = 0;
        expect(refusal(guard, Y.encodeStateAsUpdate(author, sv)), `edit ${i}`).toBeNull();
      }
    } finally {
      clock.mockRestore();
      usage.mockRestore();
    }
  });
});

