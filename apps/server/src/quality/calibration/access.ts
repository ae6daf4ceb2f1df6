import { calibrationAnswers, calibrationItems, calibrationParticipants, calibrationSessions } from '@concord/db';
import { can, type CalibrationState, type ProjectRole } from '@concord/protocol';
import { eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../audit/types.ts';

/** The document kinds a calibration session makes (C2). */
export const calibrationKinds = ['calibration', 'notes', 'gold'] as const;
export type CalibrationKind = (typeof calibrationKinds)[number];

export const isCalibrationKind = (kind: string): kind is CalibrationKind => (calibrationKinds as readonly string[]).includes(kind);

/** What the calibration rule needs to know about the session and item a document belongs to. */
export interface CalibrationAccessFacts {
  trainerId: string | null;
  participants: readonly string[];
  state: CalibrationState;
  /** The document's item's place in the session and the session's current place. */
  position: number;
  currentIndex: number;
  /** Whether the current item is revealed. */
  revealed: boolean;
  /** For an answer document: whether its owner submitted it. */
  submitted: boolean;
}

/**
 * Whether a session item's answers are out in the open [C5]: the current item once revealed, every item
 * the session moved past (nobody can answer it any more), and every item once the session ended.
 */
export function itemRevealed(facts: Pick<CalibrationAccessFacts, 'state' | 'position' | 'currentIndex' | 'revealed'>): boolean {
  if (facts.state === 'ended') return true;
  if (facts.state !== 'live') return false;
  return facts.position < facts.currentIndex || (facts.position === facts.currentIndex && facts.revealed);
}

/**
 * Who may read and write a calibration session's documents [C3] [C5], as a pure function: null is no
 * access (404, like a missing id), else whether the caller only reads. Only the session's trainer and
 * participants ever open them, whatever their role.
 * - `calibration` (an answer): its owner writes it while its item is current, unrevealed and unanswered,
 *   and reads it afterwards; the trainer and the other participants read it once its item is revealed.
 * - `notes`: the trainer reads and writes it while the session is live; participants once the item is
 *   revealed; read-only for both once the session ended.
 * - `gold`: read-only for the trainer and participants once the item is revealed.
 * Items after the current one are closed to everyone.
 * @example decideCalibrationAccess({ role: 'annotator', userId, doc: { kind: 'calibration', ownerId: other }, facts }) // null before reveal
 */
export function decideCalibrationAccess(input: {
  role: ProjectRole | 'admin';
  userId: string;
  doc: { kind: CalibrationKind; ownerId: string | null };
  facts: CalibrationAccessFacts | null;
}): { readOnly: boolean } | null {
  const { role, userId, doc, facts } = input;
  if (!facts || !can(role, 'documents.read')) return null;
  const trainer = facts.trainerId === userId;
  const participant = facts.participants.includes(userId);
  if (!trainer && !participant) return null;
  if (facts.state === 'draft' || facts.position > facts.currentIndex) return null;
  const open = (writable: boolean) => ({ readOnly: !(writable && can(role, 'documents.write')) });
  const live = facts.state === 'live';
  const revealed = itemRevealed(facts);
  switch (doc.kind) {
    case 'calibration':
      if (doc.ownerId === userId) return open(live && facts.position === facts.currentIndex && !facts.revealed && !facts.submitted);
      return revealed ? open(false) : null;
    case 'notes':
      if (trainer) return open(live);
      return revealed ? open(live) : null;
    case 'gold':
      return revealed ? open(false) : null;
  }
}

/** document id → the facts of its session item, for calibration documents (null when it belongs to none). */
export async function loadCalibrationAccessFacts(
  db: DbOrTx,
  docs: readonly { id: string; kind: string }[],
): Promise<Map<string, CalibrationAccessFacts | null>> {
  const out = new Map<string, CalibrationAccessFacts | null>(docs.map((d) => [d.id, null]));
  const answerIds = docs.filter((d) => d.kind === 'calibration').map((d) => d.id);
  const itemDocIds = docs.filter((d) => d.kind === 'notes' || d.kind === 'gold').map((d) => d.id);
  // document id → session, item, and (for answers) whether it was submitted.
  const placed = new Map<string, { sessionId: string; itemId: string; submitted: boolean }>();
  if (answerIds.length > 0) {
    const rows = await db
      .select({ documentId: calibrationAnswers.documentId, sessionId: calibrationAnswers.sessionId, itemId: calibrationAnswers.itemId, submittedAt: calibrationAnswers.submittedAt })
      .from(calibrationAnswers)
      .where(inArray(calibrationAnswers.documentId, answerIds));
    for (const r of rows) placed.set(r.documentId, { sessionId: r.sessionId, itemId: r.itemId, submitted: r.submittedAt !== null });
  }
  if (itemDocIds.length > 0) {
    const rows = await db
      .select({ sessionId: calibrationItems.sessionId, itemId: calibrationItems.itemId, notes: calibrationItems.notesDocumentId, gold: calibrationItems.goldDocumentId })
      .from(calibrationItems)
      .where(or(inArray(calibrationItems.notesDocumentId, itemDocIds), inArray(calibrationItems.goldDocumentId, itemDocIds)));
    for (const r of rows) {
      for (const documentId of [r.notes, r.gold]) if (documentId) placed.set(documentId, { sessionId: r.sessionId, itemId: r.itemId, submitted: false });
    }
  }
  const sessionIds = [...new Set([...placed.values()].map((p) => p.sessionId))];
  if (sessionIds.length === 0) return out;
  const [sessions, members] = await Promise.all([
    db
      .select({ id: calibrationSessions.id, trainerId: calibrationSessions.trainerId, state: calibrationSessions.state, itemIds: calibrationSessions.itemIds, currentIndex: calibrationSessions.currentIndex, revealed: calibrationSessions.revealed })
      .from(calibrationSessions)
      .where(inArray(calibrationSessions.id, sessionIds)),
    db.select({ sessionId: calibrationParticipants.sessionId, userId: calibrationParticipants.userId }).from(calibrationParticipants).where(inArray(calibrationParticipants.sessionId, sessionIds)),
  ]);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  for (const [documentId, p] of placed) {
    const s = byId.get(p.sessionId);
    if (!s) continue;
    out.set(documentId, {
      trainerId: s.trainerId,
      participants: members.filter((m) => m.sessionId === s.id).map((m) => m.userId),
      state: s.state,
      position: s.itemIds.indexOf(p.itemId),
      currentIndex: s.currentIndex,
      revealed: s.revealed,
      submitted: p.submitted,
    });
  }
  return out;
}

/** Every document of a session (answers, notes, gold): their sockets re-check access when the session moves [B5]. */
export async function sessionDocumentIds(db: DbOrTx, sessionId: string, itemId?: string): Promise<string[]> {
  const answers = await db
    .select({ id: calibrationAnswers.documentId, itemId: calibrationAnswers.itemId })
    .from(calibrationAnswers)
    .where(eq(calibrationAnswers.sessionId, sessionId));
  const perItem = await db
    .select({ itemId: calibrationItems.itemId, notes: calibrationItems.notesDocumentId, gold: calibrationItems.goldDocumentId })
    .from(calibrationItems)
    .where(eq(calibrationItems.sessionId, sessionId));
  const keep = (id: string) => itemId === undefined || id === itemId;
  return [
    ...answers.filter((a) => keep(a.itemId)).map((a) => a.id),
    ...perItem.filter((i) => keep(i.itemId)).flatMap((i) => [i.notes, i.gold].filter((d): d is string => d !== null)),
  ];
}
