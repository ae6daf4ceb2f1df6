import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.ts';
import { validate } from '../validate.ts';
import type { InstructionDoc } from './read.ts';

const config = defaultConfig('instruction');

function instructionDoc(overrides: Partial<InstructionDoc> = {}): InstructionDoc {
  return {
    taskType: 'instruction',
    meta: { schemaVersion: 1, itemId: 'i', configVersion: 1 },
    media: [],
    turns: [
      { id: 't1', role: 'system', text: '', media: [] },
      { id: 't2', role: 'user', text: 'Name a colour.', media: [] },
      { id: 't3', role: 'assistant', text: 'Blue.', media: [] },
    ],
    instruction: { style: 'question' },
    transcript: [
      { id: 's1', start: 0, end: 2, speaker: 'A', text: 'Hi' },
      { id: 's2', start: 2, end: 3.5, speaker: 'B', text: 'Hello' },
    ],
    summary: '',
    ...overrides,
  };
}

describe('validate instruction documents', () => {
  it('passes a complete conversation', () => {
    expect(validate(instructionDoc(), config)).toEqual([]);
  });

  it('needs at least one user turn', () => {
    const doc = instructionDoc({ turns: [{ id: 't3', role: 'assistant', text: 'Blue.', media: [] }] });
    expect(validate(doc, config)).toEqual([{ path: 'turns', message: 'the conversation needs at least one user turn' }]);
  });

  it('needs a non-empty assistant turn, reporting empty ones by their id', () => {
    const doc = instructionDoc({ turns: [...instructionDoc().turns.slice(0, 2), { id: 't3', role: 'assistant', text: ' ', media: [] }] });
    expect(validate(doc, config)).toEqual([
      { path: 'turns.t3.text', message: 'assistant turn 3 is empty' },
      { path: 'turns', message: 'the conversation needs an assistant reply' },
    ]);
  });

  it('reports empty user turns unless they carry media, and turns without a valid role', () => {
    const turns = instructionDoc().turns;
    const empty = instructionDoc({ turns: [...turns, { id: 't4', role: 'user', text: '', media: [] }, { id: 't5', role: null, text: 'x', media: [] }] });
    expect(validate(empty, config)).toEqual([
      { path: 'turns.t4.text', message: 'user turn 4 is empty' },
      { path: 'turns.t5.role', message: 'turn 5 has no valid role' },
    ]);
    const withImage = instructionDoc({ turns: [...turns, { id: 't4', role: 'user', text: '', media: ['med_a'] }] });
    expect(validate(withImage, config)).toEqual([]);
  });

  it('needs an instruction style among the config styles', () => {
    expect(validate(instructionDoc({ instruction: { style: null } }), config)).toEqual([
      { path: 'instruction.style', message: 'choose an instruction style' },
    ]);
    expect(validate(instructionDoc({ instruction: { style: 'poem' } }), config)).toEqual([
      { path: 'instruction.style', message: `"poem" is not one of this project's styles (question, command, comparison, creative, multi_turn and other)` },
    ]);
  });

  it('needs transcript segments with 0 ≤ start < end that do not overlap', () => {
    const doc = instructionDoc({
      transcript: [
        { id: 's1', start: -1, end: 2, speaker: 'A', text: 'Hi' },
        { id: 's2', start: 1.5, end: 1.5, speaker: 'B', text: 'Hello' },
      ],
    });
    expect(validate(doc, config)).toEqual([
      { path: 'transcript.s1.start', message: 'segment 1 starts before the recording (-1 s)' },
      { path: 'transcript.s2.end', message: 'segment 2 must end after it starts (start 1.5 s, end 1.5 s)' },
      { path: 'transcript.s2.start', message: 'segment 2 starts at 1.5 s, before segment 1 ends (2 s)' },
    ]);
  });

  it('reports required fields such as the summary', () => {
    expect(validate(instructionDoc(), { ...config, requiredFields: ['summary', 'instruction.style'] })).toEqual([
      { path: 'summary', message: 'summary is required' },
    ]);
  });
});
