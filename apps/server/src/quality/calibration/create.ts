import { calibrationParticipants, calibrationSessions, items, projectMembers } from '@concord/db';
import { can, newId } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '../../audit/append.ts';
import type { DbOrTx } from '../../audit/types.ts';
import { AppError } from '../../errors.ts';
import { loadProjectWorkflow } from '../../workflow/context.ts';
import type { Outbox } from '../../workflow/outbox.ts';
import { announce, type SessionRow } from './sessions.ts';

/** What a trainer asks for when creating a session. */
export interface NewSession {
  title: string;
  itemIds: string[];
  participantIds: string[];
  /** Default: the project's goldAccuracyThreshold. */
  passThreshold?: number | undefined;
}

const invalid = (problems: { path: string; message: string }[]) =>
  new AppError(422, 'invalid_session', 'The session cannot be created: see details.problems.', { problems });

/**
 * Creates a draft session [C1]: 1..50 distinct items of the project, participants who are project
 * members allowed to annotate (not the trainer), the pass threshold (default the project's
 * goldAccuracyThreshold). Anything else is a 422 naming each problem. Audited `calibration.created`;
 * `calibration:changed` goes to the trainer and participants.
 */
export async function createSession(tx: DbOrTx, input: NewSession & { projectId: string; trainerId: string }, outbox: Outbox): Promise<SessionRow> {
  const project = await loadProjectWorkflow(tx, input.projectId);
  const itemIds = [...new Set(input.itemIds)];
  const participantIds = [...new Set(input.participantIds)];
  const problems: { path: string; message: string }[] = [];
  if (itemIds.length !== input.itemIds.length) problems.push({ path: 'itemIds', message: 'lists an item twice' });
  const found = itemIds.length === 0 ? [] : await tx.select({ id: items.id }).from(items).where(and(eq(items.projectId, input.projectId), inArray(items.id, itemIds)));
  const known = new Set(found.map((f) => f.id));
  itemIds.forEach((id, i) => known.has(id) || problems.push({ path: `itemIds.${i}`, message: 'is not an item of this project' }));
  const members = participantIds.length === 0 ? [] : await tx
    .select({ userId: projectMembers.userId, role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, input.projectId), inArray(projectMembers.userId, participantIds)));
  const roleOf = new Map(members.map((m) => [m.userId, m.role]));
  participantIds.forEach((id, i) => {
    if (id === input.trainerId) problems.push({ path: `participantIds.${i}`, message: 'is you: the trainer runs the session without answering' });
    else if (!can(roleOf.get(id), 'work.annotate')) problems.push({ path: `participantIds.${i}`, message: 'is not a member of this project who annotates' });
  });
  if (problems.length > 0) throw invalid(problems);

  const now = new Date();
  const [row] = await tx
    .insert(calibrationSessions)
    .values({
      id: newId('calibration'),
      projectId: input.projectId,
      title: input.title,
      trainerId: input.trainerId,
      state: 'draft',
      itemIds,
      currentIndex: 0,
      revealed: false,
      passThreshold: input.passThreshold ?? project.settings.quality.goldAccuracyThreshold,
      createdAt: now,
    })
    .returning();
  await tx.insert(calibrationParticipants).values(participantIds.map((userId) => ({ sessionId: row!.id, userId, invitedAt: now })));
  await appendAudit(tx, {
    projectId: input.projectId,
    actorId: input.trainerId,
    action: 'calibration.created',
    subjectType: 'calibration',
    subjectId: row!.id,
    after: { title: input.title, itemIds, participantIds, passThreshold: row!.passThreshold },
    configVersion: project.configVersion,
  });
  await announce(tx, row!, outbox);
  return row!;
}
