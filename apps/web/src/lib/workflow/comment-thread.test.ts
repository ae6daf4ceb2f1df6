import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommentThread } from './comment-thread.svelte.ts';

const now = () => new Date('2030-01-01T10:00:00Z');

describe('CommentThread', () => {
  it('[D3] adds comments to the comments array and follows the other replicas', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    mine.on('update', (u: Uint8Array) => Y.applyUpdate(theirs, u));
    theirs.on('update', (u: Uint8Array) => Y.applyUpdate(mine, u));
    const a = new CommentThread(mine, { now });
    const b = new CommentThread(theirs, { now });
    expect(a.add({ userId: 'usr_q', name: 'Quinn', text: '  Ana read the guideline right. ' })).toBe(true);
    expect(a.add({ userId: 'usr_q', name: 'Quinn', text: '   ' })).toBe(false);
    expect(b.comments).toEqual([{ id: expect.stringMatching(/^cmt_/), userId: 'usr_q', name: 'Quinn', text: 'Ana read the guideline right.', at: '2030-01-01T10:00:00.000Z' }]);
    b.destroy();
    a.add({ userId: 'usr_q', name: 'Quinn', text: 'Second' });
    expect(b.comments).toHaveLength(1);
  });

  it('skips entries of another shape', () => {
    const doc = new Y.Doc();
    doc.getArray('comments').push([{ id: 1 }, 'text', { id: 'c1', userId: 'u', name: 'N', text: 'ok', at: '2030-01-01T00:00:00Z' }]);
    expect(new CommentThread(doc).comments.map((c) => c.id)).toEqual(['c1']);
  });
});
