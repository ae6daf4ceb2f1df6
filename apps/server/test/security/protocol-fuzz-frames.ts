import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

/** One fuzz case: frames sent in order on one socket (a string is sent as a text frame). */
export interface FuzzCase {
  /** Short description of how the frames were made, for the report and the counterexample. */
  label: string;
  frames: Array<Uint8Array | string>;
}

/** y-protocols framing: [0, syncType, varUint8Array] / [1, varUint8Array] / [2, 0, reason] / [3]. */
export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function authFrame(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

const queryAwarenessFrame = new Uint8Array([3]);

/** A varuint that lib0 decodes as NaN: 0x80 continuation bytes until the multiplier overflows to Infinity. */
export const nanVarint = [...new Array<number>(160).fill(0x80), 0x01];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'set'; key: string; value: string | number | boolean | null }
  | { kind: 'nest'; key: string; depth: number }
  | { kind: 'push'; values: Array<string | number> }
  | { kind: 'unset'; key: string };

const key = fc.constantFrom('label', 'done', 'score', 'note', 'x');
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(40), text: fc.string({ maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(40), length: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), key, depth: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('push' as const), values: fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unset' as const), key }) },
);

function applyEdit(doc: Y.Doc, e: Edit): void {
  const text = doc.getText('caption');
  const meta = doc.getMap('meta');
  switch (e.kind) {
    case 'insert':
      text.insert(Math.min(e.at, text.length), e.text);
      return;
    case 'delete':
      if (text.length > 0) text.delete(Math.min(e.at, text.length - 1), Math.min(e.length, text.length - Math.min(e.at, text.length - 1)));
      return;
    case 'set':
      meta.set(e.key, e.value);
      return;
    case 'nest': {
      let parent = meta;
      let name = e.key;
      for (let i = 0; i < e.depth; i++) {
        const child = new Y.Map<unknown>();
        parent.set(name, child);
        parent = child as Y.Map<unknown>;
        name = 'c';
      }
      return;
    }
    case 'push':
      doc.getArray('list').push(e.values);
      return;
    case 'unset':
      meta.delete(e.key);
      return;
  }
}

/** Real Yjs traffic of one client: its full update, the part after a split (missing dependencies), a state vector, awareness. */
interface Traffic {
  clientId: number;
  full: Uint8Array;
  tail: Uint8Array;
  stateVector: Uint8Array;
  awareness: Uint8Array;
}

const traffic: fc.Arbitrary<Traffic> = fc
  .record({
    clientId: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    before: fc.array(edit, { minLength: 1, maxLength: 6 }),
    after: fc.array(edit, { minLength: 1, maxLength: 6 }),
    cursor: fc.record({ anchor: fc.nat(100), head: fc.nat(100) }),
    name: fc.string({ maxLength: 10 }),
  })
  .map(({ clientId, before, after, cursor, name }) => {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    for (const e of before) applyEdit(doc, e);
    const split = Y.encodeStateVector(doc);
    for (const e of after) applyEdit(doc, e);
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ cursor, user: { name, color: '#30bced' } });
    const result = {
      clientId,
      full: Y.encodeStateAsUpdate(doc),
      tail: Y.encodeStateAsUpdate(doc, split),
      stateVector: Y.encodeStateVector(doc),
      awareness: awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
    };
    awareness.destroy();
    doc.destroy();
    return result;
  });

/** A valid y-websocket message built from real traffic, plus the update inside it (if any) for payload mutations. */
interface Message {
  name: string;
  build: (payload: Uint8Array) => Uint8Array;
  payload: Uint8Array;
}

function messagesOf(t: Traffic): Message[] {
  return [
    { name: 'sync-step1', build: (p) => syncFrame(0, p), payload: t.stateVector },
    { name: 'sync-step2', build: (p) => syncFrame(1, p), payload: t.full },
    { name: 'update', build: (p) => syncFrame(2, p), payload: t.full },
    { name: 'update-missing-deps', build: (p) => syncFrame(2, p), payload: t.tail },
    { name: 'awareness', build: (p) => awarenessFrame(p), payload: t.awareness },
    { name: 'auth', build: (p) => p, payload: authFrame('permission denied') },
    { name: 'query-awareness', build: (p) => p, payload: queryAwarenessFrame },
  ];
}

const message: fc.Arbitrary<Message> = fc.tuple(traffic, fc.nat(6)).map(([t, i]) => messagesOf(t)[i] as Message);

/** Mutations of a byte string (a whole frame, or the update inside a correctly framed message). */
type Mutation = (bytes: Uint8Array) => Uint8Array;

const bigVarint = fc.constantFrom(2 ** 7, 2 ** 14, 2 ** 21, 2 ** 31, 2 ** 32, 2 ** 53 - 1);

function varUint(n: number): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, n);
  return [...encoding.toUint8Array(encoder)];
}

const mutation: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  fc.array(fc.record({ at: fc.nat(), bit: fc.nat(7) }), { minLength: 1, maxLength: 8 }).map((flips) => ({
    name: `flip${flips.length}`,
    apply: (b: Uint8Array) => {
      const out = b.slice();
      for (const { at, bit } of flips) if (out.length > 0) out[at % out.length]! ^= 1 << bit;
      return out;
    },
  })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((keep) => ({ name: 'truncate', apply: (b: Uint8Array) => b.slice(0, Math.floor(b.length * keep)) })),
  fc.tuple(fc.nat(), fc.oneof(bigVarint, fc.nat(300))).map(([at, n]) => ({
    name: `varint@${n}`,
    // Overwrite the byte at `at` with a varuint (often a count or length prefix).
    apply: (b: Uint8Array) => splice(b, at % (b.length + 1), 1, varUint(n)),
  })),
  fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 8, max: 20 }), fc.integer({ min: 145, max: 200 })), fc.constantFrom(0x80, 0xff)).map(([at, n, byte]) => ({
    name: `overflow${n}x${byte.toString(16)}`,
    // Long continuation runs: lib0 throws past 2^53 (0xff) or decodes NaN once its multiplier overflows (0x80).
    apply: (b: Uint8Array) => splice(b, at % (b.length + 1), 0, [...new Array<number>(n).fill(byte), 0x01]),
  })),
  fc.tuple(fc.nat(), fc.nat(64)).map(([at, n]) => ({ name: 'cut', apply: (b: Uint8Array) => splice(b, at % (b.length + 1), n, []) })),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, bytes]) => ({
    name: 'insert',
    apply: (b: Uint8Array) => splice(b, at % (b.length + 1), 0, [...bytes]),
  })),
);

function splice(bytes: Uint8Array, at: number, remove: number, insert: number[]): Uint8Array {
  return new Uint8Array([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at + remove)]);
}

/** Re-frames a message with a wrong length prefix (larger or smaller than its payload). */
function withLength(m: Message, length: number): Uint8Array {
  const framed = m.build(m.payload);
  const prefix = varUint(m.payload.length);
  const header = framed.length - m.payload.length - prefix.length;
  if (header < 0 || m.name === 'auth' || m.name === 'query-awareness') return framed;
  return new Uint8Array([...framed.subarray(0, header), ...varUint(length), ...m.payload]);
}

const valid = message.map((m) => ({ label: m.name, frames: [m.build(m.payload)] }));

const mutatedFrame = fc.tuple(message, mutation).map(([m, mut]) => ({ label: `${m.name}/frame-${mut.name}`, frames: [mut.apply(m.build(m.payload))] }));

const mutatedPayload = fc
  .tuple(message, mutation)
  .map(([m, mut]) => ({ label: `${m.name}/payload-${mut.name}`, frames: [m.build(mut.apply(m.payload))] }));

const lengthPrefix = fc
  .tuple(message, fc.oneof(bigVarint, fc.integer({ min: -8, max: 8 })))
  .map(([m, delta]) => ({ label: `${m.name}/length${delta > 8 ? '=' : '+'}${delta}`, frames: [withLength(m, delta > 8 ? delta : Math.max(0, m.payload.length + delta))] }));

const typeSwap = fc.tuple(message, fc.oneof(fc.nat(6), fc.nat(300), bigVarint), fc.boolean()).map(([m, type, sub]) => {
  const framed = m.build(m.payload);
  // Replace the message type (first varuint), or for sync messages the sync type (second one).
  const at = sub && framed[0] === 0 ? 1 : 0;
  return { label: `${m.name}/${sub ? 'sub' : ''}type=${type}`, frames: [splice(framed, at, 1, varUint(type))] };
});

const spliced = fc.tuple(message, message, fc.boolean()).map(([a, b, join]) => {
  const x = a.build(a.payload);
  const y = b.build(b.payload);
  // Two messages in one frame, or one message's header with the other's payload.
  return join
    ? { label: `${a.name}+${b.name}`, frames: [new Uint8Array([...x, ...y])] }
    : { label: `${a.name}<-${b.name}`, frames: [a.build(b.payload)] };
});

const repeated = fc.tuple(message, fc.integer({ min: 2, max: 12 })).map(([m, n]) => ({ label: `${m.name}x${n}`, frames: new Array<Uint8Array>(n).fill(m.build(m.payload)) }));

const sequence = fc.array(fc.oneof(valid, mutatedPayload), { minLength: 2, maxLength: 5 }).map((cases) => ({
  label: cases.map((c) => c.label).join(' > '),
  frames: cases.flatMap((c) => c.frames),
}));

/** A number as varuint bytes, where NaN stands for the ~160-byte varuint lib0 decodes as NaN. */
function varBytes(n: number): number[] {
  return Number.isNaN(n) ? nanVarint : varUint(n);
}

const extreme = fc.oneof(fc.nat(4), fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1), fc.constant(Number.NaN));

/**
 * Hand-made v1 updates of the yjs#687 kind: few bytes claiming extreme counts, clocks and lengths in GC, Skip
 * and deleted-content structs and in the delete set (the parts whose sizes are not backed by bytes).
 */
const forged = fc
  .record({
    clients: fc.array(
      fc.record({
        // null: as many as there are (a well-formed count), else a claim.
        count: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: extreme }),
        client: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 2 ** 32 - 1 }) }, { weight: 1, arbitrary: extreme }),
        clock: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: extreme }),
        structs: fc.array(fc.record({ kind: fc.constantFrom(0, 10, 1), length: fc.oneof(extreme, fc.constant(2 ** 53 - 1)) }), { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 2 },
    ),
    deletes: fc.array(fc.record({ client: extreme, clock: extreme, length: extreme }), { maxLength: 2 }),
  })
  .map(({ clients, deletes }) => {
    const bytes: number[] = [...varUint(clients.length)];
    for (const c of clients) {
      bytes.push(...varBytes(c.count ?? c.structs.length), ...varBytes(c.client), ...varBytes(c.clock));
      for (const s of c.structs) {
        // 0: GC(length); 10: Skip(length); 1: deleted content in the root type 'caption' (parent info, name, length).
        if (s.kind === 1) bytes.push(1, 1, 7, ...[...'caption'].map((ch) => ch.charCodeAt(0)), ...varBytes(s.length));
        else bytes.push(s.kind, ...varBytes(s.length));
      }
    }
    bytes.push(...varUint(deletes.length));
    for (const d of deletes) bytes.push(...varBytes(d.client), 1, ...varBytes(d.clock), ...varBytes(d.length));
    const label = clients.map((c) => `[${c.count ?? c.structs.length}×${c.client}@${c.clock}: ${c.structs.map((s) => `${s.kind}/${s.length}`).join(',')}]`).join('');
    return { label: `forged${label} ds${deletes.length}`, frames: [syncFrame(2, new Uint8Array(bytes))] };
  });

/** Big or deep content and oversized frames; sizes stay under what a real annotation document needs to be fast. */
const huge = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => {
    const doc = new Y.Doc();
    doc.getText('caption').insert(0, 'x'.repeat(n));
    return { label: `big-text${n}`, frames: [syncFrame(2, Y.encodeStateAsUpdate(doc))] };
  }),
  fc.integer({ min: 100, max: 3_000 }).map((n) => {
    const doc = new Y.Doc();
    const list = doc.getArray('list');
    // Inserting at the front makes one struct per element (they never merge).
    for (let i = 0; i < n; i++) list.insert(0, [i]);
    return { label: `many-structs${n}`, frames: [syncFrame(2, Y.encodeStateAsUpdate(doc))] };
  }),
  fc.integer({ min: 20, max: 60 }).map((depth) => {
    const doc = new Y.Doc();
    applyEdit(doc, { kind: 'nest', key: 'deep', depth });
    return { label: `nested${depth}`, frames: [syncFrame(2, Y.encodeStateAsUpdate(doc))] };
  }),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => ({
    label: `awareness-state${n}`,
    frames: [awarenessFrame(rawAwareness([{ clientId: 77, clock: 1, state: JSON.stringify({ pad: 'x'.repeat(n) }) }]))],
  })),
  fc.integer({ min: 9_990, max: 10_010 }).map((n) => ({
    label: `awareness-entries${n}`,
    frames: [awarenessFrame(rawAwareness(Array.from({ length: n }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, state: 'null' }))))],
  })),
  fc.integer({ min: -2, max: 2 }).map((delta) => ({ label: `frame-size-limit${delta >= 0 ? '+' : ''}${delta}`, frames: [oversized(delta)] })),
  fc.constantFrom(700, 1_000).map((n) => ({ label: `flood${n}`, frames: new Array<Uint8Array>(n).fill(syncFrame(0, new Uint8Array([0]))) })),
  fc.string({ maxLength: 20 }).map((text) => ({ label: 'text-frame', frames: [text] })),
);

/** Frame size limit the fuzz target is started with (`CONCORD_WS_MAX_FRAME_BYTES`). */
export const fuzzMaxFrameBytes = 256 * 1024;

function oversized(delta: number): Uint8Array {
  const frame = new Uint8Array(fuzzMaxFrameBytes + delta);
  frame.set(syncFrame(2, new Uint8Array(0)).subarray(0, 2));
  return frame;
}

export function rawAwareness(entries: Array<{ clientId: number; clock: number; state: string }>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Payloads from known Yjs decoding bugs, shaped for this server (v1 updates inside sync messages):
 * yjs#479 (garbage bytes hang `applyUpdate` in lib0's readVarUint), yjs#498 (a zero-length update loops),
 * yjs#687 (a tiny update claims a huge struct count or length and spins or eats memory; shown for v2's
 * run-length decoders, here also in its v1 shapes), and a length that decodes to NaN (found by this fuzzer).
 */
export const knownBadPayloads: Array<FuzzCase & { expect: number | 'no-change' | 'accepted' }> = [
  { label: 'yjs#479 garbage update', expect: 1007, frames: [syncFrame(2, Buffer.from('garbagedoc', 'base64'))] },
  { label: 'yjs#479 garbage sync step 2', expect: 1007, frames: [syncFrame(1, Buffer.from('garbagedoc', 'base64'))] },
  { label: 'yjs#498 zero-length update', expect: 1007, frames: [syncFrame(2, new Uint8Array(0))] },
  { label: 'yjs#498 zero-length state vector', expect: 1007, frames: [syncFrame(0, new Uint8Array(0))] },
  { label: 'yjs#687 v2 bomb sent as an update', expect: 'no-change', frames: [syncFrame(2, Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'))] },
  { label: 'yjs#687 2^32-1 structs in 8 bytes', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, ...varUint(2 ** 32 - 1), 5, 0, 0, 1, 0]))] },
  { label: 'yjs#687 2^53-1 client updates', expect: 1007, frames: [syncFrame(2, new Uint8Array([...varUint(2 ** 53 - 1), 0, 5, 0, 0]))] },
  { label: 'yjs#687 struct at clock 2^53-1 (held pending)', expect: 'accepted', frames: [syncFrame(2, new Uint8Array([1, 1, 6, ...varUint(2 ** 53 - 1), 0, ...varUint(2 ** 53 - 1), 0]))] },
  { label: 'yjs#687 two GCs of length 2^53-1 (clock past 2^53)', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, 2, 6, 0, 0, ...varUint(2 ** 53 - 1), 0, ...varUint(2 ** 53 - 1), 0]))] },
  { label: 'yjs#687 skip of length 2^53-1', expect: 'no-change', frames: [syncFrame(2, new Uint8Array([1, 1, 7, 0, 10, ...varUint(2 ** 53 - 1), 0]))] },
  { label: 'yjs#687 delete range of 2^53-1', expect: 'accepted', frames: [syncFrame(2, new Uint8Array([0, 1, 5, 1, 0, ...varUint(2 ** 53 - 1)]))] },
  { label: 'yjs#687 string length 2^31', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, 1, 8, 0, 4, 1, 7, ...[...'caption'].map((c) => c.charCodeAt(0)), ...varUint(2 ** 31), 0x61, 0]))] },
  { label: 'deleted content of length 0 after a GC (stored, it would not load)', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, 2, 11, 0, 0, 3, 1, 1, 7, ...[...'caption'].map((c) => c.charCodeAt(0)), 0, 0]))] },
  { label: 'GC whose length decodes to NaN', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, 1, 9, 0, 0, ...nanVarint, 0]))] },
  { label: 'client id that decodes to NaN', expect: 1007, frames: [syncFrame(2, new Uint8Array([1, 1, ...nanVarint, 0, 0, 1, 0]))] },
  { label: 'message type that decodes to NaN', expect: 1007, frames: [new Uint8Array([...nanVarint, 0, 0])] },
];

const knownBad = fc.constantFrom(...knownBadPayloads);

/** Every kind of case, weighted towards mutations of real traffic. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 2, arbitrary: valid },
  { weight: 4, arbitrary: mutatedFrame },
  { weight: 6, arbitrary: mutatedPayload },
  { weight: 2, arbitrary: lengthPrefix },
  { weight: 2, arbitrary: typeSwap },
  { weight: 2, arbitrary: spliced },
  { weight: 1, arbitrary: repeated },
  { weight: 2, arbitrary: sequence },
  { weight: 1, arbitrary: huge },
  { weight: 2, arbitrary: knownBad },
  { weight: 6, arbitrary: forged },
);
