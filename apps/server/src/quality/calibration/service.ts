import { calibrationParticipants } from '@concord/db';
import { can, type CalibrationResult, type CalibrationReveal, type CalibrationSessionView } from '@concord/protocol';
import { and, eq } from 'drizzle-orm';
import { forbidden, notFound } from '../../errors.ts';
import type { Principal, Services } from '../../services.ts';
import { transact } from '../../workflow/transact.ts';
import { requireProjectPermission } from '../../http/guards.ts';
import { endSession, nextItem } from './advance.ts';
import { submitAnswer } from './answer.ts';
import { createSession, type NewSession } from './create.ts';
import { revealItem, revealView } from './reveal.ts';
import { listSessions, loadSession, participantsOf, sessionView, type SessionRow } from './sessions.ts';
import { startSession } from './start.ts';

/** A session in a project's list, with the results the caller may see [C8]. */
export type CalibrationListEntry = CalibrationSessionView & { results: CalibrationResult[] };

/** The trainer's moves on a live session. */
export type TrainerMove = 'start' | 'reveal' | 'next' | 'end';

const moves = { start: startSession, reveal: revealItem, next: nextItem, end: endSession } as const;

/**
 * Calibration sessions behind the HTTP routes (quality SPEC C1-C8): who may do what, then the change
 * in one transaction whose events are sent after commit. Unknown sessions and sessions the caller takes
 * no part in are the same 404; a participant trying a trainer's move gets 403.
 * @example const view = await createCalibrationService(services).view(principal, sessionId);
 */
export function createCalibrationService(services: Services) {
  const db = services.db.db;

  /** Who the caller is in a session: its trainer, a participant, or nobody (404). */
  async function standing(principal: Principal, sessionId: string): Promise<{ row: SessionRow; trainer: boolean }> {
    const row = await loadSession(db, sessionId);
    const role = await services.access.projectRole(principal, row.projectId);
    if (!role) throw notFound('Calibration session');
    if (row.trainerId === principal.userId && can(role, 'calibration.run')) return { row, trainer: true };
    const [member] = await db
      .select({ userId: calibrationParticipants.userId })
      .from(calibrationParticipants)
      .where(and(eq(calibrationParticipants.sessionId, row.id), eq(calibrationParticipants.userId, principal.userId)));
    if (!member) throw notFound('Calibration session');
    return { row, trainer: false };
  }

  /** Participants connected to the project right now (socket.io project presence, shared between instances). */
  async function onlineIn(projectId: string): Promise<Set<string>> {
    // The scope the socket gateway keeps project presence under (transport/socket-gateway.ts).
    const members = await services.coordination.presence.list(`presence:${projectId}`);
    return new Set(members.map((m) => (m.data as { userId?: string } | null)?.userId).filter((u): u is string => typeof u === 'string'));
  }

  return {
    /** [C1] */
    async create(principal: Principal, projectId: string, input: NewSession): Promise<CalibrationSessionView> {
      await requireProjectPermission({ access: services.access, principal, projectId, permission: 'calibration.run' });
      const row = await transact(services, (tx, _deps, outbox) => createSession(tx, { ...input, projectId, trainerId: principal.userId }, outbox));
      return sessionView(db, row, principal.userId);
    },

    /** [C3] The session as the caller sees it. */
    async view(principal: Principal, sessionId: string): Promise<CalibrationSessionView> {
      const { row } = await standing(principal, sessionId);
      return sessionView(db, row, principal.userId, await onlineIn(row.projectId));
    },

    /** [C2] [C5] [C6] [C7] The trainer's moves. */
    async move(principal: Principal, sessionId: string, move: TrainerMove): Promise<CalibrationSessionView> {
      const { trainer } = await standing(principal, sessionId);
      if (!trainer) throw forbidden('Only the trainer running this session can do this.');
      const row = await transact(services, (tx, _deps, outbox) => moves[move](tx, { sessionId, actorId: principal.userId }, outbox));
      return sessionView(db, row, principal.userId, await onlineIn(row.projectId));
    },

    /** [C4] */
    async answer(principal: Principal, sessionId: string): Promise<CalibrationSessionView> {
      const { trainer } = await standing(principal, sessionId);
      if (trainer) throw forbidden('The trainer runs the session without answering.');
      const row = await transact(services, (tx, _deps, outbox) => submitAnswer(tx, { sessionId, userId: principal.userId }, outbox));
      return sessionView(db, await loadSession(db, row.id), principal.userId, await onlineIn(row.projectId));
    },

    /** [C5] */
    async reveal(principal: Principal, sessionId: string): Promise<CalibrationReveal> {
      const { row } = await standing(principal, sessionId);
      return db.transaction((tx) => revealView(tx, row));
    },

    /**
     * [C8] A project's sessions, newest first: everything for roles with quality.read; otherwise the
     * sessions the caller runs or takes part in, with only their own result (R2).
     */
    async list(principal: Principal, projectId: string): Promise<CalibrationListEntry[]> {
      const role = await requireProjectPermission({ access: services.access, principal, projectId, permission: 'project.read' });
      const all = can(role, 'quality.read');
      const rows = await listSessions(db, projectId, all ? undefined : principal.userId);
      const out: CalibrationListEntry[] = [];
      for (const row of rows) {
        const results = (await participantsOf(db, row.id)).map((p) => p.result).filter((r): r is CalibrationResult => r !== null);
        const visible = all || row.trainerId === principal.userId ? results : results.filter((r) => r.userId === principal.userId);
        out.push({ ...(await sessionView(db, row, principal.userId)), results: visible });
      }
      return out;
    },
  };
}
