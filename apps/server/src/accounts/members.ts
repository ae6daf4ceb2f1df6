import { projectMembers, projects, users, type Db } from '@concord/db';
import type { ProjectRole } from '@concord/protocol';
import { and, asc, count, eq } from 'drizzle-orm';
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

/**
 * Project memberships. Changes that could remove the last manager run in a transaction that locks
 * the project row, so two concurrent demotions cannot both pass the "another manager remains" check.
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
    async add(projectId: string, userId: string, role: ProjectRole): Promise<void> {
      try {
        await db.insert(projectMembers).values({ projectId, userId, role, createdAt: new Date() });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('This user is already a member of the project.');
        throw error;
      }
    },

    /** Changes a member's role; false when not a member; a 409 AppError if no manager would remain. */
    async changeRole(projectId: string, userId: string, role: ProjectRole): Promise<boolean> {
      return db.transaction(async (tx) => {
        await lockProject(tx, projectId);
        const current = await currentRole(tx, projectId, userId);
        if (!current) return false;
        if (current === 'manager' && role !== 'manager') await assertAnotherManager(tx, projectId);
        await tx
          .update(projectMembers)
          .set({ role })
          .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
        return true;
      });
    },

    /** Removes a member; false when not a member; a 409 AppError if no manager would remain. */
    async remove(projectId: string, userId: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        await lockProject(tx, projectId);
        const current = await currentRole(tx, projectId, userId);
        if (!current) return false;
        if (current === 'manager') await assertAnotherManager(tx, projectId);
        await tx
          .delete(projectMembers)
          .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
        return true;
      });
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
