import { addSegment, addTurn, setInstructionStyle, summaryText } from '@concord/annotation-doc';
import { defaultConfig } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { observe } from './observe.ts';
import { itemDoc, viewOf } from './test-docs.ts';

const config = defaultConfig('instruction');

function instructionItem() {
  return itemDoc('i1', { taskType: 'instruction', media: [], turns: [{ role: 'user', text: 'What is 2+2?' }] });
}

describe('observe: instruction', () => {
  it('[O1] [O8] only the seeded user turn: nothing to compare, no signals', () => {
    expect(observe(viewOf(instructionItem()), { config })).toEqual({ observations: [], signals: null });
  });

  it('[O8] style nominal; assistant turns joined by a blank line; transcript in time order; summary', () => {
    const doc = instructionItem();
    setInstructionStyle(doc, 'question');
    addTurn(doc, { role: 'assistant', text: ' Four. ' });
    addTurn(doc, { role: 'user', text: 'And 3+3?' });
    addTurn(doc, { role: 'assistant', text: '' });
    addTurn(doc, { role: 'assistant', text: 'Six.' });
    addSegment(doc, { start: 2, end: 3, text: 'world' });
    addSegment(doc, { start: 0, end: 1, speaker: 'A', text: 'hello' });
    summaryText(doc).insert(0, '  Arithmetic.  ');
    expect(observe(viewOf(doc), { config }).observations).toEqual([
      { field: 'instruction.style', unit: '', kind: 'nominal', value: 'question' },
      { field: 'turns.assistant', unit: '', kind: 'text', value: 'Four.\n\nSix.' },
      { field: 'transcript', unit: '', kind: 'text', value: 'hello world' },
      { field: 'summary', unit: '', kind: 'text', value: 'Arithmetic.' },
    ]);
  });
});
