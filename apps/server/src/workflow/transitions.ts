import type { AssignmentState, ItemState, WorkflowSettings } from '@concord/protocol';

/**
 * The item state machine (SPEC W10-W14). `todo` … `in_review` are derived from the item's
 * assignments (deriveItemState); `in_qa`, `validated`, `accepted` and `rejected` are set by decisions.
 */
export const itemTransitions: Record<ItemState, readonly ItemState[]> = {
  todo: ['in_progress', 'rejected'],
  in_progress: ['todo', 'submitted', 'in_review', 'in_qa', 'validated', 'rejected'],
  submitted: ['in_progress', 'in_review', 'in_qa', 'validated', 'rejected'],
  in_review: ['in_progress', 'submitted', 'in_qa', 'validated', 'rejected'],
  in_qa: ['in_progress', 'validated', 'rejected'],
  validated: ['accepted', 'in_qa', 'rejected'],
  accepted: [],
  rejected: [],
};

/** Assignment transitions (SPEC Q1-Q8, R2-R7). */
export const assignmentTransitions: Record<AssignmentState, readonly AssignmentState[]> = {
  in_progress: ['submitted', 'expired', 'released', 'in_progress'],
  submitted: ['in_review', 'accepted', 'returned'],
  in_review: ['accepted', 'returned', 'submitted'],
  returned: ['submitted', 'returned', 'released'],
  accepted: ['returned'],
  expired: ['in_progress'],
  released: ['in_progress'],
};

export function canMoveItem(from: ItemState, to: ItemState): boolean {
  return itemTransitions[from].includes(to);
}

export function canMoveAssignment(from: AssignmentState, to: AssignmentState): boolean {
  return assignmentTransitions[from].includes(to);
}

/** Assignment states that hold one of the item's `overlap` slots. */
export const activeAssignmentStates: readonly AssignmentState[] = ['in_progress', 'submitted', 'in_review', 'returned', 'accepted'];

export interface AssignmentFacts {
  state: AssignmentState;
  /** For in_progress: whether its lease is still live (an expired in-progress lease frees its slot). */
  leaseLive: boolean;
}

/**
 * Where an item stands from its assignments alone (SPEC W11), or `complete` when every one of its
 * `overlap` annotations is submitted and (with review on) accepted: the caller then decides QA,
 * disputes and validation.
 * @example deriveItemState(settings, [{ state: 'submitted', leaseLive: false }]) // 'submitted' with overlap 1 and review on
 */
export function deriveItemState(
  settings: Pick<WorkflowSettings, 'overlap' | 'review'>,
  assignments: readonly AssignmentFacts[],
): 'todo' | 'in_progress' | 'submitted' | 'in_review' | 'complete' {
  const holding = assignments.filter((a) => activeAssignmentStates.includes(a.state) && (a.state !== 'in_progress' || a.leaseLive));
  const started = assignments.filter((a) => activeAssignmentStates.includes(a.state));
  if (started.length === 0) return 'todo';
  if (holding.length < settings.overlap || holding.some((a) => a.state === 'in_progress' || a.state === 'returned')) {
    return 'in_progress';
  }
  if (!settings.review) return 'complete';
  if (holding.every((a) => a.state === 'accepted')) return 'complete';
  return holding.some((a) => a.state === 'in_review') ? 'in_review' : 'submitted';
}
