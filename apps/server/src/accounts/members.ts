import { projectMembers, projects, users, type Db } from '@concord/db';
import type { ProjectRole } from '@concord/protocol';
import { and, asc, count, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import { conflict } from '../errors.ts';
import { isUniqueViolation } from './unique-violation.ts';

/** One member of a project as the members list shows it. */
export interface MemberInfo {
  userId: string;
  name: string;
  email: string;
  role: ProjectRole;
  createdAt: Date;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const lastManagerMessage = 'A project must keep at least one manager.';

/** Records a membership change in the project's audit chain, in the transaction making it [A1]. */
function auditMember(tx: Tx, change: { projectId: string; userId: string; actorId: string | null; action: string; before: ProjectRole | null; after: ProjectRole | null }) {
  return appendAudit(tx, {
    projectId: change.projectId,
    actorId: change.actorId,
    action: change.action,
    subjectType: 'member',
    subjectId: change.userId,
    before: change.before ? { role: change.before } : null,
    after: change.after ? { role: change.after } : null,
  });
}

/**
 * Project memberships. Changes that could remove the last manager run in a transaction that locks
 * the project row, so two concurrent demotions cannot both pass the "another manager remains" check.
 * Every change is audited (`member.added|role_changed|removed`) by `actorId` (null: the system).
 * @example await createMembers({ db }).add(projectId, userId, 'annotator');
 */
export function createMembers(options: { db: Db }) {
  const { db } = options;

  async function lockProject(tx: Tx, projectId: string): Promise<void> {
    await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for('update');
  }

  async function currentRole(tx: Tx, projectId: string, userId: string): Promise<ProjectRole | null> {
    const [row] = await tx
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
      .limit(1);
    return row?.role ?? null;
  }

  async function assertAnotherManager(tx: Tx, projectId: string): Promise<void> {
    const [row] = await tx
      .select({ managers: count() })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, 'manager')));
    if ((row?.managers ?? 0) <= 1) throw conflict(lastManagerMessage);
  }

  function selectMembers() {
    return db
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: projectMembers.role,
        createdAt: projectMembers.createdAt,
      })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId));
  }

  return {
    /** Members of a project, oldest membership first. */
    async list(projectId: string): Promise<MemberInfo[]> {
      return selectMembers()
        .where(eq(projectMembers.projectId, projectId))
        .orderBy(asc(projectMembers.createdAt), asc(users.id));
    },

    /** One member, or null when the user is not in the project. */
    async get(projectId: string, userId: string): Promise<MemberInfo | null> {
      const [row] = await selectMembers()
        .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
        .limit(1);
      return row ?? null;
    },

    /** Adds a member; a 409 AppError when the user already is one. */
    async add(projectId: string, userId: string, role: ProjectRole, actorId: string | null = null): Promise<void> {
      try {
        await db.transaction(async (tx) => {
          await tx.insert(projectMembers).values({ projectId, userId, role, createdAt: new Date() });
          await auditMember(tx, { projectId, userId, actorId, action: 'member.added', before: null, after: role });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('This user is already a member of the project.');
        throw error;
      }
    },

    /** Changes a member's role; false when not a member; a 409 AppError if no manager would remain. */
    async changeRole(projectId: string, userId: string, role: ProjectRole, actorId: string | null = null): Promise<boolean> {
      return db.transaction(async (tx) => {
        await lockProject(tx, projectId);
        const current = await currentRole(tx, projectId, userId);
        if (!current) return false;
        if (current === 'manager' && role !== 'manager') await assertAnotherManager(tx, projectId);
        await tx
          .update(projectMembers)
          .set({ role })
          .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
        if (current !== role) await auditMember(tx, { projectId, userId, actorId, action: 'member.role_changed', before: current, after: role });
        return true;
      });
    },

    /** Removes a member; false when not a member; a 409 AppError if no manager would remain. */
    async remove(projectId: string, userId: string, actorId: string | null = null): Promise<boolean> {
      return db.transaction(async (tx) => {
        await lockProject(tx, projectId);
        const current = await currentRole(tx, projectId, userId);
        if (!current) return false;
        if (current === 'manager') await assertAnotherManager(tx, projectId);
        await tx
          .delete(projectMembers)
          .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
        await auditMember(tx, { projectId, userId, actorId, action: 'member.removed', before: current, after: null });
        return true;
      });
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
