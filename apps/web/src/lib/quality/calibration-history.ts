import type { CalibrationResult, CalibrationSessionView } from '@concord/protocol';

/** A calibration session with its per-participant results, as `GET /projects/{id}/calibrations` lists it [C8]. */
export type CalibrationWithResults = CalibrationSessionView & { results: CalibrationResult[] };

/** One participant's result in one ended session. */
export interface CalibrationEntry extends CalibrationResult {
  sessionId: string;
  title: string;
  endedAt: string;
}

/** One participant's calibration results, oldest first. */
export interface ParticipantHistory {
  userId: string;
  name: string;
  entries: CalibrationEntry[];
}

/**
 * Each participant's results over time from the ended sessions [C7] [C8], by name; sessions not ended
 * have no results yet and are left out.
 * @example participantHistory(sessions)[0].entries.map((e) => e.passed) // [false, true]
 */
export function participantHistory(sessions: readonly CalibrationWithResults[]): ParticipantHistory[] {
  const byUser = new Map<string, ParticipantHistory>();
  for (const session of sessions) {
    if (session.state !== 'ended' || !session.endedAt) continue;
    for (const result of session.results) {
      const history = byUser.get(result.userId) ?? { userId: result.userId, name: result.name, entries: [] };
      history.entries.push({ ...result, sessionId: session.id, title: session.title, endedAt: session.endedAt });
      byUser.set(result.userId, history);
    }
  }
  for (const history of byUser.values()) history.entries.sort((a, b) => a.endedAt.localeCompare(b.endedAt));
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
}
