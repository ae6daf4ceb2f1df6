import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLossyPubSub, type LossyPubSub } from '../../test/helpers/lossy-pubsub.ts';
import { createMemoryCoordination } from '../coordination/memory.ts';
import { createMemoryDocumentStore } from '../persistence/memory-store.ts';
import type { DocumentStore } from '../persistence/types.ts';
import { decodeFanout } from './fanout.ts';
import { encodeSyncUpdate } from './messages.ts';
import { RoomRegistry, type RoomRegistryOptions } from './registry.ts';
import type { Room } from './room.ts';
import type { RoomSession } from './session.ts';

const log = pino({ level: 'silent' });
const never = 3_600_000;

function fakeSession(id: string): RoomSession {
  return { id, userId: `usr_${id}`, userName: id, readOnly: false, send: () => {}, close: () => {} };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** A client document whose edits are sent one update at a time. */
function writerOf(room: Room, session: RoomSession) {
  const doc = new Y.Doc();
  return (text: string) => {
    const before = Y.encodeStateVector(doc);
    doc.getText('caption').insert(doc.getText('caption').length, text);
    room.receive(session, encodeSyncUpdate(Y.encodeStateAsUpdate(doc, before)));
    return doc.getText('caption').toString();
  };
}

const isUpdate = (_channel: string, message: Uint8Array) => decodeFanout(message)?.kind === 'update';

describe('room registry across instances', () => {
  const registries: RoomRegistry[] = [];
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.shutdown()));
  });

  /** Two registries on one store and one pub/sub; the second hears through a lossy decorator. */
  async function twoInstances(options: Partial<RoomRegistryOptions>) {
    const memory = createMemoryDocumentStore();
    memory.createDocument('doc');
    const reads: number[] = [];
    const store: DocumentStore = { ...memory, updatesAfter: (id, after, limit) => (reads.push(after), memory.updatesAfter(id, after, limit)) };
    const coordination = createMemoryCoordination();
    const lossy: LossyPubSub = createLossyPubSub(coordination.pubsub);
    const base = { store, log, awarenessMaxBytes: 1024, snapshotEveryUpdates: 1000, unloadAfterMs: never, gapDelayMs: 5, ...options };
    const a = new RoomRegistry({ ...base, instanceId: 'a', pubsub: coordination.pubsub });
    const b = new RoomRegistry({ ...base, instanceId: 'b', pubsub: lossy });
    registries.push(a, b);
    const roomA = await a.join('doc', 'prj', fakeSession('wa'));
    const roomB = await b.join('doc', 'prj', fakeSession('rb'));
    const textB = () => roomB.doc.getText('caption').toString();
    const writer = fakeSession('wa2');
    roomA.join(writer);
    return { store: memory, reads, lossy, roomA, roomB, textB, write: writerOf(roomA, writer) };
  }

  it('[I3] a lost message is filled from the store when the next one reveals the hole; nothing is stored twice', async () => {
    const { store, reads, lossy, textB, write } = await twoInstances({ reconcileEveryMs: never });
    write('one ');
    await eventually(() => textB() === 'one ', 'the first edit');
    lossy.drop = isUpdate;
    write('two ');
    await eventually(() => lossy.dropped === 1, 'the drop');
    lossy.drop = () => false;
    // Depends on the lost edit: Yjs keeps it pending until the catch-up brings 'two'.
    const all = write('three');
    await eventually(() => textB() === all, 'the catch-up');
    expect(reads).toEqual([1]);
    expect((await store.updatesAfter('doc', 0)).map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('[I4] a lost last message is caught up by the periodic reconcile', async () => {
    const { lossy, textB, write } = await twoInstances({ reconcileEveryMs: 20 });
    lossy.drop = isUpdate;
    const all = write('only edit');
    await eventually(() => lossy.dropped === 1, 'the drop');
    await eventually(() => textB() === all, 'the reconcile');
  });

  it('[I5] a subscriber reconnect catches up every loaded room at once', async () => {
    const { lossy, textB, write } = await twoInstances({ reconcileEveryMs: never });
    lossy.drop = isUpdate;
    write('lost while away ');
    const all = write('and this');
    await eventually(() => lossy.dropped === 2, 'the drops');
    expect(textB()).toBe('');
    lossy.reconnected();
    await eventually(() => textB() === all, 'the catch-up after the reconnect');
  });

  it('[I3] own appends advance the room: a peer edit after them is no hole', async () => {
    const { reads, roomB, roomA, textB, write } = await twoInstances({ reconcileEveryMs: never });
    const writerB = fakeSession('wb');
    roomB.join(writerB);
    const writeB = writerOf(roomB, writerB);
    writeB('b ');
    await roomB.settled();
    await eventually(() => roomA.doc.getText('caption').toString() === 'b ', 'b on a');
    write('a');
    await eventually(() => textB().length === 3, 'a on b');
    await roomB.settled();
    expect(reads).toEqual([]);
  });
});
