import { addTurn, moveTurn, turnText } from '@concord/annotation-doc';
import { createDoc } from '@concord/annotation-doc/testing';
import { describe, expect, it } from 'vitest';
import { InstructionModel } from './instruction-model.svelte.ts';

describe('InstructionModel', () => {
  it('lists turns in order with their live texts, segments, style and media', () => {
    const doc = createDoc('instruction', {
      prelabel: { modelId: 'm', turns: [{ role: 'assistant', text: 'A cat.' }], style: 'question', transcript: [{ start: 1, end: 2, text: 'hi' }] },
    });
    const model = new InstructionModel(doc);
    expect(model.turns.map((t) => [t.role, t.text.toString()])).toEqual([
      ['user', 'What is in this picture?'],
      ['assistant', 'A cat.'],
    ]);
    expect(model.turns[0]?.media).toEqual(['med_photo']);
    expect(model.style).toBe('question');
    expect(model.media).toEqual([{ kind: 'image', mediaId: 'med_photo', width: 640, height: 480 }]);
    expect(model.segments.map((s) => [s.start, s.end, s.text.toString()])).toEqual([[1, 2, 'hi']]);
    expect(model.hasSummary).toBe(false);
    model.destroy();
  });

  it('keeps the lists while people type, and replaces them when the structure changes', () => {
    const doc = createDoc('instruction');
    const model = new InstructionModel(doc);
    const before = model.turns;
    const first = before[0];
    if (!first) throw new Error('no turn');
    turnText(doc, first.id)?.insert(0, 'Hey. ');
    expect(model.turns).toBe(before);
    const added = addTurn(doc, { role: 'assistant', text: 'Hello' });
    expect(model.turns).not.toBe(before);
    expect(model.turns.map((t) => t.id)).toEqual([first.id, added]);
    moveTurn(doc, added, 0);
    expect(model.turns.map((t) => t.id)).toEqual([added, first.id]);
    doc.getText('summary').insert(0, 'S');
    expect(model.hasSummary).toBe(true);
    model.destroy();
    addTurn(doc, { role: 'user' });
    expect(model.turns).toHaveLength(2);
  });
});
