import { assignmentStates, itemStates, type AssignmentState, type ItemState } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { activeAssignmentStates, assignmentTransitions, canMoveAssignment, canMoveItem, deriveItemState, itemTransitions } from './transitions.ts';

/** Every item state change the workflow makes, and nothing else (SPEC W10-W15, D1, D6, D7, R4). */
const allowedItemMoves: Array<[ItemState, ItemState]> = [
  ['todo', 'in_progress'], ['todo', 'rejected'],
  ['in_progress', 'todo'], ['in_progress', 'submitted'], ['in_progress', 'in_review'], ['in_progress', 'in_qa'],
  ['in_progress', 'validated'], ['in_progress', 'rejected'],
  ['submitted', 'in_progress'], ['submitted', 'in_review'], ['submitted', 'in_qa'], ['submitted', 'validated'], ['submitted', 'rejected'],
  ['in_review', 'in_progress'], ['in_review', 'submitted'], ['in_review', 'in_qa'], ['in_review', 'validated'], ['in_review', 'rejected'],
  ['in_qa', 'in_progress'], ['in_qa', 'validated'], ['in_qa', 'rejected'],
  ['validated', 'accepted'], ['validated', 'in_qa'], ['validated', 'rejected'],
];

describe('item state machine', () => {
  it('[W10] allows exactly the listed moves and refuses every other pair', () => {
    const allowed = new Set(allowedItemMoves.map(([from, to]) => `${from}>${to}`));
    for (const from of itemStates) {
      for (const to of itemStates) expect(canMoveItem(from, to), `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
    }
  });

  it('[W15] accepted and rejected are final', () => {
    expect(itemTransitions.accepted).toEqual([]);
    expect(itemTransitions.rejected).toEqual([]);
  });

  it('every assignment state has its moves listed, and only known states appear', () => {
    for (const from of assignmentStates) {
      for (const to of assignmentTransitions[from]) expect(assignmentStates).toContain(to);
    }
    expect(canMoveAssignment('submitted', 'in_progress')).toBe(false);
    expect(canMoveAssignment('expired', 'in_progress')).toBe(true);
  });
});

describe('deriveItemState', () => {
  const facts = (...states: Array<AssignmentState | [AssignmentState, boolean]>) =>
    states.map((s) => (Array.isArray(s) ? { state: s[0], leaseLive: s[1] } : { state: s, leaseLive: true }));
  const blind2 = { overlap: 2, review: true };

  it('[W11] todo without work; in progress until overlap annotations are in', () => {
    expect(deriveItemState(blind2, [])).toBe('todo');
    expect(deriveItemState(blind2, facts('released', 'expired'))).toBe('todo');
    expect(deriveItemState(blind2, facts('in_progress'))).toBe('in_progress');
    expect(deriveItemState(blind2, facts('submitted'))).toBe('in_progress');
    expect(deriveItemState(blind2, facts('submitted', 'returned'))).toBe('in_progress');
  });

  it('[Q4] a lapsed in-progress lease holds no slot, but the item stays in progress', () => {
    expect(deriveItemState(blind2, facts('submitted', ['in_progress', false]))).toBe('in_progress');
    expect(deriveItemState({ overlap: 1, review: true }, facts(['in_progress', false]))).toBe('in_progress');
  });

  it('[W11] with review on: submitted, then in review while one is claimed, complete when all are accepted', () => {
    expect(deriveItemState(blind2, facts('submitted', 'submitted'))).toBe('submitted');
    expect(deriveItemState(blind2, facts('submitted', 'in_review'))).toBe('in_review');
    expect(deriveItemState(blind2, facts('accepted', 'in_review'))).toBe('in_review');
    expect(deriveItemState(blind2, facts('accepted', 'submitted'))).toBe('submitted');
    expect(deriveItemState(blind2, facts('accepted', 'accepted'))).toBe('complete');
  });

  it('[W11] with review off an item completes as soon as its annotations are submitted', () => {
    expect(deriveItemState({ overlap: 2, review: false }, facts('submitted', 'submitted'))).toBe('complete');
    expect(deriveItemState({ overlap: 1, review: false }, facts('submitted', 'released'))).toBe('complete');
  });

  it('active states are the ones that hold a slot', () => {
    expect([...activeAssignmentStates].sort()).toEqual(['accepted', 'in_progress', 'in_review', 'returned', 'submitted']);
  });
});
