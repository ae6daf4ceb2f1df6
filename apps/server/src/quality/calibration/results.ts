import type { CalibrationResult } from '@concord/protocol';
import { pairwiseCounts, type ObservedAnswer } from './agreement.ts';

/** A submitted answer as results are computed from it. */
export interface ScoredAnswer extends ObservedAnswer {
  itemId: string;
  /** Share of the gold answer matched, null when the item has no gold answer. */
  goldScore: number | null;
}

/**
 * Each participant's result of a session [C7]: items answered; agreement with the others = share of
 * agreeing pairs that include them over every item (pairwiseCounts); accuracy = mean gold score over
 * their answers to items with gold. Passing needs at least one answered item and, when some item of the
 * session has gold, accuracy ≥ passThreshold; otherwise agreement ≥ agreementThreshold. `clearedFlags`
 * starts empty (the caller clears flags of those who passed).
 * @example calibrationResults({ participants, answers, passThreshold: 0.8, agreementThreshold: 0.75, sessionHasGold: true })
 */
export function calibrationResults(input: {
  participants: readonly { userId: string; name: string }[];
  answers: readonly ScoredAnswer[];
  passThreshold: number;
  agreementThreshold: number;
  sessionHasGold: boolean;
}): CalibrationResult[] {
  const byItem = new Map<string, ScoredAnswer[]>();
  for (const a of input.answers) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
  return input.participants.map(({ userId, name }) => {
    const own = input.answers.filter((a) => a.userId === userId);
    let equal = 0;
    let compared = 0;
    for (const answer of own) {
      const counts = pairwiseCounts(byItem.get(answer.itemId) ?? [], userId);
      equal += counts.equal;
      compared += counts.compared;
    }
    const agreement = compared === 0 ? null : equal / compared;
    const scores = own.map((a) => a.goldScore).filter((s): s is number => s !== null && Number.isFinite(s));
    const accuracy = scores.length === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / scores.length;
    const measured = input.sessionHasGold ? accuracy : agreement;
    const threshold = input.sessionHasGold ? input.passThreshold : input.agreementThreshold;
    const passed = own.length > 0 && measured !== null && measured >= threshold;
    return { userId, name, items: own.length, agreement, accuracy, passed, clearedFlags: [] };
  });
}
