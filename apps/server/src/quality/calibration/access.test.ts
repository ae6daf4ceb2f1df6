import { describe, expect, it } from 'vitest';
import { decideCalibrationAccess, itemRevealed, type CalibrationAccessFacts } from './access.ts';

const live: CalibrationAccessFacts = { trainerId: 'T', participants: ['A', 'B'], state: 'live', position: 0, currentIndex: 0, revealed: false, submitted: false };
const answerOfA = { kind: 'calibration' as const, ownerId: 'A' };
const notes = { kind: 'notes' as const, ownerId: null };
const gold = { kind: 'gold' as const, ownerId: null };
const decide = (userId: string, doc: Parameters<typeof decideCalibrationAccess>[0]['doc'], facts: CalibrationAccessFacts | null, role: 'annotator' | 'trainer' | 'manager' | 'viewer' = 'annotator') =>
  decideCalibrationAccess({ role, userId, doc, facts });

describe('calibration document access', () => {
  it('[C3] before reveal only the owner opens an answer, writable until they answered', () => {
    expect(decide('A', answerOfA, live)).toEqual({ readOnly: false });
    expect(decide('A', answerOfA, { ...live, submitted: true })).toEqual({ readOnly: true });
    expect(decide('B', answerOfA, live)).toBeNull();
    expect(decide('T', answerOfA, live, 'trainer')).toBeNull();
    expect(decide('M', answerOfA, live, 'manager')).toBeNull();
  });

  it('[C5] after reveal the trainer and every participant read each answer; nobody writes it', () => {
    const revealed = { ...live, revealed: true };
    expect(decide('A', answerOfA, revealed)).toEqual({ readOnly: true });
    expect(decide('B', answerOfA, revealed)).toEqual({ readOnly: true });
    expect(decide('T', answerOfA, revealed, 'trainer')).toEqual({ readOnly: true });
    expect(decide('X', answerOfA, revealed, 'manager')).toBeNull();
  });

  it('[C2] [C5] gold opens read-only after reveal; notes to the trainer always, to participants after reveal, read-only once ended', () => {
    expect(decide('A', gold, live)).toBeNull();
    expect(decide('T', gold, live, 'trainer')).toBeNull();
    expect(decide('A', gold, { ...live, revealed: true })).toEqual({ readOnly: true });
    expect(decide('T', notes, live, 'trainer')).toEqual({ readOnly: false });
    expect(decide('A', notes, live)).toBeNull();
    expect(decide('A', notes, { ...live, revealed: true })).toEqual({ readOnly: false });
    expect(decide('A', notes, { ...live, state: 'ended' })).toEqual({ readOnly: true });
    expect(decide('V', notes, { ...live, participants: ['V'], revealed: true }, 'viewer')).toEqual({ readOnly: true });
  });

  it('[C6] items ahead are closed; items left behind stay readable; drafts and unknown documents are closed', () => {
    expect(decide('A', answerOfA, { ...live, position: 1 })).toBeNull();
    expect(decide('B', answerOfA, { ...live, position: 0, currentIndex: 1 })).toEqual({ readOnly: true });
    expect(decide('A', answerOfA, { ...live, position: 0, currentIndex: 1 })).toEqual({ readOnly: true });
    expect(decide('A', answerOfA, { ...live, state: 'draft' })).toBeNull();
    expect(decide('A', answerOfA, null)).toBeNull();
  });

  it('[C5] an item counts as revealed when current and revealed, passed, or the session ended', () => {
    expect(itemRevealed({ state: 'live', position: 0, currentIndex: 0, revealed: false })).toBe(false);
    expect(itemRevealed({ state: 'live', position: 0, currentIndex: 0, revealed: true })).toBe(true);
    expect(itemRevealed({ state: 'live', position: 0, currentIndex: 2, revealed: false })).toBe(true);
    expect(itemRevealed({ state: 'ended', position: 3, currentIndex: 0, revealed: false })).toBe(true);
    expect(itemRevealed({ state: 'draft', position: 0, currentIndex: 0, revealed: true })).toBe(false);
  });
});
