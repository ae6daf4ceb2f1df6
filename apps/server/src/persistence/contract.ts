import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  buildAnnotationSession,
  contentOf,
  createRecordingDoc,
  isPlainExactBytes,
  randomUpdate,
  rebuild,
  toStore,
} from './contract-fixtures.ts';
import { DocumentNotFoundError } from './document-not-found-error.ts';
import type { DocumentStore } from './types.ts';

export interface ContractSubject {
  store: DocumentStore;
  /** Makes a document exist (its `documents` row). */
  createDocument(id: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The rules of persistence/SPEC.md as one vitest suite; every DocumentStore implementation runs it.
 * `make` is called once per suite; each test works on fresh document ids.
 * @example runDocumentStoreContract('memory', async () => ({ store, createDocument: async (id) => store.createDocument(id), dispose: async () => {} }));
 */
export function runDocumentStoreContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    let counter = 0;
    const run = Math.random().toString(36).slice(2, 8);

    beforeAll(async () => {
      subject = await make();
    }, 120_000);
    afterAll(async () => {
      await subject?.dispose();
    });

    const store = (): DocumentStore => {
      if (!subject) throw new Error('the contract subject failed to start');
      return subject.store;
    };
    const newDocument = async (): Promise<string> => {
      counter += 1;
      const id = `doc-${run}-${counter}`;
      await subject?.createDocument(id);
      return id;
    };

    it('[S1] appended updates load back in order with who and origin', async () => {
      const id = await newDocument();
      const bytes = [randomUpdate(5), randomUpdate(0), randomUpdate(300)];
      await store().append(id, [
        { update: bytes[0]!, userId: 'user-a', origin: 'client' },
        { update: bytes[1]!, userId: null, origin: 'server' },
      ]);
      await store().append(id, [{ update: bytes[2]!, userId: null, origin: 'model' }]);
      const loaded = await store().load(id);
      expect(loaded.snapshot).toBeNull();
      expect(loaded.snapshotSeq).toBe(0);
      expect(loaded.tail.map(({ seq, update, userId, origin }) => ({ seq, update, userId, origin }))).toEqual([
        { seq: 1, update: bytes[0], userId: 'user-a', origin: 'client' },
        { seq: 2, update: bytes[1], userId: null, origin: 'server' },
        { seq: 3, update: bytes[2], userId: null, origin: 'model' },
      ]);
      for (const stored of loaded.tail) expect(stored.createdAt).toBeInstanceOf(Date);
    });

    it('[S2] seqs are consecutive per document and independent between documents', async () => {
      const [a, b] = [await newDocument(), await newDocument()];
      expect(await store().append(a, toStore([randomUpdate(3), randomUpdate(3)]))).toBe(2);
      expect(await store().append(b, toStore([randomUpdate(3)]))).toBe(1);
      expect(await store().append(a, toStore([randomUpdate(3)]))).toBe(3);
      expect((await store().load(a)).tail.map((u) => u.seq)).toEqual([1, 2, 3]);
      expect((await store().load(b)).tail.map((u) => u.seq)).toEqual([1]);
    });

    it('[S3] concurrent appends to one document get distinct consecutive seqs and all load back', async () => {
      const id = await newDocument();
      const bytes = Array.from({ length: 20 }, (_, i) => randomUpdate(10 + i));
      const seqs = await Promise.all(bytes.map((update) => store().append(id, toStore([update]))));
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const bySeq = new Map((await store().load(id)).tail.map((u) => [u.seq, u.update]));
      seqs.forEach((seq, i) => expect(bySeq.get(seq)).toEqual(bytes[i]));
    });

    it('[S4] append to an unknown document is rejected and stores nothing', async () => {
      const id = `missing-${run}-${++counter}`;
      await expect(store().append(id, toStore([randomUpdate(4)]))).rejects.toBeInstanceOf(DocumentNotFoundError);
      expect(await store().load(id)).toEqual({ snapshot: null, snapshotSeq: 0, tail: [] });
      expect(await store().compact(id)).toBeNull();
      await subject?.createDocument(id);
      expect(await store().updatesAfter(id, 0)).toEqual([]);
      expect(await store().append(id, toStore([randomUpdate(4)]))).toBe(1);
    });

    it('[S5] an empty append stores nothing and returns the current seq', async () => {
      const id = await newDocument();
      expect(await store().append(id, [])).toBe(0);
      await store().append(id, toStore([randomUpdate(2), randomUpdate(2)]));
      expect(await store().append(id, [])).toBe(2);
      expect((await store().load(id)).tail).toHaveLength(2);
      await expect(store().append(`missing-${run}-${++counter}`, [])).rejects.toBeInstanceOf(DocumentNotFoundError);
    });

    it('[S6] stored bytes are copies and come back as plain Uint8Arrays of exactly the update', async () => {
      const id = await newDocument();
      const original = randomUpdate(64);
      const mine = original.slice();
      await store().append(id, toStore([mine]));
      mine.fill(0);
      const [first] = (await store().load(id)).tail;
      expect(first?.update).toEqual(original);
      expect(isPlainExactBytes(first!.update)).toBe(true);
      first!.update.fill(0);
      expect((await store().updatesAfter(id, 0))[0]?.update).toEqual(original);
    });

    it('[S6] a 1 MiB update round-trips', async () => {
      const id = await newDocument();
      const big = randomUpdate(1024 * 1024);
      await store().append(id, toStore([big, randomUpdate(1)]));
      const [first] = (await store().load(id)).tail;
      expect(first?.update.byteLength).toBe(big.byteLength);
      expect(Buffer.compare(first!.update, big)).toBe(0);
      expect(isPlainExactBytes(first!.update)).toBe(true);
    }, 30_000);

    it('[S7] loading snapshot + tail reproduces a document with real Yjs content', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession();
      await store().append(id, toStore(session.updates.slice(0, 5)));
      await store().append(id, toStore(session.updates.slice(5), 'import', null));
      const doc = rebuild(await store().load(id));
      expect(contentOf(doc)).toEqual(contentOf(session.doc));
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(session.doc));
    });

    it('[S8] compaction keeps the content identical and empties the tail', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession();
      const last = await store().append(id, toStore(session.updates));
      expect(await store().compact(id)).toBe(last);
      const loaded = await store().load(id);
      expect(loaded.snapshotSeq).toBe(last);
      expect(loaded.tail).toEqual([]);
      expect(isPlainExactBytes(loaded.snapshot!)).toBe(true);
      const doc = rebuild(loaded);
      expect(contentOf(doc)).toEqual(contentOf(session.doc));
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(session.doc));
    });

    it('[S9] compacting with nothing new returns null and changes nothing', async () => {
      const id = await newDocument();
      expect(await store().compact(id)).toBeNull();
      await store().append(id, toStore(buildAnnotationSession(2).updates));
      expect(await store().compact(id)).not.toBeNull();
      const before = await store().load(id);
      expect(await store().compact(id)).toBeNull();
      expect(await store().load(id)).toEqual(before);
    });

    it('[S10] updates appended after a compaction load as the tail', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession(8);
      const half = Math.floor(session.updates.length / 2);
      const compactedAt = await store().append(id, toStore(session.updates.slice(0, half)));
      await store().compact(id);
      await store().append(id, toStore(session.updates.slice(half)));
      const loaded = await store().load(id);
      expect(loaded.snapshotSeq).toBe(compactedAt);
      expect(loaded.tail.map((u) => u.seq)).toEqual(
        Array.from({ length: session.updates.length - half }, (_, i) => compactedAt + 1 + i),
      );
      expect(contentOf(rebuild(loaded))).toEqual(contentOf(session.doc));
    });

    it('[S11] compaction keeps the log', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession(3);
      await store().append(id, toStore(session.updates));
      await store().compact(id);
      const log = await store().updatesAfter(id, 0);
      expect(log.map((u) => u.update)).toEqual(session.updates);
    });

    it('[S12] a snapshot never moves backwards while compactions race with appends', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession(10);
      const batches = session.updates.map((update) => [update]);
      const seen: number[] = [];
      for (let start = 0; start < batches.length; start += 6) {
        // Appends land in any order, so compactors also merge updates whose dependencies are not stored yet.
        const round = batches.slice(start, start + 6);
        await Promise.all([
          ...round.map((batch) => store().append(id, toStore(batch))),
          store().compact(id),
          store().compact(id),
          store().compact(id),
        ]);
        seen.push((await store().load(id)).snapshotSeq);
      }
      await Promise.all([store().compact(id), store().compact(id)]);
      const loaded = await store().load(id);
      seen.push(loaded.snapshotSeq);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(loaded.snapshotSeq).toBe(session.updates.length);
      const doc = rebuild(loaded);
      expect(contentOf(doc)).toEqual(contentOf(session.doc));
      expect(doc.store.pendingStructs).toBeNull();
    });

    it('[S18] a load racing compactions is always whole: snapshot + tail hold every update committed before it', async () => {
      const id = await newDocument();
      const session = buildAnnotationSession(10);
      for (const [i, update] of session.updates.entries()) {
        const committed = await store().append(id, toStore([update]));
        if (i % 3 !== 0) continue;
        // Loads start before, beside and after a compaction that moves the snapshot past their tail.
        const loads = await Promise.all([store().load(id), store().compact(id).then(() => store().load(id)), store().load(id)]);
        for (const loaded of loads) {
          const seqs = [...(loaded.snapshotSeq > 0 ? [loaded.snapshotSeq] : []), ...loaded.tail.map((u) => u.seq)];
          expect(seqs.at(-1), `load after append ${i + 1}`).toBe(committed);
          expect(loaded.tail.map((u) => u.seq)).toEqual(Array.from({ length: loaded.tail.length }, (_, k) => loaded.snapshotSeq + 1 + k));
        }
      }
      expect(contentOf(rebuild(await store().load(id)))).toEqual(contentOf(session.doc));
    });

    it('[S13] an update with missing dependencies survives compaction and integrates once they arrive', async () => {
      const id = await newDocument();
      const source = createRecordingDoc(303);
      const text = source.doc.getText('body');
      text.insert(0, 'hello');
      text.insert(5, ' world');
      text.delete(0, 2);
      const other = createRecordingDoc(404);
      other.doc.getMap('labels').set('language', 'en');
      Y.applyUpdate(source.doc, other.updates[0]!);
      const [missing, ...dependent] = [...source.updates, ...other.updates];
      await store().append(id, toStore(dependent));
      expect(await store().compact(id)).toBe(dependent.length);
      const pending = rebuild(await store().load(id));
      expect(pending.getText('body').toString()).toBe('');
      expect(pending.getMap('labels').get('language')).toBe('en');
      expect(pending.store.pendingStructs).not.toBeNull();
      const meta = Y.parseUpdateMeta((await store().load(id)).snapshot!);
      expect([meta.from.get(303), meta.to.get(303)]).toEqual([5, 11]);

      await store().append(id, toStore([missing!]));
      const healed = rebuild(await store().load(id));
      expect(healed.getText('body').toString()).toBe('llo world');
      expect(await store().compact(id)).toBe(dependent.length + 1);
      const compacted = rebuild(await store().load(id));
      expect(contentOf(compacted)).toEqual(contentOf(source.doc));
      expect(compacted.store.pendingStructs).toBeNull();
      expect(compacted.store.pendingDs).toBeNull();
    });

    it('[S14] updatesAfter returns the updates after a seq, in order, up to a limit', async () => {
      const id = await newDocument();
      const bytes = Array.from({ length: 5 }, () => randomUpdate(8));
      await store().append(id, toStore(bytes));
      expect((await store().updatesAfter(id, 2)).map((u) => u.update)).toEqual(bytes.slice(2));
      expect((await store().updatesAfter(id, 2, 2)).map((u) => u.seq)).toEqual([3, 4]);
      expect(await store().updatesAfter(id, 5)).toEqual([]);
      expect(await store().updatesAfter(`missing-${run}-${++counter}`, 0)).toEqual([]);
    });

    it('[S15] lastSeqs gives each existing document its last committed seq in one call', async () => {
      const [a, b, empty] = [await newDocument(), await newDocument(), await newDocument()];
      const lastOfA = await store().append(a, toStore([randomUpdate(3), randomUpdate(3)]));
      await store().append(a, toStore([randomUpdate(3)]));
      const lastOfB = await store().append(b, toStore([randomUpdate(3)]));
      const missing = `missing-${run}-${++counter}`;
      const seqs = await store().lastSeqs([a, b, empty, missing, a]);
      expect(lastOfA).toBe(2);
      expect(Object.fromEntries(seqs)).toEqual({ [a]: 3, [b]: lastOfB, [empty]: 0 });
      expect((await store().lastSeqs([])).size).toBe(0);
    });

    it('[S16] append binds the client ids of client updates to their user, first binding wins; other origins bind nothing', async () => {
      const id = await newDocument();
      const alice = createRecordingDoc(4242);
      alice.doc.getText('t').insert(0, 'by alice');
      const bob = createRecordingDoc(5353);
      bob.doc.getText('t').insert(0, 'by bob');
      const model = createRecordingDoc(6464);
      model.doc.getText('t').insert(0, 'by a model');
      await store().append(id, [
        { update: alice.updates[0]!, userId: 'user-alice', origin: 'client' },
        { update: model.updates[0]!, userId: 'user-alice', origin: 'model' },
      ]);
      // A later claim of alice's client id by someone else does not rebind it.
      await store().append(id, [
        { update: bob.updates[0]!, userId: 'user-bob', origin: 'client' },
        { update: alice.updates[0]!, userId: 'user-bob', origin: 'client' },
      ]);
      const owners = await store().clientOwners(id);
      expect(Object.fromEntries(owners)).toEqual({
        4242: { kind: 'user', userId: 'user-alice' },
        5353: { kind: 'user', userId: 'user-bob' },
      });
    });
  });
}
