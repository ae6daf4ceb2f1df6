import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf, syncDocs } from '../testing/fixtures.ts';
import { segmentText, summaryText, turnText } from './layout.ts';
import { addSegment, addTurn, moveTurn, removeSegment, removeTurn, setInstructionStyle, setTurnRole, updateSegment } from './mutations.ts';
import type { InstructionDoc } from './read.ts';

function read(doc: Y.Doc): InstructionDoc {
  const view = readDoc(doc);
  if (view.taskType !== 'instruction') throw new Error(`expected an instruction document, got ${view.taskType}`);
  return view;
}

const texts = (doc: Y.Doc) => read(doc).turns.map((t) => t.text);

describe('instruction documents', () => {
  it('reads the seeded media and user turn', () => {
    const view = read(createDoc('instruction'));
    expect(view.media).toEqual([{ kind: 'image', mediaId: 'med_photo', width: 640, height: 480 }]);
    expect(view.turns).toEqual([{ id: expect.any(String), role: 'user', text: 'What is in this picture?', media: ['med_photo'] }]);
    expect(view).toMatchObject({ instruction: { style: null }, transcript: [], summary: '' });
  });

  it('adds turns at the end or at an index, and removes them', () => {
    const doc = createDoc('instruction');
    const reply = addTurn(doc, { role: 'assistant', text: 'A cat.' });
    addTurn(doc, { role: 'system', text: 'Be brief.' }, 0);
    addTurn(doc, { role: 'user', text: 'And?' }, 2);
    expect(texts(doc)).toEqual(['Be brief.', 'What is in this picture?', 'And?', 'A cat.']);
    turnText(doc, reply)?.insert(6, ' On a mat.');
    setTurnRole(doc, reply, 'user');
    expect(read(doc).turns[3]).toMatchObject({ id: reply, role: 'user', text: 'A cat. On a mat.' });
    removeTurn(doc, reply);
    removeTurn(doc, reply);
    expect(texts(doc)).toEqual(['Be brief.', 'What is in this picture?', 'And?']);
    expect(turnText(doc, reply)).toBeNull();
  });

  it('moves a turn and keeps concurrent edits of its text', () => {
    const a = createDoc('instruction', { clientId: 1 });
    const first = read(a).turns[0]?.id ?? '';
    addTurn(a, { role: 'assistant', text: 'A cat.' });
    addTurn(a, { role: 'user', text: 'Sure?' });
    const b = replicaOf(a, 2);
    moveTurn(a, first, 2);
    turnText(b, first)?.insert(0, 'Hi! ');
    syncDocs(a, b);
    expect(texts(a)).toEqual(['A cat.', 'Sure?', 'Hi! What is in this picture?']);
    expect(read(a)).toEqual(read(b));
  });

  it('orders turns inserted concurrently at the same place the same way everywhere', () => {
    const a = createDoc('instruction', { clientId: 1 });
    const b = replicaOf(a, 2);
    addTurn(a, { role: 'assistant', text: 'from a' });
    addTurn(b, { role: 'assistant', text: 'from b' });
    syncDocs(a, b);
    expect(read(a).turns).toEqual(read(b).turns);
    addTurn(a, { role: 'user', text: 'between' }, 2);
    expect(texts(a)[2]).toBe('between');
  });

  it('keeps placing turns between neighbours after many moves', () => {
    const doc = createDoc('instruction');
    const last = addTurn(doc, { role: 'assistant', text: 'last' });
    for (let i = 0; i < 80; i++) addTurn(doc, { role: 'user', text: `n${i}` }, 1);
    moveTurn(doc, last, 1);
    expect(texts(doc).slice(0, 3)).toEqual(['What is in this picture?', 'last', 'n79']);
    expect(texts(doc)).toHaveLength(82);
  });

  it('sets the instruction style', () => {
    const doc = createDoc('instruction');
    setInstructionStyle(doc, 'question');
    expect(read(doc).instruction.style).toBe('question');
    setInstructionStyle(doc, null);
    expect(read(doc).instruction.style).toBeNull();
  });

  it('edits transcript segments and the summary', () => {
    const doc = createDoc('instruction');
    const late = addSegment(doc, { start: 5, end: 9, speaker: 'B', text: 'Fine.' });
    const early = addSegment(doc, { start: 0, end: 4.5 });
    segmentText(doc, early)?.insert(0, 'How are you?');
    updateSegment(doc, early, { speaker: 'A', end: 4 });
    summaryText(doc).insert(0, 'A greeting.');
    expect(read(doc).transcript).toEqual([
      { id: early, start: 0, end: 4, speaker: 'A', text: 'How are you?' },
      { id: late, start: 5, end: 9, speaker: 'B', text: 'Fine.' },
    ]);
    expect(read(doc).summary).toBe('A greeting.');
    removeSegment(doc, late);
    expect(read(doc).transcript.map((s) => s.id)).toEqual([early]);
    expect(() => addSegment(doc, { start: Number.NaN, end: 1 })).toThrow(RangeError);
  });

  it('reads a model pre-label after the seeded turns', () => {
    const doc = createDoc('instruction', {
      prelabel: {
        modelId: 'asr',
        turns: [{ role: 'assistant', text: 'A cat on a mat.' }],
        style: 'question',
        transcript: [{ start: 0, end: 2, text: 'meow' }],
        summary: 'A cat.',
      },
    });
    expect(texts(doc)).toEqual(['What is in this picture?', 'A cat on a mat.']);
    expect(read(doc)).toMatchObject({ instruction: { style: 'question' }, summary: 'A cat.', transcript: [{ start: 0, end: 2, speaker: '', text: 'meow' }] });
  });
});
