import { CloseCode } from '@concord/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocumentNotFoundError } from '../persistence/document-not-found-error.ts';
import { createMemoryDocumentStore } from '../persistence/memory-store.ts';
import type { DocumentStore, UpdateToStore } from '../persistence/types.ts';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './messages.ts';
import { ProtocolError } from './protocol-error.ts';
import { Room } from './room.ts';
import type { RoomSession } from './session.ts';
import { UpdateGuard } from './update-guard.ts';

const log = pino({ level: 'silent' });

function fakeSession(id: string, readOnly = false): RoomSession & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return { id, userId: `usr_${id}`, userName: id, readOnly, sent, send: (m) => sent.push(m), close: () => {} };
}

/** A store whose appends wait until released, to observe what happens before an update is durable. */
function gatedStore(): { store: DocumentStore; release(): void; appended: UpdateToStore[][] } {
  const inner = createMemoryDocumentStore();
  inner.createDocument('doc');
  const appended: UpdateToStore[][] = [];
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => (open = resolve));
  return {
    appended,
    release() {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    store: {
      ...inner,
      async append(id, updates) {
        await gate;
        appended.push(updates);
        return inner.append(id, updates);
      },
    },
  };
}

/** A store whose first `failures` appends fail as a database outage would. */
function flakyStore(failures: number): { store: DocumentStore; inner: ReturnType<typeof createMemoryDocumentStore> } {
  const inner = createMemoryDocumentStore();
  inner.createDocument('doc');
  let left = failures;
  const store: DocumentStore = {
    ...inner,
    append(id, updates) {
      if (left-- > 0) return Promise.reject(new Error('database down'));
      return inner.append(id, updates);
    },
  };
  return { store, inner };
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('caption').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

/** Sync sub-type of a message we sent, or null for awareness. */
function syncType(message: Uint8Array): number | null {
  const decoder = decoding.createDecoder(message);
  return decoding.readVarUint(decoder) === 0 ? decoding.readVarUint(decoder) : null;
}

/** A client's awareness message setting one state. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Joins a session and completes its sync (step 1 with an empty state vector, the room's step 2 back), as a client does. */
async function joinSynced(room: Room, session: RoomSession): Promise<void> {
  room.join(session);
  room.receive(session, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  await tick();
}

/** A room on a fresh memory store holding the document. */
async function memoryRoom(): Promise<{ store: ReturnType<typeof createMemoryDocumentStore>; room: Room }> {
  const store = createMemoryDocumentStore();
  store.createDocument('doc');
  return { store, room: await openRoom(store) };
}

async function openRoom(store: DocumentStore): Promise<Room> {
  return Room.load({ documentId: 'doc', projectId: 'prj', store, log, awarenessMaxBytes: 1024, snapshotEveryUpdates: 1000 });
}

describe('Room', () => {
  it('[GD8] updates to a document deleted under it (erased) are dropped, not retried, and its sessions close', async () => {
    const inner = createMemoryDocumentStore();
    inner.createDocument('doc');
    let deleted = false;
    let appends = 0;
    const store: DocumentStore = {
      ...inner,
      async append(id, updates) {
        appends += 1;
        if (deleted) throw new DocumentNotFoundError(id);
        return inner.append(id, updates);
      },
    };
    const room = await openRoom(store);
    const closes: number[] = [];
    const writer = { ...fakeSession('w'), close: (code: number) => void closes.push(code) };
    room.join(writer);
    deleted = true;
    room.receive(writer, encodeSyncUpdate(update('late edit')));
    await room.settled();
    expect(appends).toBe(1);
    expect(closes).toEqual([CloseCode.forbidden]);
    await room.destroy(CloseCode.goingAway);
  });

  it('[R1] an update is durable before it is broadcast', async () => {
    const gated = gatedStore();
    const room = await openRoom(gated.store);
    const writer = fakeSession('w');
    const reader = fakeSession('r');
    room.join(writer);
    await joinSynced(room, reader);
    reader.sent.length = 0;
    room.receive(writer, encodeSyncUpdate(update('hello')));
    await tick();
    expect(reader.sent).toHaveLength(0);
    gated.release();
    await room.settled();
    expect(gated.appended).toHaveLength(1);
    expect(gated.appended[0]?.[0]).toMatchObject({ userId: 'usr_w', origin: 'client' });
    expect(reader.sent.map(syncType)).toEqual([2]);
    // The sender does not get its own update back.
    expect(writer.sent.map(syncType)).toEqual([0]);
  });

  it('[R2] a sync reply waits until everything applied before it is stored', async () => {
    const gated = gatedStore();
    const room = await openRoom(gated.store);
    const writer = fakeSession('w');
    const late = fakeSession('late');
    room.join(writer);
    room.receive(writer, encodeSyncUpdate(update('pending')));
    room.join(late);
    room.receive(late, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await tick();
    expect(late.sent.map(syncType)).toEqual([0]);
    gated.release();
    await room.settled();
    await tick();
    expect(late.sent.map(syncType)).toContain(1);
  });

  it('[R3] a read-only session cannot change the document', async () => {
    const { store, room } = await memoryRoom();
    const viewer = fakeSession('v', true);
    room.join(viewer);
    room.receive(viewer, encodeSyncUpdate(update('vandal')));
    await room.settled();
    expect(room.doc.getText('caption').toString()).toBe('');
    expect((await store.load('doc')).tail).toHaveLength(0);
  });

  it('[R4] awareness: identity from the session, other clients untouchable', async () => {
    const { room } = await memoryRoom();
    const alice = fakeSession('alice');
    const mallory = fakeSession('mallory');
    room.join(alice);
    room.join(mallory);
    const frame = awarenessFrame;
    room.receive(alice, frame(7, 1, { user: { name: 'Alice', id: 'usr_admin' } }));
    expect(room.awareness.getStates().get(7)).toEqual({ user: { id: 'usr_alice', name: 'alice' } });
    room.receive(mallory, frame(7, 5, { user: { name: 'owned' } }));
    room.receive(mallory, frame(7, 6, null));
    expect(room.awareness.getStates().get(7)).toEqual({ user: { id: 'usr_alice', name: 'alice' } });
    room.leave(alice);
    expect(room.awareness.getStates().has(7)).toBe(false);
  });

  it('[R5] a malformed update is refused and leaves the document untouched', async () => {
    const { store, room } = await memoryRoom();
    const writer = fakeSession('w');
    room.join(writer);
    room.receive(writer, encodeSyncUpdate(update('ok')));
    const bad = update('truncated').slice(0, 8);
    expect(() => room.receive(writer, encodeSyncUpdate(bad))).toThrow(ProtocolError);
    try {
      room.receive(writer, encodeSyncUpdate(bad));
    } catch (error) {
      expect((error as ProtocolError).code).toBe(CloseCode.invalidPayload);
    }
    await room.settled();
    expect(room.doc.getText('caption').toString()).toBe('ok');
    room.receive(writer, encodeSyncUpdate(update('!')));
    await room.settled();
    expect((await store.load('doc')).tail).toHaveLength(2);
  });

  it('[R1] a failed write is retried; nothing is broadcast until it succeeds', async () => {
    const { store, inner } = flakyStore(2);
    const room = await openRoom(store);
    const writer = fakeSession('w');
    const reader = fakeSession('r');
    room.join(writer);
    await joinSynced(room, reader);
    reader.sent.length = 0;
    room.receive(writer, encodeSyncUpdate(update('retry me')));
    await tick();
    expect(reader.sent).toHaveLength(0);
    await room.settled();
    expect(reader.sent.map(syncType)).toEqual([2]);
    expect((await inner.load('doc')).tail).toHaveLength(1);
  });

  it('[R9] an update written with another author\'s client id is refused and applies nothing', async () => {
    const { store, room } = await memoryRoom();
    const alice = fakeSession('alice');
    const mallory = fakeSession('mallory');
    room.join(alice);
    room.join(mallory);
    const aliceDoc = new Y.Doc();
    aliceDoc.getText('caption').insert(0, 'by alice');
    room.receive(alice, encodeSyncUpdate(Y.encodeStateAsUpdate(aliceDoc)));
    await room.settled();
    expect((await store.clientOwners('doc')).get(aliceDoc.clientID)).toEqual({ kind: 'user', userId: 'usr_alice' });

    // Mallory writes more text under Alice's client id.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(aliceDoc));
    // Set after applying: Yjs gives a doc a new client id when a remote update carries its own.
    forged.clientID = aliceDoc.clientID;
    const before = Y.encodeStateVector(forged);
    forged.getText('caption').insert(0, 'forged ');
    const error = catchError(() => room.receive(mallory, encodeSyncUpdate(Y.encodeStateAsUpdate(forged, before))));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(CloseCode.policyViolation);
    await room.settled();
    expect(room.doc.getText('caption').toString()).toBe('by alice');

    // Alice herself may go on with her client id.
    aliceDoc.getText('caption').insert(8, '!');
    room.receive(alice, encodeSyncUpdate(Y.encodeStateAsUpdate(aliceDoc, Y.encodeStateVector(room.doc))));
    await room.settled();
    expect(room.doc.getText('caption').toString()).toBe('by alice!');
  });

  it('[R10] a cursor sent after an edit reaches peers after that edit is broadcast, never before', async () => {
    const gated = gatedStore();
    const room = await openRoom(gated.store);
    const writer = fakeSession('w');
    const reader = fakeSession('r');
    room.join(writer);
    await joinSynced(room, reader);
    room.receive(writer, awarenessFrame(11, 1, { cursor: 0 }));
    expect(reader.sent.map(syncType).slice(-1)).toEqual([null]);
    reader.sent.length = 0;
    room.receive(writer, encodeSyncUpdate(update('typed')));
    room.receive(writer, awarenessFrame(11, 2, { cursor: 5 }));
    await tick();
    expect(reader.sent).toEqual([]);
    gated.release();
    await room.settled();
    expect(reader.sent.map(syncType)).toEqual([2, null]);
    expect(room.awareness.getStates().get(11)).toMatchObject({ cursor: 5 });
  });

  it('[R10] held cursors are sent anyway while storage fails (presence keeps flowing)', async () => {
    const { store } = flakyStore(1);
    const room = await openRoom(store);
    const writer = fakeSession('w');
    const reader = fakeSession('r');
    room.join(writer);
    await joinSynced(room, reader);
    reader.sent.length = 0;
    room.receive(writer, encodeSyncUpdate(update('typed')));
    room.receive(writer, awarenessFrame(12, 1, { cursor: 5 }));
    await tick();
    expect(reader.sent.map(syncType)).toEqual([null]);
    await room.settled();
    expect(reader.sent.map(syncType)).toEqual([null, 2]);
  });

  it('[R4] a stock client echoing everyone\'s states (a room of 30) is not closed; only its own entry counts', async () => {
    const { room } = await memoryRoom();
    const sessions = Array.from({ length: 30 }, (_, i) => fakeSession(`s${i}`));
    sessions.forEach((session, i) => {
      room.join(session);
      room.receive(session, awarenessFrame(1000 + i, 1, { cursor: i }));
    });
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 30);
    for (let i = 0; i < 30; i++) {
      encoding.writeVarUint(inner, 1000 + i);
      encoding.writeVarUint(inner, i === 0 ? 2 : 9);
      encoding.writeVarString(inner, JSON.stringify({ cursor: i === 0 ? 'moved' : 'forged' }));
    }
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    room.receive(sessions[0]!, encoding.toUint8Array(outer));
    expect(room.awareness.getStates().get(1000)).toMatchObject({ cursor: 'moved' });
    expect(room.awareness.getStates().get(1001)).toMatchObject({ cursor: 1 });
    expect(room.awareness.getStates().size).toBe(30);
  });

  it('[R11] a session gets document updates only once it was sent the document (its sync reply)', async () => {
    const { room } = await memoryRoom();
    const writer = fakeSession('w');
    const late = fakeSession('late');
    room.join(writer);
    room.join(late);
    late.sent.length = 0;
    room.receive(writer, encodeSyncUpdate(update('before sync')));
    await room.settled();
    room.receive(writer, awarenessFrame(21, 1, { cursor: 1 }));
    // No update before its sync reply; presence does flow.
    expect(late.sent.map(syncType)).toEqual([null]);
    room.receive(late, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await tick();
    expect(late.sent.map(syncType)).toEqual([null, 1]);
    room.receive(writer, encodeSyncUpdate(update('after sync')));
    await room.settled();
    expect(late.sent.map(syncType)).toEqual([null, 1, 2]);
  });

  it('[R12] a new client is sent the stored snapshot as is after a load, the same reply while nothing changes, a fresh one after an edit', async () => {
    const { store, room: first } = await memoryRoom();
    const writer = fakeSession('w');
    await joinSynced(first, writer);
    first.receive(writer, encodeSyncUpdate(update('stored ')));
    await first.destroy();
    await store.compact('doc');
    const { snapshot, tail } = await store.load('doc');
    expect(tail).toEqual([]);

    const room = await openRoom(store);
    const [a, b] = [fakeSession('a'), fakeSession('b')];
    await joinSynced(room, a);
    await joinSynced(room, b);
    const replyOf = (session: { sent: Uint8Array[] }) => session.sent.find((m) => syncType(m) === 1)!;
    expect(Buffer.from(replyOf(a)).equals(Buffer.from(encodeSyncStep2(snapshot!)))).toBe(true);
    expect(replyOf(b)).toBe(replyOf(a));

    room.receive(a, encodeSyncUpdate(update('edited ')));
    await room.settled();
    const c = fakeSession('c');
    await joinSynced(room, c);
    const decoder = decoding.createDecoder(replyOf(c));
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
    expect(doc.getText('caption').toString()).toContain('edited ');
    expect(doc.getText('caption').toString()).toContain('stored ');
    await room.destroy();
  });

  it('[R13] an empty update (a stock client\'s sync step 2 when it has nothing new) is not checked, applied or stored', async () => {
    const { store, room } = await memoryRoom();
    const check = vi.spyOn(UpdateGuard.prototype, 'check');
    const writer = fakeSession('w');
    await joinSynced(room, writer);
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    room.receive(writer, encodeSyncUpdate(empty));
    await room.settled();
    expect(check).not.toHaveBeenCalled();
    expect((await store.load('doc')).tail).toEqual([]);
    room.receive(writer, encodeSyncUpdate(update('real')));
    await room.settled();
    expect(check).toHaveBeenCalledTimes(1);
    check.mockRestore();
    await room.destroy();
  });
});

function catchError(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}
